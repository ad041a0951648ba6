/**
 * A stakeholder on a phone: the app installs itself on the first visit and then starts offline;
 * the survey is answered with no network in Thai and in English, survives a reload in the
 * middle, refuses to go on with a required answer missing, and never scrolls sideways.
 * One server and one browser for the file; every test has a fresh browser context.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../src/core/answers.js';
import type { Lang, SurveyDefinition } from '../../src/core/survey.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import {
  answered,
  answerQuestion,
  answerSection,
  type AppPage,
  expectScreen,
  expectShown,
  fillSurvey,
  openApp,
  publishedSurvey,
  questionField,
  readDevice,
  STAKEHOLDER,
  shownQuestions,
  shownSections,
  sidewaysOverflow,
  startLinkName,
  startSurvey,
  tr,
  waitForServiceWorker,
} from './respondent.js';

const PHONE_WIDTH = 360;

let server: RunningServer;
let browser: Browser;
let survey: SurveyDefinition;
let complaint: SurveyDefinition;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  [survey, complaint] = await Promise.all([
    publishedSurvey(server.url, STAKEHOLDER),
    publishedSurvey(server.url, 'complaint'),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Installs the app online, then cuts the network and reloads: the app now runs from the device. */
async function openOffline(): Promise<AppPage> {
  const app = await openApp(browser, server.url);
  await app.context.setOffline(true);
  const reload = await app.page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  return app;
}

function section(index: number) {
  const s = survey.sections[index];
  if (!s) throw new Error(`${survey.id} has no section ${index}`);
  return s;
}

/** Submits on the review screen and checks what the device kept; returns nothing on success. */
async function submitAndCheck(page: Page, answers: Record<string, AnswerValue>, lang: Lang, startedAfter: string) {
  const t = tr(lang);
  // The review lists every section shown and every question answered, none "not answered".
  for (const s of shownSections(survey, answers)) {
    await page.getByRole('heading', { level: 2, name: s.title[lang], exact: true }).waitFor();
  }
  const answered = shownSections(survey, answers).flatMap((s) => shownQuestions(s, answers));
  await expect.poll(() => page.getByRole('term').count()).toBe(answered.length);
  expect(await page.getByText(t('review.notAnswered'), { exact: true }).count()).toBe(0);

  await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
  await expectScreen(page, t('thanks.title'));
  await page.getByText(t('thanks.willSendOffline'), { exact: true }).waitFor();
  const finishedBefore = new Date().toISOString();

  const { responses, outbox } = await readDevice(page);
  expect(responses).toHaveLength(1);
  const [response] = responses;
  if (!response) throw new Error('no response on the device');
  expect(response).toMatchObject({
    surveyId: survey.id,
    surveyVersion: survey.version,
    status: 'completed',
    locale: lang,
    privacyVersion: survey.privacy.version,
  });
  expect(response.answers).toEqual(answers);
  expect(response.startedAt >= startedAfter, `startedAt ${response.startedAt} after ${startedAfter}`).toBe(true);
  expect(response.completedAt && response.completedAt >= response.startedAt).toBe(true);
  expect(response.completedAt && response.completedAt <= finishedBefore).toBe(true);
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject({ responseId: response.id, enqueuedAt: response.completedAt });
  // A submit starts a sync at once; offline it fails and the response goes back to waiting.
  await expect.poll(async () => (await readDevice(page)).outbox.map((e) => e.state)).toEqual(['waiting']);

  // The respondent is not shown the device's sending status (officers see it on their screens).
  expect(await page.getByTestId('waiting-count').count()).toBe(0);
}

/** Fails, naming what sticks out, when the screen is wider than the phone. */
async function expectFitsPhone(page: Page, screen: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const { scrollWidth, viewport, wider } = await sidewaysOverflow(page, PHONE_WIDTH);
  const why = `${screen} is ${scrollWidth}px wide; too wide: ${wider.join(' | ')}`;
  expect(scrollWidth, why).toBeLessThanOrEqual(PHONE_WIDTH);
  expect(viewport, why).toBe(PHONE_WIDTH);
}

const LANGUAGES: { lang: Lang; name: string; locale: 'th-TH' | 'en-US' }[] = [
  { lang: 'th', name: 'Thai', locale: 'th-TH' },
  { lang: 'en', name: 'English', locale: 'en-US' },
];

describe('first visit and offline start', () => {
  const t = tr('th');

  it('on the first visit online the survey list shows, the service worker takes control and says the app works offline', async () => {
    const { context, page, errors } = await openApp(browser, server.url);
    try {
      const worker = await page.evaluate(() => ({
        state: navigator.serviceWorker.controller?.state,
        script: navigator.serviceWorker.controller?.scriptURL,
      }));
      expect(worker).toEqual({ state: 'activated', script: `${server.url}/sw.js` });
      await page.getByRole('heading', { level: 3, name: survey.title.th }).waitFor();
      await page.getByText(t('sw.offlineReady'), { exact: true }).waitFor();
      // Online, a respondent's screen shows no device status at all.
      expect(await page.getByTestId('waiting-count').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('with the network off, a reload comes from the service worker and every screen still opens', async () => {
    const { context, page, errors } = await openApp(browser, server.url);
    try {
      await context.setOffline(true);
      const reload = await page.reload();
      expect(reload?.fromServiceWorker()).toBe(true);
      // The service worker's app shell asks for the first screen's fonts at once.
      const preloads = (await reload?.headerValue('link')) ?? '';
      for (const font of ['thai-400', 'thai-600', 'latin-400', 'latin-600']) {
        expect(preloads).toMatch(new RegExp(`</assets/sarabun-${font}-normal-[\\w-]+\\.woff2>; rel=preload; as=font`));
      }
      await waitForServiceWorker(page);
      await page.getByText(t('status.offline'), { exact: true }).waitFor();

      // The list comes from the device: both surveys, each group under its heading.
      await page.getByRole('heading', { level: 2, name: t('list.surveys') }).waitFor();
      await page.getByRole('heading', { level: 3, name: survey.title.th }).waitFor();
      await page.getByRole('heading', { level: 2, name: t('list.channels') }).waitFor();
      await page.getByRole('heading', { level: 3, name: complaint.title.th }).waitFor();

      // Into a survey's notice and back.
      await page.getByRole('link', { name: startLinkName(survey, 'th') }).click();
      await expectScreen(page, survey.privacy.title.th);
      await page.getByRole('link', { name: t('common.back'), exact: true }).click();
      await expectScreen(page, t('list.title'));

      // Into the complaint channel, then home by the app's name in the title bar.
      await page.getByRole('link', { name: startLinkName(complaint, 'th') }).click();
      await expectScreen(page, complaint.privacy.title.th);
      await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
      const firstSection = complaint.sections[0];
      if (!firstSection) throw new Error('the complaint form has no section');
      await expectScreen(page, firstSection.title.th);
      await page.getByRole('link', { name: new RegExp(`^${t('app.name')}`) }).click();
      await expectScreen(page, t('list.title'));

      // The phone's back button walks back to the complaint section.
      await page.goBack();
      await expectScreen(page, firstSection.title.th);

      // A survey's address typed in offline opens from the service worker too.
      const deep = await page.goto(`${server.url}/s/${STAKEHOLDER}`);
      expect(deep?.fromServiceWorker()).toBe(true);
      await expectScreen(page, survey.privacy.title.th);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('answering the stakeholder survey offline', () => {
  it('filled in Thai offline to the end, the thank-you screen shows and the response waits on the device', async () => {
    const { context, page, errors } = await openOffline();
    try {
      const t = tr('th');
      // Offline, the respondent is told it does not matter.
      await page.getByText(t('status.offline'), { exact: true }).waitFor();
      const startedAfter = new Date().toISOString();
      await startSurvey(page, survey, 'th');
      const answers = await fillSurvey(page, survey, 'th');
      expect(answers).toHaveProperty('school');
      await submitAndCheck(page, answers, 'th', startedAfter);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('switched to English offline, the survey reads in English and the response is kept with locale "en"', async () => {
    const { context, page, errors } = await openOffline();
    try {
      await page.getByRole('button', { name: 'English', exact: true }).click();
      const t = tr('en');
      await expectScreen(page, t('list.title'));
      await expect
        .poll(() => page.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed'))
        .toBe('true');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      const startedAfter = new Date().toISOString();
      await startSurvey(page, survey, 'en');
      const answers = await fillSurvey(page, survey, 'en', { variant: 1 });
      expect(answers).toHaveProperty('school');
      await submitAndCheck(page, answers, 'en', startedAfter);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('after a reload in the middle, the same section shows with its answers still chosen', async () => {
    const { context, page, errors } = await openOffline();
    try {
      const t = tr('th');
      const first = section(0);
      const second = section(1);
      const question = second.questions[0];
      if (!question) throw new Error(`${second.id} has no question`);
      await startSurvey(page, survey, 'th');
      const earlier = await answerSection(page, survey, first, 'th');
      await page.getByRole('button', { name: t('common.next'), exact: true }).click();
      await expectScreen(page, second.title.th);
      const answers = { ...earlier, ...(await answerQuestion(page, survey, question, 'th', 3)) };

      // A person pauses before reloading: by then the answer is written to the device.
      await expect
        .poll(async () => (await readDevice(page)).responses[0]?.answers[question.id])
        .toEqual(answers[question.id]);
      const reload = await page.reload();
      expect(reload?.fromServiceWorker()).toBe(true);
      // The service worker's app shell asks for the first screen's fonts at once.
      const preloads = (await reload?.headerValue('link')) ?? '';
      for (const font of ['thai-400', 'thai-600', 'latin-400', 'latin-600']) {
        expect(preloads).toMatch(new RegExp(`</assets/sarabun-${font}-normal-[\\w-]+\\.woff2>; rel=preload; as=font`));
      }

      await expectScreen(page, second.title.th);
      expect(new URL(page.url()).pathname).toBe(`/s/${survey.id}/${second.id}`);
      await expectShown(page, survey, question, answers, 'th');
      for (const q of second.questions.slice(1)) {
        expect(answered(answers[q.id])).toBe(false);
        const scale = questionField(page, q, 'th').getByRole('radio');
        for (const radio of await scale.all()) expect(await radio.isChecked(), q.id).toBe(false);
      }

      // The first section kept everything too.
      await page.getByRole('button', { name: t('common.back'), exact: true }).click();
      await expectScreen(page, first.title.th);
      for (const q of shownQuestions(first, answers)) await expectShown(page, survey, q, answers, 'th');

      const [draft] = (await readDevice(page)).responses;
      expect(draft).toMatchObject({ status: 'draft', answers });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('with a required answer missing, "Next" stays on the section and the message shows by that question', async () => {
    const { context, page, errors } = await openOffline();
    try {
      const t = tr('th');
      const first = section(0);
      const next = section(1);
      const group = first.questions[0];
      if (!group?.required) throw new Error(`the first question of ${first.id} should be required`);
      await startSurvey(page, survey, 'th');

      // Everything shown except the first question (with the choices answerSection makes below).
      let answers: Record<string, AnswerValue> = {};
      for (const [i, q] of first.questions.entries()) {
        if (q === group || !shownQuestions(first, answers).includes(q)) continue;
        Object.assign(answers, await answerQuestion(page, survey, q, 'th', i));
      }
      await page.getByRole('button', { name: t('common.next'), exact: true }).click();

      const field = questionField(page, group, 'th');
      const message = field.getByText(t('errors.required'), { exact: true });
      await message.waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await message.getAttribute('id'));
      await page
        .getByRole('alert')
        .filter({ hasText: t('survey.fixCount', { count: 1 }) })
        .waitFor();
      expect(await page.getByText(t('errors.required'), { exact: true }).count()).toBe(1);
      await expect.poll(() => field.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      await expectScreen(page, first.title.th);
      expect(new URL(page.url()).pathname).toBe(`/s/${survey.id}/${first.id}`);

      // Answering it (and what it brings up) clears the message and lets the person go on.
      answers = await answerSection(page, survey, first, 'th', answers);
      await message.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: t('common.next'), exact: true }).click();
      await expectScreen(page, next.title.th);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a 360 × 740 phone', () => {
  for (const { lang, name, locale } of LANGUAGES) {
    it(`in ${name}, no screen from the survey list to the thank-you page scrolls sideways`, async () => {
      const { context, page, errors } = await openApp(browser, server.url, locale);
      try {
        const t = tr(lang);
        // A phone set to English opens the app in English.
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await expectFitsPhone(page, 'the survey list');

        await page.getByRole('link', { name: startLinkName(survey, lang) }).click();
        await expectScreen(page, survey.privacy.title[lang]);
        await expectFitsPhone(page, 'the privacy notice');

        await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
        const first = survey.sections[0];
        const opener = first?.questions[0];
        if (!first || !opener) throw new Error(`${survey.id} has no first question`);
        await expectScreen(page, first.title[lang]);
        await page.getByRole('button', { name: t('common.next'), exact: true }).click();
        await page.getByText(t('errors.required'), { exact: true }).first().waitFor();
        await expectFitsPhone(page, 'the first section with its messages');

        // The first answer brings up the long list of schools, not yet narrowed down.
        await answerQuestion(page, survey, opener, lang, 0);
        await page.getByRole('searchbox').waitFor();
        await expectFitsPhone(page, 'the first section with the school list');

        const answers = await fillSurvey(page, survey, lang, {
          onSection: (section) => expectFitsPhone(page, `section ${section.id}, answered`),
        });
        expect(Object.keys(answers).length).toBeGreaterThan(0);
        await expectScreen(page, t('review.title'));
        await expectFitsPhone(page, 'the review');

        await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
        await expectScreen(page, t('thanks.title'));
        await expectFitsPhone(page, 'the thank-you page');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
