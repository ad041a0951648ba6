/** Starts the real Siang server (the built one) as a child process, on a free port. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The package root. */
export const ROOT = new URL('../../', import.meta.url).pathname;

/** Builds the app (vite) and the server (tsc), as `npm start` does. */
export function buildAll(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    // Under vitest NODE_ENV is "test", which makes vite build a development bundle
    // (import.meta.env.DEV true): no service worker would be registered.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Stops it gracefully (SIGTERM), or at once with `kill: true` (SIGKILL). */
  stop(options?: { kill?: boolean }): Promise<void>;
}

/**
 * How long a server may take to answer /healthz. A fresh data folder means an `initdb` of the
 * embedded PostgreSQL (WASM): about 20 s of CPU on a shared 2-core machine, more under load.
 */
export const SERVER_START_TIMEOUT = 110_000;

/**
 * Makes a data folder whose embedded database is initialised (a server started on it once and
 * stopped), for `startServer` to copy: the initdb then runs once per test run, not once per test
 * file, which on a loaded 2-core machine is minutes of CPU.
 */
export async function prepareDataTemplate(): Promise<string> {
  const server = await startServer({ template: false });
  await server.stop();
  return server.dataDir;
}

/** A new data folder: a copy of `template` (without its lock and control socket), or empty. */
function newDataDir(template: string | undefined): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'siang-data-'));
  if (template) {
    cpSync(template, dataDir, {
      recursive: true,
      filter: (path) => !['siang.lock', 'siang.sock'].includes(basename(path)),
    });
  }
  return dataDir;
}

/** The initialised data folder the browser tests' global setup provides, in a vitest worker. */
async function providedTemplate(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  return inject('siangDataTemplate');
}

/**
 * Starts `build/server/main.js` and waits until /healthz answers. Without `dataDir`, on a new
 * data folder: a copy of `template`, or of the one the test run provides, or an empty one.
 */
export async function startServer(
  options: { port?: number; dataDir?: string; env?: Record<string, string>; template?: string | false } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir =
    options.dataDir ??
    newDataDir(options.template === false ? undefined : (options.template ?? (await providedTemplate())));
  const child = spawn(process.execPath, [join(ROOT, 'build/server/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Tests poll the API for states far faster than people use it; the limit has its own tests.
      RATE_LIMIT_PER_MINUTE: '100000',
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const tls = Boolean(options.env?.TLS_CERT);
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + SERVER_START_TIMEOUT;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      // Each try is bounded: a connection that is accepted but never answered is tried again, not
      // waited on for undici's five minutes.
      if (
        tls
          ? (await httpsStatus(`${url}/healthz`)) === 200
          : (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })).ok
      )
        break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within ${SERVER_START_TIMEOUT / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir,
    process: child,
    async stop({ kill = false } = {}) {
      if (child.exitCode === null) child.kill(kill ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
}

/** The status of a GET over https to a server with a certificate of the test's own making. */
function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}
