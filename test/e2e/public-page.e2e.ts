/**
 * The public page in real Chromium against the real server: a parent on a phone (360 px) opens
 * /p in Thai and reads the published survey summary and committees; goes offline, reloads, and
 * still reads them with the date of the copy; switches to English. axe-core finds no serious or
 * critical violation in either language. Screenshots at 360×740 and 1366×900 in Thai and English
 * go to SIANG_SHOTS when set.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enPublic from '../../locales/en/public.json';
import thPublic from '../../locales/th/public.json';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { waitForServiceWorker } from './respondent.js';
import thAdmin from '../../locales/th/admin.json';
import { addStaff, signIn, STAFF_PASSWORD, stakeholderResponse, storeResponses } from './supervisor.js';

const SHOTS = process.env.SIANG_SHOTS;
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const COMMITTEE = 'คณะกรรมการเครือข่ายผู้ปกครองเพื่อการมีส่วนร่วม';
const CONTACT = 'member-contact@example.org';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function api(cookie: string, method: string, path: string, body?: unknown): Promise<void> {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(r.ok, await r.clone().text()).toBe(true);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  addStaff(server, 'admin', 'admin');
  // Fiscal year 2570 (November 2026): 12 responses, every group of 5 or more shown.
  await storeResponses(server, [
    ...Array.from({ length: 8 }, (_, i) => stakeholderResponse(i, { group: 'community' })),
    ...Array.from({ length: 4 }, (_, i) => stakeholderResponse(i, { group: 'agency' })),
  ]);
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password: STAFF_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  await api(cookie, 'POST', '/committees', {
    fiscalYear: 2570,
    kind: 'committee',
    name: { th: COMMITTEE, en: 'Parents network committee' },
    purpose: { th: 'ติดตามการมีส่วนร่วมของผู้ปกครอง', en: 'Follows parents’ participation' },
    orderNumber: '125/2569',
    orderDate: '2026-10-15',
    termFrom: '2026-10-15',
    termTo: '2027-09-30',
    orderPublished: true,
    planRowIds: [],
    members: [
      {
        name: 'นางสมศรี ใจดี',
        role: { th: 'ประธานกรรมการ', en: 'Chair' },
        group: 'parent',
        organisation: 'เครือข่ายผู้ปกครองจังหวัดเพชรบุรี',
        appointedOn: '2026-10-15',
        endedOn: null,
        contact: CONTACT,
      },
    ],
  });
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.stop();
});

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id.startsWith('heading'))
    .map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('the public page', () => {
  it('an admin publishes the summary of fiscal year 2570 from the results screen', async () => {
    const context = await phoneContext(browser, 'th-TH', { viewport: { width: 1366, height: 900 }, isMobile: false });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server, 'admin', 'th-TH');
    await page.goto(`${server.url}/admin/s/stakeholder-satisfaction?fy=2570`);
    const s = thAdmin.publicSummary;
    await page.getByText(s.notPublished.replace('{{year}}', '2570')).waitFor();
    await page.getByLabel(s.items).check();
    await page.getByRole('button', { name: s.publish }).click();
    await page.getByRole('button', { name: s.unpublish }).waitFor();
    await page.getByText(/เผยแพร่แล้วเมื่อ .* โดย admin/).waitFor();
    await shot(page, 'results-publish-th-1366');
  });

  it('a parent on a phone reads the published summary and committees, then again offline after a reload, in Thai and English', async () => {
    const context = await phoneContext(browser, 'th-TH', { bypassCSP: true, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${server.url}/p`);
    await waitForServiceWorker(page);
    // Its own light page: not the respondents' app (and its Dexie).
    expect(await page.locator('script[src*="/assets/public-"]').count()).toBe(1);
    expect(scripts.filter((s) => /\/assets\/(app|index)-|dexie/i.test(s))).toEqual([]);
    await page.getByRole('heading', { level: 1, name: new RegExp(thPublic.title) }).waitFor();
    await page.getByRole('heading', { name: COMMITTEE }).waitFor();
    const summary = page.getByRole('table', { name: new RegExp(thPublic.surveys.caption.split(' (')[0] as string) });
    await summary.waitFor();
    expect(await page.getByText('นางสมศรี ใจดี').count()).toBe(1);
    expect(await page.content()).not.toContain(CONTACT);
    // The worker has kept the public data (read again through it once it took the page over).
    await page.waitForFunction(async () => {
      const cache = await caches.open('siang-public');
      const urls = (await cache.keys()).map((r) => new URL(r.url).pathname);
      return ['committees', 'activities', 'surveys'].every((x) => urls.includes(`/api/v1/public/${x}`));
    });
    expect(await axe(page)).toEqual([]);
    await shot(page, 'public-th-360');

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: COMMITTEE }).waitFor();
    await summary.waitFor();
    const note = page.getByText(new RegExp(thPublic.offlineCopy.split('{{')[0]?.slice(0, 20) as string));
    await note.waitFor();
    expect(await note.textContent()).toMatch(/25\d\d/);
    await shot(page, 'public-th-360-offline');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(enPublic.title) }).waitFor();
    await page.getByRole('heading', { name: 'Parents network committee' }).waitFor();
    await page.getByText(/You are offline: this is the copy kept on this device, as of \d+ \w+ 20\d\d/).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'public-en-360-offline');
  });

  it.runIf(SHOTS)('looks right on a desktop in Thai and English', async () => {
    for (const [locale, lang] of [
      ['th-TH', 'th'],
      ['en-US', 'en'],
    ] as const) {
      for (const viewport of [
        { width: 1366, height: 900 },
        { width: 360, height: 740 },
      ]) {
        const context = await phoneContext(browser, locale, {
          viewport,
          isMobile: viewport.width < 800,
          hasTouch: viewport.width < 800,
          deviceScaleFactor: 1,
        });
        contexts.push(context);
        const page = await context.newPage();
        await page.goto(`${server.url}/p`);
        await page
          .getByRole('heading', { level: 1, name: new RegExp((lang === 'th' ? thPublic : enPublic).title) })
          .waitFor();
        await page.getByRole('table').first().waitFor();
        await shot(page, `public-${lang}-${viewport.width}`);
      }
    }
  });
});
