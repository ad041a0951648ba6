/**
 * A complaint gets a receipt number, and its sender follows it, in real Chromium against the real
 * server: a parent on a phone fills the complaint form offline and sees its number at once on the
 * complaint's own thank-you, with the office's promised reply time and phone; after a reload (still
 * offline) the number is still there; back online the complaint reaches the office; staff take it
 * in hand (PATCH /api/v1/complaints/:id); on /track, from the thank-you's link and with the number
 * typed, the parent reads the status and the date of the change. A wrong number and one that
 * cannot be a number show the same "not found". Screenshots at 360×740 (and /track at 1366×900)
 * in Thai and English go to SIANG_SHOTS when set.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enLater from '../../locales/en/later.json';
import enPublic from '../../locales/en/public.json';
import thLater from '../../locales/th/later.json';
import thPublic from '../../locales/th/public.json';
import { formatDateTime } from '../../src/core/format.js';
import { newReceiptCode } from '../../src/core/receipt.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { sendComplaint } from './complaint.js';
import { expectScreen, readDevice, tr, waitForServiceWorker } from './respondent.js';
import thAdmin from '../../locales/th/admin.json';
import { addStaff, STAFF_PASSWORD, signIn } from './supervisor.js';

const SHOTS = process.env.SIANG_SHOTS;
const t = tr('th');
const PHONE = '0 3242 5124';
const CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

let server: RunningServer;
let browser: Browser;
let cookie = '';
const contexts: BrowserContext[] = [];

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(r.ok, `${method} ${path}: ${await r.clone().text()}`).toBe(true);
  return r;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The office's copy on the device (setting `office`), as the app keeps it for offline use. */
function officeOnDevice(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('siang');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('settings', 'readonly').objectStore('settings').get('office');
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { value?: unknown } | undefined)?.value);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  addStaff(server, 'admin', 'admin');
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password: STAFF_PASSWORD }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.stop();
});

describe('a complaint’s receipt number', () => {
  it('an administrator sets the reply promise in the office settings; what is not a number of days or a phone is refused', async () => {
    const context = await phoneContext(browser, 'th-TH', { viewport: { width: 1366, height: 900 }, isMobile: false });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server, 'admin', 'th-TH');
    await page.goto(`${server.url}/admin/office`);
    const r = thAdmin.complaintReply;
    const days = page.getByLabel(r.days, { exact: true });
    const phone = page.getByLabel(r.phone, { exact: true });
    expect(await days.inputValue()).toBe('15');
    const save = page.getByRole('button', { name: thAdmin.save, exact: true });
    await days.fill('0');
    await page.getByText(r.daysError, { exact: true }).waitFor();
    expect(await save.isDisabled()).toBe(true);
    await days.fill('10');
    await phone.fill('โทรได้ตลอด');
    await page.getByText(r.phoneError, { exact: true }).waitFor();
    expect(await save.isDisabled()).toBe(true);
    await phone.fill(PHONE);
    await save.click();
    await page.getByRole('status').getByText(thAdmin.saved, { exact: true }).waitFor();
    await shot(page, 'office-reply-th-1366');
    // The office promises a reply within 10 working days and gives a phone to follow up.
    expect((await (await fetch(`${server.url}/api/v1/office/contact`)).json()).reply).toEqual({
      days: 10,
      phone: PHONE,
    });
  });

  it('is shown at once offline, kept over a reload, and finds the complaint on /track once it is sent and handled', async () => {
    const context = await phoneContext(browser, 'th-TH');
    contexts.push(context);
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await expectScreen(page, t('list.title'));
    // The app keeps the office's details (name, DPO, reply promise) on the device in the background.
    await expect.poll(() => officeOnDevice(page)).toMatchObject({ reply: { days: 10, phone: PHONE } });

    await context.setOffline(true);
    await sendComplaint(page, { topic: 'ห้องน้ำโรงเรียนชำรุด topic', description: 'ห้องน้ำโรงเรียนชำรุด description' });

    // The complaint's own thank-you, with its number at once, offline.
    const shown = (await page.getByTestId('receipt-code').textContent())?.trim() ?? '';
    expect(shown).toMatch(CODE);
    const id = new URL(page.url()).searchParams.get('r') ?? '';
    const stored = (await readDevice(page)).responses.find((r) => r.id === id);
    expect(stored?.receiptCode).toBe(shown.replace('-', ''));
    await page.getByText(thLater.complaintThanks.willSendOffline, { exact: true }).waitFor();
    await page.getByText(thLater.complaintThanks.promise_other.replace('{{count}}', '10'), { exact: true }).waitFor();
    await page.getByRole('link', { name: PHONE }).waitFor();
    expect(await page.getByRole('link', { name: thLater.complaintThanks.trackLink }).getAttribute('href')).toBe(
      `/track?code=${shown}`,
    );
    expect(await page.getByRole('heading', { level: 1, name: t('thanks.title') }).count()).toBe(0);
    await shot(page, 'complaint-thanks-offline-th-360');

    // A reload, still offline: the thank-you comes back with the same number.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expectScreen(page, thLater.complaintThanks.title);
    await expect.poll(async () => (await page.getByTestId('receipt-code').textContent())?.trim()).toBe(shown);
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expectScreen(page, enLater.complaintThanks.title);
    await page.getByText(enLater.complaintThanks.promise_other.replace('{{count}}', '10'), { exact: true }).waitFor();
    await shot(page, 'complaint-thanks-offline-en-360');
    await page.getByRole('button', { name: 'ไทย', exact: true }).click();
    await expectScreen(page, thLater.complaintThanks.title);

    // Online again: the complaint reaches the office, and the thank-you says so.
    await context.setOffline(false);
    const sentPrefix = thLater.complaintThanks.sent.split('{{')[0] ?? '';
    await page.getByTestId('response-state').getByText(sentPrefix).waitFor();
    const inbox = (await (await api('GET', '/complaints')).json()) as { items: { id: string }[] };
    expect(inbox.items.map((i) => i.id)).toContain(id);

    // Staff take it in hand.
    await api('PATCH', `/complaints/${id}`, { status: 'in_progress', note: 'บันทึกภายใน ห้ามเผยแพร่' });
    const tracked = (await (await fetch(`${server.url}/api/v1/complaints/track/${shown}`)).json()) as {
      history: { at: string; status: string }[];
    };
    const changed = tracked.history.at(-1);
    expect(changed?.status).toBe('in_progress');

    // From the thank-you's link: /track checks the number by itself.
    await page.getByRole('link', { name: thLater.complaintThanks.trackLink }).click();
    await expectScreen(page, thPublic.track.title);
    await page.getByTestId('track-status').getByText(thPublic.track.states.in_progress, { exact: true }).waitFor();
    const history = page.getByRole('listitem');
    await history
      .filter({ hasText: thPublic.track.states.in_progress })
      .filter({ hasText: formatDateTime(changed?.at ?? '', 'th') })
      .waitFor();
    expect(await page.getByText('บันทึกภายใน').count()).toBe(0);
    await page.getByText(thPublic.track.noReply, { exact: true }).waitFor();
    await shot(page, 'track-found-th-360');

    // The office answers in the case tracker: the public reply and the new status reach the sender.
    const reply = 'สำนักงานได้ซ่อมไฟทางเดินหน้าอาคารเรียบร้อยแล้ว ขอบคุณที่แจ้ง';
    expect((await api('PATCH', `/complaints/${id}`, { status: 'answered', publicReply: reply })).status).toBe(200);
    await page.reload();
    await page.getByTestId('track-status').getByText(thPublic.track.states.answered, { exact: true }).waitFor();
    await page.getByText(reply, { exact: true }).waitFor();
    const answered = (await (await fetch(`${server.url}/api/v1/complaints/track/${shown}`)).json()) as {
      reply: { at: string };
    };
    await page.getByText(thPublic.track.replyAt.replace('{{when}}', formatDateTime(answered.reply.at, 'th'))).waitFor();
    expect(await page.getByText(thPublic.track.noReply, { exact: true }).count()).toBe(0);
    expect(await page.getByText('บันทึกภายใน').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('on /track, a typed number shows its status; a wrong number and a malformed one the same "not found"', async () => {
    const code = newReceiptCode();
    const response = {
      id: crypto.randomUUID(),
      surveyId: 'complaint',
      surveyVersion: 1,
      answers: { category: 'suggestion', topic: 'ไฟส่องทาง', description: 'ขอไฟส่องทาง', wants_reply: 'no' },
      startedAt: '2026-11-20T03:00:00.000Z',
      completedAt: '2026-11-20T03:05:00.000Z',
      locale: 'th',
      appVersion: '0.1.0',
      privacyVersion: '2567-1',
      privacyAcceptedAt: '2026-11-20T03:00:10.000Z',
      receiptCode: code,
    };
    await api('POST', '/submissions', { responses: [response] });
    await api('PATCH', `/complaints/${response.id}`, { status: 'answered' });

    const context = await phoneContext(browser, 'th-TH');
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/track`);
    await expectScreen(page, thPublic.track.title);
    const field = page.getByLabel(thPublic.track.label, { exact: true });
    const check = page.getByRole('button', { name: thPublic.track.submit, exact: true });
    // Typed as people do: lower case, a space instead of the dash.
    await field.fill(`${code.slice(0, 5).toLowerCase()} ${code.slice(5).toLowerCase()}`);
    await check.click();
    await page.getByTestId('track-status').getByText(thPublic.track.states.answered, { exact: true }).waitFor();
    await page.getByText(formatDateTime(response.completedAt, 'th')).first().waitFor();

    const message = page.getByTestId('track-message');
    await field.fill(newReceiptCode());
    await check.click();
    await message.getByText(thPublic.track.notFound, { exact: true }).waitFor();
    expect(await page.getByTestId('track-result').count()).toBe(0);
    await shot(page, 'track-not-found-th-360');
    await field.fill('ABC-123');
    await check.click();
    await message.getByText(thPublic.track.notFound, { exact: true }).waitFor();

    // Offline, the page says so (and keeps what was typed).
    await context.setOffline(true);
    await field.fill(code);
    await check.click();
    await message.getByText(thPublic.track.offline, { exact: true }).waitFor();
    await shot(page, 'track-offline-th-360');
    await context.setOffline(false);

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expectScreen(page, enPublic.track.title);
    await page.getByLabel(enPublic.track.label, { exact: true }).fill(code);
    await page.getByRole('button', { name: enPublic.track.submit, exact: true }).click();
    await page.getByTestId('track-status').getByText(enPublic.track.states.answered, { exact: true }).waitFor();
    await shot(page, 'track-found-en-360');
    await page.setViewportSize({ width: 1366, height: 900 });
    await shot(page, 'track-found-en-1366');
    await page.getByLabel(enPublic.track.label, { exact: true }).fill('7K3QM-2XW9Z');
    await page.getByRole('button', { name: enPublic.track.submit, exact: true }).click();
    await message.getByText(enPublic.track.notFound, { exact: true }).waitFor();
    await shot(page, 'track-not-found-en-1366');
    await page.setViewportSize({ width: 360, height: 740 });
    await shot(page, 'track-not-found-en-360');

    // Past the tries a minute allowed to one address, the page asks the person to wait.
    await page.evaluate(async () => {
      for (let i = 0; i < 10; i++) await fetch('/api/v1/complaints/track/0000000000', { cache: 'no-store' });
    });
    await page.getByRole('button', { name: enPublic.track.submit, exact: true }).click();
    await message.getByText(enPublic.track.tooMany, { exact: true }).waitFor();
    await shot(page, 'track-too-many-en-360');
  });
});
