/**
 * Responses as records in real Chromium against the real server: an admin lists a survey's
 * responses, opens one, excludes it with a reason, sees the results change, and undoes it; a
 * training link's response reaches the office marked as test data. Screenshots of the list and
 * one response at 360×740 and 1366×900 in Thai and English go to SHOTS (to look at).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enOfficer from '../../locales/en/officer.json';
import thOfficer from '../../locales/th/officer.json';
import type { RecordList } from '../../src/core/records.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { expectScreen, fillSurvey, openApp, publishedSurvey, tr } from './respondent.js';
import { adminStrings, addStaff, STAFF_PASSWORD, signIn, stakeholderResponse, storeResponses } from './supervisor.js';

const SHOTS = process.env.SHOTS_DIR ?? join(process.cwd(), 'test-results', 'records');

let server: RunningServer;
let browser: Browser;
const SURVEY = 'stakeholder-satisfaction';
const responses = Array.from({ length: 12 }, (_, i) =>
  stakeholderResponse(i, { group: 'teacher', school: i % 2 ? 'โรงเรียนแก่งกระจานวิทยา' : 'โรงเรียนเขาย้อยวิทยา' }),
);

beforeAll(async () => {
  server = await startServer();
  addStaff(server, 'phu.amnuay', 'admin');
  await storeResponses(server, [
    ...responses.slice(0, 6).map((r) => ({ ...r, source: 'kiosk' })),
    ...responses.slice(6, 11).map((r) => ({ ...r, source: 'link' })),
    { ...responses[11], source: 'device', training: true },
  ]);
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The admin's session cookie, for reading the records API as the screens do. */
async function adminCookie(): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'phu.amnuay', password: STAFF_PASSWORD }),
  });
  return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function shoot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

describe('responses as records', () => {
  it('an admin lists the responses, opens one, excludes it with a reason, sees the results change, and undoes it', async () => {
    const a = adminStrings('th-TH');
    const r = a.records;
    const context = await phoneContext(browser, 'th-TH');
    const page = await context.newPage();
    await signIn(page, server, 'phu.amnuay', 'th-TH');
    await page.goto(`${server.url}/admin/s/${SURVEY}`);
    await page.getByText(a.total_other.replace('{{count}}', '11')).first().waitFor();
    await page.getByRole('link', { name: r.link }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(r.title) }).waitFor();
    const rows = page.locator('table.records tbody tr');
    await expect.poll(() => rows.count()).toBe(12);
    // The training response is listed as test data.
    await page.locator('tr.record-test', { hasText: r.source.device }).getByText(r.status.test).waitFor();
    await shoot(page, 'list-th-360');

    // The newest counted response from a link.
    const row = page.locator('table.records tbody tr', { hasText: r.source.link }).first();
    await row.getByRole('link').click();
    await page.getByTestId('record-status').getByText(r.status.included).waitFor();
    await page.getByRole('button', { name: r.exclude }).click();
    await page.getByRole('button', { name: r.excludeConfirm_other.replace('{{count}}', '1') }).click();
    // No reason: the screen asks for one and changes nothing.
    await page.getByText(r.reasonMissing).waitFor();
    await page.getByLabel(r.reason).fill('ผู้ตอบคนเดิมตอบซ้ำ');
    await page.getByRole('button', { name: r.excludeConfirm_other.replace('{{count}}', '1') }).click();
    await page.getByRole('status').getByText(r.done.excluded_other.replace('{{count}}', '1')).waitFor();
    await page.getByTestId('record-status').getByText(r.status.excluded).waitFor();
    await page.getByText(r.because.replace('{{reason}}', 'ผู้ตอบคนเดิมตอบซ้ำ')).waitFor();
    await shoot(page, 'one-th-360-excluded', false);

    const results = await context.newPage();
    await results.goto(`${server.url}/admin/s/${SURVEY}`);
    await results.getByText(a.total_other.replace('{{count}}', '10')).first().waitFor();

    await page.getByRole('button', { name: r.undo }).click();
    await page.getByRole('status').getByText(r.undone).waitFor();
    await page.getByTestId('record-status').getByText(r.status.included).waitFor();
    await results.reload();
    await results.getByText(a.total_other.replace('{{count}}', '11')).first().waitFor();
    await context.close();
  });

  it('the screens at 360×740 and 1366×900, in Thai and English', async () => {
    for (const locale of ['th-TH', 'en-US'] as const) {
      const r = adminStrings(locale).records;
      for (const viewport of [
        { width: 360, height: 740 },
        { width: 1366, height: 900 },
      ]) {
        const context = await phoneContext(browser, locale, {
          viewport,
          isMobile: viewport.width < 400,
          hasTouch: viewport.width < 400,
        });
        const page = await context.newPage();
        await signIn(page, server, 'phu.amnuay', locale);
        await page.goto(`${server.url}/admin/s/${SURVEY}/responses`);
        const rows = page.locator('table.records tbody tr');
        await expect.poll(() => rows.count()).toBe(12);
        await rows.nth(0).getByRole('checkbox').check();
        await rows.nth(1).getByRole('checkbox').check();
        await page.getByText(r.chosen_other.replace('{{count}}', '2')).waitFor();
        const tag = `${locale.slice(0, 2)}-${viewport.width}`;
        await shoot(page, `list-chosen-${tag}`);
        await rows.nth(2).getByRole('link').click();
        await page.getByTestId('record-status').waitFor();
        await shoot(page, `one-${tag}`, false);
        await context.close();
      }
    }
  });

  it('a kiosk set to training shows its notice on every screen, and its response reaches the office as test data', async () => {
    const survey = await publishedSurvey(server.url, 'complaint');
    const t = tr('th');
    const { context, page } = await openApp(browser, server.url, 'th-TH');
    await page.goto(`${server.url}/kiosk`);
    await page.getByLabel(t('kiosk.setup.survey'), { exact: true }).selectOption('complaint');
    await page.getByLabel(thOfficer.training.option).check();
    await page.getByText(thOfficer.training.kioskHint).scrollIntoViewIfNeeded();
    await shoot(page, 'kiosk-setup-training-th-360', false);
    await page.getByLabel(t('kiosk.setup.pin'), { exact: true }).fill('9753');
    await page.getByLabel(t('kiosk.setup.pinAgain')).fill('9753');
    await page.getByRole('button', { name: t('kiosk.setup.start') }).click();
    await expectScreen(page, survey.privacy.title.th);
    await page.getByTestId('training-notice').waitFor();
    await shoot(page, 'training-kiosk-th-360', false);
    await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
    await expectScreen(page, survey.sections[0]?.title.th ?? '');
    await page.getByTestId('training-notice').waitFor();
    await fillSurvey(page, survey, 'th', { variant: 2 });
    await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
    await expectScreen(page, t('complaintThanks.title'));
    const cookie = await adminCookie();
    const fromKiosk = async () => {
      const reply = await fetch(`${server.url}/api/v1/surveys/complaint/records?status=test&source=kiosk`, {
        headers: { cookie },
      });
      return ((await reply.json()) as RecordList).items;
    };
    await expect.poll(fromKiosk, { timeout: 30_000 }).toHaveLength(1);
    expect((await fromKiosk())[0]).toMatchObject({ exclusion: 'test', exclusionReason: 'training' });
    await context.close();
  });

  it('the link maker and the device screen offer training mode, in Thai and English', async () => {
    for (const [locale, strings] of [
      ['th-TH', thOfficer],
      ['en-US', enOfficer],
    ] as const) {
      const { context, page } = await openApp(browser, server.url, locale);
      const tag = locale.slice(0, 2);
      await page.goto(`${server.url}/links`);
      await page.getByLabel(strings.training.option).check();
      await expect.poll(() => page.locator('#links-url').inputValue()).toMatch(/[?&]training=1$/);
      await page.getByTestId('qr-card').getByText(strings.training.title).waitFor();
      await shoot(page, `links-training-${tag}-360`);
      await page.goto(`${server.url}/device`);
      await page.getByText(strings.training.deviceOff).waitFor();
      await page.getByRole('button', { name: strings.training.deviceStart }).click();
      await page.getByTestId('device-training').getByText(strings.training.deviceOn).waitFor();
      await page.getByTestId('device-training').scrollIntoViewIfNeeded();
      await shoot(page, `device-training-${tag}-360`, false);
      // A survey started from the device's own list now carries the notice.
      await page.goto(`${server.url}/s/complaint`);
      await page.getByTestId('training-notice').waitFor();
      await context.close();
    }
  });

  it('a training link shows its notice, and its response reaches the office marked as test data', async () => {
    const survey = await publishedSurvey(server.url, 'complaint');
    const context = await phoneContext(browser, 'th-TH');
    const page = await context.newPage();
    await page.goto(`${server.url}/s/complaint?training=1`);
    const notice = page.getByTestId('training-notice');
    await notice.getByText(thOfficer.training.title).waitFor();
    await shoot(page, 'training-link-th-360');
    await page.getByRole('button', { name: tr('th')('privacy.accept'), exact: true }).click();
    await expectScreen(page, survey.sections[0]?.title.th ?? '');
    await notice.waitFor();
    await fillSurvey(page, survey, 'th');
    await page.getByRole('button', { name: tr('th')('review.submit'), exact: true }).click();
    await expectScreen(page, tr('th')('complaintThanks.title'));
    const cookie = await adminCookie();
    const arrived = async () => {
      const reply = await fetch(`${server.url}/api/v1/surveys/complaint/records?status=test&source=link`, {
        headers: { cookie },
      });
      return ((await reply.json()) as RecordList).items;
    };
    await expect.poll(arrived, { timeout: 30_000 }).toHaveLength(1);
    expect((await arrived())[0]).toMatchObject({ source: 'link', exclusion: 'test', exclusionReason: 'training' });
    await context.close();

    // In English too, for the screenshot.
    const en = await phoneContext(browser, 'en-US');
    const enPage = await en.newPage();
    await enPage.goto(`${server.url}/s/complaint?training=1`);
    await enPage.getByTestId('training-notice').getByText(enOfficer.training.title).waitFor();
    await shoot(enPage, 'training-link-en-360');
    await en.close();
  });
});
