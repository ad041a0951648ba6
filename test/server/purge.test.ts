// @vitest-environment node
/**
 * Privacy and retention (PDPA): `siang purge` deletes responses older than the office keeps them
 * and removes complaints' contact details sooner, with a record of each purge; and the server
 * keeps no IP address or device fingerprint, in its tables or its logs. On PGlite and PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db, Queryable } from '../../src/server/db/database.js';
import { MIGRATIONS, migrate } from '../../src/server/db/migrations.js';
import { cutoffBefore, parsePeriod, purge } from '../../src/server/store/retention.js';
import { checksumOf, publishSurvey } from '../../src/server/store/surveys.js';
import { freePort, ROOT, type RunningServer, SERVER_START_TIMEOUT, startServer } from '../helpers/server.js';
import { useBackends, type TestDatabase } from './backends.js';
import { complaintAnswers, ensureBuilt, siang } from './fixtures.js';
import { responseTo, SCHOOL_X, stakeholderResponse, storeAll, storeAsBeforeRatingValues } from './results-helpers.js';

const backends = useBackends();
const DAY = 86_400_000;

beforeAll(() => ensureBuilt());

describe('retention periods', () => {
  it('are written 5y, 18m or 90d', () => {
    expect(parsePeriod('5y')).toEqual({ amount: 5, unit: 'y', text: '5y' });
    expect(parsePeriod('18m')).toEqual({ amount: 18, unit: 'm', text: '18m' });
    expect(parsePeriod('90d')).toEqual({ amount: 90, unit: 'd', text: '90d' });
    expect(parsePeriod('100y').amount).toBe(100);
  });

  it('anything else is refused with a message saying how to write one', () => {
    for (const bad of [
      '',
      '5',
      'y',
      '5 y',
      ' 5y',
      '5y ',
      '5Y',
      '1.5y',
      '-1d',
      '0d',
      '05y',
      '5w',
      '5yd',
      '101y',
      '2years',
    ]) {
      expect(() => parsePeriod(bad), bad).toThrow(
        /is not a period: write a whole number followed by y .* such as 5y, 18m or 90d/,
      );
    }
  });

  it('are counted back on the calendar: a month before 31 March is the end of February', () => {
    const at = (iso: string) => new Date(iso);
    expect(cutoffBefore(at('2026-03-31T10:00:00Z'), parsePeriod('1m')).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(cutoffBefore(at('2028-03-31T10:00:00Z'), parsePeriod('1m')).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(cutoffBefore(at('2028-02-29T00:00:00Z'), parsePeriod('1y')).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(cutoffBefore(at('2026-11-30T13:00:00Z'), parsePeriod('5y')).toISOString()).toBe('2021-11-30T13:00:00.000Z');
    expect(cutoffBefore(at('2026-01-15T00:00:00Z'), parsePeriod('18m')).toISOString()).toBe('2024-07-15T00:00:00.000Z');
    expect(cutoffBefore(at('2026-11-30T00:00:00Z'), parsePeriod('90d')).toISOString()).toBe('2026-09-01T00:00:00.000Z');
  });
});

const CONTACT = {
  wants_reply: 'yes',
  contact_name: 'นายสมชาย ใจดี',
  reply_channel: 'email',
  contact_email: 'somchai@example.com',
};
/** What a complaint keeps once its contact details are removed. */
const WITHOUT_CONTACT = complaintAnswers({ wants_reply: 'yes', reply_channel: 'email' });

/** The story's responses, made `now`: some older than 5 years, some between 1 and 5, some recent. */
function story(now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  return {
    ancientSurvey: stakeholderResponse({ school: SCHOOL_X, at: ago(6 * 366) }),
    ancientComplaint: responseTo('complaint', complaintAnswers(CONTACT), ago(6 * 366)),
    oldSurvey: stakeholderResponse({ school: SCHOOL_X, at: ago(2 * 366) }),
    oldComplaint: responseTo('complaint', complaintAnswers(CONTACT), ago(2 * 366)),
    oldAnonymous: responseTo('complaint', complaintAnswers(), ago(2 * 366)),
    recentComplaint: responseTo('complaint', complaintAnswers(CONTACT), ago(30)),
    recentSurvey: stakeholderResponse({ school: SCHOOL_X, at: ago(10) }),
  };
}

async function seed(db: Queryable, now: Date) {
  const s = story(now);
  await storeAll(db, Object.values(s));
  for (const c of [s.ancientComplaint, s.oldComplaint, s.recentComplaint]) {
    await db.query(
      `INSERT INTO complaint_handling (response_id, status, note, updated_by) VALUES ($1, 'closed', 'ตอบกลับแล้ว', 'admin')`,
      [c.id],
    );
  }
  return s;
}

const ids = async (db: Queryable, table: 'responses' | 'complaint_handling') =>
  (
    await db.query<{ id: string }>(
      table === 'responses'
        ? 'SELECT id FROM responses ORDER BY id'
        : 'SELECT response_id AS id FROM complaint_handling ORDER BY 1',
    )
  ).map((r) => r.id);

const answersOf = async (db: Queryable, id: unknown) =>
  (await db.query<{ answers: Record<string, unknown> }>('SELECT answers FROM responses WHERE id = $1', [id]))[0]
    ?.answers;

/** Everything the database holds, as text, table by table. */
async function everything(db: Queryable): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  let all = '';
  for (const { table_name } of tables) {
    const rows = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    all += `${table_name}\n${rows
      .map((r) => r.row)
      .sort()
      .join('\n')}\n`;
  }
  return all;
}

describe.each(backends)('purging old data on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let server: RunningServer | undefined;
  beforeAll(() => backend.start());
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await t?.dispose();
  });

  it('deletes responses older than the period with their handling, removes older contact details, keeps the complaints, and records it', async () => {
    t = await backend.fresh();
    db = await t.open();
    const now = new Date('2026-11-30T06:00:00.000Z');
    const s = await seed(db, now);

    const outcome = await purge(db, {
      olderThan: '5y',
      contactsOlderThan: '1y',
      ranBy: 'siang purge (user test)',
      now,
    });

    expect(outcome).toEqual({
      dryRun: false,
      responsesCutoff: '2021-11-30T06:00:00.000Z',
      contactsCutoff: '2025-11-30T06:00:00.000Z',
      responsesDeleted: 2,
      complaintHandlingDeleted: 1,
      contactsAnonymised: 1,
      auditEntriesDeleted: 0,
    });
    const kept = [s.oldSurvey, s.oldComplaint, s.oldAnonymous, s.recentComplaint, s.recentSurvey];
    expect(await ids(db, 'responses')).toEqual(kept.map((r) => r.id).sort());
    expect(await ids(db, 'complaint_handling')).toEqual([s.oldComplaint.id, s.recentComplaint.id].sort());
    // The complaint stays, without who made it; newer ones keep their contact details.
    expect(await answersOf(db, s.oldComplaint.id)).toEqual(WITHOUT_CONTACT);
    expect(await answersOf(db, s.oldAnonymous.id)).toEqual(complaintAnswers());
    expect(await answersOf(db, s.recentComplaint.id)).toEqual(complaintAnswers(CONTACT));
    expect(await answersOf(db, s.oldSurvey.id)).toEqual(s.oldSurvey.answers);
    const [handling] = await db.query<{ note: string; status: string }>(
      'SELECT status, note FROM complaint_handling WHERE response_id = $1',
      [s.oldComplaint.id],
    );
    expect(handling).toEqual({ status: 'closed', note: 'ตอบกลับแล้ว' });

    const records = await db.query<Record<string, unknown>>(
      `SELECT ran_by, responses_older_than, contacts_older_than, responses_deleted, complaint_handling_deleted,
         contacts_anonymised, ran_at, responses_cutoff, contacts_cutoff FROM retention_purges`,
    );
    expect(
      records.map((r) => ({
        ...r,
        ran_at: new Date(r.ran_at as string).toISOString(),
        responses_cutoff: new Date(r.responses_cutoff as string).toISOString(),
        contacts_cutoff: new Date(r.contacts_cutoff as string).toISOString(),
      })),
    ).toEqual([
      {
        ran_by: 'siang purge (user test)',
        ran_at: '2026-11-30T06:00:00.000Z',
        responses_older_than: '5y',
        responses_cutoff: '2021-11-30T06:00:00.000Z',
        contacts_older_than: '1y',
        contacts_cutoff: '2025-11-30T06:00:00.000Z',
        responses_deleted: 2,
        complaint_handling_deleted: 1,
        contacts_anonymised: 1,
      },
    ]);

    // Nothing is left to do: a second purge deletes and changes nothing, and is recorded too.
    expect(await purge(db, { olderThan: '5y', contactsOlderThan: '1y', ranBy: 'again', now })).toMatchObject({
      responsesDeleted: 0,
      complaintHandlingDeleted: 0,
      contactsAnonymised: 0,
    });
    expect(await db.query('SELECT count(*)::int AS n FROM retention_purges')).toEqual([{ n: 2 }]);
  });

  it('a dry run counts exactly what a real run then does, and changes and records nothing', async () => {
    t = await backend.fresh();
    db = await t.open();
    const now = new Date('2026-11-30T06:00:00.000Z');
    await seed(db, now);
    const before = await everything(db);

    const dry = await purge(db, { olderThan: '18m', contactsOlderThan: '90d', dryRun: true, ranBy: 'x', now });

    expect(await everything(db)).toBe(before);
    expect(dry).toMatchObject({
      dryRun: true,
      responsesDeleted: 5,
      complaintHandlingDeleted: 2,
      contactsAnonymised: 0,
    });
    const real = await purge(db, { olderThan: '18m', contactsOlderThan: '90d', ranBy: 'x', now });
    expect(real).toEqual({ ...dry, dryRun: false });
  });

  it("contact details kept under an older version's question id are removed too", async () => {
    t = await backend.fresh();
    db = await t.open();
    const raw = structuredClone(shippedSurveys().find((x) => x.id === 'complaint')) as unknown as {
      version: number;
      sections: { questions: { id: string }[] }[];
    };
    raw.version = 2;
    for (const section of raw.sections)
      for (const q of section.questions) if (q.id === 'contact_name') q.id = 'contact_fullname';
    expect((await publishSurvey(db, raw)).status).toBe('published');
    const now = new Date();
    const old = new Date(now.getTime() - 400 * DAY).toISOString();
    const underV1 = responseTo('complaint', complaintAnswers(CONTACT), old, 1);
    const { contact_name, ...rest } = CONTACT;
    const underV2 = responseTo('complaint', complaintAnswers({ ...rest, contact_fullname: contact_name }), old, 2);
    await storeAll(db, [underV1, underV2]);

    expect((await purge(db, { olderThan: '5y', contactsOlderThan: '1y', ranBy: 'x' })).contactsAnonymised).toBe(2);

    expect(await answersOf(db, underV1.id)).toEqual(WITHOUT_CONTACT);
    expect(await answersOf(db, underV2.id)).toEqual(WITHOUT_CONTACT);
  });

  it('siang purge with no server running: refuses unclear periods, prints the counts, and records who ran it', async () => {
    t = await backend.fresh();
    db = await t.open();
    const s = await seed(db, new Date());
    await db.close();

    for (const args of [
      ['purge'],
      ['purge', '--older-than', '5 years'],
      ['purge', '--older-than', '5y', '--contacts-older-than', '12'],
    ]) {
      const refused = await siang(args, t.env);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(/--older-than PERIOD|is not a period/);
    }
    const dry = await siang(['purge', '--older-than', '5y', '--contacts-older-than', '1y', '--dry-run'], t.env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^responses completed before \d{4}-\d\d-\d\d: 2 to delete$/m);
    expect(dry.stdout).toMatch(/^complaint handling records of those: 1 to delete$/m);
    expect(dry.stdout).toMatch(/^contact details of responses completed before \d{4}-\d\d-\d\d: to remove from 1$/m);
    expect(dry.lastLine).toBe('dry run: nothing was changed or recorded');

    const real = await siang(['purge', '--older-than', '5y', '--contacts-older-than', '1y'], t.env);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/^responses completed before \d{4}-\d\d-\d\d: 2 deleted$/m);
    expect(real.stdout).toMatch(/: removed from 1$/m);
    expect(real.lastLine).toBe('recorded in retention_purges');

    db = await t.open();
    expect(await ids(db, 'responses')).not.toContain(s.ancientComplaint.id);
    expect(await answersOf(db, s.oldComplaint.id)).toEqual(WITHOUT_CONTACT);
    const [record] = await db.query<{ ran_by: string; responses_older_than: string }>(
      'SELECT ran_by, responses_older_than FROM retention_purges',
    );
    expect(record?.ran_by).toMatch(/^siang purge \((user \S+|unknown user)\)$/);
    expect(record?.responses_older_than).toBe('5y');
  });

  it('siang purge with the server running goes through it, and the server keeps serving', async () => {
    t = await backend.fresh();
    db = await t.open();
    const s = await seed(db, new Date());
    await db.close();
    server = await startServer({ dataDir: t.dataDir, env: t.env });

    const run = await siang(['purge', '--older-than', '3y'], t.env);

    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/: 2 deleted$/m);
    expect(run.stdout).not.toMatch(/contact details/);
    expect((await siang(['responses', 'count'], t.env)).lastLine).toBe('5');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.stop();
    server = undefined;
    db = await t.open();
    expect(await answersOf(db, s.oldComplaint.id)).toEqual(complaintAnswers(CONTACT));
  });

  it('a database at schema version 2 with responses gains the purge record and keeps everything', async () => {
    t = await backend.fresh({ migrated: false });
    db = await t.open();
    expect(
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 2),
      ),
    ).toEqual([1, 2]);
    // Published as a server of that time did: the columns of migration 1 only.
    for (const survey of shippedSurveys())
      await db.query(
        'INSERT INTO surveys (id, version, kind, definition, checksum) VALUES ($1, $2, $3, $4::jsonb, $5)',
        [survey.id, survey.version, survey.kind, JSON.stringify(survey), checksumOf(survey)],
      );
    const response = stakeholderResponse({ school: SCHOOL_X });
    await storeAsBeforeRatingValues(db, [response]);

    expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 2).map((m) => m.version));

    expect(await ids(db, 'responses')).toEqual([response.id]);
    expect(await db.query('SELECT count(*)::int AS n FROM retention_purges')).toEqual([{ n: 0 }]);
  });
});

/** Starts the built server with its logs captured (info level, as offices run it). */
async function serverWithLogs(t: TestDatabase): Promise<{ url: string; stop: () => Promise<string> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'build/server/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...t.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout?.on('data', (c: Buffer) => (logs += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (logs += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_START_TIMEOUT;
  for (;;) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return logs;
    },
  };
}

describe.each(backends)('what the server keeps about a respondent, on $name', (backend) => {
  let t: TestDatabase;
  beforeAll(() => backend.start());
  afterEach(() => t?.dispose());

  it('a response is stored with its answers, survey, times, language and notice: no address, device or place', async () => {
    t = await backend.fresh();
    const db = await t.open();
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'responses'
       ORDER BY column_name`,
    );
    // A new column here is a privacy decision: add it to this list only after deciding it.
    expect(columns.map((c) => c.column_name)).toEqual([
      'answers',
      'app_version',
      'completed_at',
      'content_hash',
      // Who set a response apart and when, and why in the office's words (staff, never respondents).
      'deleted_at',
      'deleted_by',
      'exclusion',
      'exclusion_at',
      'exclusion_by',
      'exclusion_reason',
      'id',
      'locale',
      'privacy_accepted_at',
      'privacy_version',
      // The answers to the rating questions that are not personal, again, for the results scan.
      'rating_values',
      // A complaint's receipt number: random, made on the sender's device, says nothing about them.
      'receipt_code',
      'received_at',
      'respondent_group',
      'school',
      // How it came: link, kiosk, device or import (a kind of channel, not which device).
      'source',
      'started_at',
      'survey_id',
      'survey_version',
    ]);
    const anywhere = await db.query<{ c: string }>(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public'
       AND column_name ~* '(^|_)(ip|ip_address|address|addr|user_agent|agent|fingerprint|device|gps|geo|location|latitude|longitude)($|_)'`,
    );
    // Only the audit log keeps an address: the staff member's who signed in or changed something,
    // for accountability (docs/operations.md). An activity names the office's own tablet that sent
    // it (by the id an admin registered it under). No respondent's address or device is kept.
    expect(anywhere.map((r) => r.c).sort()).toEqual(['activities.device_id', 'audit_log.address']);
  });

  it("a response sent with telling headers leaves neither the address, the browser's name nor the answers in the tables or the logs", async () => {
    t = await backend.fresh();
    const running = await serverWithLogs(t);
    const marker = `ไฟถนนดับ-${newId()}`;
    const agent = `Mozilla/5.0 (Linux; Android 9; SM-T295 Build/${newId()})`;
    const response = responseTo('complaint', complaintAnswers({ topic: marker, ...CONTACT }), new Date().toISOString());
    const reply = await fetch(`${running.url}/api/v1/submissions?device=${encodeURIComponent(agent)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': agent, 'x-forwarded-for': '203.0.113.77' },
      body: JSON.stringify({ responses: [response] }),
    });
    expect(((await reply.json()) as { results: { status: string }[] }).results[0]?.status).toBe('stored');
    // The server's own listening address is no one's; every other line is checked.
    const logs = (await running.stop())
      .split('\n')
      .filter((line) => !line.includes('"msg":"Server listening at'))
      .join('\n');

    // The log says a batch came and what became of it, and nothing of who sent it or what it said.
    expect(logs).toMatch(/"msg":"submissions"/);
    expect(logs).toMatch(/"path":"\/api\/v1\/submissions"/);
    for (const secret of [
      marker,
      CONTACT.contact_email,
      agent,
      'SM-T295',
      '203.0.113.77',
      '127.0.0.1',
      'remoteAddress',
      'device=',
    ]) {
      expect(logs, secret).not.toContain(secret);
    }
    const db = await t.open();
    const stored = await everything(db);
    expect(stored).toContain(marker);
    for (const secret of [agent, 'SM-T295', '203.0.113.77', '127.0.0.1']) expect(stored, secret).not.toContain(secret);
  });
});
