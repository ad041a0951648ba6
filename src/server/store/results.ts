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
  type GroupCell,
  percentOf,
  type ProfileOption,
  type ProfileTable,
  type YearRow,
} from '../../core/results.js';
import { type LocalizedText, OTHER, type Question, type SurveyDefinition } from '../../core/survey.js';
import type { Db } from '../db/database.js';
import { getGroupTargets } from './office.js';
import { ratingSlots } from './rating-values.js';
import { OFFICE_TIME_ZONE } from './submissions.js';
import { personalQuestionIds } from './surveys.js';

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

/** How a survey's rating figures are scanned: its columns, per-respondent groups and the layouts of its versions. */
interface ScanPlan {
  /** Choice questions of the profile, each read once per row into column `c<i>`. */
  choices: {
    question: Question & { type: 'single' | 'multiple' };
    options: readonly { value: string; label: LocalizedText }[];
  }[];
  ratingQuestions: Column['question'][];
  columns: Column[];
  dimensionIds: string[];
  groupCols: { alias: string; dim: string; part: Column['part']; of: Column[]; scale: bigint }[];
  layouts: { version: number; slots: Map<string, number> }[];
}

async function scanPlan(db: Db, survey: SurveyDefinition): Promise<ScanPlan> {
  // (The profile's choices are read in the same scan: see `scanRatings`.)
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
  const groupCols: ScanPlan['groupCols'] = [];
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
  // Personal in any published version stays out of the profile too.
  const personal = await personalQuestionIds(db, survey.id);
  const choices = survey.sections
    .flatMap((s) => s.questions)
    .filter(
      (q): q is Question & { type: 'single' | 'multiple' } =>
        (q.type === 'single' || q.type === 'multiple') && !q.personal && !personal.has(q.id),
    )
    .map((question) => ({ question, options: optionsOf(survey, question) }));
  return { choices, ratingQuestions, columns, dimensionIds, groupCols, layouts };
}

/**
 * One scan of the filtered responses' rating values: a row of whole-number aggregates for the
 * whole selection, or with `byGroup` one per stakeholder group (`grp`, null for none). Every
 * aggregate is a count or a sum, so the whole selection's row is the sum of the groups' rows
 * (`sumRows`): one aggregate state per row scanned, where GROUPING SETS would update two.
 */
async function scanRatings(db: Db, plan: ScanPlan, where: Where, byGroup: boolean): Promise<Record<string, unknown>[]> {
  const { columns, groupCols, layouts } = plan;
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
  // Each choice answer is taken from the answers once per row (as text for a single choice, as a
  // JSON array for a multiple one) and counted per option by FILTERs below; ids and values are
  // written as SQL string literals.
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const choiceCols = plan.choices.map(
    (c, i) => `answers ${c.question.type === 'multiple' ? '->' : '->>'} ${literal(c.question.id)} AS c${i}`,
  );
  for (const [i, c] of plan.choices.entries()) {
    const multiple = c.question.type === 'multiple';
    aggregates.push(
      multiple
        ? `count(*) FILTER (WHERE jsonb_typeof(c${i}) = 'array' AND jsonb_array_length(c${i}) > 0) AS c${i}_n`
        : `count(nullif(c${i}, '')) AS c${i}_n`,
      ...c.options.map(
        (o, j) =>
          `count(*) FILTER (WHERE ${multiple ? `jsonb_typeof(c${i}) = 'array' AND c${i} ? ${literal(o.value)}` : `c${i} = ${literal(o.value)}`}) AS c${i}_k${j}`,
      ),
    );
  }
  const inner = ['respondent_group AS grp', ...(columns.length ? extract : []), ...choiceCols].join(', ');
  const middle = ['*', ...perRespondent].join(', ');
  const grouping = byGroup ? ['grp', 'GROUP BY grp'] : ['NULL AS grp', ''];
  // OFFSET 0 keeps the planner from inlining the subqueries, so each value is taken from its
  // array once per row rather than once per aggregate that uses it.
  const scanSql = `SELECT ${grouping[0]}, ${aggregates.join(', ')} FROM (SELECT ${middle} FROM (SELECT ${inner} FROM responses WHERE ${where.sql} OFFSET 0) a OFFSET 0) b ${grouping[1]}`;
  // PostgreSQL would compile this wide expression list with JIT for every request, which takes
  // longer than the scan saves; PGlite has no JIT.
  return db.kind === 'postgres'
    ? db.transaction(async (tx) => {
        await tx.query('SET LOCAL jit = off');
        return tx.query<Record<string, unknown>>(scanSql, where.params);
      })
    : db.query<Record<string, unknown>>(scanSql, where.params);
}

/** The whole selection's aggregates from the groups' rows: counts and whole sums added exactly. */
function sumRows(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (key === 'grp') continue;
      // Sums of whole numbers come as text (they may pass 2^53); counts as numbers or text.
      if (key.endsWith('_s') || key.endsWith('_q')) out[key] = (whole(out[key]) + whole(value)).toString();
      else out[key] = num(out[key]) + num(value);
    }
  }
  return out;
}

/** Items, dimensions and overall of one scanned row; every figure hidden when `hide`. */
function figuresOf(
  survey: SurveyDefinition,
  plan: ScanPlan,
  row: Record<string, unknown>,
  hide: boolean,
  system: BandSystem,
): { items: ItemResult[]; dimensions: GroupResult[]; overall: GroupResult } {
  const { columns, groupCols, ratingQuestions, dimensionIds } = plan;
  const statsOf = (c: Column): ExactStats | RatingStats => {
    const counts = [1, 2, 3, 4, 5].map((l) => num(row[`${c.alias}_${l}`]));
    if (hide) return { hidden: true };
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
          if (hide) return [g.part, { hidden: true }];
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
  return { items, dimensions, overall };
}

/** A group's figures for the side-by-side table: x̄, S.D., n, level and gap, without the frequencies. */
function lean<T extends ItemResult | GroupResult>(r: T): T {
  const copy = { ...r };
  for (const part of ['value', 'expectation', 'satisfaction'] as const) {
    const s = copy[part];
    if (s) {
      const { distribution: _, percent: __, ...rest } = s;
      copy[part] = rest;
    }
  }
  return copy;
}

/** The x̄ shown for a row (satisfaction of a pair, or a plain rating's). */
const mainMean = (r: ItemResult | GroupResult) => (r.satisfaction ?? r.value)?.mean;

/** This year's rows beside last year's: the main x̄ of each, and the change between the published figures. */
function yearRow(id: string, now: ItemResult | GroupResult, last: ItemResult | GroupResult | undefined): YearRow {
  const row: YearRow = { id };
  const a = mainMean(now);
  const b = last && mainMean(last);
  if (a !== undefined) row.now = a;
  if (b !== undefined) row.last = b;
  if (last?.expectation?.mean !== undefined) row.lastExpectation = last.expectation.mean;
  if (a !== undefined && b !== undefined) row.change = Math.round((a - b) * 100) / 100;
  return row;
}

/** Where a choice question's options come from: its own, or its list's (lookup). */
function optionsOf(survey: SurveyDefinition, q: Question): readonly { value: string; label: LocalizedText }[] {
  if (q.type === 'single' || q.type === 'multiple') {
    const own = q.options.map((o) => ({ value: o.value, label: o.label }));
    return q.other ? [...own, { value: OTHER, label: { th: 'อื่น ๆ', en: 'Other' } }] : own;
  }
  if (q.type === 'lookup')
    return (survey.lists && Object.hasOwn(survey.lists, q.list) ? survey.lists[q.list] : undefined) ?? [];
  return [];
}

/**
 * จำนวนและร้อยละ of every single and multiple choice question that is not personal (in any
 * published version), from the scan's counts: those who answered each question and each option
 * chosen. A count of 1 to MIN_CELL − 1 is hidden, as is every figure when the whole selection is.
 */
function profileTables(plan: ScanPlan, row: Record<string, unknown>, hideAll: boolean): ProfileTable[] {
  return plan.choices.map(({ question: q, options }, i) => {
    const n = num(row[`c${i}_n`]);
    const hideQuestion = hideAll || (n > 0 && n < MIN_CELL);
    return {
      questionId: q.id,
      title: q.label,
      multiple: q.type === 'multiple',
      ...(hideQuestion ? { hidden: true as const } : { n }),
      options: options.map((o, j): ProfileOption => {
        const count = num(row[`c${i}_k${j}`]);
        const base = { value: o.value, label: o.label };
        if (hideQuestion || (count > 0 && count < MIN_CELL)) return { ...base, hidden: true };
        const percent = percentOf(count, n);
        return percent === undefined ? { ...base, count } : { ...base, count, percent };
      }),
    };
  });
}

/** Progress of n toward the sample a population needs; n hidden when small. */
function progressOf(base: Cell, population: number | undefined, method: SampleMethod): SchoolProgress {
  const progress: SchoolProgress = { ...base };
  if (population !== undefined) {
    progress.population = population;
    progress.required = requiredSample(population, method);
    if (progress.n !== undefined) {
      const percent = percentOf(progress.n, progress.required);
      if (percent !== undefined) progress.percent = percent;
    }
  }
  return progress;
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
  const plan = await scanPlan(db, survey);
  const previousFilter: ResultsFilter | undefined =
    filter.fiscalYear === undefined
      ? undefined
      : {
          fiscalYear: filter.fiscalYear - 1,
          ...(filter.schools ? { schools: filter.schools } : {}),
          ...(filter.groups ? { groups: filter.groups } : {}),
        };

  const tz = `'${OFFICE_TIME_ZONE}'`;
  const counts = countedSql('counted');
  const [scanRows, previousRows, schoolRows, dayRows, targetRows, groupTargets, yearRows] = await Promise.all([
    scanRatings(db, plan, where, true),
    previousFilter ? scanRatings(db, plan, whereOf(survey.id, previousFilter, schools), false) : [],
    db.query<{ key: string; n: number | string }>(
      `SELECT school AS key, count(*) AS n FROM responses WHERE ${where.sql} AND school IS NOT NULL GROUP BY school`,
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
    getGroupTargets(db, survey.id),
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
  const row = sumRows(scanRows);
  const total = num(row.total);
  // With too few respondents in the whole selection, no figure is shown.
  const hideAll = total > 0 && total < MIN_CELL;
  const system = settings.bandSystem;
  const { items, dimensions, overall } = figuresOf(survey, plan, row, hideAll, system);

  const cell = (key: string, n: number, label?: LocalizedText): Cell => {
    const base: Cell = label ? { key, label } : { key };
    return n > 0 && n < MIN_CELL ? { ...base, hidden: true } : { ...base, n };
  };
  const questions = survey.sections.flatMap((s) => s.questions);
  const schoolQuestion = questions.find((q) => q.id === 'school');
  const schoolList = schoolQuestion ? optionsOf(survey, schoolQuestion) : [];
  const populations = new Map(targetRows.map((t) => [t.school, t.population]));
  const counted = new Map(schoolRows.map((r) => [r.key, num(r.n)]));
  // Every school of the list is listed, zeros included: "which schools are still at zero?". Under
  // a group filter a zero is hidden like 1–4, so the table does not tell which school's only
  // director (say) took part and which did not.
  const asked = filter.schools?.length ? filter.schools : null;
  const schoolKeys = new Set([...schoolList.map((s) => s.value), ...counted.keys(), ...populations.keys()]);
  const zeroHidden = Boolean(filter.groups?.length);
  const bySchool: SchoolProgress[] = [...schoolKeys]
    .filter((k) => (schools === null || schools.includes(k)) && (asked === null || asked.includes(k)))
    .map((key) => {
      const n = counted.get(key) ?? 0;
      const label = schoolList.find((s) => s.value === key)?.label;
      const base =
        n === 0 && zeroHidden ? { key, ...(label ? { label } : {}), hidden: true as const } : cell(key, n, label);
      return progressOf(base, populations.get(key), settings.sampleMethod);
    })
    .sort((a, b) => a.key.localeCompare(b.key, 'th'));

  const groupQuestion = questions.find((q) => q.id === 'group');
  const groupOptions = groupQuestion ? optionsOf(survey, groupQuestion) : [];
  const groupPopulations = new Map(groupTargets.map((t) => [t.group, t.population]));
  const groupRows = scanRows.filter((r) => typeof r.grp === 'string');
  const byGroup: GroupCell[] = groupRows
    .map((r) => {
      const key = r.grp as string;
      const n = num(r.total);
      const base = progressOf(
        cell(key, n, groupOptions.find((o) => o.value === key)?.label),
        groupPopulations.get(key),
        settings.sampleMethod,
      );
      if (base.hidden || hideAll)
        return hideAll ? { key, ...(base.label ? { label: base.label } : {}), hidden: true as const } : base;
      const figures = figuresOf(survey, plan, r, false, system);
      return {
        ...base,
        items: figures.items.map(lean),
        dimensions: figures.dimensions.map(lean),
        overall: lean(figures.overall),
      };
    })
    .sort(
      (a, b) => groupOptions.findIndex((o) => o.value === a.key) - groupOptions.findIndex((o) => o.value === b.key),
    );

  // The whole area's target: the groups' populations when the office set them, else the schools'.
  const areaPopulation = groupTargets.length
    ? groupTargets.reduce((a, t) => a + t.population, 0)
    : targetRows.length
      ? targetRows.reduce((a, t) => a + t.population, 0)
      : undefined;
  const area = progressOf(
    hideAll ? { key: '__area', hidden: true } : { key: '__area', n: total },
    areaPopulation,
    settings.sampleMethod,
  );

  const results: SurveyResults = {
    surveyId: survey.id,
    title: survey.title,
    filter,
    bandSystem: settings.bandSystem,
    sampleMethod: settings.sampleMethod,
    minCell: MIN_CELL,
    ...(hideAll ? { hidden: true as const } : { total }),
    bySchool,
    byGroup,
    area,
    profile: profileTables(plan, row, hideAll),
    byDay: hideAll ? [] : dayRows.map((d) => ({ day: d.day, n: num(d.n) })),
    items,
    dimensions,
    overall,
    fiscalYears: yearRows.map((y) => num(y.fy)),
  };
  if (previousFilter?.fiscalYear !== undefined) {
    const prevRow = previousRows[0] ?? {};
    const prevTotal = num(prevRow.total);
    const prevHidden = prevTotal > 0 && prevTotal < MIN_CELL;
    const last = figuresOf(survey, plan, prevRow, prevHidden || hideAll, system);
    results.previousYear = {
      fiscalYear: previousFilter.fiscalYear,
      ...(prevHidden ? { hidden: true as const } : { total: prevTotal }),
      items: items.map((i, x) => yearRow(i.question, i, last.items[x])),
      dimensions: dimensions.map((d, x) => yearRow(d.id, d, last.dimensions[x])),
      overall: yearRow('__overall', overall, last.overall),
    };
  }
  return results;
}
