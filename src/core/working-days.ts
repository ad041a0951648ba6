/**
 * Working days (Monday to Friday, less the office's holidays) on the Asia/Bangkok calendar: the
 * promised reply time of a complaint ("within 15 working days") and its due date. Days are ISO
 * calendar days (`YYYY-MM-DD`); turning an instant into one is `bangkokDay`.
 */

/** The office's time zone: days are counted on its calendar. */
export const OFFICE_TIME_ZONE = 'Asia/Bangkok';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day as a UTC midnight, or throws on text that is not a real `YYYY-MM-DD` day. */
function parse(isoDay: string): Date {
  const m = ISO_DAY.exec(isoDay);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== isoDay)
    throw new RangeError(`not a day: ${isoDay}`);
  return date;
}

/** Saturday or Sunday. */
function weekend(date: Date): boolean {
  const d = date.getUTCDay();
  return d === 0 || d === 6;
}

/**
 * The day `days` working days after `fromIsoDay` (Mon–Fri, skipping `holidays`). The starting day
 * itself is not counted: a complaint received on a Friday with 1 working day is due on Monday.
 * With 0 days, the starting day. Throws on a negative or fractional count or a malformed day.
 */
export function addWorkingDays(fromIsoDay: string, days: number, holidays: readonly string[] = []): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a number of working days: ${days}`);
  const off = new Set(holidays);
  const date = parse(fromIsoDay);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (!weekend(date) && !off.has(date.toISOString().slice(0, 10))) left--;
  }
  return date.toISOString().slice(0, 10);
}

/** The ISO day after (or, with a negative `n`, before) `isoDay` by `n` calendar days. */
export function addDays(isoDay: string, n: number): string {
  const date = parse(isoDay);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** Whole calendar days from `fromIsoDay` to `toIsoDay` (negative when `to` is earlier). */
export function daysBetween(fromIsoDay: string, toIsoDay: string): number {
  return Math.round((parse(toIsoDay).getTime() - parse(fromIsoDay).getTime()) / 86_400_000);
}

const bangkok = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Bangkok calendar day of an instant. */
export function bangkokDay(at: Date | string | number): string {
  return bangkok.format(new Date(at));
}

/**
 * The last day a case may have been received on and still have its default due date (`days`
 * working days later) before `today`: a case received on or before it, with no due date of its
 * own, is overdue today. Lets a database filter by "overdue" with one date comparison.
 */
export function lastDayOverdue(today: string, days: number, holidays: readonly string[] = []): string {
  let day = addDays(today, -1);
  // Due dates grow with the day received, so step back until the due date is before today.
  while (addWorkingDays(day, days, holidays) >= today) day = addDays(day, -1);
  return day;
}
