/**
 * The public page's survey summaries (table `public_summaries`: which survey's summary of which
 * fiscal year the office publishes). Figures come from surveyResults, with its suppression of
 * small cells; only the public fields of core/public.ts are returned.
 */
import { type PublicItem, type PublicSummary, publicGroup, type SummaryPublication } from '../../core/public.js';
import type { Db, Queryable } from '../db/database.js';
import { getOffice } from './office.js';
import { surveyResults } from './results.js';
import { getSurvey } from './surveys.js';

interface Row {
  survey_id: string;
  fiscal_year: number;
  items: boolean;
  published_at: Date | string;
  published_by: string;
}

const toPublication = (r: Row): SummaryPublication => ({
  surveyId: r.survey_id,
  fiscalYear: Number(r.fiscal_year),
  items: r.items,
  publishedAt: new Date(r.published_at).toISOString(),
  publishedBy: r.published_by,
});

/** The published summaries, of one survey or all, newest year first. */
export async function listPublications(db: Queryable, surveyId?: string): Promise<SummaryPublication[]> {
  const rows = surveyId
    ? await db.query<Row>('SELECT * FROM public_summaries WHERE survey_id = $1 ORDER BY fiscal_year DESC', [surveyId])
    : await db.query<Row>('SELECT * FROM public_summaries ORDER BY fiscal_year DESC, survey_id');
  return rows.map(toPublication);
}

/** Publishes (or updates) a survey's summary of a fiscal year. */
export async function publishSummary(
  db: Queryable,
  surveyId: string,
  fiscalYear: number,
  items: boolean,
  by: string,
): Promise<void> {
  await db.query(
    `INSERT INTO public_summaries (survey_id, fiscal_year, items, published_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (survey_id, fiscal_year) DO UPDATE SET items = EXCLUDED.items,
       published_at = now(), published_by = EXCLUDED.published_by`,
    [surveyId, fiscalYear, items, by],
  );
}

/** Takes a summary off the public page; false when it was not published. */
export async function unpublishSummary(db: Queryable, surveyId: string, fiscalYear: number): Promise<boolean> {
  const rows = await db.query('DELETE FROM public_summaries WHERE survey_id = $1 AND fiscal_year = $2 RETURNING 1', [
    surveyId,
    fiscalYear,
  ]);
  return rows.length > 0;
}

/** The public figures of a published summary (undefined when its survey is gone). */
async function summaryOf(db: Db, p: SummaryPublication): Promise<PublicSummary | undefined> {
  const survey = (await getSurvey(db, p.surveyId))?.definition;
  if (!survey || survey.kind === 'complaint') return undefined;
  const results = await surveyResults(db, survey, { fiscalYear: p.fiscalYear }, null, await getOffice(db));
  const summary: PublicSummary = {
    surveyId: survey.id,
    fiscalYear: p.fiscalYear,
    title: survey.title,
    publishedAt: p.publishedAt,
    bandSystem: results.bandSystem,
    minCell: results.minCell,
    ...(results.hidden ? { hidden: true as const } : { total: results.total ?? 0 }),
    // Counts per group, already "fewer than minCell" where small; never the schools.
    byGroup: results.byGroup.map(({ key, label, n, hidden }) => ({
      key,
      ...(label ? { label } : {}),
      ...(hidden ? { hidden } : { n: n ?? 0 }),
    })),
    overall: { id: 'overall', label: results.overall.label, ...publicGroup(results.overall) },
    dimensions: results.dimensions.map((d) => ({ id: d.id, label: d.label, ...publicGroup(d) })),
  };
  if (p.items)
    summary.items = results.items.map(
      (i): PublicItem => ({ question: i.question, label: i.label, dimension: i.dimension, ...publicGroup(i) }),
    );
  return summary;
}

/** The published summaries, optionally of one fiscal year and one survey. */
export async function publicSummaries(
  db: Db,
  filter: { fiscalYear?: number; surveyId?: string } = {},
): Promise<PublicSummary[]> {
  const all = (await listPublications(db, filter.surveyId)).filter(
    (p) => filter.fiscalYear === undefined || p.fiscalYear === filter.fiscalYear,
  );
  const out: PublicSummary[] = [];
  for (const p of all) {
    const s = await summaryOf(db, p);
    if (s) out.push(s);
  }
  return out;
}
