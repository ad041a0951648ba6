/**
 * Who is calling: a session cookie (people, after signing in) or `Authorization: Bearer TOKEN`
 * (scripts). Routes that show responses declare the roles they admit; without credentials they
 * answer 401, outside the caller's role 403. School limits are applied by the queries.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { recordAudit } from '../store/audit.js';
import { accountPausedFor } from './login-failures.js';
import {
  changeOwnPassword,
  type Principal,
  type Role,
  resetWithLink,
  SESSION_HOURS,
  StaffError,
  sessionPrincipal,
  signIn,
  signOut,
  tokenPrincipal,
} from '../store/staff.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'siang_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** Registers cookies, the caller lookup, and the sign-in routes. */
export async function registerAuth(
  app: FastifyInstance,
  db: Db,
  options: { loginPerMinute?: number; loginFailuresPerAccount?: number; loginPauseMinutes?: number } = {},
): Promise<void> {
  const rule = { max: options.loginFailuresPerAccount ?? 10, windowMs: (options.loginPauseMinutes ?? 15) * 60_000 };
  await app.register(cookie);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return undefined;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.principal = await tokenPrincipal(db, header.slice('Bearer '.length).trim());
      return undefined;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (session) request.principal = await sessionPrincipal(db, session);
    return undefined;
  });

  app.post<{ Body: { name?: unknown; password?: unknown } }>(
    '/api/v1/auth/login',
    { config: { rateLimit: { max: options.loginPerMinute ?? 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { name: typed, password } = request.body ?? {};
      if (typeof typed !== 'string' || typeof password !== 'string' || typed.length > 64 || password.length > 1024) {
        return reply.code(400).send({ error: 'bad_request', message: 'name and password are required' });
      }
      const name = typed.trim();
      // The name as typed is the target; the password never goes anywhere.
      const failed = (reason: string) =>
        recordAudit(db, request, { action: 'sign_in_failed', actor: null, target: name, details: { reason } });
      const paused = await accountPausedFor(db, name, rule);
      if (paused > 0) {
        const seconds = Math.ceil(paused / 1000);
        request.log.warn('sign-in refused: account paused after wrong passwords');
        await failed('paused');
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send({
            error: 'account_paused',
            message: `too many wrong passwords for this account; try again in ${Math.ceil(seconds / 60)} min`,
            retryAfter: seconds,
          });
      }
      const session = await signIn(db, name, password);
      if (session === 'disabled') {
        await failed('disabled');
        return reply
          .code(403)
          .send({ error: 'account_disabled', message: 'this account is disabled; ask an administrator' });
      }
      if (!session) {
        await failed('wrong_password');
        return reply.code(401).send({ error: 'unauthorized', message: 'wrong name or password' });
      }
      await recordAudit(db, request, {
        action: 'sign_in',
        actor: session.principal.name,
        target: session.principal.name,
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: SESSION_HOURS * 3600,
      });
      request.log.info({ role: session.principal.role }, 'signed in');
      return meOf(session.principal);
    },
  );

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const session = request.cookies[SESSION_COOKIE];
    if (session) await signOut(db, session);
    if (request.principal?.kind === 'user')
      await recordAudit(db, request, { action: 'sign_out', target: request.principal.name });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', async (request, reply) => {
    const p = request.principal;
    if (!p) return reply.code(401).send({ error: 'unauthorized', message: 'sign in first' });
    return { ...meOf(p), kind: p.kind };
  });

  // A signed-in person changes their own password (also the forced change after a temporary one).
  app.post<{ Body: { current?: unknown; password?: unknown } }>(
    '/api/v1/auth/password',
    { config: { rateLimit: { max: options.loginPerMinute ?? 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const p = request.principal;
      if (!p) return reply.code(401).send({ error: 'unauthorized', message: 'sign in first' });
      if (p.kind !== 'user')
        return reply.code(403).send({ error: 'forbidden', message: 'an API token has no password' });
      const { current, password } = request.body ?? {};
      if (typeof current !== 'string' || typeof password !== 'string' || current.length > 1024)
        return reply.code(400).send({ error: 'bad_request', message: 'send { current, password }' });
      try {
        if (!(await changeOwnPassword(db, p.name, current, password, request.cookies[SESSION_COOKIE])))
          return reply.code(400).send({ error: 'wrong_password', message: 'the current password is not right' });
      } catch (error) {
        if (error instanceof StaffError)
          return reply.code(error.status).send({ error: error.code, message: error.message });
        throw error;
      }
      await recordAudit(db, request, { action: 'password_changed', target: p.name, details: { via: 'self' } });
      const { mustChangePassword: _done, ...now } = p;
      return meOf(now);
    },
  );

  // Anyone holding a one-time link from an administrator sets a new password with it.
  app.post<{ Body: { token?: unknown; password?: unknown } }>(
    '/api/v1/auth/reset',
    { config: { rateLimit: { max: options.loginPerMinute ?? 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { token, password } = request.body ?? {};
      if (typeof token !== 'string' || typeof password !== 'string' || token.length > 200)
        return reply.code(400).send({ error: 'bad_request', message: 'send { token, password }' });
      let name: string | undefined;
      try {
        name = await resetWithLink(db, token, password);
      } catch (error) {
        if (error instanceof StaffError)
          return reply.code(error.status).send({ error: error.code, message: error.message });
        throw error;
      }
      if (!name)
        return reply
          .code(410)
          .send({ error: 'link_invalid', message: 'this link was used already, has expired or is not known' });
      await recordAudit(db, request, {
        action: 'password_changed',
        actor: name,
        target: name,
        details: { via: 'link' },
      });
      return reply.code(204).send();
    },
  );
}

/** What sign-in and /auth/me tell the app about the caller. */
function meOf(p: Principal) {
  return {
    name: p.name,
    role: p.role,
    schools: p.schools,
    ...(p.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/** A preHandler admitting only callers with one of `roles`. */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const p = request.principal;
    if (!p) return reply.code(401).send({ error: 'unauthorized', message: 'sign in, or send an API token' });
    if (!roles.includes(p.role))
      return reply.code(403).send({ error: 'forbidden', message: 'your role may not do this' });
    // A person with a temporary password changes it before anything else (the respondents' public
    // routes stay open to their browser: it may also be a kiosk).
    if (p.mustChangePassword)
      return reply
        .code(403)
        .send({ error: 'password_change_required', message: 'change your temporary password first' });
    return undefined;
  };
}

/**
 * The schools a request may see: those asked for, within the caller's own. Answers 403 (and
 * returns undefined) when the request names a school outside the caller's.
 */
export function allowedSchools(
  request: FastifyRequest,
  reply: FastifyReply,
  asked: string[] | undefined,
): string[] | null | undefined {
  const own = request.principal?.schools ?? null;
  if (!asked?.length) return own;
  if (own && asked.some((s) => !own.includes(s))) {
    void reply.code(403).send({ error: 'forbidden', message: 'you may not see responses of that school' });
    return undefined;
  }
  return asked;
}
