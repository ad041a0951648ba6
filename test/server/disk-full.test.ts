// @vitest-environment node
/**
 * A full disk under the embedded database (PGlite), on a small tmpfs of the test's own: writes are
 * refused with a 503, the rest of the server keeps answering, /healthz says so, the server
 * recovers by itself when space returns and stops on SIGTERM, and nothing acknowledged is lost.
 * (PostgreSQL runs its own disk; its "disk full" 53100 becomes the same 503 in database.ts.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, StorageUnavailableError } from '../../src/server/db/database.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { type TestDatabase, useBackends } from './backends.js';
import { aResponse, ensureBuilt, serverOn } from './fixtures.js';

const backends = useBackends();
const pglite = backends[0] as (typeof backends)[number];

let MOUNT = '';
let FILLER = '';

/** Mounts a 128 MB tmpfs on MOUNT; returns why not when it cannot. */
function mountTmpfs(): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128m,mode=0700', 'tmpfs', MOUNT], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error).trim() || 'mount failed';
  }
}
let cannotMount: string | undefined;

const free = () => {
  const s = statfsSync(MOUNT);
  return s.bavail * s.bsize;
};

/** Fills the tmpfs but for `leave` bytes. */
function fill(leave: number) {
  try {
    writeFileSync(FILLER, Buffer.alloc(Math.max(0, free() - leave)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

/** A request that must be answered: a server that hangs fails the test instead of holding it. */
const call = (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });

async function post(server: RunningServer, responses: Record<string, unknown>[]) {
  const r = await call(`${server.url}/api/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses }),
  });
  return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
}

/** The ids the server said it stored (or had already). */
function acknowledged(reply: { status: number; body: Record<string, unknown> }): string[] {
  if (reply.status !== 200) return [];
  return (reply.body.results as { id: string; status: string }[])
    .filter((r) => r.status === 'stored' || r.status === 'duplicate')
    .map((r) => r.id);
}

/** Waits for the child to exit after SIGTERM, failing if it does not within 30 s. */
async function stopsOnSigterm(server: RunningServer) {
  const stopped = server.stop();
  const late = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('the server did not stop on SIGTERM')), 30_000).unref(),
  );
  try {
    await Promise.race([stopped, late]);
  } finally {
    if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGKILL');
  }
}

async function storedIds(dataDir: string, ids: string[]): Promise<string[]> {
  const db = await openPglite(dataDir);
  try {
    const rows = await db.query<{ id: string }>('SELECT id FROM responses WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map((r) => r.id).sort();
  } finally {
    await db.close();
  }
}

describe('a full disk under the embedded database', () => {
  beforeAll(async () => {
    MOUNT = mkdtempSync(join(tmpdir(), 'siang-full-'));
    FILLER = join(MOUNT, 'filler');
    cannotMount = mountTmpfs();
    if (cannotMount) console.warn(`disk-full tests skipped: a tmpfs cannot be mounted here (${cannotMount})`);
    await ensureBuilt();
    await pglite.start();
  });
  afterAll(() => {
    if (!cannotMount) execFileSync('umount', ['-l', MOUNT]);
    rmSync(MOUNT, { recursive: true, force: true });
  });

  /** A server on a copy of the migrated template, on the tmpfs. */
  async function serverOnTmpfs(name: string, reserveMb: number): Promise<RunningServer> {
    const t = await pglite.fresh();
    const dataDir = join(MOUNT, name);
    cpSync(t.dataDir, dataDir, { recursive: true });
    await t.dispose();
    return startServer({ dataDir, env: { DISK_RESERVE_MB: String(reserveMb) } });
  }

  it('below the reserve, writes get a 503 while the app, the surveys and /healthz answer; space back, writes go on', async (ctx) => {
    if (cannotMount) return ctx.skip();
    const server = await serverOnTmpfs('reserve', 32);
    const acked: string[] = [];
    try {
      const first = await post(
        server,
        Array.from({ length: 20 }, () => aResponse()),
      );
      expect(first.status).toBe(200);
      acked.push(...acknowledged(first));
      fill(8 * 1024 * 1024);
      const batch = Array.from({ length: 20 }, () => aResponse());
      const refused = await post(server, batch);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: 'storage_unavailable' });
      expect(String(refused.body.message)).toMatch(/disk of the database is full.*nothing was lost/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call(`${server.url}/`)).status).toBe(200);
      expect((await call(`${server.url}/api/v1/surveys`)).status).toBe(200);
      const health = await call(`${server.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([
        503,
        { ok: false, database: 'pglite', problem: 'disk_full' },
      ]);

      rmSync(FILLER);
      const again = await post(server, batch);
      expect(again.status).toBe(200);
      acked.push(...acknowledged(again));
      expect(acknowledged(again)).toHaveLength(20);
      expect((await call(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      rmSync(FILLER, { force: true });
      await stopsOnSigterm(server);
    }
    expect(await storedIds(server.dataDir, acked)).toEqual([...acked].sort());
  });

  it('when the disk fills inside the database, the server answers 503 (not a hang), reopens when space returns, stops on SIGTERM, loses nothing acknowledged', async (ctx) => {
    if (cannotMount) return ctx.skip();
    // No reserve: the database itself meets "No space left on device".
    const server = await serverOnTmpfs('inside', 0);
    const acked: string[] = [];
    try {
      const fillUntilRefused = async () => {
        fill(6 * 1024 * 1024);
        for (let round = 0; round < 100; round++) {
          const reply = await post(
            server,
            Array.from({ length: 200 }, () => aResponse()),
          );
          acked.push(...acknowledged(reply));
          if (reply.status !== 200) return reply;
        }
        throw new Error('the disk never filled');
      };
      const refused = await fillUntilRefused();
      expect([refused.status, refused.body.error]).toEqual([503, 'storage_unavailable']);
      // Everything that does not need the database still answers; /healthz tells the monitor.
      expect((await call(`${server.url}/`)).status).toBe(200);
      expect((await call(`${server.url}/healthz`)).status).toBe(503);
      expect((await post(server, [aResponse()])).status).toBe(503);

      rmSync(FILLER);
      const after = await post(
        server,
        Array.from({ length: 20 }, () => aResponse()),
      );
      expect(after.status).toBe(200);
      acked.push(...acknowledged(after));
      expect((await call(`${server.url}/healthz`)).status).toBe(200);

      // Full again, then asked to stop while the database is closed.
      expect((await fillUntilRefused()).status).toBe(503);
    } finally {
      await stopsOnSigterm(server);
      rmSync(FILLER, { force: true });
    }
    expect(acked.length).toBeGreaterThan(20);
    expect(await storedIds(server.dataDir, acked)).toEqual([...new Set(acked)].sort());
  });
});

describe.each(backends)("the database's own disk_full error, on $name", (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  // PostgreSQL raises 53100 when its disk fills; the same code raised on purpose takes the path.
  const DISK_FULL = "DO $$ BEGIN RAISE EXCEPTION 'No space left on device' USING ERRCODE = 'disk_full'; END $$";

  it('becomes a 503 that says nothing was lost, and the database answers again right after', async () => {
    const db = await t.open();
    await expect(db.query(DISK_FULL)).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(db.transaction((tx) => tx.query(DISK_FULL))).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    const app = await serverOn(db);
    try {
      app.get('/test/disk-full', async () => db.query(DISK_FULL));
      const r = await app.inject({ method: 'GET', url: '/test/disk-full' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ error: 'storage_unavailable' });
      expect(r.json().message).toMatch(/nothing was lost/);
      expect(r.headers['retry-after']).toBe('60');
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
