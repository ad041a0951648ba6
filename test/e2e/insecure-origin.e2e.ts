/**
 * The app opened over plain http at an address that is not this machine (an office's LAN
 * address), in real Chromium: not a secure context, so no service worker and no Web Crypto. The
 * page must still show (the server once told the browser to upgrade every asset to https, which
 * left it blank) and must say, in the person's language, that offline work needs https.
 * Chromium resolves siang.test to 127.0.0.1 here, yet treats http://siang.test as insecure.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enLater from '../../locales/en/later.json';
import en from '../../locales/en/home.json';
import thLater from '../../locales/th/later.json';
import th from '../../locales/th/home.json';
import { type RunningServer, startServer } from '../helpers/server.js';
import { type TestDatabase, useBackends } from '../server/backends.js';
import { launchChromium, phoneContext } from './browser.js';

const SHOTS = '/work/wt/_shots/security-a';

const [pglite] = useBackends();
let t: TestDatabase;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // A copy of the migrated template: a new database would spend its start in initdb.
  await pglite?.start();
  t = await (pglite as NonNullable<typeof pglite>).fresh();
  [server, browser] = await Promise.all([
    startServer({ env: t.env, dataDir: t.dataDir }),
    launchChromium(['--host-resolver-rules=MAP siang.test 127.0.0.1']),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await t?.dispose();
});

const LANGS = [
  { locale: 'th-TH', lang: 'th', strings: th, later: thLater },
  { locale: 'en-US', lang: 'en', strings: en, later: enLater },
] as const;

describe.each(LANGS)('opened over plain http on an office address, in $lang', ({ locale, lang, strings, later }) => {
  it('the surveys show, and a notice says offline work and encrypted backups need https', async () => {
    const context = await phoneContext(browser, locale);
    try {
      const page = await context.newPage();
      const upgraded: string[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith('https:')) upgraded.push(r.url());
      });
      await page.goto(`http://siang.test:${server.port}/`);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
      await page.getByRole('heading', { level: 1, name: strings.list.title }).waitFor();
      const notice = page.getByTestId('insecure-notice');
      await notice.waitFor();
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain(later.insecure.title);
      expect(text).toContain(later.insecure.http);
      expect(text).toContain(later.insecure.action);
      expect(upgraded).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/insecure-${lang}-list.png` });

      // A survey opens and asks its first question there too.
      await page.goto(`http://siang.test:${server.port}/s/complaint`);
      await notice.waitFor();
      await page.locator('main h1').first().waitFor();
      await page.screenshot({ path: `${SHOTS}/insecure-${lang}-survey.png` });
    } finally {
      await context.close();
    }
  });
});

it('on a secure origin (this machine) the notice is not shown', async () => {
  const context = await phoneContext(browser, 'th-TH');
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.getByRole('heading', { level: 1, name: th.list.title }).waitFor();
    expect(await page.getByTestId('insecure-notice').count()).toBe(0);
  } finally {
    await context.close();
  }
});
