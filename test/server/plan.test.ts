// @vitest-environment node
/**
 * The stakeholder register and the participation plan through the API, on both databases: an
 * admin builds the register and the plan, approves and publishes it; progress with a Siang
 * source is worked out from the survey results; the plan goes out as JSON, CSV and XLSX and comes
 * back the same; a bad row changes nothing; the public route shows published rows only, without
 * notes or names; next year is built from this one in one action.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import { newId } from '../../src/core/ids.js';
import { ROOT } from '../helpers/server.js';
import { type TestDatabase, useBackends } from './backends.js';
import { call, getJson, type Staff, serverWith, stakeholderResponse, staffOf, storeAll } from './results-helpers.js';

const backends = useBackends();
const FY = 2569;
const START = JSON.parse(readFileSync(join(ROOT, 'src/content/plan/starting-register-2570.json'), 'utf8')) as {
  missions: unknown[];
  groups: { id: string }[];
  channels: unknown[];
};
const PERSON = 'นางสาวสมศรี ผู้รับผิดชอบ';
const NOTE = 'บันทึกภายใน ห้ามเผยแพร่';

/** A plan row as the editor sends it. */
const row = (over: Record<string, unknown> = {}) => ({
  mission: 'M1',
  group: 'parent',
  level: 'consult',
  expectation: 'อยากรู้ผลการเรียนของบุตรหลานเร็วขึ้น',
  evidence: `stakeholder-satisfaction/${FY}/dimension/inform`,
  channels: ['website', 'meeting'],
  frequency: 'per_term',
  practice: 'ประชุมผู้ปกครองภาคเรียนละครั้ง',
  indicator: {
    what: 'ความพึงพอใจด้านการให้ข้อมูลข่าวสาร',
    target: 3.5,
    unit: 'x̄',
    source: 'survey:stakeholder-satisfaction/dimension/inform/satisfaction',
  },
  responsibleUnit: 'กลุ่มส่งเสริมการจัดการศึกษา',
  responsiblePerson: PERSON,
  note: NOTE,
  ...over,
});

describe.each(backends)('the register and the plan, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  const ids: Record<string, string> = {};
  const plan = (fy = FY) => getJson<Record<string, unknown>>(app, staff.admin, `/api/v1/plan?fiscalYear=${fy}`);
  const exported = async (format: string, fy = FY) => {
    const r = await call(app, staff.supervisor, 'GET', `/api/v1/plan?fiscalYear=${fy}&format=${format}`);
    expect(r.statusCode).toBe(200);
    return r;
  };
  const upload = (url: string, body: string | Buffer, type: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...{ cookie: staff.admin.cookie }, 'content-type': type },
      payload: body,
    });

  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    await storeAll(
      db,
      [10, 11, 12, 13, 14, 15].map((d) => stakeholderResponse({ group: 'parent', at: `2025-11-${d}T03:00:00.000Z` })),
    );
    const channels = await call(app, staff.admin, 'PUT', '/api/v1/register/channels', { channels: START.channels });
    expect(channels.statusCode).toBe(200);
    const matrix = [
      { mission: 'M1', group: 'parent', reason: 'ผู้ปกครองได้รับผลจากงานวิชาการโดยตรง' },
      { mission: 'S1', group: 'student', reason: 'ความปลอดภัยของนักเรียน' },
    ];
    const saved = await call(app, staff.admin, 'PUT', `/api/v1/register?fiscalYear=${FY}`, {
      missions: START.missions,
      groups: START.groups,
      matrix,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    for (const [key, over] of [
      ['survey', {}],
      [
        'manual',
        {
          group: 'student',
          mission: 'S1',
          level: 'involve',
          evidence: null,
          indicator: { what: 'จำนวนโรงเรียนที่มีแผนความปลอดภัย', target: 22, unit: 'โรงเรียน', source: 'manual' },
        },
      ],
      [
        'activities',
        {
          group: 'teacher',
          level: 'collaborate',
          evidence: null,
          indicator: { what: 'จำนวนกิจกรรม', target: 2, unit: 'ครั้ง', source: 'activities' },
        },
      ],
    ] as const) {
      const r = await call(app, staff.admin, 'POST', `/api/v1/plan/rows?fiscalYear=${FY}`, row(over));
      expect(r.statusCode, r.body).toBe(200);
      ids[key] = r.json().id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('supervisors read the register and the plan but may not change them', async () => {
    const register = await getJson(app, staff.supervisor, `/api/v1/register?fiscalYear=${FY}`);
    expect((register.groups as { id: string }[]).map((g) => g.id)).toEqual(START.groups.map((g) => g.id));
    expect(register.matrix).toHaveLength(2);
    const r = await call(app, staff.supervisor, 'POST', `/api/v1/plan/rows?fiscalYear=${FY}`, row({ level: 'inform' }));
    expect(r.statusCode).toBe(403);
  });

  it("the survey's group options and the register name the same groups", async () => {
    const check = await getJson<{ surveys: { surveyId: string; onlyInSurvey: string[]; onlyInRegister: string[] }[] }>(
      app,
      staff.supervisor,
      `/api/v1/register/reconcile?fiscalYear=${FY}`,
    );
    expect(check.surveys.find((s) => s.surveyId === 'stakeholder-satisfaction')).toMatchObject({
      onlyInSurvey: [],
      onlyInRegister: [],
    });
    const empty = await getJson<typeof check>(app, staff.supervisor, '/api/v1/register/reconcile?fiscalYear=2560');
    expect(empty.surveys.find((s) => s.surveyId === 'stakeholder-satisfaction')?.onlyInSurvey).toContain('parent');
  });

  it('a survey indicator is worked out from the results, with % of target; a manual one is typed', async () => {
    const r = await call(app, staff.admin, 'PUT', `/api/v1/plan/rows/${ids.manual}/progress/6`, {
      value: 11,
      problem: 'บางโรงเรียนยังไม่ส่งแผน',
      done: 'ติดตามทางหนังสือราชการ',
    });
    expect(r.statusCode, r.body).toBe(200);
    const rows = (await plan()).rows as { id: string; progress: unknown[]; evidenceFigures: unknown }[];
    const survey = rows.find((x) => x.id === ids.survey);
    expect(survey?.progress[0]).toMatchObject({ round: 6, value: 3, computed: true, percent: 85.7, onTarget: false });
    expect(survey?.evidenceFigures).toMatchObject({ expectation: 4, satisfaction: 3, gap: -1 });
    const manual = rows.find((x) => x.id === ids.manual);
    expect(manual?.progress[0]).toMatchObject({ round: 6, value: 11, computed: false, percent: 50, onTarget: false });
    const activities = rows.find((x) => x.id === ids.activities);
    expect(activities?.progress[1]).toMatchObject({ round: 12, value: 0, computed: true, percent: 0 });
  });

  it('an approved activity logged for a row raises its activity count in its round; an unapproved one does not', async () => {
    const activity = (date: string, planRowId: string | null = ids.activities ?? null) => ({
      id: newId(),
      date,
      title: 'ประชุมเชิงปฏิบัติการร่วมกับครู',
      place: 'ห้องประชุม',
      planRowId,
      level: 'collaborate',
      groups: ['teacher'],
      participants: { teacher: 20 },
      contributions: '',
      summary: '',
      result: '',
      followUp: '',
      public: false,
      recordedBy: 'ผู้บันทึก',
      recordedAt: `${date}T08:00:00.000Z`,
      attachments: [],
    });
    // FY 2569: round 6 runs to 31 March 2026, round 12 to 30 September 2026.
    const autumn = activity('2025-11-20');
    const spring = activity('2026-05-10');
    const unapproved = activity('2025-12-01');
    const otherRow = activity('2025-12-02', ids.manual);
    const nextYear = activity('2026-10-05');
    const sent = await call(app, staff.admin, 'POST', '/api/v1/activities/submissions', {
      activities: [autumn, spring, unapproved, otherRow, nextYear],
    });
    expect(sent.json().results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('stored'));
    const counts = async () => {
      const rows = (await plan()).rows as { id: string; progress: { value: number | null }[] }[];
      return rows.find((x) => x.id === ids.activities)?.progress.map((p) => p.value);
    };
    expect(await counts()).toEqual([0, 0]);
    for (const a of [autumn, spring, otherRow, nextYear]) {
      const r = await call(app, staff.admin, 'POST', `/api/v1/activities/${a.id}/approve`, { position: 'ผอ.กลุ่ม' });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect(await counts()).toEqual([1, 2]);
    const rows = (await plan()).rows as { id: string; progress: unknown[] }[];
    expect(rows.find((x) => x.id === ids.activities)?.progress[1]).toMatchObject({ percent: 100, onTarget: true });
    const stored = await call(app, staff.supervisor, 'GET', `/api/v1/activities/${autumn.id}`);
    expect(stored.json().planRowId).toBe(ids.activities);
  });

  it('approval and publication: only published rows reach the public route, without notes or names', async () => {
    const none = await app.inject({ method: 'GET', url: `/api/v1/public/plan?fiscalYear=${FY}` });
    expect([none.statusCode, none.json().rows]).toEqual([200, []]);
    const approval = { by: 'นายวันศักดิ์ คำแหง', position: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา', date: '2025-10-15' };
    const refused = await call(app, staff.admin, 'POST', '/api/v1/plan/publish', { fiscalYear: FY, ids: [ids.survey] });
    expect(refused.json().ids).toEqual([]);
    const approved = await call(app, staff.admin, 'POST', '/api/v1/plan/approve', { fiscalYear: FY, approval });
    expect(approved.json().ids).toHaveLength(3);
    const published = await call(app, staff.admin, 'POST', '/api/v1/plan/publish', {
      fiscalYear: FY,
      ids: [ids.survey, ids.manual],
    });
    expect(published.json().ids.sort()).toEqual([ids.survey, ids.manual].sort());
    const audit = await db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'plan_%' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual(['plan_approved', 'plan_published']);

    const pub = await app.inject({ method: 'GET', url: `/api/v1/public/plan?fiscalYear=${FY}` });
    expect(pub.statusCode).toBe(200);
    const body = pub.json();
    expect(body.rows.map((r: { id: string }) => r.id).sort()).toEqual([ids.survey, ids.manual].sort());
    expect(body.groups.map((g: { id: string }) => g.id).sort()).toEqual(['parent', 'student']);
    expect(body.rows.find((r: { id: string }) => r.id === ids.survey)).toMatchObject({
      channels: [{ id: 'website' }, { id: 'meeting' }],
      responsibleUnit: 'กลุ่มส่งเสริมการจัดการศึกษา',
      progress: [{ round: 6, value: 3, percent: 85.7, onTarget: false }, { round: 12 }],
    });
    for (const secret of [NOTE, PERSON, 'บางโรงเรียนยังไม่ส่งแผน', 'ติดตามทางหนังสือราชการ', 'วันศักดิ์', 'admin'])
      expect(pub.body).not.toContain(secret);
    for (const key of ['note', 'responsiblePerson', 'approval', 'evidence', 'problem', 'done', 'state'])
      expect(pub.body).not.toContain(`"${key}"`);

    // An edit sends a published row back to draft: it leaves the public page until approved again.
    const edited = await call(
      app,
      staff.admin,
      'PUT',
      `/api/v1/plan/rows/${ids.manual}`,
      row({
        group: 'student',
        mission: 'S1',
        level: 'involve',
        evidence: null,
        indicator: { what: 'จำนวนโรงเรียน', target: 22, unit: 'โรงเรียน', source: 'manual' },
      }),
    );
    expect(edited.json().state).toBe('draft');
    const after = await app.inject({ method: 'GET', url: `/api/v1/public/plan?fiscalYear=${FY}` });
    expect(after.json().rows.map((r: { id: string }) => r.id)).toEqual([ids.survey]);
  });

  it.each(['csv', 'xlsx', 'json'])('a plan exported as %s and imported back is the same plan', async (format) => {
    const before = await exported('csv');
    const file = await exported(format);
    // Change the stored plan, so the import has something to restore.
    await call(app, staff.admin, 'DELETE', `/api/v1/plan/rows/${ids.activities}`);
    expect((await plan()).rows).toHaveLength(2);
    const r =
      format === 'json'
        ? await call(app, staff.admin, 'POST', `/api/v1/plan/import?fiscalYear=${FY}`, file.json())
        : await upload(`/api/v1/plan/import?fiscalYear=${FY}`, file.rawPayload, file.headers['content-type'] as string);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().rows).toBe(3);
    expect((await exported('csv')).body).toBe(before.body);
    expect((await exported(format)).rawPayload.length).toBeGreaterThan(0);
  });

  it('a file with one bad row is refused with its row and column, and nothing changes', async () => {
    const before = (await exported('csv')).body;
    const lines = before.split('\r\n');
    const header = (lines[0] as string).replace(/^\uFEFF/, '').split(',');
    const levelAt = header.indexOf('level');
    const cells = (lines[2] as string).split(',');
    cells[levelAt] = 'dictate';
    const bad = [lines[0], lines[1], cells.join(','), ...lines.slice(3)].join('\r\n');
    // The first row is changed in the file too: it must not be written either.
    const changed = bad.replace('ประชุมผู้ปกครองภาคเรียนละครั้ง', 'เปลี่ยนแล้ว');
    const r = await upload(`/api/v1/plan/import?fiscalYear=${FY}`, changed, 'text/csv');
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ error: 'invalid_file', row: 3, column: 'level' });
    expect((await exported('csv')).body).toBe(before);
    const audit = await db.query("SELECT 1 FROM audit_log WHERE action = 'plan_imported'");
    expect(audit).toHaveLength(3);
  });

  it('the register goes out and comes back the same, as CSV, XLSX and JSON', async () => {
    const get = (format: string) => call(app, staff.admin, 'GET', `/api/v1/register?fiscalYear=${FY}&format=${format}`);
    const before = (await get('csv')).body;
    for (const format of ['csv', 'xlsx', 'json']) {
      const file = await get(format);
      const r =
        format === 'json'
          ? await call(app, staff.admin, 'POST', `/api/v1/register/import?fiscalYear=${FY}`, file.json())
          : await upload(
              `/api/v1/register/import?fiscalYear=${FY}`,
              file.rawPayload,
              file.headers['content-type'] as string,
            );
      expect(r.statusCode, r.body).toBe(200);
      expect((await get('csv')).body).toBe(before);
    }
    // A register that drops a group the plan uses is refused, and nothing changes.
    const dropped = before
      .split('\r\n')
      .filter((l) => !l.startsWith('group,parent,') && !l.startsWith('link,'))
      .join('\r\n');
    const r = await upload(`/api/v1/register/import?fiscalYear=${FY}`, dropped, 'text/csv');
    expect(r.statusCode).toBe(409);
    expect((await get('csv')).body).toBe(before);
  });

  it("copy forward builds next year's register and plan from this year's, as drafts", async () => {
    const r = await call(app, staff.admin, 'POST', '/api/v1/plan/copy-forward', { from: FY, to: FY + 1 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ missions: START.missions.length, groups: START.groups.length, rows: 3 });
    const next = await plan(FY + 1);
    const rows = next.rows as { id: string; state: string; approval: unknown; fiscalYear: number; evidence: unknown }[];
    expect(rows.map((x) => [x.state, x.approval, x.fiscalYear])).toEqual(Array(3).fill(['draft', null, FY + 1]));
    expect(rows.some((x) => Object.values(ids).includes(x.id))).toBe(false);
    // The evidence of the old plan (its own year's survey) becomes the new plan's last year.
    expect(rows.map((x) => x.evidence)).toContainEqual({
      surveyId: 'stakeholder-satisfaction',
      fiscalYear: FY + 1,
      target: 'dimension',
      id: 'inform',
    });
    expect(next.matrix).toHaveLength(2);
    const again = await call(app, staff.admin, 'POST', '/api/v1/plan/copy-forward', { from: FY, to: FY + 1 });
    expect(again.statusCode).toBe(409);
    expect((await plan(FY)).rows).toHaveLength(3);
  });
});
