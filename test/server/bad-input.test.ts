// @vitest-environment node
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES } from '../../src/core/protocol.js';
import type { Db } from '../../src/server/db/database.js';
import { countResponses } from '../../src/server/store/submissions.js';
import { useBackends, type TestDatabase } from './backends.js';
import {
  aResponse,
  complaintAnswers,
  post,
  postOne,
  type Reply,
  rowsWithId,
  serverOn,
  stakeholderAnswers,
} from './fixtures.js';

const backends = useBackends();
const JSON_TYPE = { 'content-type': 'application/json' };

// One server per database for the whole block: it must stay up through everything sent to it.
describe.each(backends)('bad input sent to the collection endpoint on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  const statuses: number[] = [];
  const send = async (batch: unknown, headers: Record<string, string> = JSON_TYPE): Promise<Reply> => {
    const reply = await post(app, batch, headers);
    statuses.push(reply.status);
    return reply;
  };

  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverOn(db);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });
  beforeEach(async () => {
    statuses.length = 0;
    await db.query('TRUNCATE responses CASCADE');
  });
  afterEach(async () => {
    // After any of it, the server still takes a good response, and nothing got a 5xx.
    const good = aResponse();
    const reply = await send({ responses: [good] });
    expect(reply.results.map((r) => r.status)).toEqual(['stored']);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  /** The one result of a batch with one response; the reply must be a 200. */
  const resultOf = async (response: unknown) => {
    const reply = await send({ responses: [response] });
    expect(reply.status).toBe(200);
    expect(reply.results).toHaveLength(1);
    return reply.results[0];
  };

  it('text that is not JSON gets 400 bad_request', async () => {
    const reply = await send('{"responses": [{"id": ');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('bad_request');
    expect(await countResponses(db)).toBe(0);
  });

  it('a body that is not sent as application/json gets 415 unsupported_media_type, even when its text is JSON', async () => {
    const text = JSON.stringify({ responses: [aResponse()] });
    expect((await send(text, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send(text, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await send(text, { 'content-type': 'application/xml' })).body.error).toBe('unsupported_media_type');
    expect(await countResponses(db)).toBe(0);
  });

  it('an envelope of the wrong shape gets 400 with the reason', async () => {
    const cases: unknown[] = [
      { responses: aResponse() },
      { responses: 'all of them' },
      { responses: [] },
      { responses: null },
      [aResponse()],
      'responses',
      { responses: [aResponse()], token: 'extra' },
    ];
    for (const batch of cases) {
      const reply = await send(batch);
      expect(reply.status, JSON.stringify(batch).slice(0, 60)).toBe(400);
      expect(reply.body.error).toBe('bad_request');
    }
    expect((await send({ responses: {} })).body.message).toMatch(/responses/);
    expect(await countResponses(db)).toBe(0);
  });

  it('fields of the wrong type, such as numbers sent as strings, reject that response as invalid_response', async () => {
    const cases = [
      aResponse({ surveyVersion: '1' }),
      aResponse({ answers: 'ดีมาก' }),
      aResponse({ id: 42 }),
      aResponse({ id: 'not-a-uuid' }),
      aResponse({ completedAt: 1732500000000 }),
      aResponse({ locale: 'fr' }),
      aResponse({ answers: complaintAnswers({ topic: { th: 'x' } }) }),
      aResponse({ answers: complaintAnswers({ topic: null }) }),
      null,
      'a response',
    ];
    const reply = await send({ responses: cases });
    expect(reply.status).toBe(200);
    expect(reply.results.map((r) => [r.status, r.reason?.code])).toEqual(
      cases.map(() => ['rejected', 'invalid_response']),
    );
    expect(reply.results[0]?.reason?.message).toMatch(/surveyVersion/);
    // A list where an object belongs is not stored either (today it is judged by the answers check).
    expect((await resultOf(aResponse({ answers: [] })))?.status).toBe('rejected');
    expect(await countResponses(db)).toBe(0);
  });

  it('one bad response in a batch is rejected alone; the others in it are stored', async () => {
    const good = [aResponse(), aResponse()];
    const reply = await send({ responses: [good[0], aResponse({ surveyVersion: '1' }), good[1]] });
    expect(reply.results.map((r) => r.status)).toEqual(['stored', 'rejected', 'stored']);
    expect(await countResponses(db)).toBe(2);
  });

  it('a body over 2 MB gets 413 too_large and nothing of it is stored', async () => {
    const filler = 'ก'.repeat(9_000);
    const responses = Array.from({ length: 90 }, () =>
      aResponse({ answers: complaintAnswers({ description: filler }) }),
    );
    const text = JSON.stringify({ responses });
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_BATCH_BYTES);

    const reply = await send(text);

    expect(reply.status).toBe(413);
    expect(reply.body.error).toBe('too_large');
    expect(await countResponses(db)).toBe(0);
  });

  it('a text answer of 10,001 characters is rejected as invalid_response', async () => {
    const result = await resultOf(aResponse({ answers: complaintAnswers({ description: 'x'.repeat(10_001) }) }));
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'invalid_response' } });
    expect(await countResponses(db)).toBe(0);
  });

  it('10,000 responses in one batch get 400, and a batch of exactly 500 is taken whole', async () => {
    const many = Array.from({ length: 10_000 }, () => ({}));
    const reply = await send({ responses: many });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/500/);

    const five01 = await send({ responses: Array.from({ length: 501 }, () => aResponse()) });
    expect(five01.status).toBe(400);
    expect(await countResponses(db)).toBe(0);

    const five00 = await send({ responses: Array.from({ length: 500 }, () => aResponse()) });
    expect(five00.status).toBe(200);
    expect(five00.results.filter((r) => r.status === 'stored')).toHaveLength(500);
    expect(await countResponses(db)).toBe(500);
  });

  it('an answer list of 10,000 items, or 10,000 answers, is refused and not stored', async () => {
    const longList = aResponse({
      surveyId: 'stakeholder-satisfaction',
      privacyVersion: '2567-1',
      answers: stakeholderAnswers({ contact_channels: Array.from({ length: 10_000 }, () => 'website') }),
    });
    const manyKeys = aResponse({
      answers: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`q${i}`, 'x'])),
    });
    for (const response of [longList, manyKeys]) {
      const reply = await send({ responses: [response] });
      if (reply.status === 200) {
        expect(reply.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'invalid_response' } });
      } else {
        expect([400, 413]).toContain(reply.status);
      }
    }
    expect(await countResponses(db)).toBe(0);
  });

  it('a "__proto__" key, at the top or inside the answers, gets 400', async () => {
    const response = JSON.stringify(aResponse());
    const top = `{"__proto__": {"admin": true}, "responses": [${response}]}`;
    const inAnswers = `{"responses": [${response.replace('"answers":{', '"answers":{"__proto__":{"polluted":1},')}]}`;
    expect(inAnswers).toContain('"__proto__":{"polluted":1}');
    for (const text of [top, inAnswers]) {
      const reply = await send(text);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe('bad_request');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await countResponses(db)).toBe(0);
  });

  it('text that looks like SQL is stored as written and read back the same', async () => {
    const sql = "'); DROP TABLE responses; --";
    const tricky = `Robert'); DELETE FROM surveys WHERE ('1'='1 \\ $1 ::jsonb "quoted" ${sql}`;
    const response = aResponse({
      appVersion: "0.1'; --",
      answers: complaintAnswers({ topic: sql, description: tricky }),
    });

    expect((await resultOf(response))?.status).toBe('stored');

    const [row] = await rowsWithId(db, response.id as string);
    expect(row?.answers.topic).toBe(sql);
    expect(row?.answers.description).toBe(tricky);
    expect(await db.query('SELECT app_version FROM responses WHERE app_version = $1', ["0.1'; --"])).toHaveLength(1);
    expect(await db.query('SELECT count(*)::int AS n FROM surveys')).not.toEqual([{ n: 0 }]);
  });

  it('a U+0000 character in text rejects that response as invalid_response, not the batch', async () => {
    const withNul = aResponse({ answers: complaintAnswers({ topic: 'ก\u0000ข' }) });
    const good = aResponse();
    const reply = await send({ responses: [withNul, good] });
    expect(reply.status).toBe(200);
    expect(reply.results.map((r) => [r.status, r.reason?.code])).toEqual([
      ['rejected', 'invalid_response'],
      ['stored', undefined],
    ]);
  });

  it('a lone UTF-16 surrogate in text (a broken emoji) is refused, not a 500 for the whole batch', async () => {
    const broken = aResponse({ answers: complaintAnswers({ topic: 'ขอบคุณ \ud83d' }) });
    const good = aResponse();
    const reply = await send({ responses: [broken, good] });
    expect(reply.status).toBe(200);
    expect(reply.results.map((r) => r.status)).toEqual(['rejected', 'stored']);
  });

  it('a calendar date that does not exist (30 February) is rejected, not a 500', async () => {
    const result = await resultOf(aResponse({ startedAt: '2026-02-30T10:00:00.000Z' }));
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'invalid_response' } });
  });

  it('a survey or version not published here is rejected as unknown_survey', async () => {
    const reply = await send({
      responses: [
        aResponse({ surveyId: 'no-such-survey' }),
        aResponse({ surveyVersion: 99 }),
        aResponse({ surveyVersion: 1_000_000 }),
      ],
    });
    expect(reply.results.map((r) => [r.status, r.reason?.code])).toEqual(Array(3).fill(['rejected', 'unknown_survey']));
    expect(reply.results[1]?.reason?.message).toMatch(/complaint version 99/);
    expect(await countResponses(db)).toBe(0);
  });

  it('answers that break the survey (a required one missing, an unknown question) are rejected as invalid_answers', async () => {
    const { topic: _missing, ...withoutTopic } = complaintAnswers();
    const reply = await send({
      responses: [
        aResponse({ answers: withoutTopic }),
        aResponse({ answers: complaintAnswers({ category: 'bribe' }) }),
        aResponse({ answers: complaintAnswers({ favourite_colour: 'blue' }) }),
        aResponse({ answers: complaintAnswers({ topic: 'ก'.repeat(201) }) }),
      ],
    });
    // (An answer to a hidden question is dropped, not refused: see submissions.test.ts.)
    expect(reply.results.map((r) => [r.status, r.reason?.code])).toEqual(
      Array(4).fill(['rejected', 'invalid_answers']),
    );
    expect(reply.results[0]?.reason?.message).toMatch(/topic: required/);
    expect(await countResponses(db)).toBe(0);
  });

  it('a complaint whose phone number or e-mail cannot be used to reply is rejected as invalid_answers, naming the field', async () => {
    const wantsReply = { wants_reply: 'yes', contact_name: 'สมศรี' };
    const reply = await send({
      responses: [
        aResponse({
          answers: complaintAnswers({ ...wantsReply, reply_channel: 'phone', contact_phone: 'โทรหาได้ตลอด' }),
        }),
        aResponse({
          answers: complaintAnswers({ ...wantsReply, reply_channel: 'email', contact_email: 'somsri-at-gmail' }),
        }),
        aResponse({
          answers: complaintAnswers({ ...wantsReply, reply_channel: 'phone', contact_phone: '081-234-5678' }),
        }),
        aResponse({
          answers: complaintAnswers({ ...wantsReply, reply_channel: 'email', contact_email: 'somsri@gmail.com' }),
        }),
      ],
    });
    expect(reply.results.map((r) => [r.status, r.reason?.code])).toEqual([
      ['rejected', 'invalid_answers'],
      ['rejected', 'invalid_answers'],
      ['stored', undefined],
      ['stored', undefined],
    ]);
    expect(reply.results[0]?.reason?.message).toBe('contact_phone: invalid_phone');
    expect(reply.results[1]?.reason?.message).toBe('contact_email: invalid_email');
    expect(await countResponses(db)).toBe(2);
  });

  it('a rating outside 1–5 is rejected as invalid_answers, like any answer that breaks the survey', async () => {
    const base = { surveyId: 'stakeholder-satisfaction' };
    expect((await resultOf(aResponse({ ...base, answers: stakeholderAnswers() })))?.status).toBe('stored');
    for (const pair of [
      { expectation: 6, satisfaction: 3 },
      { expectation: 4, satisfaction: 0 },
    ]) {
      const result = await resultOf(aResponse({ ...base, answers: stakeholderAnswers({ inform_1: pair }) }));
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'invalid_answers' } });
      expect(result?.reason?.message).toMatch(/inform_1/);
    }
    expect(await countResponses(db)).toBe(1);
  });

  it('more than 500 responses in one batch gets 400 and none of them is stored', async () => {
    const reply = await send({ responses: Array.from({ length: 501 }, () => aResponse()) });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/at most 500/);
    expect(await countResponses(db)).toBe(0);
  });

  it('an empty body, and a GET or PUT to the submissions address, get 4xx', async () => {
    expect((await send('')).status).toBe(400);
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const r = await app.inject({ method, url: '/api/v1/submissions' });
      statuses.push(r.statusCode);
      expect(r.statusCode, method).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, method).toBeLessThan(500);
    }
  });

  it('a good response sent after all this is still stored (the server stayed up)', async () => {
    await send('not json');
    await send({ responses: 'x' });
    const good = aResponse();
    expect((await postOne(app, good)).status).toBe('stored');
    expect(await rowsWithId(db, good.id as string)).toHaveLength(1);
  });
});
