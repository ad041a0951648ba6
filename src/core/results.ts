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
  // Lower bounds of levels 5, 4, 3, 2; anything lower is level 1.
  A: [4.51, 3.51, 2.51, 1.51],
  B: [4.21, 3.41, 2.61, 1.81],
};

/** The level of a mean under a band system; the mean is first rounded to 2 decimals. */
export function levelOf(mean: number, system: BandSystem): Level {
  const rounded = Math.round(mean * 100 + Number.EPSILON * 100) / 100;
  const [l5, l4, l3, l2] = LOWER_BOUNDS[system];
  if (rounded >= l5) return 5;
  if (rounded >= l4) return 4;
  if (rounded >= l3) return 3;
  if (rounded >= l2) return 2;
  return 1;
}

/** ร้อยละ of a five-level mean: x̄ / 5 × 100. */
export function percentOfMax(mean: number): number {
  return (mean / 5) * 100;
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

/** A school's progress toward its target sample. */
export interface SchoolProgress extends Cell {
  population?: number;
  required?: number;
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
  bySchool: SchoolProgress[];
  byGroup: Cell[];
  byDay: { day: string; n: number }[];
  items: ItemResult[];
  dimensions: GroupResult[];
  overall: GroupResult;
  /** The fiscal years that have responses, newest first. */
  fiscalYears: number[];
}

/** One open answer (searchable), without who gave it. */
export interface OpenAnswer {
  question: string;
  text: string;
  completedAt: string;
}

/** Level names for display. */
export const LEVEL_KEYS: Record<Level, string> = { 5: 'level5', 4: 'level4', 3: 'level3', 2: 'level2', 1: 'level1' };
