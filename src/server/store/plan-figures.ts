/**
 * Figures the plan reads from the rest of Siang rather than having them typed: a survey item's or
 * dimension's x̄ in a fiscal year (and a round of it) from the results (store/results.ts), and the
 * number of approved activities logged for a plan row (table `activities`).
 */
import type { Evidence, Round, SurveyFigure } from '../../core/plan.js';
import { fiscalYearDays, type RatingStats, type SurveyResults } from '../../core/results.js';
import type { LocalizedText } from '../../core/survey.js';
import type { Db } from '../db/database.js';
import { getOffice } from './office.js';
import { surveyResults } from './results.js';
import { getSurvey } from './surveys.js';

/** The days a round covers: round 6 is October to March, round 12 the whole fiscal year. */
export function roundDays(fiscalYear: number, round: Round): { from: string; to: string } {
  const year = fiscalYearDays(fiscalYear);
  return round === 6 ? { from: year.from, to: `${fiscalYear - 543}-03-31` } : year;
}

/** What an item or dimension shows as evidence: its label, x̄ of each part and the gap. */
export interface EvidenceFigures {
  label: LocalizedText;
  expectation: number | null;
  satisfaction: number | null;
  /** A plain rating's x̄. */
  value: number | null;
  gap: number | null;
}

/** Reads survey results once per survey and period while a plan is worked out. */
export class FigureReader {
  private readonly cache = new Map<string, Promise<SurveyResults | undefined>>();

  constructor(private readonly db: Db) {}

  private results(surveyId: string, from: string, to: string): Promise<SurveyResults | undefined> {
    const key = `${surveyId}|${from}|${to}`;
    let found = this.cache.get(key);
    if (!found) {
      found = (async () => {
        const survey = await getSurvey(this.db, surveyId);
        if (!survey) return undefined;
        return surveyResults(this.db, survey.definition, { from, to }, null, await getOffice(this.db));
      })();
      this.cache.set(key, found);
    }
    return found;
  }

  private async entry(surveyId: string, target: 'item' | 'dimension', id: string, from: string, to: string) {
    const results = await this.results(surveyId, from, to);
    if (!results) return undefined;
    if (target === 'item') return results.items.find((i) => i.question === id);
    return id === '__overall' ? results.overall : results.dimensions.find((d) => d.id === id);
  }

  /** A survey figure's x̄ in a round of the fiscal year; null when hidden, empty or unknown. */
  async surveyValue(figure: SurveyFigure, fiscalYear: number, round: Round): Promise<number | null> {
    const { from, to } = roundDays(fiscalYear, round);
    const entry = await this.entry(figure.surveyId, figure.target, figure.id, from, to);
    const stats: RatingStats | undefined = entry?.[figure.part];
    return stats?.mean ?? null;
  }

  /** The evidence's figures over its whole fiscal year. */
  async evidence(evidence: Evidence): Promise<EvidenceFigures | null> {
    const { from, to } = fiscalYearDays(evidence.fiscalYear);
    const entry = await this.entry(evidence.surveyId, evidence.target, evidence.id, from, to);
    if (!entry) return null;
    return {
      label: entry.label,
      expectation: entry.expectation?.mean ?? null,
      satisfaction: entry.satisfaction?.mean ?? null,
      value: entry.value?.mean ?? null,
      gap: entry.gap ?? null,
    };
  }

  /**
   * Approved activities logged for a plan row in its fiscal year, held in the round's days
   * (round 6: October to March; round 12: the whole year). Unapproved ones are not yet evidence.
   */
  async activityCount(planRowId: string, fiscalYear: number, round: Round): Promise<number> {
    const { from, to } = roundDays(fiscalYear, round);
    const [row] = await this.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM activities
       WHERE plan_row_id = $1::uuid AND fiscal_year = $2 AND held_on BETWEEN $3::date AND $4::date
         AND approved_at IS NOT NULL`,
      [planRowId, fiscalYear, from, to],
    );
    return Number(row?.n ?? 0);
  }
}
