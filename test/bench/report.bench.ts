/**
 * The annual participation report of a survey with 100,000 responses, on the built server as
 * `npm start` runs it, on PGlite (the budget: HTML ≤ 3 s, DOCX ≤ 5 s): the whole report
 * (results, profile, channels, open answers, complaints, activities, improvement actions) asked
 * over HTTP with an API token as HTML, DOCX and JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedSurveys } from '../../src/server/content.js';
import { type Db, openPglite } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrations.js';
import { createApiToken } from '../../src/server/store/staff.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { buildAll, startServer } from '../helpers/server.js';
import { type BenchResult, type Budget, budget, budgetTable, fmt, median, table } from './lib.js';
import { assertValid, insertRows, STAKEHOLDER, seeded, stakeholderResponse } from './server-lib.js';

const RESPONSES = 100_000;
const COMPLAINTS = 2_000;
const RUNS = 3;
const FISCAL_YEAR = 2569;

interface Timing {
  format: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  kilobytes: number;
}

/** 100,000 stakeholder responses, complaints with their handling, activities and actions of the year. */
async function seed(db: Db): Promise<number> {
  await migrate(db);
  for (const survey of shippedSurveys()) await publishSurvey(db, survey);
  const rng = seeded(2570);
  await assertValid(stakeholderResponse(seeded(1)));
  const started = performance.now();
  for (let i = 0; i < RESPONSES; i += 2000)
    await insertRows(
      db,
      'responses',
      Array.from({ length: Math.min(2000, RESPONSES - i) }, () => stakeholderResponse(rng)),
    );
  // Channels as devices record them.
  await db.query(
    `UPDATE responses SET source = (ARRAY['link', 'kiosk', 'device'])[1 + (abs(hashtext(id::text)) % 3)]
     WHERE survey_id = $1`,
    [STAKEHOLDER.id],
  );
  await db.query(
    `INSERT INTO responses (id, survey_id, survey_version, answers, started_at, completed_at, locale, app_version,
       privacy_version, privacy_accepted_at, content_hash, rating_values)
     SELECT gen_random_uuid(), 'complaint', 1,
       jsonb_build_object('category', (ARRAY['service_complaint', 'suggestion', 'compliment', 'information_request'])[1 + g % 4],
         'topic', 'เรื่องที่ ' || g, 'description', 'รายละเอียด', 'wants_reply', 'no'),
       t - interval '5 minutes', t, 'th', '0.1.0', '2567-1', t, md5(g::text), '{}'
     FROM generate_series(1, ${COMPLAINTS}) AS g,
       LATERAL (SELECT timestamptz '2025-10-02 03:00+00' + (g % 360) * interval '1 day' AS t) d`,
  );
  await db.query(
    `INSERT INTO complaint_handling (response_id, status, case_type, assignee_unit, due_on, closed_at, updated_by)
     SELECT id, CASE WHEN n % 3 = 0 THEN 'in_progress' ELSE 'closed' END, 'complaint',
       (ARRAY['กลุ่มอำนวยการ', 'กลุ่มบริหารงานบุคคล', 'กลุ่มนโยบายและแผน'])[1 + n % 3],
       (completed_at + interval '20 days')::date,
       CASE WHEN n % 3 = 0 THEN NULL ELSE completed_at + (n % 30) * interval '1 day' END, 'bench'
     FROM (SELECT id, completed_at, row_number() OVER () AS n FROM responses WHERE survey_id = 'complaint') c`,
  );
  await db.query(
    `INSERT INTO activities (id, fiscal_year, held_on, title, place, level, groups, participants, recorded_by,
       recorded_at, sent_by, content_hash, approved_by, approved_position, approved_at)
     SELECT gen_random_uuid(), ${FISCAL_YEAR}, date '2025-10-15' + g * 7, 'กิจกรรมที่ ' || g, 'สำนักงาน',
       (ARRAY['inform', 'consult', 'involve', 'collaborate', 'empower'])[1 + g % 5], '{parent}',
       jsonb_build_object('parent', 20 + g, 'teacher', 5 + g % 7), 'bench', now(), 'bench', md5(g::text),
       'ผอ.', 'ผู้อำนวยการ', now()
     FROM generate_series(1, 40) AS g`,
  );
  await db.query(
    `INSERT INTO improvement_actions (id, fiscal_year, title, description, owner, starts_on, ends_on, status, progress,
       created_by, updated_by)
     SELECT gen_random_uuid(), ${FISCAL_YEAR}, 'แนวทางปรับปรุงที่ ' || g, 'รายละเอียดของแนวทาง', 'กลุ่มอำนวยการ',
       date '2026-01-01', date '2026-09-30', 'in_progress', g * 4, 'bench', 'bench'
     FROM generate_series(1, 20) AS g`,
  );
  await db.query(
    `INSERT INTO action_milestones (id, action_id, position, title, due_on)
     SELECT gen_random_uuid(), a.id, m, 'ขั้นตอนที่ ' || m, date '2026-03-01' + m * 30
     FROM improvement_actions a, generate_series(1, 3) AS m`,
  );
  await db.query(
    `INSERT INTO action_findings (action_id, finding_key, finding)
     SELECT id, 'gap:stakeholder-satisfaction:inform_1', '{"label": "ข้อ 1 ผลต่างติดลบ"}' FROM improvement_actions`,
  );
  await db.query('ANALYZE');
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<BenchResult> {
  buildAll();
  const dataDir = mkdtempSync(join(tmpdir(), 'siang-bench-report-'));
  const db = await openPglite(dataDir);
  let seedSeconds: number;
  let token: string;
  try {
    console.log(`  seeding ${RESPONSES.toLocaleString('en')} responses into PGlite…`);
    seedSeconds = await seed(db);
    token = await createApiToken(db, { name: 'bench', role: 'admin' });
  } finally {
    await db.close();
  }
  const server = await startServer({ dataDir, env: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' } });
  const headers = { authorization: `Bearer ${token}` };
  const url = (format: string) =>
    `${server.url}/api/v1/surveys/${STAKEHOLDER.id}/report?fiscalYear=${FISCAL_YEAR}&format=${format}`;
  const timings: Timing[] = [];
  try {
    // The first request warms the survey cache and the database's buffers; it is not counted.
    await fetch(url('json'), { headers }).then((r) => r.arrayBuffer());
    for (const format of ['html', 'docx', 'json']) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const r = await fetch(url(format), { headers });
        const body = await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`report ${format} answered ${r.status}`);
        times.push(performance.now() - started);
        bytes = body.byteLength;
        if (format === 'json') {
          const total = (JSON.parse(Buffer.from(body).toString('utf8')) as { part2: { total?: number } }).part2.total;
          if (total !== RESPONSES) throw new Error(`total ${total}`);
        }
      }
      timings.push({
        format,
        medianMs: median(times),
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
        kilobytes: bytes / 1024,
      });
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const of = (format: string) => (timings.find((t) => t.format === format)?.medianMs ?? Number.NaN) / 1000;
  const budgets: Budget[] = [
    budget('Annual report of 100,000 responses as HTML, median (PGlite)', of('html'), 3, 's'),
    budget('Annual report of 100,000 responses as DOCX, median (PGlite)', of('docx'), 5, 's'),
  ];
  const markdown = [
    '### Budgets',
    '',
    budgetTable(budgets),
    '',
    `${RESPONSES.toLocaleString('en')} responses to the stakeholder survey (fiscal year ${FISCAL_YEAR}, three channels,`,
    `30 % with a suggestion), ${COMPLAINTS.toLocaleString('en')} complaints with their handling, 40 approved activities`,
    'and 20 improvement actions with milestones are inserted straight into PGlite; the built server starts on it',
    `and a script asks for the whole report over HTTP with an API token. Each figure is the median of ${RUNS}`,
    'requests after one warm-up request (JSON); it includes building the model (every figure aggregated in',
    'SQL), laying it out and writing the HTML or the Word file.',
    '',
    `Seeding took ${fmt(seedSeconds, 1)} s (not a budget).`,
    '',
    table(
      ['Format', 'Median', 'Min', 'Max', 'Size'],
      timings.map((t) => [
        t.format.toUpperCase(),
        `${fmt(t.medianMs, 0)} ms`,
        `${fmt(t.minMs, 0)} ms`,
        `${fmt(t.maxMs, 0)} ms`,
        `${fmt(t.kilobytes, 0)} KB`,
      ]),
    ),
  ].join('\n');
  return { markdown, json: { budgets, timings, seedSeconds } };
}
