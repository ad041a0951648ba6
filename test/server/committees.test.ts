// @vitest-environment node
/**
 * Committees and their members on the server, on both databases: admins create, change and
 * delete them (in the audit log), supervisors read them without members' contacts, and the
 * public route shows only committees whose appointment order is published, with members' name,
 * position, group and organisation only.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitteeInput } from '../../src/core/committees.js';
import type { Db } from '../../src/server/db/database.js';
import { type TestDatabase, useBackends } from './backends.js';
import { call, type Staff, serverWith, staffOf } from './results-helpers.js';

const backends = useBackends();

const PHONE = '081-234-5678';
/** Plan rows are named by their UUIDs. */
const ROWS = ['0b8f6a52-3c1d-4e2f-9a7b-1c2d3e4f5a6b', '7d9e0f1a-2b3c-4d5e-8f6a-7b8c9d0e1f2a'];

function aCommittee(over: Partial<CommitteeInput> = {}): CommitteeInput {
  return {
    fiscalYear: 2570,
    kind: 'committee',
    name: { th: 'คณะกรรมการติดตามผลการมีส่วนร่วม', en: 'Participation follow-up committee' },
    purpose: { th: 'ติดตามผลตามแผน', en: 'Follow the plan' },
    orderNumber: '123/2569',
    orderDate: '2026-10-15',
    termFrom: '2026-10-15',
    termTo: '2027-09-30',
    orderPublished: true,
    planRowIds: ROWS,
    members: [
      {
        name: 'นายประธาน ทดสอบ',
        role: { th: 'ประธานกรรมการ', en: 'Chair' },
        group: null,
        organisation: 'สพม.เพชรบุรี',
        appointedOn: '2026-10-15',
        endedOn: null,
        contact: PHONE,
      },
      {
        name: 'นางผู้ปกครอง ตัวแทน',
        role: { th: 'กรรมการ', en: 'Member' },
        group: 'parent',
        organisation: 'เครือข่ายผู้ปกครอง',
        appointedOn: '2026-10-15',
        endedOn: null,
        contact: 'parent@example.org',
      },
    ],
    ...over,
  };
}

describe.each(backends)('committees, on $name', (backend) => {
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
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('lets an admin create, change and delete a committee with its members, in the audit log', async () => {
    expect((await call(app, staff.supervisor, 'POST', '/api/v1/committees', aCommittee())).statusCode).toBe(403);
    const made = await call(app, staff.admin, 'POST', '/api/v1/committees', aCommittee());
    expect(made.statusCode).toBe(200);
    const id = made.json().id as number;
    expect(made.json()).toMatchObject({ ...aCommittee(), id, updatedBy: 'admin' });
    const changed = aCommittee({
      orderNumber: '124/2569',
      members: aCommittee().members.slice(1),
      planRowIds: [ROWS[1] as string],
    });
    const put = await call(app, staff.admin, 'PUT', `/api/v1/committees/${id}`, changed);
    expect(put.json()).toMatchObject({ orderNumber: '124/2569', members: [{ name: 'นางผู้ปกครอง ตัวแทน' }] });
    const read = await call(app, staff.supervisor, 'GET', `/api/v1/committees/${id}`);
    expect(read.json().planRowIds).toEqual([ROWS[1]]);
    const numbered = await call(app, staff.admin, 'PUT', `/api/v1/committees/${id}`, { ...changed, planRowIds: [3] });
    expect([numbered.statusCode, numbered.json().message]).toEqual([400, expect.stringContaining('planRowIds')]);
    const bad = await call(app, staff.admin, 'PUT', `/api/v1/committees/${id}`, {
      ...changed,
      orderDate: '2026-02-30',
    });
    expect([bad.statusCode, bad.json().message]).toEqual([400, expect.stringContaining('orderDate')]);
    expect((await call(app, staff.admin, 'DELETE', `/api/v1/committees/${id}`)).statusCode).toBe(200);
    expect((await call(app, staff.admin, 'GET', `/api/v1/committees/${id}`)).statusCode).toBe(404);
    const log = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [
      `committee:${id}`,
    ]);
    expect(log.map((r) => r.action)).toEqual(['committee_saved', 'committee_saved', 'committee_deleted']);
  });

  it('shows members contacts to signed-in admins only', async () => {
    const made = await call(app, staff.admin, 'POST', '/api/v1/committees', aCommittee());
    const id = made.json().id as number;
    const asAdmin = await call(app, staff.admin, 'GET', `/api/v1/committees/${id}`);
    expect(asAdmin.body).toContain(PHONE);
    for (const who of [staff.supervisor, staff.token]) {
      const r = await call(app, who, 'GET', '/api/v1/committees?fiscalYear=2570');
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(PHONE);
      expect(r.json().committees.length).toBeGreaterThan(0);
    }
  });

  it('shows publicly only committees whose order is published, and never a contact', async () => {
    await call(app, staff.admin, 'POST', '/api/v1/committees', aCommittee({ name: { th: 'PUBLISHED', en: '' } }));
    await call(
      app,
      staff.admin,
      'POST',
      '/api/v1/committees',
      aCommittee({ name: { th: 'UNPUBLISHED-ORDER', en: '' }, orderPublished: false }),
    );
    await call(
      app,
      staff.admin,
      'POST',
      '/api/v1/committees',
      aCommittee({ name: { th: 'OTHER-YEAR', en: '' }, fiscalYear: 2569 }),
    );
    const r = await call(app, null, 'GET', '/api/v1/public/committees?fiscalYear=2570');
    expect(r.statusCode).toBe(200);
    const names = r.json().committees.map((c: { name: { th: string } }) => c.name.th);
    expect(names).toContain('PUBLISHED');
    expect(r.body).not.toContain('UNPUBLISHED-ORDER');
    expect(r.body).not.toContain('OTHER-YEAR');
    expect(r.body).not.toContain(PHONE);
    expect(r.body).not.toContain('parent@example.org');
    expect(r.body).not.toContain('contact');
    expect(r.json().committees[0].members[1]).toEqual({
      name: 'นางผู้ปกครอง ตัวแทน',
      role: { th: 'กรรมการ', en: 'Member' },
      group: 'parent',
      organisation: 'เครือข่ายผู้ปกครอง',
    });
  });
});
