/**
 * The shapes of what supervisors read (the results API, shared by server and app), and the pure
 * statistics behind them: levels under the office's band system, ร้อยละ, sample sizes, fiscal
 * years. docs/results.md explains each figure.
 */
import type { LocalizedText } from './survey.js';

/** The band systems an office may choose (domain: A = บุญชม ศรีสะอาด, B = Best 1977). */
export type BandSystem = 'A' | 'B';

/** A level 5 (มากที่สุด) … 1 (น้อยที่สุด). */
export type Level = 1 | 2 | 3 | 4 | 5;

const LOWER_BOUNDS: Record<BandSystem, readonly [number, number, number, number]> = {
  // Lower bounds of levels 5, 4, 3, 2 in hundredths; anything lower is level 1.
  A: [451, 351, 251, 151],
  B: [421, 341, 261, 181],
};

/** The level of a mean already rounded to hundredths (351 for x̄ = 3.51) under a band system. */
export function levelOfHundredths(hundredths: number, system: BandSystem): Level {
  const [l5, l4, l3, l2] = LOWER_BOUNDS[system];
  if (hundredths >= l5) return 5;
  if (hundredths >= l4) return 4;
  if (hundredths >= l3) return 3;
  if (hundredths >= l2) return 2;
  return 1;
}

/**
 * The level of a mean under a band system; the mean is first rounded to 2 decimals. For a mean
 * given as a number, whose binary value may sit just below a half; results use `exactStats`.
 */
export function levelOf(mean: number, system: BandSystem): Level {
  return levelOfHundredths(Math.round(mean * 100 + Number.EPSILON * 100), system);
}

/** ร้อยละ of a five-level mean: x̄ / 5 × 100. */
export function percentOfMax(mean: number): number {
  return (mean / 5) * 100;
}

/** An exact fraction of whole numbers, `num / den` with `den` > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/**
 * A ratio rounded to hundredths, as a whole number: a value exactly half way rounds away from
 * zero (3.505 → 351, −0.005 → −1), as Excel's ROUND and SPSS's display do.
 */
export function hundredthsOf(r: Ratio): number {
  const magnitude = r.num < 0n ? -r.num : r.num;
  const k = Number((200n * magnitude + r.den) / (2n * r.den));
  return r.num < 0n && k !== 0 ? -k : k;
}

/** A ratio rounded to 2 decimals (see `hundredthsOf`), as the nearest number to it: 3.51. */
export function round2(r: Ratio): number {
  return hundredthsOf(r) / 100;
}

/** The difference a − b of two ratios. */
export function minus(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.den - b.num * a.den, den: a.den * b.den };
}

/** ⌊√n⌋ of a whole number n ≥ 0, exactly. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton's method from a power of two above √n: x falls monotonically to ⌊√n⌋.
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) / 2n;
    if (y >= x) return x;
    x = y;
  }
}

/** Statistics as published, with the exact mean kept for gaps. */
export interface ExactStats {
  stats: RatingStats;
  /** x̄ as an exact ratio. */
  mean: Ratio;
}

/**
 * x̄, sample S.D. (n − 1), ร้อยละ and level of n values vᵢ / `scale` (whole vᵢ), from whole
 * sums Σvᵢ and Σvᵢ². Every figure is rounded to 2 decimals from its exact value, so a half at
 * the second decimal always rounds up: x̄ = Σv / (n·scale); S.D.² = (n·Σv² − (Σv)²) /
 * (n(n − 1)·scale²), its rounding decided by comparing whole squares; the level classifies
 * the rounded x̄.
 */
export function exactStats(n: number, sum: bigint, squares: bigint, scale: bigint, system: BandSystem): ExactStats {
  const count = BigInt(n);
  const mean: Ratio = { num: sum, den: count * scale };
  const hundredths = hundredthsOf(mean);
  const stats: RatingStats = {
    n,
    mean: hundredths / 100,
    percent: round2({ num: 20n * sum, den: count * scale }),
    level: levelOfHundredths(hundredths, system),
  };
  if (n > 1) {
    // 100·S.D. rounded half up is ⌊(√(40000·S.D.²) + 1) / 2⌋ = ⌊(⌊√⌊40000·S.D.²⌋⌋ + 1) / 2⌋.
    const spread = count * squares - sum * sum;
    const t = (40000n * (spread < 0n ? 0n : spread)) / (count * (count - 1n) * scale * scale);
    stats.sd = Number((isqrt(t) + 1n) / 2n) / 100;
  }
  return { stats, mean };
}

/** Yamane's sample size n = N / (1 + N·e²), rounded up (e = 0.05 unless given). */
export function yamane(population: number, e = 0.05): number {
  if (population <= 0) return 0;
  return Math.ceil(population / (1 + population * e * e));
}

/**
 * Krejcie & Morgan's sample size (χ² = 3.841, P = 0.5, d = 0.05), rounded as their table is:
 * N 500 → 217, 1,000 → 278, 3,000 → 341.
 */
export function krejcieMorgan(population: number): number {
  if (population <= 0) return 0;
  const chi = 3.841;
  const p = 0.5;
  const d = 0.05;
  return Math.round((chi * population * p * (1 - p)) / (d * d * (population - 1) + chi * p * (1 - p)));
}

/** The sample-size methods an office may choose. */
export type SampleMethod = 'yamane' | 'krejcie-morgan';

/** The sample size for a population by a method. */
export function requiredSample(population: number, method: SampleMethod): number {
  return method === 'yamane' ? yamane(population) : krejcieMorgan(population);
}

/** The Thai fiscal year (BE) of a calendar day `YYYY-MM-DD`: 1 October – 30 September, named after the later year. */
export function fiscalYearOf(isoDay: string): number {
  const [y, m] = isoDay.split('-').map(Number);
  return (y ?? 0) + 543 + ((m ?? 0) >= 10 ? 1 : 0);
}

/** The first and the last calendar day of a fiscal year (BE). */
export function fiscalYearDays(fiscalYearBe: number): { from: string; to: string } {
  const end = fiscalYearBe - 543;
  return { from: `${end - 1}-10-01`, to: `${end}-09-30` };
}

/** Statistics of one set of 1–5 ratings. `mean`/`sd` are absent when hidden or empty. */
export interface RatingStats {
  /** Absent when the whole selection is hidden (fewer than `minCell` respondents in it). */
  n?: number;
  hidden?: true;
  /** How many chose levels 1, 2, 3, 4, 5 (index 0 is level 1). Absent when hidden. */
  distribution?: [number, number, number, number, number];
  mean?: number;
  /** Sample standard deviation (n − 1, as SPSS); absent below 2 ratings. */
  sd?: number;
  /** ร้อยละ = x̄ / 5 × 100. */
  percent?: number;
  level?: Level;
}

/** One rating item's results. For a paired item both parts, and the gap. */
export interface ItemResult {
  question: string;
  label: LocalizedText;
  dimension: string | null;
  kind: 'rating' | 'rating-pair';
  /** A plain rating's statistics. */
  value?: RatingStats;
  expectation?: RatingStats;
  satisfaction?: RatingStats;
  /** satisfaction x̄ − expectation x̄. */
  gap?: number;
}

/** A dimension's (or the overall) results: each respondent's mean over the items, then summarised. */
export interface GroupResult {
  id: string;
  label: LocalizedText;
  value?: RatingStats;
  expectation?: RatingStats;
  satisfaction?: RatingStats;
  gap?: number;
}

/** A count that is hidden below the privacy threshold. */
export interface Cell {
  key: string;
  label?: LocalizedText;
  /** Absent when hidden (fewer than `minCell` respondents, but more than 0). */
  n?: number;
  hidden?: true;
}

/** A school's (a group's, the whole area's) progress toward its target sample. */
export interface SchoolProgress extends Cell {
  population?: number;
  required?: number;
  /** n as ร้อยละ of `required`, 2 decimals (absent without a target or when n is hidden). */
  percent?: number;
}

/** One option of a profile table: how many chose it, and their ร้อยละ of those who answered. */
export interface ProfileOption {
  value: string;
  label: LocalizedText;
  /** Absent, with `hidden`, when 1 to `minCell` − 1 chose it. */
  count?: number;
  percent?: number;
  hidden?: true;
}

/**
 * A respondent-profile table (จำนวนและร้อยละ) of one choice question that is not personal. For a
 * multiple choice each option is counted, and its percent is of those who answered the question
 * (so the percents may add up to more than 100).
 */
export interface ProfileTable {
  questionId: string;
  title: LocalizedText;
  multiple: boolean;
  /** Respondents who answered it; absent, with `hidden`, when fewer than `minCell` (but some). */
  n?: number;
  hidden?: true;
  options: ProfileOption[];
}

/**
 * A stakeholder group's row of the side-by-side table: its count (and target) and, when it has
 * at least `minCell` respondents, x̄ and S.D. per item, per dimension and overall.
 */
export interface GroupCell extends SchoolProgress {
  items?: ItemResult[];
  dimensions?: GroupResult[];
  overall?: GroupResult;
}

/** x̄ of an item or dimension last fiscal year beside this one, and the change (this − last). */
export interface YearRow {
  id: string;
  /** The main x̄ (satisfaction of a pair, or a plain rating's), this year and last. */
  now?: number;
  last?: number;
  /** now − last, from the two published (rounded) x̄. */
  change?: number;
  /** Expectation x̄ of a pair, last year. */
  lastExpectation?: number;
}

/** The same survey's counted responses of the previous fiscal year, with the same schools and groups. */
export interface PreviousYear {
  fiscalYear: number;
  total?: number;
  hidden?: true;
  items: YearRow[];
  dimensions: YearRow[];
  overall: YearRow;
}

/** Filters of the results, the exports and the open answers. */
export interface ResultsFilter {
  /** Fiscal year in BE, e.g. 2569. */
  fiscalYear?: number;
  /** Calendar days `YYYY-MM-DD`, inclusive, in the office's time zone. */
  from?: string;
  to?: string;
  schools?: string[];
  groups?: string[];
}

/** The answer of `GET /api/v1/surveys/:id/results`. */
export interface SurveyResults {
  surveyId: string;
  title: LocalizedText;
  filter: ResultsFilter;
  bandSystem: BandSystem;
  sampleMethod: SampleMethod;
  /** Cells under this many respondents are hidden. */
  minCell: number;
  /**
   * Respondents in the selection. Absent, with `hidden`, when there are fewer than `minCell` (but
   * some): then no count or figure of the selection is given, and `byDay` is empty.
   */
  total?: number;
  hidden?: true;
  /** Every school of the survey's list in scope (and any other with responses or a target), zeros included. */
  bySchool: SchoolProgress[];
  /** Counts, targets and (x̄, S.D.) per item and dimension of each stakeholder group, side by side. */
  byGroup: GroupCell[];
  /** The whole area's progress: n of the selection against the area's target, when one is set. */
  area: SchoolProgress;
  /** จำนวนและร้อยละ of every choice question that is not personal (the first table of a Thai report). */
  profile: ProfileTable[];
  /** The previous fiscal year beside this one; only when the filter names a fiscal year. */
  previousYear?: PreviousYear;
  byDay: { day: string; n: number }[];
  items: ItemResult[];
  dimensions: GroupResult[];
  overall: GroupResult;
  /** The fiscal years that have responses, newest first. */
  fiscalYears: number[];
}

/** ร้อยละ of a part in a whole, rounded to 2 decimals (a half up); undefined when the whole is 0. */
export function percentOf(part: number, whole: number): number | undefined {
  if (whole <= 0) return undefined;
  return round2({ num: BigInt(part) * 100n, den: BigInt(whole) });
}

/** One open answer (searchable), without who gave it. */
export interface OpenAnswer {
  question: string;
  text: string;
  completedAt: string;
}

/** Level names for display. */
export const LEVEL_KEYS: Record<Level, string> = { 5: 'level5', 4: 'level4', 3: 'level3', 2: 'level2', 1: 'level1' };
