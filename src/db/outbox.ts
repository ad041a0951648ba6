/**
 * The outbox (table `outbox`): one entry per completed response, from "waiting" until the server
 * has acknowledged it ("sent", pruned after a retention period) or set it aside ("rejected",
 * kept until a person deals with it). Entries are added only by `completeResponse`; nothing
 * deletes a response the server has not stored. The sync status (table `settings`, key
 * `sync`) says what the last sync did, for every screen to show.
 *
 * This module holds what every screen reads (counts and status); what sync writes and the
 * screens that list entries read is in `outbox-entries.ts`, loaded only with them.
 */
import { liveQuery, type Observable } from 'dexie';
import { getDb, type OutboxState, type SiangDb } from './db.js';
import { withStorage } from './storage-errors.js';

/** How many responses are in each sending state. */
export type OutboxCounts = Record<OutboxState, number>;

/** What the last or current sync is doing. */
export interface SyncStatus {
  state: 'idle' | 'sending' | 'waiting' | 'offline';
  /** While sending: how many of how many. */
  done?: number;
  total?: number;
  /** Why the last attempt did not finish ("offline", "timeout", "server", "rate_limited", …). */
  lastError?: string;
  /** When the next automatic attempt is due. */
  nextAttemptAt?: string;
  /** When a sync last reached the server and finished. */
  lastSuccessAt?: string;
}

/** The settings key of the sync status. */
export const SYNC_KEY = 'sync';

/** Counts per state, live, for the status shown on every screen. */
export function observeOutboxCounts(db: SiangDb = getDb()): Observable<OutboxCounts> {
  // Counted on the index: no entry is read, so it stays cheap with thousands waiting.
  return liveQuery(async () => {
    const [waiting, sending, sent, rejected] = await Promise.all(
      (['waiting', 'sending', 'sent', 'rejected'] as const).map((state) =>
        db.outbox.where('state').equals(state).count(),
      ),
    );
    return { waiting, sending, sent, rejected } as OutboxCounts;
  });
}

/** The sync status, live. */
export function observeSyncStatus(db: SiangDb = getDb()): Observable<SyncStatus> {
  return liveQuery(
    async () => ((await db.settings.get(SYNC_KEY))?.value as SyncStatus | undefined) ?? { state: 'idle' },
  );
}

/** How many responses still wait to be sent. */
export async function countWaiting(db: SiangDb = getDb()): Promise<number> {
  return withStorage(db, () => db.outbox.where('state').anyOf('waiting', 'sending').count());
}
