/**
 * The device's database (IndexedDB "siang", through Dexie). It stores drafts and completed
 * responses (`responses`), the queue of completed responses waiting to be sent (`outbox`), the
 * survey definitions the device has seen (`surveys`) and small settings (`settings`).
 * Schema versions are only ever added, each with its upgrade; see test/db/migrations.test.ts.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { AnswerValue } from '../core/answers.js';
import type { Lang, SurveyDefinition } from '../core/survey.js';

/**
 * A response on the device: a draft while being filled, then completed and frozen. A draft left
 * idle on a kiosk is set aside (`abandoned`): kept on the device, never sent.
 */
export interface ResponseRecord {
  id: string;
  surveyId: string;
  surveyVersion: number;
  status: 'draft' | 'completed' | 'abandoned';
  answers: Record<string, AnswerValue>;
  /** Where the person is: a section id, or `review`. */
  position: string;
  startedAt: string;
  updatedAt: string;
  /** Counts the draft's saves (absent before the first); a save from a known draft checks it. */
  revision?: number;
  completedAt?: string;
  locale: Lang;
  appVersion: string;
  privacyVersion: string;
  privacyAcceptedAt: string;
  /** Answers filled in advance by a link or a kiosk (question id → value). */
  presets?: Record<string, string>;
  /** When an idle kiosk draft was set aside. */
  abandonedAt?: string;
  /** How it was collected (sent with it): a survey link, a kiosk, or the device's survey list. */
  source?: 'link' | 'kiosk' | 'device';
  /** Made in training mode: the office stores it as test data. */
  training?: true;
  /** A complaint's receipt number (src/core/receipt.ts), made when it was submitted; sent with it. */
  receiptCode?: string;
}

/** Sending state of a completed response. */
export type OutboxState = 'waiting' | 'sending' | 'sent' | 'rejected';

/** A completed response's place in the queue to the office's endpoint. */
export interface OutboxRecord {
  responseId: string;
  state: OutboxState;
  enqueuedAt: string;
  attempts: number;
  /** When the server acknowledged it (its receipt time). */
  sentAt?: string;
  /** Why it was set aside (a reason code and message from the server). */
  reason?: { code: string; message: string };
}

/** A survey definition kept for offline use. */
export interface SurveyRecord {
  id: string;
  version: number;
  definition: SurveyDefinition;
  storedAt: string;
}

/** A small named value (language, whether persistent storage was asked for, …). */
export interface SettingRecord {
  key: string;
  value: unknown;
}

/** The Dexie database with its tables. */
export type SiangDb = Dexie & {
  responses: EntityTable<ResponseRecord, 'id'>;
  outbox: EntityTable<OutboxRecord, 'responseId'>;
  surveys: Dexie.Table<SurveyRecord, [string, number]>;
  settings: EntityTable<SettingRecord, 'key'>;
};

/** The IndexedDB database name. */
export const DB_NAME = 'siang';

/** Every schema version, oldest first. Add a new entry to change the schema; never edit one. */
export const SCHEMA_VERSIONS: ReadonlyArray<{ version: number; stores: Record<string, string> }> = [
  {
    version: 1,
    stores: {
      responses: 'id, status, surveyId, [surveyId+status], updatedAt',
      outbox: 'responseId, state, enqueuedAt',
      surveys: '[id+version], id',
      settings: 'key',
    },
  },
  {
    // The device screen lists the newest entries of one state without reading the others.
    version: 2,
    stores: { outbox: 'responseId, state, enqueuedAt, [state+enqueuedAt]' },
  },
];

/** Opens (lazily, on first use) the device database. */
export function createDb(name: string = DB_NAME): SiangDb {
  const db = new Dexie(name) as SiangDb;
  for (const { version, stores } of SCHEMA_VERSIONS) db.version(version).stores(stores);
  return db;
}

let shared: SiangDb | undefined;

/** The one database of this page or worker. */
export function getDb(): SiangDb {
  shared ??= createDb();
  return shared;
}

/**
 * Starts opening the shared database at once, before the first screen is drawn: Dexie's first use
 * (its schema, its code compiled on first call, creating the tables on a first visit) then runs
 * while the page loads instead of in one long task after the screen shows, when the screen's own
 * reads would all wait for the open and run together. A failure is not lost: every operation
 * rejects with it, and the screens show it.
 */
export function openDbEarly(): void {
  getDb()
    .open()
    .catch(() => undefined);
}

/** Replaces the shared database (tests use a fresh one per test). */
export function useDb(db: SiangDb): void {
  shared = db;
}
