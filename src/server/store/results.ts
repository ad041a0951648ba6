/**
 * Results of a survey, computed by the database (table `responses`): counts by school, group and
 * day, and for every rating item its distribution, mean and sample S.D.; per dimension and overall
 * from each respondent's mean over the items. The database only counts and adds whole numbers;
 * every figure is worked out from them exactly and rounded to 2 decimals (core `exactStats`). One scan of the filtered responses' rating values
 * (column `rating_values`, see rating-values.ts) answers all rating figures; the browser never
 * receives the rows. Cells under `MIN_CELL` respondents are hidden. docs/results.md explains the
 * figures.
 */
import {
  type BandSystem,
  type Cell,
  type ExactStats,
  exactStats,
  type GroupResult,
  type ItemResult,
  minus,
  type RatingStats,
  round2,
  type ResultsFilter,
  requiredSample,
  type SampleMethod,
  type SchoolProgress,
  type SurveyResults,
  fiscalYearDays,
} from '../../core/results.js';
import type { LocalizedText, Question, SurveyDefinition } from '../../core/survey.js';
import type { Db } from '../db/database.js';
import { ratingSlots } from './rating-values.js';
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
 * Which responses a query reads: those that count (not marked test or excluded, not deleted: the
 * results, the report, the sample-size progress and exports), those not deleted (an export that
 * asks for the excluded ones too, flagged), or every one (the records list).
 */
export type Counted = 'counted' | 'not_deleted' | 'all';

/** The SQL condition of `Counted` over `responses` (its columns unqualified), or '' for all. */
export function countedSql(counted: Counted): string {
  if (counted === 'counted') return 'exclusion IS NULL AND deleted_at IS NULL';
  if (counted === 'not_deleted') return 'deleted_at IS NULL';
  return '';
}

/**
 * The filter as SQL over `responses`. `schools` null means every school; an empty list, none.
 * Days are calendar days in the office's time zone. Only responses that count, unless `counted`
 * says otherwise.
 */
export function whereOf(
  surveyId: string,
  filter: ResultsFilter,
  schools: string[] | null,
  counted: Counted = 'counted',
): Where {
  const params: unknown[] = [surveyId];
  const parts = ['survey_id = $1'];
  const state = countedSql(counted);
  if (state) parts.push(state);
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

interface Column {
  /** Column alias in the scan. */
  alias: string;
  question: Question & { type: 'rating' | 'rating-pair' };
  part: 'value' | 'expectation' | 'satisfaction';
}

/** The least common multiple of 1 … k: a per-respondent mean over up to k items times it is whole. */
export function lcmUpTo(k: number): bigint {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  let l = 1n;
  for (let i = 2n; i <= BigInt(k); i++) l = (l * i) / gcd(l, i);
  return l;
}

// Above this, (5·scale)² no longer fits a bigint (int8) and the scan sums numeric values instead.
const INT8_SCALE_LIMIT = 3_037_000_499n / 5n;

/** A whole number the database wrote as text (`123`, or `123.000` from numeric), exactly. */
const whole = (v: unknown): bigint => BigInt(String(v ?? '0').replace(/\.0*$/, ''));

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * Where a column's answer sits in `rating_values` for every published version of the survey: a
 * slot, or a choice by version when versions differ (null where a version does not ask it).
 */
function ratingValueSql(column: Column, layouts: readonly { version: number; slots: Map<string, number> }[]): string {
  const key = `${column.question.id}.${column.part}`;
  const at = layouts.map((l) => ({ version: l.version, slot: l.slots.get(key) }));
  const first = at[0]?.slot;
  if (at.every((a) => a.slot === first)) return first === undefined ? 'NULL::smallint' : `rating_values[${first}]`;
  const cases = at.filter((a) => a.slot !== undefined).map((a) => `WHEN ${a.version} THEN rating_values[${a.slot}]`);
  return `CASE survey_version ${cases.join(' ')} END`;
}

/** Computes the results of a survey for a filter, limited to `schools` (null = all). */
export async function surveyResults(
  db: Db,
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
  // A respondent's mean over k of a group's K items is s / k; times scale = lcm(1 … K) it is the
  // whole number s · (scale / k), so the database sums whole numbers and the figures are exact.
  const groupCols: { alias: string; dim: string; part: Column['part']; of: Column[]; scale: bigint }[] = [];
  for (const part of partsUsed) {
    for (const dim of [...dimensionIds, '__overall']) {
      const of = columns.filter(
        (c) => c.part === part && (dim === '__overall' || (c.question.dimension ?? '__none') === dim),
      );
      if (of.length) groupCols.push({ alias: `g${groupCols.length}`, dim, part, of, scale: lcmUpTo(of.length) });
    }
  }

  // Every published version's layout of rating_values; versions are whole numbers and slots
  // come from ratingSlots, so both are safe to write into the SQL.
  const versions = await db.query<{ version: number; definition: SurveyDefinition }>(
    'SELECT version, definition FROM surveys WHERE id = $1 ORDER BY version',
    [survey.id],
  );
  const layouts = versions.map((v) => {
    const version = Number(v.version);
    if (!Number.isInteger(version)) throw new Error(`not a survey version: ${String(v.version)}`);
    const slots = new Map(ratingSlots(v.definition).map((s, i) => [`${s.question}.${s.part}`, i + 1]));
    return { version, slots };
  });
  const extract = columns.map((c) => `${ratingValueSql(c, layouts)} AS ${c.alias}`);
  const perRespondent = groupCols.map((g) => {
    const sum = `(${g.of.map((c, i) => `coalesce(${c.alias}, 0)${i === 0 ? '::int' : ''}`).join(' + ')})`;
    const k = `nullif(num_nonnulls(${g.of.map((c) => c.alias).join(', ')}), 0)`;
    return g.scale <= INT8_SCALE_LIMIT
      ? `${sum}::int8 * (${g.scale}::int8 / ${k}) AS ${g.alias}`
      : `${sum}::numeric * div(${g.scale}::numeric, ${k}) AS ${g.alias}`;
  });
  // Values are whole numbers 1–5 (rating-values.ts), so the five counts give n, sum and sum of
  // squares exactly: fewer aggregates per row than counting and summing each column as well.
  // Sums of whole numbers are exact in PostgreSQL (sum(int8) is numeric); read as text, never
  // through a float.
  const aggregates = [
    'count(*) AS total',
    ...columns.flatMap((c) =>
      [1, 2, 3, 4, 5].map((l) => `count(*) FILTER (WHERE ${c.alias} = ${l}) AS ${c.alias}_${l}`),
    ),
    ...groupCols.flatMap((g) => [
      `count(${g.alias}) AS ${g.alias}_n`,
      `sum(${g.alias})::text AS ${g.alias}_s`,
      `sum(${g.alias} * ${g.alias})::text AS ${g.alias}_q`,
    ]),
  ];
  const inner = columns.length ? extract.join(', ') : '1 AS one';
  const middle = ['*', ...perRespondent].join(', ');
  // OFFSET 0 keeps the planner from inlining the subqueries, so each value is taken from its
  // array once per row rather than once per aggregate that uses it.
  const scanSql = `SELECT ${aggregates.join(', ')} FROM (SELECT ${middle} FROM (SELECT ${inner} FROM responses WHERE ${where.sql} OFFSET 0) a OFFSET 0) b`;
  // PostgreSQL would compile this wide expression list with JIT for every request, which takes
  // longer than the scan saves; PGlite has no JIT.
  const scan = () =>
    db.kind === 'postgres'
      ? db.transaction(async (tx) => {
          await tx.query('SET LOCAL jit = off');
          return tx.query<Record<string, unknown>>(scanSql, where.params);
        })
      : db.query<Record<string, unknown>>(scanSql, where.params);

  const tz = `'${OFFICE_TIME_ZONE}'`;
  const counts = countedSql('counted');
  const [scanRows, schoolRows, groupRows, dayRows, targetRows, yearRows] = await Promise.all([
    scan(),
    db.query<{ key: string; n: number | string }>(
      `SELECT school AS key, count(*) AS n FROM responses WHERE ${where.sql} AND school IS NOT NULL GROUP BY school`,
      where.params,
    ),
    db.query<{ key: string; n: number | string }>(
      `SELECT respondent_group AS key, count(*) AS n FROM responses WHERE ${where.sql} AND respondent_group IS NOT NULL GROUP BY respondent_group`,
      where.params,
    ),
    // Days are written as text after grouping: once per day, not once per response.
    db.query<{ day: string; n: number | string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, n FROM (
         SELECT (completed_at AT TIME ZONE ${tz})::date AS d, count(*) AS n
         FROM responses WHERE ${where.sql} GROUP BY 1) x
       ORDER BY d`,
      where.params,
    ),
    db.query<{ school: string; population: number }>(
      'SELECT school, population FROM school_targets WHERE survey_id = $1',
      [survey.id],
    ),
    // The fiscal years with responses (1 October to 30 September, named after the later year in
    // BE): one index probe per year between the first and the last response.
    db.query<{ fy: number }>(
      `SELECT fy FROM generate_series(
         (SELECT extract(year FROM (min(completed_at) AT TIME ZONE ${tz}) + interval '3 months')::int + 543
          FROM responses WHERE survey_id = $1 AND ${counts}),
         (SELECT extract(year FROM (max(completed_at) AT TIME ZONE ${tz}) + interval '3 months')::int + 543
          FROM responses WHERE survey_id = $1 AND ${counts})) AS fy
       WHERE EXISTS (SELECT 1 FROM responses WHERE survey_id = $1 AND ${counts}
         AND completed_at >= make_date(fy - 544, 10, 1)::timestamp AT TIME ZONE ${tz}
         AND completed_at < make_date(fy - 543, 10, 1)::timestamp AT TIME ZONE ${tz})
       ORDER BY fy DESC`,
      [survey.id],
    ),
  ]);
  const row = scanRows[0] ?? {};
  const total = num(row.total);
  // With too few respondents in the whole selection, no figure is shown.
  const hideAll = total > 0 && total < MIN_CELL;
  const system = settings.bandSystem;

  const statsOf = (c: Column): ExactStats | RatingStats => {
    const counts = [1, 2, 3, 4, 5].map((l) => num(row[`${c.alias}_${l}`]));
    if (hideAll) return { hidden: true };
    let n = 0;
    let sum = 0;
    let squares = 0;
    for (const [i, k] of counts.entries()) {
      n += k;
      sum += (i + 1) * k;
      squares += (i + 1) * (i + 1) * k;
    }
    if (n === 0) return { n: 0 };
    const exact = exactStats(n, BigInt(sum), BigInt(squares), 1n, system);
    exact.stats.distribution = counts as RatingStats['distribution'] & object;
    return exact;
  };
  // Publishes the parts' statistics and the gap from the exact means.
  const fill = (result: ItemResult | GroupResult, parts: [Column['part'], ExactStats | RatingStats][]) => {
    const means: Partial<Record<Column['part'], ExactStats['mean']>> = {};
    for (const [part, s] of parts) {
      if ('stats' in s) {
        result[part] = s.stats;
        means[part] = s.mean;
      } else result[part] = s;
    }
    if (means.expectation && means.satisfaction) result.gap = round2(minus(means.satisfaction, means.expectation));
  };

  const items: ItemResult[] = ratingQuestions.map((q) => {
    const result: ItemResult = { question: q.id, label: q.label, dimension: q.dimension ?? null, kind: q.type };
    fill(
      result,
      columns.filter((c) => c.question.id === q.id).map((c) => [c.part, statsOf(c)]),
    );
    return result;
  });

  const groupStats = (dim: string, label: LocalizedText): GroupResult => {
    const result: GroupResult = { id: dim, label };
    fill(
      result,
      groupCols
        .filter((x) => x.dim === dim)
        .map((g) => {
          const n = num(row[`${g.alias}_n`]);
          if (hideAll) return [g.part, { hidden: true }];
          if (n === 0) return [g.part, { n: 0 }];
          const sum = whole(row[`${g.alias}_s`]);
          const squares = whole(row[`${g.alias}_q`]);
          return [g.part, exactStats(n, sum, squares, g.scale, system)];
        }),
    );
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
  const schoolList =
    schoolQuestion?.type === 'lookup'
      ? ((survey.lists && Object.hasOwn(survey.lists, schoolQuestion.list)
          ? survey.lists[schoolQuestion.list]
          : undefined) ?? [])
      : [];
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
