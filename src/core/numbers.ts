/**
 * Numbers as people type them, read one way everywhere a number is typed (number questions,
 * school populations, kiosk settings): Thai or Arabic digits, thousands separators ("1,850",
 * "๓๒๐๐", "1 850").
 */
import { arabicDigits } from './digits.js';

// Whole part either plain or grouped by threes (comma or space), then an optional decimal part.
const NUMBER = /^[-−]?(?:\d{1,3}(?:[,\s]\d{3})+|\d*)(?:\.\d+)?$/;

/**
 * A number as a person typed it. `undefined` when nothing was typed, `NaN` when the text is not
 * a number (letters, two points, or a misplaced comma such as "1,85").
 */
export function readNumber(text: string): number | undefined {
  const s = arabicDigits(text).trim();
  if (s === '') return undefined;
  return NUMBER.test(s) && /\d/.test(s) ? Number(s.replace(/[,\s]/g, '').replace('−', '-')) : Number.NaN;
}
