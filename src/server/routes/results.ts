/**
 * Supervisors' routes: the office's settings, a survey's results, its open answers, school
 * targets and the report text. Every route answers 401 without credentials and 403 outside the
 * caller's role or schools.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { isIsoDate } from '../../core/answers.js';
import { isPhoneText, MAX_REPLY_DAYS } from '../../core/office-reply.js';
import type { OpenAnswer, ResultsFilter } from '../../core/results.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { allowedSchools, requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { recordAudit } from '../store/audit.js';
import {
  getGroupTargets,
  getOffice,
  getReportText,
  getTargets,
  setGroupTargets,
  setOffice,
  setReportText,
  setTargets,
} from '../store/office.js';
import { surveyResults, whereOf } from '../store/results.js';
import { getSurvey, personalQuestionIds } from '../store/surveys.js';

/** Query-string filters: `fy`, `from`, `to`, `school` and `group` (each may repeat or be comma-separated). */
export interface FilterQuery {
  fy?: string;
  from?: string;
  to?: string;
  school?: string | string[];
  group?: string | string[];
}

function list(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const all = (Array.isArray(value) ? value : [value])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
  return all.length ? all.slice(0, 200) : undefined;
}

/** Parses the filters; answers 400 (and returns undefined) when one is malformed. */
export function parseFilter(query: FilterQuery, reply: FastifyReply): ResultsFilter | undefined {
  const filter: ResultsFilter = {};
  if (query.fy !== undefined) {
    const fy = Number(query.fy);
    if (!Number.isInteger(fy) || fy < 2500 || fy > 2700) {
      void reply
        .code(400)
        .send({ error: 'bad_request', message: 'fy must be a Buddhist-era fiscal year such as 2569' });
      return undefined;
    }
    filter.fiscalYear = fy;
  }
  for (const key of ['from', 'to'] as const) {
    const day = query[key];
    if (day === undefined || day === '') continue;
    if (!isIsoDate(day)) {
      void reply.code(400).send({ error: 'bad_request', message: `${key} must be a date written YYYY-MM-DD` });
      return undefined;
    }
    filter[key] = day;
  }
  const schools = list(query.school);
  const groups = list(query.group);
  if (schools) filter.schools = schools;
  if (groups) filter.groups = groups;
  return filter;
}

/** The survey of a route, with 404 when it is not published. */
export async function surveyOf(db: Db, id: string, reply: FastifyReply): Promise<SurveyDefinition | undefined> {
  const found = await getSurvey(db, id.slice(0, 64));
  if (!found) {
    void reply.code(404).send({ error: 'not_found', message: `no published survey ${id}` });
    return undefined;
  }
  return found.definition;
}

/**
 * Complaint texts and contacts are for signed-in staff only (as the inbox): an API token asking
 * for a complaint survey's answers gets 403. Returns true after answering.
 */
export function refusedToToken(request: FastifyRequest, reply: FastifyReply, survey: SurveyDefinition): boolean {
  if (survey.kind !== 'complaint' || request.principal?.kind !== 'token') return false;
  void reply
    .code(403)
    .send({ error: 'forbidden', message: 'complaint answers are for signed-in staff, not API tokens' });
  return true;
}

/** Filter and schools of a request, or undefined after answering 400/403. */
export function scopeOf(request: FastifyRequest<{ Querystring: FilterQuery }>, reply: FastifyReply) {
  const filter = parseFilter(request.query, reply);
  if (!filter) return undefined;
  const schools = allowedSchools(request, reply, filter.schools);
  if (schools === undefined) return undefined;
  return { filter, schools };
}

const staff = requireRole('admin', 'supervisor');
const admin = requireRole('admin');

const signatory = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.maxLength(200)),
  position: v.pipe(v.string(), v.trim(), v.maxLength(300)),
});
const officeSchema = v.strictObject({
  name: v.strictObject({
    th: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200)),
    en: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200)),
  }),
  bandSystem: v.picklist(['A', 'B']),
  sampleMethod: v.picklist(['yamane', 'krejcie-morgan']),
  dpo: v.optional(
    v.strictObject({
      phone: v.pipe(v.string(), v.trim(), v.maxLength(60)),
      email: v.pipe(
        v.string(),
        v.trim(),
        v.maxLength(200),
        v.check((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'not an e-mail address'),
      ),
      address: v.pipe(v.string(), v.trim(), v.maxLength(500)),
    }),
  ),
  replyDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_REPLY_DAYS))),
  followUp: v.optional(
    v.strictObject({
      phone: v.pipe(v.string(), v.trim(), v.maxLength(60), v.check(isPhoneText, 'not a phone number')),
      text: v.optional(
        v.strictObject({
          th: v.pipe(v.string(), v.trim(), v.maxLength(500)),
          en: v.pipe(v.string(), v.trim(), v.maxLength(500)),
        }),
      ),
    }),
  ),
  report: v.optional(v.strictObject({ reporter: signatory, director: signatory })),
});
const targetsSchema = v.pipe(
  v.array(
    v.strictObject({
      school: v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)),
      population: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000)),
    }),
  ),
  v.maxLength(5000),
);
const groupTargetsSchema = v.pipe(
  v.array(
    v.strictObject({
      group: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)),
      population: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000)),
    }),
  ),
  v.maxLength(100),
);
const reportSchema = v.strictObject({ usage: v.pipe(v.string(), v.maxLength(20_000)) });

function bad(reply: FastifyReply, issues: v.BaseIssue<unknown>[]) {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.');
  return reply
    .code(400)
    .send({ error: 'bad_request', message: where ? `${where}: ${issue?.message}` : issue?.message });
}

/** Registers the supervisors' routes. */
export async function registerResultsRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.get('/api/v1/office', { preHandler: staff }, async () => getOffice(db));
  app.put('/api/v1/office', { preHandler: admin }, async (request, reply) => {
    const parsed = v.safeParse(officeSchema, request.body);
    if (!parsed.success) return bad(reply, parsed.issues);
    // A body without the DPO contact, the complaint reply settings or the report's signature block
    // (an older screen) keeps the ones saved.
    const { dpo, replyDays, followUp, report, ...rest } = parsed.output;
    const saved = await getOffice(db);
    const kept = dpo ?? saved.dpo;
    const signatures = report ?? saved.report;
    const office = {
      ...rest,
      ...(kept ? { dpo: kept } : {}),
      replyDays: replyDays ?? saved.replyDays,
      followUp: followUp
        ? { phone: followUp.phone, ...(followUp.text ? { text: followUp.text } : {}) }
        : saved.followUp,
      ...(signatures ? { report: signatures } : {}),
    };
    await setOffice(db, office);
    // Which settings changed, by name: the values (the DPO's phone, say) stay out of the log.
    await recordAudit(db, request, { action: 'office_changed', details: { fields: Object.keys(office).sort() } });
    return office;
  });

  app.get<{ Params: { id: string }; Querystring: FilterQuery }>(
    '/api/v1/surveys/:id/results',
    { preHandler: staff },
    async (request, reply) => {
      const scope = scopeOf(request, reply);
      if (!scope) return reply;
      const survey = await surveyOf(db, request.params.id, reply);
      if (!survey) return reply;
      const office = await getOffice(db);
      return surveyResults(db, survey, scope.filter, scope.schools, office);
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: FilterQuery & { q?: string; question?: string; limit?: string; offset?: string };
  }>('/api/v1/surveys/:id/open-answers', { preHandler: staff }, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const survey = await surveyOf(db, request.params.id, reply);
    if (!survey || refusedToToken(request, reply, survey)) return reply;
    // Personal in any published version stays personal, for answers kept under that version too.
    const personal = await personalQuestionIds(db, survey.id);
    const open = survey.sections
      .flatMap((s) => s.questions)
      .filter((q) => (q.type === 'text' || q.type === 'long-text') && !q.personal && !personal.has(q.id))
      .map((q) => q.id);
    const questions = request.query.question ? open.filter((q) => q === request.query.question) : open;
    const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 200);
    // A whole number PostgreSQL takes as OFFSET (1e30 would be written 1e+30: a 500).
    const offset = Math.min(Math.max(Math.trunc(Number(request.query.offset ?? 0)) || 0, 0), 1_000_000_000);
    if (!questions.length) return { total: 0, answers: [] };
    const where = whereOf(survey.id, scope.filter, scope.schools);
    const params = [...where.params, questions];
    const qIndex = params.length;
    let search = '';
    // A repeated ?q= arrives as an array, which has no trim (a 500).
    if (request.query.q !== undefined && typeof request.query.q !== 'string')
      return reply.code(400).send({ error: 'bad_request', message: 'q must be given once' });
    const q = request.query.q?.trim().slice(0, 200);
    if (q) {
      // A literal search: % and _ typed by the person match themselves.
      params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      search = ` AND e.value ILIKE $${params.length}`;
    }
    const base = `FROM responses r, jsonb_each_text(r.answers) e
        WHERE ${where.sql} AND e.key = ANY($${qIndex}::text[]) AND length(trim(e.value)) > 0${search}`;
    const [count] = await db.query<{ n: number | string }>(`SELECT count(*) AS n ${base}`, params);
    const rows = await db.query<{ question: string; text: string; completed_at: Date | string }>(
      `SELECT e.key AS question, e.value AS text, r.completed_at ${base} ORDER BY r.completed_at DESC, r.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const answers: OpenAnswer[] = rows.map((r) => ({
      question: r.question,
      text: r.text,
      completedAt: new Date(r.completed_at).toISOString(),
    }));
    return { total: Number(count?.n ?? 0), answers };
  });

  app.get<{ Params: { id: string } }>('/api/v1/surveys/:id/targets', { preHandler: staff }, async (request, reply) => {
    if (!(await surveyOf(db, request.params.id, reply))) return reply;
    return getTargets(db, request.params.id);
  });
  app.put<{ Params: { id: string } }>('/api/v1/surveys/:id/targets', { preHandler: admin }, async (request, reply) => {
    const parsed = v.safeParse(targetsSchema, request.body);
    if (!parsed.success) return bad(reply, parsed.issues);
    if (!(await surveyOf(db, request.params.id, reply))) return reply;
    await setTargets(db, request.params.id, parsed.output);
    await recordAudit(db, request, {
      action: 'targets_changed',
      target: request.params.id,
      details: { schools: parsed.output.length },
    });
    return getTargets(db, request.params.id);
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/surveys/:id/group-targets',
    { preHandler: staff },
    async (request, reply) => {
      if (!(await surveyOf(db, request.params.id, reply))) return reply;
      return getGroupTargets(db, request.params.id);
    },
  );
  app.put<{ Params: { id: string } }>(
    '/api/v1/surveys/:id/group-targets',
    { preHandler: admin },
    async (request, reply) => {
      const parsed = v.safeParse(groupTargetsSchema, request.body);
      if (!parsed.success) return bad(reply, parsed.issues);
      if (!(await surveyOf(db, request.params.id, reply))) return reply;
      await setGroupTargets(db, request.params.id, parsed.output);
      await recordAudit(db, request, {
        action: 'targets_changed',
        target: request.params.id,
        details: { groups: parsed.output.length },
      });
      return getGroupTargets(db, request.params.id);
    },
  );

  // GET /api/v1/surveys/:id/report (the annual report, and this text without a format) is in report.ts.
  // The report text is the office's, for every school: only administrators write it.
  app.put<{ Params: { id: string }; Querystring: { fy?: string } }>(
    '/api/v1/surveys/:id/report',
    { preHandler: admin },
    async (request, reply) => {
      const filter = parseFilter({ fy: request.query.fy ?? '' }, reply);
      if (!filter?.fiscalYear) return reply.code(400).send({ error: 'bad_request', message: 'fy is required' });
      const parsed = v.safeParse(reportSchema, request.body);
      if (!parsed.success) return bad(reply, parsed.issues);
      if (!(await surveyOf(db, request.params.id, reply))) return reply;
      await setReportText(db, request.params.id, filter.fiscalYear, parsed.output.usage, request.principal?.name ?? '');
      await recordAudit(db, request, {
        action: 'report_text_changed',
        target: request.params.id,
        details: { fiscalYear: filter.fiscalYear },
      });
      return getReportText(db, request.params.id, filter.fiscalYear);
    },
  );
}
