// @vitest-environment node
/**
 * The office's DPO contact and its promise to complainants (a reply within so many working days,
 * a phone to follow up): an administrator sets them with the office settings, and anyone (the
 * respondents' app, for its privacy notices and the complaint thank-you) reads them with the
 * office's name.
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
/** What the settings hold before an administrator sets the complaint reply promise. */
const REPLY_DEFAULTS = { replyDays: 15, followUp: { phone: '' } };

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
      reply: { days: 15, phone: '' },
    });
  });

  it('an administrator saves it with the office settings; respondents then read it', async () => {
    const saved = await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, dpo: DPO });
    expect(saved.statusCode).toBe(200);
    expect((await call(app, staff.supervisor, 'GET', '/api/v1/office')).json()).toEqual({
      ...OFFICE,
      dpo: DPO,
      ...REPLY_DEFAULTS,
    });
    expect((await call(app, null, 'GET', '/api/v1/office/contact')).json()).toEqual({
      name: OFFICE.name,
      dpo: DPO,
      reply: { days: 15, phone: '' },
    });
  });

  it('settings saved without it (an older screen) keep the contact', async () => {
    await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, dpo: DPO });
    const saved = await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, bandSystem: 'B' });
    expect(saved.json()).toEqual({ ...OFFICE, bandSystem: 'B', dpo: DPO, ...REPLY_DEFAULTS });
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

  it('an administrator sets the working days promised to complainants and the phone to follow up; anyone reads them', async () => {
    const followUp = { phone: '0 3242 5124 ต่อ 12' };
    const saved = await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, replyDays: 30, followUp });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ replyDays: 30, followUp });
    expect((await call(app, null, 'GET', '/api/v1/office/contact')).json().reply).toEqual({
      days: 30,
      phone: '0 3242 5124 ต่อ 12',
    });
    // Saved again by a screen that sends neither: both kept.
    await call(app, staff.admin, 'PUT', '/api/v1/office', OFFICE);
    expect((await call(app, null, 'GET', '/api/v1/office/contact')).json().reply).toEqual({
      days: 30,
      phone: '0 3242 5124 ต่อ 12',
    });
  });

  it('refuses a promise of no days, of a fraction or of more than 120 days, and a phone that is not one', async () => {
    for (const body of [
      { replyDays: 0 },
      { replyDays: 7.5 },
      { replyDays: 121 },
      { replyDays: '15' },
      { followUp: { phone: 'โทรหาได้ตลอด' } },
      { followUp: { phone: '12' } },
    ]) {
      const bad = await call(app, staff.admin, 'PUT', '/api/v1/office', { ...OFFICE, ...body });
      expect([JSON.stringify(body), bad.statusCode]).toEqual([JSON.stringify(body), 400]);
    }
  });

  it('a supervisor may not change it', async () => {
    const refused = await call(app, staff.supervisor, 'PUT', '/api/v1/office', {
      ...OFFICE,
      dpo: { ...DPO, phone: '1' },
    });
    expect(refused.statusCode).toBe(403);
  });
});
