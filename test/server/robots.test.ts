// @vitest-environment node
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import type { Db } from '../../src/server/db/database.js';
import { ROOT } from '../helpers/server.js';
import { type TestDatabase, useBackends } from './backends.js';
import { testConfig } from './fixtures.js';

const backends = useBackends();

/** The app as vite builds it, as far as the server cares: the shell and everything in public/. */
function builtApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'siang-static-public-'));
  cpSync(join(ROOT, 'public'), dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Siang</title>');
  return dir;
}

describe.each(backends)('what crawlers are told, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staticDir: string;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh({ migrated: false });
    db = await t.open();
    staticDir = builtApp();
    app = await buildServer({ ...testConfig(), staticDir }, db, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('robots.txt is plain text that lets the start page and the surveys be found, not the staff tools', async () => {
    const r = await app.inject({ method: 'GET', url: '/robots.txt' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    const lines = r.body.split('\n').map((l) => l.trim());
    expect(lines).toContain('User-agent: *');
    const disallowed = lines.filter((l) => l.startsWith('Disallow:')).map((l) => l.slice('Disallow:'.length).trim());
    expect(disallowed).toContain('/admin');
    for (const open of ['/', '/s/']) expect(disallowed).not.toContain(open);
  });

  it('an address that is no file still gets the app shell', async () => {
    const r = await app.inject({ method: 'GET', url: '/s/stakeholder-satisfaction' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
  });
});
