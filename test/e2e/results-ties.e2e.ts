/**
 * The printed report and the results table at a band edge, in real Chromium, Thai and English:
 * 200 respondents whose overall satisfaction is exactly 3.505 (43 rated 32 over the 21 items,
 * 157 rated 85) read "มาก (x̄ = 3.51 …)". Adding 32/21 and 85/21 in floating point gives
 * 3.504999… in this order, which used to print "x̄ = 3.50" and the level below.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enAdmin from '../../locales/en/admin.json';
import en from '../../locales/en/translation.json';
import thAdmin from '../../locales/th/admin.json';
import th from '../../locales/th/translation.json';
import { newId } from '../../src/core/ids.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import { addStaff, signedIn, stakeholderResponse, storeResponses } from './supervisor.js';

let server: RunningServer;
let browser: Browser;

const ITEMS = [
  ...[1, 2, 3, 4].flatMap((n) => ['inform', 'consult', 'involve', 'collaborate'].map((d) => `${d}_${n}`)),
  ...[1, 2, 3, 4, 5].map((n) => `service_${n}`),
];

/** A respondent whose satisfaction ratings over the 21 items add up to `sum` (expectation 4 throughout). */
function rated(i: number, sum: number) {
  const pairs = Object.fromEntries(
    ITEMS.map((id, j) => [id, { expectation: 4, satisfaction: Math.floor(sum / 21) + (j < sum % 21 ? 1 : 0) }]),
  );
  // Completed in November 2025: fiscal year 2569, apart from the other supervisor tests' 2570.
  // Ids in the order given, so the database adds the respondents in that order.
  const completedAt = Date.UTC(2025, 10, 12, 3, 5) + i;
  return { ...stakeholderResponse(i, pairs), id: newId(completedAt), completedAt: new Date(completedAt).toISOString() };
}

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'khru.tie', 'supervisor');
  // Σ = 43 × 32 + 157 × 85 = 14,721 = 3.505 × 4,200.
  await storeResponses(server, [
    ...Array.from({ length: 43 }, (_, i) => rated(i, 32)),
    ...Array.from({ length: 157 }, (_, i) => rated(43 + i, 85)),
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a figure half way at the second decimal', () => {
  it.each([
    ['th-TH', thAdmin, th],
    ['en-US', enAdmin, en],
  ] as const)(
    'the report (%s) reads the overall 3.505 as 3.51, level 4, in its sentence and its table',
    async (locale, admin, _strings) => {
      const { context, page } = await signedIn(browser, server, 'khru.tie', locale);
      await page.goto(`${server.url}/admin/s/stakeholder-satisfaction/report?fy=2569`);
      // The report is the server's document in a frame: read on its own.
      const frame = page.locator('iframe.report-frame');
      await page.frameLocator('iframe.report-frame').locator('section[data-part="3"]').waitFor();
      const documentUrl = await frame.getAttribute('src');
      if (!documentUrl) throw new Error('the report frame has no address');
      await page.goto(new URL(documentUrl, server.url).href);
      const part3 = page.locator('section[data-part="3"]');
      await part3.waitFor();
      const words = admin.annualReport;
      // The sentence: satisfaction 3.51 at level 4, gap −0.50 (the expectation's x̄ is not the point here).
      const sentence = new RegExp(
        words.overall
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace('\\{\\{expectation\\}\\}', '[0-9.]+')
          .replace('\\{\\{satisfaction\\}\\}', '3\\.51')
          .replace('\\{\\{level\\}\\}', words.level4)
          .replace('\\{\\{gap\\}\\}', '-0\\.50'),
      );
      await expect.poll(() => part3.textContent()).toMatch(sentence);
      // The overall row: number, label, expectation x̄, S.D., level, then satisfaction x̄, S.D., level, then the gap.
      const overall = page.locator('table[data-table="items"] tr', { hasText: words.overallRow });
      const cells = await overall.locator('td').allTextContents();
      expect([cells[5], cells[7], cells[8]]).toEqual(['3.51', words.level4, '-0.50']);
      await context.close();
    },
  );
});
