// @vitest-environment node
/**
 * Participation activities on the server, on both databases: an activity sent by a device's token
 * is stored exactly once (the same activity again is a duplicate, a changed resend a conflict),
 * its attachments too, with their size limit and a type told by content; nobody without a
 * staff session, a staff token or a live device token may send; admins edit and approve (in
 * the audit log), staff download (in the audit log); and the public routes show only public,
 * approved activities and their public attachments, never the recorder or the follow-up.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityInput } from '../../src/core/activities.js';
import { MAX_ATTACHMENT_BYTES } from '../../src/core/activities.js';
import { newId } from '../../src/core/ids.js';
import type { Db } from '../../src/server/db/database.js';
import { type TestDatabase, useBackends } from './backends.js';
import { type Credentials, call, type Staff, serverWith, staffOf } from './results-helpers.js';

const backends = useBackends();

/** A tiny JPEG-looking file: the server tells the type by the first bytes. */
const jpeg = (fill: number, size = 64) => {
  const bytes = new Uint8Array(size).fill(fill);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

const PHOTO = jpeg(1);
const PRIVATE_PHOTO = jpeg(2);

function anActivity(over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    id: newId(),
    date: '2026-11-20',
    title: 'ประชุมรับฟังความคิดเห็นผู้ปกครอง',
    place: 'โรงเรียนทดสอบ',
    planRowId: newId(),
    level: 'consult',
    groups: ['parent', 'teacher'],
    participants: { parent: 34, teacher: 12 },
    contributions: 'ขอให้เปิดห้องสมุดวันเสาร์',
    summary: 'สรุปการประชุม',
    result: 'เห็นชอบ',
    followUp: 'INTERNAL-FOLLOW-UP note',
    public: true,
    recordedBy: 'RECORDER-NAME นางสาวทดสอบ',
    recordedAt: '2026-11-20T08:00:00.000Z',
    attachments: [],
    ...over,
  };
}

describe.each(backends)('participation activities, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  let device: Credentials;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    const made = await call(app, staff.admin, 'POST', '/api/v1/activity-devices', { name: 'แท็บเล็ต 1' });
    expect(made.statusCode).toBe(200);
    device = { token: made.json().token };
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const send = (activities: unknown[], who: Credentials = device) =>
    call(app, who, 'POST', '/api/v1/activities/submissions', { activities });
  const upload = (activityId: string, attachmentId: string, bytes: Uint8Array, who: Credentials = device) =>
    call(app, who, 'PUT', `/api/v1/activities/${activityId}/attachments/${attachmentId}`, {
      kind: 'photo',
      name: 'photo.jpg',
      takenAt: '2026-11-20',
      public: true,
      data: b64(bytes),
    });
  const count = async (table: string) =>
    Number((await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

  it('stores an activity sent twice once: the second time is a duplicate with the first receipt', async () => {
    const a = anActivity();
    const first = await send([a]);
    expect(first.statusCode).toBe(200);
    const [stored] = first.json().results;
    expect(stored).toMatchObject({ id: a.id, status: 'stored', missing: [] });
    const again = await send([{ ...a, attachments: [] }]);
    expect(again.json().results[0]).toEqual({
      id: a.id,
      status: 'duplicate',
      receivedAt: stored.receivedAt,
      missing: [],
    });
    // The same activity in one batch twice, at the same time from two requests: still one row.
    const both = await Promise.all([send([a, a]), send([a])]);
    for (const r of both) for (const x of r.json().results) expect(x.status).toBe('duplicate');
    expect((await db.query('SELECT id FROM activities WHERE id = $1', [a.id])).length).toBe(1);
  });

  it('answers conflict to a changed resend under the same id, and keeps the first', async () => {
    const a = anActivity();
    await send([a]);
    const changed = await send([{ ...a, summary: 'อีกเรื่องหนึ่ง' }]);
    expect(changed.json().results[0]).toMatchObject({ id: a.id, status: 'conflict', reason: { code: 'conflict' } });
    const kept = await call(app, staff.supervisor, 'GET', `/api/v1/activities/${a.id}`);
    expect(kept.json().summary).toBe('สรุปการประชุม');
  });

  it('rejects a malformed activity with the field named, and stores the others of the batch', async () => {
    const good = anActivity();
    const r = await send([
      { ...anActivity(), level: 'shout' },
      good,
      { ...anActivity(), participants: { parent: -1 } },
    ]);
    const [x, y, z] = r.json().results;
    expect(x).toMatchObject({
      status: 'rejected',
      reason: { code: 'invalid_activity', message: expect.stringContaining('level') },
    });
    expect(y).toMatchObject({ id: good.id, status: 'stored' });
    expect(z).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('participants') } });
  });

  it('refuses senders without a session, a staff token or a live device token', async () => {
    const a = anActivity();
    for (const who of [null, { token: 'made-up' }, { cookie: 'siang_session=nope' }] as Credentials[]) {
      expect((await send([a], who)).statusCode).toBe(401);
      expect((await upload(a.id, newId(), PHOTO, who)).statusCode).toBe(401);
    }
    const made = await call(app, staff.admin, 'POST', '/api/v1/activity-devices', { name: 'lost tablet' });
    const lost = { token: made.json().token as string };
    expect((await send([anActivity()], lost)).statusCode).toBe(200);
    expect((await call(app, staff.supervisor, 'DELETE', `/api/v1/activity-devices/${made.json().id}`)).statusCode).toBe(
      403,
    );
    expect((await call(app, staff.admin, 'DELETE', `/api/v1/activity-devices/${made.json().id}`)).statusCode).toBe(200);
    expect((await send([a], lost)).statusCode).toBe(401);
    // Staff may send from a signed-in screen.
    expect((await send([anActivity()], staff.supervisor)).json().results[0].status).toBe('stored');
    // The device's token reads nothing.
    expect((await call(app, device, 'GET', '/api/v1/activities')).statusCode).toBe(401);
  });

  it('takes declared attachments exactly once, checks them against the declaration, and lists what is missing', async () => {
    const photoId = newId();
    const signinId = newId();
    const a = anActivity({
      attachments: [
        {
          id: photoId,
          kind: 'photo',
          name: 'p.jpg',
          type: 'image/jpeg',
          size: PHOTO.length,
          sha256: sha(PHOTO),
          takenAt: '2026-11-20',
          public: true,
        },
        {
          id: signinId,
          kind: 'signin',
          name: 's.jpg',
          type: 'image/jpeg',
          size: PRIVATE_PHOTO.length,
          sha256: sha(PRIVATE_PHOTO),
          takenAt: null,
          public: false,
        },
      ],
    });
    expect((await send([a])).json().results[0].missing).toEqual([photoId, signinId]);
    // Bytes other than declared: a conflict, nothing stored.
    expect((await upload(a.id, photoId, PRIVATE_PHOTO)).statusCode).toBe(409);
    expect((await upload(a.id, photoId, PHOTO)).statusCode).toBe(201);
    const again = await upload(a.id, photoId, PHOTO);
    expect([again.statusCode, again.json().status]).toEqual([200, 'duplicate']);
    expect((await send([a])).json().results[0]).toMatchObject({ status: 'duplicate', missing: [signinId] });
    expect((await upload(a.id, signinId, PRIVATE_PHOTO)).statusCode).toBe(201);
    // A device may not add what the activity did not declare; staff may.
    expect((await upload(a.id, newId(), jpeg(3))).statusCode).toBe(404);
    expect((await upload(a.id, newId(), jpeg(3), staff.admin)).statusCode).toBe(201);
    const view = (await call(app, staff.supervisor, 'GET', `/api/v1/activities/${a.id}`)).json();
    expect(view.attachments).toHaveLength(3);
    expect(view.missing).toEqual([]);
    expect(await count(`activity_attachments WHERE activity_id = '${a.id}'`)).toBe(3);
  });

  it('tells a file type by its content, not its name, and refuses files over the limit', async () => {
    const a = anActivity();
    await send([a], staff.admin);
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const named = await call(app, staff.admin, 'PUT', `/api/v1/activities/${a.id}/attachments/${newId()}`, {
      kind: 'photo',
      name: 'photo.jpg',
      takenAt: null,
      public: false,
      data: b64(html),
    });
    expect([named.statusCode, named.json().error]).toEqual([415, 'unsupported_media_type']);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect((await upload(a.id, newId(), svg, staff.admin)).statusCode).toBe(415);
    const pdf = new TextEncoder().encode('%PDF-1.4\n%minutes\n');
    const minutes = await upload(a.id, newId(), pdf, staff.admin);
    expect([minutes.statusCode, minutes.json().type]).toEqual([201, 'application/pdf']);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    const tooBig = await upload(a.id, newId(), big, staff.admin);
    expect(tooBig.statusCode).toBe(413);
    const atLimit = new Uint8Array(MAX_ATTACHMENT_BYTES);
    atLimit.set([0xff, 0xd8, 0xff]);
    expect((await upload(a.id, newId(), atLimit, staff.admin)).statusCode).toBe(201);
    const download = await call(app, staff.supervisor, 'GET', `/api/v1/attachments/${minutes.json().id}`);
    expect([download.statusCode, download.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(download.rawPayload.equals(Buffer.from(pdf))).toBe(true);
    const audit = await db.query<{ actor: string; target: string }>(
      "SELECT actor, target FROM audit_log WHERE action = 'attachment_downloaded'",
    );
    expect(audit).toContainEqual({ actor: 'supervisor', target: `attachment:${minutes.json().id}` });
  });

  it('lets admins edit and approve (recorded in the audit log); supervisors only read; an edit withdraws the approval', async () => {
    const a = anActivity();
    await send([a]);
    expect(
      (await call(app, staff.supervisor, 'POST', `/api/v1/activities/${a.id}/approve`, { position: 'x' })).statusCode,
    ).toBe(403);
    const approved = await call(app, staff.admin, 'POST', `/api/v1/activities/${a.id}/approve`, {
      position: 'ผู้อำนวยการกลุ่มนโยบายและแผน',
    });
    expect(approved.json().approval).toMatchObject({ by: 'admin', position: 'ผู้อำนวยการกลุ่มนโยบายและแผน' });
    expect(await db.query("SELECT target FROM audit_log WHERE action = 'activity_approved'")).toContainEqual({
      target: `activity:${a.id}`,
    });
    const onlyPublic = await call(app, staff.admin, 'PATCH', `/api/v1/activities/${a.id}`, { public: false });
    expect(onlyPublic.json().approval).not.toBeNull();
    const edited = await call(app, staff.admin, 'PATCH', `/api/v1/activities/${a.id}`, {
      participants: { parent: 40, teacher: 12 },
      date: '2026-09-30',
    });
    expect(edited.json()).toMatchObject({
      participants: { parent: 40, teacher: 12 },
      fiscalYear: 2569,
      approval: null,
    });
    // The device's resend is still the same activity: a duplicate, not a conflict.
    expect((await send([a])).json().results[0].status).toBe('duplicate');
    expect(
      (await call(app, staff.supervisor, 'PATCH', `/api/v1/activities/${a.id}`, { public: true })).statusCode,
    ).toBe(403);
  });

  it('shows on the public routes only public, approved activities with their public attachments, without internal fields', async () => {
    const photoId = newId();
    const privateId = newId();
    const declare = (id: string, bytes: Uint8Array, pub: boolean) => ({
      id,
      kind: 'photo' as const,
      name: 'x.jpg',
      type: 'image/jpeg' as const,
      size: bytes.length,
      sha256: sha(bytes),
      takenAt: '2026-12-01',
      public: pub,
    });
    const shown = anActivity({
      date: '2026-12-01',
      title: 'SHOWN-ACTIVITY',
      attachments: [declare(photoId, jpeg(9), true), declare(privateId, jpeg(8), false)],
    });
    const notApproved = anActivity({ date: '2026-12-02', title: 'NOT-APPROVED' });
    const notPublic = anActivity({ date: '2026-12-03', title: 'NOT-PUBLIC', public: false });
    await send([shown, notApproved, notPublic]);
    await upload(shown.id, photoId, jpeg(9));
    await upload(shown.id, privateId, jpeg(8));
    for (const x of [shown, notPublic])
      await call(app, staff.admin, 'POST', `/api/v1/activities/${x.id}/approve`, { position: 'ผอ.' });
    const r = await call(app, null, 'GET', '/api/v1/public/activities?fiscalYear=2570');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.activities.map((x: { title: string }) => x.title)).toEqual(['SHOWN-ACTIVITY']);
    expect(body.activities[0]).toMatchObject({
      date: '2026-12-01',
      level: 'consult',
      participants: { parent: 34, teacher: 12 },
      attachments: [
        { url: `/api/v1/public/attachments/${photoId}`, kind: 'photo', type: 'image/jpeg', takenAt: '2026-12-01' },
      ],
    });
    for (const secret of ['INTERNAL-FOLLOW-UP', 'RECORDER-NAME', 'device:', 'admin', privateId, 'NOT-'])
      expect(r.body).not.toContain(secret);
    expect((await call(app, null, 'GET', `/api/v1/public/attachments/${photoId}`)).statusCode).toBe(200);
    expect((await call(app, null, 'GET', `/api/v1/public/attachments/${privateId}`)).statusCode).toBe(404);
    // An attachment of a public activity taken off the public page stops showing.
    await call(app, staff.admin, 'PATCH', `/api/v1/attachments/${photoId}`, { public: false });
    expect((await call(app, null, 'GET', `/api/v1/public/attachments/${photoId}`)).statusCode).toBe(404);
    expect((await call(app, null, 'GET', '/api/v1/public/activities?fiscalYear=25x')).statusCode).toBe(400);
  });
});
