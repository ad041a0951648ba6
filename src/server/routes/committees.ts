/**
 * Committees and working groups with their members (docs/api.md "Committees"): admins edit,
 * supervisors read; members' contacts go to signed-in admins only. The public route shows
 * committees whose appointment order is published, with members' public fields only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { type Committee, committeeSchema } from '../../core/committees.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { recordAudit } from '../store/audit.js';
import {
  createCommittee,
  deleteCommittee,
  getCommittee,
  listCommittees,
  publicCommittees,
  updateCommittee,
} from '../store/committees.js';

/** The current fiscal year (BE) in the office's time zone. */
export function currentFiscalYear(now = new Date()): number {
  const bangkok = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const year = Number(bangkok.slice(0, 4));
  return year + 543 + (Number(bangkok.slice(5, 7)) >= 10 ? 1 : 0);
}

/**
 * `fiscalYear` from the query: a BE year 2500–2700, the current one when absent (undefined and a
 * 400 sent when it is not one). `all` lets staff lists ask for every year.
 */
export function fiscalYearQuery(
  raw: unknown,
  reply: FastifyReply,
  fallback: number | null = currentFiscalYear(),
): number | null | undefined {
  if (raw === undefined || raw === '') return fallback;
  const fy = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(fy >= 2500 && fy <= 2700)) {
    void reply
      .code(400)
      .send({ error: 'bad_request', message: 'fiscalYear must be a Buddhist-era fiscal year such as 2570' });
    return undefined;
  }
  return fy;
}

const idOf = (raw: string) => (/^\d{1,15}$/.test(raw) ? Number(raw) : undefined);

/** Members' contacts are for signed-in admins only. */
function forCaller(request: FastifyRequest, c: Committee): Committee {
  const p = request.principal;
  if (p?.kind === 'user' && p.role === 'admin') return c;
  return { ...c, members: c.members.map((m) => ({ ...m, contact: '' })) };
}

function parseBody(request: FastifyRequest, reply: FastifyReply) {
  if (Array.isArray(request.body) || typeof request.body !== 'object' || request.body === null) {
    void reply.code(400).send({ error: 'bad_request', message: 'send the committee as a JSON object' });
    return undefined;
  }
  const parsed = v.safeParse(committeeSchema, request.body, { abortPipeEarly: true });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join('.');
    void reply.code(400).send({ error: 'bad_request', message: where ? `${where}: ${issue.message}` : issue.message });
    return undefined;
  }
  return parsed.output;
}

/** Registers the committee routes. */
export async function registerCommitteeRoutes(app: FastifyInstance, db: Db): Promise<void> {
  const staff = requireRole('admin', 'supervisor');
  const admin = requireRole('admin');
  const notFound = (reply: FastifyReply) => reply.code(404).send({ error: 'not_found', message: 'no such committee' });

  app.get<{ Querystring: { fiscalYear?: string } }>(
    '/api/v1/committees',
    { preHandler: staff },
    async (request, reply) => {
      const fy = fiscalYearQuery(request.query.fiscalYear, reply, null);
      if (fy === undefined) return reply;
      return { committees: (await listCommittees(db, fy ?? undefined)).map((c) => forCaller(request, c)) };
    },
  );

  app.get<{ Params: { id: string } }>('/api/v1/committees/:id', { preHandler: staff }, async (request, reply) => {
    const id = idOf(request.params.id);
    const found = id === undefined ? undefined : await getCommittee(db, id);
    return found ? forCaller(request, found) : notFound(reply);
  });

  app.post('/api/v1/committees', { preHandler: admin }, async (request, reply) => {
    const input = parseBody(request, reply);
    if (!input) return reply;
    const by = request.principal?.name ?? '';
    const id = await db.transaction((tx) => createCommittee(tx, input, by));
    await recordAudit(db, request, {
      action: 'committee_saved',
      target: `committee:${id}`,
      details: { created: true },
    });
    return getCommittee(db, id);
  });

  app.put<{ Params: { id: string } }>('/api/v1/committees/:id', { preHandler: admin }, async (request, reply) => {
    const id = idOf(request.params.id);
    if (id === undefined) return notFound(reply);
    const input = parseBody(request, reply);
    if (!input) return reply;
    const by = request.principal?.name ?? '';
    if (!(await db.transaction((tx) => updateCommittee(tx, id, input, by)))) return notFound(reply);
    await recordAudit(db, request, {
      action: 'committee_saved',
      target: `committee:${id}`,
      details: { members: input.members.length, orderPublished: input.orderPublished },
    });
    return getCommittee(db, id);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/committees/:id', { preHandler: admin }, async (request, reply) => {
    const id = idOf(request.params.id);
    if (id === undefined || !(await deleteCommittee(db, id))) return notFound(reply);
    await recordAudit(db, request, { action: 'committee_deleted', target: `committee:${id}` });
    return { deleted: id };
  });

  // Public: no credentials, published appointment orders only, never a contact.
  app.get<{ Querystring: { fiscalYear?: string } }>('/api/v1/public/committees', async (request, reply) => {
    const fy = fiscalYearQuery(request.query.fiscalYear, reply);
    if (fy === undefined || fy === null) return reply;
    reply.header('cache-control', 'no-cache');
    return { fiscalYear: fy, committees: await publicCommittees(db, fy) };
  });
}
