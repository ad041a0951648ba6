// @vitest-environment node
/** XLSForm through the API and the siang command, on both databases (docs/xlsform.md). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importXlsform } from '../../src/core/xlsform.js';
import type { Db } from '../../src/server/db/database.js';
import { createApiToken } from '../../src/server/store/staff.js';
import { readXlsformFile } from '../../src/server/xlsform-read.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { type TestDatabase, useBackends } from './backends.js';
import { ensureBuilt, siang } from './fixtures.js';
import { type Credentials, type Staff, serverWith, staffOf } from './results-helpers.js';

const backends = useBackends();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** pyxform's example workbooks (BSD licence, test/fixtures/xlsform/LICENSE-pyxform). */
const fixtureFile = (name: string) => new URL(`../fixtures/xlsform/${name}.xlsx`, import.meta.url).pathname;

function upload(app: FastifyInstance, who: Credentials, bytes: Buffer, query = '') {
  const headers: Record<string, string> = { 'content-type': XLSX };
  if (who && 'cookie' in who) headers.cookie = who.cookie;
  if (who && 'token' in who) headers.authorization = `Bearer ${who.token}`;
  return app.inject({ method: 'POST', url: `/api/v1/surveys/import${query}`, headers, payload: bytes });
}

describe.each(backends)('XLSForm import and export on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('an admin imports a real XLSForm and publishes it; respondents get it like any survey', async () => {
    const bytes = readFileSync(fixtureFile('text_and_integer'));
    const checked = await upload(app, staff.admin, bytes, '?name=text_and_integer.xlsx');
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({ status: 'checked', survey: { id: 'text_and_integer' } });
    // Checking publishes nothing.
    expect((await app.inject({ url: '/api/v1/surveys/text_and_integer' })).statusCode).toBe(404);

    const published = await upload(app, staff.admin, bytes, '?name=text_and_integer.xlsx&publish=1');
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', survey: { id: 'text_and_integer', version: 1 } });
    const served = await app.inject({ url: '/api/v1/surveys/text_and_integer' });
    expect(served.json()).toMatchObject({
      id: 'text_and_integer',
      sections: [{ questions: [{ id: 'your_name' }, { id: 'your_age' }] }],
    });
    // The same file again is already there.
    expect((await upload(app, staff.admin, bytes, '?name=text_and_integer.xlsx&publish=1')).json()).toMatchObject({
      status: 'unchanged',
    });
  });

  it('a refused form answers 422 with one line per problem, and publishes nothing', async () => {
    const r = await upload(app, staff.admin, readFileSync(fixtureFile('or_other')), '?publish=1');
    expect(r.statusCode).toBe(422);
    expect(r.json().problems).toMatchObject([
      { sheet: 'survey', row: 3, column: 'choice_filter', message: 'choice filters are not supported' },
    ]);
    const notAWorkbook = await upload(app, staff.admin, Buffer.from('hello'), '?publish=1');
    expect(notAWorkbook.statusCode).toBe(422);
    expect(notAWorkbook.json().problems).toMatchObject([
      { sheet: '(file)', message: 'the file is not an Excel workbook (.xlsx)' },
    ]);
  });

  it('only admins: 401 without credentials, 403 for supervisors and their tokens; admin tokens may', async () => {
    const bytes = readFileSync(fixtureFile('yes_or_no_question'));
    expect((await upload(app, null, bytes)).statusCode).toBe(401);
    expect((await upload(app, staff.supervisor, bytes)).statusCode).toBe(403);
    expect((await upload(app, staff.token, bytes)).statusCode).toBe(403);
    const adminToken = { token: await createApiToken(db, { name: 'admin-script', role: 'admin' }) };
    expect((await upload(app, adminToken, bytes)).statusCode).toBe(200);
    const xlsform = (who: Credentials) =>
      app.inject({
        url: '/api/v1/surveys/stakeholder-satisfaction?format=xlsform',
        headers: who && 'cookie' in who ? { cookie: who.cookie } : who ? { authorization: `Bearer ${who.token}` } : {},
      });
    expect((await xlsform(null)).statusCode).toBe(401);
    expect((await xlsform(staff.supervisor)).statusCode).toBe(403);
    expect((await xlsform(adminToken)).statusCode).toBe(200);
  });

  it('a survey exported as XLSForm imports back to the same survey', async () => {
    const r = await app.inject({
      url: '/api/v1/surveys/stakeholder-satisfaction?format=xlsform',
      headers: { cookie: staff.admin.cookie },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe(XLSX);
    expect(r.headers['cache-control']).toBe('no-store');
    const back = importXlsform(await readXlsformFile(r.rawPayload));
    const original = (await app.inject({ url: '/api/v1/surveys/stakeholder-satisfaction' })).json();
    expect(back.problems).toEqual([]);
    expect(back.survey).toEqual(original);
  });
});

describe.each(backends)('siang survey import on $name', (backend) => {
  let t: TestDatabase;
  let server: RunningServer | undefined;
  let files: string;
  beforeAll(async () => {
    await ensureBuilt();
    await backend.start();
    files = mkdtempSync(join(tmpdir(), 'siang-xlsform-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await t?.dispose();
  });
  afterAll(() => rmSync(files, { recursive: true, force: true }));

  it('checks a form, says why one is refused, and publishes one while the server runs', async () => {
    t = await backend.fresh();
    server = await startServer({ dataDir: t.dataDir, env: t.env });
    const refused = await siang(['survey', 'import', fixtureFile('group')], t.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('survey, row 4, column type: the type "phone number" is not supported');

    const checked = await siang(
      ['survey', 'import', fixtureFile('specify_other'), '--out', join(files, 'out.json')],
      t.env,
    );
    expect(checked.code).toBe(0);
    expect(checked.lastLine).toBe('ready: specify_other (1 sections, 1 questions); add --publish to publish it');
    expect(JSON.parse(readFileSync(join(files, 'out.json'), 'utf8'))).toMatchObject({ id: 'specify_other' });

    const published = await siang(['survey', 'import', fixtureFile('specify_other'), '--publish'], t.env);
    expect(published).toMatchObject({ code: 0, lastLine: 'published: specify_other version 1' });
    const served = await fetch(`${server.url}/api/v1/surveys/specify_other`);
    expect(served.status).toBe(200);

    // A changed form under the same version is published as the next one.
    const changed = await readXlsformFile(readFileSync(fixtureFile('specify_other')));
    const survey = changed.find((s) => s.name === 'survey');
    const row = survey?.rows[1] as unknown[];
    row[2] = 'Which sex are you?';
    const { writeXlsformFile } = await import('../../src/server/xlsform-read.js');
    writeFileSync(join(files, 'specify_other.xlsx'), await writeXlsformFile(changed));
    const next = await siang(['survey', 'import', join(files, 'specify_other.xlsx'), '--publish'], t.env);
    expect(next).toMatchObject({ code: 0, lastLine: 'published: specify_other version 2' });
    // The first form again is already there, as version 1: nothing new is published.
    const back = await siang(['survey', 'import', fixtureFile('specify_other'), '--publish'], t.env);
    expect(back).toMatchObject({ code: 0, lastLine: 'already published: specify_other version 1' });
  });
});
