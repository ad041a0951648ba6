/**
 * A fiscal year's complaint statistics, for the staff screen, its CSV/XLSX export (the annual
 * complaints report) and the annual participation report: cases received in the fiscal year
 * (1 October – 30 September, Asia/Bangkok) by type, status and assigned unit, how many were
 * finished, the days they took, and the share finished within the promised time.
 */
import {
  CASE_STATUSES,
  CASE_TYPES,
  type CaseStatus,
  type CaseType,
  type ComplaintStats,
  caseTypeOf,
  FINISHED_STATUSES,
} from '../../core/complaint-cases.js';
import { fiscalYearDays } from '../../core/results.js';
import { bangkokDay, daysBetween } from '../../core/working-days.js';
import type { Queryable } from '../db/database.js';
import { CASES_FROM, caseCalendar, dueOf } from './complaints.js';

export type { ComplaintStats } from '../../core/complaint-cases.js';

interface StatRow {
  completed_at: Date | string;
  category: string | null;
  case_type: string | null;
  status: string | null;
  assignee_unit: string | null;
  due_on: string | null;
  finished_at: Date | string | null;
}

/** The median of numbers sorted ascending. */
function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The statistics of the cases received in `fiscalYear` (BE), limited to `schools` when given. A
 * case is finished once answered or closed; its days to close run from the day it was received to
 * the day of its first 'answered' or 'closed' status (its closing time, or last change, for a case
 * handled before the history was kept), calendar days on the Bangkok calendar.
 */
export async function complaintStats(
  db: Queryable,
  fiscalYear: number,
  schools?: readonly string[] | null,
): Promise<ComplaintStats> {
  const calendar = await caseCalendar(db);
  const { from, to } = fiscalYearDays(fiscalYear);
  const params: unknown[] = [from, to];
  let scope = '';
  if (schools) {
    params.push(schools);
    scope = ' AND r.school = ANY($3::text[])';
  }
  const rows = await db.query<StatRow>(
    `SELECT r.completed_at, r.answers ->> 'category' AS category, h.case_type, h.status, h.assignee_unit,
       to_char(h.due_on, 'YYYY-MM-DD') AS due_on,
       coalesce((SELECT min(e.at) FROM complaint_events e WHERE e.response_id = r.id AND e.kind = 'status'
         AND e.status IN ('answered', 'closed')), h.closed_at, h.updated_at) AS finished_at
     ${CASES_FROM} AND (r.completed_at AT TIME ZONE 'Asia/Bangkok')::date BETWEEN $1::date AND $2::date${scope}`,
    params,
  );
  const byType = Object.fromEntries(CASE_TYPES.map((t) => [t, 0])) as Record<CaseType, number>;
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  const units = new Map<string, number>();
  const days: number[] = [];
  let within = 0;
  for (const r of rows) {
    const status = (r.status ?? 'new') as CaseStatus;
    byType[caseTypeOf(r.case_type, r.category)]++;
    byStatus[status]++;
    const unit = r.assignee_unit ?? '';
    units.set(unit, (units.get(unit) ?? 0) + 1);
    if (!FINISHED_STATUSES.includes(status) || !r.finished_at) continue;
    const received = bangkokDay(r.completed_at);
    const finished = bangkokDay(r.finished_at);
    days.push(Math.max(0, daysBetween(received, finished)));
    if (finished <= dueOf(r.due_on, r.completed_at, calendar)) within++;
  }
  days.sort((a, b) => a - b);
  const mean = days.length ? round2(days.reduce((a, b) => a + b, 0) / days.length) : null;
  return {
    fiscalYear,
    total: rows.length,
    byType,
    byStatus,
    byUnit: [...units]
      .map(([unit, n]) => ({ unit, n }))
      .sort((a, b) => b.n - a.n || (a.unit === '' ? 1 : b.unit === '' ? -1 : a.unit.localeCompare(b.unit, 'th'))),
    closed: days.length,
    daysToClose: { median: median(days), mean },
    withinPromise: {
      n: within,
      of: days.length,
      percent: days.length ? round2((within / days.length) * 100) : null,
    },
  };
}
