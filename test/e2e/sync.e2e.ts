/**
 * Sending, in real Chromium against the real server, through a proxy that fails on purpose
 * (test/helpers/fault-proxy.ts): responses filled offline arrive when the network returns; a
 * server that is down, that answers 500, or whose reply is lost after it committed, never loses
 * or doubles a response; a rejected response stays on the device with its reason; and the
 * service worker sends on a Background Sync event with no page of the app open.
 *
 * The browser only ever talks to the proxy's origin, so the app, its service worker,
 * config.json and the API all come through it. While a test fills responses "offline", the proxy
 * is down too: Chromium's offline emulation does not hold every send (Background Sync follows the
 * machine's real network, and a service worker woken for it may fetch before the emulation reaches
 * it), so the test, not the browser's timing, decides when a response can reach the server. Responses are filled through the real UI (the
 * short complaint form, required questions only).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import thOfficer from '../../locales/th/officer.json';
import thMain from '../../locales/th/translation.json';
import complaintJson from '../../src/content/surveys/complaint.json';
import type { SingleChoiceQuestion, SurveyDefinition } from '../../src/core/survey.js';
import type { OutboxRecord, ResponseRecord } from '../../src/db/db.js';
import { type FaultProxy, type SubmissionAttempt, startFaultProxy } from '../helpers/fault-proxy.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext, STATE_TIMEOUT } from './browser.js';
import { tr } from './respondent.js';

const complaint = complaintJson as unknown as SurveyDefinition;
const SYNC_TAG = 'siang-outbox';

const t = tr('th');
/** The Thai strings of the respondents' and the officers' screens (the status line is the officers'). */
const th = { ...thMain, ...thOfficer, status: { ...thMain.status, ...thOfficer.status } };

let server: RunningServer;
let proxy: FaultProxy;
let browser: Browser;
const contexts: BrowserContext[] = [];
// The built app (or SIANG_E2E_DIST, e.g. a deliberately broken build), copied: a rebuild of
// dist/ while these tests run must not swap the files under the service worker's feet.
const staticDir = mkdtempSync(join(tmpdir(), 'siang-sync-dist-'));

beforeAll(async () => {
  cpSync(process.env.SIANG_E2E_DIST ?? join(ROOT, 'dist'), staticDir, { recursive: true });
  [server, browser] = await Promise.all([startServer({ env: { STATIC_DIR: staticDir } }), launchChromium()]);
  proxy = await startFaultProxy(server.url);
});

beforeEach(() => {
  proxy.clearLog();
});

afterEach(async () => {
  proxy.reset();
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The server, through the office's command line

const run = promisify(execFile);

/** Responses the server has stored: `siang responses count` (last line), over its socket. */
async function countStored(): Promise<number> {
  const { stdout } = await run(process.execPath, [`${ROOT}bin/siang.js`, 'responses', 'count'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: server.dataDir },
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  const n = Number(last);
  if (!Number.isInteger(n)) throw new Error(`siang responses count printed ${JSON.stringify(stdout)}`);
  return n;
}

/** The server's verdicts on `ids` across every submission the proxy saw (answered or cut). */
function verdicts(ids: readonly string[]): string[] {
  return proxy.attempts.flatMap((a) => (a.results ?? []).filter((r) => ids.includes(r.id)).map((r) => r.status));
}

// ---------------------------------------------------------------------------------------------
// The app, as a person uses it

interface App {
  context: BrowserContext;
  page: Page;
  errors: Error[];
}

/**
 * First visit through the proxy: waits until an activated service worker controls the page.
 * `backgroundSync: false` is a browser without Background Sync (Firefox, Safari).
 */
async function openApp({ backgroundSync = true } = {}): Promise<App> {
  const context = await phoneContext(browser, 'th-TH');
  contexts.push(context);
  if (!backgroundSync) {
    await context.addInitScript(() => {
      delete (ServiceWorkerRegistration.prototype as { sync?: unknown }).sync;
    });
  }
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  const worker = context.waitForEvent('serviceworker').catch(() => undefined);
  await page.goto(proxy.url);
  if (!(await worker) && context.serviceWorkers().length === 0) {
    throw new Error('the app registered no service worker: is dist/ a development build (NODE_ENV not production)?');
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
  await heading(page, t('list.title')).waitFor();
  return { context, page, errors };
}

function heading(page: Page, name: string, level = 1) {
  return page.getByRole('heading', { level, name, exact: true });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The Thai text of a translation before its first placeholder, as a pattern. */
function prefix(key: string): string {
  let node: unknown = th;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') {
    const parent = key.split('.').slice(0, -1);
    let p: unknown = th;
    for (const part of parent) p = (p as Record<string, unknown>)[part];
    node = (p as Record<string, unknown>)[`${key.split('.').at(-1)}_other`];
  }
  if (typeof node !== 'string') throw new Error(`no translation ${key}`);
  return escapeRegExp(node.split('{{')[0] ?? '');
}

/** The status bar's link to the device screen, whatever it says. */
function statusLink(page: Page) {
  const says = ['status.waitingUnknown', 'status.sending', 'status.waiting', 'status.allSent', 'status.nothingWaiting'];
  return page.getByRole('link', { name: new RegExp(`^(?:${says.map((k) => prefix(k)).join('|')})`) });
}

function question(id: string) {
  const q = complaint.sections.flatMap((s) => s.questions).find((x) => x.id === id);
  if (!q) throw new Error(`complaint has no question ${id}`);
  return q;
}

/** A question's accessible name: its label and "(required)". */
function questionName(id: string): string {
  return `${question(id).label.th} ${t('question.required')}`;
}

function optionLabel(id: string, value: string): string {
  const option = (question(id) as SingleChoiceQuestion).options.find((o) => o.value === value);
  if (!option) throw new Error(`${id} has no option ${value}`);
  return option.label.th;
}

/**
 * Fills the complaint form with its required answers only, from the survey list or the
 * thank-you screen, and submits it. Returns the new response's id.
 */
async function fillComplaint(page: Page, n: number): Promise<string> {
  // From a thank-you, a personal phone goes home first (it offers no "next respondent").
  const home = page.getByRole('link', { name: t('thanks.home'), exact: true });
  if (await home.isVisible()) await home.click();
  const start = new RegExp(`^${escapeRegExp(t('list.start'))}\\s*:\\s*${escapeRegExp(complaint.title.th)}$`);
  await page.getByRole('link', { name: start }).click();
  await heading(page, complaint.privacy.title.th).waitFor();
  await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
  const first = complaint.sections[0];
  if (!first) throw new Error('complaint has no sections');
  await heading(page, first.title.th).waitFor();

  const categories = (question('category') as SingleChoiceQuestion).options;
  const category = categories[n % categories.length];
  if (!category) throw new Error('no category');
  await page
    .getByRole('group', { name: questionName('category'), exact: true })
    .getByRole('radio', { name: category.label.th, exact: true })
    .check();
  await page.getByRole('textbox', { name: questionName('topic'), exact: true }).fill(`ทดสอบการส่ง ${n}`);
  await page.getByRole('textbox', { name: questionName('description'), exact: true }).fill(`รายละเอียดเรื่องที่ ${n}`);
  await page
    .getByRole('group', { name: questionName('wants_reply'), exact: true })
    .getByRole('radio', { name: optionLabel('wants_reply', 'no'), exact: true })
    .check();
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await heading(page, t('review.title')).waitFor();
  await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
  await heading(page, t('complaintThanks.title')).waitFor();
  const id = new URL(page.url()).searchParams.get('r');
  if (!id) throw new Error(`no response id in ${page.url()}`);
  return id;
}

async function fillMany(page: Page, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await fillComplaint(page, ids.length));
  return ids;
}

/**
 * Goes to the device screen without a reload: by the status line's link on an officers' screen,
 * else by address within the app (respondents' screens have no way there).
 */
async function openDeviceScreen(page: Page): Promise<void> {
  if (await statusLink(page).isVisible()) await statusLink(page).click();
  else
    await page.evaluate(() => {
      history.pushState(null, '', '/device');
      dispatchEvent(new PopStateEvent('popstate'));
    });
  await heading(page, t('device.title')).waitFor();
}

/** What the device's IndexedDB "siang" holds (raw IndexedDB, in a page of the app's origin). */
function readDevice(page: Page): Promise<{ responses: ResponseRecord[]; outbox: OutboxRecord[] }> {
  return page.evaluate(
    () =>
      new Promise<{ responses: ResponseRecord[]; outbox: OutboxRecord[] }>((resolve, reject) => {
        const open = indexedDB.open('siang');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB "siang"'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['responses', 'outbox'], 'readonly');
          const responses = tx.objectStore('responses').getAll();
          const outbox = tx.objectStore('outbox').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ responses: responses.result as ResponseRecord[], outbox: outbox.result as OutboxRecord[] });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function outboxStates(page: Page, ids: readonly string[]): Promise<Record<string, string | undefined>> {
  const { outbox } = await readDevice(page);
  return Object.fromEntries(ids.map((id) => [id, outbox.find((e) => e.responseId === id)?.state]));
}

function all(ids: readonly string[], state: string): Record<string, string> {
  return Object.fromEntries(ids.map((id) => [id, state]));
}

/** The device screen says these are all sent, nothing waits, and the status bar says "all sent". */
async function expectAllSent(page: Page, count: number, timeout = STATE_TIMEOUT): Promise<void> {
  await heading(page, t('device.sentTitle', { count }), 2).waitFor({ timeout });
  await heading(page, t('device.waitingTitle', { count: 0 }), 2).waitFor();
  await page.getByText(t('device.nothingWaiting'), { exact: true }).first().waitFor();
  await page.getByRole('link', { name: new RegExp(`^${prefix('status.allSent')}`) }).waitFor();
  await expect.poll(() => page.getByText(new RegExp(`^${prefix('device.sentAt')}`)).count()).toBe(count);
}

/** Waits until no sync is under way for `ids` (none is "sending"). */
async function settled(page: Page, ids: readonly string[]): Promise<Record<string, string | undefined>> {
  let states: Record<string, string | undefined> = {};
  await expect
    .poll(async () => {
      states = await outboxStates(page, ids);
      return Object.values(states).includes('sending');
    })
    .toBe(false);
  return states;
}

/**
 * "Send now", if anything still waits. The page and the service worker both sync when the
 * connection returns (the `online` event and Background Sync), one at a time under a Web Lock;
 * the one that found the lock taken tries again by itself a few seconds later, so the retry may
 * already have happened.
 */
async function sendNowIfWaiting(page: Page, ids: readonly string[]): Promise<void> {
  const states = await settled(page, ids);
  if (!Object.values(states).includes('waiting')) return;
  const button = page.getByRole('button', { name: t('device.sendNow'), exact: true });
  await button.click().catch(async (error: unknown) => {
    // Disabled meanwhile because the automatic retry sent everything: fine; otherwise not.
    const now = await outboxStates(page, ids);
    if (!Object.values(now).includes('waiting')) return;
    const seen = await page.evaluate(() => ({
      onLine: navigator.onLine,
      buttons: [...document.querySelectorAll('main button')].map(
        (b) => `${b.textContent}${(b as HTMLButtonElement).disabled ? ' (disabled)' : ''}`,
      ),
    }));
    throw new Error(`"Send now" could not be pressed while ${JSON.stringify(now)}: ${JSON.stringify(seen)}; ${error}`);
  });
}

// ---------------------------------------------------------------------------------------------

describe('sending to the office', () => {
  it('sends three responses filled offline exactly once when the network returns', async () => {
    // Without Background Sync, so that the page's own `online` listener is what sends.
    const [app, before] = await Promise.all([openApp({ backgroundSync: false }), countStored()]);
    const { page, context } = app;
    expect(await page.evaluate(() => 'sync' in ServiceWorkerRegistration.prototype)).toBe(false);
    proxy.setDown(true);
    await context.setOffline(true);
    const ids = await fillMany(page, 3);
    await page.getByText(t('complaintThanks.willSendOffline'), { exact: true }).waitFor();

    await openDeviceScreen(page);
    await heading(page, t('device.waitingTitle', { count: 3 }), 2).waitFor();
    await page.getByText(t('device.offlineHint'), { exact: true }).waitFor();
    expect(await settled(page, ids)).toEqual(all(ids, 'waiting'));
    expect(verdicts(ids)).toEqual([]);

    proxy.setDown(false);
    await context.setOffline(false); // the `online` event starts a sync
    await expectAllSent(page, 3);
    expect(await outboxStates(page, ids)).toEqual(all(ids, 'sent'));
    expect(verdicts(ids).sort()).toEqual(['stored', 'stored', 'stored']);
    expect(await countStored()).toBe(before + 3);
    expect(app.errors).toEqual([]);
  });

  it('keeps responses while the server is down and sends them once when it is back', async () => {
    const [app, before] = await Promise.all([openApp(), countStored()]);
    const { page, context } = app;
    proxy.setDown(true);
    await context.setOffline(true);
    const ids = await fillMany(page, 2);
    await openDeviceScreen(page);

    await context.setOffline(false); // a sync starts and meets a server that is gone
    await proxy.waitFor((a) => a.some((x) => x.fault === 'down'));
    expect(await settled(page, ids)).toEqual(all(ids, 'waiting'));
    await page.getByText(new RegExp(`^${escapeRegExp(t('device.error.offline'))}`)).waitFor();
    await heading(page, t('device.waitingTitle', { count: 2 }), 2).waitFor();
    expect(await countStored()).toBe(before);

    proxy.setDown(false);
    await sendNowIfWaiting(page, ids);
    await expectAllSent(page, 2);
    expect(verdicts(ids).sort()).toEqual(['stored', 'stored']);
    expect(await countStored()).toBe(before + 2);
    expect(app.errors).toEqual([]);
  });

  it('retries after the server answers 500, by itself, and stores each response once', async () => {
    const [app, before] = await Promise.all([openApp(), countStored()]);
    const { page } = app;
    proxy.fail500(Number.POSITIVE_INFINITY);
    const [id] = await fillMany(page, 1); // online: the submit itself starts a sync
    if (!id) throw new Error('no response');
    await proxy.waitFor((a) => a.some((x) => x.fault === '500' && x.ids.includes(id)));
    await openDeviceScreen(page);
    await page.getByText(new RegExp(`^${escapeRegExp(t('device.error.server'))}`)).waitFor();
    await heading(page, t('device.waitingTitle', { count: 1 }), 2).waitFor();

    // The server recovers; nobody presses anything: the backoff timer sends. The page's next try
    // comes at most 1.5 × 5 s × 2^(failures − 1) after its last failure (backoffMs in src/sync).
    const failures = proxy.attempts.filter((x) => x.fault === '500').length;
    proxy.reset();
    await expectAllSent(page, 1, 7_500 * 2 ** Math.max(0, failures - 1) + STATE_TIMEOUT);
    expect(verdicts([id])).toEqual(['stored']);
    expect(await countStored()).toBe(before + 1);
    expect(app.errors).toEqual([]);
  });

  it('does not double responses when the reply is lost after the server committed them', async () => {
    const [app, before] = await Promise.all([openApp(), countStored()]);
    const { page, context } = app;
    proxy.setDown(true);
    await context.setOffline(true);
    const ids = await fillMany(page, 2);
    await openDeviceScreen(page);

    proxy.setDown(false);
    proxy.clearLog();
    proxy.cutAfterCommit(1);
    await context.setOffline(false);
    await proxy.waitFor((a) => a.some((x) => x.fault === 'cut' && ids.every((id) => x.ids.includes(id))));
    const cut = proxy.attempts.find((x) => x.fault === 'cut') as SubmissionAttempt;
    expect(cut.results?.map((r) => r.status)).toEqual(['stored', 'stored']);
    // Committed on the server, unknown to the device: still waiting there.
    expect(await countStored()).toBe(before + 2);
    await sendNowIfWaiting(page, ids);
    await expectAllSent(page, 2);
    const retry = proxy.attempts.filter((x) => x.fault === 'forwarded');
    expect(retry.flatMap((x) => x.results ?? []).map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(proxy.attempts.map((x) => x.fault)).toEqual(['cut', 'forwarded']);
    expect(await countStored()).toBe(before + 2);
    // The device keeps the server's first receipt time.
    const { outbox } = await readDevice(page);
    for (const r of cut.results ?? []) {
      expect(outbox.find((e) => e.responseId === r.id)?.sentAt).toBe((r as { receivedAt?: string }).receivedAt);
    }
    expect(app.errors).toEqual([]);
  });

  it('keeps a rejected response visible with its reason, never deletes it, and sends the others', async () => {
    const [app, before] = await Promise.all([openApp(), countStored()]);
    const { page, context } = app;
    proxy.setDown(true);
    await context.setOffline(true);
    const ids = await fillMany(page, 3);
    const bad = ids[1] as string;
    // The response now names a survey version the office never published.
    await page.evaluate(
      (id) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('siang');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('responses', 'readwrite');
            const store = tx.objectStore('responses');
            const get = store.get(id);
            get.onsuccess = () => store.put({ ...get.result, surveyVersion: 99 });
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      bad,
    );
    await openDeviceScreen(page);
    proxy.setDown(false);
    await context.setOffline(false);

    await heading(page, t('device.attentionTitle', { count: 1 }), 2).waitFor();
    await heading(page, t('device.sentTitle', { count: 2 }), 2).waitFor();
    // The translated reason, then the server's own message, which names the version.
    const reason = new RegExp(`^${escapeRegExp(t('device.reason.unknown_survey'))}: .*\\b99\\b`);
    await page.getByText(reason).waitFor();
    await page.getByText(t('device.attentionBody'), { exact: true }).waitFor();
    await page.getByRole('button', { name: t('device.export'), exact: true }).waitFor();
    await page.getByRole('link', { name: t('status.attention', { count: 1 }), exact: true }).waitFor();
    expect(await countStored()).toBe(before + 2);
    expect(await outboxStates(page, ids)).toEqual({
      [ids[0] as string]: 'sent',
      [bad]: 'rejected',
      [ids[2] as string]: 'sent',
    });

    // Another start of the app (which syncs and prunes) neither resends nor deletes it.
    const seen = proxy.attempts.length;
    await page.reload();
    await heading(page, t('device.attentionTitle', { count: 1 }), 2).waitFor();
    await page.getByText(reason).waitFor();
    const { responses, outbox } = await readDevice(page);
    expect(responses.find((r) => r.id === bad)?.status).toBe('completed');
    expect(outbox.find((e) => e.responseId === bad)).toMatchObject({
      state: 'rejected',
      reason: { code: 'unknown_survey' },
    });
    expect(proxy.attempts.slice(seen).some((a) => a.ids.includes(bad))).toBe(false);
    expect(await countStored()).toBe(before + 2);
    expect(app.errors).toEqual([]);
  });

  it('sends from the service worker on a Background Sync event with no page of the app open', async () => {
    const [app, before] = await Promise.all([openApp(), countStored()]);
    const { page, context } = app;
    proxy.setDown(true);
    await context.setOffline(true);
    const [id] = await fillMany(page, 1); // registers Background Sync, held while offline
    if (!id) throw new Error('no response');
    await page.close();

    // The connection returns while the office's server is down: the browser fires the sync at
    // once, with no page open (if it did not already while the page was offline); it fails and
    // the browser would only retry minutes later.
    await context.setOffline(false);
    await proxy.waitFor((a) => a.some((x) => x.fault === 'down'));
    proxy.setDown(false);
    expect(await countStored()).toBe(before);

    const blank = await context.newPage(); // about:blank: no page of the app
    const cdp = await context.newCDPSession(blank);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.some((r) => r.scopeURL === `${proxy.url}/` && !r.isDeleted)).toBe(true);
    const registration = registrations.find((r) => r.scopeURL === `${proxy.url}/` && !r.isDeleted);
    if (!registration) throw new Error('no service worker registration');
    expect(context.pages()).toEqual([blank]);
    expect(verdicts([id])).toEqual([]);

    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: proxy.url,
      registrationId: registration.registrationId,
      tag: SYNC_TAG,
      lastChance: false,
    });
    await proxy.waitFor((a) => a.some((x) => x.fault === 'forwarded' && x.ids.includes(id)));
    expect(verdicts([id])).toEqual(['stored']);
    expect(await countStored()).toBe(before + 1);

    // The worker recorded the receipt: a page of the origin that is not the app reads it.
    await blank.goto(`${proxy.url}/healthz`);
    await expect.poll(async () => (await outboxStates(blank, [id]))[id]).toBe('sent');
  });
});
