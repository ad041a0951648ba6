/**
 * Who is calling: a session cookie (people, after signing in) or `Authorization: Bearer TOKEN`
 * (scripts). Routes that show responses declare the roles they admit; without credentials they
 * answer 401, outside the caller's role 403. School limits are applied by the queries.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { LoginFailures } from './login-failures.js';
import {
  type Principal,
  type Role,
  SESSION_HOURS,
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
  const failures = new LoginFailures(options.loginFailuresPerAccount ?? 10, (options.loginPauseMinutes ?? 15) * 60_000);
  await app.register(cookie);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.principal = await tokenPrincipal(db, header.slice('Bearer '.length).trim());
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (session) request.principal = await sessionPrincipal(db, session);
  });

  app.post<{ Body: { name?: unknown; password?: unknown } }>(
    '/api/v1/auth/login',
    { config: { rateLimit: { max: options.loginPerMinute ?? 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { name, password } = request.body ?? {};
      if (typeof name !== 'string' || typeof password !== 'string' || name.length > 64 || password.length > 1024) {
        return reply.code(400).send({ error: 'bad_request', message: 'name and password are required' });
      }
      const paused = failures.pausedFor(name);
      if (paused > 0) {
        const seconds = Math.ceil(paused / 1000);
        request.log.warn('sign-in refused: account paused after wrong passwords');
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send({
            error: 'account_paused',
            message: `too many wrong passwords for this account; try again in ${Math.ceil(seconds / 60)} min`,
            retryAfter: seconds,
          });
      }
      const session = await signIn(db, name.trim(), password);
      if (!session) {
        failures.failed(name);
        return reply.code(401).send({ error: 'unauthorized', message: 'wrong name or password' });
      }
      failures.succeeded(name);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: SESSION_HOURS * 3600,
      });
      request.log.info({ role: session.principal.role }, 'signed in');
      return { name: session.principal.name, role: session.principal.role, schools: session.principal.schools };
    },
  );

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const session = request.cookies[SESSION_COOKIE];
    if (session) await signOut(db, session);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', async (request, reply) => {
    const p = request.principal;
    if (!p) return reply.code(401).send({ error: 'unauthorized', message: 'sign in first' });
    return { name: p.name, role: p.role, schools: p.schools, kind: p.kind };
  });
}

/** A preHandler admitting only callers with one of `roles`. */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const p = request.principal;
    if (!p) return reply.code(401).send({ error: 'unauthorized', message: 'sign in, or send an API token' });
    if (!roles.includes(p.role))
      return reply.code(403).send({ error: 'forbidden', message: 'your role may not do this' });
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
