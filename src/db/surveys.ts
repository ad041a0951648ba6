/**
 * Survey definitions kept on the device (table `surveys`), every version a response may refer
 * to, so a draft started under one version can always be finished and shown.
 */
import { Dexie } from 'dexie';
import type { SurveyDefinition } from '../core/survey.js';
import { getDb, type SiangDb } from './db.js';
import { withStorage } from './storage-errors.js';

/** Keeps definitions for offline use (an existing id+version is replaced by the same content). */
export async function storeSurveys(surveys: readonly SurveyDefinition[], db: SiangDb = getDb()): Promise<void> {
  const storedAt = new Date().toISOString();
  await withStorage(db, () =>
    db.surveys.bulkPut(
      surveys.map((definition) => ({ id: definition.id, version: definition.version, definition, storedAt })),
    ),
  );
}

/** One version of a survey, if the device has it. */
export async function getSurvey(
  id: string,
  version: number,
  db: SiangDb = getDb(),
): Promise<SurveyDefinition | undefined> {
  const record = await withStorage(db, () => db.surveys.get([id, version]));
  return record?.definition;
}

/** The newest version of one survey the device has. */
export async function newestSurvey(id: string, db: SiangDb = getDb()): Promise<SurveyDefinition | undefined> {
  const record = await withStorage(db, () =>
    db.surveys.where('[id+version]').between([id, Dexie.minKey], [id, Dexie.maxKey]).last(),
  );
  return record?.definition;
}

/** The newest version of each survey the device has (older versions are not even read). */
export async function latestSurveys(db: SiangDb = getDb()): Promise<SurveyDefinition[]> {
  return withStorage(db, () =>
    db.transaction('r', db.surveys, async () => {
      // The keys come sorted by id, then version: the last key of each id is its newest.
      const keys = await db.surveys.orderBy('[id+version]').primaryKeys();
      const newest = keys.filter((key, i) => keys[i + 1]?.[0] !== key[0]);
      const records = await db.surveys.bulkGet(newest);
      return records.flatMap((r) => (r ? [r.definition] : []));
    }),
  );
}
