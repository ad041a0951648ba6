/**
 * The office's promise to complainants (office settings `replyDays` and `followUp`): its limits
 * and checks, shared by the server and the admin screen. Apart from office.ts, which the
 * respondent's first screen imports, so none of it weighs on a respondent's first load.
 */

/** Working days an office promises to answer a complaint in, unless it sets its own. */
export const DEFAULT_REPLY_DAYS = 15;
/** The most working days an office may set. */
export const MAX_REPLY_DAYS = 120;

/**
 * Whether a phone number for people to call looks like one: digits with spaces, dashes, dots,
 * brackets or a plus, perhaps an extension ("ต่อ 12", "ext. 12"); at least 3 digits (1111).
 */
export function isPhoneText(text: string): boolean {
  const s = text.trim();
  if (s === '') return true;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 3 && digits <= 20 && /^\+?[\d\s().\-/,]+(?:\s*(?:ต่อ|ext\.?|x)\s*\d+)?$/i.test(s);
}
