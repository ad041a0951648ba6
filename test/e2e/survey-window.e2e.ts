/**
 * The collection window as a respondent meets it, in real Chromium against the real server: a
 * response filled while the phone could not reach the server, before an admin closed the survey,
 * is accepted when the phone reconnects after the close; and a closed survey, opened afterwards,
 * tells the person so politely at phone size, in Thai and in English, with no way to start.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import complaintJson from '../../src/content/surveys/complaint.json';
import type { SingleChoiceQuestion, SurveyDefinition } from '../../src/core/survey.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium, phoneContext } from './browser.js';
import { sidewaysOverflow, startLinkName, tr, waitForServiceWorker } from './respondent.js';
import { addStaff, STAFF_PASSWORD } from './supervisor.js';

const complaint = complaintJson as unknown as SurveyDefinition;
const SHOTS = '/work/wt/_shots/i10-surveys-server';

let server: RunningServer;
let proxy: FaultProxy;
let browser: Browser;
let cookie = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  proxy = await startFaultProxy(server.url);
  addStaff(server, 'somchai', 'admin');
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'somchai', password: STAFF_PASSWORD }),
  });
  expect(login.status).toBe(200);
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterEach(async () => {
  proxy.reset();
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  // Each test starts with the complaint channel open.
  await admin('POST', '/api/v1/surveys/complaint/open');
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

/** An admin's call to the API, as the builder's screens make it. */
async function admin(method: string, path: string): Promise<Record<string, unknown>> {
  const r = await fetch(`${server.url}${path}`, { method, headers: { cookie } });
  expect(r.status, path).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

async function phone(locale: 'th-TH' | 'en-US'): Promise<Page> {
  const context = await phoneContext(browser, locale);
  contexts.push(context);
  return context.newPage();
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

function option(id: string, value: string): string {
  const q = complaint.sections.flatMap((s) => s.questions).find((x) => x.id === id) as SingleChoiceQuestion;
  return q.options.find((o) => o.value === value)?.label.th ?? value;
}

/** The complaint form, required answers only, from the survey list to the thank-you. */
async function fillComplaint(page: Page): Promise<string> {
  const t = tr('th');
  const name = (id: string) =>
    `${complaint.sections.flatMap((s) => s.questions).find((q) => q.id === id)?.label.th} ${t('question.required')}`;
  await page.getByRole('link', { name: startLinkName(complaint, 'th') }).click();
  await heading(page, complaint.privacy.title.th).waitFor();
  await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
  await heading(page, complaint.sections[0]?.title.th ?? '').waitFor();
  await page
    .getByRole('group', { name: name('category'), exact: true })
    .getByRole('radio', { name: option('category', 'suggestion'), exact: true })
    .check();
  await page.getByRole('textbox', { name: name('topic'), exact: true }).fill('ไฟหน้าโรงเรียน');
  await page.getByRole('textbox', { name: name('description'), exact: true }).fill('ขอให้ติดไฟส่องสว่าง');
  await page
    .getByRole('group', { name: name('wants_reply'), exact: true })
    .getByRole('radio', { name: option('wants_reply', 'no'), exact: true })
    .check();
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await heading(page, t('review.title')).waitFor();
  await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
  await heading(page, t('complaintThanks.title')).waitFor();
  const id = new URL(page.url()).searchParams.get('r');
  if (!id) throw new Error(`no response id in ${page.url()}`);
  return id;
}

describe('a survey with a collection window', () => {
  it('a response completed offline before the survey closed is accepted when the phone reconnects after the close', async () => {
    const page = await phone('th-TH');
    await page.goto(proxy.url);
    await waitForServiceWorker(page);
    await heading(page, tr('th')('list.title')).waitFor();
    // The server cannot be reached: the response is completed and waits on the phone.
    proxy.setDown(true);
    const id = await fillComplaint(page);

    const closed = await admin('POST', '/api/v1/surveys/complaint/close');
    expect(closed.state).toBe('closed');

    proxy.setDown(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await proxy.waitFor((attempts) =>
      attempts.some((a) => a.fault === 'forwarded' && (a.results ?? []).some((r) => r.id === id)),
    );
    const verdict = proxy.attempts.flatMap((a) => a.results ?? []).find((r) => r.id === id);
    expect(verdict?.status).toBe('stored');
    const list = (await admin('GET', '/api/v1/admin/surveys')).surveys as { id: string; responses: number }[];
    expect(list.find((s) => s.id === 'complaint')?.responses).toBe(1);
  });

  for (const [locale, lang] of [
    ['th-TH', 'th'],
    ['en-US', 'en'],
  ] as const) {
    it(`a closed survey tells the respondent so, politely, at 360 px (${lang}), and the list offers no start`, async () => {
      const t = tr(lang);
      await admin('POST', '/api/v1/surveys/complaint/close');
      const page = await phone(locale);
      await page.goto(`${server.url}/s/complaint`);
      await heading(page, t('closed.title')).waitFor();
      await page.getByText(t('closed.thanks'), { exact: true }).waitFor();
      // No way into the questions: no notice to accept, no first section.
      expect(await page.getByRole('button', { name: t('privacy.accept') }).count()).toBe(0);
      expect((await sidewaysOverflow(page, 360)).wider).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/closed-notice-${lang}.png`, fullPage: true });

      await page.getByRole('link', { name: t('closed.home'), exact: true }).click();
      await heading(page, t('list.title')).waitFor();
      await page.getByText(t('list.closed'), { exact: true }).waitFor();
      expect(await page.getByRole('link', { name: startLinkName(complaint, lang) }).count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/closed-list-${lang}.png`, fullPage: true });

      // Opened again, the same phone offers it once its list is refreshed (on the next visit).
      await admin('POST', '/api/v1/surveys/complaint/open');
      await page.reload();
      await page.getByRole('link', { name: startLinkName(complaint, lang) }).waitFor();
    });
  }
});
