/**
 * What a supervisor's browser tests need from the office's side: responses stored on the real
 * server as devices send them, staff added with the `siang` command, and a phone signed in at
 * /admin in Thai or English.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import enAdmin from '../../locales/en/admin.json';
import thAdmin from '../../locales/th/admin.json';
import { newId } from '../../src/core/ids.js';
import { ROOT, type RunningServer } from '../helpers/server.js';
import { phoneContext } from './browser.js';

/** The password every test supervisor signs in with. */
export const STAFF_PASSWORD = 'a-long-password-1';

/** The staff screens' strings (locales/<lang>/admin.json). */
export function adminStrings(locale: 'th-TH' | 'en-US'): typeof thAdmin | typeof enAdmin {
  return locale === 'en-US' ? enAdmin : thAdmin;
}

/** The `i`-th completed response to the stakeholder survey, its ratings varied by `i`. */
export function stakeholderResponse(i: number, over: Record<string, unknown> = {}) {
  const pairs = Object.fromEntries(
    [
      ...[1, 2, 3, 4].flatMap((n) => ['inform', 'consult', 'involve', 'collaborate'].map((d) => `${d}_${n}`)),
      ...[1, 2, 3, 4, 5].map((n) => `service_${n}`),
    ].map((id, k) => [id, { expectation: 3 + ((i + k) % 3), satisfaction: 2 + ((i * 2 + k) % 4) }]),
  );
  return {
    id: newId(),
    surveyId: 'stakeholder-satisfaction',
    surveyVersion: 1,
    answers: { group: 'community', gender: 'female', age: '31_40', contact_channels: ['website'], ...pairs, ...over },
    startedAt: '2026-11-20T03:00:00.000Z',
    completedAt: `2026-11-${String(10 + (i % 5)).padStart(2, '0')}T03:05:00.000Z`,
    locale: 'th',
    appVersion: 'test',
    privacyVersion: '2567-1',
    privacyAcceptedAt: '2026-11-20T03:00:10.000Z',
  };
}

/** A completed complaint form (a suggestion that wants no reply). */
export function complaintResponse(over: Record<string, unknown> = {}) {
  return {
    ...stakeholderResponse(0),
    surveyId: 'complaint',
    answers: {
      category: 'suggestion',
      topic: 'ถนนหน้าโรงเรียนมืด',
      description: 'ขอให้ติดไฟส่องสว่างหน้าโรงเรียน',
      wants_reply: 'no',
      ...over,
    },
  };
}

/**
 * Adds a person who may sign in, with the `siang` command on the server's data directory (and on
 * its PostgreSQL database when the server runs on one: `databaseUrl`, as in production).
 */
export function addStaff(
  server: RunningServer,
  name: string,
  role: 'admin' | 'supervisor',
  databaseUrl?: string,
): void {
  const add = spawnSync(process.execPath, [join(ROOT, 'bin/siang.js'), 'user', 'add', name, '--role', role], {
    input: `${STAFF_PASSWORD}\n`,
    env: { ...process.env, DATA_DIR: server.dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    encoding: 'utf8',
  });
  expect(add.status, add.stderr).toBe(0);
}

/** Sends responses to the server as a device does; every one must be stored. */
export async function storeResponses(server: RunningServer, responses: unknown[]): Promise<void> {
  const reply = await fetch(`${server.url}/api/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses }),
  });
  const body = (await reply.json()) as { results: { status: string }[] };
  expect(
    body.results.every((r) => r.status === 'stored'),
    JSON.stringify(body),
  ).toBe(true);
}

/** Signs in at /admin on `page`; the office's home shows. */
export async function signIn(page: Page, server: RunningServer, name: string, locale: 'th-TH' | 'en-US') {
  await page.goto(`${server.url}/admin`);
  await fillSignIn(page, name, locale);
}

/** On the sign-in form already shown: the name, the password, "Sign in"; the office's home shows. */
export async function fillSignIn(page: Page, name: string, locale: 'th-TH' | 'en-US') {
  const strings = adminStrings(locale);
  await page.getByLabel(strings.name).fill(name);
  await page.getByLabel(strings.password).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: strings.signIn }).click();
  await page.getByRole('heading', { name: strings.homeTitle }).waitFor();
}

/** A fresh phone (or, with `options`, another screen) signed in at /admin. */
export async function signedIn(
  browser: Browser,
  server: RunningServer,
  name: string,
  locale: 'th-TH' | 'en-US' = 'th-TH',
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser, locale, options);
  const page = await context.newPage();
  await signIn(page, server, name, locale);
  return { context, page };
}
