/**
 * Survey definitions kept on the device (table `surveys`), every version a response may refer
 * to, so a draft started under one version can always be finished and shown.
 */
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

/** The newest version of each survey the device has. */
export async function latestSurveys(db: SiangDb = getDb()): Promise<SurveyDefinition[]> {
  const all = await withStorage(db, () => db.surveys.toArray());
  const newest = new Map<string, SurveyDefinition>();
  for (const { definition } of all) {
    const seen = newest.get(definition.id);
    if (!seen || seen.version < definition.version) newest.set(definition.id, definition);
  }
  return [...newest.values()];
}
