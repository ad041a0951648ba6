/**
 * The control socket (DATA_DIR/siang.sock): how a `siang` command reaches a running server, so it
 * never opens the embedded database the server holds. Only processes that can open DATA_DIR
 * (the file is mode 0600) can use it.
 */
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from './db/database.js';
import { countResponses } from './store/submissions.js';
import { addUser, createApiToken, type Role } from './store/staff.js';
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
  control.post<{ Body: { name: string; role: Role; schools?: string[] | null } }>('/tokens', async (request, reply) => {
    try {
      return { token: await createApiToken(db, request.body) };
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
