// @vitest-environment node
/**
 * The audit log: sign-in (ok, failed, never the password), sign-out, exports (survey, format,
 * filters, row count), opening complainants' contact details (by response id), backup imports and
 * settings changes are recorded; administrators read it filtered and paged or as CSV; and no
 * entry holds the personal data itself (a complainant's phone number or name, a password).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../src/core/backup.js';
import type { Db } from '../../src/server/db/database.js';
import { purge } from '../../src/server/store/retention.js';
import { type TestDatabase, useBackends } from './backends.js';
import { complaintAnswers } from './fixtures.js';
import {
  call,
  PASSWORD,
  responseTo,
  SCHOOL_X,
  type Staff,
  serverWith,
  stakeholderResponse,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

const PHONE = '0861234567';
const CONTACT_NAME = 'วิภาวดี ศรีสุข';
const WRONG_PASSWORD = 'my-secret-guess-123';

interface Entry {
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

describe.each(backends)('the audit log, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  const complaint = responseTo(
    'complaint',
    complaintAnswers({
      category: 'service_complaint',
      concerns: 'school',
      school: SCHOOL_X,
      wants_reply: 'yes',
      contact_name: CONTACT_NAME,
      reply_channel: 'phone',
      contact_phone: PHONE,
    }),
    '2025-11-21T03:00:00.000Z',
  );
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    await storeAll(db, [
      complaint,
      stakeholderResponse({ school: SCHOOL_X }),
      stakeholderResponse({ school: SCHOOL_X, at: '2025-11-22T03:00:00.000Z' }),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const entries = async (query = '') =>
    (await call(app, staff.admin, 'GET', `/api/v1/audit?limit=1000${query}`)).json().items as Entry[];

  it('records sign-in, a failed sign-in by the typed name (never the password) and sign-out', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: ' supervisor ', password: WRONG_PASSWORD }),
    });
    const failed = (await entries('&action=sign_in_failed')).filter((e) => e.target === 'supervisor');
    expect(failed).toMatchObject([{ actor: null, details: { reason: 'wrong_password' } }]);
    expect(await entries('&action=sign_in&actor=admin')).toMatchObject([{ actor: 'admin', target: 'admin' }]);
    const out = await call(app, staff.supervisor, 'POST', '/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(await entries('&action=sign_out')).toMatchObject([{ actor: 'supervisor', target: 'supervisor' }]);
    expect(JSON.stringify(await entries())).not.toContain(WRONG_PASSWORD);
  });

  it('records an export with its survey, format, filters and row count', async () => {
    const r = await call(
      app,
      staff.admin,
      'GET',
      `/api/v1/surveys/stakeholder-satisfaction/responses?format=csv&school=${encodeURIComponent(SCHOOL_X)}`,
    );
    expect(r.statusCode).toBe(200);
    expect(await entries('&action=export')).toMatchObject([
      {
        actor: 'admin',
        target: 'stakeholder-satisfaction',
        details: { format: 'csv', rows: 2, filters: { schools: [SCHOOL_X] } },
      },
    ]);
  });

  it("records who opened a complainant's contact details, by response id, and the log never holds them", async () => {
    const inbox = await call(app, staff.admin, 'GET', '/api/v1/complaints');
    expect(JSON.stringify(inbox.json())).toContain(PHONE);
    await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/responses?format=json');
    await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/responses?format=xlsx');
    expect(await entries('&action=contact_viewed')).toMatchObject([{ actor: 'admin', target: complaint.id }]);
    const all = JSON.stringify(await entries());
    const csv = (await call(app, staff.admin, 'GET', '/api/v1/audit?format=csv')).body;
    for (const text of [all, csv]) {
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain(CONTACT_NAME);
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('records office settings and backup imports, without the values', async () => {
    const office = {
      name: { th: 'สำนักงานทดสอบ', en: 'Test office' },
      bandSystem: 'B',
      sampleMethod: 'yamane',
      dpo: { phone: '0 2222 3333', email: 'dpo@example.org', address: 'ถนนทดสอบ' },
    };
    const put = await call(app, staff.admin, 'PUT', '/api/v1/office', office);
    expect(put.statusCode).toBe(200);
    const [changed] = await entries('&action=office_changed');
    expect(changed).toMatchObject({ actor: 'admin', details: { fields: expect.arrayContaining(['dpo', 'name']) } });
    expect(JSON.stringify(changed)).not.toContain('2222');
    const file = await writeBackup([], { appVersion: '0.1.0', iterations: 2_000 });
    expect((await call(app, staff.admin, 'POST', '/api/v1/imports', { file })).statusCode).toBe(200);
    expect(await entries('&action=backup_imported')).toMatchObject([{ actor: 'admin', details: { total: 0 } }]);
  });

  it('reads filtered and paged, newest first; the CSV has every matching entry and is itself logged', async () => {
    const page = (await call(app, staff.admin, 'GET', '/api/v1/audit?limit=2&offset=1')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(3);
    const newest = (await entries())[0] as Entry;
    const later = (await entries(`&from=${encodeURIComponent(newest.at)}`)).map((e) => e.at);
    expect(later.every((at) => at >= newest.at)).toBe(true);
    expect((await entries('&from=2001-01-01&to=2001-01-02')).length).toBe(0);
    const csv = await call(app, staff.admin, 'GET', '/api/v1/audit?format=csv&action=sign_in');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFFat,actor,action,target,details,address');
    expect(lines.length - 1).toBe((await entries('&action=sign_in')).length);
    expect((await entries('&action=export&target=audit'))[0]).toMatchObject({
      details: { format: 'csv', rows: lines.length - 1, filters: { action: 'sign_in' } },
    });
    for (const bad of ['action=nothing', 'from=yesterday', 'limit=-1', 'format=pdf'])
      expect((await call(app, staff.admin, 'GET', `/api/v1/audit?${bad}`)).statusCode).toBe(400);
    expect((await call(app, staff.limited, 'GET', '/api/v1/audit')).statusCode).toBe(403);
  });

  it("a retention purge removes entries older than the responses' cutoff, and keeps the rest", async () => {
    await db.query(
      `INSERT INTO audit_log (at, actor, action, target) VALUES (now() - interval '3 years', 'old-admin', 'sign_in', 'old-admin')`,
    );
    const before = (await entries()).length;
    const dry = await purge(db, { olderThan: '2y', dryRun: true, ranBy: 'test' });
    expect(dry.auditEntriesDeleted).toBe(1);
    expect((await purge(db, { olderThan: '2y', ranBy: 'test' })).auditEntriesDeleted).toBe(1);
    const after = await entries();
    expect(after.length).toBe(before - 1);
    expect(after.some((e) => e.actor === 'old-admin')).toBe(false);
  });
});
