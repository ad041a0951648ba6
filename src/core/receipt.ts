/**
 * Receipt numbers of complaints (เลขที่รับเรื่อง): made on the sender's device when a complaint is
 * submitted, so it is shown at once even offline, and sent with the response. Ten symbols of
 * Crockford's base32 (50 random bits): short enough to read over the phone, with no letters that
 * look alike (no I, L, O, U), and not guessable. Shown as "XXXXX-XXXXX"; typed back in any case,
 * with or without spaces and dashes, with O for 0, I or L for 1, and Thai digits.
 */

/** Crockford's base32 alphabet: digits and capital letters without I, L, O and U. */
export const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Symbols in a receipt code (5 bits each: 50 bits). */
export const RECEIPT_LENGTH = 10;

const VALID = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_LENGTH}}$`);

/** A new random receipt code, 10 symbols, from the platform's cryptographic random source. */
export function newReceiptCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RECEIPT_LENGTH));
  // 256 is a multiple of 32: the low 5 bits of a random byte are uniform.
  let code = '';
  for (const byte of bytes) code += RECEIPT_ALPHABET[byte & 31];
  return code;
}

/** Whether a value is a receipt code as stored (normalized: 10 symbols of the alphabet). */
export function isReceiptCode(value: unknown): value is string {
  return typeof value === 'string' && VALID.test(value);
}

/** A code as people read it: "7K3QM-2XW9D". */
export function formatReceipt(code: string): string {
  return code.length === RECEIPT_LENGTH ? `${code.slice(0, 5)}-${code.slice(5)}` : code;
}

/**
 * A code as typed or pasted, in its stored form; null when it cannot be one. Trims, drops spaces
 * and dashes (any kind), uppercases, reads O as 0 and I or L as 1, and Thai digits as 0-9.
 */
export function normalizeReceipt(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const code = input
    .replace(/[\s\-‐‑‒–—―−]/g, '')
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return VALID.test(code) ? code : null;
}
