// @vitest-environment node
/**
 * What a security review of the running server found (issue 9, §8 item 6), on PGlite and
 * PostgreSQL: API tokens that can be listed, revoked and expire; the report text written by
 * administrators only; complaint answers never read by API tokens; personal answers kept out
 * after a new version drops `personal`; control characters in query strings; hostile backup
 * files; the anonymous survey list served from memory; no source maps; timeouts and a bounded
 * shutdown.
 */
import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../src/core/backup.js';
import type { CompletedResponse } from '../../src/core/response.js';
import { tokenHash } from '../../src/server/auth/secrets.js';
import type { Db } from '../../src/server/db/database.js';
import { MIGRATIONS, migrate } from '../../src/server/db/migrations.js';
import { SERVER_TIMEOUTS } from '../../src/server/request-guards.js';
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  tokenExpiry,
  tokenPrincipal,
} from '../../src/server/store/staff.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { type TestDatabase, useBackends } from './backends.js';
import { aResponse, complaintAnswers, ensureBuilt, siang, testConfig } from './fixtures.js';
import {
  call,
  responseTo,
  SCHOOL_X,
  type Staff,
  serverWith,
  staffOf,
  storeAll,
  TEST_PRIVACY,
} from './results-helpers.js';

const backends = useBackends();
beforeAll(() => ensureBuilt());

const label = (en: string) => ({ th: en, en });
/** A survey whose `phone` is personal in version 1 and, by mistake, not in version 2. */
const FEEDBACK = (version: number, personal: boolean) => ({
  format: 1,
  id: 'feedback',
  version,
  kind: 'survey',
  title: label('Feedback'),
  privacy: TEST_PRIVACY,
  sections: [
    {
      id: 's1',
      title: label('s1'),
      questions: [
        { id: 'comment', type: 'text', label: label('Comment') },
        { id: 'phone', type: 'text', label: label('Phone'), ...(personal ? { personal: true } : {}) },
      ],
    },
  ],
});

const asResponses = (list: unknown[]) => list as CompletedResponse[];

describe.each(backends)('the security review on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  let adminToken: { token: string };
  let complaintId = '';
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    adminToken = { token: await createApiToken(db, { name: 'admin-script', role: 'admin' }) };
    const complaint = responseTo(
      'complaint',
      complaintAnswers({
        concerns: 'school',
        school: SCHOOL_X,
        description: 'ครูตีนักเรียน',
        wants_reply: 'yes',
        contact_name: 'สมชาย ใจดี',
        reply_channel: 'phone',
        contact_phone: '0812345678',
      }),
      '2025-11-21T03:00:00.000Z',
    );
    complaintId = complaint.id as string;
    await storeAll(db, [complaint]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  describe('the report text', () => {
    const url = '/api/v1/surveys/stakeholder-satisfaction/report?fy=2569';
    it('only administrators, signed in or by token, write it; supervisors and their tokens get 403', async () => {
      for (const who of [staff.supervisor, staff.limited, staff.token, staff.limitedToken]) {
        const r = await call(app, who, 'PUT', url, { usage: 'เขียนทับ' });
        expect([r.statusCode, r.json().error]).toEqual([403, 'forbidden']);
      }
      expect((await call(app, staff.limited, 'GET', url)).json().usage).toBe('');
      for (const who of [staff.admin, adminToken]) {
        const r = await call(app, who, 'PUT', url, { usage: 'นำผลไปปรับปรุงบริการ' });
        expect(r.statusCode).toBe(200);
      }
      expect((await call(app, staff.limited, 'GET', url)).json().usage).toBe('นำผลไปปรับปรุงบริการ');
    });
  });

  describe("complaints' answers", () => {
    const openAnswers = '/api/v1/surveys/complaint/open-answers';
    const exports = ['csv', 'xlsx', 'json'].map((f) => `/api/v1/surveys/complaint/responses?format=${f}`);
    it('no API token reads them, through open answers or any export, as the inbox refuses them', async () => {
      for (const who of [adminToken, staff.token, staff.limitedToken]) {
        for (const url of [openAnswers, ...exports]) {
          const r = await call(app, who, 'GET', url);
          expect([url, r.statusCode, r.json().error]).toEqual([url, 403, 'forbidden']);
        }
        expect((await call(app, who, 'GET', '/api/v1/complaints')).statusCode).toBe(403);
      }
    });

    it('signed-in staff still read them, and tokens still read other surveys', async () => {
      const open = (await call(app, staff.admin, 'GET', openAnswers)).json();
      expect(open.answers.map((a: { text: string }) => a.text)).toContain('ครูตีนักเรียน');
      expect((await call(app, staff.supervisor, 'GET', exports[0] as string)).body).toContain(complaintId);
      const other = '/api/v1/surveys/stakeholder-satisfaction/responses?format=csv';
      expect((await call(app, staff.token, 'GET', other)).statusCode).toBe(200);
    });
  });

  it('a question personal in an earlier version stays out of open answers, CSV and XLSX after a new version drops personal', async () => {
    expect((await publishSurvey(db, FEEDBACK(1, true))).status).toBe('published');
    await storeAll(db, [
      responseTo('feedback', { comment: 'ดีมาก', phone: '0899999999' }, '2025-11-22T03:00:00.000Z', 1),
    ]);
    expect((await publishSurvey(db, FEEDBACK(2, false))).status).toBe('published');

    const open = (await call(app, staff.admin, 'GET', '/api/v1/surveys/feedback/open-answers')).json();
    expect(open.answers.map((a: { text: string }) => a.text)).toEqual(['ดีมาก']);
    const csv = (await call(app, staff.admin, 'GET', '/api/v1/surveys/feedback/responses?format=csv')).body;
    const rows = parse(csv.replace(/^\uFEFF/, '')) as string[][];
    expect(rows[0]).not.toContain('phone');
    expect(csv).not.toContain('0899999999');
    const xlsx = await call(app, staff.admin, 'GET', '/api/v1/surveys/feedback/responses?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => cells.push(...(row.values as unknown[]))));
    expect(cells).toContain('ดีมาก');
    expect(cells).not.toContain('0899999999');
    expect(cells).not.toContain('phone');
    const json = (await call(app, staff.admin, 'GET', '/api/v1/surveys/feedback/responses?format=json')).body;
    expect(json).not.toContain('0899999999');
  });

  it('a control character such as %00 in a query string is a 400 that says so, on every route', async () => {
    const urls = [
      '/api/v1/surveys/stakeholder-satisfaction/open-answers?q=%00',
      '/api/v1/surveys/stakeholder-satisfaction/responses?format=csv&school=%00',
      '/api/v1/surveys/stakeholder-satisfaction/responses?format=csv&group=a%00b',
      '/api/v1/surveys/stakeholder-satisfaction/results?school=%01',
      '/api/v1/complaints?q=%00',
      '/api/v1/surveys/stakeholder-satisfaction?version=%00',
      '/api/v1/surveys?x%00=1',
    ];
    for (const url of urls) {
      const r = await call(app, staff.admin, 'GET', url);
      expect([url, r.statusCode, r.json()]).toEqual([
        url,
        400,
        { error: 'bad_request', message: 'the query string must not contain control characters (such as %00)' },
      ]);
    }
    // Text with spaces, Thai and percent signs is fine.
    const ok = await call(app, staff.admin, 'GET', `/api/v1/complaints?q=${encodeURIComponent('ครู 100%')}`);
    expect(ok.statusCode).toBe(200);
  });

  describe('importing hostile backup files', () => {
    it('a file nested thousands of levels deep is a 400 that says why, not a 500', async () => {
      const good = JSON.parse(await writeBackup(asResponses([aResponse()]), { appVersion: '0.1.0' })) as {
        responses: { answers: Record<string, unknown> }[];
      };
      const deep = JSON.stringify(good).replace(
        '"topic":',
        `"deep":${'['.repeat(20_000)}${']'.repeat(20_000)},"topic":`,
      );
      const r = await call(app, staff.admin, 'POST', '/api/v1/imports', { file: deep });
      expect([r.statusCode, r.json()]).toEqual([
        400,
        { error: 'damaged', message: 'the backup file is damaged: it nests more than 32 levels deep' },
      ]);
    });

    it('a response with a "__proto__" answer is refused with its reason; the rest of the file is stored', async () => {
      const good = aResponse();
      const bad = JSON.parse(
        JSON.stringify(aResponse()).replace('"answers":{', '"answers":{"__proto__":"x",'),
      ) as Record<string, unknown>;
      expect(Object.keys(bad.answers as object)).toContain('__proto__');
      const file = await writeBackup(asResponses([good, bad]), { appVersion: '0.1.0' });
      const r = await call(app, staff.admin, 'POST', '/api/v1/imports', { file });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({
        total: 2,
        stored: 1,
        duplicate: 0,
        rejected: [
          { id: bad.id, code: 'invalid_response', message: '"__proto__" cannot be an answer or a field of a response' },
        ],
      });
    });
  });

  it('the anonymous survey list and a survey read no definitions once built, and show a publish made elsewhere at once', async () => {
    const seen: string[] = [];
    const spied = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return (sql: string, params?: unknown[]) => {
            seen.push(sql);
            return target.query(sql, params);
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const listing = await serverWith(spied);
    try {
      const first = await listing.inject({ url: '/api/v1/surveys' });
      expect(first.statusCode).toBe(200);
      seen.length = 0;
      const second = await listing.inject({ url: '/api/v1/surveys' });
      expect(second.json()).toEqual(first.json());
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(seen.length).toBe(1);
      expect(seen.join('\n')).not.toMatch(/definition|SELECT \*/);

      // Published through the store, as another server or `siang survey publish` would.
      const v3 = { ...FEEDBACK(3, true), title: label('Feedback, third') };
      expect((await publishSurvey(db, v3)).status).toBe('published');
      const third = await listing.inject({ url: '/api/v1/surveys' });
      expect(third.headers.etag).not.toBe(first.headers.etag);
      const feedback = third.json().surveys.find((s: { id: string }) => s.id === 'feedback');
      expect(feedback).toMatchObject({ version: 3, title: label('Feedback, third'), versions: [3, 2, 1] });

      // One survey, newest or by version: its definition comes from memory after the first read.
      for (const url of ['/api/v1/surveys/feedback', '/api/v1/surveys/feedback?version=3']) {
        const once = await listing.inject({ url });
        expect(once.json().title).toEqual(label('Feedback, third'));
        seen.length = 0;
        const again = await listing.inject({ url });
        expect(again.json()).toEqual(once.json());
        expect(seen.join('\n')).not.toMatch(/definition|SELECT \*/);
        const unchanged = await listing.inject({ url, headers: { 'if-none-match': once.headers.etag as string } });
        expect(unchanged.statusCode).toBe(304);
      }
    } finally {
      await listing.close();
    }
  });

  describe('API tokens', () => {
    it('an expired token and a revoked one answer 401; a token not yet expired works', async () => {
      const later = await createApiToken(db, {
        name: 'later',
        role: 'supervisor',
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      const soon = await createApiToken(db, { name: 'expiring', role: 'supervisor' });
      const gone = await createApiToken(db, { name: 'revoked', role: 'supervisor' });
      for (const token of [later, soon, gone])
        expect((await call(app, { token }, 'GET', '/api/v1/office')).statusCode).toBe(200);
      await db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE name = 'expiring'");
      const id = (await listApiTokens(db)).find((x) => x.name === 'revoked')?.id as number;
      expect(await revokeApiToken(db, id)).toBe('revoked');
      expect(await revokeApiToken(db, id)).toBe('already');
      expect(await revokeApiToken(db, 999_999)).toBe('unknown');
      expect((await call(app, { token: later }, 'GET', '/api/v1/office')).statusCode).toBe(200);
      for (const token of [soon, gone]) {
        const r = await call(app, { token }, 'GET', '/api/v1/office');
        expect(r.statusCode).toBe(401);
      }
      await expect(createApiToken(db, { name: 'past', role: 'admin', expiresAt: '2020-01-01' })).rejects.toThrow(
        /future/,
      );
    });

    it('the list tells when each was last used (written at most once a minute), and never the secret', async () => {
      const token = await createApiToken(db, { name: 'counted', role: 'supervisor', schools: [SCHOOL_X] });
      const before = (await listApiTokens(db)).find((x) => x.name === 'counted');
      expect(before).toMatchObject({ role: 'supervisor', schools: [SCHOOL_X], lastUsedAt: null, revokedAt: null });
      expect(await tokenPrincipal(db, token)).toMatchObject({ name: 'counted' });
      const used = (await listApiTokens(db)).find((x) => x.name === 'counted')?.lastUsedAt;
      expect(used).toEqual(expect.any(String));
      await tokenPrincipal(db, token);
      expect((await listApiTokens(db)).find((x) => x.name === 'counted')?.lastUsedAt).toBe(used);
      // A minute later, the next use is written again.
      await db.query(
        "UPDATE api_tokens SET last_used_at = last_used_at - interval '61 seconds' WHERE name = 'counted'",
      );
      await tokenPrincipal(db, token);
      expect(Date.parse((await listApiTokens(db)).find((x) => x.name === 'counted')?.lastUsedAt ?? '')).toBeGreaterThan(
        Date.parse(used ?? '') - 1000,
      );
      const listed = JSON.stringify(await listApiTokens(db));
      expect(listed).not.toContain(token);
      expect(listed).not.toContain(tokenHash(token));
    });

    it('siang token create --expires, token list and token revoke ID work on the database', async () => {
      const own = await backend.fresh();
      try {
        const made = await siang(
          ['token', 'create', '--role', 'supervisor', '--name', 'nightly', '--expires', '90d'],
          own.env,
        );
        expect(made.code).toBe(0);
        expect(made.stdout).toMatch(/token for nightly \(supervisor, valid until \d{4}-\d\d-\d\dT/);
        const secret = made.lastLine;
        const dated = await siang(
          ['token', 'create', '--role', 'admin', '--name', 'yearly', '--expires', '2099-03-31'],
          own.env,
        );
        expect(dated.stdout).toContain('valid until 2099-03-31T17:00:00.000Z');
        const bad = await siang(['token', 'create', '--role', 'admin', '--name', 'x1', '--expires', 'soon'], own.env);
        expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('"soon" is not an expiry')]);

        const listed = await siang(['token', 'list'], own.env);
        expect(listed.code).toBe(0);
        expect(listed.stdout).not.toContain(secret);
        const lines = listed.stdout.trim().split('\n');
        expect(lines[0]).toBe('id\tname\trole\tschools\tcreated\tlast used\texpires\trevoked');
        const nightly = lines.find((l) => l.split('\t')[1] === 'nightly')?.split('\t') ?? [];
        expect(nightly.slice(1, 4)).toEqual(['nightly', 'supervisor', 'all']);
        expect(nightly[5]).toBe('never');
        expect(nightly[7]).toBe('no');

        const revoked = await siang(['token', 'revoke', nightly[0] as string], own.env);
        expect([revoked.code, revoked.stdout.trim()]).toEqual([0, `revoked: token ${nightly[0]}`]);
        const unknown = await siang(['token', 'revoke', '4242'], own.env);
        expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('no API token has id 4242')]);
        const after = await siang(['token', 'list'], own.env);
        const row =
          after.stdout
            .split('\n')
            .find((l) => l.split('\t')[1] === 'nightly')
            ?.split('\t') ?? [];
        expect(row[7]).toMatch(/^\d{4}-/);
        const ownDb = await own.open();
        expect(await tokenPrincipal(ownDb, secret)).toBeUndefined();
      } finally {
        await own.dispose();
      }
    });

    it('tokens made before migration 5 keep working and get ids', async () => {
      const old = await backend.fresh({ migrated: false });
      try {
        const oldDb = await old.open();
        await migrate(
          oldDb,
          MIGRATIONS.filter((m) => m.version < 5),
        );
        await oldDb.query("INSERT INTO api_tokens (token_hash, name, role) VALUES ($1, 'old-script', 'admin')", [
          tokenHash('an-old-token'),
        ]);
        expect(await migrate(oldDb)).toEqual(MIGRATIONS.filter((m) => m.version >= 5).map((m) => m.version));
        expect(await tokenPrincipal(oldDb, 'an-old-token')).toMatchObject({ name: 'old-script', role: 'admin' });
        expect(await listApiTokens(oldDb)).toEqual([
          expect.objectContaining({ id: 1, name: 'old-script', expiresAt: null, revokedAt: null }),
        ]);
      } finally {
        await old.dispose();
      }
    });
  });
});

describe('expiry of a token', () => {
  it('is a period from now, or the end of a date in Bangkok', () => {
    const now = new Date('2026-01-31T10:00:00.000Z');
    expect(tokenExpiry('90d', now).toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(tokenExpiry('1m', now).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(tokenExpiry('1y', now).toISOString()).toBe('2027-01-31T10:00:00.000Z');
    expect(tokenExpiry('2026-03-31', now).toISOString()).toBe('2026-03-31T17:00:00.000Z');
    for (const bad of ['soon', '0d', '2026-02-30', '2026-13-01', '-5d'])
      expect(() => tokenExpiry(bad, now)).toThrow(/not/);
  });
});

describe('what the server serves and how long it waits', () => {
  it("source maps are not served, the service worker's included", async () => {
    const dir = testConfig().staticDir;
    writeFileSync(join(dir, 'sw.js.map'), '{"version":3}');
    writeFileSync(join(dir, 'sw.js'), 'self.x=1');
    const [pglite] = backends;
    const own = await (pglite as (typeof backends)[number]).fresh();
    const app = await serverWith(await own.open());
    try {
      expect((await app.inject({ url: '/sw.js' })).statusCode).toBe(200);
      for (const url of ['/sw.js.map', '/SW.JS.MAP', '/assets/index-abc.js.map', '/sw.js.map?x=1']) {
        const r = await app.inject({ url });
        expect([url, r.statusCode]).toEqual([url, 404]);
        expect(r.body).not.toContain('version');
      }
    } finally {
      await app.close();
      await own.dispose();
    }
  });

  it('has request, connection and keep-alive timeouts', () => {
    expect(SERVER_TIMEOUTS).toMatchObject({
      requestTimeout: expect.any(Number),
      connectionTimeout: expect.any(Number),
      keepAliveTimeout: expect.any(Number),
    });
  });

  describe('a stalled upload', () => {
    let server: RunningServer | undefined;
    let own: TestDatabase | undefined;
    afterEach(async () => {
      await server?.stop({ kill: true });
      await own?.dispose();
    });

    it('does not hold a SIGTERM: the server exits within 10 s', async () => {
      const [pglite] = backends;
      own = await (pglite as (typeof backends)[number]).fresh();
      server = await startServer({ dataDir: own.dataDir, env: own.env });
      expect(server.process.exitCode).toBe(null);
      // The server's timeouts, as it runs.
      const socket = connect(server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const body = JSON.stringify({ responses: [aResponse()] });
      // Headers and half the body, then nothing more.
      await new Promise<void>((resolve) =>
        socket.write(
          `POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, body.length / 2)}`,
          () => resolve(),
        ),
      );
      const exited = new Promise<number | null>((resolve) => server?.process.once('exit', (code) => resolve(code)));
      const started = Date.now();
      server.process.kill('SIGTERM');
      const tooLong = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 12_000));
      const outcome = await Promise.race([exited, tooLong]);
      expect(outcome).not.toBe('still running');
      expect(Date.now() - started).toBeLessThan(10_000);
      // The stalled connection ends with the server (a state, polled: a hang would say so here).
      await expect.poll(() => socket.destroyed).toBe(true);
      server = undefined;
    });
  });
});
