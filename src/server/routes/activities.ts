/**
 * Participation activities (docs/api.md "Activities", docs/participation.md "Activities"):
 * devices and staff send them exactly once; staff list, view and download; admins edit, approve
 * and manage the devices allowed to send. Who may send: a signed-in staff member, a staff API
 * token, or an activity device's token (made by an admin, revocable, good for sending activities
 * and their attachments only). Nobody else: no public endpoint takes photos.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { activitySchema, MAX_ACTIVITY_BATCH, MAX_ATTACHMENT_BYTES, uploadSchema } from '../../core/activities.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { actorOf, recordAudit } from '../store/audit.js';
import {
  type ActivityEdit,
  approveActivity,
  createActivityDevice,
  deleteActivity,
  deleteAttachment,
  deviceOfToken,
  editActivity,
  getActivity,
  listActivities,
  listActivityDevices,
  publicActivities,
  readAttachment,
  revokeActivityDevice,
  type Sender,
  setAttachmentPublic,
  storeActivities,
  storeAttachment,
} from '../store/activities.js';
import { fiscalYearQuery } from './committees.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const batchSchema = v.strictObject({
  activities: v.pipe(
    v.array(v.unknown(), 'activities must be a list'),
    v.minLength(1, 'activities must not be empty'),
    v.maxLength(MAX_ACTIVITY_BATCH, `at most ${MAX_ACTIVITY_BATCH} activities per batch`),
  ),
});

const EDITABLE = [
  'date',
  'title',
  'place',
  'planRowId',
  'level',
  'groups',
  'participants',
  'contributions',
  'summary',
  'result',
  'followUp',
  'public',
] as const;
const editSchema = v.partial(v.pick(activitySchema, EDITABLE));
const approveSchema = v.strictObject({ position: v.pipe(v.string(), v.maxLength(200)) });
const attachmentPatch = v.strictObject({ public: v.boolean() });
const deviceSchema = v.strictObject({ name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)) });

/** The upload route's body limit: the largest file in base64 with its description. */
const UPLOAD_BODY_BYTES = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 64 * 1024;

function bad(reply: FastifyReply, issues: v.BaseIssue<unknown>[]) {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.');
  return reply
    .code(400)
    .send({ error: 'bad_request', message: where ? `${where}: ${issue?.message}` : (issue?.message ?? 'bad request') });
}

const jsonObject = (body: unknown) => typeof body === 'object' && body !== null && !Array.isArray(body);

/** Registers the activity routes. */
export async function registerActivityRoutes(app: FastifyInstance, db: Db): Promise<void> {
  const staff = requireRole('admin', 'supervisor');
  const admin = requireRole('admin');
  const notFound = (reply: FastifyReply, what = 'activity') =>
    reply.code(404).send({ error: 'not_found', message: `no such ${what}` });

  /** Staff (by session or API token) or an activity device; answers 401 for anyone else. */
  async function senderOf(request: FastifyRequest, reply: FastifyReply): Promise<Sender | undefined> {
    if (request.principal) return { name: actorOf(request) ?? '', deviceId: null, staff: true };
    const header = request.headers.authorization;
    const device = header?.startsWith('Bearer ') ? await deviceOfToken(db, header.slice(7).trim()) : undefined;
    if (device) return { name: `device:${device.name}`, deviceId: device.id, staff: false };
    void reply.code(401).send({ error: 'unauthorized', message: 'sign in, or set up this device with its token' });
    return undefined;
  }

  app.post('/api/v1/activities/submissions', async (request, reply) => {
    const sender = await senderOf(request, reply);
    if (!sender) return reply;
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? ''))
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'send the batch as application/json' });
    const envelope = v.safeParse(batchSchema, request.body, { abortPipeEarly: true });
    if (!envelope.success) return bad(reply, envelope.issues);
    const results = await storeActivities(db, envelope.output.activities, sender);
    request.log.info({ batch: results.length }, 'activities');
    return { results, serverTime: new Date().toISOString() };
  });

  app.put<{ Params: { id: string; attachmentId: string } }>(
    '/api/v1/activities/:id/attachments/:attachmentId',
    { bodyLimit: UPLOAD_BODY_BYTES },
    async (request, reply) => {
      const sender = await senderOf(request, reply);
      if (!sender) return reply;
      const { id, attachmentId } = request.params;
      if (!UUID.test(id)) return notFound(reply);
      if (!UUID.test(attachmentId))
        return reply.code(400).send({ error: 'bad_request', message: 'attachment ids are UUIDs' });
      const parsed = v.safeParse(uploadSchema, request.body, { abortPipeEarly: true });
      if (!jsonObject(request.body) || !parsed.success) return bad(reply, parsed.success ? [] : parsed.issues);
      const result = await storeAttachment(db, id, attachmentId, parsed.output, sender, MAX_ATTACHMENT_BYTES);
      switch (result.status) {
        case 'stored':
          return reply.code(201).send(result);
        case 'duplicate':
          return result;
        case 'not_found':
          return reply.code(404).send({ error: 'not_found', message: result.message });
        case 'conflict':
          return reply.code(409).send({ error: 'conflict', message: result.message });
        case 'too_large':
          return reply.code(413).send({ error: 'too_large', message: result.message });
        case 'unsupported_type':
          return reply.code(415).send({ error: 'unsupported_media_type', message: result.message });
        default:
          return reply.code(400).send({ error: 'bad_request', message: result.message });
      }
    },
  );

  app.get<{ Querystring: { fiscalYear?: string } }>(
    '/api/v1/activities',
    { preHandler: staff },
    async (request, reply) => {
      const fy = fiscalYearQuery(request.query.fiscalYear, reply, null);
      if (fy === undefined) return reply;
      return { activities: await listActivities(db, fy ?? undefined) };
    },
  );

  app.get<{ Params: { id: string } }>('/api/v1/activities/:id', { preHandler: staff }, async (request, reply) => {
    const found = UUID.test(request.params.id) ? await getActivity(db, request.params.id) : undefined;
    return found ?? notFound(reply);
  });

  app.patch<{ Params: { id: string } }>('/api/v1/activities/:id', { preHandler: admin }, async (request, reply) => {
    if (!jsonObject(request.body))
      return reply.code(400).send({ error: 'bad_request', message: 'send the changes as a JSON object' });
    const parsed = v.safeParse(editSchema, request.body, { abortPipeEarly: true });
    if (!parsed.success) return bad(reply, parsed.issues);
    const { id } = request.params;
    const edit = parsed.output as ActivityEdit;
    if (!UUID.test(id) || !(await editActivity(db, id, edit, request.principal?.name ?? ''))) return notFound(reply);
    await recordAudit(db, request, {
      action: 'activity_edited',
      target: `activity:${id}`,
      details: { fields: Object.keys(edit) },
    });
    return getActivity(db, id);
  });

  app.post<{ Params: { id: string } }>(
    '/api/v1/activities/:id/approve',
    { preHandler: admin },
    async (request, reply) => {
      const parsed = v.safeParse(approveSchema, request.body ?? {});
      if (!jsonObject(request.body ?? {}) || !parsed.success) return bad(reply, parsed.success ? [] : parsed.issues);
      const { id } = request.params;
      const by = request.principal?.name ?? '';
      if (!UUID.test(id) || !(await approveActivity(db, id, by, parsed.output.position.trim()))) return notFound(reply);
      await recordAudit(db, request, { action: 'activity_approved', target: `activity:${id}` });
      return getActivity(db, id);
    },
  );

  app.delete<{ Params: { id: string } }>('/api/v1/activities/:id', { preHandler: admin }, async (request, reply) => {
    const { id } = request.params;
    if (!UUID.test(id) || !(await deleteActivity(db, id))) return notFound(reply);
    await recordAudit(db, request, { action: 'activity_deleted', target: `activity:${id}` });
    return { deleted: id };
  });

  app.get<{ Params: { id: string } }>('/api/v1/attachments/:id', { preHandler: staff }, async (request, reply) => {
    const found = UUID.test(request.params.id) ? await readAttachment(db, request.params.id, false) : undefined;
    if (!found) return notFound(reply, 'attachment');
    await recordAudit(db, request, {
      action: 'attachment_downloaded',
      target: `attachment:${found.id}`,
      details: { activity: found.activityId, kind: found.kind },
    });
    return reply
      .header('content-type', found.type)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(found.name || found.id)}`)
      .send(Buffer.from(found.data));
  });

  app.patch<{ Params: { id: string } }>('/api/v1/attachments/:id', { preHandler: admin }, async (request, reply) => {
    const parsed = v.safeParse(attachmentPatch, request.body);
    if (!parsed.success) return bad(reply, parsed.issues);
    const { id } = request.params;
    if (!UUID.test(id) || !(await setAttachmentPublic(db, id, parsed.output.public)))
      return notFound(reply, 'attachment');
    await recordAudit(db, request, {
      action: 'attachment_changed',
      target: `attachment:${id}`,
      details: parsed.output,
    });
    return { id, public: parsed.output.public };
  });

  app.delete<{ Params: { id: string } }>('/api/v1/attachments/:id', { preHandler: admin }, async (request, reply) => {
    const { id } = request.params;
    if (!UUID.test(id) || !(await deleteAttachment(db, id))) return notFound(reply, 'attachment');
    await recordAudit(db, request, { action: 'attachment_deleted', target: `attachment:${id}` });
    return { deleted: id };
  });

  app.get('/api/v1/activity-devices', { preHandler: admin }, async () => ({ devices: await listActivityDevices(db) }));

  app.post('/api/v1/activity-devices', { preHandler: admin }, async (request, reply) => {
    const parsed = v.safeParse(deviceSchema, request.body);
    if (!parsed.success) return bad(reply, parsed.issues);
    const made = await createActivityDevice(db, parsed.output.name, request.principal?.name ?? '');
    await recordAudit(db, request, { action: 'activity_device_created', target: `activity-device:${made.id}` });
    return { id: made.id, name: parsed.output.name, token: made.token };
  });

  app.delete<{ Params: { id: string } }>(
    '/api/v1/activity-devices/:id',
    { preHandler: admin },
    async (request, reply) => {
      const id = /^\d{1,15}$/.test(request.params.id) ? Number(request.params.id) : 0;
      if (!id || !(await revokeActivityDevice(db, id, request.principal?.name ?? '')))
        return notFound(reply, 'activity device');
      await recordAudit(db, request, { action: 'activity_device_revoked', target: `activity-device:${id}` });
      return { revoked: id };
    },
  );

  // Public: activities marked public and approved, and their public attachments only.
  app.get<{ Querystring: { fiscalYear?: string } }>('/api/v1/public/activities', async (request, reply) => {
    const fy = fiscalYearQuery(request.query.fiscalYear, reply);
    if (fy === undefined || fy === null) return reply;
    reply.header('cache-control', 'no-cache');
    return { fiscalYear: fy, activities: await publicActivities(db, fy) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/public/attachments/:id', async (request, reply) => {
    const found = UUID.test(request.params.id) ? await readAttachment(db, request.params.id, true) : undefined;
    if (!found) return notFound(reply, 'attachment');
    // Checked again within the hour: an attachment taken off the public page stops showing.
    return reply
      .header('content-type', found.type)
      .header('cache-control', 'public, max-age=3600')
      .header('content-disposition', 'inline')
      .send(Buffer.from(found.data));
  });
}
