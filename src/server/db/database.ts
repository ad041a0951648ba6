/**
 * The server's database: PostgreSQL's SQL in both modes. By default an embedded PGlite (PostgreSQL
 * compiled to WASM) in DATA_DIR/pgdata; with DATABASE_URL a real PostgreSQL through a pg pool.
 * Every caller uses the same SQL through this small interface.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Runs SQL with $1-style parameters and returns the rows. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** An open database. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction (BEGIN … COMMIT, ROLLBACK on error). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens the embedded database in `dataDir`. */
export async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = join(dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  // relaxedDurability stays off: every top-level query waits for its writes to reach the disk.
  const pg = await PGlite.create(dir, {
    relaxedDurability: false,
    // PGlite's default of 128 MB of buffers is claimed in full at start, in this process: with 32 MB
    // the server starts about 115 MB smaller. Scans of a large table go through a small ring of
    // buffers either way, and pages missing from the buffers come from the OS's file cache, so
    // results, exports and ingest measured no slower with 100,000 responses.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
  });
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pg.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const result = await pg.transaction(async (tx) =>
        work({
          async query<R>(sql: string, params: readonly unknown[] = []) {
            return (await tx.query<R>(sql, params as unknown[])).rows;
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
      // transaction() resolves after COMMIT without syncing the files; make the commit durable
      // before anyone is told it happened.
      await pg.syncToFs();
      return result;
    },
    async close() {
      await pg.close();
    },
  };
}

/** Connects to PostgreSQL at `url`. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client that loses its connection must not crash the server.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          async query<R>(sql: string, params: readonly unknown[] = []) {
            return (await client.query(sql, params as unknown[])).rows as R[];
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded database. */
export function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Db> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
