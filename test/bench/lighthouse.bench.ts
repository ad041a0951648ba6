/**
 * How quick the first screens are on a phone, as Lighthouse measures them (issue 9 §7): its mobile
 * profile (simulated slow 4G and 4× slower CPU, moto g power screen) on the start page and on a
 * survey's address, against the production build served by the real server. Each run gets a new
 * Chromium with an empty profile (a first visit: no cache, no service worker). Run with
 * `npm run bench -- lighthouse`.
 *
 * Lighthouse 12.8: Lighthouse 13 declares Node ≥ 22.19 and, run on Node 20 here, three of its
 * audits fail on iterator helpers Node 20 lacks; 12.8 is the newest that supports Node 20.
 *
 * Reports only; budgets are compared and printed, never asserted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM_PATH } from '../e2e/browser.js';
import { buildAll, ROOT, startServer } from '../helpers/server.js';
import { type BenchResult, type Budget, budget, budgetAtLeast, budgetTable, fmt, median, ms, table } from './lib.js';

const PAGES = [
  { name: 'start page', path: '/' },
  { name: "a survey's address", path: '/s/stakeholder-satisfaction' },
];
const RUNS = 5;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const BUDGET = { performance: 95, tbtMs: 200, cls: 0.02, otherScores: 100 };

/** The parts of a Lighthouse result this suite reads. */
interface Lhr {
  lighthouseVersion: string;
  environment: { benchmarkIndex: number };
  runtimeError?: { message: string };
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<
    string,
    {
      id: string;
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      numericValue?: number;
      displayValue?: string;
      errorMessage?: string;
      details?: { items?: Record<string, unknown>[] };
    }
  >;
}

/** One run's figures. */
interface Run {
  scores: Record<(typeof CATEGORIES)[number], number>;
  tbtMs: number;
  cls: number;
  fcpMs: number;
  lcpMs: number;
  siMs: number;
  ttiMs: number;
  /** Long tasks (simulated durations) by script. */
  longTasks: { url: string; startMs: number; durationMs: number }[];
  /** Main-thread time by script (simulated), and by kind of work. */
  bootup: { url: string; totalMs: number; scriptingMs: number }[];
  mainThread: { group: string; ms: number }[];
  /** Lighthouse's measure of this machine's speed at the run (higher is faster; under 1,000 it warns that its 4× CPU slowdown overstates a phone). */
  benchmarkIndex: number;
  /** Audits of a scored category that did not pass, and audits that could not run. */
  failing: string[];
}

/** Starts Chromium with a DevTools port and an empty profile, as Lighthouse's CLI would. */
async function launchDebuggable(): Promise<{ port: number; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'siang-lighthouse-'));
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    child.kill('SIGKILL');
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (found) resolve(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}) before listening: ${seen.slice(-500)}`)));
  }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { port, close };
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function runOf(lhr: Lhr, origin: string): Run {
  if (lhr.runtimeError) throw new Error(`Lighthouse could not load the page: ${lhr.runtimeError.message}`);
  const audit = (id: string) => lhr.audits[id];
  const value = (id: string) => audit(id)?.numericValue ?? Number.NaN;
  const items = (id: string) => audit(id)?.details?.items ?? [];
  const short = (url: string) => (url.startsWith(origin) ? url.slice(origin.length) || '/' : url);
  const scores = Object.fromEntries(
    CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
  ) as Run['scores'];
  const failing = new Set<string>();
  for (const c of CATEGORIES) {
    for (const ref of lhr.categories[c]?.auditRefs ?? []) {
      const a = audit(ref.id);
      if (a && ref.weight > 0 && a.score !== null && a.score < 1)
        failing.add(`${c}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    }
  }
  for (const a of Object.values(lhr.audits)) {
    if (a.scoreDisplayMode === 'error') failing.add(`error: ${a.id}: ${a.errorMessage ?? ''}`);
  }
  return {
    scores,
    tbtMs: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    fcpMs: value('first-contentful-paint'),
    lcpMs: value('largest-contentful-paint'),
    siMs: value('speed-index'),
    ttiMs: value('interactive'),
    longTasks: items('long-tasks').map((i) => ({
      url: short(str(i.url)),
      startMs: num(i.startTime),
      durationMs: num(i.duration),
    })),
    bootup: items('bootup-time').map((i) => ({
      url: short(str(i.url)),
      totalMs: num(i.total),
      scriptingMs: num(i.scripting),
    })),
    mainThread: items('mainthread-work-breakdown').map((i) => ({
      group: str(i.groupLabel) || str(i.group),
      ms: num(i.duration),
    })),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    failing: [...failing],
  };
}

async function measure(url: string, origin: string): Promise<{ run: Run; version: string }> {
  const chromium = await launchDebuggable();
  try {
    const result = await lighthouse(url, {
      port: chromium.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const lhr = result.lhr as unknown as Lhr;
    return { run: runOf(lhr, origin), version: lhr.lighthouseVersion };
  } finally {
    await chromium.close();
  }
}

/** Lighthouse now and then loses its trace on a busy machine (NO_NAVSTART): such a run is run again. */
async function measureWithRetries(url: string, origin: string): Promise<{ run: Run; version: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure(url, origin);
    } catch (error) {
      if (attempt >= 3) throw error;
      console.log(`  ${url}: run failed (${error instanceof Error ? error.message : String(error)}); running it again`);
    }
  }
}

/** The run whose total blocking time is the median one (what the attribution tables show). */
function medianTbtRun(runs: readonly Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.tbtMs - b.tbtMs);
  const run = sorted[(sorted.length - 1) >> 1];
  if (!run) throw new Error('no runs');
  return run;
}

interface PageResult {
  name: string;
  path: string;
  runs: Run[];
  median: {
    performance: number;
    accessibility: number;
    bestPractices: number;
    seo: number;
    tbtMs: number;
    cls: number;
    fcpMs: number;
    lcpMs: number;
    siMs: number;
    ttiMs: number;
  };
}

function pageMarkdown(page: PageResult): string {
  const { runs } = page;
  const row = (label: string, pick: (r: Run) => number, show: (n: number) => string) => [
    label,
    ...runs.map((r) => show(pick(r))),
    `**${show(median(runs.map(pick)))}**`,
  ];
  const head = ['', ...runs.map((_, i) => `#${i + 1}`), 'median'];
  const figures = table(head, [
    row(
      'Performance',
      (r) => r.scores.performance,
      (n) => fmt(n, 0),
    ),
    row(
      'Accessibility',
      (r) => r.scores.accessibility,
      (n) => fmt(n, 0),
    ),
    row(
      'Best practices',
      (r) => r.scores['best-practices'],
      (n) => fmt(n, 0),
    ),
    row(
      'SEO',
      (r) => r.scores.seo,
      (n) => fmt(n, 0),
    ),
    row(
      'Total blocking time',
      (r) => r.tbtMs,
      (n) => ms(n),
    ),
    row(
      'Cumulative layout shift',
      (r) => r.cls,
      (n) => fmt(n, 3),
    ),
    row(
      'First contentful paint',
      (r) => r.fcpMs,
      (n) => ms(n),
    ),
    row(
      'Largest contentful paint',
      (r) => r.lcpMs,
      (n) => ms(n),
    ),
    row(
      'Speed index',
      (r) => r.siMs,
      (n) => ms(n),
    ),
    row(
      'Time to interactive',
      (r) => r.ttiMs,
      (n) => ms(n),
    ),
    row(
      'Machine speed (Lighthouse benchmark index; it warns under 1,000)',
      (r) => r.benchmarkIndex,
      (n) => fmt(n, 0),
    ),
  ]);
  const typical = medianTbtRun(runs);
  const longTasks = typical.longTasks.length
    ? table(
        ['Script', 'Starts at', 'Lasts'],
        typical.longTasks.map((t) => [`\`${t.url}\``, ms(t.startMs), ms(t.durationMs)]),
      )
    : 'No long tasks.';
  const bootup = table(
    ['Script', 'Main-thread time', 'of which scripting'],
    typical.bootup.map((b) => [`\`${b.url}\``, ms(b.totalMs), ms(b.scriptingMs)]),
  );
  const work = table(
    ['Work', 'Time'],
    typical.mainThread.map((w) => [w.group, ms(w.ms)]),
  );
  const failing = [...new Set(runs.flatMap((r) => r.failing))];
  return [
    `### ${page.name} (\`${page.path}\`)`,
    '',
    figures,
    '',
    `Where the main thread's time went in the run with the median total blocking time (${ms(typical.tbtMs)}),`,
    'durations in Lighthouse’s simulated phone time (4× those measured here), start times as measured.',
    'Long tasks (over 50 ms):',
    '',
    longTasks,
    '',
    bootup,
    '',
    work,
    '',
    failing.length
      ? `Audits that did not pass in some run:\n\n${failing.map((f) => `- ${f}`).join('\n')}`
      : 'Every scored audit passed in every run.',
  ].join('\n');
}

/** Runs Lighthouse on each page `RUNS` times; returns the Markdown block and raw figures. */
export async function run(): Promise<BenchResult> {
  buildAll();
  const server = await startServer();
  let version = '';
  const pages: PageResult[] = [];
  try {
    for (const page of PAGES) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const measured = await measureWithRetries(`${server.url}${page.path}`, server.url);
        version = measured.version;
        runs.push(measured.run);
        const r = measured.run;
        console.log(
          `  ${page.path} #${i + 1}: performance ${r.scores.performance}, TBT ${fmt(r.tbtMs, 0)} ms, CLS ${fmt(r.cls, 3)}, ` +
            `a11y ${r.scores.accessibility}, best practices ${r.scores['best-practices']}, SEO ${r.scores.seo}`,
        );
      }
      const m = (pick: (r: Run) => number) => median(runs.map(pick));
      pages.push({
        ...page,
        runs,
        median: {
          performance: m((r) => r.scores.performance),
          accessibility: m((r) => r.scores.accessibility),
          bestPractices: m((r) => r.scores['best-practices']),
          seo: m((r) => r.scores.seo),
          tbtMs: m((r) => r.tbtMs),
          cls: m((r) => r.cls),
          fcpMs: m((r) => r.fcpMs),
          lcpMs: m((r) => r.lcpMs),
          siMs: m((r) => r.siMs),
          ttiMs: m((r) => r.ttiMs),
        },
      });
    }
  } finally {
    await server.stop();
  }

  const budgets: Budget[] = pages.flatMap((p) => [
    budgetAtLeast(`${p.name}: performance (median of ${RUNS})`, p.median.performance, BUDGET.performance, 'points'),
    budget(`${p.name}: total blocking time (median of ${RUNS})`, p.median.tbtMs, BUDGET.tbtMs, 'ms'),
    budget(`${p.name}: cumulative layout shift (median of ${RUNS})`, p.median.cls, BUDGET.cls, ''),
    budgetAtLeast(`${p.name}: accessibility (median of ${RUNS})`, p.median.accessibility, BUDGET.otherScores, 'points'),
    budgetAtLeast(
      `${p.name}: best practices (median of ${RUNS})`,
      p.median.bestPractices,
      BUDGET.otherScores,
      'points',
    ),
    budgetAtLeast(`${p.name}: SEO (median of ${RUNS})`, p.median.seo, BUDGET.otherScores, 'points'),
  ]);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const markdown = [
    `Lighthouse ${version} (npm \`lighthouse\` ${pkg.devDependencies.lighthouse}; 13 needs Node ≥ 22.19), its default`,
    'mobile profile (simulated throttling: 150 ms RTT, 1.6 Mbps, 4× CPU slowdown; 412×823 screen), categories',
    `performance, accessibility, best practices and SEO; ${RUNS} runs per page, each in a new Chromium with an`,
    'empty profile (a first visit), against the production build served by the real server',
    '(`build/server/main.js`). Lighthouse simulates the slow phone from a run on this machine, so a busy',
    'machine (see the load average above) lengthens every task and raises total blocking time.',
    '',
    '### Budgets',
    '',
    budgetTable(budgets),
    '',
    ...pages.flatMap((p) => [pageMarkdown(p), '']),
  ].join('\n');
  return { markdown, json: { lighthouseVersion: version, runs: RUNS, budgets, pages } };
}
