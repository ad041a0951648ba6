/**
 * Dates and numbers as people read them: Buddhist-era dates in Thai, Gregorian in English,
 * Arabic digits in both. Stored values stay ISO; only display goes through here.
 */
import type { Lang } from './survey.js';

const LOCALE: Record<Lang, string> = { th: 'th-TH', en: 'en-GB' };

/** The Intl locale used for a language (Thai uses the Buddhist calendar by default). */
export function intlLocale(lang: Lang): string {
  return LOCALE[lang];
}

/** A calendar date (`YYYY-MM-DD`) in long form: "1 ตุลาคม 2567" or "1 October 2024". */
export function formatDate(isoDay: string, lang: Lang): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  if (!y || !m || !d) return isoDay;
  // Noon UTC keeps the day the same in every time zone.
  const at = new Date(Date.UTC(y, m - 1, d, 12));
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC', numberingSystem: 'latn' }).format(
    at,
  );
}

/** A moment with date and time, in the device's time zone: "1 ตุลาคม 2567 เวลา 14:05". */
export function formatDateTime(at: Date | string | number, lang: Lang, timeZone?: string): string {
  const when = at instanceof Date ? at : new Date(at);
  return new Intl.DateTimeFormat(LOCALE[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    numberingSystem: 'latn',
    ...(timeZone ? { timeZone } : {}),
  }).format(when);
}

/** A number with grouping and at most `digits` decimals: "1,234.5". */
export function formatNumber(n: number, lang: Lang, digits = 2): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits, numberingSystem: 'latn' }).format(n);
}
