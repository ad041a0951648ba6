/**
 * What a parent opening the public page feels: how much `/p` downloads until its content shows
 * (gzip, everything: HTML, JS, CSS, fonts, the public data) and how long that takes on the slow
 * phone of the respondent bench (4× CPU slowdown, 1.6 Mbit/s, 150 ms), first visit, with a
 * published survey summary and a committee on the server. Run with `npm run bench -- public`.
 *
 * Reports only; budgets are compared and printed, never asserted.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { launchChromium, phoneContext } from '../e2e/browser.js';
import { addStaff, STAFF_PASSWORD, stakeholderResponse, storeResponses } from '../e2e/supervisor.js';
import { buildAll, ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { type BenchResult, budget, budgetTable, gzipSize, kb, median, ms, table } from './lib.js';

const RUNS = 5;
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;
const BUDGET = { allGzip: 100_000, contentMs: 2500 };
/** The page's content: the first table (the survey summary) in the page. */
const CONTENT = 'main table caption';

async function seed(server: RunningServer): Promise<void> {
  addStaff(server, 'admin', 'admin');
  await storeResponses(
    server,
    Array.from({ length: 12 }, (_, i) => stakeholderResponse(i)),
  );
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password: STAFF_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const send = (method: string, path: string, body: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await send('PUT', '/surveys/stakeholder-satisfaction/public-summaries/2570', { items: true });
  await send('POST', '/committees', {
    fiscalYear: 2570,
    kind: 'committee',
    name: { th: 'คณะกรรมการเครือข่ายผู้ปกครอง', en: 'Parents network committee' },
    purpose: { th: '', en: '' },
    orderNumber: '125/2569',
    orderDate: '2026-10-15',
    termFrom: null,
    termTo: null,
    orderPublished: true,
    planRowIds: [],
    members: [],
  });
}

interface Sample {
  contentMs: number;
  gzip: number;
  files: number;
  byPath: { path: string; gzip: number }[];
}

async function firstVisit(browser: Browser, base: string): Promise<Sample> {
  const context = await phoneContext(browser, 'th-TH');
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const responses: Response[] = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(`${base}/p`, { waitUntil: 'commit' });
    const at = await page.waitForFunction(
      (selector) => (document.querySelector(selector) ? performance.now() : 0),
      CONTENT,
      { polling: 'raf', timeout: 120_000 },
    );
    const contentMs = (await at.jsonValue()) as number;
    // Every address the page received until then, fetched again here (the same bytes, uncompressed)
    // and gzipped: reading bodies back from a throttled page is slow and not always possible.
    const urls = [...new Set(responses.map((r) => r.url()))];
    await context.close();
    const byPath: Sample['byPath'] = [];
    for (const url of urls) {
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      byPath.push({ path: new URL(url).pathname, gzip: gzipSize(body) });
    }
    return { contentMs, gzip: byPath.reduce((s, d) => s + d.gzip, 0), files: byPath.length, byPath };
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Runs the suite. */
export async function run(): Promise<BenchResult> {
  console.log('building (vite build + tsc)…');
  buildAll();
  const staticDir = mkdtempSync(join(tmpdir(), 'siang-bench-dist-'));
  cpSync(join(ROOT, 'dist'), staticDir, { recursive: true });
  const server = await startServer({ env: { STATIC_DIR: staticDir } });
  const browser = await launchChromium();
  try {
    await seed(server);
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      console.log(`first visit ${i + 1}/${RUNS} (throttled)`);
      samples.push(await firstVisit(browser, server.url));
    }
    const gzip = median(samples.map((s) => s.gzip));
    const contentMs = median(samples.map((s) => s.contentMs));
    const budgets = [
      budget('Public page /p: all bytes before its content (gzip)', gzip / 1000, BUDGET.allGzip / 1000, 'KB', kb(gzip)),
      budget('Public page /p: first visit to content, slow phone (median)', contentMs, BUDGET.contentMs, 'ms'),
    ];
    const last = samples[samples.length - 1] as Sample;
    const markdown = [
      '## Public page (`npm run bench -- public`)',
      '',
      `A phone (360 px, Thai) opens \`/p\` for the first time with ${CPU_SLOWDOWN}× CPU slowdown on 1.6 Mbit/s and 150 ms, until the first table caption (the survey summary) is in the page; ${RUNS} runs, medians. Bytes are gzip -9 of every response body until then (HTML, JS, CSS, fonts, the public data).`,
      '',
      budgetTable(budgets),
      '',
      table(
        ['Run', 'To content', 'Files', 'gzip'],
        samples.map((s, i) => [String(i + 1), ms(s.contentMs), String(s.files), kb(s.gzip)]),
      ),
      '',
      table(
        ['Path (last run)', 'gzip (B)'],
        last.byPath.map((d) => [d.path, String(d.gzip)]),
      ),
    ].join('\n');
    return { markdown, json: { budgets, samples } };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(staticDir, { recursive: true, force: true });
  }
}
