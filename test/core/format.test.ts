import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatStamp,
  formatWhen,
  intlLocale,
} from '../../src/core/format.js';

describe('dates on screen and on paper', () => {
  it('read in the Buddhist era in Thai and the Gregorian calendar in English', () => {
    expect(formatDate('2024-10-01', 'th')).toBe('1 ตุลาคม 2567');
    expect(formatDate('2024-10-01', 'en')).toBe('1 October 2024');
  });

  it('keep the day of the stored date whatever the device time zone', () => {
    expect(formatDate('2024-12-31', 'th')).toBe('31 ธันวาคม 2567');
    expect(formatDate('2025-01-01', 'en')).toBe('1 January 2025');
  });

  it('show a value that is not a date as it is', () => {
    expect(formatDate('someday', 'th')).toBe('someday');
  });

  it('show a moment in Bangkok time with Arabic digits, the time in Thai official style ("14.05 น.")', () => {
    const at = '2024-10-01T07:05:00Z';
    expect(formatDateTime(at, 'th', 'Asia/Bangkok')).toBe('1 ตุลาคม 2567 เวลา 14.05 น.');
    expect(formatDateTime(new Date(at), 'en', 'Asia/Bangkok')).toBe('1 October 2024 at 14:05');
    expect(formatDateTime(Date.parse(at), 'th', 'Asia/Bangkok')).toBe('1 ตุลาคม 2567 เวลา 14.05 น.');
  });

  it('move to the next day in Bangkok late in the UTC evening', () => {
    expect(formatDateTime('2024-09-30T18:30:00Z', 'th', 'Asia/Bangkok')).toBe('1 ตุลาคม 2567 เวลา 01.30 น.');
  });
});

describe('numbers', () => {
  it('use Arabic digits and thousands grouping in both languages', () => {
    expect(formatNumber(1234567.891, 'th')).toBe('1,234,567.89');
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatNumber(1234567.891, 'th')).not.toMatch(/[๐-๙]/);
  });

  it('round to the digits asked for, without trailing zeros', () => {
    expect(formatNumber(4.0349, 'th', 2)).toBe('4.03');
    expect(formatNumber(80, 'en', 2)).toBe('80');
    expect(formatNumber(2.5, 'th', 0)).toBe('3');
  });

  it('use the Thai locale that brings the Buddhist calendar', () => {
    expect(intlLocale('th')).toBe('th-TH');
    expect(intlLocale('en')).toBe('en-GB');
  });
});

describe('recent moments, briefly', () => {
  const now = new Date('2026-11-25T07:00:00Z');
  it('show only the time on the same day, "09.02 น." in Thai', () => {
    expect(formatWhen('2026-11-25T02:02:00Z', 'th', now, 'Asia/Bangkok')).toBe('09.02 น.');
    expect(formatWhen('2026-11-25T02:02:00Z', 'en', now, 'Asia/Bangkok')).toBe('09:02');
  });
  it('show a short date with the full Buddhist-era year on another day, never two digits', () => {
    expect(formatWhen('2026-11-20T03:05:00Z', 'th', now, 'Asia/Bangkok')).toBe('20 พ.ย. 2569 10.05 น.');
    expect(formatWhen('2026-11-20T03:05:00Z', 'en', now, 'Asia/Bangkok')).toBe('20 Nov 2026 10:05');
  });
  it('in a log, always show the date, even today', () => {
    expect(formatStamp('2026-12-02T02:02:00Z', 'th', 'Asia/Bangkok')).toBe('2 ธ.ค. 2569 09.02 น.');
    expect(formatStamp('2026-12-02T02:02:00Z', 'en', 'Asia/Bangkok')).toBe('2 Dec 2026 09:02');
  });
});
