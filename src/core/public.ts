/**
 * The public page's data (docs/participation.md "The public page"): what a survey's published
 * summary holds. Figures come from the staff results with their small-cell suppression; only the
 * fields below leave the server, never open answers, contacts or schools.
 */
import type { BandSystem, Cell, GroupResult, ItemResult, RatingStats } from './results.js';
import type { LocalizedText } from './survey.js';

/** A rating's public figures: no distribution of single answers. */
export type PublicStats = Pick<RatingStats, 'n' | 'hidden' | 'mean' | 'sd' | 'percent' | 'level'>;

/** A dimension's (or the overall) public figures. */
export interface PublicGroup {
  id: string;
  label: LocalizedText;
  value?: PublicStats;
  expectation?: PublicStats;
  satisfaction?: PublicStats;
  gap?: number;
}

/** An item's public figures (only when the office publishes items). */
export interface PublicItem extends Omit<PublicGroup, 'id'> {
  question: string;
  dimension: string | null;
}

/** One survey's published summary for one fiscal year. */
export interface PublicSummary {
  surveyId: string;
  fiscalYear: number;
  title: LocalizedText;
  publishedAt: string;
  bandSystem: BandSystem;
  minCell: number;
  /** Counted responses; absent when fewer than `minCell` (then `hidden`). */
  total?: number;
  hidden?: true;
  byGroup: Cell[];
  overall: PublicGroup;
  dimensions: PublicGroup[];
  items?: PublicItem[];
}

/** Whether a survey's summary of a fiscal year is public (the staff view of the choice). */
export interface SummaryPublication {
  surveyId: string;
  fiscalYear: number;
  items: boolean;
  publishedAt: string;
  publishedBy: string;
}

/** Strips a rating's figures to the public fields. */
export function publicStats(s: RatingStats): PublicStats {
  const out: PublicStats = {};
  if (s.n !== undefined) out.n = s.n;
  if (s.hidden) out.hidden = true;
  if (s.mean !== undefined) out.mean = s.mean;
  if (s.sd !== undefined) out.sd = s.sd;
  if (s.percent !== undefined) out.percent = s.percent;
  if (s.level !== undefined) out.level = s.level;
  return out;
}

/** A dimension's or an item's public figures. */
export function publicGroup<T extends GroupResult | ItemResult>(g: T): Omit<PublicGroup, 'id' | 'label'> {
  const out: Omit<PublicGroup, 'id' | 'label'> = {};
  for (const part of ['value', 'expectation', 'satisfaction'] as const) {
    const s = g[part];
    if (s) out[part] = publicStats(s);
  }
  if (g.gap !== undefined) out.gap = g.gap;
  return out;
}
