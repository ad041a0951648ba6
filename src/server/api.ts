/**
 * The collection endpoint (docs/sync-protocol.md): published surveys, and the submissions of
 * devices. Bad input gets a 4xx with a reason, never a 5xx.
 */
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { batchSchema, type SubmissionReply } from '../core/protocol.js';
import { MAX_SURVEY_VERSION as MAX_VERSION, SURVEY_ID } from '../core/survey.js';
import type { Db } from './db/database.js';
import { sendSurveyXlsform } from './routes/xlsform.js';
import { getPublicOffice } from './store/office.js';
import { recentRetention } from './store/retention.js';
import { storeSubmissions } from './store/submissions.js';
import { getWindow } from './store/survey-windows.js';
import { publishedVersion } from './store/surveys.js';
import { SurveyCache, SurveyListCache } from './survey-cache.js';

/** Registers the /api/v1 routes. */
export async function registerApi(app: FastifyInstance, db: Db): Promise<void> {
  const cache = new SurveyCache(db);
  const list = new SurveyListCache(db, cache);

  app.get('/api/v1/surveys', async (request, reply) => {
    const { etag, surveys } = await list.current();
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return { surveys };
  });

  // The office's name and DPO contact, for the privacy notices; the app keeps a copy offline.
  app.get('/api/v1/office/contact', async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return getPublicOffice(db);
  });

  app.get<{ Params: { id: string }; Querystring: { version?: string; format?: string } }>(
    '/api/v1/surveys/:id',
    async (request, reply) => {
      if (request.query.format === 'xlsform') return sendSurveyXlsform(db, request, reply);
      const { id } = request.params;
      const raw = request.query.version;
      const version = raw === undefined ? undefined : Number(raw);
      if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
        return reply.code(400).send({ error: 'bad_request', message: 'version must be a whole number from 1' });
      }
      // Ids and versions that no survey can have are not looked up (the database would refuse a
      // NUL character or a number beyond its integer).
      const possible = SURVEY_ID.test(id) && (version === undefined || version <= MAX_VERSION);
      // The version and checksum first: the definition (megabytes, perhaps) comes from memory.
      const head = possible ? await publishedVersion(db, id, version) : undefined;
      const definition = head && (await cache.find(id, head.version));
      if (!head || !definition)
        return reply
          .code(404)
          .send({ error: 'not_found', message: `no published survey ${id}${raw ? ` version ${raw}` : ''}` });
      const etag = `"${head.checksum.slice(0, 32)}"`;
      // A given version never changes; "latest" must be checked again.
      reply.header('etag', etag).header('cache-control', version === undefined ? 'no-cache' : 'public, max-age=86400');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return definition;
    },
  );

  app.post('/api/v1/submissions', async (request, reply) => {
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'send the batch as application/json' });
    }
    const envelope = v.safeParse(batchSchema, request.body, { abortPipeEarly: true });
    if (!envelope.success) {
      const issue = envelope.issues[0];
      const where = issue.path?.map((p) => String(p.key)).join('.');
      return reply
        .code(400)
        .send({ error: 'bad_request', message: where ? `${where}: ${issue.message}` : issue.message });
    }
    // Nothing older than the office keeps responses comes back through a device's sync.
    const retention = await recentRetention(db);
    const results = await storeSubmissions(
      db,
      envelope.output.responses,
      (id, version) => cache.find(id, version),
      retention,
      (id) => getWindow(db, id),
      {},
      (details, message) => request.log.warn(details, message),
    );
    const counts = { stored: 0, duplicate: 0, conflict: 0, rejected: 0 };
    for (const r of results) counts[r.status] += 1;
    request.log.info({ batch: results.length, ...counts }, 'submissions');
    const body: SubmissionReply = { results, serverTime: new Date().toISOString() };
    return body;
  });
}
