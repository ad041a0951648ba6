/**
 * Responses on the device (table `responses`) and their entry into the outbox (table `outbox`).
 * A draft is saved answer by answer; completing it freezes it and enqueues it in one transaction.
 */
import { liveQuery, type Observable } from 'dexie';
import type { AnswerValue } from '../core/answers.js';
import { completeAnswers } from '../core/completion.js';
import { newId } from '../core/ids.js';
import type { Lang, SurveyDefinition } from '../core/survey.js';
import { getDb, type ResponseRecord, type SiangDb } from './db.js';
import { withStorage } from './storage-errors.js';

/** What is needed to open a new draft. */
export interface NewDraft {
  survey: SurveyDefinition;
  locale: Lang;
  appVersion: string;
  /** Where the draft starts: the first section's id. */
  position: string;
  /** Answers filled in advance by a link or a kiosk (already checked against the survey). */
  presets?: Readonly<Record<string, string>>;
  /** How the response is collected, and whether in training mode (sent with it). */
  origin?: ResponseOrigin;
  now?: Date;
}

/** Where a response is made: a link, a kiosk or the device's list, perhaps in training mode. */
export interface ResponseOrigin {
  source: 'link' | 'kiosk' | 'device';
  training?: boolean | undefined;
}

/** Raised when a completed response would be changed: it never is. */
export class ResponseFrozenError extends Error {
  override readonly name = 'ResponseFrozenError';
}

/** A new draft, not yet stored: what a person starts once they accept the survey's privacy notice. */
export function newDraft(input: NewDraft): ResponseRecord {
  const at = (input.now ?? new Date()).toISOString();
  return {
    id: newId(),
    surveyId: input.survey.id,
    surveyVersion: input.survey.version,
    status: 'draft',
    answers: { ...(input.presets ?? {}) },
    position: input.position,
    startedAt: at,
    updatedAt: at,
    locale: input.locale,
    appVersion: input.appVersion,
    privacyVersion: input.survey.privacy.version,
    privacyAcceptedAt: at,
    ...(input.presets && Object.keys(input.presets).length ? { presets: { ...input.presets } } : {}),
    ...(input.origin && { source: input.origin.source }),
    ...(input.origin?.training && { training: true }),
  };
}

/**
 * Stores a new draft (from `newDraft`). Storing it again is harmless: a draft already stored under
 * its id (an earlier attempt that did commit) is left as it is.
 */
export async function addDraft(record: ResponseRecord, db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.responses, async () => {
      if ((await db.responses.get(record.id)) === undefined) await db.responses.add(record);
    }),
  );
}

/** Opens and stores a draft once the person has accepted the survey's privacy notice. */
export async function startDraft(input: NewDraft, db: SiangDb = getDb()): Promise<ResponseRecord> {
  const record = newDraft(input);
  await addDraft(record, db);
  return record;
}

async function updateDraft(db: SiangDb, id: string, change: (draft: ResponseRecord) => void): Promise<ResponseRecord> {
  return withStorage(db, () =>
    db.transaction('rw', db.responses, async () => {
      const draft = await db.responses.get(id);
      if (!draft) throw new ResponseFrozenError(`no draft ${id}`);
      if (draft.status !== 'draft') throw new ResponseFrozenError(`response ${id} is completed`);
      change(draft);
      draft.updatedAt = new Date().toISOString();
      draft.revision = (draft.revision ?? 0) + 1;
      await db.responses.put(draft);
      return draft;
    }),
  );
}

/** The stored draft was not the one the caller knew. */
class StaleDraftError extends Error {}

/**
 * A change to a draft whose stored state the caller knows (`known`: what its last save returned,
 * left unchanged). The read that guards the draft and the write go out together, so the change
 * is committed after one round trip instead of two. If the stored draft turns out not to be
 * `known` (changed elsewhere, completed, set aside), the write is undone with the transaction
 * and the change is applied to what is stored instead, or refused if it is no longer a draft.
 */
async function updateKnownDraft(
  db: SiangDb,
  known: ResponseRecord,
  change: (draft: ResponseRecord) => void,
): Promise<ResponseRecord> {
  const next: ResponseRecord = { ...known, answers: { ...known.answers } };
  change(next);
  next.updatedAt = new Date().toISOString();
  next.revision = (known.revision ?? 0) + 1;
  try {
    return await withStorage(db, () =>
      db.transaction('rw', db.responses, async () => {
        // Both requests are issued before either answers; the read is answered first.
        const [current] = await Promise.all([db.responses.get(known.id), db.responses.put(next)]);
        // The revision, and the time for writers that do not count revisions (an older version of
        // the app still open in another tab).
        const same = (current?.revision ?? 0) === (known.revision ?? 0) && current?.updatedAt === known.updatedAt;
        if (current?.status !== 'draft' || !same) {
          throw new StaleDraftError();
        }
        return next;
      }),
    );
  } catch (error) {
    if (error instanceof StaleDraftError) return updateDraft(db, known.id, change);
    throw error;
  }
}

/** A draft by its id, or as its last save returned it (one round trip, see `updateKnownDraft`). */
export type DraftRef = string | ResponseRecord;

function update(db: SiangDb, draft: DraftRef, change: (draft: ResponseRecord) => void): Promise<ResponseRecord> {
  return typeof draft === 'string' ? updateDraft(db, draft, change) : updateKnownDraft(db, draft, change);
}

/** Saves one answer of a draft as it is given; `undefined` clears it. */
export function saveAnswer(
  draft: DraftRef,
  question: string,
  value: AnswerValue | undefined,
  db: SiangDb = getDb(),
): Promise<ResponseRecord> {
  return update(db, draft, (d) => {
    if (value === undefined) delete d.answers[question];
    else d.answers[question] = value;
  });
}

/** Remembers where in the survey the person is, so a reload resumes there. */
export function savePosition(draft: DraftRef, position: string, db: SiangDb = getDb()): Promise<ResponseRecord> {
  return update(db, draft, (d) => {
    d.position = position;
  });
}

/** Records the language the person is answering in. */
export function saveLocale(draft: DraftRef, locale: Lang, db: SiangDb = getDb()): Promise<ResponseRecord> {
  return update(db, draft, (d) => {
    d.locale = locale;
  });
}

/**
 * Completes a draft: keeps only the answers that count (answers to questions the other answers
 * hide are dropped here, not before, so the draft keeps them), marks it completed and puts it in
 * the outbox, all in one transaction (either both happen or neither does). A complaint is given
 * its receipt number here (`receiptCode`, made by the screen that submits it), stored with it.
 */
export async function completeResponse(
  id: string,
  survey: SurveyDefinition,
  db: SiangDb = getDb(),
  now: Date = new Date(),
  receiptCode?: string,
): Promise<ResponseRecord> {
  return withStorage(db, () =>
    db.transaction('rw', db.responses, db.outbox, async () => {
      const draft = await db.responses.get(id);
      if (!draft) throw new ResponseFrozenError(`no draft ${id}`);
      if (draft.status !== 'draft') throw new ResponseFrozenError(`response ${id} is completed`);
      if (draft.surveyId !== survey.id || draft.surveyVersion !== survey.version) {
        throw new Error(`response ${id} belongs to ${draft.surveyId} v${draft.surveyVersion}`);
      }
      const at = now.toISOString();
      const done: ResponseRecord = {
        ...draft,
        status: 'completed',
        // The same rule as the page's check and the server's (src/core/completion.ts).
        answers: completeAnswers(survey, draft.answers).answers,
        position: 'done',
        completedAt: at,
        updatedAt: at,
        ...(receiptCode && { receiptCode }),
      };
      await db.responses.put(done);
      await db.outbox.add({ responseId: id, state: 'waiting', enqueuedAt: at, attempts: 0 });
      return done;
    }),
  );
}

/** The most recently touched draft of a survey, to resume it. */
export async function findDraft(surveyId: string, db: SiangDb = getDb()): Promise<ResponseRecord | undefined> {
  const drafts = await withStorage(db, () =>
    db.responses.where('[surveyId+status]').equals([surveyId, 'draft']).sortBy('updatedAt'),
  );
  return drafts.at(-1);
}

/** A response by id. */
export function getResponse(id: string, db: SiangDb = getDb()): Promise<ResponseRecord | undefined> {
  return withStorage(db, () => db.responses.get(id));
}

/** Deletes a draft the person chose to throw away; a completed response is never deleted here. */
export async function discardDraft(id: string, db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.responses, async () => {
      const r = await db.responses.get(id);
      if (r !== undefined && r.status === 'completed') throw new ResponseFrozenError(`response ${id} is completed`);
      await db.responses.delete(id);
    }),
  );
}

/**
 * Sets a draft aside (a kiosk draft left idle, or one the person stopped): it stays on the device,
 * marked abandoned, and is never sent. A completed response is never touched.
 */
export async function abandonDraft(id: string, db: SiangDb = getDb(), now: Date = new Date()): Promise<boolean> {
  return withStorage(db, () =>
    db.transaction('rw', db.responses, async () => {
      const r = await db.responses.get(id);
      if (r?.status !== 'draft') return false;
      const at = now.toISOString();
      await db.responses.put({ ...r, status: 'abandoned', abandonedAt: at, updatedAt: at });
      return true;
    }),
  );
}

/** Sets aside every draft of a survey untouched since `before` (a kiosk reopened after a while). */
export async function abandonDraftsIdleSince(
  surveyId: string,
  before: Date,
  db: SiangDb = getDb(),
  now: Date = new Date(),
): Promise<number> {
  const limit = before.toISOString();
  const at = now.toISOString();
  return withStorage(db, () =>
    db.transaction('rw', db.responses, async () =>
      db.responses
        .where('[surveyId+status]')
        .equals([surveyId, 'draft'])
        .filter((r) => r.updatedAt < limit)
        .modify((r) => {
          r.status = 'abandoned';
          r.abandonedAt = at;
          r.updatedAt = at;
        }),
    ),
  );
}

/** Drafts by survey id, live: the survey list shows "continue" for them. */
export function observeDrafts(db: SiangDb = getDb()): Observable<ResponseRecord[]> {
  return liveQuery(() => db.responses.where('status').equals('draft').toArray());
}
