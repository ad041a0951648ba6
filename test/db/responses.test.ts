import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SiangDb } from '../../src/db/db.js';
import {
  completeResponse,
  discardDraft,
  findDraft,
  ResponseFrozenError,
  saveAnswer,
  savePosition,
  startDraft,
} from '../../src/db/responses.js';
import { toCompleted } from '../../src/db/outbox-entries.js';
import { completeAnswers } from '../../src/core/completion.js';
import { newReceiptCode } from '../../src/core/receipt.js';
import { OTHER } from '../../src/core/survey.js';
import { sampleSurvey } from '../fixtures.js';

let db: SiangDb;
let n = 0;

beforeEach(() => {
  db = createDb(`siang-test-${++n}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const begin = () => startDraft({ survey: sampleSurvey, locale: 'th', appVersion: '1.0.0', position: 'about' }, db);

describe('autosave and resume', () => {
  it('keeps every answer as it is given, and a reopened device finds the draft where it stopped', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'group', 'parent', db);
    await saveAnswer(draft.id, 'school', 's1', db);
    await savePosition(draft.id, 'ratings', db);
    await saveAnswer(draft.id, 'r1', { expectation: 5 }, db);
    db.close();

    const reopened = createDb(db.name);
    const found = await findDraft('sample', reopened);
    expect(found?.id).toBe(draft.id);
    expect(found?.position).toBe('ratings');
    expect(found?.answers).toEqual({ group: 'parent', school: 's1', r1: { expectation: 5 } });
    reopened.close();
    await db.open();
  });

  it('clears an answer that is taken back', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'name', 'Nok', db);
    await saveAnswer(draft.id, 'name', undefined, db);
    expect((await findDraft('sample', db))?.answers).toEqual({});
  });

  it('saves in one round trip from the draft the last save returned, and each save returns the next one', async () => {
    let known = await begin();
    known = await saveAnswer(known, 'group', 'parent', db);
    known = await savePosition(known, 'ratings', db);
    known = await saveAnswer(known, 'r1', { expectation: 4 }, db);
    const stored = await findDraft('sample', db);
    expect(stored).toEqual(known);
    expect(stored?.answers).toEqual({ group: 'parent', r1: { expectation: 4 } });
  });

  it('loses nothing when the draft was changed elsewhere since the last save (another tab)', async () => {
    const known = await begin();
    await saveAnswer(known.id, 'school', 's1', db); // elsewhere: the known record is now stale
    const saved = await saveAnswer(known, 'group', 'parent', db);
    expect(saved.answers).toEqual({ school: 's1', group: 'parent' });
    expect((await findDraft('sample', db))?.answers).toEqual({ school: 's1', group: 'parent' });
  });

  it('loses nothing when an older version of the app, which counts no revisions, changed the draft', async () => {
    const known = await saveAnswer(await begin(), 'group', 'parent', db);
    // Written as an older app writes: the same record, a new time, no revision counted.
    await db.responses.put({
      ...known,
      answers: { ...known.answers, school: 's1' },
      updatedAt: new Date(Date.parse(known.updatedAt) + 1000).toISOString(),
    });
    const saved = await saveAnswer(known, 'name', 'Nok', db);
    expect(saved.answers).toEqual({ group: 'parent', school: 's1', name: 'Nok' });
    expect((await findDraft('sample', db))?.answers).toEqual({ group: 'parent', school: 's1', name: 'Nok' });
  });

  it('refuses a late save from a stale draft once the response is completed, and leaves it unchanged', async () => {
    let known = await begin();
    known = await saveAnswer(known, 'group', 'parent', db);
    known = await saveAnswer(known, 'school', 's1', db);
    const completed = await completeResponse(known.id, sampleSurvey, db);
    await expect(saveAnswer(known, 'group', 'teacher', db)).rejects.toBeInstanceOf(ResponseFrozenError);
    expect(await db.responses.get(known.id)).toEqual(completed);
  });

  it('records who made the response: a device id, the survey version, the notice, the time, language and app', async () => {
    const draft = await begin();
    expect(draft.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(draft).toMatchObject({
      surveyId: 'sample',
      surveyVersion: 1,
      privacyVersion: 'p1',
      locale: 'th',
      appVersion: '1.0.0',
      status: 'draft',
    });
    expect(Date.parse(draft.startedAt)).not.toBeNaN();
    expect(draft.privacyAcceptedAt).toBe(draft.startedAt);
  });

  it('resumes the most recently touched draft of a survey', async () => {
    const older = await begin();
    const newer = await begin();
    const tick = () => new Promise((r) => setTimeout(r, 5));
    await tick();
    await saveAnswer(older.id, 'group', 'teacher', db);
    expect((await findDraft('sample', db))?.id).toBe(older.id);
    await tick();
    await saveAnswer(newer.id, 'group', 'parent', db);
    expect((await findDraft('sample', db))?.id).toBe(newer.id);
  });
});

describe('submitting a response', () => {
  it('completes the draft and puts it in the outbox together', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'group', 'parent', db);
    await saveAnswer(draft.id, 'r1', { expectation: 4, satisfaction: 3 }, db);
    const done = await completeResponse(draft.id, sampleSurvey, db, new Date('2026-11-25T03:00:00Z'));
    expect(done.status).toBe('completed');
    expect(done.completedAt).toBe('2026-11-25T03:00:00.000Z');
    expect(await db.outbox.get(draft.id)).toMatchObject({ state: 'waiting', attempts: 0 });
    expect(await findDraft('sample', db)).toBeUndefined();
    expect(toCompleted(done)).toMatchObject({
      id: draft.id,
      answers: { group: 'parent', r1: { expectation: 4, satisfaction: 3 } },
    });
  });

  it('a response begun in training mode from a link is sent with its source and the training mark; without an origin, with neither', async () => {
    const training = await startDraft(
      {
        survey: sampleSurvey,
        locale: 'th',
        appVersion: '1.0.0',
        position: 'about',
        origin: { source: 'link', training: true },
      },
      db,
    );
    await saveAnswer(training.id, 'group', 'parent', db);
    const done = await completeResponse(training.id, sampleSurvey, db);
    expect(toCompleted(done)).toMatchObject({ source: 'link', training: true });
    const kiosk = await startDraft(
      {
        survey: sampleSurvey,
        locale: 'th',
        appVersion: '1.0.0',
        position: 'about',
        origin: { source: 'kiosk', training: false },
      },
      db,
    );
    await saveAnswer(kiosk.id, 'group', 'parent', db);
    const real = toCompleted(await completeResponse(kiosk.id, sampleSurvey, db));
    expect(real.source).toBe('kiosk');
    expect('training' in real).toBe(false);
    const plain = await begin();
    await saveAnswer(plain.id, 'group', 'parent', db);
    const old = toCompleted(await completeResponse(plain.id, sampleSurvey, db));
    expect(['source' in old, 'training' in old]).toEqual([false, false]);
  });

  it('keeps a complaint’s receipt number with the completed response, after a reopen too, and sends it', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'group', 'parent', db);
    const code = newReceiptCode();
    const done = await completeResponse(draft.id, sampleSurvey, db, new Date(), code);
    expect(done.receiptCode).toBe(code);
    db.close();
    await db.open();
    expect((await db.responses.get(draft.id))?.receiptCode).toBe(code);
    expect(toCompleted(done).receiptCode).toBe(code);
    const plain = await begin();
    await saveAnswer(plain.id, 'group', 'parent', db);
    expect('receiptCode' in toCompleted(await completeResponse(plain.id, sampleSurvey, db))).toBe(false);
  });

  it('drops answers to questions that later answers hid', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'group', 'teacher', db);
    await saveAnswer(draft.id, 'years', 12, db);
    await saveAnswer(draft.id, 'group', 'parent', db);
    const done = await completeResponse(draft.id, sampleSurvey, db);
    expect(done.answers).toEqual({ group: 'parent' });
  });

  it('keeps a hidden answer in the draft while the person answers (a change back restores it), never in the response', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'group', 'parent', db);
    await saveAnswer(draft.id, 'school', 's1', db);
    await saveAnswer(draft.id, 'group', OTHER, db);
    await saveAnswer(draft.id, 'group.other', 'อสม.', db);
    expect((await findDraft('sample', db))?.answers).toMatchObject({ school: 's1', 'group.other': 'อสม.' });
    // Back to "parent": the school is there again; the "other" text now hides instead.
    await saveAnswer(draft.id, 'group', 'parent', db);
    await saveAnswer(draft.id, 'group', OTHER, db);
    const stored = (await findDraft('sample', db))?.answers ?? {};
    const done = await completeResponse(draft.id, sampleSurvey, db);
    expect(done.answers).toEqual({ group: OTHER, 'group.other': 'อสม.' });
    // The same rule as the page and the server.
    expect(done.answers).toEqual(completeAnswers(sampleSurvey, stored).answers);
  });

  it('is all-or-nothing: when the outbox write fails, the draft stays a draft', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'group', 'parent', db);
    // An entry already in the outbox under this id makes the add inside the transaction fail.
    await db.outbox.add({ responseId: draft.id, state: 'sent', enqueuedAt: 'x', attempts: 0 });
    await expect(completeResponse(draft.id, sampleSurvey, db)).rejects.toBeTruthy();
    const still = await db.responses.get(draft.id);
    expect(still?.status).toBe('draft');
    expect(still?.answers).toEqual({ group: 'parent' });
  });

  it('never changes a completed response afterwards', async () => {
    const draft = await begin();
    await completeResponse(draft.id, sampleSurvey, db);
    await expect(saveAnswer(draft.id, 'group', 'teacher', db)).rejects.toBeInstanceOf(ResponseFrozenError);
    await expect(savePosition(draft.id, 'about', db)).rejects.toBeInstanceOf(ResponseFrozenError);
    await expect(completeResponse(draft.id, sampleSurvey, db)).rejects.toBeInstanceOf(ResponseFrozenError);
    await expect(discardDraft(draft.id, db)).rejects.toBeInstanceOf(ResponseFrozenError);
    expect((await db.responses.get(draft.id))?.status).toBe('completed');
    expect(await db.outbox.count()).toBe(1);
  });

  it('refuses to complete a draft against another version of the survey', async () => {
    const draft = await begin();
    await expect(completeResponse(draft.id, { ...sampleSurvey, version: 2 }, db)).rejects.toThrow(/v1/);
    expect((await db.responses.get(draft.id))?.status).toBe('draft');
  });
});
