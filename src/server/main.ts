/** Starts the server from the environment and stops it gracefully on SIGINT/SIGTERM. */
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.js';
import { readConfig } from './config.js';
import { shippedSurveys } from './content.js';
import { startControlServer } from './control.js';
import { type Db, openDatabase } from './db/database.js';
import { migrate } from './db/migrations.js';
import { SHUTDOWN_GRACE_MS, SHUTDOWN_LIMIT_MS } from './request-guards.js';
import { protectDataDir, restrictNewFiles } from './data-dir.js';
import { lockDataDir } from './lock.js';
import { publishSurvey } from './store/surveys.js';

async function main() {
  const config = readConfig();
  restrictNewFiles();
  if (!config.databaseUrl) protectDataDir(config.dataDir);
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, 'the Siang server');
  let db: Db | undefined;
  let app: FastifyInstance | undefined;
  let control: FastifyInstance | undefined;
  let closing = false;
  const stop = async (signal: string, code = 0) => {
    if (closing) return;
    closing = true;
    app?.log.info({ signal }, 'shutting down');
    // A stalled upload would hold close() forever: cut what is still open after a grace period,
    // and exit at the limit whatever still waits.
    setTimeout(() => {
      app?.server.closeAllConnections();
      control?.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
    setTimeout(() => {
      app?.log.warn('shutdown took too long; exiting');
      release();
      process.exit(code || 1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      await control?.close();
      await app?.close(); // waits for requests in flight
      await db?.close();
    } finally {
      release();
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    db = await openDatabase(config);
    // PGlite sets its files' modes itself (0666 from its initdb), past the umask: close them again.
    if (!config.databaseUrl) protectDataDir(config.dataDir);
    await migrate(db);
    app = await buildServer(config, db);
    for (const survey of shippedSurveys()) {
      const outcome = await publishSurvey(db, survey);
      if (outcome.status === 'published')
        app.log.info({ survey: survey.id, version: survey.version }, 'published shipped survey');
      else if (outcome.status !== 'unchanged')
        app.log.warn({ survey: survey.id, outcome: outcome.status }, 'shipped survey not published');
    }
    if (!config.databaseUrl) control = await startControlServer(config.dataDir, db);
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop('startup-failure', 1);
  }
}

void main();
