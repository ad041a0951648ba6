/**
 * The server's database: PostgreSQL's SQL in both modes. By default an embedded PGlite (PostgreSQL
 * compiled to WASM) in DATA_DIR/pgdata; with DATABASE_URL a real PostgreSQL through a pg pool.
 * Every caller uses the same SQL through this small interface.
 */
import { mkdirSync, statfsSync } from 'node:fs';
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

/**
 * The database cannot take writes now: its disk is (nearly) full, or the embedded database was
 * closed after an I/O error and waits for space to reopen. Answered 503; nothing is lost.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  readonly statusCode = 503;
}

/** Free bytes for this process on the file system of `path`. */
export function freeBytes(path: string): number {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
}

/** A failure of the disk under the database, after which PGlite must not be used again. */
function ioFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^(53|58)/.test(e.code)) return true; // disk_full, io_error…
  if (typeof e?.message === 'string' && /no space left on device|could not (write|extend|fsync)/i.test(e.message))
    return true;
  // A trap of the WASM engine itself.
  return (error as Error)?.name === 'RuntimeError';
}

/** Statements that only read: refused neither on a full disk nor before one. */
const READ = /^\s*select\b/i;

/** Space PGlite needs to reopen (its recovery and a fresh WAL segment of 16 MB). */
const REOPEN_BYTES = 32 * 1024 * 1024;

/**
 * Opens the embedded database in `dataDir`.
 *
 * A full disk must not hang the server: after PGlite meets an I/O error (ENOSPC while it creates a
 * WAL segment) its next statement spins forever in WASM and blocks the whole process. So writes
 * are refused (StorageUnavailableError) while less than `reserveBytes` is free, statements run
 * one at a time, and after an I/O error the instance is closed at once (what was committed is on
 * disk) and a new one is opened from the files once there is room again.
 */
export async function openPglite(dataDir: string, options: { reserveBytes?: number } = {}): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const reserve = options.reserveBytes ?? 0;
  const dir = join(dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const create = () =>
    // relaxedDurability stays off: every top-level query waits for its writes to reach the disk.
    PGlite.create(dir, {
      relaxedDurability: false,
      // PGlite's default of 128 MB of buffers is claimed in full at start, in this process: with 32 MB
      // the server starts about 115 MB smaller. Scans of a large table go through a small ring of
      // buffers either way, and pages missing from the buffers come from the OS's file cache, so
      // results, exports and ingest measured no slower with 100,000 responses.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    });
  type Instance = Awaited<ReturnType<typeof create>>;
  let pg: Instance | undefined = await create();
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const full = () => new StorageUnavailableError('the disk of the database is full; free some space on the server');

  /** Runs `work` on the instance, alone; refuses writes on a full disk, recovers after I/O errors. */
  const exclusive = <T>(write: boolean, work: (pg: Instance) => Promise<T>): Promise<T> => {
    const run = async () => {
      if (closed) throw new Error('the database is closed');
      if (write && reserve > 0 && freeBytes(dataDir) < reserve) throw full();
      if (!pg) {
        if (freeBytes(dataDir) < Math.max(reserve, REOPEN_BYTES)) throw full();
        pg = await create();
      }
      const current = pg;
      try {
        return await work(current);
      } catch (error) {
        if (ioFailure(error)) {
          pg = undefined;
          await current.close().catch(() => undefined);
          throw new StorageUnavailableError(
            `the database could not write (${(error as Error).message}); it reopens when there is room on its disk`,
          );
        }
        throw error;
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  const queryOn = async <T>(on: Instance, sql: string, params: readonly unknown[]) =>
    (await on.query<T>(sql, params as unknown[])).rows;
  return {
    kind: 'pglite',
    query<T>(sql: string, params: readonly unknown[] = []) {
      return exclusive(!READ.test(sql), (on) => queryOn<T>(on, sql, params));
    },
    exec(sql: string) {
      return exclusive(true, async (on) => void (await on.exec(sql)));
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>) {
      // BEGIN … COMMIT by hand, not pg.transaction(): its ROLLBACK after an I/O error would be the
      // statement that hangs.
      return exclusive(true, async (on) => {
        await on.exec('BEGIN');
        let result: T;
        try {
          result = await work({
            query: (sql, params = []) => queryOn(on, sql, params),
            async exec(sql: string) {
              await on.exec(sql);
            },
          });
          await on.exec('COMMIT');
        } catch (error) {
          if (!ioFailure(error)) await on.exec('ROLLBACK');
          throw error;
        }
        // COMMIT resolves without syncing the files; make the commit durable before anyone is
        // told it happened.
        await on.syncToFs();
        return result;
      });
    },
    async close() {
      const closing = queue.then(async () => {
        closed = true;
        const current = pg;
        pg = undefined;
        await current?.close();
      });
      queue = closing.catch(() => undefined);
      await closing;
    },
  };
}

/** PostgreSQL's own "disk full" (53100) becomes a 503 like the embedded database's. */
async function postgresCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if ((error as { code?: unknown }).code === '53100')
      throw new StorageUnavailableError('the disk of the database is full; free some space on the database server');
    throw error;
  }
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
      const result = await postgresCall(() => pool.query(sql, params as unknown[]));
      return result.rows as T[];
    },
    async exec(sql: string) {
      await postgresCall(() => pool.query(sql));
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>) {
      return postgresCall(async () => {
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
      });
    },
    async close() {
      await pool.end();
    },
  };
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded database. */
export function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  diskReserveBytes?: number;
}): Promise<Db> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : openPglite(options.dataDir, { reserveBytes: options.diskReserveBytes ?? 0 });
}
