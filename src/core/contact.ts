/**
 * Contact details a complainant types: a Thai phone number or an e-mail address. The page checks
 * them as the person types, and the server refuses a response whose contact breaks the rule.
 */
import { arabicDigits } from './digits.js';

/**
 * True for a Thai phone number: a mobile (0XX XXX XXXX) or a fixed line (0X XXX XXXX), with
 * spaces, dashes, dots or brackets anywhere, +66 or 0066 instead of the first 0, and optionally
 * an extension ("ต่อ 12", "ext. 12").
 */
export function isThaiPhone(text: string): boolean {
  const s = arabicDigits(text)
    .replace(/[\s\-.()]/g, '')
    .replace(/^(?:\+|00)660?/, '0');
  // Mobiles (06, 08, 09) have 10 digits; fixed lines (02–05, 07) have 9.
  return /^0(?:[689]\d{8}|[2-57]\d{7})(?:(?:ต่อ|ext|x|#)\d{1,6})?$/i.test(s);
}

/** True for an e-mail address: one @, no spaces, and a domain with a dot ("name@example.com"). */
export function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(text.trim());
}
