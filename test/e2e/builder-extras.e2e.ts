/**
 * The survey builder's condition, list, library, privacy and preview panels in real Chromium, on
 * a test page served by the vite dev server (test/e2e/pages/builder-extras.html): the preview
 * shows a conditional question as the officer answers. Its speed on a 200-question survey is
 * measured by `npm run bench -- builder`, never asserted in a test.
 */
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, STATE_TIMEOUT } from './browser.js';

let server: ViteDevServer;
let browser: Browser;
let base = '';

beforeAll(async () => {
  server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('no dev server address');
  base = `http://127.0.0.1:${address.port}/test/e2e/pages/builder-extras.html`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('survey builder extras in Chromium', () => {
  it('the preview shows the school question once a parent answers, in Thai and English', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(STATE_TIMEOUT);
    const page = await context.newPage();
    for (const [lang, parent, school] of [
      ['th', 'ผู้ปกครอง', 'โรงเรียนที่ท่านสังกัด'],
      ['en', 'Parent or guardian', 'Your school'],
    ] as const) {
      await page.goto(`${base}?lang=${lang}&part=preview`);
      const phone = page.getByTestId('survey-preview');
      await phone.locator('h1').waitFor();
      expect(await phone.getByText(school).count()).toBe(0);
      await phone.getByRole('radio', { name: parent }).check();
      await phone.getByText(school).first().waitFor();
      // Nothing of the preview is stored on the device.
      expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    }
    await context.close();
  });
});
