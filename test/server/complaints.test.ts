// @vitest-environment node
/**
 * The complaints inbox (GET /api/v1/complaints, PATCH /api/v1/complaints/:id): complaints newest
 * first with their contact details, handled from new to closed with an internal note, searched
 * and filtered; only for signed-in staff, only for a limited supervisor's schools; and contact
 * details and notes nowhere else.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import type { Db } from '../../src/server/db/database.js';
import { createApiToken } from '../../src/server/store/staff.js';
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
  stakeholderResponse,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

const NAME = 'วิภาวดี ศรีสุข';
const PHONE = '0861234567';
const EMAIL = 'Wipa.Sri@Example.org';

const day = (d: number) => `2025-11-${String(d).padStart(2, '0')}T03:00:00.000Z`;

/** Six complaints: two about school X, one about Y, one about the office, two naming no unit. */
const C = {
  x1: responseTo(
    'complaint',
    complaintAnswers({
      category: 'service_complaint',
      topic: 'ครูมาสาย',
      description: 'ครูเข้าสอนช้ากว่ากำหนดเป็นประจำ',
      concerns: 'school',
      school: SCHOOL_X,
      wants_reply: 'yes',
      contact_name: NAME,
      reply_channel: 'phone',
      contact_phone: PHONE,
    }),
    day(1),
  ),
  x2: responseTo(
    'complaint',
    complaintAnswers({ topic: 'โรงอาหาร 100% สะอาด', concerns: 'school', school: SCHOOL_X }),
    day(2),
  ),
  y1: responseTo(
    'complaint',
    complaintAnswers({
      category: 'service_complaint',
      topic: 'ห้องน้ำชำรุด',
      concerns: 'school',
      school: SCHOOL_Y,
      wants_reply: 'yes',
      contact_name: 'ผู้ปกครองโรงเรียนวาย',
      reply_channel: 'email',
      contact_email: EMAIL,
    }),
    day(3),
  ),
  o1: responseTo(
    'complaint',
    complaintAnswers({
      category: 'other',
      'category.other': 'สอบถามทั่วไป',
      topic: 'เอกสารล่าช้า',
      concerns: 'office',
    }),
    day(4),
  ),
  n1: responseTo('complaint', complaintAnswers({ category: 'compliment', topic: 'ขอบคุณเจ้าหน้าที่' }), day(5)),
  n2: responseTo('complaint', complaintAnswers({ category: 'information_request', topic: 'ขอตารางสอบ' }), day(6)),
};
type Name = keyof typeof C;
const idOf = (n: Name) => C[n].id as string;
/** Newest first, as the inbox lists them. */
const NEWEST_FIRST: Name[] = ['n2', 'n1', 'o1', 'y1', 'x2', 'x1'];

interface Item {
  id: string;
  surveyId: string;
  surveyVersion: number;
  completedAt: string;
  answers: Record<string, unknown>;
  status: string;
  note: string;
  updatedAt: string | null;
  updatedBy: string | null;
}
interface Inbox {
  total: number;
  items: Item[];
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(backends)('the complaints inbox, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  let adminToken: { token: string };
  const stakeholder = stakeholderResponse({ school: SCHOOL_X });
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    adminToken = { token: await createApiToken(db, { name: 'admin-script', role: 'admin' }) };
    await storeAll(db, [...Object.values(C), stakeholder]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const inbox = async (query = '', who: Credentials = staff.supervisor): Promise<Inbox> => {
    const r = await call(app, who, 'GET', `/api/v1/complaints${query ? `?${query}` : ''}`);
    expect(r.statusCode).toBe(200);
    return r.json() as Inbox;
  };
  const itemOf = async (n: Name) => (await inbox('limit=200', staff.admin)).items.find((i) => i.id === idOf(n));
  const patch = (id: string, body: unknown, who: Credentials = staff.supervisor) =>
    call(app, who, 'PATCH', `/api/v1/complaints/${id}`, body);
  const handlingRows = async () =>
    Number((await db.query<{ n: number | string }>('SELECT count(*) AS n FROM complaint_handling'))[0]?.n);

  describe('listing', () => {
    it('lists every complaint newest first, with its answers (contact details included), new and without a note', async () => {
      const all = await inbox();
      expect(all.total).toBe(6);
      expect(all.items.map((i) => i.id)).toEqual(NEWEST_FIRST.map(idOf));
      expect(all.items.find((i) => i.id === idOf('x1'))).toEqual({
        id: idOf('x1'),
        surveyId: 'complaint',
        surveyVersion: 1,
        completedAt: day(1),
        answers: C.x1.answers,
        status: 'new',
        note: '',
        updatedAt: null,
        updatedBy: null,
        // A case: its type from the sender's category, due 15 working days after Saturday 1 November.
        type: 'complaint',
        assigneeUnit: null,
        assigneeUser: null,
        dueOn: '2025-11-21',
        overdue: true,
        publicReply: '',
        publicReplyAt: null,
        receiptCode: null,
        seen: false,
      });
      expect(all.items.find((i) => i.id === idOf('y1'))?.answers.contact_email).toBe(EMAIL);
    });

    it('does not list responses to other surveys', async () => {
      const all = await inbox('limit=200');
      expect(all.items.map((i) => i.id)).not.toContain(stakeholder.id);
      expect(new Set(all.items.map((i) => i.surveyId))).toEqual(new Set(['complaint']));
    });

    it('pages with limit and offset; the total stays the whole count', async () => {
      const first = await inbox('limit=2');
      const second = await inbox('limit=2&offset=2');
      const beyond = await inbox('offset=1e30');
      expect([first.total, second.total, beyond.total]).toEqual([6, 6, 6]);
      expect(first.items.map((i) => i.id)).toEqual(NEWEST_FIRST.slice(0, 2).map(idOf));
      expect(second.items.map((i) => i.id)).toEqual(NEWEST_FIRST.slice(2, 4).map(idOf));
      expect(beyond.items).toEqual([]);
    });

    it('searches the answers literally and without regard to case, contact details included', async () => {
      const found = async (q: string) => (await inbox(`q=${encodeURIComponent(q)}`)).items.map((i) => i.id).sort();
      expect(await found('ห้องน้ำ')).toEqual([idOf('y1')]);
      expect(await found('100%')).toEqual([idOf('x2')]);
      expect(await found('%')).toEqual([idOf('x2')]);
      expect(await found(NAME)).toEqual([idOf('x1')]);
      expect(await found('wipa.sri@EXAMPLE.ORG')).toEqual([idOf('y1')]);
      expect(await found('สอบถามทั่วไป')).toEqual([idOf('o1')]);
      expect(await found('ไม่มีเรื่องนี้')).toEqual([]);
      // Question ids and JSON punctuation are not content: they match nothing.
      for (const q of ['wants_reply', 'description', '":"', '{']) expect([q, await found(q)]).toEqual([q, []]);
      const counted = await inbox(`q=${encodeURIComponent('ห้องน้ำ')}`);
      expect(counted.total).toBe(1);
    });

    it('a repeated search or an unknown status is a 400', async () => {
      for (const query of ['q=a&q=b', 'status=done', 'status=NEW', 'status=new&status=closed']) {
        const r = await call(app, staff.supervisor, 'GET', `/api/v1/complaints?${query}`);
        expect([query, r.statusCode, r.json().error]).toEqual([query, 400, 'bad_request']);
      }
    });
  });

  describe('handling', () => {
    it('goes new → in progress → answered → closed, keeping the note, and says who changed it last', async () => {
      const id = idOf('x1');
      const steps: [Record<string, string>, Credentials, { status: string; note: string; updatedBy: string }][] = [
        [
          { status: 'in_progress', note: 'โทรหาโรงเรียนแล้ว' },
          staff.supervisor,
          { status: 'in_progress', note: 'โทรหาโรงเรียนแล้ว', updatedBy: 'supervisor' },
        ],
        [{ status: 'answered' }, staff.admin, { status: 'answered', note: 'โทรหาโรงเรียนแล้ว', updatedBy: 'admin' }],
        [
          { note: 'แจ้งผู้ร้องทางโทรศัพท์ 25 พ.ย.' },
          staff.limited,
          { status: 'answered', note: 'แจ้งผู้ร้องทางโทรศัพท์ 25 พ.ย.', updatedBy: 'limited' },
        ],
        [
          { status: 'closed' },
          staff.supervisor,
          { status: 'closed', note: 'แจ้งผู้ร้องทางโทรศัพท์ 25 พ.ย.', updatedBy: 'supervisor' },
        ],
      ];
      let last = '';
      for (const [body, who, expected] of steps) {
        const r = await patch(id, body, who);
        expect(r.statusCode).toBe(200);
        const answer = r.json() as { updatedAt: string };
        expect(answer).toMatchObject({ id, ...expected, updatedAt: expect.stringMatching(ISO) });
        expect(answer.updatedAt >= last).toBe(true);
        last = answer.updatedAt;
        expect(await itemOf('x1')).toMatchObject({ ...expected, updatedAt: answer.updatedAt });
      }
      expect((await inbox('status=closed')).items.map((i) => i.id)).toEqual([id]);
      expect((await inbox('status=new')).items.map((i) => i.id)).not.toContain(id);
    });

    it('a first change with a note only keeps the complaint new; an empty body changes nothing but who', async () => {
      const id = idOf('n1');
      const noted = await patch(id, { note: 'รอส่งต่อ' });
      expect(noted.json()).toMatchObject({ status: 'new', note: 'รอส่งต่อ', updatedBy: 'supervisor' });
      const empty = await patch(id, {}, staff.admin);
      expect(empty.json()).toMatchObject({ status: 'new', note: 'รอส่งต่อ', updatedBy: 'admin' });
      expect((await inbox('status=new')).items.map((i) => i.id)).toContain(id);
    });

    it('a note of 10,000 characters is kept; one of 10,001 is a 400', async () => {
      const id = idOf('n2');
      expect((await patch(id, { note: 'ก'.repeat(10_000) })).statusCode).toBe(200);
      expect((await itemOf('n2'))?.note).toHaveLength(10_000);
      expect((await patch(id, { note: 'ก'.repeat(10_001) })).statusCode).toBe(400);
      expect((await itemOf('n2'))?.note).toHaveLength(10_000);
    });

    it('an unknown status, a note that is not text, an unknown field or no body is a 400, and nothing changes', async () => {
      const id = idOf('o1');
      const before = await handlingRows();
      for (const body of [
        { status: 'done' },
        { status: 'Closed' },
        { status: null },
        { note: 42 },
        { status: 'closed', school: SCHOOL_X },
        { status: 'closed', updatedBy: 'someone else' },
        [],
        'closed',
      ]) {
        const r = await patch(id, body);
        expect([JSON.stringify(body), r.statusCode, r.json().error]).toEqual([
          JSON.stringify(body),
          400,
          'bad_request',
        ]);
      }
      const none = await app.inject({
        method: 'PATCH',
        url: `/api/v1/complaints/${id}`,
        headers: { cookie: staff.supervisor.cookie },
      });
      expect(none.statusCode).toBe(400);
      expect(await handlingRows()).toBe(before);
      expect(await itemOf('o1')).toMatchObject({ status: 'new', note: '', updatedAt: null, updatedBy: null });
    });

    it('an unknown or malformed id, or the id of a response that is not a complaint, is a 404', async () => {
      const before = await handlingRows();
      for (const id of [
        newId(),
        stakeholder.id as string,
        'abc',
        '-'.repeat(36),
        '00000000-0000-0000-0000-00000000000g',
        `${idOf('x2')}0`,
      ]) {
        const r = await patch(encodeURIComponent(id), { status: 'closed' });
        expect([id, r.statusCode, r.json()]).toEqual([id, 404, { error: 'not_found', message: 'no such complaint' }]);
      }
      expect(await handlingRows()).toBe(before);
    });

    it('changes made at the same moment all succeed, and one of them is kept', async () => {
      const id = idOf('x2');
      const notes = ['ก', 'ข', 'ค', 'ง', 'จ', 'ฉ'];
      const replies = await Promise.all(notes.map((note) => patch(id, { status: 'in_progress', note })));
      expect(replies.map((r) => r.statusCode)).toEqual(notes.map(() => 200));
      const item = await itemOf('x2');
      expect(item?.status).toBe('in_progress');
      expect(notes).toContain(item?.note);
    });
  });

  describe('who may', () => {
    it('API tokens, even an administrator’s, may neither read nor change the inbox', async () => {
      for (const who of [adminToken, staff.token, staff.limitedToken]) {
        const list = await call(app, who, 'GET', '/api/v1/complaints');
        expect([list.statusCode, list.json()]).toEqual([
          403,
          { error: 'forbidden', message: 'the inbox is for signed-in staff' },
        ]);
        expect(list.body).not.toContain(NAME);
        const change = await patch(idOf('y1'), { status: 'closed', note: 'โดยสคริปต์' }, who);
        expect(change.statusCode).toBe(403);
      }
      expect(await itemOf('y1')).toMatchObject({ status: 'new', note: '' });
    });

    it('without credentials, or with made-up ones, the inbox is a 401', async () => {
      for (const who of [null, { cookie: 'siang_session=nope' }, { token: 'nope' }] as Credentials[]) {
        expect((await call(app, who, 'GET', '/api/v1/complaints')).statusCode).toBe(401);
        expect((await patch(idOf('y1'), { status: 'closed' }, who)).statusCode).toBe(401);
      }
      expect(await itemOf('y1')).toMatchObject({ status: 'new' });
    });

    it("a supervisor limited to school X sees only X's complaints, not Y's or the office's", async () => {
      const mine = await inbox('', staff.limited);
      expect(mine.total).toBe(2);
      expect(mine.items.map((i) => i.id)).toEqual([idOf('x2'), idOf('x1')]);
      expect(JSON.stringify(mine)).not.toContain(EMAIL);
      expect((await inbox(`q=${encodeURIComponent('ห้องน้ำ')}`, staff.limited)).items).toEqual([]);
      expect(
        (await inbox('status=new&limit=200', staff.limited)).items.every((i) =>
          [idOf('x1'), idOf('x2')].includes(i.id),
        ),
      ).toBe(true);
    });

    it("a supervisor limited to school X cannot change another school's or the office's complaint", async () => {
      for (const n of ['y1', 'o1'] as Name[]) {
        const before = await itemOf(n);
        const r = await patch(idOf(n), { status: 'closed', note: 'ปิดโดยผู้ไม่มีสิทธิ์' }, staff.limited);
        expect([r.statusCode, r.json()]).toEqual([404, { error: 'not_found', message: 'no such complaint' }]);
        expect(await itemOf(n)).toEqual(before);
      }
    });
  });

  describe('contact details and notes stay in the inbox', () => {
    const SECRETS = [NAME, PHONE, EMAIL, 'ผู้ปกครองโรงเรียนวาย'];
    const leaks = (text: string) => SECRETS.filter((s) => text.toLowerCase().includes(s.toLowerCase()));

    beforeAll(async () => {
      const r = await patch(idOf('n1'), { note: 'บันทึกภายในห้ามเผยแพร่' }, staff.admin);
      expect(r.statusCode).toBe(200);
    });

    it('the results of the complaint form show neither (6 complaints: counts are shown)', async () => {
      for (const who of [staff.admin, adminToken]) {
        const r = await call(app, who, 'GET', '/api/v1/surveys/complaint/results');
        expect(r.statusCode).toBe(200);
        expect(r.json().total).toBe(6);
        expect(leaks(r.body)).toEqual([]);
        expect(r.body).not.toContain('บันทึกภายใน');
      }
    });

    it('open answers show neither, even when searched for or asked by question', async () => {
      const all = await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/open-answers?limit=200');
      expect(all.json().total).toBe(12); // a topic and a description for each of the 6
      expect(leaks(all.body)).toEqual([]);
      for (const q of [...SECRETS, '086', 'example', 'บันทึกภายใน']) {
        const r = await call(
          app,
          staff.admin,
          'GET',
          `/api/v1/surveys/complaint/open-answers?q=${encodeURIComponent(q)}`,
        );
        expect([q, r.json()]).toEqual([q, { total: 0, answers: [] }]);
      }
      for (const question of ['contact_name', 'contact_phone', 'contact_email']) {
        const r = await call(app, staff.admin, 'GET', `/api/v1/surveys/complaint/open-answers?question=${question}`);
        expect([question, r.json()]).toEqual([question, { total: 0, answers: [] }]);
      }
    });

    it('no export shows either, in any format or language', async () => {
      for (const query of [
        'format=csv',
        'format=csv&labels=labels',
        'format=csv&labels=labels&lang=en',
        'format=json',
      ]) {
        const r = await call(app, staff.admin, 'GET', `/api/v1/surveys/complaint/responses?${query}`);
        expect(r.statusCode).toBe(200);
        expect(r.body).toContain('ห้องน้ำชำรุด');
        expect([query, leaks(r.body)]).toEqual([query, []]);
        expect(r.body).not.toContain('บันทึกภายใน');
      }
      const xlsx = await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/responses?format=xlsx&labels=labels');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value)))));
      expect(cells).toContain('ห้องน้ำชำรุด');
      expect(leaks(cells.join('\n'))).toEqual([]);
      expect(cells.join('\n')).not.toContain('บันทึกภายใน');
    });
  });
});
