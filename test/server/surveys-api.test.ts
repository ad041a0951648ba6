// @vitest-environment node
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { useBackends, type TestDatabase } from './backends.js';
import { aResponse, postOne, serverOn, stakeholderAnswers } from './fixtures.js';

const backends = useBackends();
const SHIPPED = shippedSurveys();
const stakeholderV1 = SHIPPED.find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;

/** The shipped stakeholder survey, changed and published as version 2. */
function stakeholderV2(): SurveyDefinition {
  const copy = structuredClone(stakeholderV1) as SurveyDefinition & {
    version: number;
    title: { th: string; en: string };
  };
  copy.version = 2;
  copy.title = { th: `${stakeholderV1.title.th} (ฉบับปรับปรุง)`, en: `${stakeholderV1.title.en} (revised)` };
  return copy;
}

interface ListEntry {
  id: string;
  version: number;
  kind: string;
  title: { th: string; en: string };
  checksum: string;
  versions: number[];
}

describe.each(backends)('a device reading the published surveys on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  const get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'GET', url, headers });
  const list = async () => (JSON.parse((await get('/api/v1/surveys')).body) as { surveys: ListEntry[] }).surveys;

  beforeAll(() => backend.start());
  const open = async () => {
    t = await backend.fresh();
    db = await t.open();
    app = await serverOn(db);
  };
  afterEach(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('the list shows every shipped survey with its newest version and titles', async () => {
    await open();
    const r = await get('/api/v1/surveys');
    expect(r.statusCode).toBe(200);
    const surveys = (JSON.parse(r.body) as { surveys: ListEntry[] }).surveys;
    expect(surveys.map((s) => [s.id, s.version, s.kind, s.versions])).toEqual(
      SHIPPED.map((s) => [s.id, s.version, s.kind, [s.version]]),
    );
    expect(surveys.find((s) => s.id === 'complaint')?.title.th).toMatch(/ร้องเรียน/);
  });

  it('a survey is served by id, and by id and version, exactly as published', async () => {
    await open();
    const latest = await get('/api/v1/surveys/stakeholder-satisfaction');
    expect(latest.statusCode).toBe(200);
    expect(JSON.parse(latest.body)).toEqual(stakeholderV1);
    const v1 = await get('/api/v1/surveys/stakeholder-satisfaction?version=1');
    expect(v1.statusCode).toBe(200);
    expect(JSON.parse(v1.body)).toEqual(stakeholderV1);
    // A fixed version never changes, so devices may keep it; the latest must be asked again.
    expect(v1.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(latest.headers['cache-control']).toBe('no-cache');
  });

  it('an unknown survey or version is 404, and a version that is not a whole number is 400', async () => {
    await open();
    for (const url of [
      '/api/v1/surveys/no-such-survey',
      '/api/v1/surveys/complaint?version=2',
      '/api/v1/surveys/no-such-survey?version=1',
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(JSON.parse(r.body).error).toBe('not_found');
    }
    for (const version of ['abc', '0', '-1', '1.5', '']) {
      expect((await get(`/api/v1/surveys/complaint?version=${version}`)).statusCode, version).toBe(400);
    }
  });

  it('a version number too big for the database is 404, not 500', async () => {
    await open();
    for (const version of ['2147483648', '99999999999']) {
      const r = await get(`/api/v1/surveys/complaint?version=${version}`);
      expect(r.statusCode, version).toBe(404);
    }
  });

  it('a survey id with a NUL character or longer than any id is 404, and an absurdly long one 414, never 500', async () => {
    await open();
    for (const id of ['%00', 'complaint%00', 'x'.repeat(65)]) {
      const r = await get(`/api/v1/surveys/${id}`);
      expect(r.statusCode, id.slice(0, 20)).toBe(404);
    }
    expect((await get(`/api/v1/surveys/${'x'.repeat(5000)}`)).statusCode).toBe(414);
  });

  it('asking again with the ETag gets 304 with no body, for the list, the latest and a version', async () => {
    await open();
    for (const url of ['/api/v1/surveys', '/api/v1/surveys/complaint', '/api/v1/surveys/complaint?version=1']) {
      const first = await get(url);
      const etag = first.headers.etag as string;
      expect(etag, url).toMatch(/^"[0-9a-f]+"$/);
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect((await get(url, { 'if-none-match': '"stale"' })).statusCode, url).toBe(200);
    }
  });

  it('after version 2 is published, version 1 stays available and still takes responses', async () => {
    await open();
    const etagBefore = (await get('/api/v1/surveys')).headers.etag as string;
    const v1Etag = (await get('/api/v1/surveys/stakeholder-satisfaction?version=1')).headers.etag as string;

    expect((await publishSurvey(db, stakeholderV2())).status).toBe('published');

    // The list changes, so a device holding the old ETag is told about version 2.
    const listed = await get('/api/v1/surveys', { 'if-none-match': etagBefore });
    expect(listed.statusCode).toBe(200);
    const entry = (JSON.parse(listed.body) as { surveys: ListEntry[] }).surveys.find(
      (s) => s.id === 'stakeholder-satisfaction',
    );
    expect(entry).toMatchObject({ version: 2, versions: [2, 1], title: { en: expect.stringMatching(/revised/) } });
    expect(JSON.parse((await get('/api/v1/surveys/stakeholder-satisfaction')).body).version).toBe(2);
    const v1 = await get('/api/v1/surveys/stakeholder-satisfaction?version=1');
    expect(JSON.parse(v1.body)).toEqual(stakeholderV1);
    expect(
      (await get('/api/v1/surveys/stakeholder-satisfaction?version=1', { 'if-none-match': v1Etag })).statusCode,
    ).toBe(304);

    // A device that started under version 1 before the change still delivers its response.
    const underV1 = aResponse({ surveyId: 'stakeholder-satisfaction', answers: stakeholderAnswers() });
    expect((await postOne(app, underV1)).status).toBe('stored');
    const underV2 = aResponse({
      surveyId: 'stakeholder-satisfaction',
      surveyVersion: 2,
      answers: stakeholderAnswers(),
    });
    expect((await postOne(app, underV2)).status).toBe('stored');
  });

  it('a version is published once: the same again changes nothing, other content under it is refused', async () => {
    await open();
    expect((await publishSurvey(db, stakeholderV2())).status).toBe('published');
    expect((await publishSurvey(db, stakeholderV2())).status).toBe('unchanged');
    const different = { ...stakeholderV2(), title: { th: 'อื่น', en: 'Other' } };

    const outcome = await publishSurvey(db, different);

    expect(outcome).toMatchObject({ status: 'version_taken', message: expect.stringMatching(/version 3/) });
    expect(JSON.parse((await get('/api/v1/surveys/stakeholder-satisfaction?version=2')).body).title.en).toMatch(
      /revised/,
    );
    expect((await list()).find((s) => s.id === 'stakeholder-satisfaction')?.versions).toEqual([2, 1]);
  });
});
