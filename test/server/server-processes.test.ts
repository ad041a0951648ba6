// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/server/db/migrations.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { useBackends, type TestDatabase } from './backends.js';
import { aResponse, ensureBuilt, post, postHttp, serverOn, siang } from './fixtures.js';

const backends = useBackends();
const [pglite, postgres] = backends as [(typeof backends)[number], (typeof backends)[number]];

beforeAll(() => ensureBuilt());

describe('two server processes on one PostgreSQL', () => {
  let t: TestDatabase;
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    await postgres.start();
    t = await postgres.fresh({ migrated: false });
    // Started together on an empty database: both migrate and publish the shipped surveys at once.
    servers = await Promise.all([1, 2].map(() => startServer({ env: t.env })));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await t?.dispose();
  });

  it('both come up on an empty database, each migration and shipped survey there once', async () => {
    const db = await t.open();
    const migrations = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
    expect(migrations.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const surveys = await db.query<{ id: string; n: number }>(
      'SELECT id, count(*)::int AS n FROM surveys GROUP BY id ORDER BY id',
    );
    expect(surveys).toEqual([
      { id: 'complaint', n: 1 },
      { id: 'stakeholder-satisfaction', n: 1 },
    ]);
    for (const s of servers) expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('the same response sent to both at the same moment is stored once, and both replies say delivered', async () => {
    const db = await t.open();
    const [a, b] = servers as [RunningServer, RunningServer];
    for (let round = 0; round < 8; round++) {
      const response = aResponse();
      const replies = await Promise.all([
        postHttp(a.url, { responses: [response] }),
        postHttp(b.url, { responses: [response] }),
      ]);
      expect(replies.map((r) => r.status)).toEqual([200, 200]);
      const statuses = replies.map((r) => r.body.results[0]?.status).sort();
      expect(statuses).toEqual(['duplicate', 'stored']);
      expect(replies[0].body.results[0]?.receivedAt).toBe(replies[1].body.results[0]?.receivedAt);
      const rows = await db.query('SELECT id FROM responses WHERE id = $1', [response.id]);
      expect(rows).toHaveLength(1);
    }
  });

  it('overlapping batches sent to both in opposite order at once are all delivered, each stored once', async () => {
    const db = await t.open();
    const [a, b] = servers as [RunningServer, RunningServer];
    for (let round = 0; round < 6; round++) {
      const responses = Array.from({ length: 500 }, () => aResponse());
      const replies = await Promise.all([
        postHttp(a.url, { responses }),
        postHttp(b.url, { responses: [...responses].reverse() }),
      ]);
      expect(replies.map((r) => r.status)).toEqual([200, 200]);
      const statuses = replies.flatMap((r) => r.body.results.map((x) => x.status));
      expect(statuses.filter((s) => s === 'stored')).toHaveLength(500);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(500);
      const [count] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM responses WHERE id = ANY($1::uuid[])',
        [responses.map((r) => r.id)],
      );
      expect(count?.n).toBe(500);
    }
  });
});

describe.each(backends)('a server killed without warning on $name', (backend) => {
  let t: TestDatabase;
  let server: RunningServer | undefined;
  beforeAll(() => backend.start());
  afterEach(async () => {
    await server?.stop({ kill: true });
    await t?.dispose();
  });

  it('every response it answered "stored" is there afterwards, and a resend is a duplicate', async () => {
    t = await backend.fresh();
    server = await startServer({ dataDir: t.dataDir, env: t.env });
    const sent = [];
    for (let batch = 0; batch < 4; batch++) {
      const responses = Array.from({ length: 10 }, () => aResponse());
      const reply = await postHttp(server.url, { responses });
      expect(reply.body.results.map((r) => r.status)).toEqual(Array(10).fill('stored'));
      sent.push(...responses);
    }
    // SIGKILL right after the last reply: no shutdown, no chance to flush anything.
    await server.stop({ kill: true });

    // The office's command finds them (and takes over the dead server's lock and socket).
    const count = await siang(['responses', 'count'], t.env);
    expect(count.stderr).toBe('');
    expect(count.lastLine).toBe('40');

    server = undefined;
    // And a server on that database again calls every resend a duplicate.
    const app = await serverOn(await t.open());
    const again = await post(app, { responses: sent });
    await app.close();
    expect(again.results.map((r) => r.status)).toEqual(Array(40).fill('duplicate'));
  });
});

describe('a second server on the same PGlite data directory', () => {
  let t: TestDatabase;
  let first: RunningServer | undefined;
  afterEach(async () => {
    await first?.stop();
    await t?.dispose();
  });

  it('refuses to start, and the first keeps serving with its data', async () => {
    await pglite.start();
    t = await pglite.fresh();
    first = await startServer({ dataDir: t.dataDir, env: t.env });
    const response = aResponse();
    expect((await postHttp(first.url, { responses: [response] })).body.results[0]?.status).toBe('stored');

    await expect(startServer({ dataDir: t.dataDir, env: t.env })).rejects.toThrow(/exited/);

    expect((await postHttp(first.url, { responses: [response] })).body.results[0]?.status).toBe('duplicate');
    expect((await postHttp(first.url, { responses: [aResponse()] })).body.results[0]?.status).toBe('stored');
  });
});
