import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { SubmissionReply } from '../../src/core/protocol.js';
import { createDb, type SiangDb, useDb } from '../../src/db/db.js';
import { getSyncStatus, pruneSent } from '../../src/db/outbox-entries.js';
import { completeResponse, saveAnswer, startDraft } from '../../src/db/responses.js';
import { backoffMs, syncOutbox, toBatches } from '../../src/sync/sync.js';
import { sampleSurvey } from '../fixtures.js';

let db: SiangDb;
let n = 0;

beforeEach(() => {
  db = createDb(`siang-sync-${++n}`);
  useDb(db);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

async function submitted(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const draft = await startDraft({ survey: sampleSurvey, locale: 'th', appVersion: 't', position: 'about' }, db);
    await saveAnswer(draft.id, 'group', 'parent', db);
    await saveAnswer(draft.id, 'r1', { expectation: 5, satisfaction: 4 }, db);
    await completeResponse(draft.id, sampleSurvey, db);
    ids.push(draft.id);
  }
  return ids;
}

type Handler = (body: { responses: { id: string }[] }) => Response | Promise<Response>;

function fakeEndpoint(handler: Handler) {
  const calls: { responses: { id: string }[] }[] = [];
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { responses: { id: string }[] };
    calls.push(body);
    return handler(body);
  }) as typeof fetch;
  return { calls, fetch: fetchImpl };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const storedAll = (body: { responses: { id: string }[] }): SubmissionReply => ({
  results: body.responses.map((r) => ({ id: r.id, status: 'stored', receivedAt: '2026-11-25T03:00:00.000Z' })),
  serverTime: '2026-11-25T03:00:00.000Z',
});

describe('sending the outbox', () => {
  it('marks stored and duplicate responses sent with the server receipt, and records the last success', async () => {
    const ids = await submitted(2);
    const endpoint = fakeEndpoint((body) =>
      json({
        results: [
          { id: body.responses[0]?.id, status: 'stored', receivedAt: '2026-11-25T03:00:00.000Z' },
          { id: body.responses[1]?.id, status: 'duplicate', receivedAt: '2026-11-24T01:00:00.000Z' },
        ],
        serverTime: '2026-11-25T03:00:00.000Z',
      }),
    );
    const outcome = await syncOutbox({ endpoint: 'http://x/api/v1', fetch: endpoint.fetch });
    expect(outcome).toEqual({ kind: 'done', sent: 2, rejected: 0 });
    expect(endpoint.calls[0]?.responses.map((r) => r.id)).toEqual(ids);
    expect((await db.outbox.get(ids[0] as string))?.sentAt).toBe('2026-11-25T03:00:00.000Z');
    expect((await db.outbox.get(ids[1] as string))?.sentAt).toBe('2026-11-24T01:00:00.000Z');
    expect((await getSyncStatus(db)).lastSuccessAt).toBeTruthy();
  });

  it('sets rejected and conflicting responses aside with the reason, never deleting them', async () => {
    const ids = await submitted(2);
    const endpoint = fakeEndpoint((body) =>
      json({
        results: [
          {
            id: body.responses[0]?.id,
            status: 'rejected',
            reason: { code: 'unknown_survey', message: 'no such version' },
          },
          { id: body.responses[1]?.id, status: 'conflict', reason: { code: 'conflict', message: 'stored first' } },
        ],
        serverTime: 'x',
      }),
    );
    expect(await syncOutbox({ endpoint: 'http://x', fetch: endpoint.fetch })).toEqual({
      kind: 'done',
      sent: 0,
      rejected: 2,
    });
    expect(await db.outbox.get(ids[0] as string)).toMatchObject({
      state: 'rejected',
      reason: { code: 'unknown_survey' },
    });
    expect(await db.outbox.get(ids[1] as string)).toMatchObject({ state: 'rejected', reason: { code: 'conflict' } });
    expect(await db.responses.count()).toBe(2);
    // A later sync leaves them alone.
    const again = fakeEndpoint((body) => json(storedAll(body)));
    expect(await syncOutbox({ endpoint: 'http://x', fetch: again.fetch })).toEqual({ kind: 'nothing' });
    expect(again.calls).toHaveLength(0);
  });

  it.each([
    ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), 'offline'],
    ['a server error', () => json({ error: 'internal' }, 500), 'server'],
    ['too many requests', () => json({ error: 'too_many_requests' }, 429), 'rate_limited'],
    ['an unreadable reply', () => new Response('<html>proxy error</html>', { status: 200 }), 'server'],
  ] as const)('keeps responses waiting after %s, and sends them on the next try', async (_name, fail, reason) => {
    const ids = await submitted(3);
    const failing = fakeEndpoint(fail as Handler);
    expect(await syncOutbox({ endpoint: 'http://x', fetch: failing.fetch })).toEqual({ kind: 'retry', reason });
    for (const id of ids) expect((await db.outbox.get(id))?.state).toBe('waiting');
    expect((await getSyncStatus(db)).lastError).toBe(reason);
    const ok = fakeEndpoint((body) => json(storedAll(body)));
    expect(await syncOutbox({ endpoint: 'http://x', fetch: ok.fetch })).toMatchObject({ kind: 'done', sent: 3 });
  });

  it('gives up on a hung connection after the timeout and retries later', async () => {
    await submitted(1);
    const hung = ((_url: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    expect(await syncOutbox({ endpoint: 'http://x', fetch: hung, timeoutMs: 50 })).toEqual({
      kind: 'retry',
      reason: 'timeout',
    });
  });

  it('resends a response whose reply was lost; the server dedups, the device marks it sent once', async () => {
    const [id] = await submitted(1);
    const lost = fakeEndpoint(() => Promise.reject(new TypeError('connection reset')));
    await syncOutbox({ endpoint: 'http://x', fetch: lost.fetch });
    const dup = fakeEndpoint((body) =>
      json({
        results: body.responses.map((r) => ({ id: r.id, status: 'duplicate', receivedAt: '2026-11-25T03:00:00.000Z' })),
        serverTime: 'x',
      }),
    );
    await syncOutbox({ endpoint: 'http://x', fetch: dup.fetch });
    expect(await db.outbox.get(id as string)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('splits a batch the server finds too large, and sets aside a single response that is', async () => {
    await submitted(4);
    const sizes: number[] = [];
    const endpoint = fakeEndpoint((body) => {
      sizes.push(body.responses.length);
      return body.responses.length > 1 ? json({ error: 'too_large' }, 413) : json(storedAll(body));
    });
    expect(await syncOutbox({ endpoint: 'http://x', fetch: endpoint.fetch })).toMatchObject({ kind: 'done', sent: 4 });
    expect(sizes).toEqual([4, 2, 1, 1, 2, 1, 1]);
  });

  it('runs one sync at a time: a second call while one is sending says busy', async () => {
    // happy-dom's LockManager ignores ifAvailable; this one follows the Web Locks spec for it.
    const held = new Set<string>();
    const locks = {
      async request(name: string, options: { ifAvailable?: boolean }, work: (lock: object | null) => Promise<unknown>) {
        if (held.has(name) && options.ifAvailable) return work(null);
        held.add(name);
        try {
          return await work({ name });
        } finally {
          held.delete(name);
        }
      },
    };
    const nav = globalThis.navigator as unknown as { locks: unknown };
    const original = nav.locks;
    Object.defineProperty(nav, 'locks', { value: locks, configurable: true });
    onTestFinished(() => {
      Object.defineProperty(nav, 'locks', { value: original, configurable: true });
    });
    await submitted(1);
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const sending = new Promise<void>((r) => {
      reached = r;
    });
    const slow = fakeEndpoint(async (body) => {
      reached();
      await new Promise<void>((r) => {
        release = r;
      });
      return json(storedAll(body));
    });
    const first = syncOutbox({ endpoint: 'http://x', fetch: slow.fetch });
    await sending; // the first sync holds the lock and waits on the endpoint
    expect(await syncOutbox({ endpoint: 'http://x', fetch: slow.fetch })).toEqual({ kind: 'busy' });
    release();
    expect(await first).toMatchObject({ kind: 'done', sent: 1 });
  });
});

describe('batches and timing', () => {
  it('cuts batches at 500 responses and under the size limit', () => {
    const r = (i: number, text = '') => ({ id: String(i), answers: { t: text } }) as never;
    expect(toBatches(Array.from({ length: 1201 }, (_, i) => r(i))).map((b) => b.length)).toEqual([500, 500, 201]);
    const big = 'ก'.repeat(100_000); // 300 kB in UTF-8
    expect(toBatches(Array.from({ length: 10 }, (_, i) => r(i, big))).map((b) => b.length)).toEqual([6, 4]);
  });

  it('backs off exponentially with jitter, up to 15 minutes', () => {
    expect(backoffMs(0, () => 0.5)).toBe(5_000);
    expect(backoffMs(3, () => 0.5)).toBe(40_000);
    expect(backoffMs(20, () => 0.5)).toBe(900_000);
    expect(backoffMs(1, () => 0)).toBe(5_000);
    expect(backoffMs(1, () => 1)).toBe(15_000);
  });

  it('prunes acknowledged responses after the keep period, and never others', async () => {
    const ids = await submitted(2);
    const endpoint = fakeEndpoint((body) =>
      json({
        results: [{ id: body.responses[0]?.id, status: 'stored', receivedAt: '2026-01-01T00:00:00.000Z' }],
        serverTime: 'x',
      }),
    );
    await syncOutbox({ endpoint: 'http://x', fetch: endpoint.fetch });
    expect(await pruneSent(24 * 3600_000, new Date('2026-03-01T00:00:00Z'), db)).toBe(1);
    expect(await db.responses.get(ids[0] as string)).toBeUndefined();
    expect(await db.responses.get(ids[1] as string)).toBeTruthy();
    expect((await db.outbox.get(ids[1] as string))?.state).toBe('waiting');
  });
});
