/**
 * A plain reference of what the results page must show, computed in JavaScript from the raw
 * answers with no SQL and nothing shared with the product but the band and sample-size rules
 * (tested on their own in test/core/results.test.ts). Every figure is worked out as an exact fraction
 * and rounded to 2 decimals as a report prints it (a half rounds up). The server's figures are
 * compared to it.
 */
import { type BandSystem, levelOf, requiredSample, type SampleMethod } from '../../src/core/results.js';
import type { LocalizedText, Question, SurveyDefinition } from '../../src/core/survey.js';

/** A stored response as the reference needs it. */
export interface RawResponse {
  answers: Record<string, unknown>;
  completedAt: string;
}

/** The filter of a request, as the route should understand it. */
export interface ReferenceFilter {
  fiscalYear?: number;
  from?: string;
  to?: string;
  schools?: string[];
  groups?: string[];
}

/** The calendar day in Bangkok (UTC+7, no daylight saving) of a moment. */
export function bangkokDay(at: string): string {
  return new Date(new Date(at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The fiscal year (BE) of a day: October onward belongs to the next year. */
export function fiscalYear(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return year + 543 + (month >= 10 ? 1 : 0);
}

/** An exact fraction [numerator, denominator > 0], reduced. */
type Frac = readonly [bigint, bigint];

function frac(num: bigint, den: bigint): Frac {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const g = gcd(num, den) || 1n;
  return den < 0n ? [-num / g, -den / g] : [num / g, den / g];
}
const add = (a: Frac, b: Frac) => frac(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
const sub = (a: Frac, b: Frac) => frac(a[0] * b[1] - b[0] * a[1], a[1] * b[1]);
const mul = (a: Frac, b: Frac) => frac(a[0] * b[0], a[1] * b[1]);
const scale = (a: Frac, n: number, d = 1) => frac(a[0] * BigInt(n), a[1] * BigInt(d));

/** Rounded to 2 decimals as a report writes it: a half goes away from zero (3.505 → 3.51). */
function round2(x: Frac): number {
  const [n, d] = x;
  const magnitude = n < 0n ? -n : n;
  const hundredths = Number((magnitude * 200n + d) / (2n * d));
  return (n < 0n ? -hundredths : hundredths) / 100 || 0;
}

/** √x rounded to 2 decimals (half up), decided on whole numbers: k with (k − ½)² ≤ 10⁴x < (k + ½)². */
function sqrtRound2(x: Frac): number {
  const guess = Math.round(Math.sqrt(Number(x[0]) / Number(x[1])) * 100);
  // (2k − 1)² · d ≤ 40000 · n
  const fits = (k: number) => BigInt(2 * k - 1) ** 2n * x[1] <= 40000n * x[0];
  let k = Math.max(0, guess - 2);
  while (fits(k + 1)) k++;
  return k / 100;
}

function summarise(xs: Frac[], system: BandSystem, hide: boolean, distribution: boolean): Record<string, unknown> {
  const n = xs.length;
  if (hide) return { hidden: true };
  if (n === 0) return { n: 0 };
  const exact = scale(
    xs.reduce((a, b) => add(a, b), frac(0n, 1n)),
    1,
    n,
  );
  const mean = round2(exact);
  const out: Record<string, unknown> = { n, mean, percent: round2(scale(exact, 20)), level: levelOf(mean, system) };
  if (distribution)
    out.distribution = [1, 2, 3, 4, 5].map((l) => xs.filter((x) => x[0] === BigInt(l) && x[1] === 1n).length);
  if (n > 1) {
    const spread = xs.reduce((a, x) => add(a, mul(sub(x, exact), sub(x, exact))), frac(0n, 1n));
    out.sd = sqrtRound2(scale(spread, 1, n - 1));
  }
  out.exact = exact;
  return out;
}

type Part = 'value' | 'expectation' | 'satisfaction';

function ratingOf(answers: Record<string, unknown>, q: Question, part: Part): number | undefined {
  const raw = part === 'value' ? answers[q.id] : (answers[q.id] as Record<string, unknown> | undefined)?.[part];
  return typeof raw === 'number' && [1, 2, 3, 4, 5].includes(raw) ? raw : undefined;
}

/**
 * The expected answer of `GET /api/v1/surveys/:id/results` for responses (all of the survey),
 * a filter, the caller's schools (null = all), school populations and the office's settings.
 */
export function referenceResults(
  survey: SurveyDefinition,
  all: readonly RawResponse[],
  filter: ReferenceFilter,
  callerSchools: string[] | null,
  targets: { school: string; population: number }[],
  settings: { bandSystem: BandSystem; sampleMethod: SampleMethod },
): Record<string, unknown> {
  const scope = filter.schools ?? callerSchools;
  const select = (f: ReferenceFilter) =>
    all.filter((r) => {
      const day = bangkokDay(r.completedAt);
      const school = r.answers.school;
      const group = r.answers.group;
      if (f.fiscalYear !== undefined && fiscalYear(day) !== f.fiscalYear) return false;
      if (f.from && day < f.from) return false;
      if (f.to && day > f.to) return false;
      if (scope && !(typeof school === 'string' && scope.includes(school))) return false;
      if (f.groups && !(typeof group === 'string' && f.groups.includes(group))) return false;
      return true;
    });
  const chosen = select(filter);
  const total = chosen.length;
  const hide = total > 0 && total < 5;
  const system = settings.bandSystem;
  const percentOf = (part: number, whole: number) => round2(frac(BigInt(part) * 100n, BigInt(whole)));

  const questions = survey.sections
    .flatMap((s) => s.questions)
    .filter((q) => (q.type === 'rating' || q.type === 'rating-pair') && !q.personal);
  const partsOf = (q: Question): Part[] => (q.type === 'rating' ? ['value'] : ['expectation', 'satisfaction']);
  // The gap is the difference of the exact means, then rounded.
  const withGap = (result: Record<string, unknown>) => {
    const e = result.expectation as { exact?: Frac } | undefined;
    const s = result.satisfaction as { exact?: Frac } | undefined;
    if (e?.exact !== undefined && s?.exact !== undefined) result.gap = round2(sub(s.exact, e.exact));
    if (e) delete e.exact;
    if (s) delete s.exact;
    delete (result.value as { exact?: Frac } | undefined)?.exact;
    return result;
  };
  const dimensionOf = (q: Question) => ('dimension' in q ? q.dimension : undefined);

  /** Items, dimensions and overall of some responses. */
  const figures = (rows: readonly RawResponse[], hidden: boolean) => {
    const items = questions.map((q) => {
      const result: Record<string, unknown> = {
        question: q.id,
        label: q.label,
        dimension: 'dimension' in q ? (q.dimension ?? null) : null,
        kind: q.type,
      };
      for (const part of partsOf(q)) {
        const xs = rows.map((r) => ratingOf(r.answers, q, part)).filter((x): x is number => x !== undefined);
        result[part] = summarise(
          xs.map((x) => frac(BigInt(x), 1n)),
          system,
          hidden,
          true,
        );
      }
      return withGap(result);
    });
    // A dimension's figure: each respondent's mean over the items they rated, then summarised.
    const groupOf = (id: string, label: LocalizedText, of: Question[]) => {
      const result: Record<string, unknown> = { id, label };
      for (const part of ['value', 'expectation', 'satisfaction'] as const) {
        const mine = of.filter((q) => partsOf(q).includes(part));
        if (!mine.length) continue;
        const perRespondent: Frac[] = [];
        for (const r of rows) {
          const xs = mine.map((q) => ratingOf(r.answers, q, part)).filter((x): x is number => x !== undefined);
          if (xs.length) perRespondent.push(frac(BigInt(xs.reduce((a, b) => a + b, 0)), BigInt(xs.length)));
        }
        result[part] = summarise(perRespondent, system, hidden, false);
      }
      return withGap(result);
    };
    const dimensions = (survey.dimensions ?? [])
      .filter((d) => questions.some((q) => dimensionOf(q) === d.id))
      .map((d) =>
        groupOf(
          d.id,
          d.label,
          questions.filter((q) => dimensionOf(q) === d.id),
        ),
      );
    const overall = groupOf('__overall', { th: 'ภาพรวม', en: 'Overall' }, questions);
    return { items, dimensions, overall };
  };
  const { items, dimensions, overall } = figures(chosen, hide);
  // A group's figures beside the others: x̄, S.D., n and level, no frequencies or ร้อยละ.
  const lean = (r: Record<string, unknown>) => {
    const copy: Record<string, unknown> = { ...r };
    for (const part of ['value', 'expectation', 'satisfaction']) {
      const stats = copy[part] as Record<string, unknown> | undefined;
      if (stats) {
        const { distribution: _, percent: __, ...rest } = stats;
        copy[part] = rest;
      }
    }
    return copy;
  };

  const cell = (key: string, n: number, label?: LocalizedText): Record<string, unknown> => ({
    key,
    ...(label ? { label } : {}),
    ...(n > 0 && n < 5 ? { hidden: true } : { n }),
  });
  const withTarget = (progress: Record<string, unknown>, population: number | undefined) => {
    if (population === undefined) return progress;
    const required = requiredSample(population, settings.sampleMethod);
    progress.population = population;
    progress.required = required;
    if (typeof progress.n === 'number' && required > 0) progress.percent = percentOf(progress.n, required);
    return progress;
  };
  const countBy = (key: 'school' | 'group') => {
    const counts = new Map<string, number>();
    for (const r of chosen) {
      const v = r.answers[key];
      if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return counts;
  };
  const schoolList = survey.lists?.schools ?? [];
  const schoolCounts = countBy('school');
  const schoolKeys = new Set([
    ...schoolList.map((s) => s.value),
    ...schoolCounts.keys(),
    ...targets.map((t) => t.school),
  ]);
  const bySchool = [...schoolKeys]
    .filter((k) => scope === null || scope === undefined || scope.includes(k))
    .sort((a, b) => a.localeCompare(b, 'th'))
    .map((key) => {
      const n = schoolCounts.get(key) ?? 0;
      const label = schoolList.find((s) => s.value === key)?.label;
      // Under a group filter a school at zero is hidden like one with 1–4.
      const base = n === 0 && filter.groups ? { key, ...(label ? { label } : {}), hidden: true } : cell(key, n, label);
      return withTarget(base, targets.find((t) => t.school === key)?.population);
    });
  const groupQuestion = survey.sections.flatMap((s) => s.questions).find((q) => q.id === 'group');
  const options = [
    ...(groupQuestion && 'options' in groupQuestion ? groupQuestion.options : []),
    ...(groupQuestion && 'other' in groupQuestion && groupQuestion.other
      ? [{ value: 'other', label: { th: 'อื่น ๆ', en: 'Other' } }]
      : []),
  ];
  const byGroup = [...countBy('group')]
    .sort(([a], [b]) => options.findIndex((o) => o.value === a) - options.findIndex((o) => o.value === b))
    .map(([key, n]) => {
      const label = options.find((o) => o.value === key)?.label;
      if (hide) return { key, ...(label ? { label } : {}), hidden: true };
      const base = cell(key, n, label);
      if (base.hidden) return base;
      const own = figures(
        chosen.filter((r) => r.answers.group === key),
        false,
      );
      return {
        ...base,
        items: own.items.map(lean),
        dimensions: own.dimensions.map(lean),
        overall: lean(own.overall),
      };
    });
  const areaPopulation = targets.length ? targets.reduce((a, t) => a + t.population, 0) : undefined;
  const area = withTarget(hide ? { key: '__area', hidden: true } : { key: '__area', n: total }, areaPopulation);

  // จำนวนและร้อยละ of each single and multiple choice question that is not personal.
  const profile = survey.sections
    .flatMap((s) => s.questions)
    .filter((q) => (q.type === 'single' || q.type === 'multiple') && !q.personal)
    .map((q) => {
      const values = chosen
        .map((r) => r.answers[q.id])
        .map((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : []))
        .filter((v) => v.length > 0);
      const n = values.length;
      const hideQ = hide || (n > 0 && n < 5);
      const opts = [
        ...('options' in q ? q.options.map((o) => ({ value: o.value, label: o.label })) : []),
        ...('other' in q && q.other ? [{ value: 'other', label: { th: 'อื่น ๆ', en: 'Other' } }] : []),
      ];
      return {
        questionId: q.id,
        title: q.label,
        multiple: q.type === 'multiple',
        ...(hideQ ? { hidden: true } : { n }),
        options: opts.map((o) => {
          const count = values.filter((v) => v.includes(o.value)).length;
          if (hideQ || (count > 0 && count < 5)) return { ...o, hidden: true };
          return n > 0 ? { ...o, count, percent: percentOf(count, n) } : { ...o, count };
        }),
      };
    });

  const days = new Map<string, number>();
  for (const r of chosen) days.set(bangkokDay(r.completedAt), (days.get(bangkokDay(r.completedAt)) ?? 0) + 1);
  const byDay = [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, n]) => ({ day, n }));
  const fiscalYears = [...new Set(all.map((r) => fiscalYear(bangkokDay(r.completedAt))))].sort((a, b) => b - a);

  const result: Record<string, unknown> = {
    surveyId: survey.id,
    title: survey.title,
    filter,
    bandSystem: settings.bandSystem,
    sampleMethod: settings.sampleMethod,
    minCell: 5,
    ...(hide ? { hidden: true } : { total }),
    bySchool,
    byGroup,
    area,
    profile,
    byDay: hide ? [] : byDay,
    items,
    dimensions,
    overall,
    fiscalYears,
  };
  if (filter.fiscalYear !== undefined) {
    // The previous fiscal year with the same schools and groups (not the days).
    const before = select({
      fiscalYear: filter.fiscalYear - 1,
      ...(filter.groups ? { groups: filter.groups } : {}),
    });
    const hiddenBefore = before.length > 0 && before.length < 5;
    const last = figures(before, hiddenBefore || hide);
    const main = (r: Record<string, unknown>) => ((r.satisfaction ?? r.value) as { mean?: number } | undefined)?.mean;
    const row = (id: string, now: Record<string, unknown>, then: Record<string, unknown> | undefined) => {
      const a = main(now);
      const b = then && main(then);
      const e = (then?.expectation as { mean?: number } | undefined)?.mean;
      return {
        id,
        ...(a !== undefined ? { now: a } : {}),
        ...(b !== undefined ? { last: b } : {}),
        ...(e !== undefined ? { lastExpectation: e } : {}),
        ...(a !== undefined && b !== undefined ? { change: Math.round((a - b) * 100) / 100 } : {}),
      };
    };
    result.previousYear = {
      fiscalYear: filter.fiscalYear - 1,
      ...(hiddenBefore ? { hidden: true } : { total: before.length }),
      items: items.map((i, x) => row(i.question as string, i, last.items[x])),
      dimensions: dimensions.map((d, x) => row(d.id as string, d, last.dimensions[x])),
      overall: row('__overall', overall, last.overall),
    };
  }
  return result;
}

/**
 * Every difference between an answer and the expected one, as `path: got … expected …`; numbers
 * that are not whole must agree within `tolerance`, everything else exactly.
 */
export function differences(actual: unknown, expected: unknown, tolerance = 1e-9, path = '$'): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual))
      return actual === expected ? [] : [`${path}: got ${actual}, expected ${expected}`];
    return Math.abs(actual - expected) <= tolerance ? [] : [`${path}: got ${actual}, expected ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: got ${JSON.stringify(actual)}, expected an array`];
    const out =
      actual.length === expected.length ? [] : [`${path}: got ${actual.length} entries, expected ${expected.length}`];
    for (let i = 0; i < Math.min(actual.length, expected.length); i++)
      out.push(...differences(actual[i], expected[i], tolerance, `${path}[${i}]`));
    return out;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object')
      return [`${path}: got ${JSON.stringify(actual)}, expected an object`];
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const out: string[] = [];
    for (const key of new Set([...Object.keys(a), ...Object.keys(e)])) {
      if (!(key in e)) out.push(`${path}.${key}: present (${JSON.stringify(a[key])}) but not expected`);
      else if (!(key in a)) out.push(`${path}.${key}: missing, expected ${JSON.stringify(e[key])}`);
      else out.push(...differences(a[key], e[key], tolerance, `${path}.${key}`));
    }
    return out;
  }
  return Object.is(actual, expected)
    ? []
    : [`${path}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
}
