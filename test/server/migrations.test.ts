// @vitest-environment node
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { MIGRATIONS, migrate } from '../../src/server/db/migrations.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { useBackends, type TestDatabase } from './backends.js';
import { aResponse, postOne, serverOn } from './fixtures.js';

const backends = useBackends();
const ALL = MIGRATIONS.map((m) => m.version);

/** Tables, columns, indexes and constraints: what a migration may change. */
async function schemaOf(db: Db): Promise<string[]> {
  const columns = await db.query<{ d: string }>(
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS d
     FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`,
  );
  const indexes = await db.query<{ d: string }>(
    `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
  );
  return [...columns, ...indexes].map((r) => r.d);
}

describe.each(backends)('the database schema on $name', (backend) => {
  let t: TestDatabase;
  beforeAll(() => backend.start());
  afterEach(() => t?.dispose());

  it('is built from an empty database, and schema_migrations names every migration', async () => {
    t = await backend.fresh({ migrated: false });
    const db = await t.open();
    expect(await migrate(db)).toEqual(ALL);
    const done = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(done.map((r) => r.version)).toEqual(ALL);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['responses', 'schema_migrations', 'surveys']),
    );
  });

  it('migrating again changes nothing and keeps the responses already stored', async () => {
    t = await backend.fresh({ migrated: false });
    const db = await t.open();
    await migrate(db);
    // A server on this database stores a response, then a restart migrates again.
    const app = await serverOn(db);
    for (const s of shippedSurveys()) await publishSurvey(db, s);
    expect((await postOne(app, aResponse())).status).toBe('stored');
    await app.close();
    const before = {
      schema: await schemaOf(db),
      log: await db.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version'),
    };

    expect(await migrate(db)).toEqual([]);

    expect(await schemaOf(db)).toEqual(before.schema);
    expect(await db.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).toEqual(
      before.log,
    );
    expect(await db.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 1 }]);
  });

  it('two servers migrating the same empty database at once both succeed, each migration applied once', async () => {
    t = await backend.fresh({ migrated: false });
    // Two connections where the backend allows two (PostgreSQL: two pools); PGlite has one.
    const first = await t.open();
    const second = backend.name === 'PostgreSQL' ? await t.open() : first;
    const [a, b] = await Promise.all([migrate(first), migrate(second)]);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(ALL);
    const done = await first.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(done.map((r) => r.version)).toEqual(ALL);
  });

  it('a migration that fails half-way leaves the database as it was, and a fixed one then applies', async () => {
    t = await backend.fresh({ migrated: false });
    const db = await t.open();
    await migrate(db);
    const before = await schemaOf(db);
    const broken = { version: 999, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT 1 / 0;' };

    await expect(migrate(db, [...MIGRATIONS, broken])).rejects.toThrow(/division by zero/);

    expect(await schemaOf(db)).toEqual(before);
    const fixed = { version: 999, name: 'fixed', sql: 'CREATE TABLE half_done (x int);' };
    expect(await migrate(db, [...MIGRATIONS, fixed])).toEqual([999]);
    expect(await db.query('SELECT count(*)::int AS n FROM half_done')).toEqual([{ n: 0 }]);
  });
});
