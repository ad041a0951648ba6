// @vitest-environment node
/**
 * "You said, we did" through the API, on both databases: the findings of a fiscal year come from
 * the data (a negative gap, the IPA chart's "concentrate here" quadrant, a complaint topic chosen
 * twice or more, an approved activity's result) with the results' own figures; staff turn them
 * into actions whose status sets a default progress and whose link keeps a copy of the finding;
 * the actions go out as CSV and XLSX and their progress comes back from the same file, a bad cell
 * naming its row and column and changing nothing; the public route shows published actions only.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { ipaCentre, ipaQuadrant } from '../../src/core/ipa.js';
import type { Db } from '../../src/server/db/database.js';
import { storeActivities } from '../../src/server/store/activities.js';
import { readXlsformFile } from '../../src/server/xlsform-read.js';
import { type TestDatabase, useBackends } from './backends.js';
import { aResponse, complaintAnswers } from './fixtures.js';
import { call, getJson, type Staff, serverWith, stakeholderResponse, staffOf, storeAll } from './results-helpers.js';

const backends = useBackends();
const FY = 2569;
/** In FY 2569 (1 Oct 2025 – 30 Sep 2026). */
const AT = '2025-12-01T03:00:00.000Z';
const ACTIVITY = '01900000-0000-7000-8000-0000000000c1';

interface FindingView {
  key: string;
  kind: string;
  label: { th: string; en: string };
  figures: Record<string, number | string | null>;
  detail?: string;
  actions: string[];
}
interface ActionView {
  id: string;
  status: string;
  progress: number;
  public: boolean;
  publishedAt: string | null;
  milestones: { id: string; title: string; dueOn: string | null; doneOn: string | null }[];
  findings: { key: string; finding: FindingView }[];
}

const action = (over: Record<string, unknown> = {}) => ({
  fiscalYear: FY,
  title: 'ปรับปรุงการแจ้งข่าวสารทางเว็บไซต์',
  description: 'ประกาศผลการดำเนินงานทุกเดือน',
  owner: 'กลุ่มอำนวยการ',
  startsOn: '2025-12-15',
  endsOn: '2026-03-31',
  status: 'planned',
  public: false,
  milestones: [
    { title: 'ออกแบบหน้าเว็บ', dueOn: '2026-01-15', doneOn: null },
    { title: 'เผยแพร่ครั้งแรก', dueOn: '2026-02-01', doneOn: null },
  ],
  findings: [{ key: 'gap:stakeholder-satisfaction:inform_1' }],
  ...over,
});

describe.each(backends)('findings and improvement actions, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  const upload = (body: string | Buffer, type: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/actions/import',
      headers: { cookie: staff.supervisor.cookie, 'content-type': type },
      payload: body,
    });
  const exported = async (format: 'csv' | 'xlsx') => {
    const r = await call(app, staff.supervisor, 'GET', `/api/v1/actions/export?fiscalYear=${FY}&format=${format}`);
    expect(r.statusCode, r.body).toBe(200);
    return r;
  };
  const actions = async () =>
    (await getJson<{ actions: ActionView[] }>(app, staff.supervisor, `/api/v1/actions?fiscalYear=${FY}`)).actions;
  const findings = async () =>
    (await getJson<{ findings: FindingView[] }>(app, staff.supervisor, `/api/v1/findings?fiscalYear=${FY}`)).findings;

  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    // Six respondents: inform_1 expected 5, got 2 (gap −3, concentrate here); service_1 expected 3,
    // got 5 (a positive gap); every other item 4 → 3 (gap −1).
    const answers = { inform_1: { expectation: 5, satisfaction: 2 }, service_1: { expectation: 3, satisfaction: 5 } };
    await storeAll(
      db,
      Array.from({ length: 6 }, () => stakeholderResponse({ group: 'parent', at: AT, answers })),
    );
    // An excluded response would turn inform_1's gap positive: it must not count.
    const excluded = stakeholderResponse({
      group: 'parent',
      at: AT,
      answers: { inform_1: { expectation: 1, satisfaction: 5 } },
    });
    await storeAll(db, [excluded]);
    await db.query(`UPDATE responses SET exclusion = 'excluded', exclusion_at = now() WHERE id = $1`, [excluded.id]);
    // Complaints of 2569: staff conduct three times, a suggestion once; one of 2570.
    const complaint = (category: string, at = AT) =>
      aResponse({ id: newId(), answers: complaintAnswers({ category }), startedAt: at, completedAt: at });
    await storeAll(db, [
      complaint('staff_conduct'),
      complaint('staff_conduct'),
      complaint('staff_conduct'),
      complaint('suggestion'),
      complaint('suggestion', '2026-11-20T03:00:00.000Z'),
    ]);
    // An approved activity with a result, and one not approved.
    const activity = (id: string, title: string) => ({
      id,
      date: '2025-12-10',
      title,
      place: 'สำนักงาน',
      planRowId: null,
      level: 'consult',
      groups: ['parent'],
      participants: { parent: 12, teacher: 3 },
      contributions: '',
      summary: '',
      result: 'ผู้ปกครองขอให้แจ้งกำหนดการล่วงหน้า',
      followUp: '',
      public: true,
      recordedBy: 'เจ้าหน้าที่',
      recordedAt: '2025-12-10T08:00:00.000Z',
      attachments: [],
    });
    const stored = await storeActivities(db, [activity(ACTIVITY, 'ประชุมผู้ปกครอง'), activity(newId(), 'ยังไม่อนุมัติ')], {
      name: 'test',
      deviceId: null,
      staff: true,
    });
    expect(stored.map((s) => s.status)).toEqual(['stored', 'stored']);
    await db.query(`UPDATE activities SET approved_at = now(), approved_by = 'admin' WHERE id = $1`, [ACTIVITY]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('finds the negative gaps with the results’ own figures, counted responses only', async () => {
    const all = await findings();
    const results = await getJson<{ items: { question: string; gap?: number; satisfaction?: { mean: number } }[] }>(
      app,
      staff.supervisor,
      `/api/v1/surveys/stakeholder-satisfaction/results?fy=${FY}`,
    );
    const gaps = all.filter((f) => f.kind === 'gap');
    const negative = results.items.filter((i) => (i.gap ?? 0) < 0);
    expect(gaps.map((g) => g.key).sort()).toEqual(
      negative.map((i) => `gap:stakeholder-satisfaction:${i.question}`).sort(),
    );
    expect(gaps[0]).toMatchObject({
      key: 'gap:stakeholder-satisfaction:inform_1',
      figures: { n: 6, expectation: 5, satisfaction: 2, gap: -3 },
      actions: [],
    });
    expect(gaps.some((g) => g.key.endsWith(':service_1'))).toBe(false);
  });

  it('lists under "concentrate here" exactly the items the IPA chart puts there', async () => {
    const results = await getJson<{
      items: { question: string; expectation?: { mean: number }; satisfaction?: { mean: number } }[];
    }>(app, staff.supervisor, `/api/v1/surveys/stakeholder-satisfaction/results?fy=${FY}`);
    const points = results.items.map((i) => ({
      q: i.question,
      x: i.expectation?.mean as number,
      y: i.satisfaction?.mean as number,
    }));
    const centre = ipaCentre(points);
    const expected = points.filter((p) => ipaQuadrant(p, centre) === 'concentrate').map((p) => p.q);
    expect(expected).toContain('inform_1');
    const ipa = (await findings()).filter((f) => f.kind === 'ipa');
    expect(ipa.map((f) => f.key.split(':')[2])).toEqual(expected);
  });

  it('counts complaint topics over the fiscal year: chosen twice or more is recurring', async () => {
    const topics = (await findings()).filter((f) => f.kind === 'topic');
    expect(topics).toEqual([
      expect.objectContaining({
        key: 'topic:complaint:staff_conduct',
        figures: { n: 3, of: 4 },
        label: expect.objectContaining({ en: expect.any(String) }),
      }),
    ]);
  });

  it('lists approved activities of the year with their result', async () => {
    const activities = (await findings()).filter((f) => f.kind === 'activity');
    expect(activities).toEqual([
      expect.objectContaining({
        key: `activity:${ACTIVITY}`,
        label: { th: 'ประชุมผู้ปกครอง', en: 'ประชุมผู้ปกครอง' },
        detail: 'ผู้ปกครองขอให้แจ้งกำหนดการล่วงหน้า',
        figures: { heldOn: '2025-12-10', level: 'consult', participants: 15 },
      }),
    ]);
  });

  it('a supervisor turns a finding into an action: a copy of the finding is kept, the finding names the action', async () => {
    const r = await call(app, staff.supervisor, 'POST', '/api/v1/actions', action());
    expect(r.statusCode, r.body).toBe(200);
    const created = r.json() as ActionView;
    expect(created).toMatchObject({ status: 'planned', progress: 0, public: false, publishedAt: null });
    expect(created.milestones.map((m) => m.title)).toEqual(['ออกแบบหน้าเว็บ', 'เผยแพร่ครั้งแรก']);
    expect(created.findings).toEqual([
      {
        key: 'gap:stakeholder-satisfaction:inform_1',
        finding: expect.objectContaining({ kind: 'gap', figures: { n: 6, expectation: 5, satisfaction: 2, gap: -3 } }),
      },
    ]);
    const linked = (await findings()).find((f) => f.key === 'gap:stakeholder-satisfaction:inform_1');
    expect(linked?.actions).toEqual([created.id]);
    expect(
      await db.query("SELECT actor FROM audit_log WHERE action = 'action_created' AND target = $1", [created.id]),
    ).toEqual([{ actor: 'supervisor' }]);
    // More responses change the figures; the action keeps the copy it linked.
    await storeAll(
      db,
      Array.from({ length: 3 }, () =>
        stakeholderResponse({ group: 'parent', at: AT, answers: { inform_1: { expectation: 5, satisfaction: 5 } } }),
      ),
    );
    const fresh = (await findings()).find((f) => f.key === 'gap:stakeholder-satisfaction:inform_1');
    expect(fresh?.figures.satisfaction).toBe(3);
    const saved = await call(app, staff.supervisor, 'PUT', `/api/v1/actions/${created.id}`, {
      ...action({ status: 'in_progress' }),
      milestones: created.milestones,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((saved.json() as ActionView).findings[0]?.finding.figures.satisfaction).toBe(2);
    await db.query('DELETE FROM responses WHERE id IN (SELECT id FROM responses ORDER BY received_at DESC LIMIT 3)');
  });

  it('a status gives its default progress unless one is given', async () => {
    const [a] = await actions();
    const id = a?.id as string;
    const put = async (over: Record<string, unknown>) => {
      const r = await call(app, staff.admin, 'PUT', `/api/v1/actions/${id}`, action(over));
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as ActionView).progress;
    };
    expect(a?.progress).toBe(10);
    expect(await put({ status: 'in_progress', progress: 40 })).toBe(40);
    expect(await put({ status: 'delayed' })).toBe(40);
    expect(await put({ status: 'in_progress' })).toBe(40);
    expect(await put({ status: 'done' })).toBe(100);
    expect(await put({ status: 'cancelled' })).toBe(100);
    expect(await put({ status: 'planned' })).toBe(0);
  });

  it('refuses a bad action with a clear message and changes nothing', async () => {
    const before = await actions();
    for (const [body, message] of [
      [action({ title: '  ' }), 'title: the title is empty'],
      [action({ status: 'finished' }), 'status: status must be one of planned, in_progress, done, delayed, cancelled'],
      [action({ progress: 101 }), 'progress'],
      [action({ startsOn: '2026-04-01', endsOn: '2026-03-01' }), 'the end date is before the start date'],
      [action({ endsOn: '31/03/2569' }), 'endsOn: a date must be written YYYY-MM-DD'],
      [
        action({ findings: [{ key: 'gap:stakeholder-satisfaction:service_1' }] }),
        'no finding gap:stakeholder-satisfaction:service_1',
      ],
      [action({ findings: [{ key: 'hunch:1' }] }), 'a finding key starts with'],
    ] as const) {
      const r = await call(app, staff.admin, 'POST', '/api/v1/actions', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().message).toContain(message);
    }
    expect(await actions()).toEqual(before);
    expect((await call(app, staff.admin, 'PUT', `/api/v1/actions/${newId()}`, action())).statusCode).toBe(404);
    expect((await call(app, staff.admin, 'DELETE', '/api/v1/actions/not-an-id')).statusCode).toBe(404);
  });

  it('exports XLSX in TH Sarabun with a frozen header and real dates, and CSV with a BOM', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await exported('xlsx')).rawPayload as never);
    const ws = book.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.name).toBe('TH Sarabun New');
    expect(ws.getRow(2).getCell(3).font?.name).toBe('TH Sarabun New');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const startsOn = ws.getRow(2).getCell(header.indexOf('starts_on') + 1).value;
    expect(startsOn).toBeInstanceOf(Date);
    expect((startsOn as Date).toISOString().slice(0, 10)).toBe('2025-12-15');
    const csv = (await exported('csv')).body;
    expect(csv.startsWith('\uFEFFaction_id,milestone_id,')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(
      await db.query("SELECT details->>'format' AS f FROM audit_log WHERE action = 'export' AND target = 'actions'"),
    ).toEqual([{ f: 'xlsx' }, { f: 'csv' }]);
  });

  it('progress edited in the exported XLSX comes back: status, progress and milestone done dates', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await exported('xlsx')).rawPayload as never);
    const ws = book.worksheets[0];
    if (!ws) throw new Error('no sheet');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    ws.getRow(2).getCell(col('status')).value = 'in_progress';
    ws.getRow(2).getCell(col('progress')).value = 60;
    ws.getRow(3).getCell(col('done_on')).value = new Date(Date.UTC(2026, 0, 14));
    const r = await upload(
      Buffer.from(await book.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ rows: 1, changed: 1 });
    const [a] = await actions();
    expect(a).toMatchObject({ status: 'in_progress', progress: 60 });
    expect(a?.milestones.map((m) => m.doneOn)).toEqual(['2026-01-14', null]);
    // The file read back is the same file.
    const again = await readXlsformFile((await exported('xlsx')).rawPayload);
    expect(again[0]?.rows[1]).toContain(60);
  });

  it('progress edited in the exported CSV comes back; an empty progress with a new status takes its default', async () => {
    const lines = (await exported('csv')).body.replace(/^\uFEFF/, '').split('\r\n');
    const header = (lines[0] as string).split(',');
    const cells = (lines[1] as string).split(',');
    cells[header.indexOf('status')] = 'done';
    cells[header.indexOf('progress')] = '';
    const r = await upload([lines[0], cells.join(','), ...lines.slice(2)].join('\r\n'), 'text/csv');
    expect(r.statusCode, r.body).toBe(200);
    expect((await actions())[0]).toMatchObject({ status: 'done', progress: 100 });
  });

  it('a file with a bad cell is refused with its row and column, and nothing changes', async () => {
    const before = await actions();
    const lines = (await exported('csv')).body.replace(/^\uFEFF/, '').split('\r\n');
    const header = (lines[0] as string).split(',');
    const edit = (row: number, column: string, value: string) => {
      const copy = [...lines];
      const first = (copy[1] as string).split(',');
      first[header.indexOf('progress')] = '5';
      copy[1] = first.join(',');
      const cells = (copy[row] as string).split(',');
      cells[header.indexOf(column)] = value;
      copy[row] = cells.join(',');
      return copy.join('\r\n');
    };
    for (const [row, column, value, problem] of [
      [1, 'progress', '150', 'not a whole number from 0 to 100'],
      [1, 'status', 'finished', 'is not one of'],
      [3, 'done_on', '14/1/2569', 'is not a date'],
      [2, 'milestone_id', newId(), 'has no milestone'],
      [1, 'action_id', newId(), 'no action'],
    ] as const) {
      const r = await upload(edit(row, column, value), 'text/csv');
      expect(r.statusCode, `${column}: ${r.body}`).toBe(422);
      expect(r.json()).toMatchObject({ error: 'invalid_file', row: row + 1, column });
      expect(r.json().message).toContain(problem);
    }
    expect(await actions()).toEqual(before);
    const wrong = await upload('not,a,header\r\n1,2,3', 'text/csv');
    expect(wrong.json()).toMatchObject({ row: 1, column: 'not' });
  });

  it('publishes: the public route shows published actions only, without internal fields', async () => {
    const second = await call(
      app,
      staff.admin,
      'POST',
      '/api/v1/actions',
      action({
        title: 'งานภายในที่ยังไม่เผยแพร่',
        description: 'INTERNAL-ONLY',
        findings: [{ key: `activity:${ACTIVITY}` }],
      }),
    );
    expect(second.statusCode, second.body).toBe(200);
    const [a] = await actions();
    const published = await call(app, staff.admin, 'PUT', `/api/v1/actions/${a?.id}`, {
      ...action({ status: 'in_progress', progress: 70, public: true }),
      milestones: a?.milestones,
    });
    expect(published.json()).toMatchObject({ public: true, publishedAt: expect.any(String) });
    const r = await call(app, null, 'GET', `/api/v1/public/actions?fiscalYear=${FY}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      fiscalYear: FY,
      actions: [
        {
          id: a?.id,
          title: 'ปรับปรุงการแจ้งข่าวสารทางเว็บไซต์',
          description: 'ประกาศผลการดำเนินงานทุกเดือน',
          owner: 'กลุ่มอำนวยการ',
          startsOn: '2025-12-15',
          endsOn: '2026-03-31',
          status: 'in_progress',
          progress: 70,
          milestones: [
            { title: 'ออกแบบหน้าเว็บ', dueOn: '2026-01-15', doneOn: '2026-01-14' },
            { title: 'เผยแพร่ครั้งแรก', dueOn: '2026-02-01', doneOn: null },
          ],
          findings: [{ kind: 'gap', label: expect.objectContaining({ th: expect.any(String) }) }],
        },
      ],
    });
    expect(r.body).not.toMatch(/INTERNAL-ONLY|updatedBy|createdBy|figures|supervisor/);
    expect(await db.query("SELECT 1 FROM audit_log WHERE action = 'action_published'")).toHaveLength(1);
    expect((await call(app, null, 'GET', '/api/v1/public/actions?fiscalYear=25x')).statusCode).toBe(400);
  });

  it('deletes an action with its milestones and links, in the audit log', async () => {
    const [, second] = await actions();
    const r = await call(app, staff.supervisor, 'DELETE', `/api/v1/actions/${second?.id}`);
    expect(r.statusCode).toBe(200);
    expect(await db.query('SELECT 1 FROM action_findings WHERE action_id = $1', [second?.id])).toEqual([]);
    expect(await db.query("SELECT target FROM audit_log WHERE action = 'action_deleted'")).toEqual([
      { target: second?.id },
    ]);
    expect((await findings()).find((f) => f.kind === 'activity')?.actions).toEqual([]);
  });
});
