/**
 * Small settings kept on the device (table `settings`): whether persistent storage was asked for,
 * and later the device's sync and kiosk settings.
 */
import { liveQuery, type Observable } from 'dexie';
import { getDb, type SiangDb } from './db.js';
import { withStorage } from './storage-errors.js';

/** The setting (true or absent) that puts this device in training mode: see the device screen. */
export const TRAINING_KEY = 'training';

/** Reads a setting. */
export async function getSetting<T>(key: string, db: SiangDb = getDb()): Promise<T | undefined> {
  const record = await withStorage(db, () => db.settings.get(key));
  return record?.value as T | undefined;
}

/** Writes a setting. */
export async function setSetting(key: string, value: unknown, db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () => db.settings.put({ key, value }));
}

/** A setting, live. */
export function observeSetting<T>(key: string, db: SiangDb = getDb()): Observable<T | undefined> {
  return liveQuery(async () => (await db.settings.get(key))?.value as T | undefined);
}
