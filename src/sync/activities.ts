/**
 * Sends the activities officers recorded on this device (src/db/activities.ts) to the office:
 * `POST {endpoint}/activities/submissions`, then each file the office does not have yet with
 * `PUT {endpoint}/activities/:id/attachments/:fileId`. Every step is keyed by an id made on the
 * device, so a retry after a lost reply is a duplicate and nothing arrives twice. It shares the
 * responses' sync lock (one sync at a time per device) and backoff (src/sync/sync.ts).
 */
import type { ActivityResult } from '../core/activities.js';
import { toBase64 } from '../core/base64.js';
import {
  type ActivityRecord,
  activitiesToSend,
  markFileSent,
  setActivityState,
  unsentFiles,
} from '../db/activities.js';
import type { SyncFailure } from './sync.js';

// The responses' lock and timeout (src/sync/sync.ts), written out rather than imported: an import
// would split sync.ts into a chunk of its own and lengthen the respondent's first load's list of
// chunks (test/sync/activities.test.ts checks they stay the same).
/** The Background Sync tag under which the service worker sends activities. */
export const ACTIVITY_SYNC_TAG = 'siang-activities';
/** The lock that keeps syncs of this device apart, the same as the responses'. */
export const ACTIVITY_SYNC_LOCK = 'siang-sync';
const DEFAULT_TIMEOUT_MS = 30_000;

/** Backoff as for responses: about 5 s doubling up to 15 minutes, ×0.5–1.5. */
export function activityBackoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(Math.min(5_000 * 2 ** Math.max(0, attempt), 15 * 60_000) * (0.5 + random()));
}

/** Why a run could not finish: the sync failures, or the office refused this device's code. */
export type ActivitySyncFailure = SyncFailure | 'unauthorized';

/** How a run ended. */
export type ActivitySyncOutcome =
  | { kind: 'done'; sent: number; rejected: number }
  | { kind: 'nothing' }
  | { kind: 'busy' }
  | { kind: 'retry'; reason: ActivitySyncFailure };

/** What a run needs. */
export interface ActivitySyncOptions {
  endpoint: string;
  /** The device's sending code (an activity device token); without it a staff session is used. */
  token?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** At most this many activities per request (the server's limit is 50). */
const BATCH = 20;

async function request(url: string, body: unknown, method: 'POST' | 'PUT', options: ActivitySyncOptions) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: controller.signal,
      // A signed-in staff member's session works on the office's own address.
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (response.status === 401 || response.status === 403) throw 'unauthorized' satisfies ActivitySyncFailure;
    if (response.status === 429) throw 'rate_limited' satisfies ActivitySyncFailure;
    if (response.status >= 500) throw 'server' satisfies ActivitySyncFailure;
    return response;
  } catch (error) {
    if (typeof error === 'string') throw error;
    throw (controller.signal.aborted ? 'timeout' : 'offline') satisfies ActivitySyncFailure;
  } finally {
    clearTimeout(timer);
  }
}

/** Sends the files the office is missing; returns a reason when the office refused one. */
async function sendFiles(
  record: ActivityRecord,
  missing: readonly string[],
  base: string,
  options: ActivitySyncOptions,
): Promise<{ code: string; message: string } | undefined> {
  for (const file of await unsentFiles(record.id)) {
    if (!missing.includes(file.id)) {
      await markFileSent(file.id); // the office has it already (sent before a reply was lost)
      continue;
    }
    const declared = record.activity.attachments.find((a) => a.id === file.id);
    const data = toBase64(new Uint8Array(file.bytes));
    const response = await request(
      `${base}/activities/${record.id}/attachments/${file.id}`,
      {
        kind: declared?.kind ?? 'photo',
        name: declared?.name ?? '',
        takenAt: declared?.takenAt ?? null,
        public: declared?.public ?? false,
        data,
      },
      'PUT',
      options,
    );
    if (response.ok) {
      await markFileSent(file.id);
      continue;
    }
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    return { code: body.error ?? String(response.status), message: body.message ?? response.statusText };
  }
  return undefined;
}

async function drain(options: ActivitySyncOptions): Promise<ActivitySyncOutcome> {
  const pending = await activitiesToSend();
  if (!pending.length) return { kind: 'nothing' };
  const base = options.endpoint.replace(/\/$/, '');
  let sent = 0;
  let rejected = 0;
  try {
    for (let i = 0; i < pending.length; i += BATCH) {
      const batch = pending.slice(i, i + BATCH);
      for (const r of batch) await setActivityState(r.id, { state: 'sending' });
      const response = await request(
        `${base}/activities/submissions`,
        { activities: batch.map((r) => r.activity) },
        'POST',
        options,
      );
      if (!response.ok) throw 'refused' satisfies ActivitySyncFailure;
      let results: ActivityResult[];
      try {
        results = ((await response.json()) as { results: ActivityResult[] }).results;
        if (!Array.isArray(results)) throw new Error('no results');
      } catch {
        throw 'server' satisfies ActivitySyncFailure;
      }
      for (const record of batch) {
        const result = results.find((r) => r.id === record.id);
        if (!result) {
          await setActivityState(record.id, { state: 'waiting' });
          continue;
        }
        if (result.status === 'conflict' || result.status === 'rejected') {
          const reason = result.reason ?? { code: result.status, message: result.status };
          await setActivityState(record.id, {
            state: 'rejected',
            reason: { code: reason.code, message: reason.message },
          });
          rejected += 1;
          continue;
        }
        const refused = await sendFiles(record, result.missing ?? [], base, options);
        if (refused) {
          await setActivityState(record.id, { state: 'rejected', reason: refused });
          rejected += 1;
        } else {
          await setActivityState(record.id, {
            state: 'sent',
            ...(result.receivedAt ? { receivedAt: result.receivedAt } : {}),
            sentAt: new Date().toISOString(),
          });
          sent += 1;
        }
      }
    }
  } catch (failure) {
    // Whatever was cut off stays waiting: the office deduplicates by id.
    for (const r of await activitiesToSend())
      if (r.state === 'sending') await setActivityState(r.id, { state: 'waiting' });
    return { kind: 'retry', reason: typeof failure === 'string' ? (failure as ActivitySyncFailure) : 'storage' };
  }
  return { kind: 'done', sent, rejected };
}

/** Sends every waiting activity; `busy` when another sync of this device runs now. */
export async function syncActivities(options: ActivitySyncOptions): Promise<ActivitySyncOutcome> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) return drain(options);
  return locks.request(ACTIVITY_SYNC_LOCK, { ifAvailable: true }, async (lock) =>
    lock ? drain(options) : ({ kind: 'busy' } as const),
  );
}
