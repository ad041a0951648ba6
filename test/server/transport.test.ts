// @vitest-environment node
/**
 * How the real server meets the network and the disk: http on an office network (no blank page),
 * https from a certificate named in the environment, the cache headers of the app's files, and
 * who may read the embedded database's files.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { type TestDatabase, useBackends } from './backends.js';
import { aResponse, ensureBuilt, postHttp } from './fixtures.js';

const backends = useBackends();
const pglite = backends[0] as (typeof backends)[number];

beforeAll(() => ensureBuilt());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET with headers of the caller's choosing (fetch would not send another Host). */
function get(url: string, headers: Record<string, string> = {}, ca?: Buffer): Promise<Answer> {
  const secure = url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(url, { headers, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') }),
      );
    });
    req.once('error', reject);
    req.end();
  });
}

/** Every path under `dir` with its permission bits. */
function modes(dir: string): { path: string; mode: string; dir: boolean }[] {
  const out: { path: string; mode: string; dir: boolean }[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    out.push({ path, mode: (stat.mode & 0o777).toString(8), dir: stat.isDirectory() });
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return out;
}

/** A server on a copy of the migrated PGlite template (a new one would run initdb: slow). */
async function serverOnTemplate(env: Record<string, string> = {}): Promise<{ server: RunningServer; t: TestDatabase }> {
  await pglite.start();
  const t = await pglite.fresh();
  return { server: await startServer({ env: { ...t.env, ...env }, dataDir: t.dataDir }), t };
}

describe('over plain http on an office network', () => {
  let server: RunningServer;
  let t: TestDatabase;
  beforeAll(async () => {
    ({ server, t } = await serverOnTemplate());
  });
  afterAll(async () => {
    await server?.stop();
    await t?.dispose();
  });

  it('a page asked for by the server’s LAN address does not tell the browser to upgrade to https', async () => {
    for (const path of ['/', '/s/stakeholder-satisfaction', '/healthz']) {
      const r = await get(`${server.url}${path}`, { host: `192.168.1.20:${server.port}` });
      expect(r.status).toBe(200);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/upgrade-insecure-requests/);
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('hashed assets are cached for a year and immutable, compressed or not; the shell and sw.js are checked each time', async () => {
    const assets = readdirSync(join(ROOT, 'dist/assets')).filter((f) => /-[A-Za-z0-9_-]{8}\.(js|css)$/.test(f));
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets.slice(0, 4)) {
      for (const encoding of ['br', 'gzip', 'identity']) {
        const r = await get(`${server.url}/assets/${asset}`, { 'accept-encoding': encoding });
        expect([r.status, r.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
      }
    }
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const r = await get(`${server.url}${path}`, { 'accept-encoding': 'br' });
      expect([path, r.status, r.headers['cache-control']]).toEqual([path, 200, 'no-cache']);
    }
  });
});

describe('over https, from a certificate and key named in the environment', () => {
  let server: RunningServer;
  let t: TestDatabase;
  let dir: string;
  let ca: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siang-tls-'));
    // A self-signed certificate for this test, as an office would make one (openssl is on every
    // Debian machine; Node cannot make X.509 certificates by itself).
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=siang.test',
      '-addext',
      'subjectAltName=DNS:siang.test,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    ca = readFileSync(join(dir, 'cert.pem'));
    ({ server, t } = await serverOnTemplate({ TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'key.pem') }));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app and the API over TLS with that certificate, and nothing over plain http', async () => {
    expect(server.url).toMatch(/^https:/);
    const page = await get(`${server.url}/`, {}, ca);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app"');
    const surveys = await get(`${server.url}/api/v1/surveys`, {}, ca);
    expect(surveys.status).toBe(200);
    // Without the office's certificate trusted, the connection is refused, as a browser would.
    await expect(get(`${server.url}/healthz`)).rejects.toThrow(/self-signed|certificate/i);
    // Plain http on the same port gets no page.
    await expect(get(`http://127.0.0.1:${server.port}/`)).rejects.toThrow();
  });
});

describe('the embedded database’s files belong to the account that runs Siang', () => {
  it('a DATA_DIR left open (0755, files 0666) is closed at start: folders 0700, files 0600; another account reads nothing', async () => {
    await pglite.start();
    const t = await pglite.fresh();
    chmodSync(t.dataDir, 0o755);
    for (const f of modes(t.dataDir)) chmodSync(f.path, f.dir ? 0o777 : 0o666);
    writeFileSync(join(t.dataDir, 'notes.txt'), 'left by someone', { mode: 0o644 });
    const server = await startServer({ env: t.env, dataDir: t.dataDir });
    try {
      const found = modes(t.dataDir);
      expect(found.length).toBeGreaterThan(100);
      expect(found.filter((f) => f.mode !== (f.dir ? '700' : '600'))).toEqual([]);
      // Files the database makes later may carry broader bits of its own (PGlite sets them past
      // the umask), but no folder on the way to them opens to anyone else.
      expect((await postHttp(server.url, { responses: [aResponse()] })).status).toBe(200);
      expect(modes(t.dataDir).filter((f) => f.dir && f.mode !== '700')).toEqual([]);
      if (process.getuid?.() === 0) {
        const wal = readdirSync(join(t.dataDir, 'pgdata/pg_wal')).find((f) => /^[0-9A-F]{24}$/.test(f));
        expect(() =>
          execFileSync('runuser', ['-u', 'nobody', '--', 'cat', join(t.dataDir, 'pgdata/pg_wal', wal as string)], {
            stdio: 'pipe',
          }),
        ).toThrow(/Permission denied/);
      }
    } finally {
      await server.stop();
      await t.dispose();
    }
  });
});
