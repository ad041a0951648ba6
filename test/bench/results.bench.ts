/**
 * The supervisors' side at 100,000 responses, on the built server as `npm start` runs it, on
 * PGlite and on PostgreSQL: the results of the stakeholder survey (all of them, one school, one
 * group and a date range), and the exports streamed to a script with an API token, with the
 * server's peak memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { shippedSurveys } from '../../src/server/content.js';
import { type Db, openPglite, openPostgres } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrations.js';
import { createApiToken } from '../../src/server/store/staff.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import type { TestPostgres } from '../helpers/postgres.js';
import { buildAll, startServer } from '../helpers/server.js';
import { type BenchResult, type Budget, budget, budgetTable, fmt, median, table } from './lib.js';
import {
  assertValid,
  insertRows,
  maybePostgres,
  memoryOf,
  STAKEHOLDER,
  seeded,
  stakeholderResponse,
} from './server-lib.js';

const RESPONSES = 100_000;
const RUNS = 5;

type Backend = { name: 'PGlite' } | { name: 'PostgreSQL'; cluster: TestPostgres };

interface Timing {
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

interface ExportFigures {
  format: string;
  seconds: number;
  megabytes: number;
  rows: number;
  peakRssMb: number;
}

interface BackendFigures {
  backend: string;
  seedSeconds: number;
  results: Timing[];
  exports: ExportFigures[];
  serverRssBeforeMb: number;
}

async function seed(db: Db): Promise<number> {
  await migrate(db);
  for (const survey of shippedSurveys()) await publishSurvey(db, survey);
  const rng = seeded(2569);
  await assertValid(stakeholderResponse(seeded(1)));
  const started = performance.now();
  for (let i = 0; i < RESPONSES; i += 2000) {
    await insertRows(
      db,
      'responses',
      Array.from({ length: Math.min(2000, RESPONSES - i) }, () => stakeholderResponse(rng)),
    );
  }
  await db.query('ANALYZE responses');
  return (performance.now() - started) / 1000;
}

/** Samples a process's resident memory every 50 ms; returns the peak seen. */
function watchMemory(pid: number): () => number {
  let peak = memoryOf(pid).currentMb;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, memoryOf(pid).currentMb);
    } catch {
      // the process is gone
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, memoryOf(pid).currentMb);
  };
}

async function measure(backend: Backend): Promise<BackendFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siang-bench-results-'));
  let url: string | undefined;
  if (backend.name === 'PostgreSQL') {
    const admin = new pg.Client({ connectionString: backend.cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE results_bench');
    await admin.end();
    url = backend.cluster.url.replace(/\/siang$/, '/results_bench');
  }
  const db = url ? await openPostgres(url, { max: 2 }) : await openPglite(dataDir);
  let seedSeconds: number;
  let token: string;
  try {
    console.log(`  seeding ${RESPONSES.toLocaleString('en')} responses into ${backend.name}…`);
    seedSeconds = await seed(db);
    token = await createApiToken(db, { name: 'bench', role: 'admin' });
  } finally {
    await db.close();
  }
  const server = await startServer({
    dataDir,
    env: { ...(url ? { DATABASE_URL: url } : {}), RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' },
  });
  const pid = server.process.pid as number;
  const headers = { authorization: `Bearer ${token}` };
  const base = `${server.url}/api/v1/surveys/${STAKEHOLDER.id}`;
  try {
    const school = (STAKEHOLDER.lists?.schools ?? [])[3]?.value ?? '';
    const queries: [string, string][] = [
      ['All responses', ''],
      ['One school', `school=${encodeURIComponent(school)}`],
      ['One group', 'group=parent'],
      ['Fiscal year 2569, one quarter', 'fiscalYear=2569&from=2025-10-01&to=2025-12-31'],
    ];
    const results: Timing[] = [];
    // The first request warms the survey cache and the database's buffers; it is not counted.
    await fetch(`${base}/results`, { headers }).then((r) => r.arrayBuffer());
    for (const [label, query] of queries) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const r = await fetch(`${base}/results${query ? `?${query}` : ''}`, { headers });
        const body = (await r.json()) as { total?: number };
        if (r.status !== 200) throw new Error(`results answered ${r.status}`);
        if (label === 'All responses' && body.total !== RESPONSES) throw new Error(`total ${body.total}`);
        times.push(performance.now() - started);
      }
      results.push({ label, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) });
    }
    const serverRssBeforeMb = memoryOf(pid).currentMb;
    const exports: ExportFigures[] = [];
    for (const format of ['csv', 'json', 'xlsx']) {
      const stop = watchMemory(pid);
      const started = performance.now();
      const r = await fetch(`${base}/responses?format=${format}&labels=labels`, { headers });
      if (r.status !== 200 || !r.body) throw new Error(`export answered ${r.status}`);
      let bytes = 0;
      let newlines = 0;
      for await (const chunk of r.body) {
        bytes += chunk.byteLength;
        if (format === 'csv') for (const b of chunk) if (b === 10) newlines++;
      }
      const seconds = (performance.now() - started) / 1000;
      exports.push({ format, seconds, megabytes: bytes / 1e6, rows: newlines, peakRssMb: stop() });
    }
    return { backend: backend.name, seedSeconds, results, exports, serverRssBeforeMb };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  buildAll();
  const backends: Backend[] = [{ name: 'PGlite' }];
  const notes: string[] = [];
  const cluster = await maybePostgres();
  if (typeof cluster === 'string') notes.push(cluster);
  else backends.push({ name: 'PostgreSQL', cluster });
  const figures: BackendFigures[] = [];
  try {
    for (const backend of backends) figures.push(await measure(backend));
  } finally {
    if (typeof cluster !== 'string') await cluster.stop();
  }
  const budgets: Budget[] = [];
  for (const f of figures) {
    const worst = Math.max(...f.results.map((r) => r.medianMs));
    budgets.push(
      budget(
        `Results of 100,000 responses, slowest filter, median (${f.backend})`,
        worst / 1000,
        f.backend === 'PostgreSQL' ? 1 : 3,
        's',
      ),
    );
    const csv = f.exports.find((e) => e.format === 'csv');
    if (csv) {
      budgets.push(budget(`CSV export of 100,000 responses (${f.backend})`, csv.seconds, 10, 's'));
      budgets.push(budget(`Server peak RSS during the CSV export (${f.backend})`, csv.peakRssMb, 300, 'MB'));
    }
  }
  const markdown = [
    '### Budgets',
    '',
    budgetTable(budgets),
    '',
    `${RESPONSES.toLocaleString('en')} responses to the stakeholder survey (21 rating pairs each, every school of the list,`,
    'eight groups, a fiscal year of days) are inserted straight into the database, then the built server',
    'starts on it and a script asks over HTTP with an API token, as `curl` would. Each results figure is',
    `the median of ${RUNS} requests after one warm-up request; the database computes every figure (one scan,`,
    'see docs/results.md) and the reply is a few kilobytes. Exports are read to the end as a stream;',
    "the server's resident memory is sampled every 50 ms while it streams.",
    '',
    ...figures.flatMap((f) => [
      `### ${f.backend}`,
      '',
      `Seeding took ${fmt(f.seedSeconds, 1)} s (not a budget). Server RSS before the exports: ${fmt(f.serverRssBeforeMb, 0)} MB.`,
      '',
      table(
        ['Results', 'Median', 'Min', 'Max'],
        f.results.map((r) => [r.label, `${fmt(r.medianMs, 0)} ms`, `${fmt(r.minMs, 0)} ms`, `${fmt(r.maxMs, 0)} ms`]),
      ),
      '',
      table(
        ['Export (labels)', 'Seconds', 'Size', 'Server peak RSS'],
        f.exports.map((e) => [
          e.format.toUpperCase(),
          fmt(e.seconds, 1),
          `${fmt(e.megabytes, 1)} MB`,
          `${fmt(e.peakRssMb, 0)} MB`,
        ]),
      ),
      '',
    ]),
    ...notes.map((n) => `Note: ${n}`),
  ].join('\n');
  return { markdown, json: { budgets, figures } };
}
