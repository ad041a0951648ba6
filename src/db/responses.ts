/**
 * Responses on the device (table `responses`) and their entry into the outbox (table `outbox`).
 * A draft is saved answer by answer; completing it freezes it and enqueues it in one transaction.
 */
import { liveQuery, type Observable } from 'dexie';
import { type AnswerValue, pruneHidden } from '../core/answers.js';
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
  now?: Date;
}

/** Raised when a completed response would be changed: it never is. */
export class ResponseFrozenError extends Error {
  override readonly name = 'ResponseFrozenError';
}

/** Opens a draft once the person has accepted the survey's privacy notice. */
export async function startDraft(input: NewDraft, db: SiangDb = getDb()): Promise<ResponseRecord> {
  const at = (input.now ?? new Date()).toISOString();
  const record: ResponseRecord = {
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
  };
  await withStorage(db, () => db.responses.add(record));
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
      await db.responses.put(draft);
      return draft;
    }),
  );
}

/** Saves one answer of a draft as it is given; `undefined` clears it. */
export function saveAnswer(
  id: string,
  question: string,
  value: AnswerValue | undefined,
  db: SiangDb = getDb(),
): Promise<ResponseRecord> {
  return updateDraft(db, id, (draft) => {
    if (value === undefined) delete draft.answers[question];
    else draft.answers[question] = value;
  });
}

/** Remembers where in the survey the person is, so a reload resumes there. */
export function savePosition(id: string, position: string, db: SiangDb = getDb()): Promise<ResponseRecord> {
  return updateDraft(db, id, (draft) => {
    draft.position = position;
  });
}

/** Records the language the person is answering in. */
export function saveLocale(id: string, locale: Lang, db: SiangDb = getDb()): Promise<ResponseRecord> {
  return updateDraft(db, id, (draft) => {
    draft.locale = locale;
  });
}

/**
 * Completes a draft: keeps only the answers of questions shown, marks it completed and puts it in
 * the outbox, all in one transaction (either both happen or neither does).
 */
export async function completeResponse(
  id: string,
  survey: SurveyDefinition,
  db: SiangDb = getDb(),
  now: Date = new Date(),
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
        answers: pruneHidden(survey, draft.answers),
        position: 'done',
        completedAt: at,
        updatedAt: at,
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
