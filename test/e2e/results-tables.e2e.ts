/**
 * What a supervisor reads first, in real Chromium against the real server (issue 12 §4): the
 * respondent profile with ร้อยละ, sample progress as numbers with every school listed (zeros
 * too), the groups side by side, this fiscal year beside the last, and the expectation–
 * satisfaction chart with the items of each quadrant listed. Full-page screenshots at laptop and
 * phone size, in Thai and English, go to test-results/results-*.png to be looked at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enAdmin from '../../locales/en/admin.json';
import admin from '../../locales/th/admin.json';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import { addStaff, signedIn, stakeholderResponse, storeResponses } from './supervisor.js';

const survey = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;
const SCHOOLS = survey.lists?.schools ?? [];
const X = SCHOOLS[0]?.value as string;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'phu.amnuay', 'admin');
  addStaff(server, 'khru.som', 'supervisor');
  // Fiscal year 2570: 6 teachers and 5 parents of school X, 12 community members; 2569: 5 teachers.
  await storeResponses(server, [
    ...Array.from({ length: 6 }, (_, i) =>
      stakeholderResponse(i, { group: 'teacher', school: X, gender: 'male', contact_channels: ['website', 'phone'] }),
    ),
    ...Array.from({ length: 5 }, (_, i) => stakeholderResponse(i + 6, { group: 'parent', school: X })),
    ...Array.from({ length: 12 }, (_, i) => stakeholderResponse(i + 11)),
    ...Array.from({ length: 5 }, (_, i) => ({
      ...stakeholderResponse(i + 40, { group: 'teacher', school: X }),
      completedAt: `2026-03-1${i}T03:05:00.000Z`,
    })),
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The administrator types the populations of two groups on the targets screen and saves them. */
async function setGroupTargets(page: Page) {
  await page.goto(`${server.url}/admin/s/stakeholder-satisfaction/targets`);
  const box = (group: string) =>
    page.getByLabel(admin.tables.populationOfGroup.replace('{{group}}', group), { exact: true });
  await box('ครูผู้สอน').fill('100');
  await box('ชุมชน / องค์กรปกครองส่วนท้องถิ่น').fill('๑๐๗');
  await expect
    .poll(() => page.getByTestId('area-target').textContent())
    .toBe('ทั้งเขตพื้นที่: ประชากร 207 คน กลุ่มตัวอย่างที่ต้องการ 135 คน');
  await page.getByRole('button', { name: admin.save, exact: true }).click();
  await page.getByText(admin.saved, { exact: true }).waitFor();
  await page.screenshot({ path: join(ROOT, 'test-results', 'targets-th-1366.png'), fullPage: true });
}

describe('the tables supervisors read', () => {
  it('profile with ร้อยละ, every school with zeros, groups side by side, last year, and the quadrant lists', async () => {
    const { context, page } = await signedIn(browser, server, 'phu.amnuay', 'th-TH', {
      viewport: { width: 1366, height: 900 },
      isMobile: false,
      hasTouch: false,
      deviceScaleFactor: 1,
    });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await setGroupTargets(page);
    await page.goto(`${server.url}/admin/s/stakeholder-satisfaction?fy=2570`);

    // The profile comes first: gender with its count and percent (6 of 23 male = 26.09).
    const gender = page.locator('table.profile', { has: page.locator('caption', { hasText: 'เพศ' }) });
    await gender.waitFor();
    const male = gender.locator('tbody tr', { hasText: 'ชาย' }).first();
    await expect.poll(() => male.locator('td').allTextContents()).toEqual(['6', '26.09']);
    const channels = page.locator('table.profile', { has: page.getByText(admin.tables.multipleNote) });
    await expect.poll(() => channels.locator('tfoot td').first().textContent()).toBe('23');
    const firstTable = await page.locator('main table').first().locator('caption').textContent();
    expect(firstTable).toBe(survey.sections[0]?.questions[0]?.label.th);

    // Progress as numbers: the whole area (teacher 100 + community 107 = 207 → 135 needed).
    await expect
      .poll(() => page.getByTestId('area-progress').textContent())
      .toBe(`${admin.tables.area}: เก็บได้ 23 จาก 135 คน (ร้อยละ 17.04)`);
    const teacherRow = page.locator('table.progress-table tbody tr', { hasText: 'ครูผู้สอน' });
    await expect.poll(() => teacherRow.locator('td').last().textContent()).toContain('เก็บได้ 6 จาก 80 คน (ร้อยละ 7.50)');
    // Every school is listed; those at zero are marked.
    const schoolTable = page.locator('table.progress-table', {
      has: page.locator('caption', { hasText: admin.bySchool }),
    });
    await expect.poll(() => schoolTable.locator('tbody tr').count()).toBe(SCHOOLS.length);
    await expect.poll(() => schoolTable.locator('tbody tr.row-zero').count()).toBe(SCHOOLS.length - 1);
    await page.getByText(`ยังไม่มีผู้ตอบ ${SCHOOLS.length - 1} โรงเรียน`).waitFor();

    // Groups side by side: a column pair per group of 5 or more, and the whole selection.
    const side = page.locator('table.side-by-side');
    const heads = await side.locator('thead tr').first().locator('th').allTextContents();
    expect(heads.map((h) => h.replace(/\s*\(n = \d+\)/, ''))).toEqual([
      admin.item,
      'ครูผู้สอน',
      'ผู้ปกครอง',
      'ชุมชน / องค์กรปกครองส่วนท้องถิ่น',
      admin.overall,
    ]);
    const overallRow = side.locator('tbody tr', { hasText: admin.overall }).last();
    await expect.poll(async () => (await overallRow.locator('td').allTextContents()).length).toBe(8);
    for (const cell of await overallRow.locator('td').allTextContents()) expect(cell).toMatch(/^\d\.\d\d$/);

    // This fiscal year beside the last.
    const year = page.locator('table.year-table');
    await year.locator('caption', { hasText: 'พ.ศ. 2570 เทียบกับ พ.ศ. 2569' }).waitFor();
    const change = await year.locator('tbody tr', { hasText: admin.overall }).locator('td').last().textContent();
    expect(change).toMatch(/^[+−-]?\d\.\d\d$/);

    // The chart's quadrants are listed beside it, every numbered item in exactly one.
    const lists = page.getByRole('region', { name: admin.tables.quadrantList });
    await lists.waitFor();
    await expect.poll(() => lists.locator('li').count()).toBe(21);
    await lists.getByRole('heading', { name: new RegExp(`^${admin.ipaConcentrate} \\(\\d+\\)$`) }).waitFor();

    const dir = join(ROOT, 'test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'results-th-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: join(dir, 'results-th-360.png'), fullPage: true });
    await context.close();
  });

  it('the same tables in English, on a phone', async () => {
    // At device scale 1, so the full-page screenshots stay within what image tools open.
    const { context, page } = await signedIn(browser, server, 'khru.som', 'en-US', { deviceScaleFactor: 1 });
    await page.goto(`${server.url}/admin/s/stakeholder-satisfaction?fy=2570`);
    await page.getByRole('heading', { name: enAdmin.tables.profile }).waitFor();
    await page.getByTestId('area-progress').getByText('23 of 135 collected (17.04%)').waitFor();
    await page.getByRole('heading', { name: enAdmin.tables.byGroupHeading }).waitFor();
    await page.getByRole('region', { name: enAdmin.tables.quadrantList }).waitFor();
    const dir = join(ROOT, 'test-results');
    await page.screenshot({ path: join(dir, 'results-en-360.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.screenshot({ path: join(dir, 'results-en-1366.png'), fullPage: true });
    await context.close();
  });
});
