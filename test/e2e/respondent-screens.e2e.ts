/**
 * Respondents see only what is theirs, in real Chromium on a 360 px phone: no device status, no
 * way into the officers' tools and no "works offline" notice above a survey's questions; one
 * count of pages that does not change halfway; a privacy notice that opens with its summary; a
 * thank-you that offers "next respondent" on a kiosk only; and Thai words never broken across
 * lines, on every respondent screen and in the printed report.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang, SurveyDefinition } from '../../src/core/survey.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { badLineBreaks } from './line-breaks.js';
import {
  expectScreen,
  fillSurvey,
  openApp,
  privacyVersionText,
  publishedSurvey,
  STAKEHOLDER,
  screenHeading,
  startLinkName,
  tr,
  waitForServiceWorker,
} from './respondent.js';
import { addStaff, signedIn, stakeholderResponse, storeResponses } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
let survey: SurveyDefinition;
let complaint: SurveyDefinition;

beforeAll(async () => {
  // One after the other: on a busy machine the server's embedded database starts faster alone.
  server = await startServer();
  browser = await launchChromium();
  [survey, complaint] = await Promise.all([
    publishedSurvey(server.url, STAKEHOLDER),
    publishedSurvey(server.url, 'complaint'),
  ]);
  addStaff(server, 'khru.dao', 'supervisor');
  await storeResponses(
    server,
    Array.from({ length: 8 }, (_, i) => stakeholderResponse(i)),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const LANGS: { lang: Lang; locale: 'th-TH' | 'en-US' }[] = [
  { lang: 'th', locale: 'th-TH' },
  { lang: 'en', locale: 'en-US' },
];

/** Fails naming each line break inside a Thai word on the screen shown. */
async function expectWholeWords(page: Page, screen: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const bad = await badLineBreaks(page);
  expect(
    bad,
    `${screen}: lines broken inside words: ${bad.map((b) => `${b.around} (${b.element})`).join(' | ')}`,
  ).toEqual([]);
}

/** What a respondent must not see: the device's status line or a way to the officers' tools. */
async function expectNoOfficerThings(page: Page): Promise<void> {
  expect(await page.getByTestId('waiting-count').count()).toBe(0);
  expect(await page.getByTestId('persistence').count()).toBe(0);
  expect(await page.locator('a[href="/device"], a[href="/kiosk"], a[href="/links"]').count()).toBe(0);
}

/** An option of a single-choice question of the complaint form, by its value. */
function complaintOption(id: string, value: string, lang: Lang): string {
  const q = complaint.sections.flatMap((x) => x.questions).find((x) => x.id === id);
  const option = q && 'options' in q ? q.options.find((o) => o.value === value) : undefined;
  if (!option) throw new Error(`the complaint form has no ${id} = ${value}`);
  return option.label[lang];
}

/**
 * Fills the complaint form's first page (a suggestion, no reply wanted) to the review screen. On
 * the way it asks for a reply, looks at the contact page with `look`, and goes back.
 */
async function fillComplaint(page: Page, lang: Lang, look: (screen: string) => Promise<void>): Promise<void> {
  const t = tr(lang);
  const [matter, contact] = complaint.sections;
  if (!matter || !contact) throw new Error('the complaint form has two pages');
  await expectScreen(page, matter.title[lang]);
  await page.getByRole('radio', { name: complaintOption('category', 'suggestion', lang), exact: true }).check();
  for (const id of ['topic', 'description']) {
    const q = matter.questions.find((x) => x.id === id);
    if (!q) throw new Error(`the complaint form has no ${id}`);
    await page
      .getByRole('textbox', { name: `${q.label[lang]} ${t('question.required')}`, exact: true })
      .fill('ไฟทางเดินหน้าโรงเรียนดับ');
  }
  await page.getByRole('radio', { name: complaintOption('wants_reply', 'yes', lang), exact: true }).check();
  await look(`complaint ${matter.id}`);
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await expectScreen(page, contact.title[lang]);
  await look(`complaint ${contact.id}`);
  await page.getByRole('button', { name: t('common.back'), exact: true }).click();
  await expectScreen(page, matter.title[lang]);
  await page.getByRole('radio', { name: complaintOption('wants_reply', 'no', lang), exact: true }).check();
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await expectScreen(page, t('review.title'));
}

/** The page count the section screen shows ("หน้า 2 จาก 7"). */
function pageCount(page: Page, lang: Lang, current: number, total: number) {
  return page.getByText(new RegExp(`${tr(lang)('survey.progress', { current, total })}$`));
}

describe.each(LANGS)('a respondent on a phone ($lang)', ({ lang, locale }) => {
  const t = tr(lang);

  it('a survey link shows no device status, no officers’ tools and no "works offline" notice above the questions', async () => {
    const context = await phoneContext(browser, locale);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/s/${STAKEHOLDER}?group=parent`);
      await expectScreen(page, survey.privacy.title[lang]);
      await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
      await expectScreen(page, survey.sections[0]?.title[lang] ?? '');
      // The app is now cached for offline use: the notice waits until the person leaves the survey.
      await waitForServiceWorker(page);
      await page.waitForFunction(() => localStorage.getItem('siang.offlineReadyTold') !== null);
      expect(await page.getByText(t('sw.offlineReady'), { exact: true }).count()).toBe(0);
      await expectNoOfficerThings(page);
      await pageCount(page, lang, 1, survey.sections.length).waitFor();
      // Back on the home page (a respondent's screen too), the notice shows; the tools do not.
      await page.getByRole('button', { name: t('common.back'), exact: true }).click();
      await expectScreen(page, t('list.title'));
      await page.getByText(t('sw.offlineReady'), { exact: true }).waitFor();
      await expectNoOfficerThings(page);
      expect(await page.getByRole('link', { name: t('list.officers') }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the privacy notice opens with its summary and the full text folded under it', async () => {
    const { context, page } = await openApp(browser, server.url, locale);
    try {
      await page.getByRole('link', { name: startLinkName(survey, lang) }).click();
      await expectScreen(page, survey.privacy.title[lang]);
      const summary = page.getByTestId('privacy-summary');
      for (const term of [
        'privacy.who',
        'privacy.what',
        'privacy.howLong',
        'privacy.rightsTitle',
        'privacy.contactTitle',
      ]) {
        await summary
          .getByRole('term')
          .filter({ hasText: t(term) })
          .waitFor();
      }
      await summary.getByText(t('privacy.dpoMissing')).waitFor();
      await page.getByText(privacyVersionText(survey, lang), { exact: true }).waitFor();
      // The full text is there, folded: its paragraphs show once opened.
      const last = survey.privacy.body.at(-1)?.[lang].split(':').slice(1).join(':').trim() ?? '';
      expect(await page.getByText(last).isVisible()).toBe(false);
      await page.getByText(t('privacy.full'), { exact: true }).click();
      await page.getByText(last).waitFor();
      // The summary fits on a phone's first screens: the accept button is within two screens.
      const accept = await page.getByRole('button', { name: t('privacy.accept'), exact: true }).boundingBox();
      await page.getByText(t('privacy.full'), { exact: true }).click();
      const folded = await page.getByRole('button', { name: t('privacy.accept'), exact: true }).boundingBox();
      expect(folded?.y ?? Infinity).toBeLessThan(2 * 740);
      expect(folded?.y ?? Infinity).toBeLessThan(accept?.y ?? 0);
    } finally {
      await context.close();
    }
  });

  it('the complaint form counts its pages once: the count does not change when a reply is asked for', async () => {
    const { context, page } = await openApp(browser, server.url, locale);
    try {
      await page.getByRole('link', { name: startLinkName(complaint, lang) }).click();
      await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
      await expectScreen(page, complaint.sections[0]?.title[lang] ?? '');
      const pages = complaint.sections.length;
      await pageCount(page, lang, 1, pages).waitFor();
      await page.getByRole('radio', { name: complaintOption('wants_reply', 'yes', lang), exact: true }).check();
      await pageCount(page, lang, 1, pages).waitFor();
      expect(await page.getByText(new RegExp(tr(lang)('survey.progress', { current: 1, total: 1 }))).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('Thai words stay whole at 360 px', () => {
  const t = tr('th');

  it('on the home page, the privacy notice, every section, the review, the thank-you and the complaint form', async () => {
    const { context, page } = await openApp(browser, server.url, 'th-TH');
    try {
      await expectWholeWords(page, 'home');
      await page.getByRole('link', { name: startLinkName(survey, 'th') }).click();
      await expectScreen(page, survey.privacy.title.th);
      await expectWholeWords(page, 'privacy summary');
      await page.getByText(t('privacy.full'), { exact: true }).click();
      await expectWholeWords(page, 'privacy notice in full');
      await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
      await fillSurvey(page, survey, 'th', {
        onSection: (section) => expectWholeWords(page, `section ${section.id}`),
      });
      await expectWholeWords(page, 'review');
      await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
      await expectScreen(page, t('thanks.title'));
      await expectWholeWords(page, 'thank-you');
      // A personal phone offers the way home, not "next respondent".
      expect(await page.getByRole('link', { name: t('thanks.another') }).count()).toBe(0);
      await page.getByRole('link', { name: t('thanks.home'), exact: true }).click();
      await page.getByRole('link', { name: startLinkName(complaint, 'th') }).click();
      await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
      await fillComplaint(page, 'th', (screen) => expectWholeWords(page, screen));
    } finally {
      await context.close();
    }
  });

  it('in the printed report', async () => {
    const { context, page } = await signedIn(browser, server, 'khru.dao');
    try {
      // A4 less the report's margins (210 mm − 2 × 16 mm) at 96 dpi.
      await page.setViewportSize({ width: 673, height: 1000 });
      await page.goto(`${server.url}/admin/s/${STAKEHOLDER}/report?fy=2570`);
      // The report is the server's document in a frame: read on its own, as printed.
      const frame = page.locator('iframe.report-frame');
      await page.frameLocator('iframe.report-frame').locator('section[data-part="4"]').waitFor();
      const documentUrl = await frame.getAttribute('src');
      if (!documentUrl) throw new Error('the report frame has no address');
      await page.goto(new URL(documentUrl, server.url).href);
      await page.locator('section[data-part="4"]').waitFor();
      await page.emulateMedia({ media: 'print' });
      await expectWholeWords(page, 'printed report');
    } finally {
      await context.close();
    }
  });
});

describe('the thank-you on a kiosk', () => {
  it('lets the next respondent start', async () => {
    const t = tr('th');
    const { context, page } = await openApp(browser, server.url, 'th-TH');
    try {
      await page.goto(`${server.url}/kiosk`);
      await page.getByLabel(t('kiosk.setup.survey'), { exact: true }).selectOption('complaint');
      await page.getByLabel(t('kiosk.setup.thanks')).fill('60');
      await page.getByLabel(t('kiosk.setup.pin'), { exact: true }).fill('2468');
      await page.getByLabel(t('kiosk.setup.pinAgain')).fill('2468');
      await page.getByRole('button', { name: t('kiosk.setup.start') }).click();
      await expectScreen(page, complaint.privacy.title.th);
      await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
      await fillComplaint(page, 'th', async () => undefined);
      await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
      await expectScreen(page, t('complaintThanks.title'));
      await page.getByRole('link', { name: t('kiosk.next'), exact: true }).waitFor();
      expect(t('kiosk.next')).toBe('ให้ผู้ตอบคนถัดไปเริ่มตอบ');
      await expectWholeWords(page, 'kiosk thank-you');
      expect(await screenHeading(page).textContent()).toBe(t('complaintThanks.title'));
    } finally {
      await context.close();
    }
  });
});
