// @vitest-environment node
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SURVEYS_DIR } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { useBackends, type TestDatabase } from './backends.js';
import { aResponse, ensureBuilt, post, postHttp, serverOn, siang, stakeholderAnswers } from './fixtures.js';

const backends = useBackends();
let files: string;

/** The shipped stakeholder survey file as an officer would edit it: a new version, a new title. */
function surveyFile(version: number, change: (raw: Record<string, unknown>) => void = () => undefined): string {
  const raw = JSON.parse(readFileSync(join(SURVEYS_DIR, 'stakeholder-satisfaction.json'), 'utf8'));
  raw.version = version;
  raw.title = { th: `แบบสำรวจ ฉบับที่ ${version}`, en: `Survey, version ${version}` };
  change(raw);
  const file = join(files, `stakeholder-v${version}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return file;
}

/** Published versions by survey, read from the database itself. */
async function versionsIn(db: Db): Promise<string[]> {
  const rows = await db.query<{ v: string }>(`SELECT id || ' ' || version AS v FROM surveys ORDER BY id, version`);
  return rows.map((r) => r.v);
}

const count = async (db: Db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]?.n;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'siang-files-'));
  await ensureBuilt();
});
afterAll(() => rmSync(files, { recursive: true, force: true }));

describe.each(backends)('the siang command on $name', (backend) => {
  let t: TestDatabase;
  let server: RunningServer | undefined;
  beforeAll(() => backend.start());
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await t?.dispose();
  });

  /** Stores responses through an in-process server, then lets go of the database. */
  const storeDirectly = async (responses: unknown[]) => {
    const db = await t.open();
    const app = await serverOn(db);
    const reply = await post(app, { responses });
    expect(reply.results.every((r) => r.status === 'stored')).toBe(true);
    await app.close();
    await db.close();
  };

  it('with no server running: publishes a new version, lists it, and counts the responses', async () => {
    t = await backend.fresh();
    await storeDirectly([
      aResponse(),
      aResponse(),
      aResponse({ surveyId: 'stakeholder-satisfaction', answers: stakeholderAnswers() }),
    ]);
    const file = surveyFile(2);

    const published = await siang(['survey', 'publish', file], t.env);
    expect(published.stderr).toBe('');
    expect(published.code).toBe(0);
    expect(published.lastLine).toBe('published: stakeholder-satisfaction version 2');

    const again = await siang(['survey', 'publish', file], t.env);
    expect(again.code).toBe(0);
    expect(again.lastLine).toBe('already published: stakeholder-satisfaction version 2');

    const list = await siang(['survey', 'list'], t.env);
    expect(list.code).toBe(0);
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(0, 2).join(' '));
    expect(rows).toEqual([
      'complaint version 1',
      'stakeholder-satisfaction version 2',
      'stakeholder-satisfaction version 1',
    ]);
    expect(list.stdout).toContain('แบบสำรวจ ฉบับที่ 2');

    expect((await siang(['responses', 'count'], t.env)).lastLine).toBe('3');
    const complaints = await siang(['responses', 'count', '--survey', 'complaint'], t.env);
    expect(complaints).toMatchObject({ code: 0, lastLine: '2' });
  });

  it('with the server running on the same data: two commands at once work while it keeps serving', async () => {
    t = await backend.fresh();
    server = await startServer({ dataDir: t.dataDir, env: t.env });
    const url = server.url;
    expect((await postHttp(url, { responses: [aResponse(), aResponse()] })).status).toBe(200);

    // Devices keep sending while the officer publishes and counts.
    const sent: string[] = [];
    const sending = (async () => {
      for (let i = 0; i < 10; i++) {
        const reply = await postHttp(url, { responses: [aResponse()] });
        sent.push(reply.body.results[0]?.status ?? String(reply.status));
      }
    })();
    const [published, counted] = await Promise.all([
      siang(['survey', 'publish', surveyFile(2)], t.env),
      siang(['responses', 'count'], t.env),
    ]);
    await sending;

    expect(published.stderr).toBe('');
    expect(published.lastLine).toBe('published: stakeholder-satisfaction version 2');
    expect(counted.code).toBe(0);
    expect(Number(counted.lastLine)).toBeGreaterThanOrEqual(2);
    expect(Number(counted.lastLine)).toBeLessThanOrEqual(12);
    expect(sent).toEqual(Array(10).fill('stored'));
    expect((await siang(['responses', 'count'], t.env)).lastLine).toBe('12');
    expect((await siang(['survey', 'list'], t.env)).stdout).toMatch(/^stakeholder-satisfaction\tversion 2\t/m);

    // The server offers the new version at once and takes a response made under it.
    const listed = (await (await fetch(`${url}/api/v1/surveys`)).json()) as {
      surveys: { id: string; versions: number[] }[];
    };
    expect(listed.surveys.find((s) => s.id === 'stakeholder-satisfaction')?.versions).toEqual([2, 1]);
    const underV2 = aResponse({
      surveyId: 'stakeholder-satisfaction',
      surveyVersion: 2,
      answers: stakeholderAnswers(),
    });
    expect((await postHttp(url, { responses: [underV2] })).body.results[0]?.status).toBe('stored');

    await server.stop();
    server = undefined;
    const db = await t.open();
    expect(await count(db)).toBe(13);
    expect(await versionsIn(db)).toEqual(['complaint 1', 'stakeholder-satisfaction 1', 'stakeholder-satisfaction 2']);
  });

  it('an invalid survey file is refused with each problem and where it is, and nothing is published', async () => {
    t = await backend.fresh();
    const file = surveyFile(0, (raw) => {
      delete raw.privacy;
      const sections = raw.sections as { questions: { type: string }[] }[];
      (sections[1]?.questions[0] as { type: string }).type = 'slider';
    });

    const run = await siang(['survey', 'publish', file], t.env);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/^\s+version: .+$/m);
    expect(run.stderr).toMatch(/^\s+privacy: .+$/m);
    expect(run.stderr).toMatch(/^\s+sections\[1\]\.questions\[0\]\.type: .+$/m);
    expect(existsSync(join(t.dataDir, 'siang.lock'))).toBe(false);
    const db = await t.open();
    expect(await versionsIn(db)).toEqual(['complaint 1', 'stakeholder-satisfaction 1']);
  });

  it('two commands at once with no server: each works or says the data is in use, and nothing is damaged', async () => {
    t = await backend.fresh();
    await storeDirectly([aResponse()]);
    const v2 = surveyFile(2);
    const v3 = surveyFile(3);

    const runs = await Promise.all([
      siang(['survey', 'publish', v2], t.env),
      siang(['survey', 'publish', v3], t.env),
      siang(['responses', 'count'], t.env),
    ]);

    for (const run of runs) {
      if (run.code !== 0) expect(run.stderr).toMatch(/is in use by a siang command \(pid \d+\)/);
    }
    if (backend.name === 'PostgreSQL') expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs.some((r) => r.code === 0)).toBe(true);
    if (runs[2]?.code === 0) expect(runs[2].lastLine).toBe('1');
    // What reported success is there; what was turned away works when run again.
    for (const [run, file, version] of [
      [runs[0], v2, 2],
      [runs[1], v3, 3],
    ] as const) {
      if (run.code === 0) expect(run.lastLine).toBe(`published: stakeholder-satisfaction version ${version}`);
      else expect((await siang(['survey', 'publish', file], t.env)).code).toBe(0);
    }
    expect(existsSync(join(t.dataDir, 'siang.lock'))).toBe(false);
    const db = await t.open();
    expect(await versionsIn(db)).toEqual([
      'complaint 1',
      'stakeholder-satisfaction 1',
      'stakeholder-satisfaction 2',
      'stakeholder-satisfaction 3',
    ]);
    expect(await count(db)).toBe(1);
  });
});
