/**
 * What server tests send and how they reach the server: complete responses to the shipped
 * surveys, an in-process server on a test database, the built server and the `siang` command.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, expect } from 'vitest';
import { newId } from '../../src/core/ids.js';
import type { SubmissionReply, SubmissionResult } from '../../src/core/protocol.js';
import { buildServer } from '../../src/server/app.js';
import { readConfig, type ServerConfig } from '../../src/server/config.js';
import type { Db } from '../../src/server/db/database.js';
import { ROOT } from '../helpers/server.js';

/** A complete, valid answer set of the shipped complaint form. */
export function complaintAnswers(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'suggestion',
    topic: 'ถนนหน้าโรงเรียนมืด',
    description: 'ขอให้ติดไฟส่องสว่างหน้าโรงเรียน',
    wants_reply: 'no',
    ...over,
  };
}

/** A complete, valid answer set of the shipped stakeholder survey (every rating 4/3). */
export function stakeholderAnswers(over: Record<string, unknown> = {}): Record<string, unknown> {
  const pairs = Object.fromEntries(
    [
      ...[1, 2, 3, 4].flatMap((n) => ['inform', 'consult', 'involve', 'collaborate'].map((d) => `${d}_${n}`)),
      ...[1, 2, 3, 4, 5].map((n) => `service_${n}`),
    ].map((id) => [id, { expectation: 4, satisfaction: 3 }]),
  );
  return { group: 'community', gender: 'female', age: '31_40', contact_channels: ['website'], ...pairs, ...over };
}

/** A completed response as a device sends it: the complaint form by default. */
export function aResponse(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: newId(),
    surveyId: 'complaint',
    surveyVersion: 1,
    answers: complaintAnswers(),
    startedAt: '2026-11-20T03:00:00.000Z',
    completedAt: '2026-11-20T03:05:00.000Z',
    locale: 'th',
    appVersion: '0.1.0',
    privacyVersion: '2567-1',
    privacyAcceptedAt: '2026-11-20T03:00:10.000Z',
    ...over,
  };
}

/** Settings for an in-process server: no rate limit in the way, a stand-in app shell. */
export function testConfig(): ServerConfig {
  if (!staticDir) {
    staticDir = mkdtempSync(join(tmpdir(), 'siang-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Siang</title>');
    writeFileSync(join(staticDir, 'public.html'), '<!doctype html><title>Siang public page</title>');
    const made = staticDir;
    afterAll(() => rmSync(made, { recursive: true, force: true }));
  }
  return { ...readConfig({}, ROOT), staticDir, rateLimitPerMinute: 1_000_000 };
}
let staticDir: string | undefined;

/** The in-process server on `db`, without logs. */
export function serverOn(db: Db): Promise<FastifyInstance> {
  return buildServer(testConfig(), db, { logger: false });
}

/** A reply as the test sees it. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  results: SubmissionResult[];
}

/** Posts a batch (an object, or raw text as is) to the in-process server. */
export async function post(
  app: FastifyInstance,
  batch: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Reply> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/submissions',
    headers,
    payload: typeof batch === 'string' || Buffer.isBuffer(batch) ? batch : JSON.stringify(batch),
  });
  const body = (r.body ? JSON.parse(r.body) : {}) as Record<string, unknown>;
  return { status: r.statusCode, body, results: (body as Partial<SubmissionReply>).results?.slice() ?? [] };
}

/** Posts one response and returns its result. */
export async function postOne(app: FastifyInstance, response: unknown): Promise<SubmissionResult> {
  const reply = await post(app, { responses: [response] });
  expect(reply.status).toBe(200);
  const [result] = reply.results;
  if (!result) throw new Error(`no result in ${JSON.stringify(reply.body)}`);
  return result;
}

/** Rows of `responses` with this id. */
export async function rowsWithId(db: Db, id: string): Promise<{ answers: Record<string, unknown> }[]> {
  return db.query('SELECT answers FROM responses WHERE id = $1', [id]);
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure build/server (tsc) is newer than its sources and dist/ has the app, building what is
 * missing. Test files run in parallel, so one builds while the others wait on a lock directory.
 */
export async function ensureBuilt(): Promise<void> {
  // One lock per checkout: other checkouts on the machine build their own files.
  const lock = join(tmpdir(), `siang-test-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a test run that was killed while building.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error(`${lock} held for 2 minutes; remove it if no build runs`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const main = join(ROOT, 'build/server/main.js');
    const sources = Math.max(...['src/server', 'src/core'].map((d) => newestChange(join(ROOT, d))));
    if (!existsSync(main) || statSync(main).mtimeMs < sources) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'], {
        cwd: ROOT,
        stdio: 'inherit',
      });
    }
    if (!existsSync(join(ROOT, 'dist/index.html'))) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
        cwd: ROOT,
        // As buildAll does: under vitest NODE_ENV is "test", which would build a development bundle
        // with no service worker into the dist/ the browser tests serve.
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: 'inherit',
      });
    }
  } finally {
    rmdirSync(lock);
  }
}

/** What a `siang` command did. */
export interface SiangRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The last line it printed on stdout. */
  lastLine: string;
}

/** Runs `node bin/siang.js ARGS` with `env` (DATA_DIR, DATABASE_URL). */
export function siang(args: string[], env: Record<string, string>): Promise<SiangRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/siang.js'), ...args],
      // A ceiling for a hung command; a first run on a fresh DATA_DIR initialises the embedded
      // database (about 20 s of CPU on a shared 2-core machine).
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 110_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const lines = stdout.trim().split('\n');
        resolve({ code, stdout, stderr, lastLine: lines[lines.length - 1] ?? '' });
      },
    );
  });
}

/** Sends a batch to a running server over HTTP. */
export async function postHttp(url: string, batch: unknown): Promise<{ status: number; body: SubmissionReply }> {
  const r = await fetch(`${url}/api/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  return { status: r.status, body: (await r.json()) as SubmissionReply };
}
