/**
 * The sync protocol's messages (docs/sync-protocol.md): what a device sends to
 * `POST /api/v1/submissions` and what the server answers, with the checks the server applies to
 * untrusted input. Limits are part of the contract.
 */
import * as v from 'valibot';
import { isUuid } from './ids.js';
import { MAX_SURVEY_VERSION } from './survey.js';
import type { CompletedResponse } from './response.js';

/** At most this many responses in one batch. */
export const MAX_BATCH_RESPONSES = 500;
/** At most this many bytes in one request body. */
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;

/** What became of one response of a batch. */
export type SubmissionStatus = 'stored' | 'duplicate' | 'conflict' | 'rejected';

/** Why a response was rejected (machine-readable). */
export type RejectionCode = 'invalid_response' | 'unknown_survey' | 'invalid_answers' | 'past_retention';

/** The server's word on one response. `receivedAt` is the receipt time (stored/duplicate). */
export interface SubmissionResult {
  readonly id: string;
  readonly status: SubmissionStatus;
  readonly receivedAt?: string;
  readonly reason?: { readonly code: RejectionCode | 'conflict'; readonly message: string };
}

/** The reply to a batch: one result per response, in the order sent. */
export interface SubmissionReply {
  readonly results: readonly SubmissionResult[];
  readonly serverTime: string;
}

/** The batch a device sends. */
export interface SubmissionBatch {
  readonly responses: readonly unknown[];
}

/** A calendar date that exists: 2026-02-30 does not (JavaScript would roll it into March). */
function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const isoTime = v.pipe(
  v.string(),
  v.maxLength(40),
  v.check((s) => {
    const m = /^((?:19|20|21)\d{2})-(\d{2})-(\d{2})T/.exec(s);
    return m !== null && realDate(Number(m[1]), Number(m[2]), Number(m[3])) && !Number.isNaN(Date.parse(s));
  }, 'must be an ISO date-time between 1900 and 2199'),
);
// The range of a rating is the survey's to judge (invalid_answers names the question).
const ratingPart = v.optional(v.pipe(v.number(), v.integer()));
const answerValue = v.union([
  v.pipe(v.string(), v.maxLength(10_000)),
  v.pipe(v.number(), v.finite()),
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(200)),
  v.strictObject({ expectation: ratingPart, satisfaction: ratingPart }),
]);

/** The envelope: `{ responses: [...] }` with 1 to 500 entries. */
export const batchSchema = v.strictObject({
  responses: v.pipe(
    v.array(v.unknown(), 'responses must be a list'),
    v.minLength(1, 'responses must not be empty'),
    v.maxLength(MAX_BATCH_RESPONSES, `at most ${MAX_BATCH_RESPONSES} responses per batch`),
  ),
});

/** One completed response, as sent. */
export const responseSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.check((s: string) => isUuid(s), 'id must be a UUID'),
  ),
  surveyId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  surveyVersion: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_SURVEY_VERSION)),
  answers: v.pipe(
    v.record(v.pipe(v.string(), v.maxLength(100)), answerValue),
    v.check((a) => Object.keys(a).length <= 500, 'too many answers'),
  ),
  startedAt: isoTime,
  completedAt: isoTime,
  locale: v.picklist(['th', 'en']),
  appVersion: v.pipe(v.string(), v.maxLength(32)),
  privacyVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  privacyAcceptedAt: isoTime,
  // Optional, so older devices that send neither stay valid: how the response was collected,
  // and whether it was made in training mode (stored as test data from the start).
  source: v.optional(v.picklist(['link', 'kiosk', 'device'])),
  training: v.optional(v.literal(true)),
  // A complaint's receipt number, made on the device (src/core/receipt.ts); surveys and older
  // devices send none. Never a reason to refuse a response: one that is not a code, or that
  // another response already has, is stored as null (src/server/store/submissions.ts).
  receiptCode: v.optional(v.unknown()),
});

/** Checks one response's shape; returns it typed, or a message saying what is wrong. */
export function parseResponse(
  input: unknown,
): { ok: true; response: CompletedResponse } | { ok: false; message: string } {
  // PostgreSQL's jsonb cannot hold U+0000 or half of a surrogate pair; such text is refused
  // rather than failing the whole batch at the database.
  const bad = badText(input, 0);
  if (bad) return { ok: false, message: bad };
  const parsed = v.safeParse(responseSchema, input, { abortPipeEarly: true });
  if (parsed.success) return { ok: true, response: parsed.output as CompletedResponse };
  const issue = parsed.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') || '(response)';
  return { ok: false, message: `${path}: ${issue.message}` };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badString(s: string): string | undefined {
  if (s.includes('\u0000')) return 'text must not contain U+0000';
  if (LONE_SURROGATE.test(s)) return 'text must be valid Unicode (half of a character pair was sent)';
  return undefined;
}

/** The first string (value or key) PostgreSQL could not store, as a message. */
function badText(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return badString(value);
  if (value === null || typeof value !== 'object' || depth > 8) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = badText(item, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const bad = badString(key) ?? badText(item, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

/** Keys JSON writes as they are, between quotes. */
const PLAIN_KEY = /^[A-Za-z0-9_.-]*$/;

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  // Written with plain loops and shortcuts: the server hashes every response it receives.
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
}
