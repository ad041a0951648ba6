/**
 * "You said, we did" (docs/actions.md): the findings of a fiscal year, and the improvement
 * actions that answer them, read and written by staff (admins and supervisors), exported as CSV
 * or XLSX and their progress imported from the same file (one transaction: a bad cell changes
 * nothing); and the published actions for the public page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import {
  ACTION_STATUSES,
  type Action,
  actionsTable,
  jsonActionsTable,
  parseProgressTable,
} from '../../core/actions.js';
import { isIsoDate } from '../../core/answers.js';
import { kindOfKey } from '../../core/findings.js';
import { isUuid, newId } from '../../core/ids.js';
import { TableError } from '../../core/table.js';
import { actionsWorkbook } from '../action-files.js';
import { allowedSchools, requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { acceptFiles, FILE_TYPES, formatOf, refuseFile, sendTable, uploadedTable } from '../plan-files.js';
import {
  type ActionInput,
  applyProgress,
  deleteAction,
  getAction,
  knownActions,
  listActions,
  publicActions,
  saveAction,
} from '../store/actions.js';
import { actorOf, recordAudit } from '../store/audit.js';
import { listFindings } from '../store/findings.js';
import { fiscalYearQuery } from './committees.js';

const staff = { preHandler: requireRole('admin', 'supervisor') };

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `at most ${max} characters`));
const date = v.nullable(v.pipe(v.string(), v.check(isIsoDate, 'a date must be written YYYY-MM-DD')));
const actionSchema = v.pipe(
  v.strictObject({
    fiscalYear: v.pipe(
      v.number('fiscalYear must be a number'),
      v.integer(),
      v.minValue(2500, 'fiscalYear must be a Buddhist-era year such as 2570'),
      v.maxValue(2700, 'fiscalYear must be a Buddhist-era year such as 2570'),
    ),
    title: v.pipe(text(300), v.nonEmpty('the title is empty')),
    description: v.optional(text(4000), ''),
    owner: v.optional(text(300), ''),
    startsOn: v.optional(date, null),
    endsOn: v.optional(date, null),
    status: v.picklist(ACTION_STATUSES, `status must be one of ${ACTION_STATUSES.join(', ')}`),
    progress: v.optional(
      v.pipe(v.number(), v.integer('progress must be a whole number'), v.minValue(0), v.maxValue(100)),
    ),
    public: v.optional(v.boolean(), false),
    milestones: v.optional(
      v.pipe(
        v.array(
          v.strictObject({
            id: v.optional(v.pipe(v.string(), v.uuid('a milestone id must be a UUID'))),
            title: v.pipe(text(300), v.nonEmpty('a milestone has no title')),
            dueOn: v.optional(date, null),
            doneOn: v.optional(date, null),
          }),
        ),
        v.maxLength(50, 'at most 50 milestones'),
      ),
      [],
    ),
    findings: v.optional(
      v.pipe(
        v.array(
          v.strictObject({
            key: v.pipe(
              v.string(),
              v.maxLength(300),
              v.check((k) => kindOfKey(k) !== undefined, 'a finding key starts with gap:, ipa:, topic: or activity:'),
            ),
          }),
        ),
        v.maxLength(100, 'at most 100 findings'),
      ),
      [],
    ),
  }),
  v.check((a) => !a.startsOn || !a.endsOn || a.startsOn <= a.endsOn, 'the end date is before the start date'),
);

const issueOf = (issues: readonly v.BaseIssue<unknown>[]) => {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.');
  return where ? `${where}: ${issue?.message}` : (issue?.message ?? 'bad request');
};
const bad = (reply: FastifyReply, message: string) => reply.code(400).send({ error: 'bad_request', message });
const notFound = (reply: FastifyReply) => reply.code(404).send({ error: 'not_found', message: 'no such action' });

/** Registers the findings' and actions' routes. */
export async function registerActionRoutes(app: FastifyInstance, db: Db): Promise<void> {
  /**
   * The editor's body as an action to save: findings resolved to copies of this year's findings
   * (one linked before keeps its copy); undefined after answering 400.
   */
  const inputOf = async (
    body: unknown,
    previous: Action | undefined,
    schools: string[] | null,
    reply: FastifyReply,
  ) => {
    const parsed = v.safeParse(actionSchema, body);
    if (!parsed.success) return void bad(reply, issueOf(parsed.issues));
    const a = parsed.output;
    const keys = [...new Set(a.findings.map((f) => f.key))];
    const kept = new Map((previous?.findings ?? []).map((f) => [f.key, f]));
    const fresh = keys.some((k) => !kept.has(k)) ? await listFindings(db, a.fiscalYear, { schools }) : [];
    const findings = [];
    for (const key of keys) {
      const old = kept.get(key);
      if (old) {
        findings.push(old);
        continue;
      }
      const found = fresh.find((f) => f.key === key);
      if (!found) return void bad(reply, `findings: no finding ${key} in fiscal year ${a.fiscalYear}`);
      const { actions: _, ...finding } = found;
      findings.push({ key, finding });
    }
    const input: ActionInput = {
      ...a,
      milestones: a.milestones.map((m) => ({ id: m.id ?? newId(), title: m.title, dueOn: m.dueOn, doneOn: m.doneOn })),
      findings,
    };
    if (new Set(input.milestones.map((m) => m.id)).size !== input.milestones.length)
      return void bad(reply, 'milestones: two milestones have the same id');
    return input;
  };

  app.get<{ Querystring: { fiscalYear?: string; surveyId?: string } }>(
    '/api/v1/findings',
    staff,
    async (request, reply) => {
      const fy = fiscalYearQuery(request.query.fiscalYear, reply);
      if (!fy) return reply;
      const surveyId = request.query.surveyId;
      if (surveyId !== undefined && typeof surveyId !== 'string') return bad(reply, 'surveyId must be given once');
      const schools = allowedSchools(request, reply, undefined);
      if (schools === undefined) return reply;
      return {
        fiscalYear: fy,
        findings: await listFindings(db, fy, { ...(surveyId ? { surveyId: surveyId.slice(0, 64) } : {}), schools }),
      };
    },
  );

  app.get<{ Querystring: { fiscalYear?: string } }>('/api/v1/actions', staff, async (request, reply) => {
    const fy = fiscalYearQuery(request.query.fiscalYear, reply);
    if (!fy) return reply;
    return { fiscalYear: fy, actions: await listActions(db, fy) };
  });

  app.post('/api/v1/actions', staff, async (request, reply) => {
    // A finding's copy has the figures the caller sees (a supervisor limited to schools: theirs).
    const schools = allowedSchools(request, reply, undefined);
    if (schools === undefined) return reply;
    const input = await inputOf(request.body, undefined, schools, reply);
    if (!input) return reply;
    const id = newId();
    const actor = actorOf(request) ?? '';
    await db.transaction(async (tx) => {
      await saveAction(tx, id, input, actor, undefined);
      await recordAudit(tx, request, {
        action: 'action_created',
        target: id,
        details: { fiscalYear: input.fiscalYear, findings: input.findings.map((f) => f.key), public: input.public },
      });
    });
    return getAction(db, id);
  });

  app.put<{ Params: { id: string } }>('/api/v1/actions/:id', staff, async (request, reply) => {
    const previous = isUuid(request.params.id) ? await getAction(db, request.params.id) : undefined;
    if (!previous) return notFound(reply);
    const schools = allowedSchools(request, reply, undefined);
    if (schools === undefined) return reply;
    const input = await inputOf(request.body, previous, schools, reply);
    if (!input) return reply;
    const actor = actorOf(request) ?? '';
    await db.transaction(async (tx) => {
      await saveAction(tx, previous.id, input, actor, previous);
      await recordAudit(tx, request, {
        action: 'action_changed',
        target: previous.id,
        details: { status: input.status, findings: input.findings.map((f) => f.key) },
      });
      if (input.public !== previous.public)
        await recordAudit(tx, request, {
          action: input.public ? 'action_published' : 'action_unpublished',
          target: previous.id,
        });
    });
    return getAction(db, previous.id);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/actions/:id', staff, async (request, reply) => {
    const id = request.params.id;
    const deleted =
      isUuid(id) &&
      (await db.transaction(async (tx) => {
        const gone = await deleteAction(tx, id);
        if (gone) await recordAudit(tx, request, { action: 'action_deleted', target: id });
        return gone;
      }));
    if (!deleted) return notFound(reply);
    return { deleted: id };
  });

  app.get<{ Querystring: { fiscalYear?: string; format?: unknown } }>(
    '/api/v1/actions/export',
    staff,
    async (request, reply) => {
      const fy = fiscalYearQuery(request.query.fiscalYear, reply);
      const format = fy && formatOf(request.query.format ?? 'xlsx', reply);
      if (!fy || !format) return reply;
      const actions = await listActions(db, fy);
      await recordAudit(db, request, {
        action: 'export',
        target: 'actions',
        details: { fiscalYear: fy, format, rows: actions.length },
      });
      const name = `actions-${fy}`;
      if (format === 'json') return { fiscalYear: fy, actions };
      if (format === 'csv') return sendTable(reply, actionsTable(actions), 'csv', name);
      return reply
        .header('content-type', FILE_TYPES.xlsx)
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await actionsWorkbook(actionsTable(actions), name));
    },
  );

  // Like the other public routes, this fiscal year when none is asked for (the public page's /p).
  app.get<{ Querystring: { fiscalYear?: string } }>('/api/v1/public/actions', async (request, reply) => {
    const fy = fiscalYearQuery(request.query.fiscalYear, reply);
    if (!fy) return reply;
    reply.header('cache-control', 'no-cache');
    return { fiscalYear: fy, actions: await publicActions(db, fy) };
  });

  await app.register((scope, _options, done) => {
    acceptFiles(scope);
    scope.post('/api/v1/actions/import', staff, async (request, reply) => {
      try {
        const uploaded = await uploadedTable(request);
        const body = request.body as { actions?: unknown } | null;
        if (!uploaded && !Array.isArray(body?.actions))
          return reply.code(415).send({
            error: 'unsupported_media_type',
            message: 'send the file of GET /api/v1/actions/export as text/csv, as an .xlsx file, or its JSON',
          });
        const table = uploaded ?? jsonActionsTable(body?.actions as unknown[]);
        const actor = actorOf(request) ?? '';
        const result = await db.transaction(async (tx) => {
          const updates = parseProgressTable(table, await knownActions(tx));
          const changed = await applyProgress(tx, updates, actor);
          await recordAudit(tx, request, {
            action: 'actions_imported',
            details: { rows: updates.length, changed },
          });
          return { rows: updates.length, changed };
        });
        return result;
      } catch (error) {
        if (error instanceof TableError) return refuseFile(reply, error);
        throw error;
      }
    });
    done();
  });
}
