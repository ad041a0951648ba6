/**
 * An admin runs the survey builder in real Chromium against the real server (the survey routes
 * of issue 10): copies last year's survey under a new id, edits it (saved as typed), is told when
 * another admin saved in between and takes their version, follows a missing translation from the
 * problems panel to its field, publishes (first version), and closes the new survey by hand.
 * Laptop (1366×900) and phone (360×740) screenshots in Thai and English go to
 * test-results/screens/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en/admin.json';
import enLater from '../../locales/en/later.json';
import th from '../../locales/th/admin.json';
import { localIsoDay } from '../../src/core/answers.js';
import { fiscalYearOf } from '../../src/core/results.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { waitForServiceWorker } from './respondent.js';
import { addStaff, signIn } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
const SCREENS = join(ROOT, 'test-results', 'screens');
const fy = fiscalYearOf(localIsoDay(new Date(), 'Asia/Bangkok'));
const copyId = `stakeholder-satisfaction-${fy}`;
const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{{${k}}}`, String(v)), text);

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'phu.amnuay', 'admin');
  addStaff(server, 'malee', 'admin');
  browser = await launchChromium();
  mkdirSync(SCREENS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function laptop(locale: 'th-TH' | 'en-US', name = 'phu.amnuay') {
  const context = await phoneContext(browser, locale, {
    viewport: { width: 1366, height: 900 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  await signIn(page, server, name, locale);
  return { context, page };
}

const status = (page: Page) => page.locator('.save-status');

describe('the survey builder', () => {
  it('copies last year’s survey, edits it, meets another admin’s save, and publishes it', async () => {
    const { context, page } = await laptop('th-TH');
    await page.getByRole('link', { name: th.surveys.nav }).first().click();
    await page.getByRole('heading', { name: th.surveys.title }).waitFor();
    const shipped = page.locator('li.survey-card', { hasText: 'stakeholder-satisfaction' }).first();
    await shipped.getByText(th.surveys.state.open, { exact: true }).waitFor();
    await page.screenshot({ path: join(SCREENS, 'survey-list-th-1366.png'), fullPage: true });

    // A copy under the fiscal year's id, as version 1.
    await page.getByLabel(th.surveys.startFrom).selectOption(`office:stakeholder-satisfaction`);
    await expect.poll(() => page.getByLabel(th.surveys.newId).first().inputValue()).toBe(copyId);
    await page.getByRole('button', { name: th.surveys.createDraft }).click();
    await page.waitForURL(`**/admin/surveys/${copyId}`);

    // Saved as typed.
    const titleTh = page.getByLabel(`${th.builder.title} ${th.builder.lang.th}`, { exact: true });
    await titleTh.fill(`แบบสำรวจความพึงพอใจ ปีงบประมาณ ${fy}`);
    await expect.poll(() => status(page).textContent()).toMatch(/^บันทึกแล้ว \d\d\.\d\d น\.$/);

    // Another admin saves in between: told who, and their version loads only when asked.
    const other = await laptop('th-TH', 'malee');
    const draft = (await (await other.page.request.get(`${server.url}/api/v1/surveys/${copyId}/draft`)).json()) as {
      definition: SurveyDefinition;
      revision: number;
    };
    const theirs = { ...draft.definition, title: { ...draft.definition.title, th: 'ฉบับของมาลี' } };
    const saved = await other.page.request.post(`${server.url}/api/v1/surveys`, {
      data: { definition: theirs, revision: draft.revision },
    });
    expect(saved.status()).toBe(200);
    await other.context.close();
    await titleTh.fill('ฉบับของฉัน');
    await page.getByText(/malee บันทึกฉบับร่างนี้เมื่อ/).waitFor();
    await expect.poll(() => status(page).textContent()).toBe(th.surveys.save.conflict);
    await page.screenshot({ path: join(SCREENS, 'survey-conflict-th-1366.png'), fullPage: true });
    await page.getByRole('button', { name: fill(th.surveys.conflict.loadTheirs, { who: 'malee' }) }).click();
    await expect.poll(() => titleTh.inputValue()).toBe('ฉบับของมาลี');

    // A missing translation is listed; its button goes to the field.
    const titleEn = page.getByLabel(`${th.builder.title} ${th.builder.lang.en}`, { exact: true });
    await titleEn.fill('');
    const problem = page.getByRole('button', { name: /ชื่อ ภาษาอังกฤษ\s*: ยังไม่ได้กรอก/ });
    await problem.click();
    await expect.poll(() => titleEn.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.screenshot({ path: join(SCREENS, 'survey-problems-th-1366.png'), fullPage: true });
    await titleEn.fill('Satisfaction survey');
    await expect.poll(() => status(page).textContent()).toMatch(/^บันทึกแล้ว/);

    // Publish: the first version of the new survey.
    await page.getByRole('button', { name: th.surveys.publish.button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: th.surveys.publish.title });
    await dialog.waitFor();
    await page.screenshot({ path: join(SCREENS, 'survey-publish-th-1366.png'), fullPage: true });
    await dialog.getByRole('button', { name: fill(th.surveys.publish.confirm, { version: 1 }) }).click();
    await page.getByRole('heading', { name: fill(th.surveys.publish.done, { version: 1 }) }).waitFor();
    const published = await fetch(`${server.url}/api/v1/surveys/${copyId}`);
    expect(((await published.json()) as SurveyDefinition).title.th).toBe('ฉบับของมาลี');

    // Closed by hand from the list.
    await page.getByRole('link', { name: th.surveys.backToList }).click();
    const card = page.locator('li.survey-card', { hasText: copyId });
    await card.getByRole('button', { name: th.surveys.close }).click();
    await card.getByText(th.surveys.state.closed, { exact: true }).waitFor();
    await context.close();
  });

  it('shows the list and the editor in English on a laptop and in both languages on a phone', async () => {
    const { context, page } = await laptop('en-US');
    await page.goto(`${server.url}/admin/surveys`);
    await page.getByRole('heading', { name: en.surveys.title }).waitFor();
    await page.screenshot({ path: join(SCREENS, 'survey-list-en-1366.png'), fullPage: true });
    await page.goto(`${server.url}/admin/surveys/stakeholder-satisfaction`);
    // Only opening it creates no draft: the newest published version is shown as it is.
    await status(page)
      .getByText(/^No changes yet/)
      .waitFor();
    await page.screenshot({ path: join(SCREENS, 'survey-edit-en-1366.png'), fullPage: true });
    await context.close();
    for (const [locale, strings] of [
      ['th-TH', th],
      ['en-US', en],
    ] as const) {
      const phone = await phoneContext(browser, locale);
      const p = await phone.newPage();
      await signIn(p, server, 'phu.amnuay', locale);
      await p.goto(`${server.url}/admin/surveys`);
      await p.getByRole('heading', { name: strings.surveys.title }).waitFor();
      await p.screenshot({ path: join(SCREENS, `survey-list-${locale.slice(0, 2)}-360.png`), fullPage: true });
      await p.goto(`${server.url}/admin/surveys/stakeholder-satisfaction`);
      await p.locator('.save-status').waitFor();
      await p.screenshot({ path: join(SCREENS, `survey-edit-${locale.slice(0, 2)}-360.png`), fullPage: true });
      await phone.close();
    }
  });

  it('builds a blank survey from the library: a whole dimension, then the profile set with its school list', async () => {
    const { context, page } = await laptop('th-TH');
    await page.goto(`${server.url}/admin/surveys`);
    await page.getByLabel(th.surveys.newId).first().fill('from-library');
    await page.getByRole('button', { name: th.surveys.createDraft }).click();
    await page.waitForURL('**/admin/surveys/from-library');
    await page.getByText(th.builder.library.title).click();
    const library = page.getByRole('region', { name: th.builder.library.title });
    // A dimension's items show when its name is opened; it is inserted whole with one button.
    await library.getByText('ด้านการให้ข้อมูลข่าวสาร', { exact: true }).click();
    await library.getByRole('button', { name: /^เพิ่มทั้งด้าน \(\d+ ข้อ\): ด้านการให้ข้อมูลข่าวสาร$/ }).click();
    await library.getByText(/เพิ่มด้าน “ด้านการให้ข้อมูลข่าวสาร” ในแบบสำรวจแล้ว/).waitFor();
    await library.getByRole('button', { name: /^เพิ่มข้อมูลผู้ตอบทั้งชุด/ }).click();
    await library
      .getByText(new RegExp(fill(th.builder.library.listAdded, { list: th.builder.library.listName.schools })))
      .waitFor();
    await expect.poll(() => status(page).textContent()).toMatch(/^บันทึกแล้ว/);
    // The preview draws the inserted profile questions with the respondent's screens.
    await page
      .getByRole('article', { name: /\(school\)$/ })
      .getByRole('textbox')
      .first()
      .focus();
    await page.getByTestId('survey-preview').getByText('ท่านเป็นผู้มีส่วนได้ส่วนเสียกลุ่มใด').waitFor();
    await page.screenshot({ path: join(SCREENS, 'survey-library-th-1366.png'), fullPage: true });
    const draft = (await (await page.request.get(`${server.url}/api/v1/surveys/from-library/draft`)).json()) as {
      definition: SurveyDefinition;
    };
    const questions = draft.definition.sections.flatMap((s) => s.questions);
    expect(questions.map((q) => q.id)).toEqual(expect.arrayContaining(['group', 'school', 'gender', 'age']));
    expect(draft.definition.dimensions?.length).toBe(1);
    expect(questions.filter((q) => q.type === 'rating-pair' || q.type === 'rating').length).toBeGreaterThan(0);
    expect(draft.definition.lists?.schools?.length).toBeGreaterThan(10);
    await context.close();
  });

  it('does not lay the app’s “ready to work offline” notice over the staff screens', async () => {
    // A fresh browser: the service worker installs while a staff page is open.
    const context = await phoneContext(browser, 'en-US', {
      viewport: { width: 1366, height: 900 },
      isMobile: false,
      hasTouch: false,
      deviceScaleFactor: 1,
    });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/admin/surveys`);
      await waitForServiceWorker(page);
      const notice = page.getByText(enLater.sw.offlineReady, { exact: true });
      expect(await notice.count()).toBe(0);
      // The same page's public screens still say it once.
      await page.locator('a.brand').click();
      await notice.waitFor();
    } finally {
      await context.close();
    }
  });

  it('gives the editor and its preview the laptop’s width, the problems above them, at 1366 and 360 px', async () => {
    const shots = process.env.SHOTS_DIR ?? SCREENS;
    mkdirSync(shots, { recursive: true });
    for (const locale of ['th-TH', 'en-US'] as const) {
      const words = locale === 'th-TH' ? th : en;
      const { context, page } = await laptop(locale);
      try {
        await page.goto(`${server.url}/admin/surveys/stakeholder-satisfaction`);
        const editor = page.getByRole('region', { name: words.surveys.editorLabel });
        await editor.waitFor();
        const main = await page.locator('main').boundingBox();
        const box = await editor.boundingBox();
        const problems = await page.locator('#survey-problems').boundingBox();
        if (!main || !box || !problems) throw new Error('the edit page is not laid out');
        // The editor (with the preview beside it) takes the page's width; the problems sit above.
        expect(box.width).toBeGreaterThan(main.width * 0.9);
        expect(problems.y + problems.height).toBeLessThanOrEqual(box.y);
        const preview = await page.locator('.builder-preview').boundingBox();
        expect(preview?.x ?? 0).toBeGreaterThan(box.x + box.width / 2);
        const lang = locale.slice(0, 2);
        await page.screenshot({ path: join(shots, `survey-edit-${lang}-1366.png`) });
        await page.setViewportSize({ width: 360, height: 740 });
        await editor.waitFor();
        await page.screenshot({ path: join(shots, `survey-edit-${lang}-360.png`) });
      } finally {
        await context.close();
      }
    }
  });
});
