/**
 * An account that had too many wrong passwords is paused for every address, and the sign-in
 * screen tells the person so, in plain words and in their language, with how long to wait.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enAdmin from '../../locales/en/admin.json';
import thAdmin from '../../locales/th/admin.json';
import { type RunningServer, startServer } from '../helpers/server.js';
import { type TestDatabase, useBackends } from '../server/backends.js';
import { launchChromium, phoneContext } from './browser.js';
import { addStaff, STAFF_PASSWORD } from './supervisor.js';

const SHOTS = '/work/wt/_shots/security-a';
const [pglite] = useBackends();
let t: TestDatabase;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  await pglite?.start();
  t = await (pglite as NonNullable<typeof pglite>).fresh();
  [server, browser] = await Promise.all([
    startServer({
      env: { ...t.env, LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_PAUSE_MINUTES: '15' },
      dataDir: t.dataDir,
    }),
    launchChromium(),
  ]);
  addStaff(server, 'khru.th', 'supervisor');
  addStaff(server, 'khru.en', 'supervisor');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await t?.dispose();
});

describe.each([
  { locale: 'th-TH', name: 'khru.th', strings: thAdmin, lang: 'th' },
  { locale: 'en-US', name: 'khru.en', strings: enAdmin, lang: 'en' },
] as const)('a paused account, in $lang', ({ locale, name, strings, lang }) => {
  it('after 3 wrong passwords even the right one is refused, and the screen says the account is paused for 15 minutes', async () => {
    const context = await phoneContext(browser, locale);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/admin`);
      await page.getByLabel(strings.name).fill(name);
      for (const guess of ['guess-one', 'guess-two', 'guess-three']) {
        await page.getByLabel(strings.password).fill(guess);
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
        await page.getByRole('button', { name: strings.signIn }).click();
        expect((await answered).status()).toBe(401);
        await expect.poll(() => page.getByRole('alert').textContent()).toBe(strings.signInWrong);
      }
      await page.getByLabel(strings.password).fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: strings.signIn }).click();
      const paused = strings.signInPaused.replace('{{minutes}}', '15');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe(paused);
      await page.screenshot({ path: `${SHOTS}/sign-in-paused-${lang}.png` });
    } finally {
      await context.close();
    }
  });
});
