/**
 * Receiving responses (table `responses`). Each id is stored once: the same id with the same
 * content again is a duplicate (a success for the device), with other content a conflict (the
 * first stays). A batch is answered only after its rows are committed. A complaint's receipt
 * number (made on the device) is kept in `receipt_code`, unique; it never causes a refusal.
 */
import { createHash } from 'node:crypto';
import { answerOf, localIsoDay } from '../../core/answers.js';
import { completeAnswers } from '../../core/completion.js';
import { canonicalJson, parseResponse, type SubmissionResult } from '../../core/protocol.js';
import { isReceiptCode } from '../../core/receipt.js';
import { TRAINING_REASON } from '../../core/records.js';
import type { CompletedResponse } from '../../core/response.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { admission, type SurveyWindow } from '../../core/survey-window.js';
import type { Queryable } from '../db/database.js';
import { ratingValues, ratingValuesText } from './rating-values.js';
import { anonymiseContacts, type RetentionCutoffs } from './retention.js';

/** The office's time zone: "today" in a date question means today there. */
export const OFFICE_TIME_ZONE = 'Asia/Bangkok';

/**
 * The questions whose answers break results down and limit a supervisor's view: by convention
 * (docs/survey-format.md) a survey's school question has the id `school`, its stakeholder group
 * question the id `group`.
 */
export const SCHOOL_QUESTION = 'school';
export const GROUP_QUESTION = 'group';

/** Finds a published survey version (cached by the caller). */
export type SurveyLookup = (id: string, version: number) => Promise<SurveyDefinition | undefined>;

/**
 * The hash that tells a duplicate from a conflict: over the response's content, without `source`,
 * `training` and `receiptCode`, which say how it was collected rather than what was answered. So the copy of a
 * response in a backup file imported later, or one sent again by a device that was updated
 * meanwhile, is still a duplicate of the one stored; and a response sent before devices sent these
 * fields hashes as it always did.
 */
export function contentHash(response: CompletedResponse): string {
  // The receipt code is left out too: it names the response, it is not part of what was answered.
  const { source: _source, training: _training, receiptCode: _receiptCode, ...content } = response;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** What the caller knows of a batch's origin: `import` for a backup file staff imported. */
export interface SubmissionOrigin {
  source?: 'import';
}

interface Accepted {
  /** As stored: answers to hidden questions dropped (src/core/completion.ts). */
  response: CompletedResponse;
  hash: string;
  /**
   * The hash of the response as sent, when pruning changed it: a copy stored before the server
   * pruned (it held an empty answer, say) is still a duplicate of the same body sent again.
   */
  sentHash: string | undefined;
  /** Its `rating_values` as array text (see rating-values.ts). */
  ratings: string;
  /** Completed outside the survey's collection window: stored, but out of the results. */
  exclusion?: { kind: 'test' | 'excluded'; reason: string };
  /** The receipt code to store (a complaint's, checked), or null. */
  receipt: string | null;
}

/** Where a batch's notes go (the request's log): a receipt code that was not kept, say. */
export type SubmissionLog = (details: Record<string, unknown>, message: string) => void;

/** Finds a survey's collection window (src/core/survey-window.ts). */
export type WindowLookup = (surveyId: string) => Promise<SurveyWindow>;

/** The reasons given to responses completed outside the collection window (docs/sync-protocol.md). */
export const AFTER_CLOSE_REASON = 'completed after the survey closed';
export const BEFORE_OPEN_REASON = 'completed before the survey opened';

/**
 * Checks, stores and answers a batch; results are in the order of `inputs`. With `retention` (the
 * periods the latest purge set), a response older than the office keeps responses is refused
 * (`past_retention`), so a device that was offline for years or an old backup cannot bring back
 * what a purge deleted; and a response stored older than the contact period loses its contact
 * details at once, as a purge would have removed them.
 */
export async function storeSubmissions(
  db: Queryable,
  inputs: readonly unknown[],
  findSurvey: SurveyLookup,
  retention?: RetentionCutoffs,
  windowOf?: WindowLookup,
  origin: SubmissionOrigin = {},
  log: SubmissionLog = () => undefined,
): Promise<SubmissionResult[]> {
  const windows = new Map<string, Promise<SurveyWindow>>();
  const results: (SubmissionResult | undefined)[] = new Array(inputs.length);
  const accepted = new Map<string, Accepted>();
  const sameBatch: { index: number; id: string; hash: string; sentHash: string | undefined }[] = [];
  for (const [index, input] of inputs.entries()) {
    const parsed = parseResponse(input);
    if (!parsed.ok) {
      const id =
        typeof (input as { id?: unknown } | null)?.id === 'string'
          ? String((input as { id: string }).id).slice(0, 64)
          : '';
      results[index] = { id, status: 'rejected', reason: { code: 'invalid_response', message: parsed.message } };
      continue;
    }
    const response = parsed.response;
    if (retention && Date.parse(response.completedAt) < retention.responsesCutoff.getTime()) {
      results[index] = {
        id: response.id,
        status: 'rejected',
        reason: {
          code: 'past_retention',
          message: `completed before ${retention.responsesCutoff.toISOString().slice(0, 10)}, older than the office keeps responses`,
        },
      };
      continue;
    }
    const survey = await findSurvey(response.surveyId, response.surveyVersion);
    if (!survey) {
      results[index] = {
        id: response.id,
        status: 'rejected',
        reason: {
          code: 'unknown_survey',
          message: `survey ${response.surveyId} version ${response.surveyVersion} is not published here`,
        },
      };
      continue;
    }
    const today = localIsoDay(new Date(response.completedAt), OFFICE_TIME_ZONE);
    // Answers to questions the other answers hide are dropped, not refused (a person who changed
    // their mind left them behind); the rest must be right. Pruning is deterministic, so a retry
    // of the same body comes to the same stored content and hash.
    const completion = completeAnswers(survey, response.answers, today);
    if (completion.problems.length) {
      results[index] = {
        id: response.id,
        status: 'rejected',
        reason: {
          code: 'invalid_answers',
          message: completion.problems.map((p) => `${p.question}: ${p.code}`).join('; '),
        },
      };
      continue;
    }
    const pruned = Object.keys(completion.answers).length !== Object.keys(response.answers).length;
    const kept: CompletedResponse = pruned ? { ...response, answers: completion.answers } : response;
    const hash = contentHash(kept);
    const sentHash = pruned ? contentHash(response) : undefined;
    if (accepted.has(response.id)) sameBatch.push({ index, id: response.id, hash, sentHash });
    else {
      // A response completed before the survey closed counts whenever it arrives; one completed
      // outside the window is kept (never lost) but marked, for an admin to include if right.
      if (windowOf && !windows.has(response.surveyId)) windows.set(response.surveyId, windowOf(response.surveyId));
      const window = windows.get(response.surveyId);
      const place = window === undefined ? 'in_window' : admission(await window, response.completedAt);
      accepted.set(response.id, {
        response: kept,
        hash,
        sentHash,
        receipt: receiptOf(response, survey, log),
        ratings: ratingValuesText(ratingValues(survey, kept.answers)),
        ...(place === 'after_close' ? { exclusion: { kind: 'excluded', reason: AFTER_CLOSE_REASON } } : {}),
        ...(place === 'before_open' ? { exclusion: { kind: 'test', reason: BEFORE_OPEN_REASON } } : {}),
      });
    }
    results[index] = undefined;
  }

  const outcome = await insert(db, [...accepted.values()], origin, log);
  const contactsCutoff = retention?.contactsCutoff;
  if (contactsCutoff) {
    // Only responses just stored and older than the contact period (usually none: no query then).
    const old = [...outcome.values()]
      .filter((o) => o.result.status === 'stored')
      .map((o) => o.result.id)
      .filter((id) => Date.parse(accepted.get(id)?.response.completedAt ?? '') < contactsCutoff.getTime());
    if (old.length) await anonymiseContacts(db, contactsCutoff, old);
  }
  for (const [index, input] of inputs.entries()) {
    if (results[index]) continue;
    const id = (input as { id: string }).id;
    const repeat = sameBatch.find((s) => s.index === index);
    const first = outcome.get(id);
    if (!first) throw new Error(`no outcome for ${id}`);
    if (!repeat) {
      results[index] = first.result;
      continue;
    }
    // A second copy inside the same batch: judged against what the database now holds.
    results[index] =
      repeat.hash === first.storedHash || repeat.sentHash === first.storedHash
        ? { id, status: 'duplicate', receivedAt: first.receivedAt }
        : {
            id,
            status: 'conflict',
            reason: { code: 'conflict', message: 'another response with this id was stored first' },
          };
  }
  return results as SubmissionResult[];
}

/** The receipt code a response may keep: a well-formed code, sent with a complaint; else null. */
function receiptOf(response: CompletedResponse, survey: SurveyDefinition, log: SubmissionLog): string | null {
  const code: unknown = response.receiptCode;
  if (code === undefined) return null;
  if (survey.kind !== 'complaint') {
    log(
      { response: response.id, surveyId: survey.id },
      'receipt code sent with a survey that is not a complaint: not kept',
    );
    return null;
  }
  if (!isReceiptCode(code)) {
    log({ response: response.id }, 'receipt code malformed: not kept');
    return null;
  }
  return code;
}

/**
 * Clears (to null) the receipt codes another response already has, in the database or earlier in
 * the batch: the first response keeps its number; the other is stored without one, never refused.
 * (50 random bits make this a device that sent a copied code, not chance.)
 */
async function releaseTakenReceipts(db: Queryable, rows: Accepted[], log: SubmissionLog): Promise<Accepted[]> {
  const codes = rows.flatMap((r) => (r.receipt ? [r.receipt] : []));
  if (!codes.length) return rows;
  const owners = new Map(
    (
      await db.query<{ id: string; receipt_code: string }>(
        'SELECT id, receipt_code FROM responses WHERE receipt_code = ANY($1::text[])',
        [codes],
      )
    ).map((r) => [r.receipt_code, r.id]),
  );
  return rows.map((row) => {
    if (!row.receipt) return row;
    const owner = owners.get(row.receipt);
    if (owner === undefined) owners.set(row.receipt, row.response.id);
    else if (owner !== row.response.id) {
      log({ response: row.response.id }, 'receipt code already used by another response: stored without it');
      return { ...row, receipt: null };
    }
    return row;
  });
}

/** A unique violation of the receipt codes' index (a concurrent batch took the same code first). */
function receiptTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return (
    e.code === '23505' && (e.constraint === 'responses_receipt_code' || /responses_receipt_code/.test(e.message ?? ''))
  );
}

async function retryDeadlock<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt * Math.random()));
    }
  }
}

interface Outcome {
  result: SubmissionResult;
  storedHash: string;
  receivedAt: string;
}

function stringAnswer(answers: CompletedResponse['answers'], id: string): string | null {
  const value = answerOf(answers, id);
  return typeof value === 'string' ? value : null;
}

async function insert(
  db: Queryable,
  accepted: readonly Accepted[],
  origin: SubmissionOrigin,
  log: SubmissionLog,
): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  if (!accepted.length) return out;
  const rows = [...accepted];
  // Rows go in id order so that two servers inserting overlapping batches take the index locks in
  // the same order (opposite orders deadlock on PostgreSQL).
  rows.sort((a, b) => (a.response.id < b.response.id ? -1 : a.response.id > b.response.id ? 1 : 0));
  const payload = (sorted: readonly Accepted[]) =>
    sorted.map(({ response: r, hash, ratings, exclusion, receipt }) => ({
      id: r.id,
      survey_id: r.surveyId,
      survey_version: r.surveyVersion,
      answers: r.answers,
      started_at: r.startedAt,
      completed_at: r.completedAt,
      locale: r.locale,
      app_version: r.appVersion,
      privacy_version: r.privacyVersion,
      privacy_accepted_at: r.privacyAcceptedAt,
      content_hash: hash,
      school: stringAnswer(r.answers, SCHOOL_QUESTION),
      respondent_group: stringAnswer(r.answers, GROUP_QUESTION),
      rating_values: ratings,
      source: origin.source ?? r.source ?? null,
      // A response made in training mode is test data from the start; a later copy of it never
      // changes what is stored (ON CONFLICT DO NOTHING), so neither does undoing the mark. Otherwise
      // the collection window may have set it apart (completed before it opened or after it closed).
      exclusion: r.training ? 'test' : (exclusion?.kind ?? null),
      exclusion_reason: r.training ? TRAINING_REASON : (exclusion?.reason ?? null),
      receipt_code: receipt,
    }));
  // One statement: atomic, and committed (and on disk) before it returns. Should PostgreSQL still
  // pick it as a deadlock victim, nothing of it was written and it is simply run again; should a
  // concurrent batch have taken one of its receipt codes meanwhile, it runs again without that code.
  const write = async () =>
    db.query<{ id: string; received_at: Date | string }>(
      `INSERT INTO responses (id, survey_id, survey_version, answers, started_at, completed_at, locale,
        app_version, privacy_version, privacy_accepted_at, content_hash, school, respondent_group, rating_values,
        source, exclusion, exclusion_reason, exclusion_at, receipt_code)
     SELECT id, survey_id, survey_version, answers, started_at, completed_at, locale,
        app_version, privacy_version, privacy_accepted_at, content_hash, school, respondent_group, rating_values,
        source, exclusion, exclusion_reason, CASE WHEN exclusion IS NOT NULL THEN now() END, receipt_code
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, survey_id text, survey_version integer, answers jsonb,
        started_at timestamptz, completed_at timestamptz, locale text, app_version text,
        privacy_version text, privacy_accepted_at timestamptz, content_hash text, school text,
        respondent_group text, rating_values smallint[], source text, exclusion text, exclusion_reason text,
        receipt_code text)
     ON CONFLICT (id) DO NOTHING
     RETURNING id, received_at`,
      [JSON.stringify(payload(await releaseTakenReceipts(db, rows, log)))],
    );
  const inserted = await retryDeadlock(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (attempt >= 3 || !receiptTaken(error)) throw error;
      }
    }
  });
  const hashes = new Map(rows.map((r) => [r.response.id, r.hash]));
  const sentHashes = new Map(rows.map((r) => [r.response.id, r.sentHash]));
  for (const row of inserted) {
    const receivedAt = new Date(row.received_at).toISOString();
    out.set(row.id, {
      result: { id: row.id, status: 'stored', receivedAt },
      storedHash: hashes.get(row.id) ?? '',
      receivedAt,
    });
  }
  const others = rows.map((r) => r.response.id).filter((id) => !out.has(id));
  if (others.length) {
    const existing = await db.query<{ id: string; content_hash: string; received_at: Date | string }>(
      'SELECT id, content_hash, received_at FROM responses WHERE id = ANY($1::uuid[])',
      [others],
    );
    for (const row of existing) {
      const receivedAt = new Date(row.received_at).toISOString();
      const same = row.content_hash === hashes.get(row.id) || row.content_hash === sentHashes.get(row.id);
      out.set(row.id, {
        result: same
          ? { id: row.id, status: 'duplicate', receivedAt }
          : {
              id: row.id,
              status: 'conflict',
              reason: { code: 'conflict', message: 'another response with this id was stored first' },
            },
        storedHash: row.content_hash,
        receivedAt,
      });
    }
  }
  return out;
}

/** How many responses are stored, for one survey or all. */
export async function countResponses(db: Queryable, surveyId?: string): Promise<number> {
  const rows = surveyId
    ? await db.query<{ n: number | string }>('SELECT count(*) AS n FROM responses WHERE survey_id = $1', [surveyId])
    : await db.query<{ n: number | string }>('SELECT count(*) AS n FROM responses');
  return Number(rows[0]?.n ?? 0);
}
