/** What anyone may know about the office: its name and how to reach its data protection officer. */
import type { LocalizedText } from './survey.js';

/** How respondents reach the office's data protection officer; an empty string is not set. */
export interface DpoContact {
  readonly phone: string;
  readonly email: string;
  readonly address: string;
}

/** What a complaint's sender is promised: a reply within `days` working days; a phone to follow up. */
export interface ReplyPromise {
  readonly days: number;
  /** The office's phone for following up a complaint; an empty string is not set. */
  readonly phone: string;
}

/** The office as the privacy notices and the complaint thank-you present it (`GET /api/v1/office/contact`). */
export interface PublicOffice {
  readonly name: LocalizedText;
  readonly dpo: DpoContact;
  /** Absent from servers older than the complaint receipts (and from copies a device kept from them). */
  readonly reply?: ReplyPromise;
}

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

/** Whether any way of reaching the DPO is set. */
export function hasDpoContact(dpo: DpoContact | undefined): dpo is DpoContact {
  return !!dpo && [dpo.phone, dpo.email, dpo.address].some((s) => s.trim() !== '');
}
