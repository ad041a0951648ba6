/**
 * A fiscal year's complaint statistics (tables `responses` of complaint surveys,
 * `complaint_handling`, `complaint_events`): how many by type, status and unit, how long they took
 * to close and how many were closed within the promised time. Counted in SQL, one row per group.
 */
import type { ComplaintStats } from '../../core/annual-report.js';
import { fiscalYearDays } from '../../core/results.js';
import type { Queryable } from '../db/database.js';
import { OFFICE_TIME_ZONE } from './submissions.js';

export type { ComplaintStats };

/** The case types and statuses, so that every one is listed even at zero. */
const TYPES = ['complaint', 'suggestion', 'compliment', 'information', 'misconduct'] as const;
const STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const;

/** The complaint form's category as a case type, for cases nobody has typed yet. */
const CATEGORY_TYPE = `CASE r.answers ->> 'category'
  WHEN 'suggestion' THEN 'suggestion' WHEN 'compliment' THEN 'compliment'
  WHEN 'information_request' THEN 'information' ELSE 'complaint' END`;

/**
 * Statistics of the complaints received in a fiscal year (BE), limited to `schools` when given
 * (a complaint about no school is then left out).
 */
export async function complaintStats(
  db: Queryable,
  fiscalYear: number,
  schools?: readonly string[] | null,
): Promise<ComplaintStats> {
  const { from, to } = fiscalYearDays(fiscalYear);
  const tz = `'${OFFICE_TIME_ZONE}'`;
  // The complaint forms by id first, so that the responses are read through their (survey_id,
  // completed_at) index rather than scanned whole and joined.
  const forms = (await db.query<{ id: string }>("SELECT DISTINCT id FROM surveys WHERE kind = 'complaint'")).map(
    (r) => r.id,
  );
  const params: unknown[] = [from, to, forms];
  let scope = '';
  if (schools) {
    params.push([...schools]);
    scope = ` AND r.school = ANY($4::text[])`;
  }
  const cases = `WITH c AS (
      SELECT r.id, r.completed_at,
        coalesce(h.case_type, ${CATEGORY_TYPE}) AS type,
        coalesce(h.status, 'new') AS status,
        coalesce(nullif(h.assignee_unit, ''), '') AS unit,
        h.due_on,
        CASE WHEN coalesce(h.status, 'new') = 'closed' THEN coalesce(h.closed_at,
          (SELECT max(e.at) FROM complaint_events e WHERE e.response_id = r.id AND e.kind = 'status' AND e.status = 'closed'),
          h.updated_at) END AS closed_at
      FROM responses r
      LEFT JOIN complaint_handling h ON h.response_id = r.id
      WHERE r.survey_id = ANY($3::text[]) AND r.deleted_at IS NULL AND r.exclusion IS NULL
        AND r.completed_at >= ($1::date)::timestamp AT TIME ZONE ${tz}
        AND r.completed_at < ($2::date + 1)::timestamp AT TIME ZONE ${tz}${scope})`;
  const [groups, totals] = await Promise.all([
    db.query<{ dim: string; key: string; n: number | string }>(
      `${cases}
       SELECT 'type' AS dim, type AS key, count(*) AS n FROM c GROUP BY type
       UNION ALL SELECT 'status', status, count(*) FROM c GROUP BY status
       UNION ALL SELECT 'unit', unit, count(*) FROM c GROUP BY unit`,
      params,
    ),
    db.query<{
      total: number | string;
      closed: number | string;
      median: number | string | null;
      mean: number | string | null;
      within: number | string;
      promised: number | string;
    }>(
      `${cases}, d AS (
         SELECT c.*, extract(epoch FROM closed_at - completed_at) / 86400.0 AS days FROM c)
       SELECT count(*) AS total, count(closed_at) AS closed,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median, avg(days) AS mean,
         count(*) FILTER (WHERE closed_at IS NOT NULL AND due_on IS NOT NULL
           AND (closed_at AT TIME ZONE ${tz})::date <= due_on) AS within,
         count(*) FILTER (WHERE closed_at IS NOT NULL AND due_on IS NOT NULL) AS promised
       FROM d`,
      params,
    ),
  ]);
  const byType: Record<string, number> = Object.fromEntries(TYPES.map((t) => [t, 0]));
  const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  const byUnit: { unit: string; n: number }[] = [];
  for (const g of groups) {
    const n = Number(g.n);
    if (g.dim === 'type') byType[g.key] = n;
    else if (g.dim === 'status') byStatus[g.key] = n;
    else byUnit.push({ unit: g.key, n });
  }
  byUnit.sort((a, b) => b.n - a.n || a.unit.localeCompare(b.unit, 'th'));
  const t = totals[0];
  const oneDecimal = (v: number | string | null | undefined) =>
    v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;
  const within = Number(t?.within ?? 0);
  const promised = Number(t?.promised ?? 0);
  return {
    fiscalYear,
    total: Number(t?.total ?? 0),
    byType,
    byStatus,
    byUnit,
    closed: Number(t?.closed ?? 0),
    daysToClose: { median: oneDecimal(t?.median), mean: oneDecimal(t?.mean) },
    withinPromise: {
      n: within,
      of: promised,
      percent: promised ? Math.round((within / promised) * 10000) / 100 : null,
    },
  };
}
