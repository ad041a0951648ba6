/**
 * The complaints and suggestions inbox: responses to `complaint` surveys with their handling
 * status (new, in progress, answered, closed) and an internal note (table `complaint_handling`).
 * The only place where contact details are shown, and only to signed-in staff.
 */
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { recordAuditMany } from '../store/audit.js';

/** Handling states. */
export const COMPLAINT_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const;

interface Row {
  id: string;
  survey_id: string;
  survey_version: number;
  answers: Record<string, unknown>;
  completed_at: Date | string;
  school: string | null;
  status: string | null;
  note: string | null;
  updated_at: Date | string | null;
  updated_by: string | null;
}

const patchSchema = v.strictObject({
  status: v.optional(v.picklist(COMPLAINT_STATUSES)),
  note: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
});

/** Registers the inbox routes (signed-in staff; contact details never go to API tokens). */
export async function registerComplaintRoutes(app: FastifyInstance, db: Db): Promise<void> {
  const staff = requireRole('admin', 'supervisor');
  app.get<{ Querystring: { status?: string; q?: string; limit?: string; offset?: string } }>(
    '/api/v1/complaints',
    { preHandler: staff },
    async (request, reply) => {
      if (request.principal?.kind !== 'user')
        return reply.code(403).send({ error: 'forbidden', message: 'the inbox is for signed-in staff' });
      const params: unknown[] = [];
      // A deleted complaint leaves the inbox (until it is restored).
      const where = ["s.kind = 'complaint'", 'r.deleted_at IS NULL'];
      const schools = request.principal.schools;
      if (schools) {
        params.push(schools);
        where.push(`r.school = ANY($${params.length}::text[])`);
      }
      const status = request.query.status;
      if (status) {
        if (!(COMPLAINT_STATUSES as readonly string[]).includes(status))
          return reply.code(400).send({ error: 'bad_request', message: 'unknown status' });
        params.push(status);
        where.push(`coalesce(h.status, 'new') = $${params.length}`);
      }
      // A repeated ?q= arrives as an array, which has no trim (a 500).
      if (request.query.q !== undefined && typeof request.query.q !== 'string')
        return reply.code(400).send({ error: 'bad_request', message: 'q must be given once' });
      const q = request.query.q?.trim().slice(0, 200);
      if (q) {
        params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        // The answers' values and the internal note, never the question ids ("reply", "_").
        where.push(
          `(EXISTS (SELECT 1 FROM jsonb_each_text(r.answers) a WHERE a.value ILIKE $${params.length}) OR h.note ILIKE $${params.length})`,
        );
      }
      const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 200);
      // A whole number PostgreSQL takes as OFFSET (1e30 would be written 1e+30: a 500).
      const offset = Math.min(Math.max(Math.trunc(Number(request.query.offset ?? 0)) || 0, 0), 1_000_000_000);
      const from = `FROM responses r JOIN surveys s ON s.id = r.survey_id AND s.version = r.survey_version
        LEFT JOIN complaint_handling h ON h.response_id = r.id WHERE ${where.join(' AND ')}`;
      const [count] = await db.query<{ n: number | string }>(`SELECT count(*) AS n ${from}`, params);
      const rows = await db.query<Row>(
        `SELECT r.id, r.survey_id, r.survey_version, r.answers, r.completed_at, r.school,
           h.status, h.note, h.updated_at, h.updated_by ${from} ORDER BY r.completed_at DESC, r.id DESC LIMIT ${limit} OFFSET ${offset}`,
        params,
      );
      request.log.info({ count: rows.length }, 'complaints listed');
      // The inbox shows each complaint's contact details: who saw whose is logged, by response id.
      await recordAuditMany(
        db,
        request,
        rows.map((r) => ({ action: 'contact_viewed' as const, target: r.id, details: { surveyId: r.survey_id } })),
      );
      return {
        total: Number(count?.n ?? 0),
        items: rows.map((r) => ({
          id: r.id,
          surveyId: r.survey_id,
          surveyVersion: r.survey_version,
          completedAt: new Date(r.completed_at).toISOString(),
          answers: r.answers,
          status: r.status ?? 'new',
          note: r.note ?? '',
          updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
          updatedBy: r.updated_by,
        })),
      };
    },
  );

  app.patch<{ Params: { id: string } }>('/api/v1/complaints/:id', { preHandler: staff }, async (request, reply) => {
    if (request.principal?.kind !== 'user')
      return reply.code(403).send({ error: 'forbidden', message: 'the inbox is for signed-in staff' });
    // valibot's object schemas take an array as an object with no keys: [] would record a change.
    if (Array.isArray(request.body))
      return reply.code(400).send({ error: 'bad_request', message: 'send { status, note } as a JSON object' });
    const parsed = v.safeParse(patchSchema, request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'bad_request', message: parsed.issues[0]?.message });
    // A well-formed UUID only: anything else (36 dashes, say) would make the ::uuid cast fail with a 500.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(request.params.id))
      return reply.code(404).send({ error: 'not_found', message: 'no such complaint' });
    const params: unknown[] = [request.params.id];
    let scope = '';
    if (request.principal.schools) {
      params.push(request.principal.schools);
      scope = ` AND r.school = ANY($2::text[])`;
    }
    const found = await db.query<{ id: string }>(
      `SELECT r.id FROM responses r JOIN surveys s ON s.id = r.survey_id AND s.version = r.survey_version
       WHERE r.id = $1::uuid AND s.kind = 'complaint' AND r.deleted_at IS NULL${scope}`,
      params,
    );
    if (!found.length) return reply.code(404).send({ error: 'not_found', message: 'no such complaint' });
    const rows = await db.query<{ status: string; note: string; updated_at: Date | string; updated_by: string }>(
      `INSERT INTO complaint_handling (response_id, status, note, updated_by) VALUES ($1::uuid, coalesce($2, 'new'), coalesce($3, ''), $4)
       ON CONFLICT (response_id) DO UPDATE SET status = coalesce($2, complaint_handling.status),
         note = coalesce($3, complaint_handling.note), updated_by = $4, updated_at = now()
       RETURNING status, note, updated_at, updated_by`,
      [request.params.id, parsed.output.status ?? null, parsed.output.note ?? null, request.principal.name],
    );
    const r = rows[0];
    return {
      id: request.params.id,
      status: r?.status,
      note: r?.note,
      updatedAt: r ? new Date(r.updated_at).toISOString() : null,
      updatedBy: r?.updated_by,
    };
  });
}
