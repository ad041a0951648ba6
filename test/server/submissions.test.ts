// @vitest-environment node
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import { purge, RETENTION_REREAD_MS, recentRetention } from '../../src/server/store/retention.js';
import type { CompletedResponse } from '../../src/core/response.js';
import { contentHash, countResponses } from '../../src/server/store/submissions.js';
import { useBackends, type TestDatabase } from './backends.js';
import { aResponse, complaintAnswers, post, postOne, rowsWithId, serverOn, stakeholderAnswers } from './fixtures.js';

const backends = useBackends();

describe.each(backends)('a device sending responses, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
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

  it('a batch sent twice is stored once: the second reply says duplicate with the first receipt time', async () => {
    await open();
    const batch = {
      responses: [aResponse(), aResponse(), aResponse({ answers: complaintAnswers({ topic: 'อีกเรื่อง' }) })],
    };
    const first = await post(app, batch);
    expect(first.status).toBe(200);
    expect(first.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);

    const second = await post(app, batch);

    expect(second.status).toBe(200);
    expect(second.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(second.results.map((r) => r.id)).toEqual(first.results.map((r) => r.id));
    expect(second.results.map((r) => r.receivedAt)).toEqual(first.results.map((r) => r.receivedAt));
    expect(await countResponses(db)).toBe(3);
  });

  it('after a purge, a device cannot bring back what the office no longer keeps', async () => {
    await open();
    await purge(db, { olderThan: '2y', contactsOlderThan: '90d', ranBy: 'test' });
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const contact = {
      wants_reply: 'yes',
      contact_name: 'นางสาวมาลี ใจดี',
      reply_channel: 'phone',
      contact_phone: '0812345678',
    };
    const tooOld = aResponse({ completedAt: daysAgo(800), startedAt: daysAgo(800) });
    const oldContact = aResponse({
      answers: complaintAnswers(contact),
      completedAt: daysAgo(200),
      startedAt: daysAgo(200),
    });
    const recent = aResponse({ answers: complaintAnswers(contact), completedAt: daysAgo(10), startedAt: daysAgo(10) });
    const batch = { responses: [tooOld, oldContact, recent] };

    const first = await post(app, batch);

    expect(first.results.map((r) => r.status)).toEqual(['rejected', 'stored', 'stored']);
    expect(first.results[0]?.reason).toMatchObject({
      code: 'past_retention',
      message: expect.stringContaining('older'),
    });
    expect(await rowsWithId(db, tooOld.id as string)).toEqual([]);
    expect((await rowsWithId(db, oldContact.id as string))[0]?.answers).toEqual(
      complaintAnswers({ wants_reply: 'yes', reply_channel: 'phone' }),
    );
    expect((await rowsWithId(db, recent.id as string))[0]?.answers).toEqual(complaintAnswers(contact));

    // Sent again (a lost reply): recognised as delivered, and the contact details do not come back.
    const again = await post(app, batch);
    expect(again.results.map((r) => r.status)).toEqual(['rejected', 'duplicate', 'duplicate']);
    expect((await rowsWithId(db, oldContact.id as string))[0]?.answers).toEqual(
      complaintAnswers({ wants_reply: 'yes', reply_channel: 'phone' }),
    );
  });

  it('sync reads the retention periods at most every 30 s, and at once after a purge by this server', async () => {
    await open();
    const now = Date.now();
    expect(await recentRetention(db, now)).toBeUndefined();
    // A purge recorded by another process (the siang command on a shared database).
    await db.query(
      `INSERT INTO retention_purges (ran_at, ran_by, responses_older_than, responses_cutoff, contacts_older_than,
         contacts_cutoff, responses_deleted, complaint_handling_deleted, contacts_anonymised)
       VALUES (now(), 'elsewhere', '5y', now() - interval '5 years', NULL, NULL, 0, 0, 0)`,
    );
    expect(await recentRetention(db, now + 1000)).toBeUndefined();
    expect((await recentRetention(db, now + RETENTION_REREAD_MS + 1))?.contactsCutoff).toBeUndefined();
    expect(await recentRetention(db, now + RETENTION_REREAD_MS + 1)).toBeDefined();
    // A purge by this server is seen by the next batch.
    await purge(db, { olderThan: '2y', contactsOlderThan: '90d', ranBy: 'test' });
    expect((await recentRetention(db, now + RETENTION_REREAD_MS + 2))?.contactsCutoff).toBeInstanceOf(Date);
  });

  it('a response sent again with other content is a conflict, and the first content stays', async () => {
    await open();
    const original = aResponse();
    expect((await postOne(app, original)).status).toBe('stored');
    const changed = { ...original, answers: complaintAnswers({ description: 'แก้ไขภายหลัง' }) };

    const result = await postOne(app, changed);

    expect(result).toMatchObject({ id: original.id, status: 'conflict', reason: { code: 'conflict' } });
    expect(result.receivedAt).toBeUndefined();
    const rows = await rowsWithId(db, original.id as string);
    expect(rows.map((r) => r.answers.description)).toEqual(['ขอให้ติดไฟส่องสว่างหน้าโรงเรียน']);
  });

  it('the same response arriving in several requests at the same moment is stored once', async () => {
    await open();
    for (let round = 0; round < 4; round++) {
      const response = aResponse();
      const replies = await Promise.all(Array.from({ length: 6 }, () => post(app, { responses: [response] })));
      expect(replies.map((r) => r.status)).toEqual(Array(6).fill(200));
      const results = replies.map((r) => r.results[0]);
      expect(results.filter((r) => r?.status === 'stored')).toHaveLength(1);
      expect(results.filter((r) => r?.status === 'duplicate')).toHaveLength(5);
      // Every copy carries the one receipt, so whichever reply reaches the device is the truth.
      expect(new Set(results.map((r) => r?.receivedAt)).size).toBe(1);
      expect(await rowsWithId(db, response.id as string)).toHaveLength(1);
    }
    expect(await countResponses(db)).toBe(4);
  });

  it('a batch that carries the same response twice stores it once and calls the copy a duplicate', async () => {
    await open();
    const twice = aResponse();
    const other = aResponse();

    const reply = await post(app, { responses: [twice, other, twice] });

    expect(reply.results.map((r) => [r.id, r.status])).toEqual([
      [twice.id, 'stored'],
      [other.id, 'stored'],
      [twice.id, 'duplicate'],
    ]);
    expect(reply.results[2]?.receivedAt).toBe(reply.results[0]?.receivedAt);
    expect(await rowsWithId(db, twice.id as string)).toHaveLength(1);
    expect(await countResponses(db)).toBe(2);
  });

  it('a batch that carries one id with two different contents keeps the first and calls the second a conflict', async () => {
    await open();
    const first = aResponse();
    const second = { ...first, answers: complaintAnswers({ topic: 'เรื่องอื่น' }) };

    const reply = await post(app, { responses: [first, second] });

    expect(reply.results.map((r) => r.status)).toEqual(['stored', 'conflict']);
    expect((await rowsWithId(db, first.id as string)).map((r) => r.answers.topic)).toEqual(['ถนนหน้าโรงเรียนมืด']);
  });

  it('a response answered "stored" is found through a new connection to the database', async () => {
    await open();
    const response = aResponse({ answers: complaintAnswers({ description: 'บันทึกแล้วต้องอยู่' }) });
    expect((await postOne(app, response)).status).toBe('stored');
    await app.close();
    // PGlite admits one connection: close it, then open the directory again.
    if (backend.name === 'PGlite') await db.close();

    const again = await t.open();

    const rows = await rowsWithId(again, response.id as string);
    expect(rows.map((r) => r.answers.description)).toEqual(['บันทึกแล้วต้องอยู่']);
    db = again;
    app = await serverOn(again);
    // And the reopened server still knows it: a resend is a duplicate, not a second row.
    expect((await postOne(app, response)).status).toBe('duplicate');
  });

  it('answers to questions the other answers hide are dropped, not refused; sent again, the response is a duplicate', async () => {
    await open();
    // A parent who picked a school and then answered as community; a complainant who typed an
    // e-mail address, then chose the phone; one who typed an "other" kind, then chose a listed one.
    const community = aResponse({
      surveyId: 'stakeholder-satisfaction',
      answers: stakeholderAnswers({ group: 'community', school: 'โรงเรียนคงคาราม' }),
    });
    const phone = aResponse({
      answers: complaintAnswers({
        category: 'compliment',
        'category.other': 'ขอบคุณครู',
        wants_reply: 'yes',
        contact_name: 'สมศรี',
        reply_channel: 'phone',
        contact_email: 'somsri@example.com',
        contact_phone: '0812345678',
      }),
    });
    const batch = { responses: [community, phone] };

    const first = await post(app, batch);

    expect(first.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    expect((await rowsWithId(db, community.id as string))[0]?.answers).toEqual(
      stakeholderAnswers({ group: 'community' }),
    );
    const [row] = await db.query<{ school: string | null; respondent_group: string }>(
      'SELECT school, respondent_group FROM responses WHERE id = $1',
      [community.id],
    );
    expect(row).toEqual({ school: null, respondent_group: 'community' });
    expect((await rowsWithId(db, phone.id as string))[0]?.answers).toEqual(
      complaintAnswers({
        category: 'compliment',
        wants_reply: 'yes',
        contact_name: 'สมศรี',
        reply_channel: 'phone',
        contact_phone: '0812345678',
      }),
    );
    // The same bodies again (a lost reply), and in one batch twice: the same stored content.
    const again = await post(app, { responses: [community, phone, phone] });
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.results.map((r) => r.receivedAt)).toEqual(
      [...first.results, first.results[1]].map((r) => r?.receivedAt),
    );
    // What an app that prunes on completion sends is the same response too.
    const stored = await rowsWithId(db, phone.id as string);
    expect((await postOne(app, { ...phone, answers: stored[0]?.answers })).status).toBe('duplicate');
    expect(await countResponses(db)).toBe(2);
  });

  it('a response stored before the server pruned (with an empty answer) is still a duplicate when sent again', async () => {
    await open();
    const sent = aResponse({ answers: complaintAnswers({ incident_date: '' }) });
    expect((await postOne(app, sent)).status).toBe('stored');
    // As an earlier version of the server stored it: the hash of the body as sent.
    await db.query('UPDATE responses SET content_hash = $1 WHERE id = $2', [
      contentHash(sent as unknown as CompletedResponse),
      sent.id,
    ]);
    expect((await postOne(app, sent)).status).toBe('duplicate');
  });

  it('an answer that counts still decides: other content under the same id is a conflict, an unknown question is refused', async () => {
    await open();
    const phone = aResponse({
      answers: complaintAnswers({
        wants_reply: 'yes',
        contact_name: 'สมศรี',
        reply_channel: 'phone',
        contact_phone: '0812345678',
      }),
    });
    expect((await postOne(app, phone)).status).toBe('stored');
    const other = { ...phone, answers: { ...(phone.answers as object), contact_phone: '0899999999' } };
    expect((await postOne(app, other)).status).toBe('conflict');
    const unknown = await postOne(app, aResponse({ answers: complaintAnswers({ mood: 'happy' }) }));
    expect(unknown).toMatchObject({
      status: 'rejected',
      reason: { code: 'invalid_answers', message: 'mood: unknown_question' },
    });
  });

  it('a response made under a survey version is stored with that version and its answers exactly', async () => {
    await open();
    const response = aResponse({ locale: 'en', answers: complaintAnswers({ category: 'compliment' }) });
    await postOne(app, response);
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT survey_id, survey_version, answers, locale, app_version, privacy_version,
        to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS completed
       FROM responses WHERE id = $1`,
      [response.id],
    );
    expect(row).toEqual({
      survey_id: 'complaint',
      survey_version: 1,
      answers: response.answers,
      locale: 'en',
      app_version: '0.1.0',
      privacy_version: '2567-1',
      completed: '2026-11-20T03:05:00',
    });
  });
});
