/**
 * Versions of a survey's privacy notice: each response records the version its respondent
 * accepted, so a notice whose text changed needs a new version.
 */
import type { PrivacyNotice } from './survey.js';

/** The next version after `version`: its last number plus one ("2567-1" → "2567-2"), else "-2" added. */
export function suggestVersion(version: string): string {
  const match = /^(.*?)(\d+)$/.exec(version.trim());
  if (!match) return version.trim() ? `${version.trim()}-2` : '1';
  const [, prefix = '', digits = '0'] = match;
  return `${prefix}${String(Number(digits) + 1).padStart(digits.length, '0')}`;
}

/** True when what the respondent reads differs (title or paragraphs, in any language). */
export function noticeTextChanged(a: PrivacyNotice, b: PrivacyNotice): boolean {
  return JSON.stringify([a.title, a.body]) !== JSON.stringify([b.title, b.body]);
}
