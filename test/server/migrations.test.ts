// @vitest-environment node
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { MIGRATIONS, migrate } from '../../src/server/db/migrations.js';
import { ratingValues } from '../../src/server/store/rating-values.js';
import { checksumOf, publishSurvey } from '../../src/server/store/surveys.js';
import { useBackends, type TestDatabase } from './backends.js';
import { aResponse, postOne, serverOn } from './fixtures.js';
import { responseTo, storeAll, storeAsBeforeRatingValues, TEST_PRIVACY } from './results-helpers.js';

const backends = useBackends();
const ALL = MIGRATIONS.map((m) => m.version);

const label = (en: string) => ({ th: en, en });
const question = (id: string, type: string, more: Record<string, unknown> = {}) => ({
  id,
  type,
  label: label(id),
  ...more,
});
/** A survey with ratings in two versions: version 2 moves, retypes, adds and hides items. */
const RATED = [
  {
    format: 1,
    id: 'rated',
    version: 1,
    kind: 'survey',
    title: label('Rated'),
    privacy: TEST_PRIVACY,
    sections: [
      { id: 's1', title: label('s1'), questions: [question('p1', 'rating-pair'), question('note', 'text')] },
      { id: 's2', title: label('s2'), questions: [question('r1', 'rating'), question('p2', 'rating-pair')] },
    ],
  },
  {
    format: 1,
    id: 'rated',
    version: 2,
    kind: 'survey',
    title: label('Rated'),
    privacy: TEST_PRIVACY,
    sections: [
      { id: 's2', title: label('s2'), questions: [question('p2', 'rating-pair'), question('r1', 'rating-pair')] },
      {
        id: 's1',
        title: label('s1'),
        questions: [
          question('r2', 'rating'),
          question('secret', 'rating', { personal: true }),
          question('p1', 'rating-pair'),
        ],
      },
    ],
  },
];
const pair = (expectation: number, satisfaction: number) => ({ expectation, satisfaction });

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

describe.each(backends)('migration 4 (rating values) on $name', (backend) => {
  let t: TestDatabase;
  beforeAll(() => backend.start());
  afterEach(() => t?.dispose());

  it('gives every response stored before it the rating values the endpoint now writes, version by version', async () => {
    t = await backend.fresh({ migrated: false });
    const db = await t.open();
    await migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 4),
    );
    // Published as a server of that time did: the columns of migration 1 only.
    for (const s of [...shippedSurveys(), ...RATED])
      await db.query(
        'INSERT INTO surveys (id, version, kind, definition, checksum) VALUES ($1, $2, $3, $4::jsonb, $5)',
        [s.id, s.version, s.kind, JSON.stringify(s), checksumOf(s)],
      );
    const responses = [
      responseTo('rated', { p1: pair(5, 4), note: 'ดี', r1: 3, p2: pair(2, 1) }, '2025-11-01T03:00:00.000Z'),
      responseTo('rated', { r1: 5 }, '2025-11-02T03:00:00.000Z'),
      responseTo('rated', {}, '2025-11-03T03:00:00.000Z'),
      responseTo(
        'rated',
        { p2: pair(4, 4), r1: pair(1, 5), r2: 2, secret: 5, p1: pair(3, 3) },
        '2025-11-04T03:00:00.000Z',
        2,
      ),
      responseTo('rated', { r2: 4 }, '2025-11-05T03:00:00.000Z', 2),
      aResponse(),
    ];
    await storeAsBeforeRatingValues(db, responses);

    expect(await migrate(db)).toEqual(ALL.filter((v) => v >= 4));

    const definitionOf = (id: unknown, version: unknown) =>
      [...shippedSurveys(), ...RATED].find((s) => s.id === id && s.version === version) as SurveyDefinition;
    const stored = await db.query<{ id: string; rating_values: (number | null)[] }>(
      'SELECT id, rating_values FROM responses',
    );
    expect(stored).toHaveLength(responses.length);
    for (const r of responses) {
      const expected = ratingValues(definitionOf(r.surveyId, r.surveyVersion), r.answers as never);
      expect(stored.find((s) => s.id === r.id)?.rating_values).toEqual(expected);
    }
    // The layouts as worked by hand: version 1 p1.e p1.s r1 p2.e p2.s; version 2 p2.e p2.s
    // r1.e r1.s r2 p1.e p1.s (the personal rating has no slot).
    expect(stored.find((s) => s.id === responses[0]?.id)?.rating_values).toEqual([5, 4, 3, 2, 1]);
    expect(stored.find((s) => s.id === responses[3]?.id)?.rating_values).toEqual([4, 4, 1, 5, 2, 3, 3]);
    expect(stored.find((s) => s.id === responses[5]?.id)?.rating_values).toEqual([]);

    // Responses stored after the migration get the same, through the endpoint's store.
    const later = responseTo('rated', { r1: pair(2, 3) }, '2025-11-06T03:00:00.000Z', 2);
    await storeAll(db, [later]);
    const [row] = await db.query<{ rating_values: (number | null)[] }>(
      'SELECT rating_values FROM responses WHERE id = $1',
      [later.id],
    );
    expect(row?.rating_values).toEqual([null, null, 2, 3, null, null, null]);
  });
});
