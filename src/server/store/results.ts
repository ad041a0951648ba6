/**
 * Results of a survey, computed by the database (table `responses`): counts by school, group and
 * day, and for every rating item its distribution, mean and sample S.D.; per dimension and overall
 * from each respondent's mean over the items. One scan of the filtered responses answers all
 * rating figures; the browser never receives the rows. Cells under `MIN_CELL` respondents are
 * hidden. docs/results.md explains the figures.
 */
import {
  type BandSystem,
  type Cell,
  type GroupResult,
  type ItemResult,
  levelOf,
  percentOfMax,
  type RatingStats,
  type ResultsFilter,
  requiredSample,
  type SampleMethod,
  type SchoolProgress,
  type SurveyResults,
  fiscalYearDays,
} from '../../core/results.js';
import type { LocalizedText, Question, SurveyDefinition } from '../../core/survey.js';
import type { Queryable } from '../db/database.js';
import { OFFICE_TIME_ZONE } from './submissions.js';

/** Groups smaller than this are hidden in results (PDPA: no one identifiable). */
export const MIN_CELL = 5;

/** The office's reporting choices. */
export interface ReportSettings {
  bandSystem: BandSystem;
  sampleMethod: SampleMethod;
}

/** A WHERE clause with its parameters, numbered from `$1`. */
export interface Where {
  sql: string;
  params: unknown[];
}

/**
 * The filter as SQL over `responses`. `schools` null means every school; an empty list, none.
 * Days are calendar days in the office's time zone.
 */
export function whereOf(surveyId: string, filter: ResultsFilter, schools: string[] | null): Where {
  const params: unknown[] = [surveyId];
  const parts = ['survey_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(params.length));
  };
  const tz = `'${OFFICE_TIME_ZONE}'`;
  if (filter.fiscalYear !== undefined) {
    const { from, to } = fiscalYearDays(filter.fiscalYear);
    add((n) => `completed_at >= ($${n}::date)::timestamp AT TIME ZONE ${tz}`, from);
    add((n) => `completed_at < ($${n}::date + 1)::timestamp AT TIME ZONE ${tz}`, to);
  }
  if (filter.from) add((n) => `completed_at >= ($${n}::date)::timestamp AT TIME ZONE ${tz}`, filter.from);
  if (filter.to) add((n) => `completed_at < ($${n}::date + 1)::timestamp AT TIME ZONE ${tz}`, filter.to);
  const asked = filter.schools?.length ? filter.schools : null;
  const effective = schools === null ? asked : asked ? asked.filter((s) => schools.includes(s)) : schools;
  if (effective) add((n) => `school = ANY($${n}::text[])`, effective);
  if (filter.groups?.length) add((n) => `respondent_group = ANY($${n}::text[])`, filter.groups);
  return { sql: parts.join(' AND '), params };
}

const KEY = /^[a-z][a-z0-9_]{0,63}$/;

/** A question id as a SQL identifier; ids are checked by the survey format, and again here. */
function ident(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a question id: ${key}`);
  return `"${key}"`;
}

interface Column {
  /** Column alias in the scan. */
  alias: string;
  question: Question & { type: 'rating' | 'rating-pair' };
  part: 'value' | 'expectation' | 'satisfaction';
}

function statsFrom(n: number, sum: number, squares: number, system: BandSystem, hide: boolean): RatingStats {
  if (hide) return { hidden: true };
  if (n === 0) return { n: 0 };
  const mean = sum / n;
  const stats: RatingStats = { n, mean, percent: percentOfMax(mean), level: levelOf(mean, system) };
  if (n > 1) stats.sd = Math.sqrt(Math.max(0, (squares - (sum * sum) / n) / (n - 1)));
  return stats;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Computes the results of a survey for a filter, limited to `schools` (null = all). */
export async function surveyResults(
  db: Queryable,
  survey: SurveyDefinition,
  filter: ResultsFilter,
  schools: string[] | null,
  settings: ReportSettings,
): Promise<SurveyResults> {
  const where = whereOf(survey.id, filter, schools);
  const ratingQuestions = survey.sections
    .flatMap((s) => s.questions)
    .filter((q): q is Column['question'] => (q.type === 'rating' || q.type === 'rating-pair') && !q.personal);
  const columns: Column[] = [];
  for (const q of ratingQuestions) {
    const parts: Column['part'][] = q.type === 'rating' ? ['value'] : ['expectation', 'satisfaction'];
    for (const part of parts) columns.push({ alias: `x${columns.length}`, question: q, part });
  }
  const dimensionIds = [...new Set(ratingQuestions.map((q) => q.dimension ?? '__none'))];
  const partsUsed = [...new Set(columns.map((c) => c.part))];
  // Per respondent: the mean of their ratings in each dimension (and overall), per part.
  const groupCols: { alias: string; dim: string; part: Column['part']; of: Column[] }[] = [];
  for (const part of partsUsed) {
    for (const dim of [...dimensionIds, '__overall']) {
      const of = columns.filter(
        (c) => c.part === part && (dim === '__overall' || (c.question.dimension ?? '__none') === dim),
      );
      if (of.length) groupCols.push({ alias: `g${groupCols.length}`, dim, part, of });
    }
  }

  // jsonb_to_record reads each response's answers once (a large jsonb is stored compressed, and
  // every `answers -> key` would decompress it again); then each part is a cheap lookup.
  const ids = [...new Set(columns.map((c) => c.question.id))];
  const record = ids.map((id) => `${ident(id)} jsonb`).join(', ');
  const extract = columns.map((c) => {
    const path =
      c.part === 'value' ? `j.${ident(c.question.id)} #>> '{}'` : `j.${ident(c.question.id)} ->> '${c.part}'`;
    // Only whole numbers 1–5 count (the server checks answers on receipt; this guards the sums).
    return `CASE WHEN (${path}) IN ('1','2','3','4','5') THEN (${path})::int END AS ${c.alias}`;
  });
  const perRespondent = groupCols.map(
    (g) =>
      `(${g.of.map((c) => `coalesce(${c.alias}, 0)`).join(' + ')})::float8 / nullif(num_nonnulls(${g.of.map((c) => c.alias).join(', ')}), 0) AS ${g.alias}`,
  );
  const aggregates = [
    'count(*) AS total',
    ...columns.flatMap((c) => [
      `count(${c.alias}) AS ${c.alias}_n`,
      `sum(${c.alias}) AS ${c.alias}_s`,
      `sum(${c.alias} * ${c.alias}) AS ${c.alias}_q`,
      ...[1, 2, 3, 4, 5].map((l) => `count(*) FILTER (WHERE ${c.alias} = ${l}) AS ${c.alias}_${l}`),
    ]),
    ...groupCols.flatMap((g) => [
      `count(${g.alias}) AS ${g.alias}_n`,
      `avg(${g.alias}) AS ${g.alias}_m`,
      `stddev_samp(${g.alias}) AS ${g.alias}_sd`,
    ]),
  ];
  const inner = columns.length ? extract.join(', ') : '1 AS one';
  const source = columns.length ? `responses, jsonb_to_record(responses.answers) AS j(${record})` : 'responses';
  const middle = ['*', ...perRespondent].join(', ');
  // OFFSET 0 keeps the planner from inlining the subqueries, so each answer is read from its
  // JSON once per row rather than once per aggregate that uses it.
  const scanSql = `SELECT ${aggregates.join(', ')} FROM (SELECT ${middle} FROM (SELECT ${inner} FROM ${source} WHERE ${where.sql} OFFSET 0) a OFFSET 0) b`;

  const tz = `'${OFFICE_TIME_ZONE}'`;
  const [scanRows, schoolRows, groupRows, dayRows, targetRows, yearRows] = await Promise.all([
    db.query<Record<string, unknown>>(scanSql, where.params),
    db.query<{ key: string; n: number | string }>(
      `SELECT school AS key, count(*) AS n FROM responses WHERE ${where.sql} AND school IS NOT NULL GROUP BY school`,
      where.params,
    ),
    db.query<{ key: string; n: number | string }>(
      `SELECT respondent_group AS key, count(*) AS n FROM responses WHERE ${where.sql} AND respondent_group IS NOT NULL GROUP BY respondent_group`,
      where.params,
    ),
    db.query<{ day: string; n: number | string }>(
      `SELECT to_char((completed_at AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day, count(*) AS n
       FROM responses WHERE ${where.sql} GROUP BY 1 ORDER BY 1`,
      where.params,
    ),
    db.query<{ school: string; population: number }>(
      'SELECT school, population FROM school_targets WHERE survey_id = $1',
      [survey.id],
    ),
    db.query<{ fy: number }>(
      `SELECT DISTINCT (extract(year FROM completed_at AT TIME ZONE ${tz})::int + 543
         + CASE WHEN extract(month FROM completed_at AT TIME ZONE ${tz}) >= 10 THEN 1 ELSE 0 END) AS fy
       FROM responses WHERE survey_id = $1 ORDER BY 1 DESC`,
      [survey.id],
    ),
  ]);
  const row = scanRows[0] ?? {};
  const total = num(row.total);
  // With too few respondents in the whole selection, no figure is shown.
  const hideAll = total > 0 && total < MIN_CELL;
  const system = settings.bandSystem;

  const statsOf = (c: Column): RatingStats => {
    const n = num(row[`${c.alias}_n`]);
    const stats = statsFrom(n, num(row[`${c.alias}_s`]), num(row[`${c.alias}_q`]), system, hideAll);
    if (!hideAll && n > 0) {
      stats.distribution = [1, 2, 3, 4, 5].map((l) => num(row[`${c.alias}_${l}`])) as RatingStats['distribution'] &
        object;
    }
    return stats;
  };
  const gap = (e?: RatingStats, s?: RatingStats) =>
    e?.mean !== undefined && s?.mean !== undefined ? s.mean - e.mean : undefined;

  const items: ItemResult[] = ratingQuestions.map((q) => {
    const mine = columns.filter((c) => c.question.id === q.id);
    const result: ItemResult = { question: q.id, label: q.label, dimension: q.dimension ?? null, kind: q.type };
    for (const c of mine) result[c.part] = statsOf(c);
    const g = gap(result.expectation, result.satisfaction);
    if (g !== undefined) result.gap = g;
    return result;
  });

  const groupStats = (dim: string, label: LocalizedText): GroupResult => {
    const result: GroupResult = { id: dim, label };
    for (const g of groupCols.filter((x) => x.dim === dim)) {
      const n = num(row[`${g.alias}_n`]);
      if (hideAll || n === 0) {
        result[g.part] = hideAll ? { hidden: true } : { n: 0 };
        continue;
      }
      const mean = num(row[`${g.alias}_m`]);
      const stats: RatingStats = { n, mean, percent: percentOfMax(mean), level: levelOf(mean, system) };
      if (row[`${g.alias}_sd`] !== null && row[`${g.alias}_sd`] !== undefined) stats.sd = num(row[`${g.alias}_sd`]);
      result[g.part] = stats;
    }
    const d = gap(result.expectation, result.satisfaction);
    if (d !== undefined) result.gap = d;
    return result;
  };
  const dimensions = (survey.dimensions ?? [])
    .filter((d) => dimensionIds.includes(d.id))
    .map((d) => groupStats(d.id, d.label));
  const overall = groupStats('__overall', { th: 'ภาพรวม', en: 'Overall' });

  const cell = (key: string, n: number, label?: LocalizedText): Cell => {
    const base: Cell = label ? { key, label } : { key };
    return n > 0 && n < MIN_CELL ? { ...base, hidden: true } : { ...base, n };
  };
  const schoolQuestion = survey.sections.flatMap((s) => s.questions).find((q) => q.id === 'school');
  const schoolList = schoolQuestion?.type === 'lookup' ? (survey.lists?.[schoolQuestion.list] ?? []) : [];
  const populations = new Map(targetRows.map((t) => [t.school, t.population]));
  const counted = new Map(schoolRows.map((r) => [r.key, num(r.n)]));
  const schoolKeys = new Set([...counted.keys(), ...populations.keys()]);
  const bySchool: SchoolProgress[] = [...schoolKeys]
    .filter((k) => schools === null || schools.includes(k))
    .map((key) => {
      const item = schoolList.find((s) => s.value === key);
      const progress: SchoolProgress = cell(key, counted.get(key) ?? 0, item?.label);
      const population = populations.get(key);
      if (population !== undefined) {
        progress.population = population;
        progress.required = requiredSample(population, settings.sampleMethod);
      }
      return progress;
    })
    .sort((a, b) => a.key.localeCompare(b.key, 'th'));
  const groupQuestion = survey.sections.flatMap((s) => s.questions).find((q) => q.id === 'group');
  const groupOptions = groupQuestion && 'options' in groupQuestion ? groupQuestion.options : [];
  const byGroup = groupRows
    .map((r) => cell(r.key, num(r.n), groupOptions.find((o) => o.value === r.key)?.label))
    .sort(
      (a, b) => groupOptions.findIndex((o) => o.value === a.key) - groupOptions.findIndex((o) => o.value === b.key),
    );

  return {
    surveyId: survey.id,
    title: survey.title,
    filter,
    bandSystem: settings.bandSystem,
    sampleMethod: settings.sampleMethod,
    minCell: MIN_CELL,
    ...(hideAll ? { hidden: true as const } : { total }),
    bySchool,
    byGroup,
    byDay: hideAll ? [] : dayRows.map((d) => ({ day: d.day, n: num(d.n) })),
    items,
    dimensions,
    overall,
    fiscalYears: yearRows.map((y) => num(y.fy)),
  };
}
