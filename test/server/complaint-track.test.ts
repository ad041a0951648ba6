// @vitest-environment node
/**
 * Complaint receipt numbers on the server: a complaint's code is stored with it and never makes
 * the server refuse it (a code another response has, a malformed one, one sent with a survey are
 * stored as null); and its sender follows it by the code (GET /api/v1/complaints/track/:code)
 * without credentials: status, the date of each change, the due date and the public reply, never
 * the internal note, who handled it, the answers or the contact; unknown and malformed codes
 * answer alike; a deleted complaint is not found; tries are limited per address.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../src/core/receipt.js';
import type { Db } from '../../src/server/db/database.js';
import { TRACK_PER_MINUTE } from '../../src/server/routes/complaint-track.js';
import { type TestDatabase, useBackends } from './backends.js';
import { aResponse, complaintAnswers, post, postOne, stakeholderAnswers } from './fixtures.js';
import { call, type Staff, serverWith, staffOf } from './results-helpers.js';

const backends = useBackends();

const CONTACT = { contact_name: 'วิภาวดี ศรีสุข', reply_channel: 'phone', contact_phone: '0861234567' };
const TOPIC = 'ครูขาดสอนบ่อยครั้ง';
const NOTE = 'บันทึกภายใน: โทรหาผู้อำนวยการแล้ว';
const HANDLER = 'นายสมชาย ผู้รับเรื่อง';
const REPLY = 'สำนักงานได้ตรวจสอบและแจ้งโรงเรียนให้จัดครูสอนแทนแล้ว';

describe.each(backends)('complaint receipt numbers, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  beforeAll(() => backend.start());
  const open = async () => {
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
  };
  afterEach(async () => {
    await app?.close();
    await t?.dispose();
  });
  const codeOf = async (id: unknown) =>
    (await db.query<{ receipt_code: string | null }>('SELECT receipt_code FROM responses WHERE id = $1', [id]))[0]
      ?.receipt_code;
  /** A try from an address of its own, so the limit per address stays out of the way. */
  let address = 0;
  const track = (code: string, from = `10.1.0.${++address % 250}`) =>
    app.inject({ method: 'GET', url: `/api/v1/complaints/track/${encodeURIComponent(code)}`, remoteAddress: from });

  it('a complaint keeps the code its device made; sent again it is a duplicate with the same code', async () => {
    await open();
    const code = newReceiptCode();
    const complaint = aResponse({ answers: complaintAnswers(), receiptCode: code });
    expect((await postOne(app, complaint)).status).toBe('stored');
    expect(await codeOf(complaint.id)).toBe(code);
    expect((await postOne(app, complaint)).status).toBe('duplicate');
    // A resend without the code (an older copy, a backup) is the same response too.
    const { receiptCode: _code, ...without } = complaint;
    expect((await postOne(app, without)).status).toBe('duplicate');
    expect(await codeOf(complaint.id)).toBe(code);
  });

  it('a code another response has is stored as null, never refused, in the database or in one batch', async () => {
    await open();
    const code = newReceiptCode();
    const first = aResponse({ receiptCode: code });
    expect((await postOne(app, first)).status).toBe('stored');
    const copied = aResponse({ answers: complaintAnswers({ topic: 'อีกเรื่อง' }), receiptCode: code });
    expect((await postOne(app, copied)).status).toBe('stored');
    expect(await codeOf(first.id)).toBe(code);
    expect(await codeOf(copied.id)).toBeNull();

    const shared = newReceiptCode();
    const a = aResponse({ receiptCode: shared });
    const b = aResponse({ answers: complaintAnswers({ topic: 'เรื่องที่สอง' }), receiptCode: shared });
    const reply = await post(app, { responses: [a, b] });
    expect(reply.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    const kept = [await codeOf(a.id), await codeOf(b.id)];
    expect(kept.filter((c) => c === shared)).toHaveLength(1);
    expect(kept.filter((c) => c === null)).toHaveLength(1);
  });

  it('a code sent with a survey, or one that is not a code, is stored as null and the response kept', async () => {
    await open();
    const survey = aResponse({
      surveyId: 'stakeholder-satisfaction',
      answers: stakeholderAnswers(),
      receiptCode: newReceiptCode(),
    });
    const lower = aResponse({ receiptCode: newReceiptCode().toLowerCase() });
    const number = aResponse({ answers: complaintAnswers({ topic: 'ตัวเลข' }), receiptCode: 12345 });
    const reply = await post(app, { responses: [survey, lower, number] });
    expect(reply.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
    for (const r of [survey, lower, number]) expect(await codeOf(r.id)).toBeNull();
  });

  it('unknown and malformed numbers get the same 404, without credentials', async () => {
    await open();
    await postOne(app, aResponse({ receiptCode: newReceiptCode() }));
    const answers = await Promise.all(
      [newReceiptCode(), 'ABC', '12345-6789U', 'x'.repeat(99), '%00', '7K3QM-2XW9D-7K3QM'].map((c) => track(c)),
    );
    const [unknown, ...malformed] = answers;
    expect(unknown?.statusCode).toBe(404);
    expect(unknown?.json()).toEqual({ error: 'not_found', message: expect.any(String) });
    for (const r of malformed) {
      expect(r.statusCode).toBe(unknown?.statusCode);
      expect(r.body).toBe(unknown?.body);
    }
  });

  it('its sender reads the status, each change with its date, the due date and the public reply: nothing more', async () => {
    await open();
    const staff: Staff = await staffOf(app, db);
    const code = newReceiptCode();
    const complaint = aResponse({
      answers: complaintAnswers({ category: 'staff_conduct', topic: TOPIC, wants_reply: 'yes', ...CONTACT }),
      receiptCode: code,
    });
    await postOne(app, complaint);

    // The promised day is the one the case tracker shows staff (working days from the office's promise).
    const dueOn = (await call(app, staff.admin, 'GET', `/api/v1/complaints/${complaint.id}`)).json().item.dueOn;
    expect(dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const fresh = await track(`  ${code.slice(0, 5).toLowerCase()} ${code.slice(5)} `);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toEqual({
      code: `${code.slice(0, 5)}-${code.slice(5)}`,
      receivedAt: complaint.completedAt,
      status: 'new',
      dueOn,
      history: [{ at: complaint.completedAt, status: 'new' }],
      reply: null,
    });

    // Staff take it in hand in the case tracker: a status, an internal note and a unit; then the
    // public reply, the answered status and a due day of their own. Each change is in the history.
    const taken = await call(app, staff.admin, 'PATCH', `/api/v1/complaints/${complaint.id}`, {
      status: 'in_progress',
      note: NOTE,
      assigneeUnit: 'กลุ่มบริหารงานบุคคล',
    });
    expect(taken.statusCode).toBe(200);
    const answered = await call(app, staff.admin, 'PATCH', `/api/v1/complaints/${complaint.id}`, {
      status: 'answered',
      publicReply: REPLY,
      dueOn: '2026-12-11',
    });
    expect(answered.statusCode).toBe(200);
    // Who handled it, as a name that must never reach the sender.
    await db.query('UPDATE complaint_handling SET assignee_user = $2, updated_by = $2 WHERE response_id = $1', [
      complaint.id,
      HANDLER,
    ]);

    const followed = await track(code);
    expect(followed.statusCode).toBe(200);
    expect(followed.json()).toEqual({
      code: `${code.slice(0, 5)}-${code.slice(5)}`,
      receivedAt: complaint.completedAt,
      status: 'answered',
      dueOn: '2026-12-11',
      history: [
        { at: complaint.completedAt, status: 'new' },
        { at: expect.any(String), status: 'in_progress' },
        { at: expect.any(String), status: 'answered' },
      ],
      reply: { text: REPLY, at: expect.any(String) },
    });
    for (const secret of [
      NOTE,
      HANDLER,
      'admin',
      'กลุ่มบริหารงานบุคคล',
      TOPIC,
      CONTACT.contact_name,
      CONTACT.contact_phone,
      complaint.id as string,
    ]) {
      expect(followed.body).not.toContain(secret);
    }
  });

  it('a status changed before the case history was kept still shows, dated by its last change', async () => {
    await open();
    const code = newReceiptCode();
    const complaint = aResponse({ receiptCode: code });
    await postOne(app, complaint);
    // Handled before the history was kept: a handling row and no events.
    await db.query(
      `INSERT INTO complaint_handling (response_id, status, updated_at, updated_by) VALUES ($1, 'closed', now(), $2)`,
      [complaint.id, 'admin'],
    );
    const body = (await track(code)).json();
    expect(body.status).toBe('closed');
    expect(body.history).toEqual([
      { at: complaint.completedAt, status: 'new' },
      { at: expect.any(String), status: 'closed' },
    ]);
  });

  it('a deleted complaint is not found', async () => {
    await open();
    const code = newReceiptCode();
    const complaint = aResponse({ receiptCode: code });
    await postOne(app, complaint);
    expect((await track(code)).statusCode).toBe(200);
    await db.query('UPDATE responses SET deleted_at = now() WHERE id = $1', [complaint.id]);
    const gone = await track(code);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toBe((await track(newReceiptCode())).body);
  });

  it(`allows ${TRACK_PER_MINUTE} tries a minute from one address, then answers 429; other addresses still try`, async () => {
    await open();
    const code = newReceiptCode();
    await postOne(app, aResponse({ receiptCode: code }));
    const from = '10.9.9.9';
    for (let i = 0; i < TRACK_PER_MINUTE; i++) expect((await track(newReceiptCode(), from)).statusCode).toBe(404);
    const refused = await track(code, from);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'too_many_requests' });
    expect((await track(code, '10.9.9.10')).statusCode).toBe(200);
  });
});
