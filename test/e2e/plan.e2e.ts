/**
 * The register and the plan in real Chromium against the real server: an admin builds this
 * year's register from the starting list, links a mission to a group, adds a plan row whose
 * evidence and indicator are last year's survey figures, approves it with a name, position and
 * date, publishes it (the public route then shows it), prints the plan on A4 landscape with the
 * approver's name, and takes the plan round through an Excel file. Screenshots at 1366×900 and
 * 360×740 in Thai and English go to test-results/plan/ (and SHOTS_DIR when set) to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, STATE_TIMEOUT } from './browser.js';
import { addStaff, adminStrings, fillSignIn, stakeholderResponse, storeResponses } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
const FY = 2570;
const SHOTS = process.env.SHOTS_DIR ?? join(ROOT, 'test-results', 'plan');
const PRACTICE = 'ประชุมผู้ปกครองภาคเรียนละครั้ง และรับฟังข้อเสนอผ่านเว็บไซต์';
const APPROVER = 'นายวันศักดิ์ คำแหง';

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'phu.amnuay', 'admin');
  addStaff(server, 'khru.som', 'supervisor');
  // Last fiscal year's survey (2569): the evidence and the starting point of the indicator.
  await storeResponses(
    server,
    Array.from({ length: 8 }, (_, i) => ({
      ...stakeholderResponse(i, { group: 'parent', school: 'โรงเรียนแก่งกระจานวิทยา' }),
      startedAt: '2025-11-20T03:00:00.000Z',
      completedAt: `2025-11-${10 + i}T03:05:00.000Z`,
      privacyAcceptedAt: '2025-11-20T03:00:10.000Z',
    })),
  );
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe's WCAG 2.1 A/AA serious and critical violations and its heading rules, readable. */
async function axeProblems(page: Page, screen: string): Promise<string[]> {
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
  const wcag = await run({ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
  const headings = await run({ type: 'rule', values: ['heading-order', 'page-has-heading-one', 'empty-heading'] });
  return [
    ...wcag.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    ...headings.violations,
  ].map(
    (v) =>
      `${screen}: ${v.id} ${v.help} ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 4)
        .join(', ')}`,
  );
}

/** A desktop-sized page signed in as `name` in a language. */
async function desk(name: string, locale: 'th-TH' | 'en-US' = 'th-TH'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale, acceptDownloads: true });
  context.setDefaultTimeout(STATE_TIMEOUT);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  await fillSignIn(page, name, locale);
  return page;
}

describe('the register and the participation plan', () => {
  const th = adminStrings('th-TH');

  it('an admin builds the register, adds a plan row, approves and publishes it, and prints it', async () => {
    const page = await desk('phu.amnuay');
    await page.getByRole('link', { name: th.plan.nav }).click();
    await page.getByText(th.plan.noRegister).waitFor();
    await page
      .getByRole('link', { name: th.register.title.replace('{{year}}', String(FY)) })
      .first()
      .click();
    // An empty register: the survey's groups are flagged as missing from it.
    await page.locator('.banner-warning').filter({ hasText: 'stakeholder-satisfaction' }).waitFor();
    await page.getByRole('button', { name: th.register.startingList }).click();
    await page.getByRole('checkbox', { name: th.register.concerns.replace('{{pair}}', 'M1 × ผู้ปกครอง') }).check();
    await page
      .getByLabel(th.register.reasonOf.replace('{{pair}}', 'M1 × ผู้ปกครอง'))
      .fill('ผู้ปกครองได้รับผลจากงานวิชาการโดยตรง');
    await page.getByRole('button', { name: th.register.saveChannels }).click();
    await page.getByRole('status').filter({ hasText: th.saved }).waitFor();
    await page.getByRole('button', { name: th.register.save }).click();
    await page.getByRole('status').filter({ hasText: th.saved }).waitFor();
    // The survey offers the register's groups: no mismatch is flagged.
    await page.getByRole('table', { name: th.register.mapTable }).waitFor();
    await expect.poll(() => page.locator('.banner-warning').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'register-th-1366.png'), fullPage: true });

    await page.goto(`${server.url}/admin/plan?fy=${FY}`);
    await page.getByRole('button', { name: th.plan.addRow }).click();
    await page.getByLabel(th.register.mission, { exact: true }).selectOption('M1');
    await page.getByLabel(th.register.group, { exact: true }).selectOption('parent');
    await page.getByLabel(th.plan.level, { exact: true }).selectOption('consult');
    await page.getByLabel(th.plan.expectation, { exact: true }).fill('อยากรู้ข่าวสารของโรงเรียนเร็วขึ้น');
    const evidence = page.getByLabel(th.plan.evidence, { exact: true });
    // Last year's dimension with its x̄ and gap, picked, not typed.
    await expect.poll(() => evidence.locator('option').count()).toBeGreaterThan(5);
    await evidence.selectOption(`stakeholder-satisfaction/${FY - 1}/dimension/inform`);
    await page.getByRole('checkbox', { name: 'เว็บไซต์ของสำนักงาน' }).check();
    await page.getByRole('checkbox', { name: 'การประชุม อบรม หรือกิจกรรมที่สำนักงานจัด' }).check();
    await page.getByLabel(th.plan.frequency, { exact: true }).selectOption('per_term');
    await page.getByLabel(th.plan.practice, { exact: true }).fill(PRACTICE);
    await page.getByLabel(th.plan.indicatorWhat, { exact: true }).fill('ความพึงพอใจด้านการให้ข้อมูลข่าวสาร');
    await page.getByLabel(th.plan.indicatorTarget, { exact: true }).fill('3.5');
    await page.getByLabel(th.plan.indicatorUnit, { exact: true }).fill('x̄');
    await page
      .getByLabel(th.plan.indicatorSource, { exact: true })
      .selectOption('survey:stakeholder-satisfaction/dimension/inform/satisfaction');
    await page.getByLabel(th.plan.responsibleUnit, { exact: true }).fill('กลุ่มส่งเสริมการจัดการศึกษา');
    await page.getByLabel(th.plan.responsiblePerson, { exact: true }).fill('นางสาวสมศรี ใจดี');
    await page.getByLabel(th.plan.note, { exact: true }).fill('บันทึกภายใน');
    await page.getByRole('button', { name: th.plan.saveRow }).click();
    const table = page.getByRole('table', { name: th.plan.tableCaption.replace('{{year}}', String(FY)) });
    await table.getByText(PRACTICE).waitFor();
    await table.getByText(th.plan.state_draft).waitFor();

    await page.getByLabel(th.plan.approvedBy, { exact: true }).fill(APPROVER);
    await page.getByLabel(th.plan.approvedPosition, { exact: true }).fill('ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา');
    await page.getByLabel(th.plan.approvedOn, { exact: true }).fill('2026-10-15');
    await page.getByText('15 ตุลาคม 2569').waitFor();
    await page.getByRole('button', { name: th.plan.approve.replace('{{count}}', '1') }).click();
    await table.getByText(th.plan.state_approved).waitFor();
    const pub = await fetch(`${server.url}/api/v1/public/plan?fiscalYear=${FY}`);
    expect((await pub.json()).rows).toEqual([]);
    await page.getByRole('button', { name: th.plan.publish.replace('{{count}}', '1') }).click();
    await table.getByText(th.plan.state_published).waitFor();
    const published = await (await fetch(`${server.url}/api/v1/public/plan?fiscalYear=${FY}`)).text();
    expect(published).toContain(PRACTICE);
    expect(published).not.toContain('นางสาวสมศรี');
    expect(published).not.toContain('บันทึกภายใน');
    await page.screenshot({ path: join(SHOTS, 'plan-th-1366.png'), fullPage: true });

    await page.getByRole('link', { name: th.plan.print }).click();
    await page.getByRole('heading', { name: th.plan.printTitle }).waitFor();
    await page.getByText(`(${APPROVER})`).waitFor();
    await page.emulateMedia({ media: 'print' });
    const pdf = join(SHOTS, 'plan.pdf');
    await page.pdf({ path: pdf, printBackground: true, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? [];
    expect(Number(w)).toBeGreaterThan(Number(h)); // A4 landscape
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const s of [th.plan.printTitle, APPROVER, '15ตุลาคม2569', '2570', 'ให้ข้อมูลข่าวสาร', '1/1'])
      expect(text).toContain(s.replace(/\s+/g, ''));
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', pdf, join(SHOTS, 'plan-print')]);
    await page.context().close();
  });

  it('the plan goes out as an Excel file and comes back the same through the screen', async () => {
    const page = await desk('phu.amnuay');
    await page.goto(`${server.url}/admin/plan?fy=${FY}`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: th.plan.exportXlsx }).click();
    const file = join(SHOTS, `plan-${FY}.xlsx`);
    await (await download).saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    // A change after the download: the row goes back to draft with another practice.
    await page.getByRole('button', { name: /^แก้ไขแถว/ }).click();
    await page.getByText(th.plan.editResets).waitFor();
    await page.screenshot({ path: join(SHOTS, 'plan-editor-th-1366.png'), fullPage: true });
    await page.getByLabel(th.plan.practice, { exact: true }).fill('เปลี่ยนแล้ว');
    await page.getByRole('button', { name: th.plan.saveRow }).click();
    const table = page.getByRole('table', { name: th.plan.tableCaption.replace('{{year}}', String(FY)) });
    await table.getByText('เปลี่ยนแล้ว').waitFor();

    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText(th.plan.imported.replace('{{name}}', `plan-${FY}.xlsx`)).waitFor();
    await table.getByText(PRACTICE).waitFor();
    await table.getByText(th.plan.state_published).waitFor();
    await page.context().close();
  });

  it('a supervisor reads the plan with nothing to change, in Thai and English, on a phone and a desk', async () => {
    for (const locale of ['th-TH', 'en-US'] as const) {
      const strings = adminStrings(locale);
      const lang = locale === 'th-TH' ? 'th' : 'en';
      for (const [width, height] of [
        [1366, 900],
        [360, 740],
      ] as const) {
        const context = await browser.newContext({ viewport: { width, height }, locale });
        context.setDefaultTimeout(STATE_TIMEOUT);
        const page = await context.newPage();
        await page.goto(`${server.url}/admin`);
        await fillSignIn(page, 'khru.som', locale);
        await page.goto(`${server.url}/admin/plan?fy=${FY}`);
        await page.getByText(PRACTICE).waitFor();
        expect(await page.getByRole('button', { name: strings.plan.addRow }).count()).toBe(0);
        expect(await page.getByLabel(strings.plan.approvedBy).count()).toBe(0);
        await page.screenshot({ path: join(SHOTS, `plan-${lang}-${width}.png`), fullPage: true });
        await page.goto(`${server.url}/admin/register?fy=${FY}`);
        await page.getByRole('table', { name: strings.register.mapTable }).waitFor();
        await page.screenshot({ path: join(SHOTS, `register-${lang}-${width}.png`), fullPage: true });
        await context.close();
      }
    }
  });

  it('the register, the plan with its editor and both printed versions pass axe on a phone, in Thai and English', async () => {
    const found: string[] = [];
    for (const locale of ['th-TH', 'en-US'] as const) {
      const strings = adminStrings(locale);
      // axe is injected as a script of its own, which the app's Content-Security-Policy forbids.
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale, bypassCSP: true });
      context.setDefaultTimeout(STATE_TIMEOUT);
      const page = await context.newPage();
      await page.goto(`${server.url}/admin`);
      await fillSignIn(page, 'phu.amnuay', locale);
      await page.goto(`${server.url}/admin/register?fy=${FY}`);
      await page.getByRole('table', { name: strings.register.mapTable }).waitFor();
      found.push(...(await axeProblems(page, `${locale} register`)));
      await page.goto(`${server.url}/admin/plan?fy=${FY}`);
      await page.getByRole('button', { name: strings.plan.addRow }).click();
      await page.getByRole('heading', { name: strings.plan.addRow }).waitFor();
      found.push(...(await axeProblems(page, `${locale} plan with the row editor`)));
      await page.goto(`${server.url}/admin/plan/print?fy=${FY}`);
      await page.getByRole('heading', { name: strings.plan.printTitle }).waitFor();
      found.push(...(await axeProblems(page, `${locale} printed plan`)));
      await page.goto(`${server.url}/admin/register/print?fy=${FY}`);
      await page.getByRole('heading', { name: strings.register.printTitle }).waitFor();
      found.push(...(await axeProblems(page, `${locale} printed register`)));
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
