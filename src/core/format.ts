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

/** The time of a moment: "09.02 น." in Thai official style, "09:02" in English. */
function timeOf(when: Date, lang: Lang, zone: { timeZone?: string }): string {
  const time = new Intl.DateTimeFormat(LOCALE[lang], {
    ...zone,
    hour: '2-digit',
    minute: '2-digit',
    numberingSystem: 'latn',
  }).format(when);
  return lang === 'th' ? `${time.replace(':', '.')} น.` : time;
}

/** A moment with date and time: "1 ตุลาคม 2567 เวลา 14.05 น.", "1 October 2024 at 14:05". */
export function formatDateTime(at: Date | string | number, lang: Lang, timeZone?: string): string {
  const when = at instanceof Date ? at : new Date(at);
  const zone = timeZone ? { timeZone } : {};
  const date = new Intl.DateTimeFormat(LOCALE[lang], { ...zone, dateStyle: 'long', numberingSystem: 'latn' }).format(
    when,
  );
  return `${date} ${lang === 'th' ? 'เวลา' : 'at'} ${timeOf(when, lang, zone)}`;
}

/**
 * A recent moment, briefly: the time alone when it is today ("14.05 น."), else a short date with
 * the full year and the time ("25 พ.ย. 2569 14.05 น."); never a two-digit Buddhist-era year.
 */
export function formatWhen(at: Date | string | number, lang: Lang, now: Date = new Date(), timeZone?: string): string {
  const when = at instanceof Date ? at : new Date(at);
  const zone = timeZone ? { timeZone } : {};
  const day = (d: Date) =>
    new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = timeOf(when, lang, zone);
  if (day(when) === day(now)) return time;
  const date = new Intl.DateTimeFormat(LOCALE[lang], {
    ...zone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    numberingSystem: 'latn',
  }).format(when);
  return `${date} ${time}`;
}

/**
 * A moment as a log lists it, always with its date: "2 ธ.ค. 2569 09.02 น.", "2 Dec 2026 09:02"
 * (formatWhen's other-day form; the staff screens use it, so it stays out of the respondent's
 * first load).
 */
export function formatStamp(at: Date | string | number, lang: Lang, timeZone?: string): string {
  const when = at instanceof Date ? at : new Date(at);
  // Seen from two days later, the moment is never "today", so its date is always written.
  return formatWhen(when, lang, new Date(when.getTime() + 2 * 86_400_000), timeZone);
}

/** A number with grouping and at most `digits` decimals: "1,234.5". */
export function formatNumber(n: number, lang: Lang, digits = 2): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits, numberingSystem: 'latn' }).format(n);
}
