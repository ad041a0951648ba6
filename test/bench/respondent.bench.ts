/**
 * What a respondent feels: how much the app downloads before the first question, how long the
 * first question takes on a slow phone (first visit, and a repeat visit offline), and how long an
 * answer takes to be committed on the device. Run with `npm run bench -- respondent`.
 *
 * Reports only; budgets are compared and printed, never asserted.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page, Request, Response } from 'playwright-core';
import { launchChromium, phoneContext } from '../e2e/browser.js';
import { buildAll, ROOT, startServer } from '../helpers/server.js';
import { attribute } from './js-attribution.js';
import {
  type BenchResult,
  type Budget,
  budget,
  budgetTable,
  fmt,
  gzipSize,
  kb,
  median,
  ms,
  percentile,
  table,
} from './lib.js';

const SURVEY_ID = 'stakeholder-satisfaction';
const SURVEY_PATH = `/s/${SURVEY_ID}`;
const RATING_SECTION = 'rating-inform';
const FIELD_SELECTOR = 'fieldset.field, .field';
const RUNS = 5;
const ANSWERS = 200;
const AUTOSAVE_MEASURE = 'siang:autosave';

/** Slow phone on a slow link (the conditions of the load budgets). */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;
/**
 * Chromium's scheduler feature that, after a discrete input event (a click, a key), holds the
 * page's other tasks, IndexedDB's answers among them, until the next frame is rendered.
 */
const NO_DEFER_FEATURE = 'DeferRendererTasksAfterInput';

const BUDGET = {
  jsGzip: 70_000,
  allGzip: 200_000,
  firstVisitMs: 2500,
  repeatOfflineMs: 500,
  autosaveP95Ms: 16,
  autosaveVsRawP95: 2,
};

const th = JSON.parse(readFileSync(join(ROOT, 'locales/th/translation.json'), 'utf8')) as {
  privacy: { accept: string };
  rating: { expectation: string; satisfaction: string; level5: string; level4: string };
};
const survey = JSON.parse(readFileSync(join(ROOT, `src/content/surveys/${SURVEY_ID}.json`), 'utf8')) as {
  ratingLabels?: { th: string }[];
  sections: { id: string; questions: { id: string; type: string }[] }[];
};
const ACCEPT = th.privacy.accept;
/** The two levels the autosave run alternates between (the survey's own labels, else the app's). */
const LEVELS = [survey.ratingLabels?.[0]?.th ?? th.rating.level5, survey.ratingLabels?.[1]?.th ?? th.rating.level4];

// ——— Service worker throttling ———————————————————————————————————————————————————————————————
// Network.emulateNetworkConditions on the page's session does not slow the service worker's own
// fetches (its precache runs in parallel with the page's downloads), so each new service worker
// target is attached (browser-level CDP, non-flattened session) and given the same conditions.
// The worker's script fetch itself starts before it can be attached and stays unthrottled.

interface WorkerThrottle {
  enabled: boolean;
  attached: number;
}

async function throttleServiceWorkers(browser: Browser): Promise<WorkerThrottle> {
  const state: WorkerThrottle = { enabled: false, attached: 0 };
  const session = await browser.newBrowserCDPSession();
  let id = 1_000_000;
  session.on('Target.targetCreated', (event: { targetInfo: { targetId: string; type: string } }) => {
    if (!state.enabled || event.targetInfo.type !== 'service_worker') return;
    void (async () => {
      try {
        const { sessionId } = (await session.send('Target.attachToTarget', {
          targetId: event.targetInfo.targetId,
          flatten: false,
        })) as { sessionId: string };
        const send = (method: string, params: object = {}) =>
          session.send('Target.sendMessageToTarget', {
            sessionId,
            message: JSON.stringify({ id: ++id, method, params }),
          });
        await send('Network.enable');
        await send('Network.emulateNetworkConditions', NETWORK);
        state.attached++;
      } catch (error) {
        console.warn('could not throttle the service worker:', error);
      }
    })();
  });
  await session.send('Target.setDiscoverTargets', { discover: true });
  return state;
}

/** A level's radio by its accessible name: the label alone, or "5 – label" and the like. */
function levelName(label: string): RegExp {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s–-])${escaped}$`);
}

// ——— In-page probe ——————————————————————————————————————————————————————————————————————————
// Times are performance.now() in the page: milliseconds since that navigation started.

interface Marks {
  /** The first frame in which the privacy notice's accept button is visible and enabled. */
  notice?: number;
  /** Where to click it (its centre, in the viewport), once it is on screen. */
  point?: { x: number; y: number };
  /** The click on it (the input event's timestamp). */
  click?: number;
  /** The first frame in which the first question is visible. */
  field?: number;
}

declare global {
  interface Window {
    __bench: Marks;
  }
}

/**
 * Looks once per frame, in the frame's animation callbacks, for the notice's button and then the
 * first question. Checking there costs the page nothing the frame would not do anyway: the
 * layout it reads is the one the frame is about to paint. (Checking on every DOM change, as
 * this probe once did, forced extra layouts: about 45 ms on the throttled CPU.)
 */
function probe({ accept, fieldSelector }: { accept: string; fieldSelector: string }): void {
  const marks: Marks = {};
  window.__bench = marks;
  const shown = (el: Element | null | undefined): el is HTMLElement =>
    !!el &&
    el.getBoundingClientRect().height > 0 &&
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const frame = () => {
    const now = performance.now();
    if (marks.notice === undefined || !marks.point) {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === accept);
      if (shown(button) && !(button as HTMLButtonElement).disabled) {
        marks.notice ??= now;
        const box = button.getBoundingClientRect();
        // Below the fold on a phone: scroll it into view, as a person would, then click.
        if (box.bottom > innerHeight || box.top < 0) button.scrollIntoView({ block: 'center' });
        else marks.point = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
    }
    if (marks.field === undefined && shown(document.querySelector(fieldSelector))) marks.field = now;
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener(
    'click',
    (event) => {
      marks.click ??= event.timeStamp;
    },
    true,
  );
}

async function newPhonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await phoneContext(browser, 'th-TH');
  // tsx compiles with esbuild's keepNames: functions sent to the page call `__name`. Give it one.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  await context.addInitScript(probe, { accept: ACCEPT, fieldSelector: FIELD_SELECTOR });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  sessions.set(page, cdp);
  return { context, page, cdp };
}

/** Each bench page's CDP session (the click is sent through it). */
const sessions = new WeakMap<Page, CDPSession>();

/**
 * Clicks the notice's accept button as soon as it shows, then waits for the first question.
 * Playwright's `locator.click()` first runs its actionability checks in the page, which on a
 * CPU-throttled page cost hundreds of milliseconds; so the probe finds the button (by its
 * visible name, as the role locator would) and the bench clicks its centre with a real (trusted)
 * mouse event. Should that click miss (the button moved), the role locator clicks it.
 */
async function acceptAndReachFirstQuestion(page: Page): Promise<Required<Marks>> {
  const at = await page.waitForFunction(() => window.__bench.point, undefined, { polling: 'raf', timeout: 60_000 });
  const point = (await at.jsonValue()) as { x: number; y: number };
  // Press and release sent together, as one click: Playwright's mouse.click() moves, presses and
  // releases one after the other, each waiting for the busy (throttled) page to acknowledge it.
  const cdp = sessions.get(page);
  if (!cdp) throw new Error('no CDP session for this page');
  const button = { x: point.x, y: point.y, button: 'left' as const, clickCount: 1 };
  await Promise.all([
    cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...button }),
    cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...button }),
  ]);
  const landed = await page
    .waitForFunction(() => window.__bench.click !== undefined, undefined, { timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (!landed) await page.getByRole('button', { name: ACCEPT }).click({ timeout: 60_000 });
  await page.waitForFunction(() => window.__bench.field !== undefined, undefined, { timeout: 60_000 });
  return (await page.evaluate(() => window.__bench)) as Required<Marks>;
}

function serviceWorkerControls(page: Page): Promise<unknown> {
  return page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, {
    timeout: 60_000,
  });
}

// ——— 1. Weight ———————————————————————————————————————————————————————————————————————————————

type Kind = 'JS' | 'CSS' | 'fonts' | 'other';
const KINDS: Kind[] = ['JS', 'CSS', 'fonts', 'other'];

interface Download {
  path: string;
  kind: Kind;
  status: number;
  contentType: string;
  contentEncoding: string | null;
  bytes: number;
  gzip: number;
  fromServiceWorker: boolean;
}

function kindOf(path: string, contentType: string): Kind {
  if (/javascript|ecmascript/.test(contentType) || /\.m?js$/.test(path)) return 'JS';
  if (/text\/css/.test(contentType) || path.endsWith('.css')) return 'CSS';
  if (/^font\//.test(contentType) || /\.(woff2?|ttf|otf)$/.test(path)) return 'fonts';
  return 'other';
}

async function download(response: Response, origin: string): Promise<Download> {
  const url = new URL(response.url());
  const path = url.origin === origin ? url.pathname + url.search : response.url();
  const headers = await response.allHeaders();
  const contentType = headers['content-type'] ?? '';
  let body: Buffer;
  try {
    body = await response.body();
  } catch {
    // A service worker's response body is not always kept: fetch the same file again.
    body = Buffer.from(await (await fetch(response.url())).arrayBuffer());
  }
  return {
    path,
    kind: kindOf(url.pathname, contentType),
    status: response.status(),
    contentType,
    contentEncoding: headers['content-encoding'] ?? null,
    bytes: body.length,
    gzip: gzipSize(body),
    fromServiceWorker: response.fromServiceWorker(),
  };
}

function sumBy(list: readonly Download[]) {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { gzip: 0, bytes: 0, files: 0 }])) as Record<
    Kind,
    { gzip: number; bytes: number; files: number }
  >;
  for (const d of list) {
    byKind[d.kind].gzip += d.gzip;
    byKind[d.kind].bytes += d.bytes;
    byKind[d.kind].files++;
  }
  return {
    byKind,
    files: list.length,
    gzip: list.reduce((s, d) => s + d.gzip, 0),
    bytes: list.reduce((s, d) => s + d.bytes, 0),
  };
}

async function measureWeight(browser: Browser, base: string) {
  const origin = new URL(base).origin;
  const { context, page } = await newPhonePage(browser);
  const pageResponses: { response: Response; startedAt: number }[] = [];
  const workerResponses: Response[] = [];
  page.on('response', (r) => pageResponses.push({ response: r, startedAt: r.request().timing().startTime }));
  context.on('response', (r) => {
    if (r.request().serviceWorker()) workerResponses.push(r);
  });
  await page.goto(base + SURVEY_PATH, { waitUntil: 'commit' });
  await acceptAndReachFirstQuestion(page);
  const cutoff = Date.now();
  // Let the service worker finish installing (its precache is reported on its own).
  await serviceWorkerControls(page);
  await page.waitForLoadState('networkidle');
  const before = pageResponses.filter((r) => r.startedAt <= cutoff);
  const after = pageResponses.filter((r) => r.startedAt > cutoff);
  const downloads = await Promise.all(before.map((r) => download(r.response, origin)));
  const late = await Promise.all(after.map((r) => download(r.response, origin)));
  const worker = await Promise.all(workerResponses.map((r) => download(r, origin)));
  await context.close();
  const pagePaths = new Set(downloads.map((d) => d.path));
  const workerScript = worker.filter((d) => d.path === '/sw.js');
  const precache = worker.filter((d) => d.path !== '/sw.js');
  return {
    downloads,
    late,
    totals: sumBy(downloads),
    worker: {
      script: sumBy(workerScript),
      precache: sumBy(precache),
      /** What the precache adds beyond what the page itself downloaded. */
      precacheBeyondPage: sumBy(precache.filter((d) => !pagePaths.has(d.path))),
      files: worker,
    },
  };
}

// ——— 2. Time to the first question —————————————————————————————————————————————————————————

interface VisitSample {
  /** Navigation start → the document's response fully received. */
  documentMs: number;
  /** Navigation start → the app's main script fully received (resource timing). */
  scriptMs: number;
  /** Navigation start → DOMContentLoaded done (the module script has run by then). */
  domContentLoadedMs: number;
  /** Navigation start → accept button visible (next frame). */
  noticeMs: number;
  /** Navigation start → the click on it arrived. */
  clickMs: number;
  /** Navigation start → the first question visible (next frame). The budgeted figure. */
  firstQuestionMs: number;
  /** The part that is the app's: first question minus the automation's click delay. */
  appMs: number;
  /** The same, measured from Node (goto → locator visible), as a cross-check. */
  wallMs: number;
  /** For repeat visits: the navigation was answered by the service worker. */
  fromServiceWorker?: boolean;
  /** Every request of the visit: who asked, from when to when (ms since navigation start). */
  waterfall: WaterfallRow[];
}

interface WaterfallRow {
  path: string;
  by: 'page' | 'service worker';
  startMs: number;
  endMs: number;
  failure?: string;
}

interface RawRequest {
  epoch: number;
  path: string;
  by: WaterfallRow['by'];
  /** responseEnd, ms after `epoch` (-1 when unknown). */
  end: number;
  failure?: string;
}

/** Records the finished requests of a context (page and service worker), read after the visit. */
function recordWaterfall(context: BrowserContext, origin: string): RawRequest[] {
  const rows: RawRequest[] = [];
  const record = (request: Request, failure?: string) => {
    const timing = request.timing();
    const url = new URL(request.url());
    rows.push({
      epoch: timing.startTime,
      path: url.origin === origin ? url.pathname + url.search : request.url(),
      by: request.serviceWorker() ? 'service worker' : 'page',
      end: timing.responseEnd,
      ...(failure ? { failure } : {}),
    });
  };
  context.on('requestfinished', (request) => record(request));
  context.on('requestfailed', (request) => record(request, request.failure()?.errorText ?? 'failed'));
  return rows;
}

async function visitSample(
  page: Page,
  marks: Required<Marks>,
  wallMs: number,
  requests: readonly RawRequest[],
): Promise<VisitSample> {
  const nav = await page.evaluate(() => {
    const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const script = performance.getEntriesByType('resource').find((e) => /\/assets\/index-[^/]*\.js$/.test(e.name)) as
      | PerformanceResourceTiming
      | undefined;
    return {
      timeOrigin: performance.timeOrigin,
      documentMs: entry?.responseEnd ?? Number.NaN,
      domContentLoadedMs: entry?.domContentLoadedEventEnd ?? Number.NaN,
      scriptMs: script?.responseEnd ?? Number.NaN,
    };
  });
  const waterfall = requests
    .map((r) => ({
      path: r.path,
      by: r.by,
      startMs: r.epoch - nav.timeOrigin,
      endMs: r.epoch - nav.timeOrigin + Math.max(r.end, 0),
      ...(r.failure ? { failure: r.failure } : {}),
    }))
    .filter((r) => r.startMs >= -1)
    .sort((a, b) => a.startMs - b.startMs);
  return {
    documentMs: nav.documentMs,
    scriptMs: nav.scriptMs,
    domContentLoadedMs: nav.domContentLoadedMs,
    noticeMs: marks.notice,
    clickMs: marks.click,
    firstQuestionMs: marks.field,
    appMs: marks.field - (marks.click - marks.notice),
    wallMs,
    waterfall,
  };
}

async function firstVisit(browser: Browser, base: string, workers: WorkerThrottle): Promise<VisitSample> {
  const { context, page, cdp } = await newPhonePage(browser);
  try {
    const requests = recordWaterfall(context, new URL(base).origin);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    workers.enabled = true;
    const started = Date.now();
    await page.goto(base + SURVEY_PATH, { waitUntil: 'commit', timeout: 60_000 });
    const marks = await acceptAndReachFirstQuestion(page);
    const wallMs = Date.now() - started;
    return await visitSample(page, marks, wallMs, requests);
  } finally {
    workers.enabled = false;
    await context.close();
  }
}

export async function repeatVisitOffline(browser: Browser, base: string): Promise<VisitSample> {
  const { context, page, cdp } = await newPhonePage(browser);
  try {
    // The first visit (full speed): the notice shows and the service worker takes control. The
    // notice is not accepted, so the repeat visit starts from the notice again, with no draft.
    await page.goto(base + SURVEY_PATH);
    await page.getByRole('button', { name: ACCEPT }).waitFor({ timeout: 60_000 });
    await serviceWorkerControls(page);
    await context.setOffline(true);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const requests = recordWaterfall(context, new URL(base).origin);
    const started = Date.now();
    const response = await page.goto(base + SURVEY_PATH, { waitUntil: 'commit', timeout: 60_000 });
    const marks = await acceptAndReachFirstQuestion(page);
    const wallMs = Date.now() - started;
    const sample = await visitSample(page, marks, wallMs, requests);
    return { ...sample, fromServiceWorker: response?.fromServiceWorker() ?? false };
  } finally {
    await context.close();
  }
}

// ——— 3. Autosave ————————————————————————————————————————————————————————————————————————————

/** Where one instrumented autosave's time went (ms from the change event). */
interface AutosavePhases {
  change: number;
  getIssued?: number;
  getDone?: number;
  putIssued?: number;
  putDone?: number;
  committed?: number;
}

const PHASE_ANSWERS = 40;

async function measureAutosave(browser: Browser, base: string) {
  const { context, page } = await newPhonePage(browser);
  try {
    await page.goto(base + SURVEY_PATH, { waitUntil: 'commit' });
    await acceptAndReachFirstQuestion(page);
    await page.goto(`${base}${SURVEY_PATH}/${RATING_SECTION}`);
    const expectation = page.getByRole('radiogroup', { name: th.rating.expectation, exact: true });
    const satisfaction = page.getByRole('radiogroup', { name: th.rating.satisfaction, exact: true });
    await expectation.first().waitFor();
    const items = await expectation.count();
    const groups = Array.from({ length: items }, (_, i) => [expectation.nth(i), satisfaction.nth(i)]).flat();
    const measures = () =>
      page.evaluate(
        (name) =>
          performance.getEntriesByName(name, 'measure').map((e) => ({ start: e.startTime, duration: e.duration })),
        AUTOSAVE_MEASURE,
      );
    let answered = 0;
    const answer = async () => {
      const i = answered++;
      const group = groups[i % groups.length];
      // Each scale alternates between two levels, so every click changes a value.
      const level = LEVELS[Math.floor(i / groups.length) % 2];
      if (!group || !level) throw new Error('no rating scale to answer');
      const n = await page.evaluate((name) => performance.getEntriesByName(name, 'measure').length, AUTOSAVE_MEASURE);
      await group.getByRole('radio', { name: levelName(level) }).click();
      await page.waitForFunction(
        ({ name, n }) => performance.getEntriesByName(name, 'measure').length > n,
        { name: AUTOSAVE_MEASURE, n },
        { polling: 'raf' },
      );
    };
    const before = (await measures()).length;
    for (let i = 0; i < ANSWERS; i++) await answer();
    const samples = (await measures()).slice(before).map((m) => m.duration);

    // The same record with the raw IndexedDB API, in a database of its own: a put, and a
    // read-modify-write (get + put in one transaction, which is what the app's save does).
    const raw = await page.evaluate(
      async ({ n }) => {
        const request = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
          new Promise<IDBDatabase>((resolve, reject) => {
            const r = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
            if (upgrade) r.onupgradeneeded = () => upgrade(r.result);
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const committed = (tx: IDBTransaction) =>
          new Promise<void>((resolve, reject) => {
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
        const siang = await open('siang');
        const all = (await request(siang.transaction('responses', 'readonly').objectStore('responses').getAll())) as {
          id: string;
          status: string;
          updatedAt: string;
        }[];
        siang.close();
        const record = all.find((r) => r.status === 'draft');
        if (!record) throw new Error('no draft in IndexedDB siang/responses');
        const name = 'siang-bench-raw';
        await new Promise((resolve) => {
          const r = indexedDB.deleteDatabase(name);
          r.onsuccess = r.onerror = r.onblocked = resolve;
        });
        const db = await open(name, (d) => d.createObjectStore('responses', { keyPath: 'id' }));
        const put: number[] = [];
        for (let i = 0; i < n; i++) {
          const started = performance.now();
          const tx = db.transaction('responses', 'readwrite');
          tx.objectStore('responses').put(record);
          await committed(tx);
          put.push(performance.now() - started);
        }
        const readModifyWrite: number[] = [];
        for (let i = 0; i < n; i++) {
          const started = performance.now();
          const tx = db.transaction('responses', 'readwrite');
          const store = tx.objectStore('responses');
          const get = store.get(record.id);
          get.onsuccess = () => {
            const draft = get.result as typeof record;
            draft.updatedAt = new Date().toISOString();
            store.put(draft);
          };
          await committed(tx);
          readModifyWrite.push(performance.now() - started);
        }
        db.close();
        indexedDB.deleteDatabase(name);
        return { put, readModifyWrite, recordBytes: new TextEncoder().encode(JSON.stringify(record)).length };
      },
      { n: ANSWERS },
    );

    // Control: the same raw put, started from a change event of a checkbox the bench adds to the
    // page and clicks like the radios (same input → frame → task path as the app's autosave).
    await page.evaluate(() => {
      const w = window as unknown as { __rawFromInput: number[]; __rawReady: boolean };
      w.__rawFromInput = [];
      w.__rawReady = false;
      let db: IDBDatabase | undefined;
      let record: unknown;
      const open = indexedDB.open('siang-bench-raw-input', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('responses', { keyPath: 'id' });
      open.onsuccess = () => {
        db = open.result;
        (window as unknown as { __rawDb: IDBDatabase }).__rawDb = db;
        w.__rawReady = record !== undefined;
      };
      const siang = indexedDB.open('siang');
      siang.onsuccess = () => {
        const get = siang.result.transaction('responses').objectStore('responses').getAll();
        get.onsuccess = () => {
          record = (get.result as { status: string }[]).find((r) => r.status === 'draft');
          siang.result.close();
          w.__rawReady = db !== undefined && record !== undefined;
        };
      };
      const label = document.createElement('label');
      label.id = 'bench-raw-put';
      label.style.cssText = 'position:fixed;left:8px;bottom:8px;z-index:9999;background:#fff;padding:8px';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.addEventListener('change', () => {
        if (!db || !record) return;
        const started = performance.now();
        const tx = db.transaction('responses', 'readwrite');
        tx.objectStore('responses').put(record);
        tx.oncomplete = () => w.__rawFromInput.push(performance.now() - started);
      });
      label.append(box, ' bench raw put');
      document.body.append(label);
    });
    await page.waitForFunction(() => (window as unknown as { __rawReady: boolean }).__rawReady);
    const rawBox = page.getByRole('checkbox', { name: 'bench raw put' });
    for (let i = 0; i < ANSWERS; i++) {
      await rawBox.click();
      await page.waitForFunction(
        (n) => (window as unknown as { __rawFromInput: number[] }).__rawFromInput.length > n,
        i,
        { polling: 'raf' },
      );
    }
    const rawFromInput = await page.evaluate(() => {
      const w = window as unknown as { __rawFromInput: number[] };
      document.getElementById('bench-raw-put')?.remove();
      (window as unknown as { __rawDb?: IDBDatabase }).__rawDb?.close();
      indexedDB.deleteDatabase('siang-bench-raw-input');
      return w.__rawFromInput;
    });

    // A further, instrumented run (not part of the figures above): when the app's IndexedDB
    // requests were issued and answered, to see where an autosave's time goes.
    await page.evaluate(() => {
      const w = window as unknown as { __phases: AutosavePhases[] };
      w.__phases = [];
      let current: AutosavePhases | undefined;
      document.addEventListener(
        'change',
        () => {
          current = { change: performance.now() };
          w.__phases.push(current);
        },
        true,
      );
      const proto = IDBObjectStore.prototype;
      const wrap = (method: 'get' | 'put', issued: 'getIssued' | 'putIssued', done: 'getDone' | 'putDone') => {
        const original = proto[method] as (...args: unknown[]) => IDBRequest;
        (proto as unknown as Record<string, unknown>)[method] = function (this: IDBObjectStore, ...args: unknown[]) {
          const request = original.apply(this, args);
          const phases = current;
          if (phases && this.name === 'responses' && phases[issued] === undefined) {
            phases[issued] = performance.now();
            request.addEventListener('success', () => {
              phases[done] ??= performance.now();
            });
          }
          return request;
        };
      };
      wrap('get', 'getIssued', 'getDone');
      wrap('put', 'putIssued', 'putDone');
    });
    const instrumentedFrom = (await measures()).length;
    for (let i = 0; i < PHASE_ANSWERS; i++) await answer();
    const ends = (await measures()).slice(instrumentedFrom).map((m) => m.start + m.duration);
    const raws = await page.evaluate(() => (window as unknown as { __phases: AutosavePhases[] }).__phases);
    const phases: AutosavePhases[] = raws.slice(-ends.length).map((p, i) => {
      const committed = ends[i];
      return committed === undefined ? p : { ...p, committed };
    });
    return {
      autosave: samples,
      raw: raw.put,
      rawReadModifyWrite: raw.readModifyWrite,
      rawFromInput,
      recordBytes: raw.recordBytes,
      scales: groups.length,
      phases,
    };
  } finally {
    await context.close();
  }
}

/** The rows of an autosave table: the app's save and the raw IndexedDB controls. */
function autosaveRows(save: Awaited<ReturnType<typeof measureAutosave>>): string[][] {
  const row = (label: string, samples: readonly number[]) => [
    label,
    ms(percentile(samples, 50), 2),
    ms(percentile(samples, 95), 2),
    ms(Math.max(...samples), 2),
    String(samples.length),
  ];
  return [
    row('Autosave (answer → committed)', save.autosave),
    row('Raw IndexedDB put, started from an input event', save.rawFromInput),
    row('Raw IndexedDB put, back to back from a script', save.raw),
    row('Raw IndexedDB get + put in one transaction, from a script', save.rawReadModifyWrite),
  ];
}

/** Median duration of each phase of the instrumented autosaves. */
function phaseMedians(phases: readonly AutosavePhases[]) {
  const after = (event: keyof AutosavePhases) =>
    median(phases.flatMap((p) => (p[event] !== undefined ? [(p[event] ?? 0) - p.change] : [])));
  const events: { phase: string; ms: number }[] = [
    { phase: 'the read of the draft issued (state updated, Dexie opened the transaction)', ms: after('getIssued') },
    { phase: 'the write issued (with the read: one round trip)', ms: after('putIssued') },
    { phase: 'the read answered', ms: after('getDone') },
    { phase: 'the write answered', ms: after('putDone') },
    { phase: '**committed** (the measure ends)', ms: after('committed') },
  ];
  return events.sort((a, b) => a.ms - b.ms);
}

// ——— The suite ——————————————————————————————————————————————————————————————————————————————

/** The index of the run with the median time to the first question. */
function medianRun(samples: readonly VisitSample[]): number {
  const order = samples.map((s, i) => [s.firstQuestionMs, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)]?.[1] ?? 0;
}

function waterfallTable(rows: readonly WaterfallRow[]): string {
  return table(
    ['Request', 'By', 'Start', 'End'],
    rows.map((r) => [
      `\`${r.path}\`${r.failure ? ` (failed: ${r.failure})` : ''}`,
      r.by,
      fmt(r.startMs, 0),
      r.failure ? '' : fmt(r.endMs, 0),
    ]),
  );
}

function samplesRow(label: string, values: readonly number[]): string[] {
  return [label, ...values.map((v) => fmt(v, 0)), `**${fmt(median(values), 0)}**`];
}

export async function run(): Promise<BenchResult> {
  console.log('building (vite build + tsc)…');
  buildAll();
  // Serve a private copy of the build, so a rebuild elsewhere cannot change files mid-run.
  const staticDir = mkdtempSync(join(tmpdir(), 'siang-bench-dist-'));
  cpSync(join(ROOT, 'dist'), staticDir, { recursive: true });
  const server = await startServer({ env: { STATIC_DIR: staticDir } });
  const browser = await launchChromium();
  try {
    const workers = await throttleServiceWorkers(browser);

    console.log('1/4 weight');
    const weight = await measureWeight(browser, server.url);

    console.log(`2/4 first visit ×${RUNS} (throttled)`);
    const first: VisitSample[] = [];
    for (let i = 0; i < RUNS; i++) first.push(await firstVisit(browser, server.url, workers));

    console.log(`3/4 repeat visit offline ×${RUNS}`);
    const repeat: VisitSample[] = [];
    for (let i = 0; i < RUNS; i++) repeat.push(await repeatVisitOffline(browser, server.url));

    console.log(`4/4 autosave ×${ANSWERS}`);
    const save = await measureAutosave(browser, server.url);
    // The same again in a Chromium that does not hold tasks back after an input event, to see the
    // app's own cost apart from the browser's wait for the next frame.
    console.log(`4/4 autosave ×${ANSWERS}, Chromium without ${NO_DEFER_FEATURE}`);
    const noDeferBrowser = await launchChromium([`--disable-features=${NO_DEFER_FEATURE}`]);
    const saveNoDefer = await measureAutosave(noDeferBrowser, server.url).finally(() => noDeferBrowser.close());

    // Which modules make up the JS the page downloaded.
    // (A chunk with no source of its own, such as the entry that only imports the app's chunk,
    // has no sourcemap.)
    const jsFiles = weight.downloads.filter(
      (d) => d.kind === 'JS' && d.path.startsWith('/assets/') && existsSync(join(staticDir, `${d.path}.map`)),
    );
    const attributions = jsFiles.map((d) => ({ file: basename(d.path), ...attribute(join(staticDir, d.path)) }));

    const js = weight.totals.byKind.JS.gzip;
    const all = weight.totals.gzip;
    const firstMedian = median(first.map((s) => s.firstQuestionMs));
    const repeatMedian = median(repeat.map((s) => s.firstQuestionMs));
    const saveP50 = percentile(save.autosave, 50);
    const saveP95 = percentile(save.autosave, 95);
    const rawP50 = percentile(save.raw, 50);
    const rawP95 = percentile(save.raw, 95);
    const rawInputP95 = percentile(save.rawFromInput, 95);
    const budgets: Budget[] = [
      budget('JS before the first question (gzip)', js / 1000, BUDGET.jsGzip / 1000, 'KB', `${fmt(js / 1024, 1)} KiB`),
      budget(
        'All bytes before the first question (gzip)',
        all / 1000,
        BUDGET.allGzip / 1000,
        'KB',
        `${fmt(all / 1024, 1)} KiB`,
      ),
      budget('First visit, time to first question (median of 5)', Math.round(firstMedian), BUDGET.firstVisitMs, 'ms'),
      budget(
        'Repeat visit offline, time to first question (median of 5)',
        Math.round(repeatMedian),
        BUDGET.repeatOfflineMs,
        'ms',
      ),
      budget('Autosave p95', Number(saveP95.toFixed(2)), BUDGET.autosaveP95Ms, 'ms'),
      budget(
        'Autosave p95 ÷ raw IndexedDB put p95, both started from an input event',
        Number((saveP95 / rawInputP95).toFixed(2)),
        BUDGET.autosaveVsRawP95,
        '×',
      ),
    ];

    const serverCompresses = weight.downloads.some((d) => d.contentEncoding);
    const md: string[] = [];
    md.push('### Budgets', '', budgetTable(budgets), '');

    md.push(
      '### 1. Weight before the first question',
      '',
      `Everything the page requested, in a fresh phone-sized context (360×740, th-TH), from navigating to`,
      `\`${SURVEY_PATH}\` through clicking the privacy notice's “${ACCEPT}” until the first question`,
      `(\`${FIELD_SELECTOR}\`) is visible. Sizes are gzip -9 of each response body, computed by the`,
      `bench (zlib level 9) whatever the server sent; “raw” is the body as served. The service worker's`,
      `own requests (its script and its precache install) are not the page's and are counted apart below.`,
      `The server ${serverCompresses ? 'compressed some responses' : 'sent every response **uncompressed** (no `content-encoding`), so on the wire the page moved the raw bytes'}.`,
      '',
      table(
        ['Kind', 'Files', 'gzip', 'raw'],
        [
          ...KINDS.map((k) => [
            k === 'other' ? 'other (HTML, JSON, manifest, icons)' : k,
            String(weight.totals.byKind[k].files),
            kb(weight.totals.byKind[k].gzip),
            kb(weight.totals.byKind[k].bytes),
          ]),
          ['**Total**', String(weight.downloads.length), `**${kb(all)}**`, kb(weight.totals.bytes)],
          [
            'Service worker precache (background, parallel)',
            String(weight.worker.precache.files),
            kb(weight.worker.precache.gzip),
            kb(weight.worker.precache.bytes),
          ],
          [
            '… of which not already fetched by the page',
            '',
            kb(weight.worker.precacheBeyondPage.gzip),
            kb(weight.worker.precacheBeyondPage.bytes),
          ],
          ['Service worker script (`/sw.js`)', '1', kb(weight.worker.script.gzip), kb(weight.worker.script.bytes)],
        ],
      ),
      '',
      'For scale: ODK Web Forms is about 1.25 MB of JS, SurveyJS core (`survey-core`) about 327 KB.',
      '',
      '<details><summary>Every file the page requested before the first question</summary>',
      '',
      table(
        ['Path', 'Kind', 'Status', 'gzip (B)', 'raw (B)'],
        weight.downloads.map((d) => [
          `\`${d.path}\``,
          d.kind,
          `${d.status}${d.fromServiceWorker ? ' (service worker)' : ''}`,
          String(d.gzip),
          String(d.bytes),
        ]),
      ),
      '',
      '</details>',
      '',
    );
    for (const a of attributions) {
      md.push(
        `JS by module, \`${a.file}\` (${kb(a.gzip)} gzip, ${kb(a.total)} minified), attributed through its sourcemap.`,
        '“gzip alone” compresses each group by itself, so the column sums to a little more than the file.',
        '',
        table(
          ['Module', 'Minified', 'Share', 'gzip alone'],
          a.groups
            .filter((g) => g.bytes >= 100)
            .map((g) => [g.group, kb(g.bytes), `${fmt((100 * g.bytes) / a.total, 1)} %`, kb(g.gzipAlone)]),
        ),
        '',
      );
    }

    md.push(
      '### 2. Time to the first question (slow phone)',
      '',
      `Chromium with CDP \`Network.emulateNetworkConditions\` (1.6 Mbps down, 750 kbps up, 150 ms latency;`,
      `applied to the page and, through a browser-level CDP session, to the service worker's fetches too)`,
      `and \`Emulation.setCPUThrottlingRate\` ${CPU_SLOWDOWN}. Times are from navigation start (the page's`,
      `\`performance.now()\`) to the first frame in which the element is visible. A probe in the page looks`,
      `once per frame, in the frame's animation callbacks, so its checks force no layout the frame would not`,
      `do anyway (an earlier probe checked on every DOM change and cost the throttled page about 45 ms of`,
      `forced layout). As soon as the accept button shows, the bench clicks its centre with a real mouse event`,
      `(scrolling it into view first if it is below the fold); “click delay” is what that automation took`,
      `(notice visible → click received) and “app only” removes it. ${RUNS} runs each; the median is in bold.`,
      '',
      `**First visit** (fresh context each run, empty cache, no service worker):`,
      '',
      table(
        ['ms', ...first.map((_, i) => `#${i + 1}`), 'median'],
        [
          samplesRow(
            'Document received',
            first.map((s) => s.documentMs),
          ),
          samplesRow(
            'Main script received',
            first.map((s) => s.scriptMs),
          ),
          samplesRow(
            'DOMContentLoaded (script has run)',
            first.map((s) => s.domContentLoadedMs),
          ),
          samplesRow(
            'Privacy notice visible',
            first.map((s) => s.noticeMs),
          ),
          samplesRow(
            'Click delay (automation)',
            first.map((s) => s.clickMs - s.noticeMs),
          ),
          samplesRow(
            '**First question visible**',
            first.map((s) => s.firstQuestionMs),
          ),
          samplesRow(
            'App only (without click delay)',
            first.map((s) => s.appMs),
          ),
        ],
      ),
      '',
      `Requests of the median first visit (run #${medianRun(first) + 1}), ms since navigation start:`,
      '',
      waterfallTable(first[medianRun(first)]?.waterfall ?? []),
      '',
      `**Repeat visit offline** (after a first visit that showed the notice and waited for the service`,
      `worker to control the page: \`context.setOffline(true)\`, CPU ×${CPU_SLOWDOWN}, navigate again; no draft, so the`,
      `notice shows again). Navigation answered by the service worker in ${repeat.filter((s) => s.fromServiceWorker).length} of ${RUNS} runs.`,
      '',
      table(
        ['ms', ...repeat.map((_, i) => `#${i + 1}`), 'median'],
        [
          samplesRow(
            'Document received',
            repeat.map((s) => s.documentMs),
          ),
          samplesRow(
            'Main script received',
            repeat.map((s) => s.scriptMs),
          ),
          samplesRow(
            'DOMContentLoaded (script has run)',
            repeat.map((s) => s.domContentLoadedMs),
          ),
          samplesRow(
            'Privacy notice visible',
            repeat.map((s) => s.noticeMs),
          ),
          samplesRow(
            'Click delay (automation)',
            repeat.map((s) => s.clickMs - s.noticeMs),
          ),
          samplesRow(
            '**First question visible**',
            repeat.map((s) => s.firstQuestionMs),
          ),
          samplesRow(
            'App only (without click delay)',
            repeat.map((s) => s.appMs),
          ),
        ],
      ),
      '',
    );

    md.push(
      `Requests of the median repeat visit (run #${medianRun(repeat) + 1}; offline, so “page” requests are answered by the service worker):`,
      '',
      waterfallTable(repeat[medianRun(repeat)]?.waterfall ?? []),
      '',
    );

    md.push(
      '### 3. Autosave',
      '',
      `${ANSWERS} answers on section \`${RATING_SECTION}\` (${save.scales} rating scales of ${save.scales / 2} rating-pair items, each click`,
      `alternating “${LEVELS[0]}” / “${LEVELS[1]}” so every click changes a value), each waiting for the previous`,
      `save. Autosave is the app's user-timing measure \`${AUTOSAVE_MEASURE}\`: from the input event's handler to`,
      `the Dexie read-modify-write transaction committed. Beside it, in the same browser run, the raw`,
      `IndexedDB API puts the same draft record (${fmt(save.recordBytes / 1000, 1)} KB as JSON) into a database of its own, each`,
      `put in its own readwrite transaction awaiting \`oncomplete\` (both with the browser's default durability):`,
      `${ANSWERS} times started from the change event of a checkbox the bench adds to the page and clicks as it`,
      `clicks the radios (the same input → task path as the app's save; this is the budget's comparison),`,
      `and ${ANSWERS} times back to back from a script, with no input at all.`,
      '**No CPU or network throttling** in this part.',
      '',
      table(['Chromium as shipped', 'p50', 'p95', 'max', 'samples'], autosaveRows(save)),
      '',
      `Why the two raw puts differ so much: after a click or a key, Chromium's scheduler holds the page's`,
      `other tasks, IndexedDB's answers among them, until the next frame is rendered (its`,
      `\`${NO_DEFER_FEATURE}\` feature), so any write started from an input is acknowledged only after that`,
      `frame: up to one 16.7 ms vsync interval plus the frame's work. The script's puts never wait for a`,
      `frame. To see the app's own cost apart from that wait, the same measurements run again in a`,
      `Chromium started with \`--disable-features=${NO_DEFER_FEATURE}\` (everything else equal):`,
      '',
      table([`Chromium without ${NO_DEFER_FEATURE}`, 'p50', 'p95', 'max', 'samples'], autosaveRows(saveNoDefer)),
      '',
      `Without the frame wait the app's save takes ${fmt(percentile(saveNoDefer.autosave, 50) / percentile(saveNoDefer.rawFromInput, 50), 2)} × (p50) and ${fmt(percentile(saveNoDefer.autosave, 95) / percentile(saveNoDefer.rawFromInput, 95), 2)} × (p95) the raw put started`,
      `from the same kind of click. The save sends a read of the draft with its write, in one round trip,`,
      `to check that the stored draft is still the one it changed (a completed response must never be`,
      `overwritten by a late save); the raw get + put row is that pattern without Dexie. The rest is the`,
      `page's own work after a tap: the app redraws the question that changed (the bench's checkbox`,
      `changes nothing on screen), and an answer that arrives meanwhile waits for that work.`,
      '',
      `Where an autosave's time goes: ${save.phases.length} further answers (not in the figures above), with the`,
      `page's \`IDBObjectStore\` get/put wrapped to note when the app's requests were issued and answered`,
      `(median time after the change event, in Chromium as shipped):`,
      '',
      table(
        ['Event', 'after the change event (median)'],
        phaseMedians(save.phases).map((p) => [p.phase, ms(p.ms, 2)]),
      ),
      '',
    );

    const json = {
      budgets,
      conditions: { network: NETWORK, cpuSlowdown: CPU_SLOWDOWN, serviceWorkersThrottled: workers.attached },
      weight: {
        gzipByKind: weight.totals.byKind,
        gzipTotal: all,
        rawTotal: weight.totals.bytes,
        serverCompresses,
        files: weight.downloads,
        afterFirstQuestion: weight.late,
        serviceWorker: weight.worker,
        jsAttribution: attributions.map((a) => ({
          ...a,
          groups: a.groups.map((g) => ({ ...g, sources: g.sources.slice(0, 10) })),
        })),
      },
      firstVisit: { samples: first, medianMs: firstMedian },
      repeatVisitOffline: { samples: repeat, medianMs: repeatMedian },
      autosave: {
        p50: saveP50,
        p95: saveP95,
        samples: save.autosave,
        raw: { p50: rawP50, p95: rawP95, samples: save.raw },
        rawFromInput: {
          p50: percentile(save.rawFromInput, 50),
          p95: percentile(save.rawFromInput, 95),
          samples: save.rawFromInput,
        },
        rawReadModifyWrite: {
          p50: percentile(save.rawReadModifyWrite, 50),
          p95: percentile(save.rawReadModifyWrite, 95),
          samples: save.rawReadModifyWrite,
        },
        phases: { medians: phaseMedians(save.phases), samples: save.phases },
        recordBytes: save.recordBytes,
      },
      autosaveWithoutInputDeferral: {
        chromiumFlag: `--disable-features=${NO_DEFER_FEATURE}`,
        autosave: { p50: percentile(saveNoDefer.autosave, 50), p95: percentile(saveNoDefer.autosave, 95) },
        rawFromInput: { p50: percentile(saveNoDefer.rawFromInput, 50), p95: percentile(saveNoDefer.rawFromInput, 95) },
        raw: { p50: percentile(saveNoDefer.raw, 50), p95: percentile(saveNoDefer.raw, 95) },
        rawReadModifyWrite: {
          p50: percentile(saveNoDefer.rawReadModifyWrite, 50),
          p95: percentile(saveNoDefer.rawReadModifyWrite, 95),
        },
        phases: phaseMedians(saveNoDefer.phases),
      },
    };
    return { markdown: md.join('\n'), json };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    rmSync(staticDir, { recursive: true, force: true });
  }
}
