// @vitest-environment node
/**
 * A supervisor imports a backup file saved on a device that never reached a network: over HTTP
 * (the admin screen) and with `siang import`, on PGlite and on PostgreSQL. Same dedup as the sync.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, writeBackup } from '../../src/core/backup.js';
import type { CompletedResponse } from '../../src/core/response.js';
import type { Db } from '../../src/server/db/database.js';
import { purge } from '../../src/server/store/retention.js';
import { countResponses } from '../../src/server/store/submissions.js';
import { ROOT, type RunningServer, startServer } from '../helpers/server.js';
import { useBackends, type TestDatabase } from './backends.js';
import { aResponse, complaintAnswers, ensureBuilt, post, serverOn } from './fixtures.js';
import { call, SCHOOL_X, SCHOOL_Y, type Staff, stakeholderResponse, staffOf } from './results-helpers.js';

const backends = useBackends();
/** Few PBKDF2 iterations keep the tests quick; the server reads whatever the file says. */
const FAST = { appVersion: '0.1.0', iterations: 2_000 };
let files: string;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'siang-import-'));
  await ensureBuilt();
});
afterAll(() => rmSync(files, { recursive: true, force: true }));

const asResponses = (list: Record<string, unknown>[]) => list as unknown as CompletedResponse[];

/** Imports over HTTP as `who`. */
async function importFile(app: FastifyInstance, who: { cookie: string } | null, file: string, passphrase?: string) {
  const r = await call(app, who, 'POST', '/api/v1/imports', { file, ...(passphrase ? { passphrase } : {}) });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
}

/** A file on disk, for the command. */
function saved(text: string): string {
  const path = join(files, `backup-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  return path;
}

/** Runs `siang ARGS` with `input` on its standard input. */
function siangWith(
  args: string[],
  env: Record<string, string>,
  input = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/siang.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe.each(backends)('importing a backup file on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  beforeAll(() => backend.start());
  const open = async () => {
    t = await backend.fresh();
    db = await t.open();
    app = await serverOn(db);
    staff = await staffOf(app, db);
  };
  afterEach(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('a plain file is stored, and importing it again adds nothing', async () => {
    await open();
    const responses = [aResponse(), aResponse(), stakeholderResponse({ school: SCHOOL_X })];
    const file = await writeBackup(asResponses(responses), FAST);

    const first = await importFile(app, staff.admin, file);

    expect(first).toEqual({ status: 200, body: { total: 3, stored: 3, duplicate: 0, rejected: [] } });
    const rows = await db.query<{ id: string; answers: Record<string, unknown> }>(
      'SELECT id, answers FROM responses ORDER BY id',
    );
    expect(rows.map((r) => r.id).sort()).toEqual(responses.map((r) => r.id).sort());
    expect(rows.find((r) => r.id === responses[0]?.id)?.answers).toEqual(complaintAnswers());

    const again = await importFile(app, staff.admin, file);
    expect(again.body).toEqual({ total: 3, stored: 0, duplicate: 3, rejected: [] });
    expect(await countResponses(db)).toBe(3);
  });

  it('responses that also arrived by sync are duplicates; one changed since is a conflict, the first stays', async () => {
    await open();
    const sent = aResponse();
    const alsoSent = aResponse();
    expect((await post(app, { responses: [sent, alsoSent] })).results.map((r) => r.status)).toEqual([
      'stored',
      'stored',
    ]);
    const changed = { ...alsoSent, answers: complaintAnswers({ topic: 'แก้ไขภายหลัง' }) };
    const file = await writeBackup(asResponses([sent, changed, aResponse()]), FAST);

    const { body } = await importFile(app, staff.supervisor, file);

    expect(body).toMatchObject({ total: 3, stored: 1, duplicate: 1 });
    expect(body.rejected).toEqual([{ id: alsoSent.id, code: 'conflict', message: expect.any(String) }]);
    const [kept] = await db.query<{ answers: { topic: string } }>('SELECT answers FROM responses WHERE id = $1', [
      alsoSent.id,
    ]);
    expect(kept?.answers.topic).toBe('ถนนหน้าโรงเรียนมืด');
  });

  it('each response the sync would refuse is refused with its reason, and the rest are stored', async () => {
    await open();
    const good = aResponse();
    const unknownSurvey = aResponse({ surveyId: 'no-such-survey' });
    const badAnswers = aResponse({ answers: complaintAnswers({ category: 'not-an-option' }) });
    const badShape = aResponse({ id: 'not-a-uuid' });
    const file = await writeBackup(asResponses([good, unknownSurvey, badAnswers, badShape]), FAST);

    const { status, body } = await importFile(app, staff.admin, file);

    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 4, stored: 1, duplicate: 0 });
    expect((body.rejected as { id: string; code: string }[]).map((r) => [r.id, r.code])).toEqual([
      [unknownSurvey.id, 'unknown_survey'],
      [badAnswers.id, 'invalid_answers'],
      ['not-a-uuid', 'invalid_response'],
    ]);
    expect(await countResponses(db)).toBe(1);
  });

  it('an encrypted file needs its passphrase; a wrong one is refused and imports nothing', async () => {
    await open();
    const file = await writeBackup(asResponses([aResponse(), aResponse()]), { ...FAST, passphrase: 'ครูสมศรี 2569' });

    const without = await importFile(app, staff.admin, file);
    expect(without).toEqual({
      status: 400,
      body: { error: 'needs_passphrase', message: expect.stringContaining('passphrase') },
    });
    const wrong = await importFile(app, staff.admin, file, 'ครูสมชาย 2569');
    expect(wrong).toEqual({
      status: 400,
      body: { error: 'wrong_passphrase', message: 'wrong passphrase or damaged file' },
    });
    expect(await countResponses(db)).toBe(0);

    const right = await importFile(app, staff.admin, file, 'ครูสมศรี 2569');
    expect(right.body).toEqual({ total: 2, stored: 2, duplicate: 0, rejected: [] });
  });

  it('a damaged, foreign or newer file is refused whole with its code, even if most of it is fine', async () => {
    await open();
    const good = await writeBackup(asResponses([aResponse(), aResponse(), aResponse()]), FAST);
    const doc = JSON.parse(good) as { responses: { answers: Record<string, unknown> }[]; formatVersion: number };
    const tampered = structuredClone(doc);
    if (tampered.responses[2]) tampered.responses[2].answers.topic = 'เปลี่ยนแล้ว';
    const newer = { ...doc, formatVersion: 2 };

    const refusals = [
      await importFile(app, staff.admin, JSON.stringify(tampered)),
      await importFile(app, staff.admin, 'id,topic\n1,ไฟดับ'),
      await importFile(app, staff.admin, JSON.stringify(newer)),
      await importFile(app, staff.admin, good.slice(0, -200)),
    ];

    expect(refusals.map((r) => [r.status, r.body.error])).toEqual([
      [400, 'damaged'],
      [400, 'not_backup'],
      [400, 'unsupported_version'],
      [400, 'not_backup'],
    ]);
    expect(await countResponses(db)).toBe(0);
  });

  it("a supervisor limited to one school imports that school's responses only; the others are refused one by one", async () => {
    await open();
    const ours = stakeholderResponse({ school: SCHOOL_X });
    const theirs = stakeholderResponse({ school: SCHOOL_Y });
    const noSchool = stakeholderResponse({ group: 'community' });
    const office = aResponse(); // a complaint about the office names no school
    // A community member whose school (chosen as a parent first) is hidden: no school counts.
    const leftBehind = stakeholderResponse({ group: 'community', school: SCHOOL_X });
    const file = await writeBackup(asResponses([ours, theirs, noSchool, office, leftBehind]), FAST);

    const { body } = await importFile(app, staff.limited, file);

    expect(body).toMatchObject({ total: 5, stored: 1, duplicate: 0 });
    expect((body.rejected as { id: string; code: string }[]).map((r) => [r.id, r.code])).toEqual([
      [theirs.id, 'outside_schools'],
      [noSchool.id, 'outside_schools'],
      [office.id, 'outside_schools'],
      [leftBehind.id, 'outside_schools'],
    ]);
    expect((await db.query<{ id: string }>('SELECT id FROM responses')).map((r) => r.id)).toEqual([ours.id]);

    // An administrator imports the rest from the same file.
    expect((await importFile(app, staff.admin, file)).body).toEqual({
      total: 5,
      stored: 4,
      duplicate: 1,
      rejected: [],
    });
  });

  it('only signed-in staff import: no one without a session, and no API token', async () => {
    await open();
    const file = await writeBackup(asResponses([aResponse()]), FAST);
    expect((await importFile(app, null, file)).status).toBe(401);
    const byToken = await call(app, staff.token, 'POST', '/api/v1/imports', { file });
    expect(byToken.statusCode).toBe(403);
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...staff.admin, 'content-type': 'text/plain' },
      payload: file,
    });
    expect(notJson.statusCode).toBe(415);
    const noFile = await call(app, staff.admin, 'POST', '/api/v1/imports', { passphrase: 'x' });
    expect(noFile.statusCode).toBe(400);
    expect(await countResponses(db)).toBe(0);
  });

  it('a file of 20,000 stakeholder responses fits the request limit, encrypted, and is stored whole', async () => {
    await open();
    const schools = [SCHOOL_X, SCHOOL_Y];
    const responses = Array.from({ length: 20_000 }, (_, i) =>
      stakeholderResponse({
        school: schools[i % 2] as string,
        answers: { suggestions: 'อยากให้ประชาสัมพันธ์ข่าวสารผ่านช่องทางออนไลน์ให้มากขึ้น'.repeat(i % 3) },
      }),
    );
    const file = await writeBackup(asResponses(responses), { ...FAST, passphrase: 'p' });
    const body = JSON.stringify({ file, passphrase: 'p' });
    // Headroom: the measured figures are in docs/operations.md.
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_IMPORT_BYTES * 0.75);

    const r = await call(app, staff.admin, 'POST', '/api/v1/imports', { file, passphrase: 'p' });

    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ total: 20_000, stored: 20_000, duplicate: 0, rejected: [] });
    expect(await countResponses(db)).toBe(20_000);
  }, 180_000);

  it('a request larger than the limit is refused before it is read (413)', async () => {
    await open();
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...staff.admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ file: 'x'.repeat(MAX_IMPORT_BYTES) }),
    });
    expect(r.statusCode).toBe(413);
  });

  it('after a purge, a file brings back nothing older than the office keeps, and no old contact details', async () => {
    await open();
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    await purge(db, { olderThan: '2y', contactsOlderThan: '90d', ranBy: 'test' });
    const tooOld = aResponse({ completedAt: daysAgo(800), startedAt: daysAgo(800) });
    const contact = {
      wants_reply: 'yes',
      contact_name: 'นางสาวมาลี ใจดี',
      reply_channel: 'phone',
      contact_phone: '0812345678',
    };
    const oldContact = aResponse({
      answers: complaintAnswers(contact),
      completedAt: daysAgo(200),
      startedAt: daysAgo(200),
    });
    const recentContact = aResponse({
      answers: complaintAnswers(contact),
      completedAt: daysAgo(10),
      startedAt: daysAgo(10),
    });
    const file = await writeBackup(asResponses([tooOld, oldContact, recentContact]), FAST);

    const { body } = await importFile(app, staff.admin, file);

    expect(body).toMatchObject({ total: 3, stored: 2, duplicate: 0 });
    expect(body.rejected).toEqual([{ id: tooOld.id, code: 'past_retention', message: expect.any(String) }]);
    const answers = async (id: unknown) =>
      (await db.query<{ answers: Record<string, unknown> }>('SELECT answers FROM responses WHERE id = $1', [id]))[0]
        ?.answers;
    expect(await answers(oldContact.id)).toEqual(complaintAnswers({ wants_reply: 'yes', reply_channel: 'phone' }));
    expect(await answers(recentContact.id)).toEqual(complaintAnswers(contact));

    // The same file again: the original is recognised, and the contact details do not come back.
    expect((await importFile(app, staff.admin, file)).body).toMatchObject({ stored: 0, duplicate: 2 });
    expect(await answers(oldContact.id)).toEqual(complaintAnswers({ wants_reply: 'yes', reply_channel: 'phone' }));
  });

  describe('siang import', () => {
    let server: RunningServer | undefined;
    afterEach(async () => {
      await server?.stop();
      server = undefined;
    });

    it('with no server running: prints the counts, and the same file again adds nothing', async () => {
      t = await backend.fresh();
      const path = saved(
        await writeBackup(asResponses([aResponse(), aResponse(), aResponse({ surveyId: 'gone' })]), FAST),
      );

      const first = await siangWith(['import', path], t.env);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain(`3 responses in ${path}\nstored: 2\nalready here: 0\nrefused: 1\n`);
      expect(first.stdout).toMatch(/unknown_survey: survey gone version 1 is not published here/);
      expect(first.code).toBe(3);

      const second = await siangWith(['import', path], t.env);
      expect(second.stdout).toContain('stored: 0\nalready here: 2\nrefused: 1\n');
      db = await t.open();
      expect(await countResponses(db)).toBe(2);
    });

    it('with the server running: an encrypted file with --passphrase-stdin, while devices keep sending', async () => {
      t = await backend.fresh();
      server = await startServer({ dataDir: t.dataDir, env: t.env });
      const path = saved(await writeBackup(asResponses([aResponse(), aResponse()]), { ...FAST, passphrase: 'ลับมาก' }));

      const [imported, synced] = await Promise.all([
        siangWith(['import', path, '--passphrase-stdin'], t.env, 'ลับมาก\n'),
        fetch(`${server.url}/api/v1/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ responses: [aResponse()] }),
        }),
      ]);

      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain('stored: 2\nalready here: 0\nrefused: 0\n');
      expect(synced.status).toBe(200);
      const again = await siangWith(['import', path, '--passphrase-stdin'], t.env, 'ลับมาก\n');
      expect(again.stdout).toContain('stored: 0\nalready here: 2\n');
      const counted = await siangWith(['responses', 'count'], t.env);
      expect(counted.stdout.trim()).toBe('3');
    });

    it('a response with a "__proto__" answer is refused alone, with the server running or not; the rest imports', async () => {
      t = await backend.fresh();
      const bad = JSON.parse(JSON.stringify(aResponse()).replace('"answers":{', '"answers":{"__proto__":"x",'));
      const path = saved(await writeBackup(asResponses([aResponse(), bad]), FAST));
      const expected = `2 responses in ${path}\nstored: 1\nalready here: 0\nrefused: 1\n  ${bad.id}: invalid_response: "__proto__" cannot be an answer or a field of a response\n`;
      const alone = await siangWith(['import', path], t.env);
      expect([alone.code, alone.stderr, alone.stdout]).toEqual([3, '', expected]);

      const other = saved(await writeBackup(asResponses([aResponse(), bad]), FAST));
      server = await startServer({ dataDir: t.dataDir, env: t.env });
      const viaServer = await siangWith(['import', other], t.env);
      expect([viaServer.code, viaServer.stderr]).toEqual([3, '']);
      expect(viaServer.stdout).toContain('stored: 1\nalready here: 0\nrefused: 1\n');
      const counted = await siangWith(['responses', 'count'], t.env);
      expect(counted.stdout.trim()).toBe('2');
    });

    it('a refused file exits 1 with the reason and imports nothing', async () => {
      t = await backend.fresh();
      const encrypted = saved(await writeBackup(asResponses([aResponse()]), { ...FAST, passphrase: 'right' }));
      const damaged = saved((await writeBackup(asResponses([aResponse()]), FAST)).replace('"count":1', '"count":2'));

      const wrong = await siangWith(['import', encrypted, '--passphrase-stdin'], t.env, 'wrong\n');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('wrong passphrase or damaged file. Nothing was imported.');
      const none = await siangWith(['import', encrypted], t.env);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('--passphrase-stdin');
      const broken = await siangWith(['import', damaged], t.env);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/damaged: it says 2 responses but holds 1/);
      const missing = await siangWith(['import', join(files, 'no-such-file.json')], t.env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('cannot read');
      const noFile = await siangWith(['import'], t.env);
      expect(noFile.code).toBe(2);

      db = await t.open();
      expect(await countResponses(db)).toBe(0);
    });
  });
});
