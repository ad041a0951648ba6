/**
 * Supervisors in real Chromium against the real server: sign in, read results, see an open answer
 * full of markup shown as text, and the respondent never loads the staff chunk. The annual report
 * has its own test (annual-report.e2e.ts).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import admin from '../../locales/th/admin.json';
import th from '../../locales/th/translation.json';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { addStaff, signedIn as signedInAs, stakeholderResponse, storeResponses } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
const SCRIPT = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'khru.som', 'supervisor');
  addStaff(server, 'phu.amnuay', 'admin');
  await storeResponses(
    server,
    Array.from({ length: 12 }, (_, i) => stakeholderResponse(i, i === 0 ? { suggestions: SCRIPT } : {})),
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signedIn = () => signedInAs(browser, server, 'khru.som');

describe('supervisors', () => {
  it('a wrong password is refused with a clear message', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.getByLabel(admin.name).fill('khru.som');
    await page.getByLabel(admin.password).fill('not-the-password');
    await page.getByRole('button', { name: admin.signIn }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(admin.signInWrong);
    await context.close();
  });

  it('sign in and read the results: tables of x̄ and S.D. by dimension, and who took part', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${server.url}/admin/s/stakeholder-satisfaction?fy=2570`);
    const table = page.locator('table.results');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(20);
    const overall = table.locator('tr', { hasText: admin.overall });
    await expect.poll(() => overall.locator('td').first().textContent()).toMatch(/^\d\.\d\d$/);
    await page.getByText(admin.total_other.replace('{{count}}', '12')).first().waitFor();
    await expect.poll(() => page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('an open answer full of markup shows as text and runs nothing', async () => {
    const { context, page } = await signedIn();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${server.url}/admin/s/stakeholder-satisfaction`);
    await page.getByText(SCRIPT).waitFor();
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.open-answers img, .open-answers script').count()).toBe(0);
    expect(dialogs).toBe(0);
    await context.close();
  });

  it('pages and the API carry a Content-Security-Policy', async () => {
    const page = await fetch(`${server.url}/admin`);
    const api = await fetch(`${server.url}/api/v1/surveys`);
    for (const r of [page, api]) expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it("a respondent's pages never download the supervisors' code", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${server.url}/s/stakeholder-satisfaction`);
    await page.getByRole('button', { name: th.privacy.accept }).click();
    await page.locator('fieldset.field').first().waitFor();
    expect(scripts.some((u) => /AdminApp/.test(u))).toBe(false);
    await context.close();
  });
});
