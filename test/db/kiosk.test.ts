import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../src/core/pin.js';
import { createDb, type SiangDb } from '../../src/db/db.js';
import { getKiosk } from '../../src/db/kiosk.js';
import { clearPinFailures, endKiosk, recordPinFailure, startKiosk } from '../../src/db/kiosk-officer.js';
import {
  abandonDraft,
  abandonDraftsIdleSince,
  completeResponse,
  findDraft,
  saveAnswer,
  startDraft,
} from '../../src/db/responses.js';
import { countSince } from '../../src/db/response-counts.js';
import { sampleSurvey } from '../fixtures.js';

let db: SiangDb;
let n = 0;

beforeEach(() => {
  db = createDb(`siang-kiosk-${++n}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const begin = (now?: Date, presets?: Record<string, string>) =>
  startDraft(
    {
      survey: sampleSurvey,
      locale: 'th',
      appVersion: '1.0.0',
      position: 'about',
      ...(now ? { now } : {}),
      ...(presets ? { presets } : {}),
    },
    db,
  );

describe('kiosk settings', () => {
  it('are kept until the kiosk ends; five wrong PINs in a row make the next try wait, the right one clears them', async () => {
    const now = new Date('2026-11-30T08:00:00Z');
    await startKiosk(
      {
        surveyId: 'sample',
        presets: { group: 'parent' },
        pin: await hashPin('1234', 1000),
        idleMinutes: 3,
        thanksSeconds: 10,
      },
      db,
      now,
    );
    expect((await getKiosk(db))?.since).toBe(now.toISOString());
    for (let i = 1; i <= 4; i++) expect((await recordPinFailure(db, now))?.lockedUntil).toBeUndefined();
    expect((await recordPinFailure(db, now))?.lockedUntil).toBe('2026-11-30T08:00:30.000Z');
    expect((await recordPinFailure(db, now))?.lockedUntil).toBe('2026-11-30T08:01:00.000Z');
    await clearPinFailures(db);
    const cleared = await getKiosk(db);
    expect(cleared?.failures).toBe(0);
    expect(cleared?.lockedUntil).toBeUndefined();
    await endKiosk(db);
    expect(await getKiosk(db)).toBeUndefined();
    expect(await recordPinFailure(db)).toBeUndefined();
  });
});

describe('responses set aside', () => {
  it('a draft starts from its presets and remembers them', async () => {
    const draft = await begin(undefined, { group: 'parent', school: 's1' });
    expect(draft.answers).toEqual({ group: 'parent', school: 's1' });
    expect(draft.presets).toEqual({ group: 'parent', school: 's1' });
    expect((await begin()).presets).toBeUndefined();
  });

  it('an abandoned draft keeps its answers, is never resumed and never enters the outbox; a completed response is never set aside', async () => {
    const draft = await begin();
    await saveAnswer(draft.id, 'group', 'teacher', db);
    expect(await abandonDraft(draft.id, db)).toBe(true);
    const kept = await db.responses.get(draft.id);
    expect(kept?.status).toBe('abandoned');
    expect(kept?.answers).toEqual({ group: 'teacher' });
    expect(kept?.abandonedAt).toBeDefined();
    expect(await findDraft('sample', db)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
    await expect(saveAnswer(draft.id, 'group', 'parent', db)).rejects.toThrow();

    const other = await begin();
    await saveAnswer(other.id, 'group', 'parent', db);
    await completeResponse(other.id, sampleSurvey, db);
    expect(await abandonDraft(other.id, db)).toBe(false);
    expect((await db.responses.get(other.id))?.status).toBe('completed');
  });

  it('drafts idle past the limit are set aside when the kiosk reopens; recent ones stay open', async () => {
    const old = await begin(new Date('2026-11-30T08:00:00Z'));
    const recent = await begin(new Date('2026-11-30T08:09:00Z'));
    // updatedAt follows the clock of the write: set it as a tablet left alone would have it.
    await db.responses.update(old.id, { updatedAt: '2026-11-30T08:01:00.000Z' });
    await db.responses.update(recent.id, { updatedAt: '2026-11-30T08:09:30.000Z' });
    const count = await abandonDraftsIdleSince(
      'sample',
      new Date('2026-11-30T08:07:00Z'),
      db,
      new Date('2026-11-30T08:10:00Z'),
    );
    expect(count).toBe(1);
    expect((await db.responses.get(old.id))?.status).toBe('abandoned');
    expect((await db.responses.get(recent.id))?.status).toBe('draft');
  });

  it('counts what was completed and set aside since a time (today on the officer’s panel)', async () => {
    const morning = new Date('2026-11-30T01:00:00Z');
    for (const i of [1, 2, 3]) {
      const d = await begin();
      await saveAnswer(d.id, 'group', 'parent', db);
      await completeResponse(d.id, sampleSurvey, db, new Date(`2026-11-${i === 1 ? '29' : '30'}T0${i}:00:00Z`));
    }
    const left = await begin();
    await abandonDraft(left.id, db, new Date('2026-11-30T05:00:00Z'));
    expect(await countSince('sample', morning, db)).toEqual({ completed: 2, abandoned: 1 });
    expect(await countSince('other', morning, db)).toEqual({ completed: 0, abandoned: 0 });
  });
});
