/**
 * What the endpoint and results benchmarks share: realistic responses to the shipped
 * stakeholder survey, a direct batched insert (the ceiling the endpoint is compared with),
 * the built server started on PGlite or on a PostgreSQL cluster started from the machine's
 * binaries, and the server's peak memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '../../src/core/ids.js';
import { canonicalJson } from '../../src/core/protocol.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Queryable } from '../../src/server/db/database.js';
import { ratingValues, ratingValuesText } from '../../src/server/store/rating-values.js';
import { contentHash } from '../../src/server/store/submissions.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { ROOT } from '../helpers/server.js';

/** The shipped stakeholder survey, with its school list read in as the server does. */
export const STAKEHOLDER = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;

/** A small seeded generator (mulberry32), so every run sends the same responses. */
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

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

const questions = STAKEHOLDER.sections.flatMap((s) => s.questions);
const optionsOf = (id: string): string[] => {
  const q = questions.find((x) => x.id === id);
  return q && 'options' in q ? q.options.map((o) => o.value) : [];
};
const SCHOOLS = (STAKEHOLDER.lists?.schools ?? []).map((s) => s.value);
const PAIRS = questions.filter((q) => q.type === 'rating-pair').map((q) => q.id);
const SCHOOL_GROUPS = new Set(['school_executive', 'teacher', 'education_personnel', 'student', 'parent']);
const SUGGESTIONS = [
  'อยากให้สำนักงานแจ้งข่าวผ่านไลน์กลุ่มผู้ปกครองเร็วขึ้น',
  'ขอให้จัดประชุมรับฟังความคิดเห็นในวันหยุดเพื่อให้ผู้ปกครองมาได้',
  'เว็บไซต์ใช้งานบนโทรศัพท์ยาก',
  'ขอบคุณที่เปิดช่องทางให้แสดงความคิดเห็น',
];

/** A complete, valid answer set of the stakeholder survey (21 rating pairs, some suggestions). */
export function stakeholderAnswers(rng: () => number): Record<string, unknown> {
  const group = pick(rng, optionsOf('group'));
  const answers: Record<string, unknown> = {
    group,
    gender: pick(rng, optionsOf('gender')),
    age: pick(rng, optionsOf('age')),
    contact_channels: [
      ...new Set([pick(rng, optionsOf('contact_channels')), pick(rng, optionsOf('contact_channels'))]),
    ],
  };
  if (SCHOOL_GROUPS.has(group)) answers.school = pick(rng, SCHOOLS);
  for (const id of PAIRS) {
    const expectation = 3 + Math.floor(rng() * 3);
    answers[id] = { expectation, satisfaction: Math.max(1, expectation - Math.floor(rng() * 3)) };
  }
  if (rng() < 0.3) answers.suggestions = pick(rng, SUGGESTIONS);
  return answers;
}

/** A completed response as a device sends it, completed on a day of fiscal year 2569. */
export function stakeholderResponse(rng: () => number): Record<string, unknown> {
  const day = new Date(Date.UTC(2025, 9, 1) + Math.floor(rng() * 360) * 86_400_000 + 3 * 3_600_000);
  return {
    id: newId(),
    surveyId: STAKEHOLDER.id,
    surveyVersion: STAKEHOLDER.version,
    answers: stakeholderAnswers(rng),
    startedAt: new Date(day.getTime() - 300_000).toISOString(),
    completedAt: day.toISOString(),
    locale: rng() < 0.9 ? 'th' : 'en',
    appVersion: '0.1.0',
    privacyVersion: STAKEHOLDER.privacy.version,
    privacyAcceptedAt: new Date(day.getTime() - 290_000).toISOString(),
  };
}

/** Bytes of a batch as JSON. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

const SHIPPED = shippedSurveys();
const surveyOf = (id: unknown, version: unknown): SurveyDefinition => {
  const survey = SHIPPED.find((s) => s.id === id && s.version === version);
  if (!survey) throw new Error(`no shipped survey ${String(id)} version ${String(version)}`);
  return survey;
};

/** Inserts responses into `table` (shaped as `responses`) in one statement, as the endpoint does. */
export async function insertRows(db: Queryable, table: string, responses: readonly Record<string, unknown>[]) {
  const rows = responses.map((r) => {
    const answers = r.answers as Record<string, unknown>;
    const survey = surveyOf(r.surveyId, r.surveyVersion);
    return {
      id: r.id,
      survey_id: r.surveyId,
      survey_version: r.surveyVersion,
      answers,
      started_at: r.startedAt,
      completed_at: r.completedAt,
      locale: r.locale,
      app_version: r.appVersion,
      privacy_version: r.privacyVersion,
      privacy_accepted_at: r.privacyAcceptedAt,
      content_hash: contentHash(r as never),
      school: typeof answers.school === 'string' ? answers.school : null,
      respondent_group: typeof answers.group === 'string' ? answers.group : null,
      rating_values: ratingValuesText(ratingValues(survey, answers as never)),
    };
  });
  await db.query(
    `INSERT INTO ${table} (id, survey_id, survey_version, answers, started_at, completed_at, locale,
        app_version, privacy_version, privacy_accepted_at, content_hash, school, respondent_group, rating_values)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, survey_id text, survey_version integer,
        answers jsonb, started_at timestamptz, completed_at timestamptz, locale text, app_version text,
        privacy_version text, privacy_accepted_at timestamptz, content_hash text, school text,
        respondent_group text, rating_values smallint[])
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/**
 * The ceiling: the same rows inserted straight into `table` (a copy of `responses`), `batch` at a
 * time through one connection, with the same jsonb_to_recordset statement the endpoint uses but
 * none of its checks. Returns rows per second.
 */
export async function directInsert(
  db: Queryable,
  table: string,
  responses: readonly Record<string, unknown>[],
  batch: number,
): Promise<{ seconds: number; perSecond: number }> {
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(`CREATE TABLE ${table} (LIKE responses INCLUDING ALL)`);
  const started = performance.now();
  for (let i = 0; i < responses.length; i += batch) await insertRows(db, table, responses.slice(i, i + batch));
  const seconds = (performance.now() - started) / 1000;
  await db.query(`DROP TABLE ${table}`);
  return { seconds, perSecond: responses.length / seconds };
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
export function memoryOf(pid: number): { peakMb: number; currentMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, currentMb: kb('VmRSS') / 1024 };
}

/** A PostgreSQL cluster for the run, or why there is none. */
export async function maybePostgres(): Promise<TestPostgres | string> {
  if (!postgresAvailable()) return 'PostgreSQL 15 binaries not found (PG_BIN); PostgreSQL figures skipped';
  return startPostgres();
}

/** Checks the generator against the survey once, so a bench never measures rejections. */
export async function assertValid(sample: Record<string, unknown>): Promise<void> {
  const { checkResponse } = await import('../../src/core/answers.js');
  const problems = checkResponse(STAKEHOLDER, sample.answers as never, '2026-09-30');
  if (problems.length) throw new Error(`generated response breaks the survey: ${canonicalJson(problems)}`);
}

export const BUILT_SERVER = join(ROOT, 'build/server/main.js');
