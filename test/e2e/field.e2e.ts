/**
 * In the field, in real Chromium on a phone-sized screen: an officer locks a tablet in kiosk
 * mode (presets, PIN, the next person after the thank-you, an idle response set aside, today's
 * count), makes a survey link with a QR code that a parent opens and then answers offline, and
 * the device screen tells how storage stands, including when it is full.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readBackup } from '../../src/core/backup.js';
import type { LookupQuestion, SingleChoiceQuestion, SurveyDefinition } from '../../src/core/survey.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import {
  expectScreen,
  fillSurvey,
  openApp,
  publishedSurvey,
  questionName,
  readDevice,
  STAKEHOLDER,
  sidewaysOverflow,
  tr,
  waitForServiceWorker,
} from './respondent.js';

let server: RunningServer;
let browser: Browser;
let survey: SurveyDefinition;
let complaint: SurveyDefinition;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  [survey, complaint] = await Promise.all([
    publishedSurvey(server.url, STAKEHOLDER),
    publishedSurvey(server.url, 'complaint'),
  ]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function question<T>(s: SurveyDefinition, id: string): T {
  const q = s.sections.flatMap((x) => x.questions).find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q as T;
}

/** A school of the area's list and the parents' group: the presets of these tests. */
function presets() {
  const group = question<SingleChoiceQuestion>(survey, 'group');
  const school = question<LookupQuestion>(survey, 'school');
  const parent = group.options.find((o) => o.value === 'parent');
  const item = survey.lists?.[school.list]?.[3];
  if (!parent || !item) throw new Error('the stakeholder survey has no parent group or no schools');
  return { group, school, parent, item };
}

async function open(locale: 'th-TH' | 'en-US' = 'th-TH'): Promise<Page> {
  const app = await openApp(browser, server.url, locale);
  contexts.push(app.context);
  return app.page;
}

/** Chooses a school in a lookup field by typing part of its name. */
async function pickSchool(page: Page, name: string, schoolLabel: string): Promise<void> {
  const t = tr('th');
  const field = page.locator('fieldset', { has: page.getByText(schoolLabel, { exact: true }) });
  await field
    .getByLabel(t('question.searchSchools', { count: survey.lists?.schools?.length ?? 0 }))
    .fill(name.replace(/^โรงเรียน/, ''));
  // A school's entry reads its name, then its district.
  await field.getByRole('radio', { name: new RegExp(`^${name}`) }).check();
}

describe('kiosk mode', () => {
  it('locks the tablet to one survey with presets, starts the next person after thanks, sets an idle response aside, and only the PIN unlocks it', async () => {
    const t = tr('th');
    const page = await open();
    const { group, school, parent, item } = presets();

    // The officer turns kiosk mode on from the device screen.
    await page.goto(`${server.url}/device`);
    await page.getByRole('link', { name: t('device.kioskLink') }).click();
    await expectScreen(page, t('kiosk.setup.title'));
    await page.getByLabel(t('kiosk.setup.survey'), { exact: true }).selectOption(STAKEHOLDER);
    await page.getByLabel(group.label.th).selectOption('parent');
    await pickSchool(page, item.label.th, school.label.th);
    await page.getByLabel(t('kiosk.setup.idle')).fill('1');
    await page.getByLabel(t('kiosk.setup.thanks')).fill('3');
    await page.getByLabel(t('kiosk.setup.pin'), { exact: true }).fill('12');
    await page.getByRole('button', { name: t('kiosk.setup.start') }).click();
    await page.getByText(t('kiosk.setup.pinRule')).waitFor();
    await page.getByLabel(t('kiosk.setup.pin'), { exact: true }).fill('2468');
    await page.getByLabel(t('kiosk.setup.pinAgain')).fill('2468');
    await page.getByRole('button', { name: t('kiosk.setup.start') }).click();

    // Locked: the survey's notice with the presets, nothing else reachable.
    await expectScreen(page, survey.privacy.title.th);
    const banner = page.getByTestId('presets');
    await banner.filter({ hasText: parent.label.th }).filter({ hasText: item.label.th }).waitFor();
    expect(await page.getByRole('link', { name: t('common.back') }).count()).toBe(0);
    expect(await page.getByTestId('waiting-count').count()).toBe(0);
    expect(await page.locator('a.brand').count()).toBe(0);
    for (const path of ['/device', '/', '/admin', '/kiosk', '/s/complaint']) {
      await page.goto(`${server.url}${path}`);
      await expectScreen(page, survey.privacy.title.th);
      expect(new URL(page.url()).pathname).toBe(`/s/${STAKEHOLDER}`);
    }
    // The PIN hash is stored, never the PIN.
    const stored = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const req = indexedDB.open('siang');
          req.onsuccess = () => {
            const get = req.result.transaction('settings').objectStore('settings').get('kiosk');
            get.onsuccess = () => resolve(JSON.stringify(get.result));
          };
        }),
    );
    expect(stored).not.toContain('2468');
    expect(stored).toContain('PBKDF2');

    // The first person answers and submits; the answers start from the presets.
    await page.getByRole('button', { name: t('privacy.accept') }).click();
    await expectScreen(page, survey.sections[0]?.title.th ?? '');
    await expect.poll(() => page.getByRole('radio', { name: parent.label.th, exact: true }).isChecked()).toBe(true);
    await fillSurvey(page, survey, 'th');
    await page.getByRole('button', { name: t('review.submit') }).click();
    await expectScreen(page, t('thanks.title'));
    await page.getByTestId('kiosk-countdown').waitFor();
    expect(await page.getByRole('link', { name: t('thanks.home') }).count()).toBe(0);
    // …and after a few seconds the notice is back for the next person, with no draft open.
    await expectScreen(page, survey.privacy.title.th);

    // The next person starts and walks away: after the idle time and the prompt, it is set aside.
    await page.clock.install();
    await page.getByRole('button', { name: t('privacy.accept') }).click();
    await expectScreen(page, survey.sections[0]?.title.th ?? '');
    await page.getByRole('radio', { name: parent.label.th, exact: true }).waitFor();
    await page.clock.runFor(61_000);
    await page.getByTestId('idle-prompt').waitFor();
    await page.clock.runFor(31_000);
    await expectScreen(page, survey.privacy.title.th);
    const device = await readDevice(page);
    const abandoned = device.responses.filter((r) => r.status === 'abandoned');
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0]?.answers).toMatchObject({ group: 'parent', school: item.value });
    expect(device.outbox.map((e) => e.responseId)).not.toContain(abandoned[0]?.id);
    expect(device.responses.filter((r) => r.status === 'completed')).toHaveLength(1);
    expect(device.responses.filter((r) => r.status === 'draft')).toHaveLength(0);

    // A wrong PIN does not unlock; the right one shows the officer's figures for today.
    await page.getByRole('button', { name: t('kiosk.officer') }).click();
    const dialog = page.getByRole('dialog', { name: t('kiosk.pinTitle') });
    await dialog.getByLabel(t('kiosk.pin')).fill('1111');
    await dialog.getByRole('button', { name: t('kiosk.unlock') }).click();
    await dialog.getByText(t('kiosk.pinWrong')).waitFor();
    await dialog.getByLabel(t('kiosk.pin')).fill('2468');
    await dialog.getByRole('button', { name: t('kiosk.unlock') }).click();
    await expectScreen(page, t('kiosk.panel.title'));
    await page.getByTestId('kiosk-today').filter({ hasText: '1' }).waitFor();
    await expect.poll(() => page.getByTestId('kiosk-set-aside').textContent()).toBe('1');

    // Back to the kiosk; a reload stays locked.
    await page.getByRole('button', { name: t('kiosk.panel.resume') }).click();
    await expectScreen(page, survey.privacy.title.th);
    await page.reload();
    await expectScreen(page, survey.privacy.title.th);
    await expect.poll(() => page.getByRole('button', { name: t('kiosk.officer') }).count()).toBe(1);

    // Someone starts, and the tablet is put away with the page closed. When it opens again after
    // the idle time, that draft is set aside before anyone sees it: the next person gets a fresh
    // notice, not the stranger's answers.
    await page.getByRole('button', { name: t('privacy.accept') }).click();
    await expectScreen(page, survey.sections[0]?.title.th ?? '');
    await expect
      .poll(async () => (await readDevice(page)).responses.filter((r) => r.status === 'draft').length)
      .toBe(1);
    const later = (await page.evaluate(() => Date.now())) + 5 * 60_000;
    await page.clock.setSystemTime(later);
    await page.reload();
    await expectScreen(page, survey.privacy.title.th);
    const reopened = await readDevice(page);
    expect(reopened.responses.filter((r) => r.status === 'draft')).toHaveLength(0);
    expect(reopened.responses.filter((r) => r.status === 'abandoned')).toHaveLength(2);

    // The officer ends kiosk mode: the app is whole again, every response still on the device.
    await page.getByRole('button', { name: t('kiosk.officer') }).click();
    await dialog.getByLabel(t('kiosk.pin')).fill('2468');
    await dialog.getByRole('button', { name: t('kiosk.unlock') }).click();
    await page.getByRole('button', { name: t('kiosk.panel.end') }).click();
    await page
      .getByRole('alert')
      .getByRole('button', { name: t('kiosk.panel.end') })
      .click();
    await expectScreen(page, t('list.title'));
    expect((await readDevice(page)).responses).toHaveLength(3);
  });

  it('a respondent may stop and hand the tablet back: the response is set aside, not sent', async () => {
    const t = tr('en');
    const page = await open('en-US');
    await page.goto(`${server.url}/kiosk`);
    await page.getByLabel(t('kiosk.setup.survey'), { exact: true }).selectOption('complaint');
    await page.getByLabel(t('kiosk.setup.pin'), { exact: true }).fill('9753');
    await page.getByLabel(t('kiosk.setup.pinAgain')).fill('9753');
    await page.getByRole('button', { name: t('kiosk.setup.start') }).click();
    await expectScreen(page, complaint.privacy.title.en);
    await page.getByRole('button', { name: t('privacy.accept') }).click();
    await expectScreen(page, complaint.sections[0]?.title.en ?? '');
    await page.getByRole('button', { name: t('kiosk.stop') }).click();
    await page
      .getByRole('alert')
      .getByRole('button', { name: t('kiosk.stop') })
      .click();
    await expectScreen(page, complaint.privacy.title.en);
    const device = await readDevice(page);
    expect(device.responses.map((r) => r.status)).toEqual(['abandoned']);
    expect(device.outbox).toEqual([]);
    expect((await sidewaysOverflow(page, 360)).wider).toEqual([]);
  });
});

describe('links and QR codes', () => {
  it('an officer makes a link with school and group preset; a parent opens it, sees the presets, and answers offline', async () => {
    const t = tr('th');
    const page = await open();
    const { group, school, parent, item } = presets();
    await page.goto(`${server.url}/links`);
    await expectScreen(page, t('links.title'));
    await page.getByLabel(t('links.survey'), { exact: true }).selectOption(STAKEHOLDER);
    await page.getByLabel(group.label.th).selectOption('parent');
    await pickSchool(page, item.label.th, school.label.th);
    const want = new URL(`/s/${STAKEHOLDER}`, server.url);
    want.searchParams.set('group', 'parent');
    want.searchParams.set('school', item.value);
    await page.waitForFunction(
      (url) => (document.getElementById('links-url') as HTMLInputElement | null)?.value === url,
      want.toString(),
    );
    const qr = page.getByRole('img', { name: t('links.qrLabel', { title: survey.title.th }) });
    // Version 5 or more (37+ modules with the border) for a link of this length; drawn as one path.
    expect(Number(await qr.getAttribute('data-modules'))).toBeGreaterThanOrEqual(37);
    expect((await qr.locator('path').getAttribute('d'))?.length).toBeGreaterThan(1000);
    expect((await sidewaysOverflow(page, 360)).wider).toEqual([]);

    // A parent's phone, in English, on a weak connection: first visit through the link.
    const en = tr('en');
    const { browserContext, phone } = await (async () => {
      const app = await openApp(browser, server.url, 'en-US');
      contexts.push(app.context);
      return { browserContext: app.context, phone: app.page };
    })();
    await phone.goto(want.toString());
    await waitForServiceWorker(phone);
    await expectScreen(phone, survey.privacy.title.en);
    const banner = phone.getByTestId('presets');
    await banner.filter({ hasText: parent.label.en }).filter({ hasText: item.label.en }).waitFor();
    // The survey is on the phone now: offline, a reload still opens it with the presets.
    await browserContext.setOffline(true);
    await phone.reload();
    await expectScreen(phone, survey.privacy.title.en);
    await phone.getByRole('button', { name: en('privacy.accept') }).click();
    await expectScreen(phone, survey.sections[0]?.title.en ?? '');
    // Editable presets: chosen, and the parent may change them.
    const radio = phone.getByRole('radio', { name: parent.label.en, exact: true });
    await expect.poll(() => radio.isChecked()).toBe(true);
    expect(await radio.isEnabled()).toBe(true);
    await expect
      .poll(async () => (await readDevice(phone)).responses[0]?.presets)
      .toEqual({ group: 'parent', school: item.value });
    const stored = (await readDevice(phone)).responses[0];
    expect(stored?.answers).toMatchObject({ group: 'parent', school: item.value });
  });

  it('a link with values the survey does not offer, or naming other things, presets nothing', async () => {
    const page = await open();
    await page.goto(`${server.url}/s/${STAKEHOLDER}?group=principal-of-everything&school=Nowhere&r=1&check=1`);
    await expectScreen(page, survey.privacy.title.th);
    expect(await page.getByTestId('presets').count()).toBe(0);
    await page.getByRole('button', { name: tr('th')('privacy.accept') }).click();
    await expectScreen(page, survey.sections[0]?.title.th ?? '');
    await expect.poll(async () => (await readDevice(page)).responses.length).toBe(1);
    const stored = (await readDevice(page)).responses[0];
    expect(stored?.answers).toEqual({});
    expect(stored?.presets).toBeUndefined();
  });
});

describe('storage', () => {
  it('the device screen shows space used and available, persistence and counts; when storage is full the person is told and nothing saved is lost', async () => {
    const t = tr('th');
    // Chromium applies a quota override when the origin's storage opens: give it 3 MB first.
    const context = await phoneContext(browser, 'th-TH');
    contexts.push(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: 3_000_000 });
    await page.goto(server.url);
    await waitForServiceWorker(page);

    // A draft with one answer.
    await page.goto(`${server.url}/s/complaint`);
    await page.getByRole('button', { name: t('privacy.accept') }).click();
    await expectScreen(page, complaint.sections[0]?.title.th ?? '');
    await page.getByRole('radio').first().check();
    await expect
      .poll(async () => (await readDevice(page)).responses.map((r) => Object.keys(r.answers).length))
      .toEqual([1]);
    const before = (await readDevice(page)).responses[0];

    await page.goto(`${server.url}/device`);
    await page.getByTestId('storage-usage').filter({ hasText: /\d/ }).waitFor();
    await expect.poll(() => page.getByTestId('storage-persistence').textContent()).not.toBe('');
    const counts = page.getByTestId('storage-counts');
    await counts.locator('[data-count="drafts"] dd').filter({ hasText: '1' }).waitFor();
    await expect.poll(() => counts.locator('[data-count="waiting"] dd').textContent()).toBe('0');
    await expect.poll(() => counts.locator('[data-count="set-aside"] dd').textContent()).toBe('0');

    // Other data fills the origin's storage to the brim (random bytes do not compress).
    const filled = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open('filler');
        req.onupgradeneeded = () => req.result.createObjectStore('junk');
        req.onsuccess = () => resolve(req.result);
      });
      let n = 0;
      for (const size of [200_000, 20_000, 2_000]) {
        for (;;) {
          const bytes = new Uint8Array(size);
          for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
          const stored = await new Promise<boolean>((resolve) => {
            const tx = db.transaction('junk', 'readwrite');
            tx.objectStore('junk').put(new Blob([bytes]), n++);
            tx.oncomplete = () => resolve(true);
            tx.onabort = () => resolve(false);
          });
          if (!stored) break;
        }
      }
      db.close();
      return n;
    });
    expect(filled).toBeGreaterThan(3);
    await page.goto(`${server.url}/s/complaint`);
    await expectScreen(page, complaint.sections[0]?.title.th ?? '');
    const description = page.locator('textarea').first();
    let seed = 7;
    const long = Array.from({ length: 2000 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return String.fromCharCode(0x0e01 + (seed % 40));
    }).join('');
    await description.fill(long);
    // The person is told, plainly, with the count of answers not saved and a way to retry.
    await page.getByText(t('storage.quota.title')).waitFor();
    await page.getByText(t('storage.unsaved', { count: 1 })).waitFor();
    // What was saved before is intact.
    const after = (await readDevice(page)).responses[0];
    expect(after?.answers).toEqual(before?.answers);
    // With space again, "try again" saves what was typed.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.deleteDatabase('filler');
          req.onsuccess = () => resolve();
          req.onerror = () => reject(req.error);
        }),
    );
    await page.getByRole('button', { name: t('storage.retry') }).click();
    await page.waitForFunction(() => !document.querySelector('.banner-error'));
    await expect.poll(async () => Object.values((await readDevice(page)).responses[0]?.answers ?? {})).toContain(long);
  });
});

/** Runs the office's `siang` command against the test server, with `input` on stdin. */
function siang(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [`${ROOT}bin/siang.js`, ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: server.dataDir } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

/** The complaint form's required questions, in Thai, then "Next" to the review screen. */
async function fillComplaint(page: Page): Promise<void> {
  const t = tr('th');
  const category = question<SingleChoiceQuestion>(complaint, 'category');
  const wantsReply = question<SingleChoiceQuestion>(complaint, 'wants_reply');
  await page
    .getByRole('group', { name: questionName(category, 'th'), exact: true })
    .getByRole('radio', { name: category.options[0]?.label.th ?? '', exact: true })
    .check();
  for (const id of ['topic', 'description']) {
    const q = question<SingleChoiceQuestion>(complaint, id);
    await page.getByRole('textbox', { name: questionName(q, 'th'), exact: true }).fill(`เรื่องทดสอบ ${id}`);
  }
  const no = wantsReply.options.find((o) => o.value === 'no');
  await page
    .getByRole('group', { name: questionName(wantsReply, 'th'), exact: true })
    .getByRole('radio', { name: no?.label.th ?? '', exact: true })
    .check();
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await expectScreen(page, t('review.title'));
}

describe('backup file', () => {
  it('an officer with no network saves the unsent responses to an encrypted file; the office imports it once, and again adds nothing', async () => {
    const t = tr('th');
    // The device reaches the office only through a proxy the test takes down: Chromium's offline
    // emulation alone does not stop every send (Background Sync fires on the machine's real
    // network, and a service worker woken for it may fetch before the emulation reaches it), so
    // nothing is sent before the import, whatever the browser does.
    const proxy = await startFaultProxy(server.url);
    onTestFinished(() => proxy.close());
    const app = await openApp(browser, proxy.url);
    contexts.push(app.context);
    const { page } = app;
    proxy.setDown(true);
    await page.context().setOffline(true);
    for (const _ of [1, 2]) {
      await page.goto(`${proxy.url}/s/complaint`);
      await page.getByRole('button', { name: t('privacy.accept') }).click();
      await expectScreen(page, complaint.sections[0]?.title.th ?? '');
      await fillComplaint(page);
      await page.getByRole('button', { name: t('review.submit') }).click();
      await expectScreen(page, t('complaintThanks.title'));
    }
    await page.goto(`${proxy.url}/device`);
    await page.getByLabel(t('backup.protect')).check();
    await page.getByLabel(t('backup.passphrase'), { exact: true }).fill('short');
    await page.getByLabel(t('backup.passphraseAgain')).fill('short');
    await page.getByRole('button', { name: t('backup.save', { count: 2 }) }).click();
    await page.getByText(t('backup.passphraseShort', { count: 8 })).waitFor();
    const passphrase = 'ครูสมศรี ชะอำ 2569';
    await page.getByLabel(t('backup.passphrase'), { exact: true }).fill(passphrase);
    await page.getByLabel(t('backup.passphraseAgain')).fill(passphrase);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: t('backup.save', { count: 2 }) }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^siang-backup-\d{4}-\d{2}-\d{2}-\d{4}\.siang-enc\.json$/);
    const path = await file.path();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('complaint');
    const contents = await readBackup(text, passphrase);
    const device = await readDevice(page);
    expect(contents.responses.map((r) => r.id).sort()).toEqual(device.outbox.map((e) => e.responseId).sort());
    await page.getByTestId('last-backup').waitFor();
    // Saving a backup changes nothing on the device: both still wait to be sent (between the
    // app's failing retries, which mark them "sending" for a moment).
    await expect.poll(async () => (await readDevice(page)).outbox.map((e) => e.state)).toEqual(['waiting', 'waiting']);

    const wrong = await siang(['import', path, '--passphrase-stdin'], 'not the passphrase\n');
    expect(wrong.code).toBe(1);
    const first = await siang(['import', path, '--passphrase-stdin'], `${passphrase}\n`);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('stored: 2');
    const again = await siang(['import', path, '--passphrase-stdin'], `${passphrase}\n`);
    expect(again.stdout).toContain('stored: 0');
    expect(again.stdout).toContain('already here: 2');
    const count = await siang(['responses', 'count', '--survey', 'complaint']);
    expect(count.stdout.trim().split('\n').at(-1)).toBe('2');
    expect(proxy.attempts.filter((a) => a.fault !== 'down')).toEqual([]);

    // Back online, the device sends them by itself; the server already has them: nothing doubles.
    proxy.setDown(false);
    await page.context().setOffline(false);
    // (A page.waitForFunction with an async predicate does not wait: its promise is truthy.)
    await expect.poll(async () => (await readDevice(page)).outbox.map((e) => e.state)).toEqual(['sent', 'sent']);
    expect(proxy.attempts.flatMap((a) => a.results ?? []).map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const after = await siang(['responses', 'count', '--survey', 'complaint']);
    expect(after.stdout.trim().split('\n').at(-1)).toBe('2');
  });
});
