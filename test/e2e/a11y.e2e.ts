/**
 * Every screen passes axe-core's WCAG 2.1 A and AA rules, in Thai and in English, on a phone
 * (360×740): a respondent's survey from the list to the thank-you, the device screen with
 * responses waiting and one needing attention, kiosk mode (set-up, locked, PIN, officer's
 * panel), links and QR codes, and the supervisors' screens. A serious or critical violation
 * fails with its rule, the elements' selectors and a piece of their HTML; so does any break of
 * axe's heading rules (headings in order, one main heading), which screen-reader users navigate by.
 * One server and one browser for the file; each language walks the screens in one context.
 */
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang, SingleChoiceQuestion, SurveyDefinition } from '../../src/core/survey.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import {
  answerSection,
  expectScreen,
  fillSurvey,
  openApp,
  publishedSurvey,
  STAKEHOLDER,
  startLinkName,
  tr,
} from './respondent.js';
import {
  addStaff,
  adminStrings,
  complaintResponse,
  fillSignIn,
  stakeholderResponse,
  storeResponses,
} from './supervisor.js';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const STAFF = 'khru.noi';
const PIN = '2468';

let server: RunningServer;
let browser: Browser;
let survey: SurveyDefinition;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  survey = await publishedSurvey(server.url, STAKEHOLDER);
  // An administrator sees every staff screen, office settings included; enough responses that
  // the results show their figures, and complaints in the inbox.
  addStaff(server, STAFF, 'admin');
  await storeResponses(server, [
    ...Array.from({ length: 12 }, (_, i) => stakeholderResponse(i)),
    complaintResponse(),
    complaintResponse({ category: 'service_complaint', topic: 'ป้ายประกาศไม่ชัดเจน' }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** axe's best-practice rules about headings, checked at any impact. */
const HEADING_RULES = ['heading-order', 'page-has-heading-one', 'empty-heading'];

/** Runs axe on what the page shows; returns the serious and critical violations, readable. */
async function scan(page: Page, screen: string): Promise<string[]> {
  // Nothing still loading: the screen as a person reads it.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const run = (runOnly: object) =>
    page.evaluate(
      (only) =>
        (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
          runOnly: only,
          resultTypes: ['violations'],
        }),
      runOnly,
    );
  const wcag = await run({ type: 'tag', values: WCAG_TAGS });
  const headings = await run({ type: 'rule', values: HEADING_RULES });
  return [
    ...wcag.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    ...headings.violations,
  ].map((v) => {
    const nodes = v.nodes.slice(0, 6).map((n) => {
      const why = [...n.any, ...n.all, ...n.none][0]?.message ?? '';
      const html = n.html.replace(/\s+/g, ' ').slice(0, 160);
      return `    ${n.target.join(' ')}\n      ${html}${why ? `\n      ${why}` : ''}`;
    });
    const more = v.nodes.length > nodes.length ? [`    …and ${v.nodes.length - nodes.length} more`] : [];
    return [`${screen}: ${v.id} (${v.impact}) ${v.help}`, ...nodes, ...more].join('\n');
  });
}

/**
 * A completed response on the device that the office's server refused: a copy of one that waits,
 * naming a survey version the office never published, set aside with the server's reason.
 */
function addRefusedResponse(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('siang');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['responses', 'outbox'], 'readwrite');
          const all = tx.objectStore('responses').getAll();
          all.onsuccess = () => {
            const done = (all.result as { status: string; completedAt: string }[]).find(
              (r) => r.status === 'completed',
            );
            if (!done) return tx.abort();
            const id = crypto.randomUUID();
            tx.objectStore('responses').put({ ...done, id, surveyVersion: 99 });
            tx.objectStore('outbox').put({
              responseId: id,
              state: 'rejected',
              enqueuedAt: done.completedAt,
              attempts: 1,
              reason: { code: 'unknown_survey', message: 'survey stakeholder-satisfaction has no version 99' },
            });
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onabort = () => reject(tx.error ?? new Error('no completed response to copy'));
        };
      }),
  );
}

describe('accessibility (axe-core, WCAG 2.1 A and AA) on a phone', () => {
  it.each([
    ['th', 'th-TH'],
    ['en', 'en-US'],
  ] as const)(
    'every screen in %s has no serious or critical violation, and its headings are in order',
    async (lang: Lang, locale) => {
      const t = tr(lang);
      const staff = adminStrings(locale);
      const found: string[] = [];
      const check = async (screen: string) => found.push(...(await scan(page, `[${lang}] ${screen}`)));

      // axe is injected as a script of its own, which the app's Content-Security-Policy forbids.
      const { context, page } = await openApp(browser, server.url, locale, { bypassCSP: true });
      try {
        await check('survey list');

        await page.getByRole('link', { name: startLinkName(survey, lang) }).click();
        await expectScreen(page, survey.privacy.title[lang]);
        await check('privacy notice');

        const [first, second] = survey.sections;
        if (!first || !second) throw new Error(`${survey.id} has fewer than two sections`);
        await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
        await expectScreen(page, first.title[lang]);
        await page.getByRole('button', { name: t('common.next'), exact: true }).click();
        await page.getByText(t('errors.required'), { exact: true }).first().waitFor();
        await check('section with a required answer missing');

        // The first section holds the school: a long list to search and choose from.
        await answerSection(page, survey, first, lang);
        await check('section with the school chosen from a long list');
        await page.getByRole('button', { name: t('common.next'), exact: true }).click();
        await expectScreen(page, second.title[lang]);
        await answerSection(page, survey, second, lang);
        await check('section of rating pairs');

        await page.getByRole('button', { name: t('common.next'), exact: true }).click();
        await page.waitForFunction(
          (old) => document.querySelector('h1')?.textContent?.trim() !== old,
          second.title[lang],
        );
        await fillSurvey(page, survey, lang);
        await check('review');

        // Submitted offline, it waits on the device.
        await context.setOffline(true);
        await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
        await expectScreen(page, t('thanks.title'));
        await check('thank-you');

        await addRefusedResponse(page);
        await page.goto(`${server.url}/device`);
        await page.getByRole('heading', { level: 2, name: t('device.attentionTitle', { count: 1 }) }).waitFor();
        await page.getByRole('heading', { level: 2, name: t('device.waitingTitle', { count: 1 }) }).waitFor();
        await page.getByTestId('storage-persistence').waitFor();
        await check('device screen');

        await page.getByRole('link', { name: t('device.kioskLink') }).click();
        await expectScreen(page, t('kiosk.setup.title'));
        await check('kiosk set-up');
        const group = survey.sections.flatMap((s) => s.questions).find((q) => q.id === 'group') as SingleChoiceQuestion;
        await page.getByLabel(t('kiosk.setup.survey'), { exact: true }).selectOption(STAKEHOLDER);
        await page.getByLabel(group.label[lang]).selectOption('parent');
        await page.getByLabel(t('kiosk.setup.pin'), { exact: true }).fill(PIN);
        await page.getByLabel(t('kiosk.setup.pinAgain')).fill(PIN);
        await page.getByRole('button', { name: t('kiosk.setup.start') }).click();
        await expectScreen(page, survey.privacy.title[lang]);
        await page.getByTestId('presets').waitFor();
        await check('kiosk: locked, the privacy notice');
        await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
        await expectScreen(page, first.title[lang]);
        await check('kiosk: locked, a section');

        await page.getByRole('button', { name: t('kiosk.officer') }).click();
        const dialog = page.getByRole('dialog', { name: t('kiosk.pinTitle') });
        await dialog.getByLabel(t('kiosk.pin')).fill(PIN);
        await check('kiosk: the PIN dialog');
        await dialog.getByRole('button', { name: t('kiosk.unlock') }).click();
        await expectScreen(page, t('kiosk.panel.title'));
        await page.getByTestId('kiosk-today').filter({ hasText: /\d/ }).waitFor();
        await check("kiosk: the officer's panel");
        await page.getByRole('button', { name: t('kiosk.panel.end') }).click();
        await page
          .getByRole('alert')
          .getByRole('button', { name: t('kiosk.panel.end') })
          .click();
        await expectScreen(page, t('list.title'));

        await page.goto(`${server.url}/links`);
        await expectScreen(page, t('links.title'));
        await page.getByRole('img', { name: t('links.qrLabel', { title: survey.title[lang] }) }).waitFor();
        await check('links and QR code');

        // The staff screens need the office's server.
        await context.setOffline(false);
        await page.goto(`${server.url}/admin`);
        await expectScreen(page, staff.signInTitle);
        await check('staff sign-in');
        await fillSignIn(page, STAFF, locale);
        await check('staff home');

        const results = `${server.url}/admin/s/${STAKEHOLDER}`;
        await page.goto(`${results}?fy=2570`);
        await page.locator('table.results tbody tr').nth(20).waitFor();
        await page.locator('svg[role=img]').nth(1).waitFor();
        await check('results of the stakeholder survey');

        await page.goto(`${results}/targets`);
        await page.locator('table.counts tbody tr').first().waitFor();
        await check('sample size per school');

        await page.goto(`${results}/responses`);
        await page.locator('table.records tbody tr').first().waitFor();
        await check('responses as records');
        await page.locator('table.records tbody tr').first().getByRole('link').click();
        await page.getByTestId('record-status').waitFor();
        await check('one response');

        await page.goto(`${results}/report?fy=2570`);
        const report = page.locator('iframe.report-frame');
        await page.frameLocator('iframe.report-frame').locator('section[data-part="4"]').waitFor();
        await check('report screen');
        // The report itself is the server's document in that frame: checked on its own, as printed too.
        const documentUrl = await report.getAttribute('src');
        if (!documentUrl) throw new Error('the report frame has no address');
        await page.goto(new URL(documentUrl, server.url).href);
        await page.locator('section[data-part="4"]').waitFor();
        await check('report');
        await page.emulateMedia({ media: 'print' });
        await check('report, printed');
        await page.emulateMedia({ media: 'screen' });

        await page.goto(`${server.url}/admin/office`);
        await expectScreen(page, staff.officeSettings);
        await check('office settings');

        await page.goto(`${server.url}/admin/complaints`);
        await page.locator('table.cases-table tbody tr').nth(1).waitFor();
        await check('complaints case list');
        await page.locator('table.cases-table tbody th a').first().click();
        await page.getByTestId('case-status').waitFor();
        await check('one complaint case');
        await page.goto(`${server.url}/admin/complaints/stats`);
        await page.getByTestId('stats-summary').waitFor();
        await check('complaint statistics');

        await page.goto(`${server.url}/admin/surveys`);
        await page.locator('li.survey-card').first().waitFor();
        await page.locator('li.survey-card details summary').first().click();
        await check('survey builder list, collection window open');
        await page.goto(`${server.url}/admin/surveys/${STAKEHOLDER}`);
        // Opening creates no draft; one edit does, and then there is something to publish.
        await page.locator('.save-unchanged, .save-saved').first().waitFor();
        await page.getByLabel(staff.builder.minutes, { exact: true }).fill('12');
        await page.locator('.save-saved').waitFor();
        await page.getByRole('button', { name: staff.surveys.publish.button, exact: true }).click();
        await page.getByRole('dialog').waitFor();
        await check('survey builder edit page, publish dialog open');
      } finally {
        await context.close();
      }
      expect(found, `\n${found.join('\n\n')}\n`).toEqual([]);
    },
    110_000,
  );
});
