/**
 * Versioned schema migrations, the same SQL for PGlite and PostgreSQL. Run at start, in order,
 * each in its own transaction; a migration is only ever added, never edited.
 */
import type { Db } from './database.js';

/** One schema change. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'surveys and responses',
    sql: `
      CREATE TABLE surveys (
        id text NOT NULL,
        version integer NOT NULL,
        kind text NOT NULL,
        definition jsonb NOT NULL,
        checksum text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      );
      CREATE TABLE responses (
        id uuid PRIMARY KEY,
        survey_id text NOT NULL,
        survey_version integer NOT NULL,
        answers jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        completed_at timestamptz NOT NULL,
        locale text NOT NULL,
        app_version text NOT NULL,
        privacy_version text NOT NULL,
        privacy_accepted_at timestamptz NOT NULL,
        content_hash text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (survey_id, survey_version) REFERENCES surveys (id, version)
      );
      CREATE INDEX responses_survey ON responses (survey_id, survey_version);
      CREATE INDEX responses_completed ON responses (survey_id, completed_at);
    `,
  },
];

// Any constant works; it only has to be the same for every server process.
const MIGRATION_LOCK = 7_411_203;

/** Brings the schema up to date; safe when several servers start at once on one PostgreSQL. */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
