/**
 * Responses as records: staff list a survey's responses and read one in full (without its
 * personal answers); admins mark responses as test or excluded (with a reason), delete them
 * (softly) and undo each. Every change is in the audit log, with its reason and count, never
 * answers. School-limited callers see and change only their schools' responses.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { isUuid } from '../../core/ids.js';
import {
  EXCLUSIONS,
  MAX_BULK_RECORDS,
  MAX_REASON_LENGTH,
  RECORD_STATUSES,
  RESPONSE_SOURCES,
  type RecordItem,
  type RecordStatus,
  type ResponseSource,
} from '../../core/records.js';
import { allowedSchools, requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { recordAudit } from '../store/audit.js';
import { changeRecords, getRecord, listRecords, type RecordChange, recordExists } from '../store/records.js';
import { type FilterQuery, refusedToToken, scopeOf, surveyOf } from './results.js';

const staff = requireRole('admin', 'supervisor');
const admin = requireRole('admin');

const reason = v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(MAX_REASON_LENGTH)));
const exclusionSchema = v.strictObject({ exclusion: v.nullable(v.picklist(EXCLUSIONS)), reason });
const bulkSchema = v.strictObject({
  ids: v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.check((s: string) => isUuid(s), 'ids must be response ids'),
      ),
    ),
    v.minLength(1, 'ids must not be empty'),
    v.maxLength(MAX_BULK_RECORDS, `at most ${MAX_BULK_RECORDS} responses at once`),
  ),
  exclusion: v.nullable(v.picklist(EXCLUSIONS)),
  reason,
});

function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The exclusion change of a body, or undefined after answering 400. */
function exclusionChange(
  body: { exclusion: (typeof EXCLUSIONS)[number] | null; reason?: string | null | undefined },
  reply: FastifyReply,
): RecordChange | undefined {
  const why = body.reason?.trim() || null;
  // Excluding needs a reason; marking test data may use the default one.
  if (body.exclusion === 'excluded' && !why) {
    void reply.code(400).send({ error: 'bad_request', message: 'reason: say why the response is excluded' });
    return undefined;
  }
  if (body.exclusion === null) return { kind: 'exclusion', exclusion: null, reason: null };
  return { kind: 'exclusion', exclusion: body.exclusion, reason: why };
}

function badBody(reply: FastifyReply, issues: readonly v.BaseIssue<unknown>[]) {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.');
  return reply
    .code(400)
    .send({ error: 'bad_request', message: where ? `${where}: ${issue?.message}` : (issue?.message ?? 'bad body') });
}

function auditAction(change: RecordChange) {
  if (change.kind === 'delete') return 'response_deleted' as const;
  if (change.kind === 'restore') return 'response_restored' as const;
  return change.exclusion === null ? ('response_included' as const) : ('response_excluded' as const);
}

/** Records what a change did: the ids' target, the count, and the mark and reason (never answers). */
async function audit(db: Db, request: FastifyRequest, change: RecordChange, target: string, changed: RecordItem[]) {
  if (!changed.length) return;
  await recordAudit(db, request, {
    action: auditAction(change),
    target,
    details: {
      count: changed.length,
      ...(change.kind === 'exclusion' && change.exclusion
        ? { exclusion: change.exclusion, reason: change.reason }
        : {}),
      ...(changed.length > 1 || target !== changed[0]?.id ? { ids: changed.map((c) => c.id) } : {}),
    },
  });
}

/** Registers the records routes. */
export async function registerRecordRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.get<{
    Params: { id: string };
    Querystring: FilterQuery & {
      status?: string;
      source?: string | string[];
      q?: string;
      limit?: string;
      offset?: string;
    };
  }>('/api/v1/surveys/:id/records', { preHandler: staff }, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const query = request.query;
    const status = one(query.status) ?? 'all';
    if (!(RECORD_STATUSES as readonly string[]).includes(status))
      return reply
        .code(400)
        .send({ error: 'bad_request', message: `status must be one of ${RECORD_STATUSES.join(', ')}` });
    const sources = list(query.source);
    const allowed: readonly string[] = [...RESPONSE_SOURCES, 'unknown'];
    if (sources.some((s) => !allowed.includes(s)))
      return reply.code(400).send({ error: 'bad_request', message: `source must be among ${allowed.join(', ')}` });
    if (query.q !== undefined && typeof query.q !== 'string')
      return reply.code(400).send({ error: 'bad_request', message: 'q must be given once' });
    const survey = await surveyOf(db, request.params.id, reply);
    if (!survey) return reply;
    const limit = Math.min(Math.max(Math.trunc(Number(one(query.limit) ?? 50)) || 50, 1), 200);
    const offset = Math.min(Math.max(Math.trunc(Number(one(query.offset) ?? 0)) || 0, 0), 1_000_000_000);
    const q = query.q?.trim().slice(0, 200);
    return listRecords(
      db,
      survey.id,
      {
        filter: scope.filter,
        status: status as RecordStatus,
        sources: sources as (ResponseSource | 'unknown')[],
        ...(q ? { q } : {}),
        limit,
        offset,
      },
      scope.schools,
    );
  });

  app.get<{ Params: { id: string } }>('/api/v1/responses/:id', { preHandler: staff }, async (request, reply) => {
    const schools = allowedSchools(request, reply, undefined);
    if (schools === undefined) return reply;
    const found = isUuid(request.params.id) ? await getRecord(db, request.params.id, schools) : undefined;
    if (!found) return reply.code(404).send({ error: 'not_found', message: 'no such response' });
    // A complaint's texts are for signed-in staff, as in the inbox and the open answers.
    if (refusedToToken(request, reply, found.survey)) return reply;
    return found;
  });

  /** Applies a change to one response: 404 outside the caller's schools, the record after it. */
  const changeOne = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    change: RecordChange,
  ) => {
    const schools = request.principal?.schools ?? null;
    const id = request.params.id;
    if (!isUuid(id) || !(await recordExists(db, id, schools)))
      return reply.code(404).send({ error: 'not_found', message: 'no such response' });
    const changed = await changeRecords(db, [id], change, request.principal?.name ?? null, { schools });
    await audit(db, request, change, id, changed);
    const now = await getRecord(db, id, schools);
    if (!now) return reply.code(404).send({ error: 'not_found', message: 'no such response' });
    const { survey: _survey, answers: _answers, ...item } = now;
    return { changed: changed.length, record: item };
  };

  app.post<{ Params: { id: string } }>(
    '/api/v1/responses/:id/exclusion',
    { preHandler: admin },
    async (request, reply) => {
      const parsed = v.safeParse(exclusionSchema, request.body);
      if (!parsed.success) return badBody(reply, parsed.issues);
      const change = exclusionChange(parsed.output, reply);
      if (!change) return reply;
      return changeOne(request, reply, change);
    },
  );
  app.delete<{ Params: { id: string } }>('/api/v1/responses/:id', { preHandler: admin }, (request, reply) =>
    changeOne(request, reply, { kind: 'delete' }),
  );
  app.post<{ Params: { id: string } }>('/api/v1/responses/:id/restore', { preHandler: admin }, (request, reply) =>
    changeOne(request, reply, { kind: 'restore' }),
  );

  // A training day's responses, marked at once.
  app.post<{ Params: { id: string } }>(
    '/api/v1/surveys/:id/records/exclusion',
    { preHandler: admin },
    async (request, reply) => {
      const parsed = v.safeParse(bulkSchema, request.body);
      if (!parsed.success) return badBody(reply, parsed.issues);
      const change = exclusionChange(parsed.output, reply);
      if (!change) return reply;
      const survey = await surveyOf(db, request.params.id, reply);
      if (!survey) return reply;
      const ids = [...new Set(parsed.output.ids)];
      const changed = await changeRecords(db, ids, change, request.principal?.name ?? null, {
        surveyId: survey.id,
        schools: request.principal?.schools ?? null,
      });
      await audit(db, request, change, survey.id, changed);
      return { changed: changed.length, items: changed };
    },
  );
}
