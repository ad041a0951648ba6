/**
 * The office's survey cycle as people run it, in real Chromium against the real server (issue 10,
 * "Done when"): an admin builds a survey from the question library and publishes it; a parent on a
 * phone fills it offline and the response syncs when the phone is back online; the admin sees it
 * counted on the survey's results page. And an admin imports a real XLSForm (one of pyxform's
 * examples) through the builder, publishes it, and a respondent's answers reach the server.
 * Screenshots of each step's key screen, in Thai and English, go to SHOTS (to look at).
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordList } from '../../src/core/records.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import {
  apiSession,
  fill,
  LAPTOP,
  overflow,
  type Locale,
  PHONE,
  publishFromEditor,
  servedSurvey,
  shoot,
  staffPage,
  totalText,
} from './office-cycle.js';
import { expectScreen, fillSurvey, openApp, startSurvey, tr } from './respondent.js';
import { addStaff, adminStrings, storeResponses } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
const ADMIN = 'phu.amnuay';
const BUILT = 'parents-2570';
const XLS = 'text_and_integer';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  addStaff(server, ADMIN, 'admin');
});

afterAll(async () => {
  if (overflow.length) console.log(`wider than the phone:\n${overflow.join('\n')}`);
  await browser?.close();
  await server?.stop();
});

describe('the office builds a survey, a parent fills it offline, the office sees it', () => {
  it('blank survey + question library → published → filled offline on a phone → counted in the results', async () => {
    const a = adminStrings('th-TH');
    const s = a.surveys;
    const b = a.builder;
    const { context, page } = await staffPage(browser, server, ADMIN, 'th-TH');
    await page.getByRole('link', { name: s.nav }).first().click();
    await page.getByRole('heading', { name: s.title }).waitFor();

    // A blank survey under its own id.
    await page.getByLabel(s.startFrom).selectOption('blank');
    await page.getByLabel(s.newId).first().fill(BUILT);
    await page.getByRole('button', { name: s.createDraft }).click();
    await page.waitForURL(`**/admin/surveys/${BUILT}`);
    const status = page.locator('.save-status');
    await status.getByText(/^บันทึกแล้ว/).waitFor();

    // The question library: the profile questions, then a dimension of rating items in a part of its own.
    await page.getByText(b.library.title, { exact: true }).click();
    const library = page.getByRole('region', { name: b.library.title });
    const profile = library.getByRole('button', { name: /^เพิ่มข้อมูลผู้ตอบทั้งชุด/ });
    await profile.click();
    await library
      .getByRole('status')
      .getByText(/^เพิ่ม \d+ ข้อแล้ว/)
      .waitFor();
    await library.getByLabel(b.library.into).selectOption({ label: b.library.newSection });
    const dimension = library.locator('details.library-dimension').first();
    await dimension.locator('summary').click();
    await dimension.getByRole('button', { name: /^เพิ่มทั้งด้าน/ }).click();
    await library
      .getByRole('status')
      .getByText(/เพิ่มด้าน “/)
      .waitFor();
    await shoot(page, '1-library', 'th-TH', false);

    // The blank survey's own question, reworded in Thai and in English.
    const first = page.getByRole('article', { name: `${fill(b.questionN, { n: 1 })} (q1)` });
    await first.getByRole('textbox', { name: `${b.label} ${b.lang.th}` }).fill('ท่านมีข้อเสนอแนะอะไรถึงโรงเรียน');
    await first.getByRole('textbox', { name: `${b.label} ${b.lang.en}` }).fill('What would you suggest to the school?');
    await expect.poll(() => status.textContent()).toMatch(/^บันทึกแล้ว/);
    await page.getByText(s.noProblems).waitFor();
    // The phone preview has one title and one choice of language.
    const preview = page.getByRole('complementary', { name: b.preview.title });
    await preview.getByRole('heading', { name: b.preview.title }).waitFor();
    expect(await preview.getByText(b.preview.title, { exact: true }).count()).toBe(1);
    expect(await preview.getByRole('button', { name: b.lang.en, exact: true }).count()).toBe(0);
    await shoot(page, '1-editor', 'th-TH', false);

    await publishFromEditor(page, 'th-TH', 1, '1');
    const survey = await servedSurvey(server, BUILT);
    expect(survey.sections.map((x) => x.questions.length)).toEqual([1, expect.any(Number), expect.any(Number)]);
    expect(survey.sections.flatMap((x) => x.questions).some((q) => q.type === 'lookup')).toBe(true);
    expect(
      survey.sections.flatMap((x) => x.questions).some((q) => q.type === 'rating' || q.type === 'rating-pair'),
    ).toBe(true);
    expect(survey.sections[0]?.questions[0]?.label).toEqual({
      th: 'ท่านมีข้อเสนอแนะอะไรถึงโรงเรียน',
      en: 'What would you suggest to the school?',
    });

    // A parent's phone, in Thai: opened once online, then offline for the whole survey.
    const phone = await openApp(browser, server.url, 'th-TH');
    const t = tr('th');
    await phone.page.getByRole('link', { name: new RegExp(survey.title.th) }).waitFor();
    await phone.context.setOffline(true);
    await startSurvey(phone.page, survey, 'th');
    await shoot(phone.page, '1-parent-first-section', 'th-TH');
    const answers = await fillSurvey(phone.page, survey, 'th', {
      onSection: async (section) => {
        if (section.questions.some((q) => q.type === 'rating' || q.type === 'rating-pair')) {
          await shoot(phone.page, '1-parent-ratings', 'th-TH');
        }
      },
    });
    await phone.page.getByRole('button', { name: t('review.submit'), exact: true }).click();
    await expectScreen(phone.page, t('thanks.title'));
    await phone.page.getByText(t('thanks.willSendOffline'), { exact: true }).waitFor();
    await shoot(phone.page, '1-parent-thanks-offline', 'th-TH');
    const id = new URL(phone.page.url()).searchParams.get('r');
    expect(id).toBeTruthy();

    // Four other parents' phones synced the same answers meanwhile: too few to show (fewer than 5).
    const now = new Date().toISOString();
    await storeResponses(
      server,
      Array.from({ length: 4 }, () => ({
        id: randomUUID(),
        surveyId: BUILT,
        surveyVersion: 1,
        answers,
        startedAt: now,
        completedAt: now,
        locale: 'th',
        appVersion: 'test',
        privacyVersion: survey.privacy.version,
        privacyAcceptedAt: now,
      })),
    );
    await page.goto(`${server.url}/admin/s/${BUILT}`);
    await page.getByText(fill(a.selectionHidden, { min: 5 })).waitFor();

    // Back online: the response syncs and the office has it.
    const get = await apiSession(server, ADMIN);
    const records = () => get<RecordList>(`/api/v1/surveys/${BUILT}/records`);
    expect((await records()).items).toHaveLength(4);
    await phone.context.setOffline(false);
    await expect.poll(async () => (await records()).items.map((r) => r.id)).toContain(id);
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    // The admin sees it counted on the survey's results page.
    await page.reload();
    await page.getByText(totalText('th-TH', 5)).first().waitFor();
    await shoot(page, '1-results', 'th-TH');
    const list = await get<{ surveys: { id: string; responses: number }[] }>('/api/v1/admin/surveys');
    expect(list.surveys.find((x) => x.id === BUILT)?.responses).toBe(5);
    await context.close();
  });
});

describe('the office imports an XLSForm that nobody on the team wrote', () => {
  it(`${XLS}.xlsx through the builder's import button → published → filled in English → stored on the server`, async () => {
    const s = adminStrings('th-TH').surveys;
    const { context, page } = await staffPage(browser, server, ADMIN, 'th-TH');
    await page.goto(`${server.url}/admin/surveys`);
    await page.getByRole('heading', { name: s.title }).waitFor();
    await page.getByLabel(s.xls.file).setInputFiles(`test/fixtures/xlsform/${XLS}.xlsx`);
    await page.getByRole('button', { name: s.xls.check }).click();
    await page
      .getByRole('status')
      .getByText(/^อ่านไฟล์ได้/)
      .waitFor();
    await shoot(page, '2-import-checked', 'th-TH');
    await page.getByRole('button', { name: s.xls.openDraft }).click();
    await page.waitForURL(`**/admin/surveys/${XLS}`);
    await page
      .locator('.save-status')
      .getByText(/^บันทึกแล้ว/)
      .waitFor();
    await shoot(page, '2-import-draft', 'th-TH');
    await publishFromEditor(page, 'th-TH', 1, '2');
    await context.close();

    const survey = await servedSurvey(server, XLS);
    const phone = await openApp(browser, server.url, 'en-US');
    await startSurvey(phone.page, survey, 'en');
    await shoot(phone.page, '2-respondent-first-section', 'en-US');
    const answers = await fillSurvey(phone.page, survey, 'en');
    const t = tr('en');
    await phone.page.getByRole('button', { name: t('review.submit'), exact: true }).click();
    await expectScreen(phone.page, t('thanks.title'));
    const id = new URL(phone.page.url()).searchParams.get('r');

    // Read back through the API: the very answers typed.
    const get = await apiSession(server, ADMIN);
    await expect
      .poll(async () => (await get<RecordList>(`/api/v1/surveys/${XLS}/records`)).items.map((r) => r.id))
      .toEqual([id]);
    const one = await get<{ answers: Record<string, unknown> }>(`/api/v1/responses/${id}`);
    expect(one.answers).toMatchObject(answers);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});

/** What covers the top of an element (its class), or '' when the element itself is on top there. */
function coveredBy(el: HTMLElement): string {
  const box = el.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + 4);
  return !top || el.contains(top)
    ? ''
    : String((top.closest('[class]') as HTMLElement | null)?.className ?? top.tagName);
}

describe('the screens of the cycle at 360 and 1366 px, in Thai and English', () => {
  it('survey list, editor with the library, results', async () => {
    for (const locale of ['th-TH', 'en-US'] as Locale[]) {
      const a = adminStrings(locale);
      for (const size of [PHONE, LAPTOP]) {
        const { context, page } = await staffPage(browser, server, ADMIN, locale, size);
        await page.goto(`${server.url}/admin/surveys`);
        await page.locator('li.survey-card', { hasText: BUILT }).waitFor();
        await shoot(page, 'x-survey-list', locale);
        await page.goto(`${server.url}/admin/surveys/${BUILT}`);
        await page.locator('.save-status').waitFor();
        await shoot(page, 'x-editor-top', locale, false);
        // A field brought into view (as keyboard focus and the problems panel do) is not hidden
        // under the editor's sticky toolbar.
        const wording = page
          .getByRole('article', { name: /\(q1\)$/ })
          .getByRole('textbox', { name: `${a.builder.label} ${a.builder.lang.th}` });
        await wording.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        expect(await wording.evaluate(coveredBy), `${locale} ${size.width}`).toBe('');
        await wording.focus();
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Shift+Tab');
        expect(await page.locator(':focus').evaluate(coveredBy), `${locale} ${size.width}`).toBe('');
        await page.getByText(a.builder.library.title, { exact: true }).click();
        const library = page.getByRole('region', { name: a.builder.library.title });
        await library.scrollIntoViewIfNeeded();
        await shoot(page, 'x-editor-library', locale, false);
        await page.getByRole('article', { name: /\(group\)$/ }).scrollIntoViewIfNeeded();
        await shoot(page, 'x-editor-question', locale, false);
        await page.goto(`${server.url}/admin/s/${BUILT}`);
        await page.getByText(totalText(locale, 5)).first().waitFor();
        await shoot(page, 'x-results', locale);
        await context.close();
      }
    }
  });
});
