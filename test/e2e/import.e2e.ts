/**
 * A supervisor imports backup files in real Chromium against the real server: a plain file, an
 * encrypted one (a wrong passphrase first), each imported twice (nothing new the second time),
 * and a damaged file. Phone-size screenshots in Thai and English go to test-results/screens/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enAdmin from '../../locales/en/admin.json';
import admin from '../../locales/th/admin.json';
import { writeBackup } from '../../src/core/backup.js';
import { newId } from '../../src/core/ids.js';
import type { CompletedResponse } from '../../src/core/response.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';

let server: RunningServer;
let browser: Browser;
let files: string;
const PASSWORD = 'a-long-password-1';
const PASSPHRASE = 'ครูสมศรี โรงเรียนแก่งกระจาน';
const SCREENS = join(ROOT, 'test-results', 'screens');

function stakeholder(over: Partial<CompletedResponse> = {}): CompletedResponse {
  const pairs = Object.fromEntries(
    [
      ...[1, 2, 3, 4].flatMap((n) => ['inform', 'consult', 'involve', 'collaborate'].map((d) => `${d}_${n}`)),
      ...[1, 2, 3, 4, 5].map((n) => `service_${n}`),
    ].map((id) => [id, { expectation: 5, satisfaction: 4 }]),
  );
  return {
    id: newId(),
    surveyId: 'stakeholder-satisfaction',
    surveyVersion: 1,
    answers: { group: 'community', gender: 'female', age: '31_40', contact_channels: ['website'], ...pairs },
    startedAt: '2026-11-20T03:00:00.000Z',
    completedAt: '2026-11-20T03:05:00.000Z',
    locale: 'th',
    appVersion: '0.1.0',
    privacyVersion: '2567-1',
    privacyAcceptedAt: '2026-11-20T03:00:10.000Z',
    ...over,
  };
}

/** A backup written to a file, as an officer's device saves it. */
async function backupFile(name: string, responses: CompletedResponse[], passphrase?: string): Promise<string> {
  const path = join(files, name);
  writeFileSync(path, await writeBackup(responses, { appVersion: '0.1.0', ...(passphrase ? { passphrase } : {}) }));
  return path;
}

function responsesOnServer(): number {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/siang.js'), 'responses', 'count'], {
    env: { ...process.env, DATA_DIR: server.dataDir },
    encoding: 'utf8',
  });
  return Number(run.stdout.trim().split('\n').pop());
}

beforeAll(async () => {
  server = await startServer();
  files = mkdtempSync(join(tmpdir(), 'siang-e2e-import-'));
  mkdirSync(SCREENS, { recursive: true });
  const add = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/siang.js'), 'user', 'add', 'khru.som', '--role', 'supervisor'],
    { input: `${PASSWORD}\n`, env: { ...process.env, DATA_DIR: server.dataDir }, encoding: 'utf8' },
  );
  expect(add.status, add.stderr).toBe(0);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(files, { recursive: true, force: true });
});

/** Signs in on a phone and opens the import screen from the staff menu. */
async function importScreen(locale: 'th-TH' | 'en-US' = 'th-TH') {
  const strings = locale === 'th-TH' ? admin : enAdmin;
  const context = await phoneContext(browser, locale);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  await page.getByLabel(strings.name).fill('khru.som');
  await page.getByLabel(strings.password).fill(PASSWORD);
  await page.getByRole('button', { name: strings.signIn }).click();
  await page.getByRole('heading', { name: strings.homeTitle }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: strings.import }).click();
  await page.getByRole('heading', { name: strings.importTitle }).waitFor();
  return { context, page };
}

/** The import screen's own live regions (the app's status bar is a status too). */
const own = (page: Page, role: 'status' | 'alert') =>
  page.getByRole('region', { name: new RegExp(`^(${admin.importTitle}|${enAdmin.importTitle})$`) }).getByRole(role);

/** The summary's lines once an import has finished. */
async function summary(page: Page, done: string): Promise<string[]> {
  const status = own(page, 'status');
  await status.getByRole('heading', { name: done }).waitFor();
  return status.locator('.import-counts > li').allInnerTexts();
}

const line = (text: string, count: number) => text.replace('{{count}}', String(count));

describe('importing backup files', () => {
  it('the home page and the staff menu both lead to the import screen', async () => {
    const { context, page } = await importScreen();
    await page.getByRole('navigation').getByRole('link', { name: admin.home }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: admin.importCardTitle }) });
    await card.waitFor();
    await page.screenshot({ path: join(SCREENS, 'import-th-home.png'), fullPage: true });
    await card.getByRole('link', { name: admin.import }).click();
    await page.getByRole('heading', { name: admin.importTitle }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/import');
    await context.close();
  });

  it('a plain file is stored, refusals are explained, and the same file again adds nothing', async () => {
    const path = await backupFile('siang-backup-2026-11-30-1405.json', [
      stakeholder(),
      stakeholder(),
      stakeholder(),
      stakeholder({ surveyId: 'old-survey' }),
    ]);
    const before = responsesOnServer();
    const { context, page } = await importScreen();

    await page.getByLabel(admin.importFile).setInputFiles(path);
    expect(await page.getByLabel(admin.importPassphrase).count()).toBe(0);
    await page.getByRole('button', { name: admin.importButton }).click();

    expect(await summary(page, admin.importDone)).toEqual([
      line(admin.importTotal_other, 4),
      line(admin.importStored_other, 3),
      line(admin.importDuplicate_other, 0),
      line(admin.importRejected_other, 1),
    ]);
    await page.getByText(admin.importReason.unknown_survey).waitFor();
    expect(responsesOnServer()).toBe(before + 3);
    await page.screenshot({ path: join(SCREENS, 'import-th-result.png'), fullPage: true });

    await page.getByRole('button', { name: admin.importButton }).click();
    await expect
      .poll(() => own(page, 'status').locator('.import-counts > li').allInnerTexts())
      .toEqual([
        line(admin.importTotal_other, 4),
        line(admin.importStored_other, 0),
        line(admin.importDuplicate_other, 3),
        line(admin.importRejected_other, 1),
      ]);
    expect(responsesOnServer()).toBe(before + 3);
    await context.close();
  });

  it('an encrypted file asks for its passphrase; a wrong one says so and imports nothing', async () => {
    const path = await backupFile(
      'siang-backup-2026-11-30-1410.siang-enc.json',
      [stakeholder(), stakeholder()],
      PASSPHRASE,
    );
    const before = responsesOnServer();
    const { context, page } = await importScreen();

    await page.getByLabel(admin.importFile).setInputFiles(path);
    const passphrase = page.getByLabel(admin.importPassphrase);
    await passphrase.waitFor();
    await passphrase.fill('ครูสมชาย');
    await page.getByRole('button', { name: admin.importButton }).click();

    await expect.poll(() => own(page, 'alert').textContent()).toBe(admin.importError.wrong_passphrase);
    expect(responsesOnServer()).toBe(before);
    await page.screenshot({ path: join(SCREENS, 'import-th-wrong-passphrase.png'), fullPage: true });

    await passphrase.fill(PASSPHRASE);
    await page.getByRole('button', { name: admin.importButton }).click();
    expect(await summary(page, admin.importDone)).toContain(line(admin.importStored_other, 2));
    expect(await own(page, 'alert').textContent()).toBe('');
    expect(responsesOnServer()).toBe(before + 2);

    await page.getByRole('button', { name: admin.importButton }).click();
    await expect
      .poll(() => own(page, 'status').locator('.import-counts > li').allInnerTexts())
      .toContain(line(admin.importDuplicate_other, 2));
    expect(responsesOnServer()).toBe(before + 2);
    await context.close();
  });

  it('a damaged file is refused whole with a clear message', async () => {
    const path = join(files, 'edited.json');
    const text = await writeBackup([stakeholder(), stakeholder()], { appVersion: '0.1.0' });
    writeFileSync(path, text.replace('"satisfaction":4', '"satisfaction":5'));
    const before = responsesOnServer();
    const { context, page } = await importScreen();

    await page.getByLabel(admin.importFile).setInputFiles(path);
    await page.getByRole('button', { name: admin.importButton }).click();

    await expect.poll(() => own(page, 'alert').textContent()).toBe(admin.importError.damaged);
    expect(await own(page, 'status').textContent()).toBe('');
    expect(responsesOnServer()).toBe(before);
    await context.close();
  });

  it('in English too: the passphrase, the error and the summary', async () => {
    const path = await backupFile(
      'siang-backup-2026-11-30-1420.siang-enc.json',
      [stakeholder(), stakeholder({ surveyVersion: 9 })],
      PASSPHRASE,
    );
    const { context, page } = await importScreen('en-US');
    const strings = enAdmin;

    await page.getByLabel(strings.importFile).setInputFiles(path);
    await page.getByLabel(strings.importPassphrase).fill('wrong');
    await page.getByRole('button', { name: strings.importButton }).click();
    await expect.poll(() => own(page, 'alert').textContent()).toBe(strings.importError.wrong_passphrase);
    await page.screenshot({ path: join(SCREENS, 'import-en-wrong-passphrase.png'), fullPage: true });

    await page.getByLabel(strings.importPassphrase).fill(PASSPHRASE);
    await page.getByRole('button', { name: strings.importButton }).click();
    expect(await summary(page, enAdmin.importDone)).toEqual([
      line(strings.importTotal_other, 2),
      line(strings.importStored_one, 1),
      line(strings.importDuplicate_other, 0),
      line(strings.importRejected_one, 1),
    ]);
    await page.screenshot({ path: join(SCREENS, 'import-en-result.png'), fullPage: true });
    await context.close();
  });
});
