// @vitest-environment node
/**
 * Complaints as cases (issue 12 §2): staff set a case's type, assignee (a unit or a person), due
 * date, status, public reply and internal note; every change is in its history (who, when, what)
 * and the audit log (without the texts); the due date defaults to the office's promised working
 * days, and a case past it is overdue until answered; the "new" badge falls once a case is opened;
 * reply templates are kept for everyone handling complaints.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent, CaseItem, ReplyTemplate } from '../../src/core/complaint-cases.js';
import { addWorkingDays, bangkokDay } from '../../src/core/working-days.js';
import type { Db } from '../../src/server/db/database.js';
import { listAudit } from '../../src/server/store/audit.js';
import { DEFAULT_OFFICE, type OfficeSettings, setOffice } from '../../src/server/store/office.js';
import { addUser, updateUser } from '../../src/server/store/staff.js';
import { type TestDatabase, useBackends } from './backends.js';
import { complaintAnswers } from './fixtures.js';
import {
  type Credentials,
  call,
  responseTo,
  SCHOOL_X,
  SCHOOL_Y,
  type Staff,
  serverWith,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

const now = new Date();
/** Cases received long ago (overdue unless answered) and today (not yet due). */
const C = {
  old: responseTo(
    'complaint',
    complaintAnswers({ category: 'service_complaint', topic: 'ไฟถนนดับ', concerns: 'school', school: SCHOOL_X }),
    '2025-11-03T03:00:00.000Z',
  ),
  oldY: responseTo(
    'complaint',
    complaintAnswers({ category: 'staff_conduct', topic: 'เรียกเก็บเงิน', concerns: 'school', school: SCHOOL_Y }),
    '2025-11-04T03:00:00.000Z',
  ),
  today: responseTo('complaint', complaintAnswers({ category: 'compliment', topic: 'ขอบคุณครู' }), now.toISOString()),
};
type Name = keyof typeof C;
const idOf = (n: Name) => C[n].id as string;

describe.each(backends)('complaints as cases, on $name', (backend) => {
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
    await storeAll(db, Object.values(C));
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const list = async (query = '', who: Credentials = staff.supervisor) => {
    const r = await call(app, who, 'GET', `/api/v1/complaints${query ? `?${query}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { total: number; items: CaseItem[]; units: string[]; people: string[] };
  };
  const ids = async (query: string, who?: Credentials) => (await list(query, who)).items.map((i) => i.id).sort();
  const itemOf = async (n: Name) => (await list('limit=200')).items.find((i) => i.id === idOf(n)) as CaseItem;
  const patch = (n: Name, body: unknown, who: Credentials = staff.supervisor) =>
    call(app, who, 'PATCH', `/api/v1/complaints/${idOf(n)}`, body);
  const history = async (n: Name, who: Credentials = staff.supervisor) => {
    const r = await call(app, who, 'GET', `/api/v1/complaints/${idOf(n)}/history`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { events: CaseEvent[] }).events;
  };
  const badge = async (who: Credentials = staff.supervisor) => {
    const r = await call(app, who, 'GET', '/api/v1/complaints/badge');
    expect(r.statusCode).toBe(200);
    return r.json() as { new: number; overdue: number };
  };

  it('a case received today is due 15 working days later and not overdue; one from last year is overdue', async () => {
    const today = await itemOf('today');
    expect(today).toMatchObject({
      type: 'compliment',
      status: 'new',
      dueOn: addWorkingDays(bangkokDay(now), 15),
      overdue: false,
      seen: false,
    });
    // Monday 3 November 2025 + 15 working days.
    expect(await itemOf('old')).toMatchObject({ type: 'complaint', dueOn: '2025-11-24', overdue: true });
    expect(await itemOf('oldY')).toMatchObject({ type: 'misconduct', overdue: true });
    expect(await ids('overdue=1')).toEqual([idOf('old'), idOf('oldY')].sort());
    expect(await badge()).toEqual({ new: 3, overdue: 2 });
    expect(await badge(staff.limited)).toEqual({ new: 1, overdue: 1 });
  });

  it('opening a case (its history) takes it off the "new" badge, for everyone, and is not a change', async () => {
    expect(await history('today', staff.admin)).toEqual([]);
    expect(await itemOf('today')).toMatchObject({ seen: true, updatedAt: null, updatedBy: null });
    expect(await badge()).toMatchObject({ new: 2 });
    // Opening it again changes nothing.
    await history('today');
    expect(await badge()).toMatchObject({ new: 2 });
  });

  it('each change is written to the history with who and what, the note without its text', async () => {
    const steps: [Record<string, unknown>, Credentials][] = [
      [{ type: 'suggestion', assigneeUnit: '  กลุ่มนิเทศ ', dueOn: '2025-12-01' }, staff.supervisor],
      [{ assigneeUser: 'admin', status: 'in_progress', note: 'โทรสอบถามโรงเรียนแล้ว' }, staff.admin],
      [{ publicReply: 'สำนักงานได้แจ้งโรงเรียนให้ซ่อมไฟแล้ว', status: 'answered' }, staff.limited],
    ];
    for (const [body, who] of steps) expect((await patch('old', body, who)).statusCode).toBe(200);
    const events = await history('old');
    expect(events.map(({ by, kind, status, details }) => ({ by, kind, status, details }))).toEqual([
      { by: 'supervisor', kind: 'type', status: null, details: { from: 'complaint', to: 'suggestion' } },
      {
        by: 'supervisor',
        kind: 'assignee',
        status: null,
        details: { from: { unit: null, user: null }, to: { unit: 'กลุ่มนิเทศ', user: null } },
      },
      { by: 'supervisor', kind: 'due', status: null, details: { from: '2025-11-24', to: '2025-12-01' } },
      { by: 'admin', kind: 'status', status: 'in_progress', details: { from: 'new', to: 'in_progress' } },
      {
        by: 'admin',
        kind: 'assignee',
        status: null,
        details: { from: { unit: 'กลุ่มนิเทศ', user: null }, to: { unit: 'กลุ่มนิเทศ', user: 'admin' } },
      },
      { by: 'admin', kind: 'note', status: null, details: {} },
      { by: 'limited', kind: 'status', status: 'answered', details: { from: 'in_progress', to: 'answered' } },
      {
        by: 'limited',
        kind: 'public_reply',
        status: null,
        details: { from: '', to: 'สำนักงานได้แจ้งโรงเรียนให้ซ่อมไฟแล้ว' },
      },
    ]);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(JSON.stringify(events)).not.toContain('โทรสอบถาม');
    expect(await itemOf('old')).toMatchObject({
      type: 'suggestion',
      assigneeUnit: 'กลุ่มนิเทศ',
      assigneeUser: 'admin',
      dueOn: '2025-12-01',
      status: 'answered',
      overdue: false,
      publicReply: 'สำนักงานได้แจ้งโรงเรียนให้ซ่อมไฟแล้ว',
      publicReplyAt: expect.any(String),
      note: 'โทรสอบถามโรงเรียนแล้ว',
    });
    // The same values again change nothing and write nothing.
    expect((await patch('old', { type: 'suggestion', status: 'answered', assigneeUnit: 'กลุ่มนิเทศ' })).statusCode).toBe(
      200,
    );
    expect(await history('old')).toHaveLength(events.length);
  });

  it('closing sets the closing time, reopening clears it; a due date of null goes back to the promised time', async () => {
    const closedAt = async () =>
      (
        await db.query<{ closed_at: unknown }>('SELECT closed_at FROM complaint_handling WHERE response_id = $1', [
          idOf('old'),
        ])
      )[0]?.closed_at;
    expect(await closedAt()).toBeNull();
    await patch('old', { status: 'closed' });
    expect(await closedAt()).not.toBeNull();
    await patch('old', { status: 'in_progress', dueOn: null });
    expect(await closedAt()).toBeNull();
    expect(await itemOf('old')).toMatchObject({ dueOn: '2025-11-24', overdue: true });
    const last = (await history('old')).slice(-2);
    expect(last.map((e) => [e.kind, e.status, e.details])).toEqual([
      ['status', 'in_progress', { from: 'closed', to: 'in_progress' }],
      ['due', null, { from: '2025-12-01', to: '2025-11-24' }],
    ]);
  });

  it('a receipt number read over the phone finds its case, with or without its dash', async () => {
    await db.query("UPDATE responses SET receipt_code = '7K3QX9M2PA' WHERE id = $1", [idOf('oldY')]);
    for (const q of ['7K3QX-9M2PA', '7k3qx9m2pa', ' 7K3QX 9M2PA '])
      expect([q, await ids(`q=${encodeURIComponent(q)}`)]).toEqual([q, [idOf('oldY')]]);
    expect((await itemOf('oldY')).receiptCode).toBe('7K3QX9M2PA');
  });

  it('the list filters by type, assignee (a unit or a person) and overdue; the units and people to assign come with it', async () => {
    expect(await ids('type=suggestion')).toEqual([idOf('old')]);
    expect(await ids('type=compliment')).toEqual([idOf('today')]);
    expect(await ids(`assignee=${encodeURIComponent('กลุ่มนิเทศ')}`)).toEqual([idOf('old')]);
    expect(await ids('assignee=admin')).toEqual([idOf('old')]);
    expect(await ids('assignee=nobody')).toEqual([]);
    expect(await ids('overdue=1&type=misconduct')).toEqual([idOf('oldY')]);
    const all = await list();
    expect(all.units).toEqual(['กลุ่มนิเทศ']);
    expect(all.people).toEqual(['admin', 'limited', 'supervisor']);
    for (const query of ['type=other', 'overdue=yes', 'type=a&type=b', 'assignee=a&assignee=b']) {
      const r = await call(app, staff.supervisor, 'GET', `/api/v1/complaints?${query}`);
      expect([query, r.statusCode]).toEqual([query, 400]);
    }
  });

  it('a past due date set by staff makes a case overdue; a later one does not; an answered case never is', async () => {
    await patch('today', { dueOn: '2026-01-05' });
    expect(await itemOf('today')).toMatchObject({ dueOn: '2026-01-05', overdue: true });
    expect(await ids('overdue=1')).toContain(idOf('today'));
    await patch('today', { dueOn: '2100-01-04' });
    expect(await ids('overdue=1')).not.toContain(idOf('today'));
    await patch('oldY', { status: 'answered' }, staff.admin);
    expect(await ids('overdue=1')).not.toContain(idOf('oldY'));
    await patch('oldY', { status: 'in_progress' }, staff.admin);
  });

  it("the office's promised reply time and holidays set the default due date", async () => {
    await setOffice(db, { ...DEFAULT_OFFICE, replyDays: 5, holidays: ['2025-11-05'] } as OfficeSettings);
    // Tuesday 4 November 2025 + 5 working days, Wednesday 5 off.
    expect((await list('limit=200')).items.find((i) => i.id === idOf('oldY'))?.dueOn).toBe('2025-11-12');
    await setOffice(db, DEFAULT_OFFICE);
  });

  it('refuses an assignee who is not staff (or disabled), a day that does not exist, an unknown type; nothing changes', async () => {
    await addUser(db, { name: 'gone', role: 'supervisor', password: 'a-long-password-1' });
    await updateUser(db, 'gone', { disabled: true }, 'admin');
    const before = await history('oldY');
    for (const body of [
      { assigneeUser: 'someone' },
      { assigneeUser: 'gone' },
      { dueOn: '2026-02-30' },
      { dueOn: '1/12/2569' },
      { type: 'praise' },
      { publicReply: 'ก'.repeat(10_001) },
      { assigneeUnit: 42 },
    ]) {
      const r = await patch('oldY', { status: 'closed', ...body });
      expect([JSON.stringify(body), r.statusCode]).toEqual([JSON.stringify(body), 400]);
    }
    expect(await history('oldY')).toEqual(before);
    expect((await itemOf('oldY')).status).toBe('in_progress');
  });

  it('one case is read on its own, with the units and people to assign, and its contact view is logged', async () => {
    const r = await call(app, staff.admin, 'GET', `/api/v1/complaints/${idOf('oldY')}`);
    expect(r.statusCode).toBe(200);
    const one = r.json() as { item: CaseItem; units: string[]; people: string[]; replyDays: number };
    expect(one.item).toEqual(await itemOf('oldY'));
    expect(one.replyDays).toBe(15);
    expect(one.units).toEqual(['กลุ่มนิเทศ']);
    expect(one.people).toContain('supervisor');
    const { items } = await listAudit(db, { action: 'contact_viewed', actor: 'admin' });
    expect(items.some((e) => e.target === idOf('oldY'))).toBe(true);
    for (const id of ['nope', '01900000-0000-7000-8000-000000000000'])
      expect((await call(app, staff.admin, 'GET', `/api/v1/complaints/${id}`)).statusCode).toBe(404);
  });

  it("a supervisor limited to school X sees neither the case, its history nor the badge of another school's case", async () => {
    const r = await call(app, staff.limited, 'GET', `/api/v1/complaints/${idOf('oldY')}/history`);
    expect([r.statusCode, r.json()]).toEqual([404, { error: 'not_found', message: 'no such complaint' }]);
    expect((await call(app, staff.limited, 'GET', `/api/v1/complaints/${idOf('oldY')}`)).statusCode).toBe(404);
    expect(await ids('', staff.limited)).toEqual([idOf('old')]);
    for (const who of [staff.token, null]) {
      const denied = await call(app, who, 'GET', `/api/v1/complaints/${idOf('old')}/history`);
      expect(denied.statusCode).toBe(who ? 403 : 401);
      expect((await call(app, who, 'GET', '/api/v1/complaints/badge')).statusCode).toBe(who ? 403 : 401);
    }
  });

  it('the audit log says which case changed and what kind of change, never the texts', async () => {
    const { items } = await listAudit(db, { action: 'complaint_changed' });
    expect(items.length).toBeGreaterThan(3);
    expect(items.find((e) => e.target === idOf('old') && e.actor === 'limited')?.details).toEqual({
      changed: ['status', 'public_reply'],
    });
    const text = JSON.stringify(items);
    expect(text).not.toContain('โทรสอบถาม');
    expect(text).not.toContain('ซ่อมไฟ');
  });

  it('reply templates: any member of staff adds, lists, changes and deletes them; not an API token', async () => {
    const add = await call(app, staff.supervisor, 'POST', '/api/v1/complaint-templates', {
      title: 'รับเรื่องแล้ว',
      body: 'สำนักงานได้รับเรื่องของท่านแล้ว และส่งต่อให้ผู้รับผิดชอบ',
    });
    expect(add.statusCode).toBe(200);
    const created = add.json() as ReplyTemplate;
    expect(created).toMatchObject({ title: 'รับเรื่องแล้ว', updatedBy: 'supervisor' });
    const changed = await call(app, staff.admin, 'PUT', `/api/v1/complaint-templates/${created.id}`, {
      title: 'รับเรื่องแล้ว',
      body: 'ข้อความใหม่',
    });
    expect(changed.json()).toMatchObject({ id: created.id, body: 'ข้อความใหม่', updatedBy: 'admin' });
    const listed = await call(app, staff.limited, 'GET', '/api/v1/complaint-templates');
    expect((listed.json() as { templates: ReplyTemplate[] }).templates.map((x) => x.body)).toEqual(['ข้อความใหม่']);
    for (const body of [
      { title: '', body: 'x' },
      { title: 'x', body: '   ' },
      { title: 'x' },
      { title: 'x', body: 'y', z: 1 },
    ])
      expect((await call(app, staff.admin, 'POST', '/api/v1/complaint-templates', body)).statusCode).toBe(400);
    expect((await call(app, staff.token, 'GET', '/api/v1/complaint-templates')).statusCode).toBe(403);
    expect(
      (await call(app, staff.admin, 'PUT', '/api/v1/complaint-templates/nope', { title: 'a', body: 'b' })).statusCode,
    ).toBe(404);
    expect((await call(app, staff.admin, 'DELETE', `/api/v1/complaint-templates/${created.id}`)).statusCode).toBe(200);
    expect((await call(app, staff.admin, 'DELETE', `/api/v1/complaint-templates/${created.id}`)).statusCode).toBe(404);
    expect(
      ((await call(app, staff.admin, 'GET', '/api/v1/complaint-templates')).json() as { templates: unknown[] })
        .templates,
    ).toEqual([]);
  });
});
