/**
 * The complaints case tracker in real Chromium against the real server: complaints arrive through
 * the submissions API; an admin adds a reply template, opens a case (the nav's "new" badge goes
 * down), sets its type, unit and person, due date, writes a public reply from the template and an
 * internal note, and answers it; the history lists each change; the year's statistics count it and
 * download as XLSX and CSV. A supervisor limited to one school sees only that school's cases.
 * Screenshots of the list, one case and the statistics at 1366×900 and 360×740 in Thai and English
 * go to SHOTS (to look at).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/core/complaint-cases.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext, STATE_TIMEOUT } from './browser.js';
import { fillDate } from './respondent.js';
import { adminStrings, addStaff, complaintResponse, STAFF_PASSWORD, signIn, storeResponses } from './supervisor.js';

const SHOTS = process.env.SHOTS_DIR ?? join(process.cwd(), 'test-results', 'complaints-cases');

const SCHOOL_X = 'โรงเรียนแก่งกระจานวิทยา';
const SCHOOL_Y = 'โรงเรียนเขาย้อยวิทยา';
const mine = complaintResponse({
  category: 'service_complaint',
  topic: 'ไฟหน้าโรงเรียนดับ',
  description: 'ไฟส่องสว่างหน้าโรงเรียนดับมาหนึ่งสัปดาห์',
  concerns: 'school',
  school: SCHOOL_X,
  wants_reply: 'yes',
  contact_name: 'สมใจ ใจดี',
  reply_channel: 'phone',
  contact_phone: '0812345678',
});
const other = complaintResponse({ topic: 'ห้องน้ำชำรุด', concerns: 'school', school: SCHOOL_Y });
const office = complaintResponse({ category: 'compliment', topic: 'ขอบคุณเจ้าหน้าที่' });

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'phu.amnuay', 'admin');
  // A supervisor limited to school X.
  const add = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/siang.js'), 'user', 'add', 'malee', '--role', 'supervisor', '--schools', SCHOOL_X],
    { input: `${STAFF_PASSWORD}\n`, env: { ...process.env, DATA_DIR: server.dataDir }, encoding: 'utf8' },
  );
  expect(add.status, add.stderr).toBe(0);
  await storeResponses(server, [
    { ...mine, completedAt: '2026-11-10T03:05:00.000Z' },
    { ...other, completedAt: '2026-11-11T03:05:00.000Z' },
    { ...office, completedAt: '2026-11-12T03:05:00.000Z' },
  ]);
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A laptop-sized context. */
async function laptop(locale: 'th-TH' | 'en-US'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale, acceptDownloads: true });
  context.setDefaultTimeout(STATE_TIMEOUT);
  return context;
}

/** The admin's session cookie, to read the API as the screens do. */
async function adminCookie(): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'phu.amnuay', password: STAFF_PASSWORD }),
  });
  return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const badge = (page: Page) => page.getByTestId('cases-badge');

describe('the complaints case tracker', () => {
  it('an admin handles a case from a template to answered; the history, the badge and the statistics follow', async () => {
    const a = adminStrings('th-TH');
    const c = a.cases;
    const context = await laptop('th-TH');
    const page = await context.newPage();
    await signIn(page, server, 'phu.amnuay', 'th-TH');
    // Three cases nobody has opened.
    await expect.poll(() => badge(page).textContent()).toContain('3');

    // A reply template, added on its own screen.
    await page.goto(`${server.url}/admin/complaints/templates`);
    await page.getByRole('heading', { level: 1, name: c.templatesTitle }).waitFor();
    await page.getByLabel(c.templateTitle, { exact: true }).fill('รับเรื่องและส่งต่อแล้ว');
    await page.getByLabel(c.templateBody, { exact: true }).fill('สำนักงานได้รับเรื่องของท่านและส่งต่อให้โรงเรียนดำเนินการแล้ว');
    await page.getByRole('button', { name: c.saveTemplate }).click();
    await page.locator('.templates-list li', { hasText: 'รับเรื่องและส่งต่อแล้ว' }).waitFor();

    // The list: three cases, each new and overdue-free or not, the newest first.
    await page.getByRole('link', { name: c.title, exact: true }).first().click();
    const rows = page.locator('table.cases-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const row = rows.filter({ hasText: 'ไฟหน้าโรงเรียนดับ' });
    await row.getByText(c.type.complaint).waitFor();
    await row.getByText(a.status.new).waitFor();
    await row.getByText(c.unassigned).waitFor();

    // Opening the case takes it off the badge.
    await row.getByRole('link', { name: 'ไฟหน้าโรงเรียนดับ' }).click();
    await page.getByRole('heading', { level: 1, name: 'ไฟหน้าโรงเรียนดับ' }).waitFor();
    await page.getByText('0812345678').waitFor();
    await expect.poll(() => badge(page).textContent()).toContain('2');

    await page.getByLabel(c.typeLabel).selectOption('misconduct');
    await page.getByLabel(c.unitLabel).fill('กลุ่มส่งเสริมการจัดการศึกษา');
    await page.getByLabel(c.personLabel).selectOption('phu.amnuay');
    await fillDate(page.getByRole('group', { name: c.dueLabel }), '2026-12-18', 'th');
    await page.getByLabel(c.template).selectOption({ label: 'รับเรื่องและส่งต่อแล้ว' });
    await page.getByRole('button', { name: c.insertTemplate }).click();
    const reply = page.getByLabel(c.publicReply);
    await expect.poll(() => reply.inputValue()).toContain('ส่งต่อให้โรงเรียนดำเนินการแล้ว');
    await reply.press('End');
    await reply.pressSequentially(' โรงเรียนจะซ่อมไฟภายในสัปดาห์นี้');
    await page.getByLabel(c.note).fill('โทรประสานผู้อำนวยการโรงเรียนแล้ว');
    await page.getByLabel(a.statusLabel).selectOption('answered');
    await page.getByRole('button', { name: c.save }).click();
    await page.getByRole('status').filter({ hasText: a.saved }).waitFor();
    await page.getByTestId('case-status').getByText(a.status.answered).waitFor();

    // The history names who changed what.
    const history = page.getByTestId('case-history').locator('li');
    await expect.poll(() => history.count()).toBe(6);
    const lines = await history.allTextContents();
    expect(lines.every((l) => l.includes('phu.amnuay'))).toBe(true);
    const text = lines.join('\n');
    for (const part of [
      `${a.status.new} → ${a.status.answered}`,
      `${c.type.complaint} → ${c.type.misconduct}`,
      'กลุ่มส่งเสริมการจัดการศึกษา · phu.amnuay',
      '18 ธันวาคม 2569',
      c.event.public_reply,
      c.event.note,
    ])
      expect(text).toContain(part);
    expect(text).not.toContain('โทรประสาน');
    await page.screenshot({ path: join(SHOTS, 'flow-case-th-1366.png'), fullPage: true });

    // The events, as /track reads them.
    const cookie = await adminCookie();
    const events = (
      (await (await fetch(`${server.url}/api/v1/complaints/${mine.id}/history`, { headers: { cookie } })).json()) as {
        events: CaseEvent[];
      }
    ).events;
    expect(events.filter((e) => e.kind === 'status').map((e) => e.status)).toEqual(['answered']);
    expect(events.find((e) => e.kind === 'public_reply')?.details.to).toBe(
      'สำนักงานได้รับเรื่องของท่านและส่งต่อให้โรงเรียนดำเนินการแล้ว โรงเรียนจะซ่อมไฟภายในสัปดาห์นี้',
    );

    // The list shows the handling.
    await page.getByRole('link', { name: c.back }).click();
    const handled = page.locator('table.cases-table tbody tr', { hasText: 'ไฟหน้าโรงเรียนดับ' });
    await handled.getByText(c.type.misconduct).waitFor();
    await handled.getByText(a.status.answered).waitFor();
    await handled.getByText('18 ธันวาคม 2569').waitFor();
    await page.getByLabel(c.typeLabel).selectOption('misconduct');
    await expect.poll(() => page.locator('table.cases-table tbody tr').count()).toBe(1);

    // The year's statistics count it, and download.
    await page.getByRole('link', { name: c.navStats }).click();
    const summary = page.getByTestId('stats-summary');
    await summary
      .getByRole('row', { name: new RegExp(c.statsTotal) })
      .getByText('3')
      .waitFor();
    await summary
      .getByRole('row', { name: new RegExp(c.statsClosed.replace(/[()]/g, '.')) })
      .getByText('1')
      .waitFor();
    await page
      .getByRole('table', { name: c.byType })
      .getByRole('row', { name: new RegExp(c.type.misconduct) })
      .getByText('1', { exact: true })
      .waitFor();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByText(c.exportXlsx).click()]);
    expect(xlsx.suggestedFilename()).toBe('complaint-stats-2570.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await xlsx.path()) as string) as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.worksheets[0]?.eachRow((r) => r.eachCell((cell) => void cells.push(String(cell.value))));
    expect(cells).toContain('หัวข้อ');
    expect(cells).toContain('กลุ่มส่งเสริมการจัดการศึกษา');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByText(c.exportCsv).click()]);
    expect(csv.suggestedFilename()).toBe('complaint-stats-2570.csv');
    expect(readFileSync((await csv.path()) as string, 'utf8')).toContain('ผลการดำเนินการ,ดำเนินการแล้วเสร็จ');
    await context.close();
  });

  it("a supervisor limited to one school sees only that school's cases", async () => {
    const a = adminStrings('th-TH');
    const context = await phoneContext(browser, 'th-TH');
    const page = await context.newPage();
    await signIn(page, server, 'malee', 'th-TH');
    await page.goto(`${server.url}/admin/complaints`);
    const rows = page.locator('table.cases-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('ไฟหน้าโรงเรียนดับ')]);
    await page.goto(`${server.url}/admin/complaints/${other.id}`);
    await page.getByRole('alert').getByText(a.cases.notFound).waitFor();
    await page.goto(`${server.url}/admin/complaints/stats`);
    await page
      .getByTestId('stats-summary')
      .getByRole('row', { name: new RegExp(a.cases.statsTotal) })
      .getByText('1')
      .waitFor();
    await context.close();
  });

  it('screens at 1366×900 and 360×740, in Thai and English', async () => {
    // A case received in October, not answered: overdue on the list.
    await storeResponses(server, [
      { ...complaintResponse({ topic: 'ขอสำเนาคำสั่งแต่งตั้ง' }), completedAt: '2026-10-20T03:05:00.000Z' },
    ]);
    for (const locale of ['th-TH', 'en-US'] as const) {
      const c = adminStrings(locale).cases;
      const lang = locale === 'th-TH' ? 'th' : 'en';
      for (const [size, open] of [
        ['1366', () => laptop(locale)],
        ['360', () => phoneContext(browser, locale)],
      ] as const) {
        const context = await open();
        const page = await context.newPage();
        await signIn(page, server, 'phu.amnuay', locale);
        await page.goto(`${server.url}/admin/complaints`);
        await page.locator('table.cases-table tbody tr.case-overdue').waitFor();
        await page.screenshot({ path: join(SHOTS, `list-${lang}-${size}.png`), fullPage: true });
        await page.goto(`${server.url}/admin/complaints/${mine.id}`);
        await page.getByTestId('case-history').waitFor();
        await page.getByText('0812345678').waitFor();
        await page.screenshot({ path: join(SHOTS, `case-${lang}-${size}.png`), fullPage: true });
        await page.goto(`${server.url}/admin/complaints/stats`);
        await page.getByRole('table', { name: c.byType }).waitFor();
        await page.screenshot({ path: join(SHOTS, `stats-${lang}-${size}.png`), fullPage: true });
        await context.close();
      }
    }
  });
});
