/**
 * The control socket (DATA_DIR/siang.sock): how a `siang` command reaches a running server, so it
 * never opens the embedded database the server holds. Only processes that can open DATA_DIR
 * (the file is mode 0600) can use it.
 */
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CompletedResponse } from '../core/response.js';
import type { Db } from './db/database.js';
import { importResponses } from './imports.js';
import { type PurgeRequest, purge } from './store/retention.js';
import { countResponses } from './store/submissions.js';
import { addUser, createApiToken, listApiTokens, type Role, revokeApiToken } from './store/staff.js';
import { listSurveys, publishSurvey } from './store/surveys.js';

/** The socket's path for a data directory. */
export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'siang.sock');
}

/** Starts the control server on the data directory's socket. */
export async function startControlServer(dataDir: string, db: Db): Promise<FastifyInstance> {
  const control = Fastify({ logger: false, bodyLimit: 20 * 1024 * 1024 });
  control.post('/surveys', async (request) => publishSurvey(db, request.body));
  control.get('/surveys', async () => listSurveys(db));
  control.get<{ Querystring: { survey?: string } }>('/responses/count', async (request) => ({
    count: await countResponses(db, request.query.survey),
  }));
  control.post<{ Body: { name: string; role: Role; password: string; schools?: string[] | null } }>(
    '/users',
    async (request, reply) => {
      try {
        return await addUser(db, request.body);
      } catch (error) {
        return reply.code(400).send({ message: (error as Error).message });
      }
    },
  );
  control.get('/tokens', async () => listApiTokens(db));
  control.post<{ Params: { id: string } }>('/tokens/:id/revoke', async (request) => ({
    outcome: await revokeApiToken(db, Number(request.params.id)),
  }));
  control.post<{ Body: { name: string; role: Role; schools?: string[] | null; expiresAt?: string | null } }>(
    '/tokens',
    async (request, reply) => {
      try {
        return { token: await createApiToken(db, request.body) };
      } catch (error) {
        return reply.code(400).send({ message: (error as Error).message });
      }
    },
  );
  // The command has read and checked the file already; the server stores what it holds. Local
  // and trusted, so a larger body than the HTTP import's is admitted.
  control.post<{ Body: { responses: CompletedResponse[] } }>(
    '/imports',
    { bodyLimit: 512 * 1024 * 1024 },
    async (request) => importResponses(db, request.body.responses, { schools: null }),
  );
  control.post<{ Body: PurgeRequest }>('/purge', async (request, reply) => {
    const { olderThan, contactsOlderThan, dryRun, ranBy } = request.body;
    try {
      return await purge(db, { olderThan, contactsOlderThan, dryRun, ranBy });
    } catch (error) {
      return reply.code(400).send({ message: (error as Error).message });
    }
  });
  const path = controlSocketPath(dataDir);
  rmSync(path, { force: true });
  await control.listen({ path });
  chmodSync(path, 0o600);
  return control;
}
