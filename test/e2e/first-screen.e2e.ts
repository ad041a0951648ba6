/**
 * The first screens on a phone, as Lighthouse measures them (issue 9 §7).
 *
 * They hold still on a phone while what they wait for arrives: the status line's
 * chips, the survey list (and the officers' link under it), the fonts and, seconds later, the
 * service worker's "works offline" notice. Lighthouse's cumulative layout shift must stay at or
 * under 0.02 (issue 9 §7); the browser's own layout-shift entries are summed here the same way
 * (shifts right after an input do not count) over a first visit, until the last of those arrives.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang, SurveyDefinition } from '../../src/core/survey.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { publishedSurvey, STAKEHOLDER, startLinkName, tr, waitForServiceWorker } from './respondent.js';

/** Lighthouse's "good" is ≤ 0.1; the target for Siang's first screens is 0.02. */
const MOST_SHIFT = 0.02;

let server: RunningServer;
let browser: Browser;
let survey: SurveyDefinition;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  survey = await publishedSurvey(server.url, STAKEHOLDER);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Shift {
  value: number;
  at: number;
  moved: string[];
}

declare global {
  interface Window {
    __shifts?: Shift[];
  }
}

/** Records every layout shift of the page from its first moment, with the elements that moved. */
async function recordShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: Shift[] = [];
    window.__shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Node | null }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        const moved = entry.sources.map((s) =>
          s.node instanceof Element ? s.node.outerHTML.slice(0, 80) : String(s.node?.nodeName),
        );
        shifts.push({ value: entry.value, at: Math.round(entry.startTime), moved });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

async function shiftsOf(page: Page): Promise<{ total: number; shifts: Shift[] }> {
  // Every font face has loaded and the frame after the last change is drawn.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => r(null)))));
  const shifts = await page.evaluate(() => window.__shifts ?? []);
  return { total: shifts.reduce((sum, s) => sum + s.value, 0), shifts };
}

const LANGUAGES: { lang: Lang; locale: 'th-TH' | 'en-US' }[] = [
  { lang: 'th', locale: 'th-TH' },
  { lang: 'en', locale: 'en-US' },
];

describe.each(LANGUAGES)('first visit on a phone, in $lang', ({ lang, locale }) => {
  const t = tr(lang);

  it('the start page does not move while its list, chips and the "works offline" notice arrive', async () => {
    const context = await phoneContext(browser, locale);
    try {
      const page = await context.newPage();
      await recordShifts(page);
      await page.goto(server.url);
      await page.getByRole('link', { name: startLinkName(survey, lang) }).waitFor();
      await waitForServiceWorker(page);
      await page.getByText(t('sw.offlineReady'), { exact: true }).waitFor();
      const { total, shifts } = await shiftsOf(page);
      expect(total, JSON.stringify(shifts, null, 1)).toBeLessThanOrEqual(MOST_SHIFT);
    } finally {
      await context.close();
    }
  });

  it("a survey's address does not move while its first screen and the service worker arrive", async () => {
    const context = await phoneContext(browser, locale);
    try {
      const page = await context.newPage();
      await recordShifts(page);
      await page.goto(`${server.url}/s/${STAKEHOLDER}`);
      await page.getByRole('heading', { level: 1, name: survey.privacy.title[lang], exact: true }).waitFor();
      await waitForServiceWorker(page);
      const { total, shifts } = await shiftsOf(page);
      expect(total, JSON.stringify(shifts, null, 1)).toBeLessThanOrEqual(MOST_SHIFT);
    } finally {
      await context.close();
    }
  });
});

describe('the device database on a first visit', () => {
  it('starts opening while the page loads, before the first screen is drawn', async () => {
    const context = await phoneContext(browser, 'th-TH');
    try {
      const page = await context.newPage();
      // When the page first asks IndexedDB for Siang's database, and when the app first draws.
      await page.addInitScript(() => {
        const marks: { open?: number; drawn?: number } = {};
        (window as unknown as { __marks: typeof marks }).__marks = marks;
        const open = indexedDB.open.bind(indexedDB);
        indexedDB.open = (name: string, version?: number) => {
          if (name === 'siang') marks.open ??= performance.now();
          return open(name, version);
        };
        new MutationObserver((_, observer) => {
          if (!document.getElementById('app')?.firstChild) return;
          marks.drawn = performance.now();
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(server.url);
      await page.getByRole('link', { name: startLinkName(survey, 'th') }).waitFor();
      const marks = await page.evaluate(
        () => (window as unknown as { __marks: { open?: number; drawn?: number } }).__marks,
      );
      expect(marks.open, 'the database was never opened').toBeDefined();
      expect(marks.drawn, 'the app never drew').toBeDefined();
      expect(marks.open ?? Number.POSITIVE_INFINITY).toBeLessThan(marks.drawn ?? 0);
    } finally {
      await context.close();
    }
  });
});
