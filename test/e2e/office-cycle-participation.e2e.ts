/**
 * Issue 12's whole cycle, as people live it, in real Chromium against the real server on
 * PostgreSQL when the machine has it (the per-feature files run on the embedded database): a
 * parent sends a complaint from a phone while offline and reads its number at once; back online
 * it reaches the office; an admin answers it in the case tracker with a public reply and an
 * internal note; the parent follows it on /track and reads the status, its date and the reply,
 * never the note. With this year's responses giving an item a negative gap, the admin turns the
 * finding into an action, updates its progress from the exported XLSX (edited with exceljs, as
 * Excel would) and publishes it: /p shows it. The annual report then has its four parts from the
 * data (the complaint counted, the action with its progress), prints on A4 pages, and its DOCX
 * names the action. API calls only seed and check. Screenshots go to SHOTS_DIR (or
 * /work/wt/_shots/i12-g-cycle/) to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import thLater from '../../locales/th/later.json';
import thPublic from '../../locales/th/public.json';
import type { ComplaintStats } from '../../src/core/complaint-cases.js';
import { formatDateTime } from '../../src/core/format.js';
import { OFFICE_TIME_ZONE } from '../../src/core/working-days.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { sendComplaint } from './complaint.js';
import { apiSession, fill, staffPage } from './office-cycle.js';
import { expectScreen, readDevice, tr, waitForServiceWorker } from './respondent.js';
import { downloadActionsXlsx, editXlsx } from './spreadsheets.js';
import { addStaff, adminStrings, stakeholderResponse, storeResponses } from './supervisor.js';

const SHOTS = process.env.SHOTS_DIR ?? '/work/wt/_shots/i12-g-cycle';
const ADMIN = 'phu.amnuay';
/** Today (December 2026) and the seeded responses (November 2026) are in fiscal year 2570. */
const FY = 2570;
const TOPIC = 'ไฟทางเดินหน้าโรงเรียนดับ';
const REPLY = 'สำนักงานได้ประสานโรงเรียนซ่อมไฟทางเดินเรียบร้อยแล้ว ขอบคุณที่แจ้งเรื่อง';
const NOTE = 'โทรประสานภารโรงแล้ว ห้ามเผยแพร่';
const ITEM = 'สำนักงานเขตพื้นที่การศึกษาเผยแพร่ข้อมูลข่าวสาร ประกาศ และผลการดำเนินงานที่ถูกต้อง ครบถ้วน และเป็นปัจจุบัน';
const ACTION = 'ประกาศผลการดำเนินงานบนเว็บไซต์ทุกเดือน';
const OWNER = 'กลุ่มอำนวยการ';
const REPORT = `/admin/s/stakeholder-satisfaction/report?fy=${FY}`;

let server: RunningServer;
let browser: Browser;
let postgres: TestPostgres | undefined;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  postgres = postgresAvailable() ? await startPostgres() : undefined;
  [server, browser] = await Promise.all([
    startServer(postgres ? { env: { DATABASE_URL: postgres.url } } : {}),
    launchChromium(),
  ]);
  addStaff(server, ADMIN, 'admin', postgres?.url);
  // Eight parents expect 5 of the first item and rate it 2: a gap of −3, this year's largest.
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
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.stop();
});

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

describe(`issue 12's cycle on ${postgresAvailable() ? 'PostgreSQL' : 'the embedded database'}`, () => {
  it('a complaint sent offline is answered and followed on /track; a gap becomes an action updated from Excel; the annual report has it all', async () => {
    const t = tr('th');
    const a = adminStrings('th-TH');
    const c = a.cases;
    const ar = a.annualReport;
    const get = await apiSession(server, ADMIN);

    // 1. A parent on a phone, offline, sends a complaint and has its number at once.
    // A phone in Thailand: the dates it shows are Bangkok's, whatever the machine's zone.
    const phone = await phoneContext(browser, 'th-TH', { timezoneId: OFFICE_TIME_ZONE });
    const parent = await phone.newPage();
    const errors: Error[] = [];
    parent.on('pageerror', (e) => errors.push(e));
    await parent.goto(server.url);
    await waitForServiceWorker(parent);
    await expectScreen(parent, t('list.title'));
    await phone.setOffline(true);
    await sendComplaint(parent, { topic: TOPIC, description: 'ไฟทางเดินหน้าอาคารเรียนดับมาสามวัน มืดมากตอนเย็น' }, 0);
    const number = (await parent.getByTestId('receipt-code').textContent())?.trim() ?? '';
    expect(number).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    await parent.getByText(thLater.complaintThanks.willSendOffline, { exact: true }).waitFor();
    const id = new URL(parent.url()).searchParams.get('r') ?? '';
    expect((await readDevice(parent)).responses.find((r) => r.id === id)?.receiptCode).toBe(number.replace('-', ''));
    await shot(parent, '1-complaint-thanks-offline-th-360');

    // Back online, it reaches the office.
    await phone.setOffline(false);
    await parent
      .getByTestId('response-state')
      .getByText(thLater.complaintThanks.sent.split('{{')[0] ?? '')
      .waitFor();
    await expect
      .poll(async () => (await get<{ items: { id: string }[] }>('/api/v1/complaints')).items.map((i) => i.id))
      .toContain(id);

    // 2. The admin answers it in the case tracker: status, a public reply and an internal note.
    const { context: desk, page: admin } = await staffPage(browser, server, ADMIN, 'th-TH');
    await admin.goto(`${server.url}/admin/complaints`);
    const row = admin.locator('table.cases-table tbody tr', { hasText: TOPIC });
    await row.getByText(a.status.new).waitFor();
    await row.getByRole('link', { name: TOPIC }).click();
    await admin.getByRole('heading', { level: 1, name: TOPIC }).waitFor();
    await admin.getByLabel(c.publicReply).fill(REPLY);
    await admin.getByLabel(c.note).fill(NOTE);
    await admin.getByLabel(a.statusLabel).selectOption('answered');
    await admin.getByRole('button', { name: c.save }).click();
    await admin.getByRole('status').filter({ hasText: a.saved }).waitFor();
    await admin.getByTestId('case-status').getByText(a.status.answered).waitFor();
    await shot(admin, '2-case-answered-th-1366');

    // 3. The parent types the number on /track: the status, its date and the reply; not the note.
    await parent.goto(`${server.url}/track`);
    await expectScreen(parent, thPublic.track.title);
    await parent.getByLabel(thPublic.track.label, { exact: true }).fill(number);
    await parent.getByRole('button', { name: thPublic.track.submit, exact: true }).click();
    await parent.getByTestId('track-status').getByText(thPublic.track.states.answered, { exact: true }).waitFor();
    const tracked = await get<{ history: { at: string; status: string }[]; reply: { text: string; at: string } }>(
      `/api/v1/complaints/track/${number}`,
    );
    const answered = tracked.history.find((h) => h.status === 'answered');
    expect(answered).toBeDefined();
    await parent
      .getByRole('listitem')
      .filter({ hasText: thPublic.track.states.answered })
      .filter({ hasText: formatDateTime(answered?.at ?? '', 'th', OFFICE_TIME_ZONE) })
      .waitFor();
    await parent.getByText(REPLY, { exact: true }).waitFor();
    await parent
      .getByText(fill(thPublic.track.replyAt, { when: formatDateTime(tracked.reply.at, 'th', OFFICE_TIME_ZONE) }))
      .waitFor();
    expect(await parent.getByText('ภารโรง').count()).toBe(0);
    expect(await parent.locator('body').textContent()).not.toContain(ADMIN);
    await shot(parent, '3-track-answered-th-360');
    expect(errors).toEqual([]);
    await phone.close();

    // 4. The gap becomes an action, updated from Excel and published.
    await admin.getByRole('link', { name: a.actions.nav }).click();
    await admin.getByRole('heading', { level: 1, name: fill(a.actions.title, { year: FY }) }).waitFor();
    const gaps = admin.getByRole('table', { name: new RegExp(a.actions.kind.gap.replace(/[()]/g, '.')) });
    const finding = gaps.getByRole('row').filter({ hasText: ITEM });
    await finding.getByText('ผลต่าง -3.00').waitFor();
    await finding.getByRole('button', { name: new RegExp(a.actions.createFrom) }).click();
    const editor = admin.getByRole('form', { name: a.actions.newTitle });
    await editor.getByLabel(a.actions.actionTitle).fill(ACTION);
    await editor.getByLabel(a.actions.owner).fill(OWNER);
    await editor.getByLabel(a.actions.startsOn).fill('2026-12-01');
    await editor.getByLabel(a.actions.endsOn).fill('2027-03-31');
    await editor.getByRole('button', { name: a.actions.save }).click();
    await admin.getByRole('status').filter({ hasText: a.actions.saved }).waitFor();
    const card = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: ACTION }) });
    await card.getByText(fill(a.actions.progressText, { percent: 0 })).waitFor();
    await finding.getByText(ACTION).waitFor();

    const file = await downloadActionsXlsx(admin, join(SHOTS, `actions-${FY}.xlsx`));
    const edited = await editXlsx(file, join(SHOTS, `actions-${FY}-progress.xlsx`), (cell) => {
      cell(2, 'status').value = 'in_progress';
      cell(2, 'progress').value = 45;
    });
    await admin.locator('input[type=file]').setInputFiles(edited);
    await admin
      .getByText(a.actions.imported.replace('{{name}}', `actions-${FY}-progress.xlsx`).replace(/\{\{\w+\}\}/g, '1'))
      .waitFor();
    await card.getByText(a.actions.statuses.in_progress).waitFor();
    await card.getByText(fill(a.actions.progressText, { percent: 45 })).waitFor();
    await card.getByRole('button', { name: fill(a.actions.publishLabel, { title: ACTION }) }).click();
    await card.getByText(a.actions.publicYes).waitFor();
    await shot(admin, '4-actions-th-1366');

    const reader = await browser.newPage({ locale: 'th-TH' });
    await reader.goto(`${server.url}/p/${FY}`);
    const published = reader
      .locator('section')
      .filter({ has: reader.getByRole('heading', { level: 2, name: thPublic.actions.heading }) })
      .getByRole('article')
      .filter({ hasText: ACTION });
    await published.getByText(fill(thPublic.actions.progress, { percent: 45 })).waitFor();
    expect(await published.textContent()).toContain(ITEM);
    await published.screenshot({ path: join(SHOTS, '4-public-action-th.png') });
    await reader.close();

    // 5. The annual report: four parts from the data, the complaint counted, the action with its progress.
    const stats = await get<ComplaintStats>(`/api/v1/complaints/stats?fiscalYear=${FY}`);
    expect(stats.total).toBe(1);
    await admin.goto(`${server.url}${REPORT}`);
    const frame = admin.frameLocator('iframe.report-frame');
    const part = (n: number) => frame.locator(`section[data-part="${n}"]`);
    await part(4).waitFor();
    await part(1).locator('table[data-table="channels"]').waitFor();
    await expect.poll(() => part(2).locator('table[data-table="profile-group"] tbody tr').count()).toBeGreaterThan(0);
    await expect.poll(() => part(3).locator('table[data-table="items"] tbody tr').count()).toBeGreaterThan(20);
    await expect
      .poll(() => part(3).textContent())
      .toContain(fill(ar.complaintsLead, { total: 1, closed: stats.closed }));
    await part(3)
      .locator('table[data-table="complaints"]')
      .getByRole('row', { name: new RegExp(`^${ar.type_complaint}\\s*1\\b`) })
      .waitFor();
    const actionRow = part(4).locator('table[data-table="actions"] tbody tr').filter({ hasText: ACTION });
    await actionRow.getByText(`${ar.action_in_progress} (45%)`).waitFor();
    await expect.poll(() => admin.getByRole('button', { name: ar.print }).isEnabled()).toBe(true);
    await shot(admin, '5-report-th-1366', false);
    await part(3)
      .locator('table[data-table="complaints"]')
      .screenshot({ path: join(SHOTS, '5-report-complaints-th.png') });
    await part(4).screenshot({ path: join(SHOTS, '5-report-part4-th.png') });

    // Printed: A4 pages.
    const doc = await desk.newPage();
    await doc.goto(`${server.url}/api/v1/surveys/stakeholder-satisfaction/report?fiscalYear=${FY}&format=html&lang=th`);
    await doc.emulateMedia({ media: 'print' });
    await doc.evaluate(() => document.fonts.ready.then(() => true));
    const pdf = join(SHOTS, 'annual-report.pdf');
    await doc.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(2);
    const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const heading of [ar.part1, ar.part2, ar.part3, ar.part4])
      expect(printed).toContain(heading.replace(/\s+/g, ''));
    // The action's title wraps inside its narrow column on paper: read it from the printed page.
    await doc.locator('section[data-part="4"] table[data-table="actions"]').getByText(ACTION).waitFor();
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', pdf, join(SHOTS, '5-report-print-th')]);
    await doc.close();

    // The DOCX downloads and names the action.
    const download = admin.waitForEvent('download');
    await admin.getByRole('link', { name: ar.downloadDocx }).click();
    const docx = join(SHOTS, 'annual-report.docx');
    await (await download).saveAs(docx);
    const xml = (await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')?.async('string')) ?? '';
    const words = xml.replace(/<[^>]+>/g, '');
    for (const text of [ar.part1, ar.part2, ar.part3, ar.part4, ACTION, `${ar.action_in_progress} (45%)`])
      expect(words).toContain(text);
    expect(xml).toContain('w:w="11906" w:h="16838"');
    await desk.close();
  });
});
