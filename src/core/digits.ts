/** Thai digits (๐–๙), which people type on a Thai keyboard, read as Arabic digits. */

/** The text with Thai digits written as Arabic digits. */
export function arabicDigits(text: string): string {
  return text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}
