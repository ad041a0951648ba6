/**
 * Small settings kept on the device (table `settings`): whether persistent storage was asked for,
 * and later the device's sync and kiosk settings.
 */
import { getDb, type SiangDb } from './db.js';
import { withStorage } from './storage-errors.js';

/** Reads a setting. */
export async function getSetting<T>(key: string, db: SiangDb = getDb()): Promise<T | undefined> {
  const record = await withStorage(db, () => db.settings.get(key));
  return record?.value as T | undefined;
}

/** Writes a setting. */
export async function setSetting(key: string, value: unknown, db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () => db.settings.put({ key, value }));
}
