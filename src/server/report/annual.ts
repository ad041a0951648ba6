/**
 * Builds the annual participation report of a survey and fiscal year (ITA o25, four parts) from
 * the database: the results (store/results.ts), the responses' dates and channels, approved
 * activities, open answers, complaint statistics and the year's improvement actions (migration 11
 * tables, read here directly). Every figure is aggregated in SQL; no response row reaches Node.
 */
import { PARTICIPATION_LEVELS, type ParticipationLevel } from '../../core/activities.js';
import {
  type AnnualReport,
  bandsOf,
  placeIpa,
  type ReportAction,
  type ResponseChannel,
  type SuggestionSummary,
} from '../../core/annual-report.js';
import { fiscalYearDays } from '../../core/results.js';
import type { LocalizedText, SurveyDefinition } from '../../core/survey.js';
import type { Db } from '../db/database.js';
import { complaintStats } from '../store/complaint-stats.js';
import { getOffice, getReportText } from '../store/office.js';
import { getEmblem, participationItem } from '../store/report-assets.js';
import { surveyResults, whereOf } from '../store/results.js';
import { getSurvey, personalQuestionIds } from '../store/surveys.js';

/** How many recurring answers each open question lists. */
const TOP_SUGGESTIONS = 10;

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

/**
 * The report of `surveyId` for a fiscal year (BE), limited to `schools` (null: the whole area),
 * or undefined when no such survey is published.
 */
export async function buildAnnualReport(
  db: Db,
  surveyId: string,
  fiscalYear: number,
  schools: string[] | null,
): Promise<AnnualReport | undefined> {
  const published = await getSurvey(db, surveyId);
  if (!published) return undefined;
  const survey = published.definition;
  const office = await getOffice(db);
  const filter = { fiscalYear };
  const where = whereOf(survey.id, filter, schools);
  const [results, windowRows, scan, complaints, activities, actions, text, item, emblem] = await Promise.all([
    surveyResults(db, survey, filter, schools, office),
    db.query<{ opens_at: Date | string | null; closes_at: Date | string | null }>(
      'SELECT opens_at, closes_at FROM survey_windows WHERE id = $1',
      [survey.id],
    ),
    responsesScan(db, survey, where),
    complaintStats(db, fiscalYear, schools),
    activitiesOf(db, fiscalYear),
    actionsOf(db, fiscalYear),
    getReportText(db, survey.id, fiscalYear),
    participationItem(db, fiscalYear),
    getEmblem(db),
  ]);
  const withTargets = results.bySchool.filter((s) => s.population !== undefined);
  const items = results.items.map((r, i) => ({ ...r, code: String(i + 1) }));
  const ipa = placeIpa(
    items.flatMap((r) =>
      r.expectation?.mean !== undefined && r.satisfaction?.mean !== undefined
        ? [{ code: r.code, question: r.question, label: r.label, x: r.expectation.mean, y: r.satisfaction.mean }]
        : [],
    ),
  );
  const channelOrder: ResponseChannel[] = ['link', 'kiosk', 'device', 'import', 'unknown'];
  return {
    surveyId: survey.id,
    fiscalYear,
    period: fiscalYearDays(fiscalYear),
    generatedAt: new Date().toISOString(),
    office: {
      name: office.name,
      emblem: emblem !== undefined,
      signatures: office.report ?? { reporter: { name: '', position: '' }, director: { name: '', position: '' } },
    },
    ita: item ? { code: item.code, title: item.title, purpose: item.purpose, seeded: item.seeded } : null,
    schools,
    part1: {
      instrument: { title: survey.title, version: published.version },
      scale: { levels: 5, labels: [...(survey.ratingLabels ?? [])] },
      bandSystem: office.bandSystem,
      bands: bandsOf(office.bandSystem),
      sample: {
        method: office.sampleMethod,
        population: withTargets.reduce((a, s) => a + (s.population ?? 0), 0),
        required: withTargets.reduce((a, s) => a + (s.required ?? 0), 0),
        collected: results.total ?? 0,
        schools: withTargets.length,
      },
      collection: {
        first: iso(scan.first),
        last: iso(scan.last),
        opensAt: iso(windowRows[0]?.opens_at),
        closesAt: iso(windowRows[0]?.closes_at),
      },
      channels: scan.channels
        .map((c) => ({
          channel: (channelOrder.includes(c.channel as ResponseChannel) ? c.channel : 'unknown') as ResponseChannel,
          n: Number(c.n),
        }))
        .sort((a, b) => channelOrder.indexOf(a.channel) - channelOrder.indexOf(b.channel)),
      levels: PARTICIPATION_LEVELS,
    },
    part2: {
      ...(results.total === undefined ? { hidden: true as const } : { total: results.total }),
      minCell: results.minCell,
      profile: results.profile,
      byGroup: results.byGroup,
      bySchool: results.bySchool,
      activities,
    },
    part3: {
      items,
      dimensions: results.dimensions,
      overall: results.overall,
      ipa,
      suggestions: scan.suggestions,
      complaints,
    },
    part4: { actions, addendum: text.usage.trim() ? text.usage : null },
  };
}

/**
 * One pass over the selected responses for what the results do not give: the channels with their
 * counts, the first and the last response, and per open question how many answered and the
 * answers that recur most. The rows are read once (a materialised CTE), not once per figure.
 */
async function responsesScan(
  db: Db,
  survey: SurveyDefinition,
  where: { sql: string; params: unknown[] },
): Promise<{
  channels: { channel: string; n: number | string }[];
  first: Date | string | null;
  last: Date | string | null;
  suggestions: SuggestionSummary[];
}> {
  const personal = await personalQuestionIds(db, survey.id);
  const open = survey.sections
    .flatMap((s) => s.questions)
    .filter((q) => (q.type === 'text' || q.type === 'long-text') && !q.personal && !personal.has(q.id));
  const params: unknown[] = [...where.params, open.map((q) => q.id)];
  const keys = `$${params.length}::text[]`;
  // The open answers of a row as an array in the order of `keys`, each key a parameter.
  const values = open.map((q) => {
    params.push(q.id);
    return `btrim(answers ->> $${params.length}::text)`;
  });
  // Answers that differ only in case or spacing count as the same; the ten most frequent per
  // question are listed, with how many answered it at all.
  const rows = await db.query<{
    kind: 'channel' | 'open';
    key: string;
    text: string | null;
    n: number | string;
    answered: number | string | null;
    first: Date | string | null;
    last: Date | string | null;
  }>(
    `WITH a AS MATERIALIZED (
       SELECT coalesce(source, 'unknown') AS channel, completed_at,
         ARRAY[${values.join(', ')}]::text[] AS opens
       FROM responses WHERE ${where.sql})
     SELECT 'channel' AS kind, channel AS key, NULL AS text, count(*) AS n, NULL AS answered,
       min(completed_at) AS first, max(completed_at) AS last
     FROM a GROUP BY channel
     UNION ALL
     SELECT 'open', key, text, n, answered, NULL, NULL FROM (
       SELECT key, min(v) AS text, count(*) AS n, sum(count(*)) OVER (PARTITION BY key) AS answered,
         row_number() OVER (PARTITION BY key ORDER BY count(*) DESC, min(v)) AS rank
       FROM a CROSS JOIN LATERAL unnest(${keys}, a.opens) AS o(key, v)
       WHERE length(v) > 0
       GROUP BY key, lower(regexp_replace(v, '\\s+', ' ', 'g'))) x
     WHERE rank <= ${TOP_SUGGESTIONS}`,
    params,
  );
  const channels = rows.filter((r) => r.kind === 'channel');
  const moments = (pick: 'first' | 'last') =>
    channels
      .map((c) => c[pick])
      .filter((d): d is Date | string => d !== null)
      .map((d) => new Date(d).getTime());
  const firsts = moments('first');
  const lasts = moments('last');
  const suggestions = open.map((q) => {
    const mine = rows
      .filter((r) => r.kind === 'open' && r.key === q.id)
      .sort((x, y) => Number(y.n) - Number(x.n) || String(x.text).localeCompare(String(y.text)));
    const answered = Number(mine[0]?.answered ?? 0);
    const topics = mine.map((r) => ({ text: r.text ?? '', n: Number(r.n) }));
    return { question: q.id, title: q.label, answered, topics, others: answered - topics.reduce((x, t) => x + t.n, 0) };
  });
  return {
    channels: channels.map((c) => ({ channel: c.key, n: c.n })),
    first: firsts.length ? new Date(Math.min(...firsts)) : null,
    last: lasts.length ? new Date(Math.max(...lasts)) : null,
    suggestions,
  };
}

/** The year's approved activities by level of participation, every level listed. */
async function activitiesOf(db: Db, fiscalYear: number): Promise<AnnualReport['part2']['activities']> {
  const rows = await db.query<{
    id: string;
    held_on: string;
    title: string;
    place: string;
    level: ParticipationLevel;
    attendance: number | string;
  }>(
    `SELECT id, to_char(held_on, 'YYYY-MM-DD') AS held_on, title, place, level,
       (SELECT coalesce(sum(value::numeric), 0) FROM jsonb_each_text(participants)) AS attendance
     FROM activities WHERE fiscal_year = $1 AND approved_at IS NOT NULL ORDER BY held_on, title`,
    [fiscalYear],
  );
  return PARTICIPATION_LEVELS.map((level) => {
    const items = rows
      .filter((r) => r.level === level)
      .map((r) => ({ id: r.id, heldOn: r.held_on, title: r.title, place: r.place, attendance: Number(r.attendance) }));
    return { level, attendance: items.reduce((a, i) => a + i.attendance, 0), items };
  });
}

/** A finding's label as an action keeps it (text, or Thai and English), else its key. */
function findingLabel(finding: unknown, key: string): string {
  const label = (finding as { label?: unknown } | null)?.label;
  if (typeof label === 'string' && label) return label;
  const text = label as Partial<LocalizedText> | undefined;
  return text?.th || text?.en || key;
}

/** The year's improvement actions with their milestones and findings (migration 11 tables). */
async function actionsOf(db: Db, fiscalYear: number): Promise<ReportAction[]> {
  const actions = await db.query<{
    id: string;
    title: string;
    description: string;
    owner: string;
    starts_on: string | null;
    ends_on: string | null;
    status: ReportAction['status'];
    progress: number;
  }>(
    `SELECT id::text AS id, title, description, owner, to_char(starts_on, 'YYYY-MM-DD') AS starts_on,
       to_char(ends_on, 'YYYY-MM-DD') AS ends_on, status, progress
     FROM improvement_actions WHERE fiscal_year = $1 ORDER BY starts_on NULLS LAST, title, id`,
    [fiscalYear],
  );
  if (!actions.length) return [];
  const ids = actions.map((a) => a.id);
  const [milestones, findings] = await Promise.all([
    db.query<{ action_id: string; title: string; due_on: string | null; done_on: string | null }>(
      `SELECT action_id::text AS action_id, title, to_char(due_on, 'YYYY-MM-DD') AS due_on,
         to_char(done_on, 'YYYY-MM-DD') AS done_on
       FROM action_milestones WHERE action_id = ANY($1::uuid[]) ORDER BY action_id, position`,
      [ids],
    ),
    db.query<{ action_id: string; finding_key: string; finding: unknown }>(
      `SELECT action_id::text AS action_id, finding_key, finding FROM action_findings
       WHERE action_id = ANY($1::uuid[]) ORDER BY action_id, finding_key`,
      [ids],
    ),
  ]);
  return actions.map((a) => ({
    id: a.id,
    title: a.title,
    description: a.description,
    owner: a.owner,
    startsOn: a.starts_on,
    endsOn: a.ends_on,
    status: a.status,
    progress: Number(a.progress),
    milestones: milestones
      .filter((m) => m.action_id === a.id)
      .map((m) => ({ title: m.title, dueOn: m.due_on, doneOn: m.done_on })),
    findings: findings
      .filter((f) => f.action_id === a.id)
      .map((f) => ({ key: f.finding_key, label: findingLabel(f.finding, f.finding_key) })),
  }));
}
