/**
 * Guards that keep one slow or odd client from holding or tripping the server: how long a request
 * and an idle connection may take, how long a shutdown waits, query strings without control
 * characters (a NUL sent to PostgreSQL fails the query, a 500, and cut a CSV stream), and no
 * source maps served (the build keeps them on disk, for the benchmarks' attribution).
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/**
 * Fastify's timeouts: a whole request (headers and body) must arrive within 5 minutes (a 64 MB
 * backup over a slow office link fits), a connection that sends nothing for a minute is closed,
 * and an idle keep-alive connection is closed after 5 s.
 */
export const SERVER_TIMEOUTS = {
  requestTimeout: 300_000,
  connectionTimeout: 60_000,
  keepAliveTimeout: 5_000,
  // On close, idle keep-alive connections are closed at once rather than waited for.
  forceCloseConnections: 'idle',
} as const satisfies FastifyServerOptions;

/** How long a shutdown lets requests in flight finish before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 6_000;
/** When a shutdown gives up waiting (for the database, say) and the process exits anyway. */
export const SHUTDOWN_LIMIT_MS = 9_000;

/** Whether text holds a C0 control character or DEL: never part of a search, a filter or a name. */
function hasControl(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasControl);
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Answers 400 to a query string whose names or values hold a control character (such as %00). */
export function refuseControlCharacters(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.includes('?')) return;
    const query = request.query as Record<string, unknown>;
    if (Object.keys(query).some(hasControl) || Object.values(query).some(hasControl))
      return reply
        .code(400)
        .send({ error: 'bad_request', message: 'the query string must not contain control characters (such as %00)' });
    return undefined;
  });
}

/** Answers 404 to any `*.map` address: source maps stay on the server's disk. */
export function refuseSourceMaps(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!(request.url.split('?')[0] ?? '').toLowerCase().endsWith('.map')) return undefined;
    return reply.code(404).send({ error: 'not_found', message: 'no such address' });
  });
}
