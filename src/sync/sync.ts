/**
 * Sends the outbox to the office's endpoint (docs/sync-protocol.md). Runs in the page and in the
 * service worker; one sync at a time across both (Web Locks). Reads and writes the device
 * database only through src/db; knows nothing of the UI.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_RESPONSES, type SubmissionReply } from '../core/protocol.js';
import type { CompletedResponse } from '../core/response.js';
import {
  markSending,
  pruneSent,
  recordVerdicts,
  responsesToSend,
  updateSyncStatus,
  type Verdict,
} from '../db/outbox-entries.js';

/** The name of the lock that keeps syncs apart, and of the Background Sync tag. */
export const SYNC_LOCK = 'siang-sync';
export const SYNC_TAG = 'siang-outbox';

/** How a sync run ended. */
export type SyncOutcome =
  | { kind: 'done'; sent: number; rejected: number }
  | { kind: 'nothing' }
  | { kind: 'busy' }
  | { kind: 'retry'; reason: SyncFailure; retryAfterMs?: number };

/** Why a sync could not finish; the person sees a translation of it. */
export type SyncFailure = 'offline' | 'timeout' | 'server' | 'rate_limited' | 'refused' | 'storage';

/** What a sync needs from its surroundings. */
export interface SyncOptions {
  /** The API base, e.g. `/api/v1` or `https://survey.example.go.th/api/v1`. */
  endpoint: string;
  fetch?: typeof fetch;
  /** Abort a request that has not answered by then. */
  timeoutMs?: number;
  /** Keep acknowledged responses on the device this long, then prune them. */
  keepSentMs?: number;
  /** Progress while sending. */
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
}

/** Default request timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default time an acknowledged response stays on the device. */
export const DEFAULT_KEEP_SENT_MS = 30 * 24 * 60 * 60 * 1000;

/** Splits responses into batches within the protocol's count and size limits. */
export function toBatches(
  responses: readonly CompletedResponse[],
  maxCount = MAX_BATCH_RESPONSES,
  maxBytes = MAX_BATCH_BYTES,
): CompletedResponse[][] {
  const batches: CompletedResponse[][] = [];
  let current: CompletedResponse[] = [];
  // Leave room for the envelope and for multi-byte text counted by the server in bytes.
  let size = 32;
  for (const r of responses) {
    const bytes = new TextEncoder().encode(JSON.stringify(r)).length + 1;
    if (current.length && (current.length >= maxCount || size + bytes > maxBytes * 0.9)) {
      batches.push(current);
      current = [];
      size = 32;
    }
    current.push(r);
    size += bytes;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Sends one batch; throws a SyncFailure string when it did not get an answer to trust. */
async function post(batch: readonly CompletedResponse[], options: SyncOptions): Promise<SubmissionReply | 'too_large'> {
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await doFetch(`${options.endpoint.replace(/\/$/, '')}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ responses: batch }),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw (controller.signal.aborted ? 'timeout' : 'offline') satisfies SyncFailure;
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 413) return 'too_large';
  if (response.status === 429) throw 'rate_limited' satisfies SyncFailure;
  if (response.status >= 500) throw 'server' satisfies SyncFailure;
  if (!response.ok) throw 'refused' satisfies SyncFailure;
  try {
    const body = (await response.json()) as SubmissionReply;
    if (!Array.isArray(body.results)) throw new Error('no results');
    return body;
  } catch {
    // A reply we cannot read: the server may or may not have stored; resending is safe.
    throw 'server' satisfies SyncFailure;
  }
}

function verdictsOf(batch: readonly CompletedResponse[], reply: SubmissionReply): Verdict[] {
  const byId = new Map(reply.results.map((r) => [r.id, r]));
  return batch.map((response): Verdict => {
    const result = byId.get(response.id);
    if (!result) return { id: response.id, outcome: 'retry' };
    if (result.status === 'stored' || result.status === 'duplicate') {
      return { id: response.id, outcome: 'sent', receivedAt: result.receivedAt ?? reply.serverTime };
    }
    return {
      id: response.id,
      outcome: 'rejected',
      code: result.reason?.code ?? result.status,
      message: result.reason?.message ?? result.status,
    };
  });
}

async function drain(options: SyncOptions): Promise<SyncOutcome> {
  const now = options.now ?? (() => new Date());
  const pending = (await responsesToSend()).map((p) => p.response);
  await pruneSent(options.keepSentMs ?? DEFAULT_KEEP_SENT_MS, now());
  if (!pending.length) {
    await updateSyncStatus({
      state: 'idle',
      done: undefined,
      total: undefined,
      lastError: undefined,
      nextAttemptAt: undefined,
    });
    return { kind: 'nothing' };
  }
  const total = pending.length;
  let done = 0;
  let sent = 0;
  let rejected = 0;
  const queue = toBatches(pending);
  await updateSyncStatus({ state: 'sending', done, total, lastError: undefined, nextAttemptAt: undefined });
  options.onProgress?.(done, total);
  // The first batch is marked sending here; each next one with the verdicts of the one before.
  let marked = false;
  while (queue.length) {
    const batch = queue.shift() as CompletedResponse[];
    if (!marked) await markSending(batch.map((r) => r.id));
    marked = false;
    let reply: SubmissionReply | 'too_large';
    try {
      reply = await post(batch, options);
    } catch (failure) {
      await recordVerdicts(batch.map((r) => ({ id: r.id, outcome: 'retry' })));
      const reason = typeof failure === 'string' ? (failure as SyncFailure) : 'server';
      await updateSyncStatus({
        state: reason === 'offline' ? 'offline' : 'waiting',
        lastError: reason,
        done: undefined,
        total: undefined,
      });
      return { kind: 'retry', reason };
    }
    if (reply === 'too_large') {
      if (batch.length === 1) {
        await recordVerdicts([
          {
            id: (batch[0] as CompletedResponse).id,
            outcome: 'rejected',
            code: 'too_large',
            message: 'the response is larger than the server accepts',
          },
        ]);
        rejected += 1;
        done += 1;
      } else {
        // Smaller batches, same responses: the server's limit may be lower than ours.
        const half = Math.ceil(batch.length / 2);
        queue.unshift(batch.slice(0, half), batch.slice(half));
        await recordVerdicts(batch.map((r) => ({ id: r.id, outcome: 'retry' })));
      }
      continue;
    }
    const verdicts = verdictsOf(batch, reply);
    for (const v of verdicts) {
      if (v.outcome === 'sent') sent += 1;
      if (v.outcome === 'rejected') rejected += 1;
    }
    done += batch.length;
    const next = queue[0];
    await recordVerdicts(verdicts, undefined, {
      sending: next ? next.map((r) => r.id) : [],
      status: { state: 'sending', done, total },
    });
    marked = next !== undefined;
    options.onProgress?.(done, total);
  }
  await updateSyncStatus({
    state: 'idle',
    done: undefined,
    total: undefined,
    lastError: undefined,
    lastSuccessAt: now().toISOString(),
  });
  return { kind: 'done', sent, rejected };
}

/**
 * Sends everything waiting. Only one sync runs at a time on a device: a call made while another
 * page or the service worker is syncing returns `busy` at once.
 */
export async function syncOutbox(options: SyncOptions): Promise<SyncOutcome> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  const run = async () => {
    try {
      return await drain(options);
    } catch (error) {
      // Storage failed under us: nothing was marked sent that was not, so retrying is safe.
      await updateSyncStatus({ state: 'waiting', lastError: 'storage' }).catch(() => undefined);
      if (typeof error === 'object') console.error('sync failed', error);
      return { kind: 'retry', reason: 'storage' } as const;
    }
  };
  if (!locks) return run();
  return locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) => (lock ? run() : ({ kind: 'busy' } as const)));
}

/** Exponential backoff with jitter: about 5 s, 10 s, 20 s … up to 15 minutes. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt), 15 * 60_000);
  return Math.round(base * (0.5 + random()));
}
