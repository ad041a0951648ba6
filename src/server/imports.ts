/**
 * Importing a backup file saved on a device (src/core/backup.ts, docs/operations.md): the same
 * checks and the same dedup as the sync (storeSubmissions), so importing a file twice, or a file
 * whose responses were also sent, adds nothing. A file that cannot be read imports nothing;
 * inside a readable file each response gets its own verdict.
 */
import { answerOf } from '../core/answers.js';
import { readBackup } from '../core/backup.js';
import { completeAnswers } from '../core/completion.js';
import { MAX_BATCH_RESPONSES } from '../core/protocol.js';
import type { CompletedResponse } from '../core/response.js';
import type { Db } from './db/database.js';
import { retentionInForce } from './store/retention.js';
import { SCHOOL_QUESTION, storeSubmissions } from './store/submissions.js';
import { getWindow } from './store/survey-windows.js';
import { SurveyCache } from './survey-cache.js';

/** Why one response of a file was not stored. */
export interface ImportRejection {
  id: string;
  /** A sync rejection code (invalid_response, unknown_survey, invalid_answers), `conflict`,
   * `outside_schools` or `past_retention`. */
  code: string;
  message: string;
}

/** What an import did. */
export interface ImportOutcome {
  /** Responses in the file. */
  total: number;
  stored: number;
  /** Already on the server with the same content (sent before, or imported before). */
  duplicate: number;
  rejected: ImportRejection[];
}

/** Who imports: `schools` limits the responses they may add (null: any school). */
export interface Importer {
  schools: readonly string[] | null;
}

/** Keys JSON may hold but an object cannot safely: valibot and Fastify drop or refuse them. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Splits off responses that carry an unsafe key (`__proto__`, `constructor`, `prototype`) in the
 * response or its answers: no survey can have such a question, and storing the rest of the
 * response without it would change what was answered. Each is refused with its reason; the rest
 * of the file imports as usual.
 */
export function refuseUnsafeKeys(responses: readonly CompletedResponse[]): {
  safe: CompletedResponse[];
  rejected: ImportRejection[];
} {
  const safe: CompletedResponse[] = [];
  const rejected: ImportRejection[] = [];
  for (const response of responses) {
    const answers = response.answers !== null && typeof response.answers === 'object' ? response.answers : {};
    const bad = [...Object.keys(response), ...Object.keys(answers)].find((k) => UNSAFE_KEYS.has(k));
    if (bad === undefined) safe.push(response);
    else
      rejected.push({
        id: typeof response.id === 'string' ? response.id.slice(0, 64) : '',
        code: 'invalid_response',
        message: `"${bad}" cannot be an answer or a field of a response`,
      });
  }
  return { safe, rejected };
}

/** Imports responses read from a backup; throws only when the database fails. */
export async function importResponses(
  db: Db,
  responses: readonly CompletedResponse[],
  importer: Importer,
): Promise<ImportOutcome> {
  const { safe, rejected } = refuseUnsafeKeys(responses);
  const outcome: ImportOutcome = { total: responses.length, stored: 0, duplicate: 0, rejected };
  const retention = await retentionInForce(db);
  const allowed: CompletedResponse[] = [];
  const cache = new SurveyCache(db);
  const findSurvey = (id: string, version: number) => cache.find(id, version);
  for (const response of safe) {
    // The school that counts: one left behind on a hidden question is not stored, so it gives
    // no right to import the response (src/core/completion.ts).
    const survey = importer.schools ? await findSurvey(response.surveyId, response.surveyVersion) : undefined;
    const answers = survey ? completeAnswers(survey, response.answers).answers : response.answers;
    const school = answerOf(answers, SCHOOL_QUESTION);
    if (importer.schools && !(typeof school === 'string' && importer.schools.includes(school))) {
      outcome.rejected.push({
        id: response.id,
        code: 'outside_schools',
        message: 'this response is not from one of your schools; an administrator can import it',
      });
    } else {
      allowed.push(response);
    }
  }
  // In batches the size of a device's, so the database never gets one statement of 20,000 rows.
  // Each batch commits on its own; importing the file again after a failure adds the rest.
  for (let i = 0; i < allowed.length; i += MAX_BATCH_RESPONSES) {
    // Retention as for a device's sync: nothing older than a purge would keep comes back.
    // The collection window as for a device's sync too: it judges each response by its completion.
    const results = await storeSubmissions(
      db,
      allowed.slice(i, i + MAX_BATCH_RESPONSES),
      findSurvey,
      retention,
      (id) => getWindow(db, id),
      { source: 'import' },
    );
    for (const r of results) {
      if (r.status === 'stored') outcome.stored++;
      else if (r.status === 'duplicate') outcome.duplicate++;
      else
        outcome.rejected.push({ id: r.id, code: r.reason?.code ?? r.status, message: r.reason?.message ?? r.status });
    }
  }
  return outcome;
}

/** Reads a backup file and imports it; a BackupError (nothing imported) when the file is refused. */
export async function importBackup(
  db: Db,
  text: string,
  passphrase: string | undefined,
  importer: Importer,
): Promise<ImportOutcome> {
  const contents = await readBackup(text, passphrase);
  return importResponses(db, contents.responses, importer);
}
