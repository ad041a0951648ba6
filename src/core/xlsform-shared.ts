/** What the XLSForm reader and writer share: language names, and the notice a form without one gets. */
import { localIsoDay } from './answers.js';
import type { Lang, PrivacyNotice } from './survey.js';

/** The language an XLSForm column suffix names ("Thai (th)", "English", "en"), if Thai or English. */
export function xlsLanguage(suffix: string): Lang | undefined {
  const s = suffix.trim().toLowerCase();
  const code = /\(([a-z]{2,3})(?:[-_][a-z]+)?\)\s*$/.exec(s)?.[1];
  if (code === 'th' || code === 'tha') return 'th';
  if (code === 'en' || code === 'eng') return 'en';
  if (code) return undefined;
  if (['th', 'tha', 'thai', 'ไทย', 'ภาษาไทย', 'th-th'].includes(s)) return 'th';
  if (['en', 'eng', 'english', 'en-us', 'en-gb', 'อังกฤษ', 'ภาษาอังกฤษ'].includes(s)) return 'en';
  return undefined;
}

/** Siang's own columns of the survey sheet, for what XLSForm has no word for (docs/xlsform.md). */
export const SIANG_COLUMNS = [
  'siang_type',
  'siang_dimension',
  'siang_personal',
  'siang_preset',
  'siang_max_length',
  'siang_format',
  'siang_min',
  'siang_max',
] as const;

/** The column suffix the writer uses for a language. */
export const XLS_LANGUAGE_NAME: Readonly<Record<Lang, string>> = { th: 'Thai (th)', en: 'English (en)' };

/**
 * The privacy notice given to an imported form that has none. It says only what holds for every
 * Siang survey; the office reads and completes it before publishing (the import warns).
 */
export function defaultPrivacy(today: string = localIsoDay(new Date(), 'Asia/Bangkok')): PrivacyNotice {
  return {
    // "<year B.E.>-1", the form the respondent's notice reads out ("ฉบับปี พ.ศ. 2569 ปรับปรุงครั้งที่ 1"):
    // any other text is shown as it is, so "imported-1" put English in front of a Thai parent.
    version: `${Number(today.slice(0, 4)) + 543}-1`,
    title: { th: 'ประกาศความเป็นส่วนตัว', en: 'Privacy notice' },
    body: [
      {
        th: 'สำนักงานเก็บคำตอบนี้เพื่อนำไปปรับปรุงการดำเนินงาน ผลจะรายงานเป็นภาพรวมเท่านั้น',
        en: 'The office collects these answers to improve its work; results are reported only as totals.',
      },
    ],
  };
}
