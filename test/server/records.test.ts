// @vitest-environment node
/**
 * Responses as records: an admin lists a survey's responses, reads one without its contact
 * details, marks responses as test or excluded (with a reason) or deletes them, and undoes each;
 * the results, exports and the inbox follow. Training responses arrive as test data; a device
 * sending a marked or deleted response again gets `duplicate` and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordDetail, RecordItem, RecordList } from '../../src/core/records.js';
import type { SurveyResults } from '../../src/core/results.js';
import type { Db } from '../../src/server/db/database.js';
import { importResponses } from '../../src/server/imports.js';
import { listAudit } from '../../src/server/store/audit.js';
import { type TestDatabase, useBackends } from './backends.js';
import { complaintAnswers, postOne } from './fixtures.js';
import {
  type Credentials,
  call,
  getJson,
  responseTo,
  SCHOOL_X,
  SCHOOL_Y,
  type Staff,
  serverWith,
  stakeholderResponse,
  staffOf,
} from './results-helpers.js';

const backends = useBackends();

const SURVEY = '/api/v1/surveys/stakeholder-satisfaction';
const at = (d: number) => `2025-11-${String(d).padStart(2, '0')}T03:00:00.000Z`;
/** Every rating of a response: a pair at `level` for each of the survey's rating-pair items. */
const ratedAt = (level: number) =>
  Object.fromEntries(
    [
      ...[1, 2, 3, 4].flatMap((n) => ['inform', 'consult', 'involve', 'collaborate'].map((d) => `${d}_${n}`)),
      ...[1, 2, 3, 4, 5].map((n) => `service_${n}`),
    ].map((id) => [id, { expectation: level, satisfaction: level }]),
  );

/** Six ordinary responses from school X (every rating 4/3), one from Y rated 1 sent from a link. */
const ordinary: Record<string, unknown>[] = [1, 2, 3, 4, 5, 6].map((d) => ({
  ...stakeholderResponse({ school: SCHOOL_X, at: at(d) }),
  source: 'kiosk',
}));
const odd: Record<string, unknown> = {
  ...stakeholderResponse({ school: SCHOOL_Y, at: at(7), answers: ratedAt(1) }),
  source: 'link',
};
/** Made on a training day: test data from the start. */
const training: Record<string, unknown> = {
  ...stakeholderResponse({ school: SCHOOL_X, at: at(8), answers: ratedAt(5) }),
  source: 'device',
  training: true,
};
const complaint = responseTo(
  'complaint',
  complaintAnswers({
    concerns: 'school',
    school: SCHOOL_X,
    wants_reply: 'yes',
    contact_name: 'วิภาวดี ศรีสุข',
    reply_channel: 'phone',
    contact_phone: '0861234567',
  }),
  at(9),
);

describe.each(backends)('responses as records, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    // Through the devices' endpoint, as a phone or a kiosk sends them.
    for (const r of [...ordinary, odd, training, complaint]) expect((await postOne(app, r)).status).toBe('stored');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const records = (query = '', who: Credentials = staff.admin) =>
    getJson<RecordList>(app, who, `${SURVEY}/records${query ? `?${query}` : ''}`);
  const results = () => getJson<SurveyResults>(app, staff.admin, `${SURVEY}/results`);
  const exclude = (id: string, body: unknown, who: Credentials = staff.admin) =>
    call(app, who, 'POST', `/api/v1/responses/${id}/exclusion`, body);
  const overall = (r: SurveyResults) => r.overall.satisfaction?.mean;

  it('a training response arrives marked as test data, with its source; it is listed but not counted', async () => {
    const all = await records();
    expect(all.total).toBe(8);
    const item = all.items.find((i) => i.id === training.id);
    expect(item).toMatchObject({
      source: 'device',
      exclusion: 'test',
      exclusionReason: 'training',
      exclusionBy: null,
      deletedAt: null,
      school: SCHOOL_X,
      group: 'teacher',
      version: 1,
      completedAt: at(8),
    });
    expect(all.items.find((i) => i.id === odd.id)).toMatchObject({ source: 'link', exclusion: null });
    // Newest first.
    expect(all.items.map((i) => i.completedAt)).toEqual([...all.items.map((i) => i.completedAt)].sort().reverse());
    expect((await results()).total).toBe(7);
  });

  it('exclude a response and see the results figures change; undo, and they are back', async () => {
    const before = await results();
    expect([before.total, overall(before)]).toEqual([7, 2.71]);
    const out = await exclude(odd.id as string, { exclusion: 'excluded', reason: 'ตอบซ้ำ ผู้ตอบคนเดิม' });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({
      changed: 1,
      record: { id: odd.id, exclusion: 'excluded', exclusionReason: 'ตอบซ้ำ ผู้ตอบคนเดิม', exclusionBy: 'admin' },
    });
    const after = await results();
    expect([after.total, overall(after)]).toEqual([6, 3]);
    // Every school is listed; only X still has responses.
    expect(after.bySchool.filter((s) => s.n !== 0).map((s) => s.key)).toEqual([SCHOOL_X]);
    const undo = await exclude(odd.id as string, { exclusion: null });
    expect(undo.json()).toMatchObject({ changed: 1, record: { exclusion: null, exclusionReason: null } });
    expect(await results()).toEqual(before);
  });

  it('a training response counts once its test mark is undone, and leaves again when marked', async () => {
    const before = await results();
    await exclude(training.id as string, { exclusion: null });
    const counted = await results();
    expect([counted.total, overall(counted)]).toEqual([8, 3]);
    await exclude(training.id as string, { exclusion: 'test', reason: 'training' });
    expect(await results()).toEqual(before);
  });

  it('excluding without a reason, or with an unknown mark, is a 400 and changes nothing', async () => {
    const id = ordinary[0]?.id as string;
    for (const body of [
      { exclusion: 'excluded' },
      { exclusion: 'excluded', reason: '   ' },
      { exclusion: 'gone', reason: 'x' },
      { reason: 'x' },
      [],
      { exclusion: 'test', reason: 'ก'.repeat(501) },
    ]) {
      const r = await exclude(id, body);
      expect([JSON.stringify(body).slice(0, 40), r.statusCode]).toEqual([JSON.stringify(body).slice(0, 40), 400]);
    }
    expect((await records('status=included')).items.map((i) => i.id)).toContain(id);
    // A test mark needs no reason.
    expect((await exclude(id, { exclusion: 'test' })).statusCode).toBe(200);
    expect((await exclude(id, { exclusion: null })).statusCode).toBe(200);
  });

  it('a device sending an excluded or deleted response again gets duplicate; nothing is doubled or brought back', async () => {
    const [a, b] = ordinary as [Record<string, unknown>, Record<string, unknown>];
    await exclude(a.id as string, { exclusion: 'excluded', reason: 'ทดสอบระบบ' });
    expect((await call(app, staff.admin, 'DELETE', `/api/v1/responses/${b.id}`)).statusCode).toBe(200);
    for (const r of [a, b, training, { ...a, source: 'link' }, { ...b, training: true }, { ...b, source: undefined }])
      expect((await postOne(app, r)).status).toBe('duplicate');
    // A backup file holding the same responses adds nothing either.
    const imported = await importResponses(db, [a, b, training] as never, { schools: null });
    expect([imported.stored, imported.duplicate]).toEqual([0, 3]);
    const rows = await db.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM responses WHERE id = ANY($1::uuid[])',
      [[a.id, b.id]],
    );
    expect(Number(rows[0]?.n)).toBe(2);
    const all = await records();
    expect(all.items.find((i) => i.id === a.id)).toMatchObject({ exclusion: 'excluded', source: 'kiosk' });
    expect(all.items.find((i) => i.id === b.id)?.deletedBy).toBe('admin');
    expect((await results()).total).toBe(5);
    // Undone, both count again.
    await exclude(a.id as string, { exclusion: null });
    const restored = await call(app, staff.admin, 'POST', `/api/v1/responses/${b.id}/restore`);
    expect(restored.json()).toMatchObject({ changed: 1, record: { deletedAt: null, deletedBy: null } });
    expect((await results()).total).toBe(7);
  });

  it('a response imported from a backup file is stored with the source import, a training one as test data', async () => {
    const fresh: Record<string, unknown> = {
      ...stakeholderResponse({ school: SCHOOL_Y, at: at(10) }),
      source: 'kiosk',
    };
    const trained: Record<string, unknown> = {
      ...stakeholderResponse({ school: SCHOOL_Y, at: at(11) }),
      training: true,
    };
    const outcome = await importResponses(db, [fresh, trained] as never, { schools: null });
    expect(outcome.stored).toBe(2);
    const items = (await records('source=import')).items;
    expect(items.map((i) => [i.id, i.exclusion, i.exclusionReason])).toEqual([
      [trained.id, 'test', 'training'],
      [fresh.id, null, null],
    ]);
    // Out again, so the counts below stay those of the responses above.
    await db.query('DELETE FROM responses WHERE id = ANY($1::uuid[])', [[fresh.id, trained.id]]);
  });

  it('filters by status, source, school, group, days and a search; pages; a limited supervisor sees their school only', async () => {
    const ids = (l: RecordList) => l.items.map((i) => i.id).sort();
    expect(ids(await records('status=test'))).toEqual([training.id]);
    expect((await records('status=included')).total).toBe(7);
    expect(ids(await records('source=link'))).toEqual([odd.id]);
    expect((await records('source=kiosk,device')).total).toBe(7);
    expect(ids(await records(`school=${encodeURIComponent(SCHOOL_Y)}`))).toEqual([odd.id]);
    expect((await records('group=teacher')).total).toBe(8);
    expect(ids(await records('from=2025-11-07&to=2025-11-07'))).toEqual([odd.id]);
    expect(ids(await records(`q=${(odd.id as string).slice(0, 8)}`))).toEqual([odd.id]);
    const page = await records('limit=3&offset=3');
    expect([page.total, page.items.length]).toEqual([8, 3]);
    const limited = await records('', staff.limited);
    expect([limited.total, limited.items.every((i) => i.school === SCHOOL_X)]).toEqual([7, true]);
    const refused = await call(app, staff.limited, 'GET', `${SURVEY}/records?school=${encodeURIComponent(SCHOOL_Y)}`);
    expect(refused.statusCode).toBe(403);
    for (const bad of ['status=gone', 'source=email', 'q=a&q=b'])
      expect((await call(app, staff.admin, 'GET', `${SURVEY}/records?${bad}`)).statusCode).toBe(400);
  });

  it('one response in full: its answers and question labels, never its contact details (they stay in the inbox)', async () => {
    const one = await getJson<RecordDetail>(app, staff.supervisor, `/api/v1/responses/${complaint.id}`);
    expect(one).toMatchObject({
      id: complaint.id,
      surveyId: 'complaint',
      version: 1,
      school: SCHOOL_X,
      personalLeftOut: 2,
    });
    const text = JSON.stringify(one);
    for (const secret of ['0861234567', 'วิภาวดี', 'contact_phone', 'contact_name']) expect(text).not.toContain(secret);
    expect(one.answers.topic).toBe('ถนนหน้าโรงเรียนมืด');
    expect(one.survey.sections.flatMap((s) => s.questions).some((q) => q.id === 'topic')).toBe(true);
    // The school list is cut to the answer.
    const full = await getJson<RecordDetail>(app, staff.admin, `/api/v1/responses/${odd.id}`);
    expect(full.survey.lists?.schools?.map((s) => s.value)).toEqual([SCHOOL_Y]);
    expect(full.answers.inform_1).toEqual({ expectation: 1, satisfaction: 1 });
    // A complaint's texts are for signed-in staff: an API token gets 403 (a survey response is fine).
    expect((await call(app, staff.token, 'GET', `/api/v1/responses/${complaint.id}`)).statusCode).toBe(403);
    expect((await call(app, staff.token, 'GET', `/api/v1/responses/${odd.id}`)).statusCode).toBe(200);
    // Outside a limited supervisor's schools, or not a response at all: 404.
    for (const [who, id] of [
      [staff.limited, odd.id],
      [staff.admin, '00000000-0000-4000-8000-000000000000'],
      [staff.admin, 'not-an-id'],
    ] as const)
      expect((await call(app, who, 'GET', `/api/v1/responses/${id}`)).statusCode).toBe(404);
  });

  it('a deleted complaint leaves the inbox and comes back when restored', async () => {
    const inbox = async () =>
      (await getJson<{ items: { id: string }[] }>(app, staff.admin, '/api/v1/complaints')).items.map((i) => i.id);
    expect(await inbox()).toContain(complaint.id);
    await call(app, staff.admin, 'DELETE', `/api/v1/responses/${complaint.id}`);
    expect(await inbox()).not.toContain(complaint.id);
    expect(
      (await call(app, staff.admin, 'PATCH', `/api/v1/complaints/${complaint.id}`, { note: 'x' })).statusCode,
    ).toBe(404);
    await call(app, staff.admin, 'POST', `/api/v1/responses/${complaint.id}/restore`);
    expect(await inbox()).toContain(complaint.id);
  });

  it('exports leave out excluded and test responses; ?excluded=1 adds them flagged with the reason; deleted never', async () => {
    const [a, b] = ordinary as [Record<string, unknown>, Record<string, unknown>];
    await exclude(a.id as string, { exclusion: 'excluded', reason: 'ครูกรอกแทน' });
    await call(app, staff.admin, 'DELETE', `/api/v1/responses/${b.id}`);
    try {
      const csv = (query: string) => call(app, staff.admin, 'GET', `${SURVEY}/responses?format=csv${query}`);
      const plain = (await csv('')).body;
      expect(plain).not.toContain(a.id as string);
      expect(plain).not.toContain(training.id as string);
      expect(plain).not.toContain(b.id as string);
      expect(plain.split('\r\n')[0]).not.toContain('exclusion');
      const flagged = (await csv('&excluded=1')).body;
      const lines = flagged.split('\r\n');
      expect(lines[0]).toContain('exclusion,exclusion_reason');
      expect(lines.find((l) => l.startsWith(a.id as string))).toContain(',excluded,ครูกรอกแทน,');
      expect(lines.find((l) => l.startsWith(training.id as string))).toContain(',test,training,');
      expect(flagged).not.toContain(b.id as string);
      expect(lines.filter((l) => l.trim()).length).toBe(1 + 7);
      const labelled = (await csv('&excluded=1&labels=labels&lang=th')).body;
      expect(labelled).toContain('คัดออก');
      const json = (await call(app, staff.admin, 'GET', `${SURVEY}/responses?format=json&excluded=1`)).json() as {
        id: string;
        exclusion: string | null;
        exclusionReason: string | null;
      }[];
      expect(json.find((r) => r.id === a.id)).toMatchObject({ exclusion: 'excluded', exclusionReason: 'ครูกรอกแทน' });
      expect(json.map((r) => r.id)).not.toContain(b.id);
      const unflagged = (await call(app, staff.admin, 'GET', `${SURVEY}/responses?format=json`)).json() as object[];
      expect(unflagged.length).toBe(5);
      expect(unflagged[0]).not.toHaveProperty('exclusion');
    } finally {
      await exclude(a.id as string, { exclusion: null });
      await call(app, staff.admin, 'POST', `/api/v1/responses/${b.id}/restore`);
    }
  });

  it('a training day is marked at once; repeating it changes nothing more; undone at once too', async () => {
    // Two: five responses still count, enough for figures to be shown.
    const ids = ordinary.slice(0, 2).map((r) => r.id as string);
    const bulk = (body: unknown) => call(app, staff.admin, 'POST', `${SURVEY}/records/exclusion`, body);
    const marked = await bulk({ ids, exclusion: 'test', reason: 'อบรมครู 12 พ.ย.' });
    expect(marked.json()).toMatchObject({ changed: 2 });
    expect((await results()).total).toBe(5);
    expect((await bulk({ ids, exclusion: 'test', reason: 'อบรมครู 12 พ.ย.' })).json()).toMatchObject({ changed: 0 });
    // Ids of another survey are not touched.
    expect((await bulk({ ids: [complaint.id], exclusion: 'test' })).json()).toMatchObject({ changed: 0 });
    expect((await bulk({ ids, exclusion: null })).json()).toMatchObject({ changed: 2 });
    expect((await results()).total).toBe(7);
    for (const body of [
      { ids: [], exclusion: 'test' },
      { ids: ['x'], exclusion: 'test' },
      { ids, exclusion: 'excluded' },
    ])
      expect((await bulk(body)).statusCode).toBe(400);
  });

  it('every change is in the audit log with its reason and count, never an answer', async () => {
    const log = await listAudit(db, { limit: 1000 });
    const mine = log.items.filter((e) => e.action.startsWith('response_'));
    const actions = new Set(mine.map((e) => e.action));
    expect(actions).toEqual(
      new Set(['response_excluded', 'response_included', 'response_deleted', 'response_restored']),
    );
    expect(mine.every((e) => e.actor === 'admin')).toBe(true);
    expect(mine.find((e) => e.target === odd.id && e.action === 'response_excluded')?.details).toEqual({
      count: 1,
      exclusion: 'excluded',
      reason: 'ตอบซ้ำ ผู้ตอบคนเดิม',
    });
    expect(mine.find((e) => e.target === 'stakeholder-satisfaction')?.details).toMatchObject({ count: 2 });
    const text = JSON.stringify(mine);
    for (const secret of ['0861234567', 'ถนนหน้าโรงเรียนมืด']) expect(text).not.toContain(secret);
  });

  it('supervisors may read records but not change them', async () => {
    const id = ordinary[0]?.id as string;
    for (const who of [staff.supervisor, staff.limited]) {
      expect((await exclude(id, { exclusion: 'test' }, who)).statusCode).toBe(403);
      expect((await call(app, who, 'DELETE', `/api/v1/responses/${id}`)).statusCode).toBe(403);
    }
    const item = (await records()).items.find((i) => i.id === id) as RecordItem;
    expect([item.exclusion, item.deletedAt]).toEqual([null, null]);
  });
});
