/**
 * "You said, we did" in real Chromium against the real server: with this year's responses giving
 * an item a negative gap, a supervisor sees the finding, turns it into an action with a step,
 * downloads the progress file as XLSX, the test edits the progress in it (exceljs, as Excel would
 * save it) and the supervisor imports it: the new progress shows. A bad cell is refused with its
 * row and column and changes nothing. Published, the action shows on the public page /p with its
 * progress written out. Screenshots at 1366×900 and 360×740 in Thai and English go to SHOTS_DIR
 * (or test-results/actions/) to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import thPublic from '../../locales/th/public.json';
import enPublic from '../../locales/en/public.json';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, STATE_TIMEOUT } from './browser.js';
import { downloadActionsXlsx, editXlsx } from './spreadsheets.js';
import { addStaff, adminStrings, fillSignIn, stakeholderResponse, storeResponses } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
/** The responses are of November 2026: fiscal year 2570. */
const FY = 2570;
const SHOTS = process.env.SHOTS_DIR ?? join(ROOT, 'test-results', 'actions');
const ITEM = 'สำนักงานเขตพื้นที่การศึกษาเผยแพร่ข้อมูลข่าวสาร ประกาศ และผลการดำเนินงานที่ถูกต้อง ครบถ้วน และเป็นปัจจุบัน';
const TITLE = 'ประกาศผลการดำเนินงานบนเว็บไซต์ทุกเดือน';
const OWNER = 'กลุ่มอำนวยการ';
const STEP = 'ปรับหน้าเว็บไซต์ให้มีหมวดผลการดำเนินงาน';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'phu.amnuay', 'admin');
  addStaff(server, 'khru.som', 'supervisor');
  // Eight parents expect 5 of the first item and rate it 2: a gap of −3, the largest of all.
  await storeResponses(
    server,
    Array.from({ length: 8 }, (_, i) =>
      stakeholderResponse(i, {
        group: 'parent',
        school: 'โรงเรียนแก่งกระจานวิทยา',
        inform_1: { expectation: 5, satisfaction: 2 },
      }),
    ),
  );
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page of the given size signed in as `name`. */
async function signedIn(name: string, locale: 'th-TH' | 'en-US', width = 1366, height = 900): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    locale,
    acceptDownloads: true,
    bypassCSP: true,
  });
  context.setDefaultTimeout(STATE_TIMEOUT);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  await fillSignIn(page, name, locale);
  return page;
}

describe('you said, we did', () => {
  const th = adminStrings('th-TH');

  it('a supervisor turns a negative gap into an action, updates it from Excel, publishes it, and /p shows it', async () => {
    const page = await signedIn('khru.som', 'th-TH');
    await page.getByRole('link', { name: th.actions.nav }).click();
    await page.getByRole('heading', { level: 1, name: th.actions.title.replace('{{year}}', String(FY)) }).waitFor();
    const gaps = page.getByRole('table', { name: new RegExp(th.actions.kind.gap.replace(/[()]/g, '.')) });
    const row = gaps.getByRole('row').filter({ hasText: ITEM });
    await row.getByText('ผลต่าง -3.00').waitFor();
    await row.getByText(th.actions.notAnswered).waitFor();
    await row.getByRole('button', { name: new RegExp(th.actions.createFrom) }).click();

    const editor = page.getByRole('form', { name: th.actions.newTitle });
    await editor.getByLabel(th.actions.actionTitle).fill(TITLE);
    await editor.getByLabel(th.actions.owner).fill(OWNER);
    await editor.getByLabel(th.actions.startsOn).fill('2026-12-01');
    await editor.getByLabel(th.actions.endsOn).fill('2027-03-31');
    await editor.getByRole('button', { name: th.actions.addMilestone }).click();
    await editor.getByLabel(th.actions.milestoneTitle.replace('{{n}}', '1')).fill(STEP);
    await editor.getByLabel(th.actions.dueOn).fill('2027-01-15');
    // The finding it came from is already ticked.
    expect(
      await editor
        .getByRole('checkbox', { name: new RegExp(ITEM.slice(0, 30)) })
        .first()
        .isChecked(),
    ).toBe(true);
    await editor.getByRole('button', { name: th.actions.save }).click();
    await page.getByRole('status').filter({ hasText: th.actions.saved }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: TITLE }) });
    await card.getByText(th.actions.statuses.planned).waitFor();
    await card.getByText(th.actions.progressText.replace('{{percent}}', '0')).waitFor();
    await row.getByText(TITLE).waitFor();

    // Progress from Excel: in progress, 60 %, the step done on 10 January 2027.
    const file = await downloadActionsXlsx(page, join(SHOTS, `actions-${FY}.xlsx`));
    const edited = await editXlsx(file, join(SHOTS, `actions-${FY}-edited.xlsx`), (cell) => {
      cell(2, 'status').value = 'in_progress';
      cell(2, 'progress').value = 60;
      cell(3, 'done_on').value = new Date(Date.UTC(2027, 0, 10));
    });
    await page.locator('input[type=file]').setInputFiles(edited);
    await page
      .getByText(th.actions.imported.replace('{{name}}', `actions-${FY}-edited.xlsx`).replace(/\{\{\w+\}\}/g, '1'))
      .waitFor();
    await card.getByText(th.actions.statuses.in_progress).waitFor();
    await card.getByText(th.actions.progressText.replace('{{percent}}', '60')).waitFor();
    await card.getByText('10 มกราคม 2570').waitFor();

    // A bad cell: refused with its row and column, and nothing changes.
    const bad = await editXlsx(file, join(SHOTS, 'actions-bad.xlsx'), (cell) => {
      cell(2, 'progress').value = 150;
      cell(3, 'done_on').value = new Date(Date.UTC(2027, 1, 1));
    });
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'actions-bad.xlsx', mimeType: XLSX, buffer: readFileSync(bad) });
    const alert = page.getByRole('alert').filter({ hasText: 'แถวที่ 2 คอลัมน์ progress' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(th.actions.cellHint.progress);
    await page
      .locator('section[aria-labelledby="action-files"]')
      .screenshot({ path: join(SHOTS, 'actions-import-refused-th-1366.png') });
    await page.reload();
    await card.getByText(th.actions.progressText.replace('{{percent}}', '60')).waitFor();
    await card.getByText('10 มกราคม 2570').waitFor();

    await card.getByRole('button', { name: th.actions.publishLabel.replace('{{title}}', TITLE) }).click();
    await card.getByText(th.actions.publicYes).waitFor();
    await page.context().close();

    const reader = await browser.newPage({ locale: 'th-TH' });
    await reader.goto(`${server.url}/p/${FY}`);
    const section = reader.locator('section').filter({
      has: reader.getByRole('heading', { level: 2, name: thPublic.actions.heading }),
    });
    const shown = section.getByRole('article').filter({ hasText: TITLE });
    await shown.getByText(thPublic.actions.progress.replace('{{percent}}', '60')).waitFor();
    expect(await shown.textContent()).toContain(`${thPublic.actions.kind.gap}: ${ITEM}`);
    expect(await shown.textContent()).toContain(OWNER);
    await reader.close();
  });

  it('the screen and the public section in Thai and English, on a desk and a phone', async () => {
    for (const locale of ['th-TH', 'en-US'] as const) {
      const strings = adminStrings(locale);
      const pub = locale === 'th-TH' ? thPublic : enPublic;
      const lang = locale === 'th-TH' ? 'th' : 'en';
      for (const [width, height] of [
        [1366, 900],
        [360, 740],
      ] as const) {
        const page = await signedIn('phu.amnuay', locale, width, height);
        await page.goto(`${server.url}/admin/actions?fy=${FY}`);
        await page.getByRole('heading', { name: TITLE }).waitFor();
        await page.screenshot({ path: join(SHOTS, `actions-${lang}-${width}.png`), fullPage: width > 1000 });
        if (width < 1000) {
          await page
            .locator('.table-wrap')
            .first()
            .screenshot({ path: join(SHOTS, `actions-findings-${lang}-${width}.png`) });
          await page.locator('.action-list').screenshot({ path: join(SHOTS, `actions-list-${lang}-${width}.png`) });
        }
        await page.getByRole('button', { name: strings.actions.editLabel.replace('{{title}}', TITLE) }).click();
        await page.getByRole('form', { name: strings.actions.editTitle }).waitFor();
        await page
          .getByRole('form', { name: strings.actions.editTitle })
          .screenshot({ path: join(SHOTS, `actions-editor-${lang}-${width}.png`) });
        await page.goto(`${server.url}/p/${FY}`);
        await page.getByRole('heading', { level: 2, name: pub.actions.heading }).waitFor();
        await page.getByText(TITLE).waitFor();
        await page
          .locator('section')
          .filter({ has: page.locator('#p-actions') })
          .screenshot({ path: join(SHOTS, `public-actions-${lang}-${width}.png`) });
        await page.context().close();
      }
    }
  });

  it('the screen with its editor passes axe on a phone, in Thai and English', async () => {
    const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    const found: string[] = [];
    for (const locale of ['th-TH', 'en-US'] as const) {
      const strings = adminStrings(locale);
      const page = await signedIn('phu.amnuay', locale, 360, 740);
      await page.goto(`${server.url}/admin/actions?fy=${FY}`);
      await page.getByRole('button', { name: strings.actions.add }).click();
      await page.getByRole('form', { name: strings.actions.newTitle }).waitFor();
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() =>
        (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        }),
      );
      found.push(
        ...result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${locale}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      );
      await page.context().close();
    }
    expect(found).toEqual([]);
  });
});
