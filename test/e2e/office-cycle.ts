/**
 * Shared steps of the office-cycle browser tests (test/e2e/office-cycle*.e2e.ts): an admin on a
 * laptop or a phone, the admin's API session for reading back what the screens stored, and
 * screenshots to look at (outside the repository).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SurveyDefinition } from '../../src/core/survey.js';
import type { RunningServer } from '../helpers/server.js';
import { phoneContext } from './browser.js';
import { sidewaysOverflow } from './respondent.js';
import { adminStrings, STAFF_PASSWORD, signIn } from './supervisor.js';

/** Where the screenshots go, to be looked at (not kept in the repository). */
export const SHOTS = process.env.SHOTS_DIR ?? '/work/wt/_shots/flows-e2e';
mkdirSync(SHOTS, { recursive: true });

export type Locale = 'th-TH' | 'en-US';
export const LAPTOP = { width: 1366, height: 900 } as const;
export const PHONE = { width: 360, height: 740 } as const;

/** Fills `{{name}}` placeholders as i18next does. */
export const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{{${k}}}`, String(v)), text);

/** A staff member signed in at /admin, on a laptop (1366×900) or a phone (360×740). */
export async function staffPage(
  browser: Browser,
  server: RunningServer,
  name: string,
  locale: Locale,
  size: { width: number; height: number } = LAPTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const small = size.width < 400;
  const context = await phoneContext(browser, locale, {
    viewport: size,
    isMobile: small,
    hasTouch: small,
    deviceScaleFactor: small ? 2 : 1,
  });
  const page = await context.newPage();
  await signIn(page, server, name, locale);
  return { context, page };
}

/** What reached past a phone's width on the screens shot (read by the tests that check it). */
export const overflow: string[] = [];

/** A screenshot named after the step, the language and the width. */
export async function shoot(page: Page, step: string, locale: Locale, fullPage = true): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  if (width < 400) {
    const { wider } = await sidewaysOverflow(page, width);
    if (wider.length) overflow.push(`${step}-${locale}: ${wider.slice(0, 5).join(' | ')}`);
  }
  await page.screenshot({ path: join(SHOTS, `${step}-${locale.slice(0, 2)}-${width}.png`), fullPage });
}

/** The admin's session cookie, to read back through the API what the screens did. */
export async function apiSession(server: RunningServer, name: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: STAFF_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async function get<T>(path: string): Promise<T> {
    const reply = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(reply.status, path).toBe(200);
    return (await reply.json()) as T;
  };
}

/** The newest published version of a survey, as the office serves it to devices. */
export async function servedSurvey(server: RunningServer, id: string): Promise<SurveyDefinition> {
  const reply = await fetch(`${server.url}/api/v1/surveys/${encodeURIComponent(id)}`);
  expect(reply.status, id).toBe(200);
  return (await reply.json()) as SurveyDefinition;
}

/** The results page's respondent count ("ผู้ตอบ 3 คน"), as the admin reads it. */
export function totalText(locale: Locale, count: number): string {
  const a = adminStrings(locale) as Record<string, unknown>;
  const key = count === 1 && typeof a.total_one === 'string' ? 'total_one' : 'total_other';
  return fill(a[key] as string, { count });
}

/** From the editor: Publish, read the dialog, confirm; the "published" heading shows. */
export async function publishFromEditor(page: Page, locale: Locale, version: number, step: string): Promise<void> {
  const s = adminStrings(locale).surveys;
  await page.getByRole('button', { name: s.publish.button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: s.publish.title });
  await dialog.waitFor();
  await shoot(page, `${step}-publish-dialog`, locale, false);
  await dialog.getByRole('button', { name: fill(s.publish.confirm, { version }) }).click();
  await page.getByRole('heading', { name: fill(s.publish.done, { version }) }).waitFor();
  await shoot(page, `${step}-published`, locale, false);
}
