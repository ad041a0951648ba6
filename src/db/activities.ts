/**
 * Activities recorded by officers on this device (IndexedDB "siang-activities", through Dexie):
 * each activity with its sending state (`activities`), its files (`files`, photos already
 * compressed, as Blobs) and small settings (`settings`: the device's sending code, the lists of
 * groups and plan rows last read from the office). A database of its own, opened only by the
 * officers' screens: the respondent's database and first load stay as they were, and photos
 * never weigh on a respondent's queries. An activity is saved with its files in one transaction
 * and kept until the office acknowledged it and every file (docs/participation.md "Activities").
 */
import { Dexie, type EntityTable, liveQuery, type Observable } from 'dexie';
import type { ActivityInput } from '../core/activities.js';
import { withStorage } from './storage-errors.js';

/** Sending state of an activity, like a response's. */
export type ActivityState = 'waiting' | 'sending' | 'sent' | 'rejected';

/** An activity on the device. */
export interface ActivityRecord {
  id: string;
  activity: ActivityInput;
  state: ActivityState;
  enqueuedAt: string;
  attempts: number;
  /** When the office received the activity (its receipt). */
  receivedAt?: string;
  /** When every file had reached the office too. */
  sentAt?: string;
  reason?: { code: string; message: string };
}

/**
 * A file of an activity; `sent` once the office has it. Kept as bytes, not a Blob: Blobs in
 * IndexedDB have failed on some Safari versions, bytes work everywhere.
 */
export interface ActivityFileRecord {
  id: string;
  activityId: string;
  bytes: ArrayBuffer;
  sent: boolean;
}

/** A small named value. */
export interface ActivitySetting {
  key: string;
  value: unknown;
}

/** The device's activity database. */
export type ActivityDb = Dexie & {
  activities: EntityTable<ActivityRecord, 'id'>;
  files: EntityTable<ActivityFileRecord, 'id'>;
  settings: EntityTable<ActivitySetting, 'key'>;
};

/** The IndexedDB database name. */
export const ACTIVITY_DB_NAME = 'siang-activities';

/** Every schema version, oldest first; never edit one. */
export const ACTIVITY_SCHEMA_VERSIONS: ReadonlyArray<{ version: number; stores: Record<string, string> }> = [
  {
    version: 1,
    stores: {
      activities: 'id, state, enqueuedAt, [state+enqueuedAt]',
      files: 'id, activityId',
      settings: 'key',
    },
  },
];

/** Opens (lazily) the activity database. */
export function createActivityDb(name: string = ACTIVITY_DB_NAME): ActivityDb {
  const db = new Dexie(name) as ActivityDb;
  for (const { version, stores } of ACTIVITY_SCHEMA_VERSIONS) db.version(version).stores(stores);
  return db;
}

let shared: ActivityDb | undefined;

/** The one activity database of this page. */
export function getActivityDb(): ActivityDb {
  shared ??= createActivityDb();
  return shared;
}

/** Replaces the shared database (tests use a fresh one). */
export function useActivityDb(db: ActivityDb): void {
  shared = db;
}

/**
 * Saves a new activity with its files and queues it, in one transaction: either all of it is on
 * the device or nothing is (a full disk throws a StorageError and the form keeps what was typed).
 */
export async function saveActivity(
  activity: ActivityInput,
  files: readonly { id: string; blob: Blob }[],
  db: ActivityDb = getActivityDb(),
  now: Date = new Date(),
): Promise<void> {
  // Read before the transaction: one that awaits anything but IndexedDB would commit early.
  const contents = await Promise.all(files.map(async (f) => ({ id: f.id, bytes: await f.blob.arrayBuffer() })));
  await withStorage(db, () =>
    db.transaction('rw', db.activities, db.files, async () => {
      await db.activities.add({
        id: activity.id,
        activity,
        state: 'waiting',
        enqueuedAt: now.toISOString(),
        attempts: 0,
      });
      await db.files.bulkAdd(contents.map((f) => ({ id: f.id, activityId: activity.id, bytes: f.bytes, sent: false })));
    }),
  );
}

/** Activities still to send (waiting, or left "sending" by a cut-off run), oldest first. */
export async function activitiesToSend(db: ActivityDb = getActivityDb()): Promise<ActivityRecord[]> {
  return withStorage(db, () => db.activities.where('state').anyOf('waiting', 'sending').sortBy('enqueuedAt'));
}

/** How many activities wait to be sent. */
export async function countActivitiesWaiting(db: ActivityDb = getActivityDb()): Promise<number> {
  return withStorage(db, () => db.activities.where('state').anyOf('waiting', 'sending').count());
}

/** Changes an activity's sending state (attempts counted on every verdict but `sending`). */
export async function setActivityState(
  id: string,
  change: Pick<ActivityRecord, 'state'> & Partial<Pick<ActivityRecord, 'receivedAt' | 'sentAt' | 'reason'>>,
  db: ActivityDb = getActivityDb(),
): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.activities, async () => {
      const record = await db.activities.get(id);
      if (!record) return;
      const next: ActivityRecord = { ...record, ...change };
      if (change.state !== 'sending') next.attempts = record.attempts + 1;
      if (change.state !== 'rejected') delete next.reason;
      await db.activities.put(next);
    }),
  );
}

/** The files of an activity the office does not have yet. */
export async function unsentFiles(activityId: string, db: ActivityDb = getActivityDb()): Promise<ActivityFileRecord[]> {
  return withStorage(db, async () =>
    (await db.files.where('activityId').equals(activityId).toArray()).filter((f) => !f.sent),
  );
}

/** Marks a file as received by the office. */
export async function markFileSent(id: string, db: ActivityDb = getActivityDb()): Promise<void> {
  await withStorage(db, () => db.files.update(id, { sent: true }));
}

/** Reads a setting. */
export async function getActivitySetting<T>(key: string, db: ActivityDb = getActivityDb()): Promise<T | undefined> {
  return withStorage(db, async () => (await db.settings.get(key))?.value as T | undefined);
}

/** Writes a setting. */
export async function setActivitySetting(key: string, value: unknown, db: ActivityDb = getActivityDb()): Promise<void> {
  await withStorage(db, () => db.settings.put({ key, value }));
}

/** The settings key of the device's sending code. */
export const DEVICE_CODE_KEY = 'device';

/** The device's sending code (an activity device token), if one was entered. */
export async function getDeviceCode(db: ActivityDb = getActivityDb()): Promise<string | undefined> {
  return (await getActivitySetting<{ token: string }>(DEVICE_CODE_KEY, db))?.token;
}

/** What the officer's screen lists, live: the newest activities of each kind. */
export interface ActivityQueue {
  waiting: ActivityRecord[];
  rejected: ActivityRecord[];
  sent: ActivityRecord[];
}

/** The device's activities by state, newest first, live. */
export function observeActivityQueue(limit = 20, db: ActivityDb = getActivityDb()): Observable<ActivityQueue> {
  return liveQuery(async () => {
    const newest = (...states: ActivityState[]) =>
      db.activities
        .where('state')
        .anyOf(...states)
        .toArray()
        .then((list) => list.sort((a, b) => (a.enqueuedAt < b.enqueuedAt ? 1 : -1)).slice(0, limit));
    const [waiting, rejected, sent] = await Promise.all([
      newest('waiting', 'sending'),
      newest('rejected'),
      newest('sent'),
    ]);
    return { waiting, rejected, sent };
  });
}
