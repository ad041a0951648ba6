/**
 * Counts of the responses on the device, for the officers' screens (kiosk panel, device screen);
 * kept apart from `responses.ts` so a respondent's first load does not carry them.
 */
import { liveQuery, type Observable } from 'dexie';
import { getDb, type SiangDb } from './db.js';
import { withStorage } from './storage-errors.js';

/** How many responses of a survey were completed, and how many set aside, since `since`. */
export async function countSince(
  surveyId: string,
  since: Date,
  db: SiangDb = getDb(),
): Promise<{ completed: number; abandoned: number }> {
  const from = since.toISOString();
  return withStorage(db, async () => {
    const completed = await db.responses
      .where('[surveyId+status]')
      .equals([surveyId, 'completed'])
      .filter((r) => (r.completedAt ?? '') >= from)
      .count();
    const abandoned = await db.responses
      .where('[surveyId+status]')
      .equals([surveyId, 'abandoned'])
      .filter((r) => (r.abandonedAt ?? '') >= from)
      .count();
    return { completed, abandoned };
  });
}

/** Counts of `countSince`, live. */
export function observeCountSince(
  surveyId: string,
  since: Date,
  db: SiangDb = getDb(),
): Observable<{ completed: number; abandoned: number }> {
  return liveQuery(() => countSince(surveyId, since, db));
}

/** Responses on the device by status (drafts, completed, set aside), counted on the index. */
export function observeResponseCounts(
  db: SiangDb = getDb(),
): Observable<{ draft: number; completed: number; abandoned: number }> {
  return liveQuery(async () => {
    const [draft, completed, abandoned] = await Promise.all(
      (['draft', 'completed', 'abandoned'] as const).map((s) => db.responses.where('status').equals(s).count()),
    );
    return { draft: draft ?? 0, completed: completed ?? 0, abandoned: abandoned ?? 0 };
  });
}
