/**
 * Participation in real Chromium against the real server: an officer on a tablet records an
 * activity with a photo while offline, reloads the page (the service worker serves it), and when
 * the connection comes back the activity and its photo arrive at the office once; an admin
 * approves it and prints its evidence pack; an admin enters a committee with its members and
 * prints the year's committees (no contact printed). With SIANG_SHOTS=<dir>, screenshots of the
 * screens in Thai and English at 1366×900 and 360×740 (and the form at 800×1280) are saved there.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enAdmin from '../../locales/en/admin.json';
import enOfficer from '../../locales/en/officer.json';
import thAdmin from '../../locales/th/admin.json';
import thOfficer from '../../locales/th/officer.json';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext, STATE_TIMEOUT } from './browser.js';
import { waitForServiceWorker } from './respondent.js';
import { addStaff, STAFF_PASSWORD, signIn } from './supervisor.js';

const SHOTS = process.env.SIANG_SHOTS;
const SIZES = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 360, height: 740 },
  tablet: { width: 800, height: 1280 },
} as const;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** This fiscal year's plan rows: one published, one approved only. */
const rows = { published: '', approved: '' };
/** What a picker shows for them, in Thai. */
const PUBLISHED_TH = 'M1 ด้านวิชาการ · ผู้ปกครอง · แสดงความคิดเห็น (Consult)';
const APPROVED_TH = 'M1 ด้านวิชาการ · ครูผู้สอน · สร้างความร่วมมือ (Collaborate)';

/** A session cookie of a staff member, for checking what the office has through its API. */
async function apiCookie(name: string): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: STAFF_PASSWORD }),
  });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

async function api<T>(cookie: string, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(r.ok, await r.clone().text()).toBe(true);
  return (await r.json()) as T;
}

async function context(size: keyof typeof SIZES, locale: 'th-TH' | 'en-US'): Promise<BrowserContext> {
  const c = await phoneContext(browser, locale, {
    viewport: SIZES[size],
    isMobile: size !== 'desktop',
    hasTouch: size !== 'desktop',
    deviceScaleFactor: 1,
  });
  contexts.push(c);
  return c;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** A real photo: a PNG of a page drawn by Chromium. */
async function aPhoto(): Promise<Buffer> {
  const c = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const p = await c.newPage();
  await p.setContent(
    '<body style="margin:0;background:linear-gradient(135deg,#2a6,#fc3)"><h1 style="font:80px sans-serif">ประชุม</h1></body>',
  );
  const png = await p.screenshot();
  await c.close();
  return png;
}

/** The register and a plan of the current fiscal year, through the staff API. */
async function seedPlan(): Promise<void> {
  const now = new Date();
  const fy = now.getFullYear() + 543 + (now.getMonth() >= 9 ? 1 : 0);
  const start = JSON.parse(readFileSync(join(ROOT, 'src/content/plan/starting-register-2570.json'), 'utf8'));
  const cookie = await apiCookie('admin');
  await api(cookie, 'PUT', '/register/channels', { channels: start.channels });
  await api(cookie, 'PUT', `/register?fiscalYear=${fy}`, {
    missions: start.missions,
    groups: start.groups,
    matrix: [],
  });
  const row = (group: string, level: string) => ({
    mission: 'M1',
    group,
    level,
    expectation: '',
    evidence: null,
    channels: ['meeting'],
    frequency: 'per_term',
    practice: '',
    indicator: { what: 'จำนวนกิจกรรม', target: 2, unit: 'ครั้ง', source: 'activities' },
    responsibleUnit: '',
    responsiblePerson: '',
    note: '',
  });
  rows.published = (
    await api<{ id: string }>(cookie, 'POST', `/plan/rows?fiscalYear=${fy}`, row('parent', 'consult'))
  ).id;
  rows.approved = (
    await api<{ id: string }>(cookie, 'POST', `/plan/rows?fiscalYear=${fy}`, row('teacher', 'collaborate'))
  ).id;
  const approval = { by: 'นายวันศักดิ์ คำแหง', position: 'ผู้อำนวยการ', date: `${fy - 544}-10-15` };
  await api(cookie, 'POST', '/plan/approve', { fiscalYear: fy, approval });
  await api(cookie, 'POST', '/plan/publish', { fiscalYear: fy, ids: [rows.published] });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  addStaff(server, 'admin', 'admin');
  await seedPlan();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.stop();
});

interface StaffActivity {
  id: string;
  planRowId: string | null;
  title: string;
  participants: Record<string, number>;
  attachments: { id: string; type: string; takenAt: string | null }[];
  missing: unknown[];
  approval: unknown;
}

describe('participation activities', () => {
  it('an activity recorded offline on a tablet with a photo survives a reload and reaches the office once when the connection returns', async () => {
    const th = thOfficer.activity;
    const cookie = await apiCookie('admin');
    const device = await api<{ token: string }>(cookie, 'POST', '/activity-devices', { name: 'แท็บเล็ตเขต 1' });
    const tablet = await context('tablet', 'th-TH');
    const page = await tablet.newPage();
    await page.goto(`${server.url}/device/activity`);
    await waitForServiceWorker(page);
    await page.getByRole('heading', { name: th.title }).waitFor();
    // The groups come from the office once, then stay on the device.
    await page.getByLabel('ผู้ปกครอง').waitFor();
    await page.getByText(th.code.title).click();
    await page.getByLabel(th.code.label).fill(device.token);
    await page.getByRole('button', { name: th.code.save }).click();
    await expect.poll(() => page.getByText(th.code.missing).count()).toBe(0);

    // The device reads the published plan of the year (its code reads nothing) and keeps it.
    const picker = page.getByLabel(th.field.planRowId);
    await picker.getByRole('option', { name: PUBLISHED_TH }).waitFor({ state: 'attached' });
    expect(await picker.getByRole('option', { name: APPROVED_TH }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: th.field.planRowId }).count()).toBe(0);
    await tablet.setOffline(true);
    await page.reload();
    await picker.getByRole('option', { name: PUBLISHED_TH }).waitFor({ state: 'attached' });
    await picker.selectOption({ label: PUBLISHED_TH });
    await page.getByLabel(th.field.title).fill('ประชุมรับฟังความคิดเห็นผู้ปกครองเรื่องรถรับส่งนักเรียน');
    await page.getByLabel(th.field.place).fill('โรงเรียนพรหมานุสรณ์จังหวัดเพชรบุรี');
    await page.getByLabel(th.field.level).selectOption('consult');
    await page.getByLabel('ผู้ปกครอง').fill('34');
    await page.getByLabel('ครูผู้สอน').fill('12');
    await page.getByLabel(th.field.summary).fill('ผู้ปกครองเสนอให้เพิ่มจุดรับส่งนักเรียนหน้าตลาด');
    await page.getByLabel(th.field.result).fill('ที่ประชุมเห็นชอบเพิ่มจุดรับส่ง 1 จุด');
    await page.getByLabel(th.field.followUp).fill('กลุ่มนโยบายและแผนประสานเทศบาลภายในเดือนธันวาคม');
    await page.getByLabel(th.field.public).check();
    await page.getByLabel(th.field.recordedBy).fill('นางสาวศึกษา ตัวอย่าง');
    await page.locator('input[type=file][accept="image/*"]').setInputFiles({
      name: 'meeting.png',
      mimeType: 'image/png',
      buffer: await aPhoto(),
    });
    // The compressed photo shows from the device (a blob: address the page's CSP admits).
    const thumb = page.getByRole('img', { name: 'meeting.png' });
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await page.getByLabel(th.filePublic).check();
    await shot(page, 'officer-form-tablet-th');
    await page.getByRole('button', { name: th.save }).click();
    await page.getByText(th.savedOffline).waitFor();
    await page.getByRole('heading', { name: th.waitingTitle_other.replace('{{count}}', '1') }).waitFor();
    expect((await api<{ activities: unknown[] }>(cookie, 'GET', '/activities')).activities).toHaveLength(0);

    // A reload without a connection: the service worker serves the page, the activity is still there.
    const reload = await page.reload();
    expect(reload?.fromServiceWorker()).toBe(true);
    await page.getByRole('heading', { name: th.waitingTitle_other.replace('{{count}}', '1') }).waitFor();
    await shot(page, 'officer-waiting-tablet-th');

    // Counted on the whole tablet: the page or its service worker (Background Sync) may send.
    const posts: string[] = [];
    tablet.on('request', (r) => {
      if (r.method() !== 'GET' && r.url().includes('/api/v1/activities')) posts.push(`${r.method()} ${r.url()}`);
    });
    await tablet.setOffline(false);
    await page.getByRole('heading', { name: th.sentTitle_other.replace('{{count}}', '1') }).waitFor();
    await page.getByRole('heading', { name: th.waitingTitle_other.replace('{{count}}', '0') }).waitFor();
    const { activities } = await api<{ activities: StaffActivity[] }>(cookie, 'GET', '/activities');
    expect(activities).toHaveLength(1);
    const [a] = activities as [StaffActivity];
    expect(a).toMatchObject({
      participants: { parent: 34, teacher: 12 },
      planRowId: rows.published,
      missing: [],
      approval: null,
    });
    expect(a.attachments).toHaveLength(1);
    expect(a.attachments[0]?.type).toBe('image/jpeg'); // compressed on the device
    // One activity and one photo were sent, each once.
    expect(posts.filter((p) => p.startsWith('POST'))).toHaveLength(1);
    expect(posts.filter((p) => p.startsWith('PUT'))).toHaveLength(1);
    // Nothing more is sent when the page comes back.
    await page.reload();
    await page.getByRole('heading', { name: th.sentTitle_other.replace('{{count}}', '1') }).waitFor();
    expect((await api<{ activities: unknown[] }>(cookie, 'GET', '/activities')).activities).toHaveLength(1);
  });

  it('an admin approves the activity and prints its evidence pack with the dated photo', async () => {
    const strings = thAdmin.activities;
    const desk = await context('desktop', 'th-TH');
    const page = await desk.newPage();
    await signIn(page, server, 'admin', 'th-TH');
    await page.getByRole('link', { name: strings.nav }).click();
    await page.getByRole('link', { name: /ประชุมรับฟังความคิดเห็นผู้ปกครอง/ }).click();
    // The staff picker offers the whole plan of the year, with the activity's row chosen.
    const picker = page.getByLabel(strings.field.planRowId);
    await picker.getByRole('option', { name: APPROVED_TH }).waitFor({ state: 'attached' });
    expect(await picker.inputValue()).toBe(rows.published);
    await page.getByLabel(strings.position, { exact: true }).fill('ผู้อำนวยการกลุ่มนโยบายและแผน');
    await page.getByRole('button', { name: strings.approve }).click();
    await page.getByText(/อนุมัติโดย admin ตำแหน่ง ผู้อำนวยการกลุ่มนโยบายและแผน/).waitFor();
    await page.getByRole('link', { name: strings.evidence }).click();
    await page.getByRole('heading', { name: strings.evidenceTitle }).waitFor();
    const photo = page.locator('.evidence-photos img');
    await expect
      .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await page.getByText(/ถ่ายเมื่อ \d+ \S+ 25\d\d/).waitFor(); // a BE date under the photo
    await page.getByText('34', { exact: true }).waitFor();
    await page.getByText(PUBLISHED_TH).waitFor();
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'evidence-print-th');
    expect(await page.getByRole('button', { name: thAdmin.print }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    // Public now (approved and marked public), with its public photo.
    const published = (await fetch(`${server.url}/api/v1/public/activities`).then((r) => r.json())) as {
      activities: { attachments: { url: string }[] }[];
    };
    expect(published.activities).toHaveLength(1);
    const url = published.activities[0]?.attachments[0]?.url as string;
    expect((await fetch(`${server.url}${url}`)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('an admin enters a committee with its members and prints the year (no contact printed)', async () => {
    const strings = thAdmin.committees;
    const desk = await context('desktop', 'th-TH');
    const page = await desk.newPage();
    await signIn(page, server, 'admin', 'th-TH');
    await page.goto(`${server.url}/admin/committees`);
    await page.getByRole('button', { name: strings.new }).click();
    await page.getByLabel(strings.nameTh, { exact: true }).fill('คณะกรรมการติดตามการมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย');
    await page.getByLabel(strings.orderNumber, { exact: true }).fill('245/2569');
    await page.getByLabel(strings.orderDate, { exact: true }).fill('2026-10-20');
    await page.getByLabel(strings.memberName, { exact: true }).fill('นายสมชาย ใจดี');
    await page.getByLabel(strings.memberRole, { exact: true }).fill('ประธานกรรมการ');
    await page.getByLabel(strings.memberGroup, { exact: true }).selectOption('parent');
    await page.getByLabel(strings.memberOrganisation, { exact: true }).fill('เครือข่ายผู้ปกครองจังหวัดเพชรบุรี');
    await page.getByLabel(strings.memberContact, { exact: true }).fill('081-111-2222');
    await page.getByLabel(strings.orderPublished, { exact: true }).check();
    await page.getByRole('checkbox', { name: PUBLISHED_TH }).check();
    await page.getByRole('checkbox', { name: APPROVED_TH }).check();
    await shot(page, 'committee-editor-th');
    await page.getByRole('button', { name: thAdmin.save }).click();
    await page.getByRole('heading', { name: 'คณะกรรมการติดตามการมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย' }).waitFor();
    const saved = await api<{ committees: { planRowIds: string[] }[] }>(await apiCookie('admin'), 'GET', '/committees');
    expect(saved.committees[0]?.planRowIds).toEqual([rows.published, rows.approved]);
    await page.getByRole('link', { name: strings.printYear }).click();
    await page.getByRole('heading', { name: strings.printTitle }).waitFor();
    const row = page.getByRole('row', { name: /นายสมชาย ใจดี/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('ผู้ปกครอง');
    expect(await page.content()).not.toContain('081-111-2222');
    await page.getByText(/คำสั่งที่ 245\/2569 ลงวันที่ 20 ตุลาคม 2569/).waitFor();
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'committees-print-th');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The public list shows the published committee without the contact.
    const pub = await fetch(`${server.url}/api/v1/public/committees`).then((r) => r.text());
    expect(pub).toContain('นายสมชาย ใจดี');
    expect(pub).not.toContain('081-111-2222');
  });

  it('an activity saved offline is sent by the service worker on a Background Sync event, with no page of the app open', async () => {
    const th = thOfficer.activity;
    const cookie = await apiCookie('admin');
    const count = async () => (await api<{ activities: unknown[] }>(cookie, 'GET', '/activities')).activities.length;
    const before = await count();
    const device = await api<{ token: string }>(cookie, 'POST', '/activity-devices', { name: 'แท็บเล็ตเขต 2' });
    const tablet = await context('tablet', 'th-TH');
    const page = await tablet.newPage();
    await page.goto(`${server.url}/device/activity`);
    await waitForServiceWorker(page);
    await page.getByLabel('ผู้ปกครอง').waitFor();
    await page.getByText(th.code.title).click();
    await page.getByLabel(th.code.label).fill(device.token);
    await page.getByRole('button', { name: th.code.save }).click();
    await tablet.setOffline(true);
    await page.getByLabel(th.field.title).fill('ประชุมเครือข่ายผู้ปกครอง');
    await page.getByLabel('ผู้ปกครอง').fill('8');
    await page.getByLabel(th.field.recordedBy).fill('นายทดสอบ');
    await page.getByRole('button', { name: th.save }).click();
    await page.getByText(th.savedOffline).waitFor();

    const blank = await tablet.newPage(); // about:blank: no page of the app
    await page.close();
    await tablet.setOffline(false);
    const cdp = await tablet.newCDPSession(blank);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.some((r) => r.scopeURL === `${server.url}/` && !r.isDeleted)).toBe(true);
    const registration = registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted);
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: server.url,
      registrationId: registration?.registrationId as string,
      tag: 'siang-activities',
      lastChance: false,
    });
    await expect.poll(count, { timeout: STATE_TIMEOUT }).toBe(before + 1);
  });

  it.skipIf(!SHOTS)('screenshots in Thai and English', async () => {
    for (const [locale, admin, officer, lang] of [
      ['th-TH', thAdmin, thOfficer, 'th'],
      ['en-US', enAdmin, enOfficer, 'en'],
    ] as const) {
      for (const size of ['desktop', 'phone', 'tablet'] as const) {
        const c = await context(size, locale);
        const page = await c.newPage();
        await page.goto(`${server.url}/device/activity`);
        await page.getByRole('heading', { name: officer.activity.title }).waitFor();
        await page.getByLabel(lang === 'th' ? 'ผู้ปกครอง' : 'Parent or guardian').waitFor();
        await shot(page, `blank-form-${size}-${lang}`);
        await page.getByLabel(officer.activity.field.planRowId).selectOption(rows.published);
        await shot(page, `plan-picker-form-${size}-${lang}`);
        if (size === 'tablet') continue;
        await signIn(page, server, 'admin', locale);
        await page.goto(`${server.url}/admin/activities`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.locator('.card').first().waitFor();
        await shot(page, `activities-${size}-${lang}`);
        await page.locator('.card a').first().click();
        await page.getByRole('button', { name: admin.activities.approve }).waitFor();
        await page.locator('#edit-plan-row[aria-busy="false"]').waitFor();
        await shot(page, `activity-view-${size}-${lang}`);
        await page.getByRole('link', { name: admin.activities.evidence }).click();
        await page.locator('.evidence-photos img').waitFor();
        await shot(page, `evidence-${size}-${lang}`);
        await page.goto(`${server.url}/admin/committees`);
        await page.locator('.card').first().waitFor();
        await shot(page, `committees-${size}-${lang}`);
        await page.getByRole('button', { name: admin.committees.edit }).first().click();
        await page
          .getByRole('checkbox', { name: new RegExp(lang === 'th' ? 'ผู้ปกครอง' : 'Parent') })
          .first()
          .waitFor();
        await shot(page, `committee-editor-${size}-${lang}`);
        await page.goto(`${server.url}/admin/committees/print`);
        await page.getByRole('row').nth(1).waitFor();
        await shot(page, `committees-print-${size}-${lang}`);
        await page.goto(`${server.url}/admin/activities/print`);
        await page.getByRole('row').nth(1).waitFor();
        await shot(page, `activities-print-${size}-${lang}`);
      }
    }
  });
});
