/** Working days: a promised reply time counted Monday to Friday, skipping the office's holidays. */
import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, bangkokDay, daysBetween, lastDayOverdue } from '../../src/core/working-days.js';

describe('addWorkingDays', () => {
  it('counts Monday to Friday and not the starting day', () => {
    // 2026-12-02 is a Wednesday.
    expect(addWorkingDays('2026-12-02', 1)).toBe('2026-12-03');
    expect(addWorkingDays('2026-12-02', 2)).toBe('2026-12-04');
    expect(addWorkingDays('2026-12-02', 3)).toBe('2026-12-07'); // over the weekend
    expect(addWorkingDays('2026-12-02', 0)).toBe('2026-12-02');
  });

  it('a complaint received on a Friday, Saturday or Sunday with 1 working day is due on Monday', () => {
    for (const day of ['2026-12-04', '2026-12-05', '2026-12-06']) expect(addWorkingDays(day, 1)).toBe('2026-12-07');
  });

  it('15 working days are three weeks without holidays', () => {
    expect(addWorkingDays('2026-12-02', 15)).toBe('2026-12-23');
    expect(addWorkingDays('2026-12-05', 15)).toBe('2026-12-25'); // from a Saturday
  });

  it('skips holidays, also a holiday on a weekend which changes nothing', () => {
    // 2026-12-07 (Mon) and 2026-12-10 (Thu, Constitution Day) off; 2026-12-05 is a Saturday.
    const holidays = ['2026-12-05', '2026-12-07', '2026-12-10'];
    expect(addWorkingDays('2026-12-04', 1, holidays)).toBe('2026-12-08');
    expect(addWorkingDays('2026-12-04', 4, holidays)).toBe('2026-12-14');
    expect(addWorkingDays('2026-12-02', 15, holidays)).toBe('2026-12-25');
  });

  it('crosses months and years, and the leap day', () => {
    expect(addWorkingDays('2026-12-30', 3)).toBe('2027-01-04');
    expect(addWorkingDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('refuses a negative or fractional count and a day that does not exist', () => {
    expect(() => addWorkingDays('2026-12-02', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-02', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2.12.2026', 1)).toThrow(RangeError);
  });
});

describe('days on the Bangkok calendar', () => {
  it('an instant belongs to its Bangkok day (UTC+7)', () => {
    expect(bangkokDay('2026-12-01T16:59:59.000Z')).toBe('2026-12-01');
    expect(bangkokDay('2026-12-01T17:00:00.000Z')).toBe('2026-12-02');
  });

  it('counts calendar days between two days and adds them', () => {
    expect(daysBetween('2026-12-02', '2026-12-23')).toBe(21);
    expect(daysBetween('2026-12-23', '2026-12-02')).toBe(-21);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('the last day received that is overdue today is the last whose due date is before today', () => {
    const holidays = ['2026-12-10'];
    for (const days of [0, 1, 5, 15]) {
      const today = '2026-12-23';
      const last = lastDayOverdue(today, days, holidays);
      expect(addWorkingDays(last, days, holidays) < today).toBe(true);
      expect(addWorkingDays(addDays(last, 1), days, holidays) >= today).toBe(true);
    }
  });
});
