/**
 * The HTTP server (Fastify): serves the built app with an offline-friendly cache policy. Fastify
 * was chosen for its schema-first routes, structured logging (pino) and its official plugins.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';

/** Builds the server without listening (tests call `inject` or `listen`). */
export async function buildServer(config: ServerConfig, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: process.env.LOG_LEVEL ?? 'info' },
    // Structured logs without personal data: no IP addresses, no bodies.
    disableRequestLogging: false,
  });

  app.get('/healthz', async () => ({ ok: true }));

  if (!existsSync(join(config.staticDir, 'index.html'))) {
    throw new Error(`the app is not built: ${config.staticDir}/index.html is missing (run npm run build)`);
  }
  await app.register(fastifyStatic, {
    root: config.staticDir,
    wildcard: false,
    index: ['index.html'],
    setHeaders(res, path) {
      // Hashed assets never change; everything else is checked on each visit so updates arrive.
      if (path.includes(`${join(config.staticDir, 'assets')}`)) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      } else {
        res.setHeader('cache-control', 'no-cache');
      }
    },
  });
  // Any other path of the app (a survey's address) gets the app shell.
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: 'not_found' });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
