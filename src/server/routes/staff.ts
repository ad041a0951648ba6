/**
 * Staff and API tokens, managed in the app by administrators (`siang user add` and
 * `siang token create` still work): list, add, change, disable, reset a password, create and
 * revoke tokens. Signed-in administrators only: an API token cannot mint people or tokens.
 * Every change is written to the audit log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { recordAudit } from '../store/audit.js';
import {
  apiTokenId,
  createApiToken,
  createPasswordLink,
  createUser,
  listApiTokens,
  listUsers,
  type Role,
  resetWithTemporaryPassword,
  revokeApiToken,
  StaffError,
  tokenExpiry,
  updateUser,
} from '../store/staff.js';

const admin = requireRole('admin');

/** Refuses API tokens: managing people and tokens is for a signed-in administrator. */
function refusedToToken(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.principal?.kind === 'user') return false;
  void reply
    .code(403)
    .send({ error: 'forbidden', message: 'staff and tokens are managed by a signed-in administrator' });
  return true;
}

function isObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** Sends a StaffError as its 4xx, or rethrows anything else. */
function refusal(reply: FastifyReply, error: unknown) {
  if (error instanceof StaffError) return reply.code(error.status).send({ error: error.code, message: error.message });
  if (error instanceof Error && /^(a |the |role |"|schools )/.test(error.message))
    return reply.code(400).send({ error: 'bad_request', message: error.message });
  throw error;
}

/** The schools of a body: a list of names, null or absent for all. */
function schoolsOf(value: unknown): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value)) throw new StaffError(400, 'bad_request', 'schools is a list of school names, or null');
  return [...new Set(value.map((s) => (typeof s === 'string' ? s.trim() : '')).filter(Boolean))];
}

/** Registers /api/v1/users and /api/v1/tokens. */
export async function registerStaffRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.get('/api/v1/users', { preHandler: admin }, async (request, reply) => {
    if (refusedToToken(request, reply)) return reply;
    return { users: await listUsers(db) };
  });

  app.post('/api/v1/users', { preHandler: admin }, async (request, reply) => {
    if (refusedToToken(request, reply)) return reply;
    const body = request.body;
    if (!isObject(body) || typeof body.name !== 'string')
      return reply.code(400).send({ error: 'bad_request', message: 'send { name, role, schools }' });
    try {
      const name = body.name.trim();
      const schools = schoolsOf(body.schools);
      const password = await createUser(db, { name, role: body.role as Role, schools: schools ?? null });
      await recordAudit(db, request, {
        action: 'user_added',
        target: name,
        details: { role: body.role, schools: schools?.length ?? 'all' },
      });
      return { name, temporaryPassword: password };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.patch<{ Params: { name: string } }>('/api/v1/users/:name', { preHandler: admin }, async (request, reply) => {
    if (refusedToToken(request, reply)) return reply;
    const body = request.body;
    if (!isObject(body))
      return reply.code(400).send({ error: 'bad_request', message: 'send { role, schools, disabled }' });
    const unknown = Object.keys(body).filter((k) => !['role', 'schools', 'disabled'].includes(k));
    if (unknown.length) return reply.code(400).send({ error: 'bad_request', message: `unknown field ${unknown[0]}` });
    if (body.disabled !== undefined && typeof body.disabled !== 'boolean')
      return reply.code(400).send({ error: 'bad_request', message: 'disabled is true or false' });
    const name = request.params.name;
    try {
      const schools = schoolsOf(body.schools);
      const change = {
        ...(body.role === undefined ? {} : { role: body.role as Role }),
        ...(schools === undefined ? {} : { schools }),
        ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
      };
      await updateUser(db, name, change, request.principal?.name ?? '');
      if (change.role !== undefined || change.schools !== undefined)
        await recordAudit(db, request, {
          action: 'user_changed',
          target: name,
          details: {
            ...(change.role ? { role: change.role } : {}),
            ...(change.schools !== undefined ? { schools: change.schools?.length || 'all' } : {}),
          },
        });
      if (change.disabled !== undefined)
        await recordAudit(db, request, { action: change.disabled ? 'user_disabled' : 'user_enabled', target: name });
    } catch (error) {
      return refusal(reply, error);
    }
    return (await listUsers(db)).find((u) => u.name === name);
  });

  app.post<{ Params: { name: string } }>(
    '/api/v1/users/:name/password-reset',
    { preHandler: admin },
    async (request, reply) => {
      if (refusedToToken(request, reply)) return reply;
      const method = isObject(request.body) ? request.body.method : undefined;
      if (method !== 'temporary' && method !== 'link')
        return reply.code(400).send({ error: 'bad_request', message: "method is 'temporary' or 'link'" });
      const name = request.params.name;
      try {
        if (method === 'temporary') {
          const temporaryPassword = await resetWithTemporaryPassword(db, name);
          await recordAudit(db, request, { action: 'user_password_reset', target: name, details: { method } });
          return { method, temporaryPassword };
        }
        const { token, expiresAt } = await createPasswordLink(db, name, request.principal?.name ?? '');
        await recordAudit(db, request, { action: 'user_password_reset', target: name, details: { method } });
        // The secret goes in the fragment, which browsers never send to a server or a proxy log.
        return { method, link: `/admin/reset#token=${token}`, expiresAt };
      } catch (error) {
        return refusal(reply, error);
      }
    },
  );

  app.get('/api/v1/tokens', { preHandler: admin }, async (request, reply) => {
    if (refusedToToken(request, reply)) return reply;
    return { tokens: await listApiTokens(db) };
  });

  app.post('/api/v1/tokens', { preHandler: admin }, async (request, reply) => {
    if (refusedToToken(request, reply)) return reply;
    const body = request.body;
    if (!isObject(body) || typeof body.name !== 'string')
      return reply.code(400).send({ error: 'bad_request', message: 'send { name, role, schools, expires }' });
    if (body.expires !== undefined && body.expires !== null && typeof body.expires !== 'string')
      return reply.code(400).send({ error: 'bad_request', message: 'expires is a period (90d, 6m, 1y) or a date' });
    try {
      const schools = schoolsOf(body.schools);
      const expiresAt = typeof body.expires === 'string' && body.expires ? tokenExpiry(body.expires) : null;
      const name = body.name.trim();
      const token = await createApiToken(db, { name, role: body.role as Role, schools: schools ?? null, expiresAt });
      const id = await apiTokenId(db, token);
      await recordAudit(db, request, {
        action: 'token_created',
        target: String(id),
        details: {
          name,
          role: body.role,
          schools: schools?.length || 'all',
          expiresAt: expiresAt?.toISOString() ?? null,
        },
      });
      const info = (await listApiTokens(db)).find((t) => t.id === id);
      return { ...info, token };
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>('/api/v1/tokens/:id/revoke', { preHandler: admin }, async (request, reply) => {
    if (refusedToToken(request, reply)) return reply;
    const id = Number(request.params.id);
    const outcome = await revokeApiToken(db, id);
    if (outcome === 'unknown') return reply.code(404).send({ error: 'not_found', message: 'no such token' });
    if (outcome === 'revoked') await recordAudit(db, request, { action: 'token_revoked', target: String(id) });
    return (await listApiTokens(db)).find((t) => t.id === id);
  });
}
