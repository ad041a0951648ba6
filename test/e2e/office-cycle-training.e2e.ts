/**
 * Training day and test data, as the office lives it, in real Chromium against the real server
 * (issue 10, "Done when"): an officer makes a training link; a response made through it reaches
 * the office marked as test and the results do not count it; an admin then excludes a real
 * response with a reason, the figures change, and the undo brings them back. Screenshots of the
 * key screens in Thai and English at 360 and 1366 px go to SHOTS (to look at). Runs on PostgreSQL
 * when the machine has it (office-cycle.e2e.ts runs on the embedded database).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import thOfficer from '../../locales/th/officer.json';
import type { RecordList } from '../../src/core/records.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { apiSession, fill, LAPTOP, type Locale, overflow, PHONE, shoot, staffPage, totalText } from './office-cycle.js';
import { expectScreen, fillSurvey, openApp, publishedSurvey, STAKEHOLDER, tr } from './respondent.js';
import { adminStrings, STAFF_PASSWORD, stakeholderResponse, storeResponses } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
let postgres: TestPostgres | undefined;
const ADMIN = 'phu.amnuay';
const REAL = 6;

beforeAll(async () => {
  // The other office-cycle file runs on the embedded database; this one on PostgreSQL where the
  // machine has it, so the flows are walked on both.
  postgres = postgresAvailable() ? await startPostgres() : undefined;
  [server, browser] = await Promise.all([
    startServer(postgres ? { env: { DATABASE_URL: postgres.url } } : {}),
    launchChromium(),
  ]);
  // The `siang` command reaches the same database as the server (DATABASE_URL, as in production).
  const add = spawnSync(process.execPath, [join(ROOT, 'bin/siang.js'), 'user', 'add', ADMIN, '--role', 'admin'], {
    input: `${STAFF_PASSWORD}\n`,
    env: { ...process.env, DATA_DIR: server.dataDir, ...(postgres ? { DATABASE_URL: postgres.url } : {}) },
    encoding: 'utf8',
  });
  expect(add.status, add.stderr).toBe(0);
  // Six real responses (the results show from five) already synced from the schools' kiosks.
  await storeResponses(
    server,
    Array.from({ length: REAL }, (_, i) => ({
      ...stakeholderResponse(i, { group: 'parent', school: 'โรงเรียนเขาย้อยวิทยา' }),
      source: 'kiosk',
    })),
  );
});

afterAll(async () => {
  if (overflow.length) console.log(`wider than the phone:\n${overflow.join('\n')}`);
  await browser?.close();
  await server?.stop();
  await postgres?.stop();
});

describe('a training day, then a response set apart and put back', () => {
  it('a training link’s response arrives as test and is not counted; an excluded response leaves the figures until undone', async () => {
    const survey = await publishedSurvey(server.url, STAKEHOLDER);
    const t = tr('th');

    // The officer makes a training link on the office phone.
    const officer = await openApp(browser, server.url, 'th-TH');
    await officer.page.goto(`${server.url}/links`);
    await officer.page.getByLabel(t('links.survey'), { exact: true }).selectOption(STAKEHOLDER);
    await officer.page.getByLabel(thOfficer.training.option).check();
    const url = officer.page.locator('#links-url');
    await expect.poll(() => url.inputValue()).toMatch(/[?&]training=1$/);
    const link = await url.inputValue();
    expect(link).toContain(STAKEHOLDER);
    await shoot(officer.page, '3-training-link', 'th-TH');
    await officer.context.close();

    // A trainee opens it on a phone and answers the whole survey.
    const trainee = await phoneContext(browser, 'th-TH');
    const page = await trainee.newPage();
    await page.goto(link);
    await page.getByTestId('training-notice').getByText(thOfficer.training.title).waitFor();
    await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
    await expectScreen(page, survey.sections[0]?.title.th ?? '');
    await fillSurvey(page, survey, 'th', { variant: 1 });
    await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
    await expectScreen(page, t('thanks.title'));
    const trainingId = new URL(page.url()).searchParams.get('r');

    // It reaches the office marked as test data.
    const get = await apiSession(server, ADMIN);
    const records = () => get<RecordList>(`/api/v1/surveys/${STAKEHOLDER}/records`);
    await expect.poll(async () => (await records()).items.length).toBe(REAL + 1);
    expect((await records()).items.find((r) => r.id === trainingId)).toMatchObject({
      source: 'link',
      exclusion: 'test',
      exclusionReason: 'training',
    });
    await trainee.close();

    // The results count only the real ones.
    const a = adminStrings('th-TH');
    const r = a.records;
    const { context, page: admin } = await staffPage(browser, server, ADMIN, 'th-TH');
    const results = await context.newPage();
    await results.goto(`${server.url}/admin/s/${STAKEHOLDER}`);
    await results.getByText(totalText('th-TH', REAL)).first().waitFor();
    await shoot(results, '3-results-training-not-counted', 'th-TH');

    // The records list shows the training response as test data.
    await results.getByRole('link', { name: r.link }).click();
    await results.getByRole('heading', { level: 1, name: new RegExp(r.title) }).waitFor();
    const rows = results.locator('table.records tbody tr');
    await expect.poll(() => rows.count()).toBe(REAL + 1);
    await results.locator('tr.record-test').getByText(r.status.test).waitFor();
    await shoot(results, '3-records-with-test', 'th-TH');

    // An admin excludes a real response with a reason.
    await admin.goto(`${server.url}/admin/s/${STAKEHOLDER}/responses`);
    const real = admin.locator('table.records tbody tr', { hasText: r.source.kiosk }).first();
    await real.getByRole('link').click();
    await admin.getByTestId('record-status').getByText(r.status.included).waitFor();
    await admin.getByRole('button', { name: r.exclude }).click();
    await admin.getByLabel(r.reason).fill('ผู้ปกครองคนเดิมตอบซ้ำ');
    await admin.getByRole('button', { name: fill(r.excludeConfirm_other, { count: 1 }) }).click();
    await admin
      .getByRole('status')
      .getByText(fill(r.done.excluded_other, { count: 1 }))
      .waitFor();
    await admin.getByText(fill(r.because, { reason: 'ผู้ปกครองคนเดิมตอบซ้ำ' })).waitFor();
    await shoot(admin, '3-record-excluded', 'th-TH');
    await results.goto(`${server.url}/admin/s/${STAKEHOLDER}`);
    await results
      .getByText(totalText('th-TH', REAL - 1))
      .first()
      .waitFor();

    // Undone: the figures are back.
    await admin.getByRole('button', { name: r.undo }).click();
    await admin.getByRole('status').getByText(r.undone).waitFor();
    await admin.getByTestId('record-status').getByText(r.status.included).waitFor();
    await results.reload();
    await results.getByText(totalText('th-TH', REAL)).first().waitFor();
    expect((await records()).items.filter((x) => x.exclusion === null)).toHaveLength(REAL);
    await context.close();
  });

  it('the records screens at 360 and 1366 px, in Thai and English', async () => {
    for (const locale of ['th-TH', 'en-US'] as Locale[]) {
      const r = adminStrings(locale).records;
      for (const size of [PHONE, LAPTOP]) {
        const { context, page } = await staffPage(browser, server, ADMIN, locale, size);
        await page.goto(`${server.url}/admin/s/${STAKEHOLDER}/responses`);
        const rows = page.locator('table.records tbody tr');
        await expect.poll(() => rows.count()).toBe(REAL + 1);
        await shoot(page, 'y-records', locale);
        await page.locator('tr.record-test').getByRole('link').click();
        await page.getByTestId('record-status').getByText(r.status.test).waitFor();
        await shoot(page, 'y-record-test', locale);
        await page.goto(`${server.url}/admin/s/${STAKEHOLDER}`);
        await page.getByText(totalText(locale, REAL)).first().waitFor();
        await shoot(page, 'y-results', locale);
        await context.close();
      }
    }
  });
});
