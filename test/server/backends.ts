/**
 * The two databases the server runs on, for tests that must hold on both: the embedded PGlite
 * (a directory per test, copied from a template made once per file, since a new PGlite takes
 * seconds to initialise) and a real PostgreSQL (one cluster per file, a new database per test).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { shippedSurveys } from '../../src/server/content.js';
import { type Db, openPglite, openPostgres } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrations.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { ROOT } from '../helpers/server.js';

/** One test's own database. */
export interface TestDatabase {
  /** DATA_DIR for a server or a `siang` command (PGlite lives in DATA_DIR/pgdata). */
  readonly dataDir: string;
  /** DATABASE_URL for PostgreSQL; undefined for PGlite. */
  readonly url: string | undefined;
  /** The environment a server or `siang` command needs to use this database. */
  readonly env: Record<string, string>;
  /**
   * Opens a new connection: a new pg pool, or PGlite from the directory (PGlite admits one
   * process, so close the previous one first and never open it while a server holds it).
   */
  open(): Promise<Db>;
  /** Closes what `open` opened and removes the database. */
  dispose(): Promise<void>;
}

/** A kind of database the tests run against. */
export interface Backend {
  readonly name: 'PGlite' | 'PostgreSQL';
  /** Prepares the backend (starts PostgreSQL, makes the templates); runs once per file. */
  start(): Promise<void>;
  /** A new database: empty, or (`migrated`, the default) migrated with the shipped surveys. */
  fresh(options?: { migrated?: boolean }): Promise<TestDatabase>;
  stop(): Promise<void>;
}

async function prepare(db: Db): Promise<void> {
  await migrate(db);
  for (const survey of shippedSurveys()) await publishSurvey(db, survey);
}

/**
 * An empty PGlite data directory, made once per PGlite version and kept in the temp folder for
 * later runs: creating one runs initdb in WASM (seconds), copying it takes a fraction of that.
 */
async function emptyPgliteTemplate(): Promise<string> {
  const { version } = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  const kept = join(tmpdir(), `siang-test-pglite-${version}`);
  if (existsSync(join(kept, 'pgdata', 'PG_VERSION'))) return kept;
  const making = mkdtempSync(join(tmpdir(), 'siang-test-pglite-new-'));
  await (await openPglite(making)).close();
  try {
    renameSync(making, kept);
  } catch {
    rmSync(making, { recursive: true, force: true }); // another test file made it first
  }
  return kept;
}

function pgliteBackend(): Backend {
  let root: string | undefined;
  let started: Promise<{ empty: string; ready: string }> | undefined;
  const start = () => {
    started ??= (async () => {
      root = mkdtempSync(join(tmpdir(), 'siang-pglite-'));
      const empty = await emptyPgliteTemplate();
      const ready = join(root, 'ready');
      cpSync(empty, ready, { recursive: true });
      const db = await openPglite(ready);
      await prepare(db);
      await db.close();
      return { empty, ready };
    })();
    return started;
  };
  return {
    name: 'PGlite',
    start: async () => void (await start()),
    async fresh({ migrated = true } = {}) {
      const templates = await start();
      const dataDir = mkdtempSync(join(tmpdir(), 'siang-data-'));
      cpSync(migrated ? templates.ready : templates.empty, dataDir, { recursive: true });
      const opened: Db[] = [];
      return {
        dataDir,
        url: undefined,
        env: { DATA_DIR: dataDir },
        async open() {
          const db = await openPglite(dataDir);
          opened.push(db);
          return db;
        },
        async dispose() {
          for (const db of opened) await db.close().catch(() => undefined);
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
    async stop() {
      if (root) rmSync(root, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  let cluster: TestPostgres | undefined;
  let admin: pg.Pool | undefined;
  let started: Promise<void> | undefined;
  let next = 0;
  const urlOf = (name: string) => (cluster as TestPostgres).url.replace(/\/siang$/, `/${name}`);
  const start = () => {
    started ??= (async () => {
      if (!postgresAvailable()) throw new Error('PostgreSQL 15 binaries are missing (set PG_BIN)');
      cluster = await startPostgres();
      admin = new pg.Pool({ connectionString: urlOf('postgres'), max: 2 });
      await admin.query('CREATE DATABASE ready');
      const db = await openPostgres(urlOf('ready'), { max: 1 });
      await prepare(db);
      await db.close();
    })();
    return started;
  };
  return {
    name: 'PostgreSQL',
    start,
    async fresh({ migrated = true } = {}) {
      await start();
      const name = `t${++next}`;
      await admin?.query(`CREATE DATABASE ${name}${migrated ? ' TEMPLATE ready' : ''}`);
      const url = urlOf(name);
      const dataDir = mkdtempSync(join(tmpdir(), 'siang-data-'));
      const opened: Db[] = [];
      return {
        dataDir,
        url,
        env: { DATA_DIR: dataDir, DATABASE_URL: url },
        async open() {
          const db = await openPostgres(url);
          opened.push(db);
          return db;
        },
        async dispose() {
          for (const db of opened) await db.close().catch(() => undefined);
          await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
    async stop() {
      await admin?.end();
      await cluster?.stop();
    },
  };
}

/** Both backends, stopped when the file's tests are done. Call once, at the top of a test file. */
export function useBackends(): Backend[] {
  const backends = [pgliteBackend(), postgresBackend()];
  afterAll(async () => {
    for (const backend of backends) await backend.stop();
  });
  return backends;
}
