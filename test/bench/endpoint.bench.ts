/**
 * The collection endpoint (issue: endpoint and sync), on the built server as `npm start` runs it:
 *
 * 1. One device in real Chromium with 10,000 waiting responses syncs to a local server on PGlite,
 *    end to end, beside a direct batched insert of the same rows into the same database.
 * 2. Ingest from 50 concurrent clients posting batches of 50, on PGlite and on PostgreSQL:
 *    responses/s and latency, beside the direct batched insert rate measured in the same run.
 * 3. Durability: the server is killed with SIGKILL while clients post; every response it
 *    acknowledged must be there after a restart.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from '../../src/server/db/database.js';
import { launchChromium, phoneContext } from '../e2e/browser.js';
import type { TestPostgres } from '../helpers/postgres.js';
import { buildAll, ROOT, type RunningServer, startServer } from '../helpers/server.js';
import {
  type BenchResult,
  type Budget,
  budget,
  budgetAtLeast,
  budgetTable,
  fmt,
  median,
  percentile,
  table,
} from './lib.js';
import { assertValid, directInsert, maybePostgres, memoryOf, seeded, stakeholderResponse } from './server-lib.js';

const CLIENTS = 50;
const BATCH = 50;
const BATCHES_PER_CLIENT = 20;
const DEVICE_RESPONSES = 10_000;

type Backend = { name: 'PGlite' } | { name: 'PostgreSQL'; cluster: TestPostgres };

/** A fresh database for one measurement: a DATA_DIR, and for PostgreSQL a new database in it. */
async function freshDatabase(backend: Backend, label: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `siang-bench-${label}-`));
  let url: string | undefined;
  if (backend.name === 'PostgreSQL') {
    const admin = new pg.Client({ connectionString: backend.cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${label.replaceAll('-', '_')}`);
    await admin.end();
    url = backend.cluster.url.replace(/\/siang$/, `/${label.replaceAll('-', '_')}`);
  }
  return {
    dataDir,
    env: {
      ...(url ? { DATABASE_URL: url } : {}),
      RATE_LIMIT_PER_MINUTE: '10000000',
      LOG_LEVEL: 'warn',
    } as Record<string, string>,
    /** Opens the database in this process (for PGlite only while no server holds it). */
    open: (): Promise<Db> => (url ? openPostgres(url, { max: 2 }) : openPglite(dataDir)),
    dispose: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postBatch(url: string, body: string): Promise<{ ms: number; ids: string[] }> {
  const started = performance.now();
  const r = await fetch(`${url}/api/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (r.status !== 200) throw new Error(`submissions answered ${r.status}: ${await r.text()}`);
  const reply = (await r.json()) as { results: { id: string; status: string }[] };
  const ms = performance.now() - started;
  const bad = reply.results.filter((x) => x.status !== 'stored' && x.status !== 'duplicate');
  if (bad.length) throw new Error(`not stored: ${JSON.stringify(bad[0])}`);
  return { ms, ids: reply.results.map((x) => x.id) };
}

// ---------------------------------------------------------------------------------------------
// 2. Ingest

interface IngestFigures {
  backend: string;
  responses: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  direct50: number;
  direct500: number;
  serverPeakMb: number;
}

async function ingest(backend: Backend): Promise<IngestFigures> {
  const rng = seeded(2569);
  const batches = Array.from({ length: CLIENTS }, () =>
    Array.from({ length: BATCHES_PER_CLIENT }, () => Array.from({ length: BATCH }, () => stakeholderResponse(rng))),
  );
  await assertValid(batches[0]?.[0]?.[0] as Record<string, unknown>);
  const all = batches.flat(2);
  const bodies = batches.map((client) => client.map((responses) => JSON.stringify({ responses })));
  const db = await freshDatabase(backend, `ingest-${backend.name.toLowerCase()}`);
  const server = await startServer({ dataDir: db.dataDir, env: db.env });
  const latencies: number[] = [];
  let peak = 0;
  try {
    // Warm up: the first requests compile the validator and fill the survey cache.
    await postBatch(server.url, JSON.stringify({ responses: [stakeholderResponse(seeded(1))] }));
    const started = performance.now();
    await Promise.all(
      bodies.map(async (client) => {
        for (const body of client) latencies.push((await postBatch(server.url, body)).ms);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    peak = memoryOf(server.process.pid as number).peakMb;
    await server.stop();
    const direct = await db.open();
    try {
      const [{ n }] = (await direct.query<{ n: number }>('SELECT count(*)::int AS n FROM responses')) as [
        { n: number },
      ];
      if (n !== all.length + 1) throw new Error(`expected ${all.length + 1} stored, found ${n}`);
      const direct50 = await directInsert(direct, 'bench_direct', all, BATCH);
      const direct500 = await directInsert(direct, 'bench_direct', all, 500);
      return {
        backend: backend.name,
        responses: all.length,
        seconds,
        perSecond: all.length / seconds,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        direct50: direct50.perSecond,
        direct500: direct500.perSecond,
        serverPeakMb: peak,
      };
    } finally {
      await direct.close();
    }
  } finally {
    await server.stop();
    db.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Durability

interface DurabilityFigures {
  backend: string;
  acknowledged: number;
  missing: number;
  requestsCutByKill: number;
}

async function durability(backend: Backend): Promise<DurabilityFigures> {
  const db = await freshDatabase(backend, `kill-${backend.name.toLowerCase()}`);
  let server: RunningServer | undefined = await startServer({ dataDir: db.dataDir, env: db.env });
  const acknowledged: string[] = [];
  let cut = 0;
  let stop = false;
  try {
    const rng = seeded(99);
    const clients = Array.from({ length: 20 }, async () => {
      while (!stop) {
        const body = JSON.stringify({ responses: Array.from({ length: BATCH }, () => stakeholderResponse(rng)) });
        try {
          acknowledged.push(...(await postBatch((server as RunningServer).url, body)).ids);
        } catch {
          cut++; // the reply never came: not acknowledged, the device would send it again
          return;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 2500));
    await server.stop({ kill: true });
    stop = true;
    await Promise.all(clients);
    server = await startServer({ dataDir: db.dataDir, env: db.env });
    await server.stop();
    server = undefined;
    const direct = await db.open();
    try {
      const found = await direct.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM responses WHERE id = ANY($1::uuid[])',
        [acknowledged],
      );
      return {
        backend: backend.name,
        acknowledged: acknowledged.length,
        missing: acknowledged.length - (found[0]?.n ?? 0),
        requestsCutByKill: cut,
      };
    } finally {
      await direct.close();
    }
  } finally {
    stop = true;
    await server?.stop();
    db.dispose();
  }
}

/** `siang responses count` against the running server (over its socket). */
async function countOnServer(dataDir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/siang.js'), 'responses', 'count'], {
    env: { ...process.env, DATA_DIR: dataDir },
  });
  return stdout.trim().split('\n').at(-1) ?? '';
}

// ---------------------------------------------------------------------------------------------
// 1. One device, 10,000 waiting responses

interface DeviceFigures {
  responses: number;
  seconds: number;
  perSecond: number;
  directSeconds: number;
}

async function deviceSync(): Promise<DeviceFigures> {
  const db = await freshDatabase({ name: 'PGlite' }, 'device');
  const server = await startServer({
    dataDir: db.dataDir,
    env: { ...db.env, STATIC_DIR: join(ROOT, 'dist') },
  });
  const browser = await launchChromium();
  const rng = seeded(7);
  const responses = Array.from({ length: DEVICE_RESPONSES }, () => stakeholderResponse(rng));
  try {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/device`);
    await page.getByRole('heading').first().waitFor();
    // The app has created its database; fill it as 10,000 submitted responses would have.
    await page.evaluate(async (items) => {
      const open = indexedDB.open('siang');
      const idb = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = idb.transaction(['responses', 'outbox'], 'readwrite');
      for (const r of items as Record<string, unknown>[]) {
        tx.objectStore('responses').put({ ...r, status: 'completed', position: 'review', updatedAt: r.completedAt });
        tx.objectStore('outbox').put({ responseId: r.id, state: 'waiting', enqueuedAt: r.completedAt, attempts: 0 });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      idb.close();
    }, responses);
    // Everything waits on the device; the person presses "Send now".
    await page.reload();
    const started = performance.now();
    await page.getByRole('button', { name: /ส่งเดี๋ยวนี้|Send now/ }).click();
    const sentOnDevice = () =>
      page.evaluate(async () => {
        const open = indexedDB.open('siang');
        const idb = await new Promise<IDBDatabase>((resolve, reject) => {
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const count = await new Promise<number>((resolve, reject) => {
          const req = idb.transaction('outbox').objectStore('outbox').index('state').count('sent');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        idb.close();
        return count;
      });
    const deadline = Date.now() + 300_000;
    while ((await sentOnDevice()) < DEVICE_RESPONSES) {
      if (Date.now() > deadline) throw new Error('the device did not finish sending within 5 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`  device: ${seconds.toFixed(1)} s; server says ${await countOnServer(db.dataDir)} stored`);
    await context.close();
    await server.stop();
    const direct = await db.open();
    try {
      const [row] = await direct.query<{ n: number }>('SELECT count(*)::int AS n FROM responses');
      if (row?.n !== DEVICE_RESPONSES) throw new Error(`expected ${DEVICE_RESPONSES} stored, found ${row?.n}`);
      const ceiling = await directInsert(direct, 'bench_direct', responses, 500);
      return {
        responses: DEVICE_RESPONSES,
        seconds,
        perSecond: DEVICE_RESPONSES / seconds,
        directSeconds: ceiling.seconds,
      };
    } finally {
      await direct.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    db.dispose();
  }
}

export async function run(): Promise<BenchResult> {
  buildAll();
  const budgets: Budget[] = [];
  const notes: string[] = [];

  console.log('  one device, 10,000 responses, PGlite…');
  const device = await deviceSync();
  budgets.push(budget('One device syncs 10,000 responses (PGlite)', device.seconds, 10, 's'));

  const backends: Backend[] = [{ name: 'PGlite' }];
  const cluster = await maybePostgres();
  if (typeof cluster === 'string') notes.push(cluster);
  else backends.push({ name: 'PostgreSQL', cluster });

  const ingests: IngestFigures[] = [];
  const kills: DurabilityFigures[] = [];
  try {
    for (const backend of backends) {
      console.log(`  ingest, ${backend.name}…`);
      ingests.push(await ingest(backend));
      console.log(`  kill -9 under load, ${backend.name}…`);
      kills.push(await durability(backend));
    }
  } finally {
    if (typeof cluster !== 'string') await cluster.stop();
  }
  const pgIngest = ingests.find((i) => i.backend === 'PostgreSQL');
  if (pgIngest) {
    budgets.push(budgetAtLeast('Ingest on PostgreSQL', pgIngest.perSecond, 5000, 'responses/s'));
    const share = (pgIngest.perSecond / Math.max(pgIngest.direct50, pgIngest.direct500)) * 100;
    budgets.push(budgetAtLeast('Ingest on PostgreSQL ÷ best direct batched insert', share, 50, '%'));
  }
  for (const k of kills)
    budgets.push(budget(`Acknowledged responses lost after kill -9 (${k.backend})`, k.missing, 0, ''));

  const markdown = [
    '### Budgets',
    '',
    budgetTable(budgets),
    '',
    '### 1. One device with 10,000 waiting responses',
    '',
    `Real Chromium (phone context) on the built app, served by the built server on PGlite. The bench writes ${DEVICE_RESPONSES.toLocaleString('en')}`,
    "completed responses of the stakeholder survey (21 rating pairs each) into the app's IndexedDB as waiting,",
    'reloads, presses “Send now” and stops the clock when every outbox entry is marked sent with the',
    "server's receipt. The ceiling is the same rows inserted straight into the same PGlite database",
    '(batches of 500, one statement each, no checks) after the server stopped.',
    '',
    table(
      ['Path', 'Seconds', 'Responses/s'],
      [
        ['Device → server (end to end)', fmt(device.seconds), fmt(device.perSecond, 0)],
        ['Direct batched insert (ceiling)', fmt(device.directSeconds), fmt(DEVICE_RESPONSES / device.directSeconds, 0)],
      ],
    ),
    '',
    '### 2. Ingest from 50 concurrent clients, batches of 50',
    '',
    `${CLIENTS} clients each post ${BATCHES_PER_CLIENT} batches of ${BATCH} in turn (${(CLIENTS * BATCHES_PER_CLIENT * BATCH).toLocaleString('en')} responses) to the built`,
    'server over HTTP on 127.0.0.1; the clients run in the bench process on the same 2 CPUs as the server',
    '(and, for PostgreSQL, the database). Every response is validated against the survey and',
    'committed before its reply. The direct rate inserts the same rows into a copy of the table in the',
    'same database through one connection, without HTTP or checks.',
    '',
    table(
      [
        'Database',
        'Responses/s',
        'p50 latency',
        'p99 latency',
        'Direct, batches of 50',
        'Direct, batches of 500',
        'Endpoint ÷ best direct',
        'Server peak RSS',
      ],
      ingests.map((i) => [
        i.backend,
        fmt(i.perSecond, 0),
        `${fmt(i.p50Ms, 0)} ms`,
        `${fmt(i.p99Ms, 0)} ms`,
        `${fmt(i.direct50, 0)} /s`,
        `${fmt(i.direct500, 0)} /s`,
        `${fmt((i.perSecond / Math.max(i.direct50, i.direct500)) * 100, 0)} %`,
        `${fmt(i.serverPeakMb, 0)} MB`,
      ]),
    ),
    '',
    '### 3. Durability: kill -9 under load',
    '',
    '20 clients post batches of 50 for 2.5 s; the server is then killed with SIGKILL. Every id in a',
    'reply that said stored or duplicate is looked up after a restart.',
    '',
    table(
      ['Database', 'Acknowledged before the kill', 'Missing after restart', 'Requests cut by the kill'],
      kills.map((k) => [
        k.backend,
        k.acknowledged.toLocaleString('en'),
        String(k.missing),
        String(k.requestsCutByKill),
      ]),
    ),
    ...(notes.length ? ['', ...notes.map((n) => `Note: ${n}`)] : []),
  ].join('\n');
  return { markdown, json: { budgets, device, ingests, kills, medianIngest: median(ingests.map((i) => i.perSecond)) } };
}
