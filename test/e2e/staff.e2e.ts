/**
 * Staff managed in the app, in real Chromium against the real server: an administrator adds a
 * person, who signs in with the temporary password and must choose their own before anything
 * else; the administrator disables them and their open session is refused at once; a one-time
 * password link works once. Then the staff screens in Thai and English, on a laptop and a phone,
 * saved to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enAdmin from '../../locales/en/admin.json';
import thAdmin from '../../locales/th/admin.json';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { addStaff, complaintResponse, signIn, storeResponses } from './supervisor.js';

const SHOTS = '/work/wt/_shots/i10-staff';
const s = thAdmin.staff;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  addStaff(server, 'phu.amnuay', 'admin');
  await storeResponses(server, [complaintResponse()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const laptop = (locale: 'th-TH' | 'en-US' = 'th-TH') =>
  phoneContext(browser, locale, { viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false });

/** The secret in the "shown once" box. */
async function shownOnce(page: Page): Promise<string> {
  const box = page.getByTestId('shown-once');
  await box.waitFor();
  return ((await box.textContent()) ?? '').trim();
}

async function signInWith(page: Page, name: string, password: string) {
  await page.goto(`${server.url}/admin`);
  await page.getByLabel(thAdmin.name).fill(name);
  await page.getByLabel(thAdmin.password).fill(password);
  await page.getByRole('button', { name: thAdmin.signIn }).click();
}

describe('staff in the app', () => {
  it('a person added by an administrator must change the temporary password; disabled, their session ends; a reset link works once', async () => {
    const adminContext = await laptop();
    const personContext = await phoneContext(browser);
    try {
      const admin = await adminContext.newPage();
      await signIn(admin, server, 'phu.amnuay', 'th-TH');
      await admin.getByRole('link', { name: s.nav }).click();
      await admin.getByRole('heading', { name: s.people }).waitFor();

      // Add a results viewer limited to one school.
      await admin.getByRole('button', { name: s.add }).click();
      await admin.getByLabel(s.colName).fill('khru.mai');
      await admin.getByLabel(s.scopeSome).check();
      await admin.getByLabel(s.searchSchools).fill('ท่ายาง');
      await admin.locator('.school-list input[type="checkbox"]').first().check();
      await admin.getByText(s.chosen_other.replace('{{count}}', '1')).waitFor();
      await admin.locator('form').getByRole('button', { name: s.add }).click();
      const temporary = await shownOnce(admin);
      expect(temporary).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
      await admin
        .getByRole('row', { name: /khru\.mai/ })
        .getByText(s.roleLimited)
        .waitFor();
      await admin.screenshot({ path: `${SHOTS}/staff-added-th-1366.png`, fullPage: true });
      await admin.getByRole('button', { name: s.close, exact: true }).click();
      await admin.getByTestId('shown-once').waitFor({ state: 'detached' });

      // The person signs in with it and must choose their own password first.
      const person = await personContext.newPage();
      await signInWith(person, 'khru.mai', temporary);
      await person.getByRole('heading', { name: s.forcedTitle }).waitFor();
      await person.screenshot({ path: `${SHOTS}/forced-change-th-360.png`, fullPage: true });
      expect(await person.evaluate(async () => (await fetch('/api/v1/complaints')).status)).toBe(403);
      await person.getByLabel(s.temporaryPassword, { exact: true }).fill(temporary);
      await person.getByLabel(s.newPassword, { exact: true }).fill('my own password 1');
      await person.getByLabel(s.repeatPassword).fill('my own password 2');
      await person.getByRole('button', { name: s.changePassword }).click();
      await expect.poll(() => person.getByRole('alert').textContent()).toBe(s.passwordsDiffer);
      await person.getByLabel(s.repeatPassword).fill('my own password 1');
      await person.getByRole('button', { name: s.changePassword }).click();
      await person.getByRole('heading', { name: thAdmin.homeTitle }).waitFor();
      expect(await person.evaluate(async () => (await fetch('/api/v1/complaints')).status)).toBe(200);

      // Disabled by the administrator: the open session is refused at once, and sign-in says why.
      await admin.getByRole('button', { name: `${s.disable} khru.mai` }).click();
      await admin.locator('.staff-form').getByRole('button', { name: s.disable, exact: true }).click();
      await admin
        .getByRole('row', { name: /khru\.mai/ })
        .getByText(s.disabled, { exact: true })
        .waitFor();
      expect(await person.evaluate(async () => (await fetch('/api/v1/complaints')).status)).toBe(401);
      await person.reload();
      await person.getByRole('heading', { name: thAdmin.signInTitle }).waitFor();
      await signInWith(person, 'khru.mai', 'my own password 1');
      await expect.poll(() => person.getByRole('alert').textContent()).toBe(s.signInDisabled);

      // Enabled again, with a one-time link to set a new password.
      await admin.getByRole('button', { name: `${s.enable} khru.mai` }).click();
      await admin
        .getByRole('row', { name: /khru\.mai/ })
        .getByText(s.active, { exact: true })
        .waitFor();
      await admin.getByRole('button', { name: `${s.reset} khru.mai` }).click();
      await admin.getByRole('button', { name: s.resetLink }).click();
      const link = await shownOnce(admin);
      expect(link).toMatch(new RegExp(`^${server.url}/admin/reset#token=[\\w-]{43}$`));

      const fresh = await phoneContext(browser);
      try {
        const page = await fresh.newPage();
        await page.goto(link);
        await page.getByRole('heading', { name: s.resetPageTitle }).waitFor();
        // The secret leaves the address bar once read.
        expect(page.url()).toBe(`${server.url}/admin/reset`);
        await page.getByLabel(s.newPassword, { exact: true }).fill('password from the link');
        await page.getByLabel(s.repeatPassword).fill('password from the link');
        await page.getByRole('button', { name: s.resetPageTitle }).click();
        await page.getByText(s.resetDone).waitFor();
        await page.screenshot({ path: `${SHOTS}/reset-done-th-360.png`, fullPage: true });
        // The same link again (a new tab, as a person opens it from a message): refused.
        const again = await fresh.newPage();
        await again.goto(link);
        await again.getByLabel(s.newPassword, { exact: true }).fill('another password here');
        await again.getByLabel(s.repeatPassword).fill('another password here');
        await again.getByRole('button', { name: s.resetPageTitle }).click();
        await again.getByText(s.resetInvalid).waitFor();
        await again.screenshot({ path: `${SHOTS}/reset-used-th-360.png`, fullPage: true });
        await signInWith(again, 'khru.mai', 'password from the link');
        await again.getByRole('heading', { name: thAdmin.homeTitle }).waitFor();
      } finally {
        await fresh.close();
      }

      // All of it is in the audit log, and the admin reads it there.
      await admin.getByRole('link', { name: s.audit }).click();
      await admin.getByRole('heading', { name: s.audit }).waitFor();
      await admin.getByRole('cell', { name: s.action.user_disabled, exact: true }).waitFor();
      await admin.getByRole('cell', { name: s.action.sign_in_failed }).first().waitFor();
    } finally {
      await adminContext.close();
      await personContext.close();
    }
  });

  it('a token is shown once and listed with its state; revoking it asks first', async () => {
    const context = await laptop();
    try {
      const page = await context.newPage();
      await signIn(page, server, 'phu.amnuay', 'th-TH');
      await page.goto(`${server.url}/admin/tokens`);
      await page.getByLabel(s.tokenName).fill('nightly-export');
      await page.getByRole('button', { name: s.createToken }).click();
      const token = await shownOnce(page);
      const me = await page.evaluate(
        async (t) => (await fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${t}` } })).json(),
        token,
      );
      expect(me).toMatchObject({ name: 'nightly-export', role: 'supervisor', kind: 'token' });
      await page.getByRole('button', { name: `${s.revoke} nightly-export` }).click();
      await page.locator('.staff-form').getByRole('button', { name: s.revoke, exact: true }).click();
      await page
        .getByRole('row', { name: /nightly-export/ })
        .getByText(s.revoked)
        .waitFor();
    } finally {
      await context.close();
    }
  });

  describe.each([
    { locale: 'th-TH', strings: thAdmin, lang: 'th' },
    { locale: 'en-US', strings: enAdmin, lang: 'en' },
  ] as const)('screens in $lang', ({ locale, strings, lang }) => {
    it('the staff, tokens, audit and account screens at 1366×900 and 360×740', async () => {
      const context = await laptop(locale);
      try {
        const page = await context.newPage();
        await signIn(page, server, 'phu.amnuay', locale);
        for (const [path, heading] of [
          ['/admin/staff', strings.staff.people],
          ['/admin/tokens', strings.staff.tokens],
          ['/admin/audit', strings.staff.audit],
          ['/admin/account', strings.staff.accountTitle],
        ] as const) {
          for (const [width, height] of [
            [1366, 900],
            [360, 740],
          ] as const) {
            await page.setViewportSize({ width, height });
            await page.goto(`${server.url}${path}`);
            await page.getByRole('heading', { name: heading, exact: true }).waitFor();
            await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
            const name = path.split('/').pop();
            await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${width}.png`, fullPage: true });
            // Nothing runs off the side of a phone.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
            expect([path, width, overflow <= 0]).toEqual([path, width, true]);
          }
        }
      } finally {
        await context.close();
      }
    });
  });
});
