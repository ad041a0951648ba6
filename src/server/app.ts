/**
 * The HTTP server (Fastify): the collection endpoint under /api/v1 and the built app. Fastify was
 * chosen for its schema-first routes, structured logging (pino) and its official plugins for
 * static files, security headers, CORS and rate limits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { constants as zlib } from 'node:zlib';
import { join } from 'node:path';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { MAX_BATCH_BYTES } from '../core/protocol.js';
import { registerApi } from './api.js';
import { registerActionRoutes } from './routes/actions.js';
import { registerActivityRoutes } from './routes/activities.js';
import { registerCommitteeRoutes } from './routes/committees.js';
import { registerAuth } from './auth/auth.js';
import { registerComplaintRoutes } from './routes/complaints.js';
import { registerComplaintTrackRoutes } from './routes/complaint-track.js';
import { registerExportRoutes } from './routes/exports.js';
import { refuseControlCharacters, refuseSourceMaps, SERVER_TIMEOUTS } from './request-guards.js';
import { registerImportRoutes } from './routes/imports.js';
import { registerPublicRoutes } from './routes/public.js';
import { registerRecordRoutes } from './routes/records.js';
import { registerPlanRoutes } from './routes/plan.js';
import { registerRegisterRoutes } from './routes/register.js';
import { registerResultsRoutes } from './routes/results.js';
import { registerReportRoutes } from './routes/report.js';
import { registerSurveyAdminRoutes } from './routes/survey-admin.js';
import { registerXlsformRoutes } from './routes/xlsform.js';
import { registerStaffRoutes } from './routes/staff.js';
import { registerAuditRoutes } from './routes/audit.js';
import type { ServerConfig } from './config.js';
import { type Db, freeBytes, StorageUnavailableError } from './db/database.js';

/** Log settings: structured lines with no personal data (no IP, no query strings, no bodies). */
export function loggerOptions(enabled: boolean): NonNullable<FastifyServerOptions['logger']> {
  if (!enabled) return false;
  return {
    level: process.env.LOG_LEVEL ?? 'info',
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        // A receipt number is what lets its sender follow a complaint: not written to the log.
        path: req.url.split('?')[0]?.replace(/^(\/api\/v1\/complaints\/track\/).*/, '$1:code'),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** Free bytes under `dir`, or Infinity when it cannot be told (no such folder). */
function freeSpace(dir: string): number {
  try {
    return freeBytes(dir);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Builds the server on an open database, without listening. */
export async function buildServer(
  config: ServerConfig,
  db: Db,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  // https when the office gives a certificate (README "https on the office network"): off
  // loopback, browsers give plain http no service worker (no offline work) and no Web Crypto.
  const https = config.tls
    ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } }
    : {};
  const app = Fastify({
    ...https,
    logger: loggerOptions(options.logger !== false),
    bodyLimit: MAX_BATCH_BYTES,
    // Give in-flight requests time to finish when the server is asked to stop.
    return503OnClosing: true,
    // Behind the office's reverse proxy: the client's own address (rate limits) and https
    // (the session cookie's Secure flag) come from the proxy's headers.
    trustProxy: config.trustProxy,
    ...SERVER_TIMEOUTS,
  }) as unknown as FastifyInstance;
  refuseControlCharacters(app);
  refuseSourceMaps(app);

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof StorageUnavailableError) {
      request.log.warn({ err: { message: error.message } }, 'database unavailable');
      // Devices keep what they could not send and try again later.
      return reply
        .code(503)
        .header('retry-after', '60')
        .send({ error: 'storage_unavailable', message: `${error.message}; nothing was lost, try again later` });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
      return reply.code(500).send({
        error: 'internal',
        message: 'the server could not finish this request; nothing was lost, try again later',
      });
    }
    const kind =
      status === 413
        ? 'too_large'
        : status === 429
          ? 'too_many_requests'
          : status === 415
            ? 'unsupported_media_type'
            : 'bad_request';
    return reply.code(status).send({ error: kind, message: error.message });
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        fontSrc: ["'self'"],
        // blob: for the photos an officer just took, shown from the device before they are sent.
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", ...config.corsOrigins],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Helmet adds upgrade-insecure-requests by default: a device that opens the server over
        // plain http on the office network would then ask for every asset over https and get a
        // blank page. https is offered by the server itself (TLS_CERT/TLS_KEY) or a proxy instead.
        upgradeInsecureRequests: null,
      },
    },
    // The app is reached over plain http on office networks too; do not pin https here.
    hsts: false,
  });
  // API answers and exports are compressed on the fly (a quick brotli level); the app's files are
  // compressed once at build time and served as they are (preCompressed below).
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(cors, {
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    methods: ['GET', 'POST', 'PUT'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    // Only the API is counted. The app's own files are static and served pre-compressed, and a
    // first visit fetches them all at once (the service worker's precache): a school's parents
    // behind one Wi-Fi address would otherwise be refused the app itself.
    allowList: (request) => !request.url.startsWith('/api/'),
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'too_many_requests',
      message: `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  // Answers that carry responses or staff data never stay in a browser's or proxy's cache (the
  // complaints inbox stayed in the disk cache after sign-out). Routes with their own policy (the
  // public survey definitions) keep it.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    // The embedded database refuses writes below the reserve: a monitor should know before people do.
    if (db.kind === 'pglite' && config.diskReserveBytes > 0 && freeSpace(config.dataDir) < config.diskReserveBytes) {
      return reply.code(503).send({ ok: false, database: db.kind, problem: 'disk_full' });
    }
    try {
      await db.query('SELECT 1');
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      return reply.code(503).send({ ok: false, database: db.kind, problem: 'storage_unavailable' });
    }
    return { ok: true, database: db.kind };
  });
  await registerAuth(app, db, {
    loginPerMinute: config.loginPerMinute,
    loginFailuresPerAccount: config.loginFailuresPerAccount,
    loginPauseMinutes: config.loginPauseMinutes,
  });
  await registerApi(app, db);
  await registerResultsRoutes(app, db);
  await registerReportRoutes(app, db, config.staticDir);
  await registerExportRoutes(app, db);
  await registerComplaintRoutes(app, db);
  await registerComplaintTrackRoutes(app, db);
  await registerImportRoutes(app, db);
  await registerXlsformRoutes(app, db);
  await registerSurveyAdminRoutes(app, db);
  await registerRecordRoutes(app, db);
  await registerStaffRoutes(app, db);
  await registerAuditRoutes(app, db);
  await registerCommitteeRoutes(app, db);
  await registerActivityRoutes(app, db);
  await registerRegisterRoutes(app, db);
  await registerPlanRoutes(app, db);
  await registerPublicRoutes(app, db);
  await registerActionRoutes(app, db);

  if (!existsSync(join(config.staticDir, 'index.html'))) {
    throw new Error(`the app is not built: ${config.staticDir}/index.html is missing (run npm run build)`);
  }
  await app.register(fastifyStatic, {
    root: config.staticDir,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    // send's own Cache-Control ("public, max-age=0") is written after setHeaders and would
    // replace the one set there.
    cacheControl: false,
    setHeaders(res, path) {
      // Hashed assets never change; everything else is checked on each visit so updates arrive.
      res.setHeader(
        'cache-control',
        path.includes(join(config.staticDir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // The public page (/p, /p/<year>) and a complaint's tracking page (/track) have their own light
  // page (public.html: no Dexie, not the respondents' app); any other path of the app (a survey's
  // address) gets the app shell.
  const publicPage = existsSync(join(config.staticDir, 'public.html'));
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: 'not_found', message: 'no such address' });
    }
    const page = publicPage && /^\/(p|track)(\/|$|\?)/.test(request.url) ? 'public.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(page);
  });
  return app;
}
