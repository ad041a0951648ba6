// @vitest-environment node
/**
 * The office's DPO contact: an administrator sets it with the office settings, and anyone (the
 * respondents' app, for its privacy notices) reads it with the office's name.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import { type TestDatabase, useBackends } from './backends.js';
import { call, type Staff, serverWith, staffOf } from './results-helpers.js';

const backends = useBackends();

const OFFICE = {
  name: { th: 'สำนักงานเขตพื้นที่การศึกษาทดสอบ', en: 'Test area office' },
  bandSystem: 'A',
  sampleMethod: 'krejcie-morgan',
};
const DPO = { phone: '0 3242 5123', email: 'dpo@example.go.th', address: '1 ถนนทดสอบ เพชรบุรี 76000' };

describe.each(backends)('the DPO contact, on $name', (backend) => {
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

  it('is empty until set, and anyone may read it with the office name', async () => {
    const reply = await call(app, null, 'GET', '/api/v1/office/contact');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({
      name: expect.objectContaining({ th: expect.any(String) }),
      dpo: { phone: '', email: '', address: '' },
    });
  });

  it('an administrator saves it with the office settings; respondents then read it', async () => {
    const saved = await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, dpo: DPO });
    expect(saved.statusCode).toBe(200);
    expect((await call(app, staff.supervisor, 'GET', '/api/v1/office')).json()).toEqual({ ...OFFICE, dpo: DPO });
    expect((await call(app, null, 'GET', '/api/v1/office/contact')).json()).toEqual({ name: OFFICE.name, dpo: DPO });
  });

  it('settings saved without it (an older screen) keep the contact', async () => {
    await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, dpo: DPO });
    const saved = await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, bandSystem: 'B' });
    expect(saved.json()).toEqual({ ...OFFICE, bandSystem: 'B', dpo: DPO });
    expect((await call(app, null, 'GET', '/api/v1/office/contact')).json().dpo).toEqual(DPO);
  });

  it('refuses an e-mail address that is not one, and leaves the saved contact as it was', async () => {
    await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, dpo: DPO });
    const bad = await call(app, staff.admin, 'PUT', '/api/v1/office', {
      ...OFFICE,
      dpo: { ...DPO, email: 'dpo-at-office' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/dpo\.email/);
    expect((await call(app, null, 'GET', '/api/v1/office/contact')).json().dpo).toEqual(DPO);
  });

  it('a supervisor may not change it', async () => {
    const refused = await call(app, staff.supervisor, 'PUT', '/api/v1/office', {
      ...OFFICE,
      dpo: { ...DPO, phone: '1' },
    });
    expect(refused.statusCode).toBe(403);
  });
});
