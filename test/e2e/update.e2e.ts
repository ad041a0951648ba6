/**
 * A safe update, in real Chromium against the real server. A phone runs version N of the app
 * (dist/ as built) with two responses waiting to be sent and a stakeholder draft open in the
 * middle of a section. Then the office publishes version 2 of the stakeholder survey and the
 * server starts serving version N+1: another app version, built here from the same sources with
 * one more schema version of the device database. The app must not reload or swap itself under
 * the open draft; it offers the update once the draft is left, and after the update the draft
 * resumes where it was under survey version 1, the waiting responses reach the server, the
 * finished draft is accepted, and the next response uses survey version 2.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import complaintJson from '../../src/content/surveys/complaint.json';
import stakeholderSource from '../../src/content/surveys/stakeholder-satisfaction.json';
import type { Question, SurveyDefinition } from '../../src/core/survey.js';
import { SCHEMA_VERSIONS } from '../../src/db/db.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import {
  answerQuestion,
  answerSection,
  expectScreen,
  expectShown,
  fillSurvey,
  openApp,
  publishedSurvey,
  questionField,
  readDevice,
  STAKEHOLDER,
  startLinkName,
  startSurvey,
  tr,
  waitForServiceWorker,
} from './respondent.js';

const complaint = complaintJson as unknown as SurveyDefinition;
/** The stakeholder survey as the app has it (its school list read from its CSV): set in beforeAll. */
let stakeholder: SurveyDefinition;
const t = tr('th');
const run = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Version N+1: the same sources, another app version and one more schema version

const { version: APP_VERSION } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const NEXT_APP_VERSION = `${APP_VERSION}-next`;

const latestSchema = SCHEMA_VERSIONS.at(-1)?.version ?? 0;
/** Every table as the latest version has it, with one more index on responses. */
const current = Object.assign({}, ...SCHEMA_VERSIONS.map((v) => v.stores)) as Record<string, string>;
const NEXT_SCHEMA = {
  version: latestSchema + 1,
  stores: { ...current, responses: `${current.responses}, completedAt` },
};

/** src/db/db.ts with NEXT_SCHEMA appended to SCHEMA_VERSIONS, as a developer would add it. */
function withNextSchema(source: string): string {
  const start = source.indexOf('export const SCHEMA_VERSIONS');
  const end = source.indexOf('\n];', start);
  if (start < 0 || end < 0) throw new Error('src/db/db.ts: SCHEMA_VERSIONS is no longer an array literal');
  const before = source.slice(0, end).trimEnd();
  const comma = before.endsWith(',') ? '' : ',';
  return `${before}${comma}\n  ${JSON.stringify(NEXT_SCHEMA)},${source.slice(end)}`;
}

/**
 * Builds version N+1 into `outDir` with Vite's API and the project's config. vite-plugin-pwa
 * builds the service worker in a second, nested Vite build that takes none of the app build's
 * plugins, only its `define` and `resolve` options; so the changed src/db/db.ts reaches both
 * bundles as a resolve alias to a changed copy (beside a link to node_modules, so that its
 * `dexie` import is the project's), and the app version as a define.
 */
async function buildNext(outDir: string, scratch: string): Promise<void> {
  const dbSource = join(ROOT, 'src/db/db.ts');
  // The alias matches the import specifiers of src/db/db.ts; nothing else in browser code is a db.ts.
  const browserDirs = ['app', 'core', 'db', 'sw', 'sync'].map((d) => join(ROOT, 'src', d));
  const dbFiles = browserDirs.flatMap((dir) =>
    (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
      .filter((f) => /(^|\/)db\.tsx?$/.test(f))
      .map((f) => join(dir, f)),
  );
  expect(dbFiles).toEqual([dbSource]);
  const changed = join(scratch, 'db.ts');
  writeFileSync(changed, withNextSchema(readFileSync(dbSource, 'utf8')));
  symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');

  // Under vitest NODE_ENV is "test", which would make a development bundle with no service worker.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
      define: { __APP_VERSION__: JSON.stringify(NEXT_APP_VERSION) },
      resolve: { alias: [{ find: /^(?:\.\/|\.\.\/db\/)db\.js$/, replacement: changed }] },
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  // Both bundles carry the new schema version, and the app its version.
  const index = NEXT_SCHEMA.stores.responses;
  const js = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.js'));
  const appJs = js(join(outDir, 'assets')).map((f) => readFileSync(join(outDir, 'assets', f), 'utf8'));
  expect(
    appJs.some((code) => code.includes(index)),
    'the app bundle has the new schema version',
  ).toBe(true);
  expect(
    appJs.some((code) => code.includes(NEXT_APP_VERSION)),
    'the app has its version',
  ).toBe(true);
  expect(readFileSync(join(outDir, 'sw.js'), 'utf8'), 'the service worker has the new schema version').toContain(index);
}

// ---------------------------------------------------------------------------------------------
// The office: its server and its command line

let server: RunningServer;
// The browser reaches the server only through this proxy (test/helpers/fault-proxy.ts), which
// keeps the port when the server restarts and refuses submissions while the test says so.
let proxy: FaultProxy;
let browser: Browser;
const contexts: BrowserContext[] = [];
const work = mkdtempSync(join(tmpdir(), 'siang-update-'));
const shippedDir = join(work, 'n'); // version N: dist/ as built (copied, so a rebuild cannot swap it)
const nextDir = join(work, 'n1'); // version N+1
const scratch = join(work, 'scratch');

beforeAll(async () => {
  cpSync(join(ROOT, 'dist'), shippedDir, { recursive: true });
  mkdirSync(scratch);
  [server, browser] = await Promise.all([
    startServer({ env: { STATIC_DIR: shippedDir } }),
    launchChromium(),
    buildNext(nextDir, scratch),
  ]);
  stakeholder = await publishedSurvey(server.url, STAKEHOLDER);
  proxy = await startFaultProxy(server.url);
});

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Runs `siang …` against the server's DATA_DIR (over its socket while it runs); its stdout. */
async function siang(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin/siang.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: server.dataDir },
  });
  return stdout;
}

/** `siang responses count [--survey ID]`: the number on its last line. */
async function countStored(surveyId?: string): Promise<number> {
  const stdout = await siang('responses', 'count', ...(surveyId ? ['--survey', surveyId] : []));
  const n = Number(stdout.trim().split('\n').at(-1));
  if (!Number.isInteger(n)) throw new Error(`siang responses count printed ${JSON.stringify(stdout)}`);
  return n;
}

/** A question added in version 2 of the stakeholder survey, at the end of its first section. */
const ADDED: Question = {
  id: 'heard_from',
  type: 'text',
  maxLength: 200,
  label: { th: 'ท่านทราบข่าวแบบสำรวจนี้จากที่ใด', en: 'Where did you hear about this survey?' },
} as Question;

/**
 * Publishes version 2 of the stakeholder survey with `siang survey publish FILE`: a copy of its
 * source file with one question added.
 */
async function publishVersion2(): Promise<{ version: number }> {
  const v2 = structuredClone(stakeholderSource) as typeof stakeholderSource & { version: number };
  v2.version = 2;
  const first = v2.sections[0];
  if (!first) throw new Error(`${STAKEHOLDER} has no sections`);
  (first.questions as unknown[]).push(ADDED);
  const file = join(work, 'stakeholder-v2.json');
  writeFileSync(file, JSON.stringify(v2, null, 2));
  expect(await siang('survey', 'publish', file)).toContain(`published: ${STAKEHOLDER} version 2`);
  return v2;
}

// ---------------------------------------------------------------------------------------------
// The phone

/** The raw IndexedDB version of the device database (Dexie's version × 10). */
function databaseVersion(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('siang');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB "siang"'));
        open.onsuccess = () => {
          const { version } = open.result;
          open.result.close();
          resolve(version);
        };
      }),
  );
}

/** The service worker registration as the page sees it. */
function registration(page: Page): Promise<{ waiting: string | undefined; active: string | undefined }> {
  return page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return { waiting: r?.waiting?.state, active: r?.active?.state };
  });
}

/** The app's entry script (its hashed name differs between builds). */
function entryScript(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.src ?? '');
}

/** The outbox state of each of these responses on the device. */
async function outboxStates(page: Page, ids: readonly string[]): Promise<(string | undefined)[]> {
  const { outbox } = await readDevice(page);
  return ids.map((id) => outbox.find((e) => e.responseId === id)?.state);
}

/**
 * In the page: sets `window.siangUpdateTold`, a promise that resolves once the app has been told
 * that a new version waits and has rendered what it does about it. workbox-window tells the app
 * 200 ms after the new worker is installed, on a timer it starts in its own listener; the listeners
 * added here run after its ones, and timers of equal delay fire in the order they were set, so
 * this one fires after workbox-window's, then a frame passes for the app's render and effects.
 */
async function appToldOfUpdate(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) throw new Error('the page has no service worker registration');
  (window as unknown as Record<string, Promise<void>>).siangUpdateTold = new Promise<void>((resolve) => {
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state !== 'installed') return;
        setTimeout(() => requestAnimationFrame(() => setTimeout(resolve, 0)), 200);
      });
    });
  });
}

/** A marker on the page's window: gone after any reload. */
const MARKER = 'siangBeforeUpdate';
function hasMarker(page: Page): Promise<boolean> {
  return page.evaluate((name) => name in window, MARKER);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function complaintQuestion(id: string): Question {
  const q = complaint.sections.flatMap((s) => s.questions).find((x) => x.id === id);
  if (!q) throw new Error(`complaint has no question ${id}`);
  return q;
}

/** The short complaint form, required questions only, submitted; returns the response id. */
async function fillComplaint(page: Page, n: number): Promise<string> {
  // From a thank-you, a personal phone goes home first (it offers no "next respondent").
  const home = page.getByRole('link', { name: t('thanks.home'), exact: true });
  if (await home.isVisible()) await home.click();
  await startSurvey(page, complaint, 'th');
  await answerQuestion(page, complaint, complaintQuestion('category'), 'th', n);
  for (const id of ['topic', 'description']) {
    const name = `${complaintQuestion(id).label.th} ${t('question.required')}`;
    await page.getByRole('textbox', { name, exact: true }).fill(`ทดสอบการปรับรุ่น ${id} ${n}`);
  }
  await answerQuestion(page, complaint, complaintQuestion('wants_reply'), 'th', 1); // "no": no contact section
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await expectScreen(page, t('review.title'));
  await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
  await expectScreen(page, t('complaintThanks.title'));
  const id = new URL(page.url()).searchParams.get('r');
  if (!id) throw new Error(`no response id in ${page.url()}`);
  return id;
}

function section(index: number) {
  const s = stakeholder.sections[index];
  if (!s) throw new Error(`${STAKEHOLDER} has no section ${index}`);
  return s;
}

// ---------------------------------------------------------------------------------------------

describe('updating the app', () => {
  it('waits while a draft is open, then updates without losing the draft or the responses waiting to be sent', async () => {
    // Version N, first visit online: the service worker controls the page.
    const app = await openApp(browser, proxy.url);
    contexts.push(app.context);
    const { page, context, errors } = app;
    const entryN = await entryScript(page);
    expect(await databaseVersion(page)).toBe(latestSchema * 10);

    // Offline: two complaints wait in the outbox, then a stakeholder draft is left mid-section.
    // The endpoint refuses submissions (500) until the update is done, so that they wait through
    // it whatever the browser's offline emulation lets through (a service worker woken by
    // Background Sync may send before the emulation reaches it).
    proxy.fail500(Number.POSITIVE_INFINITY);
    await context.setOffline(true);
    const waiting = [await fillComplaint(page, 0), await fillComplaint(page, 1)];
    await page.getByText(t('complaintThanks.willSendOffline'), { exact: true }).waitFor();
    await page.getByRole('link', { name: t('thanks.home'), exact: true }).click();
    await expectScreen(page, t('list.title'));
    await startSurvey(page, stakeholder, 'th');
    let answers = await answerSection(page, stakeholder, section(0), 'th');
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    const midSection = section(1);
    await expectScreen(page, midSection.title.th);
    const [q1, q2] = midSection.questions;
    if (!q1 || !q2) throw new Error(`${midSection.id} has fewer than two questions`);
    answers = {
      ...answers,
      ...(await answerQuestion(page, stakeholder, q1, 'th', 0)),
      ...(await answerQuestion(page, stakeholder, q2, 'th', 1)),
    };
    let draftId = '';
    await expect
      .poll(async () => {
        const draft = (await readDevice(page)).responses.find((r) => r.status === 'draft');
        draftId = draft?.id ?? '';
        return draft && { position: draft.position, answers: draft.answers, surveyVersion: draft.surveyVersion };
      })
      .toEqual({ position: midSection.id, answers, surveyVersion: 1 });
    const draftPath = new URL(page.url()).pathname;
    await page.evaluate((name) => Object.assign(window, { [name]: true }), MARKER);

    // The office publishes survey version 2 and starts serving app version N+1.
    const v2 = await publishVersion2();
    const { port, dataDir } = server;
    await server.stop();
    server = await startServer({ port, dataDir, env: { STATIC_DIR: nextDir } });

    // Back online and back in the foreground (the app looks for a new version then). The
    // endpoint still refuses submissions, so the two responses wait through the update.
    await page.evaluate(appToldOfUpdate);
    await context.setOffline(false);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(async () => (await registration(page)).waiting).toBe('installed');
    await page.evaluate(() => (window as unknown as Record<string, Promise<void>>).siangUpdateTold);

    // Nothing changes under the open draft: no reload, no swap, no prompt in the middle of it.
    expect(await hasMarker(page)).toBe(true);
    expect(new URL(page.url()).pathname).toBe(draftPath);
    await expectScreen(page, midSection.title.th);
    for (const q of [q1, q2]) await expectShown(page, stakeholder, q, answers, 'th');
    expect(await page.getByTestId('update-offer').count()).toBe(0);
    expect(await registration(page)).toEqual({ waiting: 'installed', active: 'activated' });
    expect(await databaseVersion(page)).toBe(latestSchema * 10);
    expect(await entryScript(page)).toBe(entryN);

    // Leaving the draft for the survey list is the safe moment: the update is offered there.
    await page
      .getByRole('banner')
      .getByRole('link', { name: new RegExp(`^${escapeRegExp(t('app.name'))}`) })
      .click();
    await expectScreen(page, t('list.title'));
    const offer = page.getByTestId('update-offer');
    await offer.getByText(t('sw.updateReady'), { exact: true }).waitFor();
    expect(await hasMarker(page)).toBe(true);
    await expect.poll(() => outboxStates(page, waiting), { timeout: 10_000 }).toEqual(['waiting', 'waiting']);
    expect(await countStored()).toBe(0);
    proxy.reset();

    const reloaded = page.waitForEvent('load');
    await offer.getByRole('button', { name: t('sw.updateNow'), exact: true }).click();
    await reloaded;

    // Version N+1 runs: a new entry script, the new database version, the new worker in control.
    await expectScreen(page, t('list.title'));
    await waitForServiceWorker(page);
    expect(await hasMarker(page)).toBe(false);
    expect(await entryScript(page)).not.toBe(entryN);
    await expect.poll(() => databaseVersion(page)).toBe(NEXT_SCHEMA.version * 10);
    expect(await registration(page)).toEqual({ waiting: undefined, active: 'activated' });
    await expect.poll(() => page.getByTestId('update-offer').count()).toBe(0);

    // The draft resumes where it was, with its answers, under survey version 1.
    const resume = new RegExp(`^${escapeRegExp(t('list.continue'))}\\s*:\\s*${escapeRegExp(stakeholder.title.th)}$`);
    await page.getByRole('link', { name: resume }).click();
    await expectScreen(page, midSection.title.th);
    expect(new URL(page.url()).pathname).toBe(draftPath);
    for (const q of [q1, q2]) await expectShown(page, stakeholder, q, answers, 'th');
    answers = await answerSection(page, stakeholder, midSection, 'th', answers);
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await page.waitForFunction((old) => document.querySelector('h1')?.textContent?.trim() !== old, midSection.title.th);
    answers = { ...answers, ...(await fillSurvey(page, stakeholder, 'th')) };
    await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
    await expectScreen(page, t('thanks.title'));
    expect(new URL(page.url()).searchParams.get('r')).toBe(draftId);

    // Everything on the device survived the upgrade and was sent; the server took version 1.
    await expect.poll(() => outboxStates(page, [...waiting, draftId])).toEqual(['sent', 'sent', 'sent']);
    const device = await readDevice(page);
    const finished = device.responses.find((r) => r.id === draftId);
    expect(finished).toMatchObject({ status: 'completed', surveyVersion: 1, appVersion: APP_VERSION, answers });
    expect(await countStored('complaint')).toBe(2);
    expect(await countStored(STAKEHOLDER)).toBe(1);

    // The next person's response uses survey version 2 (its added question shows).
    await page.getByRole('link', { name: t('thanks.home'), exact: true }).click();
    await page.getByRole('link', { name: startLinkName(stakeholder, 'th') }).click();
    await expectScreen(page, stakeholder.privacy.title.th);
    await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
    await expectScreen(page, section(0).title.th);
    await expect
      .poll(async () => {
        const draft = (await readDevice(page)).responses.find((r) => r.status === 'draft');
        return draft && { surveyVersion: draft.surveyVersion, appVersion: draft.appVersion };
      })
      .toEqual({ surveyVersion: v2.version, appVersion: NEXT_APP_VERSION });
    await questionField(page, ADDED, 'th').waitFor();

    expect(errors).toEqual([]);
  });
});
