/**
 * The annual participation report (ITA o25) in real Chromium against the real server: an
 * administrator sets who signs it and uploads the office's emblem; a supervisor opens the report
 * and finds every one of the four parts filled from the data (responses, an approved activity,
 * complaints, an improvement action with its milestones), prints it on A4 pages with page
 * numbers, and downloads the DOCX. Pictures of each screen and printed page are written to
 * test-results/annual-report-*.png to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { openPglite } from '../../src/server/db/database.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, STATE_TIMEOUT } from './browser.js';
import {
  addStaff,
  adminStrings,
  complaintResponse,
  fillSignIn,
  stakeholderResponse,
  storeResponses,
} from './supervisor.js';

let server: RunningServer;
let browser: Browser;
const SHOTS = join(ROOT, 'test-results');
const SUGGESTION = 'ขอให้แจ้งข่าวสารผ่านไลน์กลุ่มผู้ปกครอง';
const ACTION = 'จัดทำช่องทางข่าวสารผ่านไลน์ของสำนักงาน';
const ACTIVITY = 'เวทีรับฟังความคิดเห็นผู้ปกครองและชุมชน';
const REPORT = '/admin/s/stakeholder-satisfaction/report?fy=2570';
/** A 2 × 1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGNgYGD4z8DAwMAAAA4AAf8Ax2sAAAAASUVORK5CYII=',
  'base64',
);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const first = await startServer();
  addStaff(first, 'khru.som', 'supervisor');
  addStaff(first, 'phu.amnuay', 'admin');
  await storeResponses(first, [
    ...Array.from({ length: 12 }, (_, i) =>
      stakeholderResponse(i, { group: i % 2 ? 'community' : 'agency', suggestions: i < 4 ? SUGGESTION : '' }),
    ),
    complaintResponse(),
  ]);
  await first.stop();
  // What other screens record (an approved activity, an improvement action, a complaint's
  // handling), written straight to the database while the server is stopped.
  const db = await openPglite(first.dataDir);
  const action = newId();
  await db.query(
    `INSERT INTO activities (id, fiscal_year, held_on, title, place, level, groups, participants, recorded_by,
       recorded_at, sent_by, content_hash, approved_by, approved_position, approved_at)
     VALUES ($1::uuid, 2570, '2026-12-10', $2, 'หอประชุมสำนักงาน', 'consult', '{parent}', '{"parent": 41}', 'ครู',
       now(), 'admin', 'h', 'ผอ.', 'ผู้อำนวยการ', now())`,
    [newId(), ACTIVITY],
  );
  await db.query(
    `INSERT INTO improvement_actions (id, fiscal_year, title, description, owner, starts_on, ends_on, status, progress,
       created_by, updated_by)
     VALUES ($1::uuid, 2570, $2, 'ส่งข่าวสารทุกสัปดาห์', 'กลุ่มอำนวยการ', '2027-01-01', '2027-06-30', 'in_progress', 60,
       'admin', 'admin')`,
    [action, ACTION],
  );
  await db.query(
    `INSERT INTO action_milestones (id, action_id, position, title, due_on) VALUES ($1::uuid, $2::uuid, 1, 'เปิดกลุ่มไลน์', '2027-02-01')`,
    [newId(), action],
  );
  await db.query(
    `INSERT INTO action_findings (action_id, finding_key, finding) VALUES ($1::uuid, 'topic:stakeholder-satisfaction:line', '{"label": "ข้อเสนอเรื่องไลน์ 4 คน"}')`,
    [action],
  );
  await db.query("UPDATE responses SET source = 'link' WHERE survey_id = 'stakeholder-satisfaction'");
  await db.close();
  server = await startServer({ dataDir: first.dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page signed in as `name`, laptop-sized unless said. */
async function signedIn(name: string, locale: 'th-TH' | 'en-US' = 'th-TH', width = 1366): Promise<Page> {
  const context = await browser.newContext({
    viewport: width === 1366 ? { width: 1366, height: 900 } : { width: 360, height: 740 },
    locale,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(STATE_TIMEOUT);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  await fillSignIn(page, name, locale);
  return page;
}

describe('the annual participation report', () => {
  const th = adminStrings('th-TH');
  const ar = th.annualReport;

  it('an administrator sets who signs the report and uploads the emblem', async () => {
    const page = await signedIn('phu.amnuay');
    await page.goto(`${server.url}/admin/office`);
    await page.getByLabel(ar.reporterName).fill('นางสาวสมใจ รายงานดี');
    await page.getByLabel(ar.reporterPosition).fill('นักวิเคราะห์นโยบายและแผนชำนาญการ');
    await page.getByLabel(ar.directorName).fill('นายสมชาย ใจดี');
    await page.getByLabel(ar.directorPosition).fill('ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษาเพชรบุรี');
    await page.getByRole('button', { name: th.save, exact: true }).click();
    await page.getByText(th.saved, { exact: true }).waitFor();
    await page.locator('input[type=file][accept^="image/png"]').setInputFiles({
      name: 'emblem.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.getByText(ar.emblemSaved).waitFor();
    await page.getByRole('img', { name: ar.emblemAlt }).waitFor();
    // The seeded ITA item of the year is there to check.
    await expect.poll(() => page.getByLabel(ar.itaCode).first().inputValue()).toBe('o25');
    await page.screenshot({ path: join(SHOTS, 'annual-report-settings-th-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: join(SHOTS, 'annual-report-settings-th-360.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText(adminStrings('en-US').annualReport.signatureTitle).waitFor();
    await page.screenshot({ path: join(SHOTS, 'annual-report-settings-en-360.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.screenshot({ path: join(SHOTS, 'annual-report-settings-en-1366.png'), fullPage: true });
    await page.getByRole('button', { name: 'ไทย' }).click();
    await page.getByText(ar.signatureTitle).waitFor();
    // The old free text of part 4 is now an addendum after the actions.
    await page.goto(`${server.url}${REPORT}`);
    await page.getByText(ar.addendum).click();
    await page.getByLabel(th.usageLabel).fill('จะติดตามผลทุกไตรมาส');
    await page.getByRole('button', { name: th.saveUsage, exact: true }).click();
    await page.getByRole('status').filter({ hasText: th.saved }).waitFor();
    await page.context().close();
  });

  it('a supervisor opens the report: every part has data, it prints on A4 pages with numbers, and the DOCX downloads', async () => {
    const page = await signedIn('khru.som');
    await page.goto(`${server.url}${REPORT}`);
    const frame = page.frameLocator('iframe.report-frame');
    await frame.locator('section[data-part="4"]').waitFor();
    const part = (n: number) => frame.locator(`section[data-part="${n}"]`);
    await part(1).locator('table[data-table="channels"]').waitFor();
    await expect.poll(() => part(1).textContent()).toContain(ar.bandA);
    await expect.poll(() => part(2).locator('table[data-table="profile-group"] tbody tr').count()).toBeGreaterThan(2);
    await expect.poll(() => part(2).textContent()).toContain(ACTIVITY);
    await expect.poll(() => part(3).locator('table[data-table="items"] tbody tr').count()).toBeGreaterThan(20);
    await part(3).locator('figure[data-chart="ipa"] svg').waitFor();
    await expect.poll(() => part(3).textContent()).toContain(SUGGESTION);
    await expect.poll(() => part(4).textContent()).toContain(ACTION);
    await expect.poll(() => part(4).textContent()).toContain('นายสมชาย ใจดี');
    await expect.poll(() => part(4).textContent()).toContain('จะติดตามผลทุกไตรมาส');
    await frame.locator('header.cover img').waitFor();
    await expect.poll(() => page.getByRole('button', { name: ar.print }).isEnabled()).toBe(true);
    await expect.poll(() => frame.locator('header.cover').textContent()).toContain('o25');
    await page.screenshot({ path: join(SHOTS, 'annual-report-screen-th-1366.png'), fullPage: true });

    // Printed: the document alone, A4 pages numbered in the margin.
    const doc = await page.context().newPage();
    await doc.goto(`${server.url}/api/v1/surveys/stakeholder-satisfaction/report?fiscalYear=2570&format=html&lang=th`);
    await doc.emulateMedia({ media: 'print' });
    await doc.evaluate(() => document.fonts.ready.then(() => true));
    const pdf = join(SHOTS, 'annual-report.pdf');
    await doc.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(2);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(`2 / ${pages}`);
    for (const heading of [ar.part1, ar.part2, ar.part3, ar.part4])
      expect(text.replace(/\s+/g, '')).toContain(heading.replace(/\s+/g, ''));
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '3', pdf, join(SHOTS, 'annual-report-print-th')]);

    // The editable Word file.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: ar.downloadDocx }).click();
    const file = join(SHOTS, 'annual-report.docx');
    await (await download).saveAs(file);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const words = xml.replace(/<[^>]+>/g, '');
    for (const heading of [ar.part1, ar.part2, ar.part3, ar.part4, ACTION, ACTIVITY]) expect(words).toContain(heading);
    expect(xml).toContain('w:w="11906" w:h="16838"');
    await page.context().close();
  });

  it.each([
    ['th-TH', 1366],
    ['th-TH', 360],
    ['en-US', 1366],
    ['en-US', 360],
  ] as const)('the report screen reads in %s at %i px', async (locale, width) => {
    const page = await signedIn('khru.som', locale, width);
    await page.goto(`${server.url}${REPORT}`);
    const frame = page.frameLocator('iframe.report-frame');
    await frame.locator('section[data-part="4"]').waitFor();
    await expect.poll(() => frame.locator('h2').first().textContent()).toBe(adminStrings(locale).annualReport.part1);
    await expect
      .poll(() => page.getByRole('button', { name: adminStrings(locale).annualReport.print }).isEnabled())
      .toBe(true);
    // No sideways scrolling of the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    const tag = `${locale.slice(0, 2)}-${width}`;
    await page.screenshot({ path: join(SHOTS, `annual-report-screen-${tag}.png`), fullPage: true });
    // The document on its own, as opened from the screen's link, and (laptop) printed.
    const lang = locale.slice(0, 2);
    await page.goto(
      `${server.url}/api/v1/surveys/stakeholder-satisfaction/report?fiscalYear=2570&format=html&lang=${lang}`,
    );
    await page.locator('section[data-part="4"]').waitFor();
    await page.screenshot({ path: join(SHOTS, `annual-report-html-${tag}.png`) });
    if (width === 1366) {
      await page.emulateMedia({ media: 'print' });
      const pdf = join(SHOTS, `annual-report-${lang}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      execFileSync('pdftoppm', [
        '-r',
        '60',
        '-png',
        '-f',
        '1',
        '-l',
        '6',
        pdf,
        join(SHOTS, `annual-report-print-${lang}`),
      ]);
    }
    await page.context().close();
  });
});
