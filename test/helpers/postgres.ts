/**
 * A throwaway PostgreSQL cluster from the machine's binaries (/usr/lib/postgresql/15/bin, or
 * PG_BIN): initdb as the postgres user in a temporary directory, a socket directory of its own
 * and a free port. `stop()` shuts it down and removes it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';

/** Where the PostgreSQL programs are. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A running cluster. */
export interface TestPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** True when PostgreSQL can be started here. */
export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

function asPostgres(args: string[]): string[] {
  // initdb refuses to run as root.
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
}

function ownedByPostgres(path: string) {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(path, uid, gid);
}

/** Starts a new cluster with a database `siang`; resolves when it accepts connections. */
export async function startPostgres(): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'siang-pg-'));
  ownedByPostgres(root);
  const data = join(root, 'data');
  const port = await freePort();
  const run = (args: string[]) => {
    const [cmd, ...rest] = asPostgres(args);
    execFileSync(cmd as string, rest, { stdio: 'pipe', cwd: root });
  };
  run([join(PG_BIN, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  run([
    join(PG_BIN, 'pg_ctl'),
    '-D',
    data,
    '-l',
    join(root, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on`,
    'start',
  ]);
  const [cmd, ...rest] = asPostgres([
    join(PG_BIN, 'createdb'),
    '-h',
    root,
    '-p',
    String(port),
    '-U',
    'postgres',
    'siang',
  ]);
  execFileSync(cmd as string, rest, { stdio: 'pipe', cwd: root });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/siang`,
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        const [c, ...r] = asPostgres([join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
        const child = spawn(c as string, r, { stdio: 'ignore', cwd: root });
        child.on('exit', () => resolve());
        child.on('error', () => resolve());
      });
      rmSync(root, { recursive: true, force: true });
    },
  };
}
