/**
 * The outbox's entries (see `outbox.ts`): what sync reads and writes (the responses to send, the
 * server's verdicts, pruning, the sync status), and the lists the device screen, backups and the
 * thank-you screen read. Loaded only with those, never on a respondent's first load.
 */
import { Dexie, liveQuery, type Observable } from 'dexie';
import type { CompletedResponse } from '../core/response.js';
import { getDb, type OutboxRecord, type OutboxState, type ResponseRecord, type SiangDb } from './db.js';
import { SYNC_KEY, type SyncStatus } from './outbox.js';
import { StorageError, withStorage } from './storage-errors.js';

/** A completed record in the form the server receives. */
export function toCompleted(record: ResponseRecord): CompletedResponse {
  if (record.status !== 'completed' || !record.completedAt) throw new StorageError('unknown');
  return {
    id: record.id,
    surveyId: record.surveyId,
    surveyVersion: record.surveyVersion,
    answers: record.answers,
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    locale: record.locale,
    appVersion: record.appVersion,
    privacyVersion: record.privacyVersion,
    privacyAcceptedAt: record.privacyAcceptedAt,
    ...(record.source && { source: record.source }),
    ...(record.training && { training: true }),
    ...(record.receiptCode && { receiptCode: record.receiptCode }),
  };
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
  await withStorage(db, () => db.transaction('rw', db.settings, () => mergeSyncStatus(db, change)));
}

async function mergeSyncStatus(
  db: SiangDb,
  change: { [K in keyof SyncStatus]?: SyncStatus[K] | undefined },
): Promise<void> {
  const previous = ((await db.settings.get(SYNC_KEY))?.value as SyncStatus | undefined) ?? { state: 'idle' };
  const merged: Record<string, unknown> = { ...previous, ...change };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const next = { state: previous.state, ...merged } as SyncStatus;
  await db.settings.put({ key: SYNC_KEY, value: next });
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
  // bulkUpdate fetches the entries in one go; a Collection's modify() would walk a cursor,
  // one round trip per entry, which is slow with a batch of 500.
  await withStorage(db, () =>
    db.outbox.bulkUpdate(ids.map((key) => ({ key, changes: { state: 'sending' as const } }))),
  );
}

/** The server's verdict on one response. */
export type Verdict =
  | { id: string; outcome: 'sent'; receivedAt: string }
  | { id: string; outcome: 'rejected'; code: string; message: string }
  | { id: string; outcome: 'retry' };

/**
 * Records the server's verdicts in one transaction; with `then`, in the same transaction, also
 * marks the next batch as sending and updates the sync status (one commit per batch keeps a
 * device with thousands waiting quick).
 */
export async function recordVerdicts(
  verdicts: readonly Verdict[],
  db: SiangDb = getDb(),
  then: { sending?: readonly string[]; status?: Partial<SyncStatus> } = {},
): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.outbox, db.settings, async () => {
      const entries = await db.outbox.bulkGet(verdicts.map((v) => v.id));
      const updated: OutboxRecord[] = [];
      verdicts.forEach((v, i) => {
        const entry = entries[i];
        if (!entry) return;
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
        updated.push(next);
      });
      await db.outbox.bulkPut(updated);
      if (then.sending?.length) {
        await db.outbox.bulkUpdate(then.sending.map((key) => ({ key, changes: { state: 'sending' as const } })));
      }
      if (then.status) await mergeSyncStatus(db, then.status);
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

/** The newest `limit` completed responses in the given states, with their entries, newest first. */
export async function outboxItems(
  states: readonly OutboxState[],
  limit = Number.POSITIVE_INFINITY,
  db: SiangDb = getDb(),
): Promise<OutboxItem[]> {
  const perState = await Promise.all(
    states.map((state) => {
      const newest = db.outbox
        .where('[state+enqueuedAt]')
        .between([state, Dexie.minKey], [state, Dexie.maxKey])
        .reverse();
      return Number.isFinite(limit) ? newest.limit(limit).toArray() : newest.toArray();
    }),
  );
  const entries = perState
    .flat()
    .sort((a, b) => (a.enqueuedAt < b.enqueuedAt ? 1 : a.enqueuedAt > b.enqueuedAt ? -1 : 0))
    .slice(0, limit);
  const records = await db.responses.bulkGet(entries.map((e) => e.responseId));
  const items: OutboxItem[] = [];
  entries.forEach((entry, i) => {
    const response = records[i];
    if (response) items.push({ entry, response });
  });
  return items;
}

/** What the device screen shows: the count and the newest `limit` items of each group, live. */
export interface OutboxOverview {
  waiting: { count: number; items: OutboxItem[] };
  attention: { count: number; items: OutboxItem[] };
  sent: { count: number; items: OutboxItem[] };
}

/**
 * The device screen's lists, live. Only the newest `limit` of each are read, so a device with
 * thousands of responses waiting stays responsive while it sends them.
 */
export function observeOutboxOverview(limit: number, db: SiangDb = getDb()): Observable<OutboxOverview> {
  return liveQuery(async () => {
    const count = (state: OutboxState) => db.outbox.where('state').equals(state).count();
    const [waiting, sending, rejected, sent, waitingItems, attentionItems, sentItems] = await Promise.all([
      count('waiting'),
      count('sending'),
      count('rejected'),
      count('sent'),
      outboxItems(['waiting', 'sending'], limit, db),
      outboxItems(['rejected'], limit, db),
      outboxItems(['sent'], limit, db),
    ]);
    return {
      waiting: { count: waiting + sending, items: waitingItems },
      attention: { count: rejected, items: attentionItems },
      sent: { count: sent, items: sentItems },
    };
  });
}

/** One response's sending state, live (the thank-you screen follows it). */
export function observeOutboxEntry(id: string, db: SiangDb = getDb()): Observable<OutboxRecord | undefined> {
  return liveQuery(() => db.outbox.get(id));
}
