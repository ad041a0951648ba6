/**
 * What the supervisors' tests share: staff who sign in (or hold an API token), responses stored
 * the way the endpoint stores them, a seeded random generator, and requests made with a session
 * cookie or a Bearer token.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { newId } from '../../src/core/ids.js';
import type { SubmissionResult } from '../../src/core/protocol.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerConfig } from '../../src/server/config.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db, Queryable } from '../../src/server/db/database.js';
import { addUser, createApiToken } from '../../src/server/store/staff.js';
import { contentHash, storeSubmissions } from '../../src/server/store/submissions.js';
import { getSurvey } from '../../src/server/store/surveys.js';
import { stakeholderAnswers, testConfig } from './fixtures.js';

/** The password every test user has. */
export const PASSWORD = 'correct horse battery';

/** Schools of the shipped list (values are the Thai names; the list has no codes). */
export const SCHOOLS = (() => {
  const survey = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction');
  const list = survey?.lists?.schools ?? [];
  return list.map((item) => item.value);
})();

/** School X and school Y of the stories: a limited supervisor sees X only. */
export const SCHOOL_X = SCHOOLS[0] as string;
export const SCHOOL_Y = SCHOOLS[1] as string;

/** The in-process server on `db` with some settings changed (no logs). */
export function serverWith(db: Db, over: Partial<ServerConfig> = {}): Promise<FastifyInstance> {
  return buildServer({ ...testConfig(), loginPerMinute: 1000, ...over }, db, { logger: false });
}

/** How a request proves who it is: a session cookie, a Bearer token, or nothing. */
export type Credentials = { cookie: string } | { token: string } | null;

function headersOf(who: Credentials): Record<string, string> {
  if (!who) return {};
  return 'cookie' in who ? { cookie: who.cookie } : { authorization: `Bearer ${who.token}` };
}

/** A request as a caller makes it. */
export function call(
  app: FastifyInstance,
  who: Credentials,
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { ...headersOf(who), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

/** GET a JSON answer, failing loudly on anything but 200. */
export async function getJson<T = Record<string, unknown>>(
  app: FastifyInstance,
  who: Credentials,
  url: string,
): Promise<T> {
  const r = await call(app, who, 'GET', url);
  if (r.statusCode !== 200) throw new Error(`GET ${url} answered ${r.statusCode}: ${r.body}`);
  return r.json() as T;
}

/** Signs in through the API and returns the session cookie to send back. */
export async function signIn(app: FastifyInstance, name: string, password = PASSWORD): Promise<{ cookie: string }> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ name, password }),
  });
  if (r.statusCode !== 200) throw new Error(`sign-in of ${name} answered ${r.statusCode}: ${r.body}`);
  const session = r.cookies.find((c) => c.name === 'siang_session');
  if (!session) throw new Error('no session cookie');
  return { cookie: `siang_session=${session.value}` };
}

/** The office's staff of the stories. */
export interface Staff {
  admin: { cookie: string };
  supervisor: { cookie: string };
  /** A supervisor limited to school X. */
  limited: { cookie: string };
  /** An API token of a supervisor (all schools) and one limited to school X. */
  token: { token: string };
  limitedToken: { token: string };
}

/** Adds the staff and signs them in. */
export async function staffOf(app: FastifyInstance, db: Queryable): Promise<Staff> {
  await addUser(db, { name: 'admin', role: 'admin', password: PASSWORD });
  await addUser(db, { name: 'supervisor', role: 'supervisor', password: PASSWORD });
  await addUser(db, { name: 'limited', role: 'supervisor', password: PASSWORD, schools: [SCHOOL_X] });
  return {
    admin: await signIn(app, 'admin'),
    supervisor: await signIn(app, 'supervisor'),
    limited: await signIn(app, 'limited'),
    token: { token: await createApiToken(db, { name: 'script', role: 'supervisor' }) },
    limitedToken: { token: await createApiToken(db, { name: 'script-x', role: 'supervisor', schools: [SCHOOL_X] }) },
  };
}

/** A completed response to a survey, as a device sends it. */
export function responseTo(
  surveyId: string,
  answers: Record<string, unknown>,
  completedAt: string,
  version = 1,
): Record<string, unknown> {
  const done = new Date(completedAt).getTime();
  return {
    id: newId(done),
    surveyId,
    surveyVersion: version,
    answers,
    startedAt: new Date(done - 5 * 60_000).toISOString(),
    completedAt: new Date(done).toISOString(),
    locale: 'th',
    appVersion: '0.1.0',
    privacyVersion: '2567-1',
    privacyAcceptedAt: new Date(done - 4 * 60_000).toISOString(),
  };
}

/** Stores responses as the endpoint does; every one must be accepted. */
export async function storeAll(db: Queryable, responses: readonly Record<string, unknown>[]): Promise<void> {
  const find = async (id: string, version: number) => (await getSurvey(db, id, version))?.definition;
  for (let i = 0; i < responses.length; i += 500) {
    const results: SubmissionResult[] = await storeSubmissions(db, responses.slice(i, i + 500), find);
    const refused = results.filter((r) => r.status !== 'stored');
    if (refused.length) throw new Error(`not stored: ${JSON.stringify(refused.slice(0, 3))}`);
  }
}

/**
 * Stores responses as the endpoint did before migration 4 added `rating_values`: for tests of a
 * database written by an earlier version of the server.
 */
export async function storeAsBeforeRatingValues(
  db: Queryable,
  responses: readonly Record<string, unknown>[],
): Promise<void> {
  for (const r of responses) {
    const answers = r.answers as Record<string, unknown>;
    await db.query(
      `INSERT INTO responses (id, survey_id, survey_version, answers, started_at, completed_at, locale,
         app_version, privacy_version, privacy_accepted_at, content_hash, school, respondent_group)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        r.id,
        r.surveyId,
        r.surveyVersion,
        JSON.stringify(answers),
        r.startedAt,
        r.completedAt,
        r.locale,
        r.appVersion,
        r.privacyVersion,
        r.privacyAcceptedAt,
        contentHash(r as never),
        typeof answers.school === 'string' ? answers.school : null,
        typeof answers.group === 'string' ? answers.group : null,
      ],
    );
  }
}

/** Groups whose respondents name a school (the shipped survey asks only them). */
export const SCHOOL_GROUPS = ['school_executive', 'teacher', 'education_personnel', 'student', 'parent'];

/** A response to the shipped stakeholder survey from a school (or none, for outside groups). */
export function stakeholderResponse(
  options: { group?: string; school?: string | null; at?: string; answers?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const group = options.group ?? 'teacher';
  const school = options.school === undefined ? (SCHOOL_GROUPS.includes(group) ? SCHOOL_X : null) : options.school;
  const answers = stakeholderAnswers({ group, ...(school ? { school } : {}), ...options.answers });
  return responseTo('stakeholder-satisfaction', answers, options.at ?? '2025-11-20T03:00:00.000Z');
}

/** A small, seeded random generator (mulberry32), so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A privacy notice good enough for a test survey. */
export const TEST_PRIVACY = {
  version: '2567-1',
  title: { th: 'ประกาศความเป็นส่วนตัว', en: 'Privacy notice' },
  body: [{ th: 'ใช้เพื่อการทดสอบเท่านั้น', en: 'For tests only.' }],
};
