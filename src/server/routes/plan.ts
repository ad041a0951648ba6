/**
 * The participation plan's routes (docs/participation.md): read by staff as JSON, CSV or XLSX;
 * rows written, approved, published and imported by admins (an import is one transaction: a bad
 * row changes nothing); copy forward from last year; and the public view of what is published.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { isIsoDate } from '../../core/answers.js';
import { newId } from '../../core/ids.js';
import {
  type Approval,
  jsonRowsTable,
  LEVELS,
  parseEvidence,
  parsePlanTable,
  parseSource,
  type PlanRowInput,
  planTable,
  type PlanState,
} from '../../core/plan.js';
import { CODE } from '../../core/register.js';
import { TableError } from '../../core/table.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { acceptFiles, fiscalYearOf, formatOf, refuseFile, sendTable, uploadedTable } from '../plan-files.js';
import { actorOf, recordAudit } from '../store/audit.js';
import {
  addRow,
  copyForward,
  deleteRow,
  listPlan,
  moveRows,
  PlanConflict,
  replacePlan,
  rowState,
  setProgress,
  updateRow,
} from '../store/plan.js';
import { getRegister, yearInUse } from '../store/register.js';
import { fiscalYearQuery } from './committees.js';
import { publicPlan } from './plan-public.js';

const staff = { preHandler: requireRole('admin', 'supervisor') };
const admin = { preHandler: requireRole('admin') };

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const code = v.pipe(v.string(), v.regex(CODE));
const rowSchema = v.strictObject({
  mission: code,
  group: code,
  level: v.picklist(LEVELS),
  expectation: text(4000),
  evidence: v.nullable(v.pipe(v.string(), v.maxLength(300))),
  channels: v.pipe(v.array(code), v.maxLength(50)),
  frequency: text(200),
  practice: text(4000),
  indicator: v.strictObject({
    what: text(1000),
    target: v.nullable(v.pipe(v.number(), v.finite())),
    unit: text(100),
    source: v.pipe(v.string(), v.maxLength(300)),
  }),
  responsibleUnit: text(500),
  responsiblePerson: text(500),
  note: text(4000),
});
const statesSchema = v.strictObject({
  fiscalYear: v.pipe(v.number(), v.integer(), v.minValue(2500), v.maxValue(2700)),
  ids: v.optional(v.pipe(v.array(v.pipe(v.string(), v.uuid())), v.maxLength(5000))),
  approval: v.optional(
    v.strictObject({
      by: v.pipe(text(200), v.nonEmpty()),
      position: text(200),
      date: v.pipe(v.string(), v.check(isIsoDate, 'date must be written YYYY-MM-DD')),
    }),
  ),
});
const progressSchema = v.strictObject({
  value: v.nullable(v.pipe(v.number(), v.finite())),
  problem: text(4000),
  done: text(4000),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const bad = (reply: FastifyReply, message: string) => reply.code(400).send({ error: 'bad_request', message });
const issueOf = (issues: readonly v.BaseIssue<unknown>[]) => {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.');
  return where ? `${where}: ${issue?.message}` : (issue?.message ?? 'bad request');
};

/** Registers the plan's routes. */
export async function registerPlanRoutes(app: FastifyInstance, db: Db): Promise<void> {
  /** A row from the editor, checked against the register of its year; undefined after answering. */
  const rowOf = async (body: unknown, fiscalYear: number, reply: FastifyReply): Promise<PlanRowInput | undefined> => {
    const parsed = v.safeParse(rowSchema, body);
    if (!parsed.success) return void bad(reply, issueOf(parsed.issues));
    const r = parsed.output;
    const evidence = parseEvidence(r.evidence ?? '');
    const source = parseSource(r.indicator.source);
    if (evidence === undefined) return void bad(reply, 'evidence must be survey/fiscal-year/item|dimension/id');
    if (!source) return void bad(reply, 'indicator.source must be manual, activities or survey:…');
    const register = await getRegister(db, fiscalYear);
    if (!register.missions.some((m) => m.code === r.mission))
      return void bad(reply, `no mission ${r.mission} in ${fiscalYear}`);
    if (!register.groups.some((g) => g.id === r.group)) return void bad(reply, `no group ${r.group} in ${fiscalYear}`);
    const unknown = r.channels.find((c) => !register.channels.some((x) => x.id === c));
    if (unknown) return void bad(reply, `no channel ${unknown} in the office's list`);
    return { ...r, evidence, indicator: { ...r.indicator, source } };
  };
  const duplicate = (error: unknown) => (error as { code?: string }).code === '23505';

  app.get<{ Querystring: { fiscalYear?: unknown; format?: unknown } }>(
    '/api/v1/plan',
    staff,
    async (request, reply) => {
      const fy = fiscalYearOf(request.query.fiscalYear, reply);
      const format = fy && formatOf(request.query.format, reply);
      if (!fy || !format) return reply;
      const rows = await listPlan(db, fy);
      if (format !== 'json') return sendTable(reply, planTable(rows), format, `plan-${fy}`);
      const register = await getRegister(db, fy);
      return { format: 'siang-plan', version: 1, ...register, rows };
    },
  );

  app.post<{ Querystring: { fiscalYear?: unknown } }>('/api/v1/plan/rows', admin, async (request, reply) => {
    const fy = fiscalYearOf(request.query.fiscalYear, reply);
    if (!fy) return reply;
    const input = await rowOf(request.body, fy, reply);
    if (!input) return reply;
    const id = newId();
    try {
      await addRow(db, id, fy, input, actorOf(request));
    } catch (error) {
      if (duplicate(error))
        return reply
          .code(409)
          .send({ error: 'conflict', message: 'the plan has a row for this mission, group and level' });
      throw error;
    }
    return { id };
  });

  app.put<{ Params: { id: string } }>('/api/v1/plan/rows/:id', admin, async (request, reply) => {
    const found = UUID.test(request.params.id) ? await rowState(db, request.params.id) : undefined;
    if (!found) return reply.code(404).send({ error: 'not_found', message: 'no such plan row' });
    const input = await rowOf(request.body, found.fiscalYear, reply);
    if (!input) return reply;
    try {
      await updateRow(db, request.params.id, input, actorOf(request));
    } catch (error) {
      if (duplicate(error))
        return reply
          .code(409)
          .send({ error: 'conflict', message: 'the plan has a row for this mission, group and level' });
      throw error;
    }
    return { id: request.params.id, state: 'draft' };
  });

  app.delete<{ Params: { id: string } }>('/api/v1/plan/rows/:id', admin, async (request, reply) => {
    const found = UUID.test(request.params.id) ? await rowState(db, request.params.id) : undefined;
    if (!found) return reply.code(404).send({ error: 'not_found', message: 'no such plan row' });
    if (found.state === 'published')
      return reply.code(409).send({ error: 'conflict', message: 'unpublish the row before removing it' });
    await deleteRow(db, request.params.id);
    return { id: request.params.id, deleted: true };
  });

  const transitions = [
    ['approve', 'draft', 'approved', 'plan_approved'],
    ['publish', 'approved', 'published', 'plan_published'],
    ['unpublish', 'published', 'approved', 'plan_unpublished'],
  ] as const;
  for (const [name, from, to, action] of transitions) {
    app.post(`/api/v1/plan/${name}`, admin, async (request, reply) => {
      const parsed = v.safeParse(statesSchema, request.body);
      if (!parsed.success) return bad(reply, issueOf(parsed.issues));
      const { fiscalYear, ids, approval } = parsed.output;
      if (name === 'approve' && !approval) return bad(reply, 'approval: who approved, their position and the date');
      const moved = await db.transaction(async (tx) => {
        const done = await moveRows(tx, fiscalYear, from as PlanState, to as PlanState, {
          ids,
          ...(approval ? { approval: approval as Approval } : {}),
          actor: actorOf(request),
        });
        if (done.length)
          await recordAudit(tx, request, {
            action,
            target: String(fiscalYear),
            details: {
              rows: done.length,
              ...(approval ? { by: approval.by, position: approval.position, date: approval.date } : {}),
            },
          });
        return done;
      });
      return { fiscalYear, state: to, ids: moved };
    });
  }

  app.put<{ Params: { id: string; round: string } }>(
    '/api/v1/plan/rows/:id/progress/:round',
    admin,
    async (request, reply) => {
      const round = Number(request.params.round);
      if (round !== 6 && round !== 12) return bad(reply, 'round must be 6 or 12');
      const found = UUID.test(request.params.id) ? await rowState(db, request.params.id) : undefined;
      if (!found) return reply.code(404).send({ error: 'not_found', message: 'no such plan row' });
      const parsed = v.safeParse(progressSchema, request.body);
      if (!parsed.success) return bad(reply, issueOf(parsed.issues));
      await setProgress(db, request.params.id, round, parsed.output, actorOf(request));
      const row = (await listPlan(db, found.fiscalYear)).find((r) => r.id === request.params.id);
      return row?.progress.find((p) => p.round === round);
    },
  );

  app.post('/api/v1/plan/copy-forward', admin, async (request, reply) => {
    const body = v.safeParse(
      v.strictObject({ from: statesSchema.entries.fiscalYear, to: statesSchema.entries.fiscalYear }),
      request.body,
    );
    if (!body.success) return bad(reply, issueOf(body.issues));
    const { from, to } = body.output;
    if (from === to) return bad(reply, 'from and to must be different fiscal years');
    if (await yearInUse(db, to))
      return reply.code(409).send({ error: 'conflict', message: `fiscal year ${to} already has a register or a plan` });
    const copied = await db.transaction(async (tx) => {
      const counts = await copyForward(tx, from, to, actorOf(request));
      await recordAudit(tx, request, {
        action: 'plan_copied_forward',
        target: String(to),
        details: { from, ...counts },
      });
      return counts;
    });
    return { from, to, ...copied };
  });

  // Like the other public routes, this fiscal year when none is asked for (the public page's /p).
  app.get<{ Querystring: { fiscalYear?: unknown } }>('/api/v1/public/plan', async (request, reply) => {
    const fy = fiscalYearQuery(request.query.fiscalYear, reply);
    if (!fy) return reply;
    reply.header('cache-control', 'no-cache');
    return publicPlan(db, fy);
  });

  await app.register((scope, _options, done) => {
    acceptFiles(scope);
    scope.post<{ Querystring: { fiscalYear?: unknown } }>('/api/v1/plan/import', admin, async (request, reply) => {
      const fy = fiscalYearOf(request.query.fiscalYear, reply);
      if (!fy) return reply;
      try {
        const uploaded = await uploadedTable(request);
        const body = request.body as { rows?: unknown } | null;
        if (!uploaded && !Array.isArray(body?.rows))
          return reply.code(415).send({
            error: 'unsupported_media_type',
            message: 'send the plan as text/csv, as an .xlsx file, or as the JSON of GET /api/v1/plan',
          });
        const table = uploaded ?? jsonRowsTable(body?.rows as unknown[]);
        const register = await getRegister(db, fy);
        const rows = parsePlanTable(table, {
          fiscalYear: fy,
          missions: new Set(register.missions.map((m) => m.code)),
          groups: new Set(register.groups.map((g) => g.id)),
          channels: new Set(register.channels.map((c) => c.id)),
          newId: () => newId(),
        });
        await db.transaction(async (tx) => {
          await replacePlan(tx, fy, rows, actorOf(request));
          await recordAudit(tx, request, {
            action: 'plan_imported',
            target: String(fy),
            details: { rows: rows.length },
          });
        });
        return { fiscalYear: fy, rows: rows.length };
      } catch (error) {
        if (error instanceof TableError) return refuseFile(reply, error);
        if (error instanceof PlanConflict) return reply.code(409).send({ error: 'conflict', message: error.message });
        throw error;
      }
    });
    done();
  });
}
