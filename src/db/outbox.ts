/**
 * The outbox (table `outbox`): one entry per completed response, from "waiting" until the server
 * has acknowledged it ("sent", pruned after a retention period) or set it aside ("rejected",
 * kept until a person deals with it). Entries are added only by `completeResponse`; nothing here
 * deletes a response the server has not stored. The sync status (table `settings`, key
 * `sync`) says what the last sync did, for every screen to show.
 */
import { liveQuery, type Observable } from 'dexie';
import type { CompletedResponse } from '../core/response.js';
import { getDb, type OutboxRecord, type OutboxState, type ResponseRecord, type SiangDb } from './db.js';
import { toCompleted } from './responses.js';
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

const SYNC_KEY = 'sync';

/** Counts per state, live, for the status shown on every screen. */
export function observeOutboxCounts(db: SiangDb = getDb()): Observable<OutboxCounts> {
  return liveQuery(async () => {
    const counts: OutboxCounts = { waiting: 0, sending: 0, sent: 0, rejected: 0 };
    await db.outbox.each((entry) => {
      counts[entry.state] += 1;
    });
    return counts;
  });
}

/** The sync status, live. */
export function observeSyncStatus(db: SiangDb = getDb()): Observable<SyncStatus> {
  return liveQuery(
    async () => ((await db.settings.get(SYNC_KEY))?.value as SyncStatus | undefined) ?? { state: 'idle' },
  );
}

/** Reads the sync status. */
export async function getSyncStatus(db: SiangDb = getDb()): Promise<SyncStatus> {
  const record = await withStorage(db, () => db.settings.get(SYNC_KEY));
  return (record?.value as SyncStatus | undefined) ?? { state: 'idle' };
}

/** Changes the sync status (merging with what is there; `undefined` clears a field). */
export async function updateSyncStatus(
  change: { [K in keyof SyncStatus]?: SyncStatus[K] | undefined },
  db: SiangDb = getDb(),
): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.settings, async () => {
      const previous = ((await db.settings.get(SYNC_KEY))?.value as SyncStatus | undefined) ?? { state: 'idle' };
      const merged: Record<string, unknown> = { ...previous, ...change };
      for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
      const next = { state: previous.state, ...merged } as SyncStatus;
      await db.settings.put({ key: SYNC_KEY, value: next });
    }),
  );
}

/**
 * The responses still to send, oldest first, with their entries. An entry left "sending" by a
 * sync that was cut off (a closed tab, a killed worker) is sent again: the server dedups.
 */
export async function responsesToSend(
  db: SiangDb = getDb(),
): Promise<{ entry: OutboxRecord; response: CompletedResponse }[]> {
  return withStorage(db, () =>
    db.transaction('r', db.outbox, db.responses, async () => {
      const entries = await db.outbox.where('state').anyOf('waiting', 'sending').sortBy('enqueuedAt');
      const records = await db.responses.bulkGet(entries.map((e) => e.responseId));
      const out: { entry: OutboxRecord; response: CompletedResponse }[] = [];
      entries.forEach((entry, i) => {
        const record = records[i] as ResponseRecord | undefined;
        if (record?.status === 'completed') out.push({ entry, response: toCompleted(record) });
      });
      return out;
    }),
  );
}

/** Marks entries as being sent now. */
export async function markSending(ids: readonly string[], db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () =>
    db.outbox
      .where('responseId')
      .anyOf([...ids])
      .modify({ state: 'sending' }),
  );
}

/** The server's verdict on one response. */
export type Verdict =
  | { id: string; outcome: 'sent'; receivedAt: string }
  | { id: string; outcome: 'rejected'; code: string; message: string }
  | { id: string; outcome: 'retry' };

/** Records the server's verdicts in one transaction. */
export async function recordVerdicts(verdicts: readonly Verdict[], db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.outbox, async () => {
      for (const v of verdicts) {
        const entry = await db.outbox.get(v.id);
        if (!entry) continue;
        const next: OutboxRecord = { ...entry, attempts: entry.attempts + 1 };
        if (v.outcome === 'sent') {
          next.state = 'sent';
          next.sentAt = v.receivedAt;
          delete next.reason;
        } else if (v.outcome === 'rejected') {
          next.state = 'rejected';
          next.reason = { code: v.code, message: v.message };
        } else {
          next.state = 'waiting';
        }
        await db.outbox.put(next);
      }
    }),
  );
}

/**
 * Deletes responses the server acknowledged longer ago than `keepMs` (and their entries). Only
 * "sent" entries are ever pruned; waiting and set-aside responses stay.
 */
export async function pruneSent(keepMs: number, now: Date = new Date(), db: SiangDb = getDb()): Promise<number> {
  const cutoff = new Date(now.getTime() - keepMs).toISOString();
  return withStorage(db, () =>
    db.transaction('rw', db.outbox, db.responses, async () => {
      const old = await db.outbox
        .where('state')
        .equals('sent')
        .filter((e) => e.sentAt !== undefined && e.sentAt < cutoff)
        .toArray();
      const ids = old.map((e) => e.responseId);
      await db.responses.bulkDelete(ids);
      await db.outbox.bulkDelete(ids);
      return ids.length;
    }),
  );
}

/** A completed response with its sending state, for the device screen and exports. */
export interface OutboxItem {
  entry: OutboxRecord;
  response: ResponseRecord;
}

/** Every completed response on the device with its state, newest first, live. */
export function observeOutboxItems(db: SiangDb = getDb()): Observable<OutboxItem[]> {
  return liveQuery(async () => {
    const entries = await db.outbox.orderBy('enqueuedAt').reverse().toArray();
    const records = await db.responses.bulkGet(entries.map((e) => e.responseId));
    const items: OutboxItem[] = [];
    entries.forEach((entry, i) => {
      const response = records[i];
      if (response) items.push({ entry, response });
    });
    return items;
  });
}

/** One response's sending state, live (the thank-you screen follows it). */
export function observeOutboxEntry(id: string, db: SiangDb = getDb()): Observable<OutboxRecord | undefined> {
  return liveQuery(() => db.outbox.get(id));
}

/** How many responses still wait to be sent. */
export async function countWaiting(db: SiangDb = getDb()): Promise<number> {
  return withStorage(db, () => db.outbox.where('state').anyOf('waiting', 'sending').count());
}
