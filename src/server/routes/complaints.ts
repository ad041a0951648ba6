/**
 * The complaints case tracker: responses to `complaint` surveys as cases with a type, an assignee,
 * a due date, a status, a public reply (what the sender sees on /track), an internal note (never
 * shown outside the office) and a history of every change; reply templates; the "new cases"
 * badge; a fiscal year's statistics with their export. The only place where contact details are
 * shown, and only to signed-in staff.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { isIsoDate } from '../../core/answers.js';
import { CASE_LABELS, CASE_STATUSES, CASE_TYPES, type ComplaintStats } from '../../core/complaint-cases.js';
import type { TableCell } from '../../core/table.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { fiscalYearOf, formatOf, sendTable } from '../plan-files.js';
import { recordAudit, recordAuditMany } from '../store/audit.js';
import { complaintStats } from '../store/complaint-stats.js';
import {
  caseBadge,
  caseCalendar,
  caseExists,
  caseHistory,
  changeCase,
  deleteTemplate,
  listCases,
  listTemplates,
  saveTemplate,
  staffNames,
} from '../store/complaints.js';

/** Handling states. */
export const COMPLAINT_STATUSES = CASE_STATUSES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A name of a unit or a person: trimmed; empty means none. */
const assignee = v.nullable(
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(200),
    v.transform((s) => s || null),
  ),
);

const patchSchema = v.strictObject({
  status: v.optional(v.picklist(CASE_STATUSES)),
  note: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
  type: v.optional(v.picklist(CASE_TYPES)),
  assigneeUnit: v.optional(assignee),
  assigneeUser: v.optional(assignee),
  dueOn: v.optional(v.nullable(v.pipe(v.string(), v.check(isIsoDate, 'dueOn must be a day YYYY-MM-DD')))),
  publicReply: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
});

const templateSchema = v.strictObject({
  title: v.pipe(v.string(), v.trim(), v.minLength(1, 'a template needs a title'), v.maxLength(200)),
  body: v.pipe(v.string(), v.trim(), v.minLength(1, 'a template needs a text'), v.maxLength(10_000)),
});

const bad = (reply: FastifyReply, message: string | undefined) =>
  reply.code(400).send({ error: 'bad_request', message: message ?? 'bad request' });

/** Signed-in staff only: answers 403 to an API token and returns false. */
function signedInStaff(
  request: FastifyRequest,
  reply: FastifyReply,
): request is FastifyRequest & {
  principal: { kind: 'user'; name: string; schools: string[] | null };
} {
  if (request.principal?.kind === 'user') return true;
  void reply.code(403).send({ error: 'forbidden', message: 'the inbox is for signed-in staff' });
  return false;
}

/** A query parameter given at most once, as text. */
function once(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

/** The statistics as a table for the annual complaints report (Thai headers unless lang=en). */
function statsTable(stats: ComplaintStats, lang: 'th' | 'en'): TableCell[][] {
  const th = lang === 'th';
  const label = (k: keyof typeof CASE_LABELS) => CASE_LABELS[k][lang];
  const pct = (n: number) => (stats.total ? Math.round((n / stats.total) * 10_000) / 100 : null);
  return [
    [
      th
        ? `สถิติเรื่องร้องเรียนและข้อเสนอแนะ ปีงบประมาณ พ.ศ. ${stats.fiscalYear}`
        : `Complaints and suggestions, fiscal year ${stats.fiscalYear} BE`,
    ],
    th ? ['หัวข้อ', 'รายการ', 'จำนวน (เรื่อง)', 'ร้อยละ'] : ['Section', 'Item', 'Cases', 'Percent'],
    [th ? 'ภาพรวม' : 'Overall', th ? 'เรื่องทั้งหมด' : 'All cases', stats.total, stats.total ? 100 : null],
    ...CASE_TYPES.map((k) => [th ? 'ประเภท' : 'Type', label(k), stats.byType[k], pct(stats.byType[k])]),
    ...CASE_STATUSES.map((k) => [th ? 'สถานะ' : 'Status', label(k), stats.byStatus[k], pct(stats.byStatus[k])]),
    ...stats.byUnit.map((u) => [
      th ? 'หน่วยงานที่รับผิดชอบ' : 'Assigned unit',
      u.unit || (th ? 'ยังไม่มอบหมาย' : 'Not assigned'),
      u.n,
      pct(u.n),
    ]),
    [
      th ? 'ผลการดำเนินการ' : 'Handling',
      th ? 'ดำเนินการแล้วเสร็จ (ตอบกลับหรือปิดเรื่อง)' : 'Finished (answered or closed)',
      stats.closed,
      pct(stats.closed),
    ],
    [
      th ? 'ผลการดำเนินการ' : 'Handling',
      th ? 'แล้วเสร็จภายในเวลาที่กำหนด' : 'Finished within the promised time',
      stats.withinPromise.n,
      stats.withinPromise.percent,
    ],
    [th ? 'ระยะเวลาดำเนินการ (วัน)' : 'Days to finish', th ? 'มัธยฐาน' : 'Median', stats.daysToClose.median, null],
    [th ? 'ระยะเวลาดำเนินการ (วัน)' : 'Days to finish', th ? 'ค่าเฉลี่ย' : 'Mean', stats.daysToClose.mean, null],
  ];
}

/** Registers the case tracker's routes (signed-in staff; contact details never go to API tokens). */
export async function registerComplaintRoutes(app: FastifyInstance, db: Db): Promise<void> {
  const staff = requireRole('admin', 'supervisor');

  app.get<{ Querystring: Record<string, unknown> }>(
    '/api/v1/complaints',
    { preHandler: staff },
    async (request, reply) => {
      if (!signedInStaff(request, reply)) return reply;
      const query = request.query;
      const [status, type, who, overdue, q] = ['status', 'type', 'assignee', 'overdue', 'q'].map((k) => once(query[k]));
      if ([status, type, who, overdue, q].includes(null)) return bad(reply, 'each filter must be given once');
      if (status && !(CASE_STATUSES as readonly string[]).includes(status)) return bad(reply, 'unknown status');
      if (type && !(CASE_TYPES as readonly string[]).includes(type)) return bad(reply, 'unknown type');
      if (overdue !== undefined && overdue !== '1' && overdue !== '0' && overdue !== '')
        return bad(reply, 'overdue must be 1');
      const limit = Math.min(Math.max(Number(query.limit ?? 50) || 50, 1), 200);
      // A whole number PostgreSQL takes as OFFSET (1e30 would be written 1e+30: a 500).
      const offset = Math.min(Math.max(Math.trunc(Number(query.offset ?? 0)) || 0, 0), 1_000_000_000);
      const list = await listCases(
        db,
        {
          ...(status ? { status: status as (typeof CASE_STATUSES)[number] } : {}),
          ...(type ? { type: type as (typeof CASE_TYPES)[number] } : {}),
          ...(who?.trim() ? { assignee: who.trim() } : {}),
          ...(overdue === '1' ? { overdue: true } : {}),
          ...(q?.trim() ? { q: q.trim().slice(0, 200) } : {}),
          limit,
          offset,
        },
        request.principal.schools,
      );
      request.log.info({ count: list.items.length }, 'complaints listed');
      // The inbox shows each complaint's contact details: who saw whose is logged, by response id.
      await recordAuditMany(
        db,
        request,
        list.items.map((r) => ({ action: 'contact_viewed' as const, target: r.id, details: { surveyId: r.surveyId } })),
      );
      return list;
    },
  );

  app.get('/api/v1/complaints/badge', { preHandler: staff }, async (request, reply) => {
    if (!signedInStaff(request, reply)) return reply;
    reply.header('cache-control', 'no-store');
    return caseBadge(db, request.principal.schools);
  });

  app.get<{ Querystring: { fiscalYear?: unknown; format?: unknown; lang?: unknown } }>(
    '/api/v1/complaints/stats',
    { preHandler: staff },
    async (request, reply) => {
      if (!signedInStaff(request, reply)) return reply;
      const fy = fiscalYearOf(request.query.fiscalYear, reply);
      if (!fy) return reply;
      const format = formatOf(request.query.format, reply);
      if (!format) return reply;
      const lang = request.query.lang === 'en' ? 'en' : 'th';
      const stats = await complaintStats(db, fy, request.principal.schools);
      if (format === 'json') return stats;
      await recordAudit(db, request, {
        action: 'export',
        target: 'complaint-stats',
        details: { fiscalYear: fy, format },
      });
      return sendTable(reply, statsTable(stats, lang), format, `complaint-stats-${fy}`);
    },
  );

  /** The case of `:id` in the caller's scope, or undefined after answering 404. */
  const findCase = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const schools = request.principal?.kind === 'user' ? request.principal.schools : null;
    // A well-formed UUID only: anything else (36 dashes, say) would make the ::uuid cast fail with a 500.
    if (UUID.test(request.params.id) && (await caseExists(db, request.params.id, schools))) return request.params.id;
    void reply.code(404).send({ error: 'not_found', message: 'no such complaint' });
    return undefined;
  };

  app.get<{ Params: { id: string } }>('/api/v1/complaints/:id', { preHandler: staff }, async (request, reply) => {
    if (!signedInStaff(request, reply)) return reply;
    const found = UUID.test(request.params.id)
      ? await listCases(db, { id: request.params.id, limit: 1, offset: 0 }, request.principal.schools)
      : undefined;
    const item = found?.items[0];
    if (!found || !item) return reply.code(404).send({ error: 'not_found', message: 'no such complaint' });
    await recordAudit(db, request, { action: 'contact_viewed', target: item.id, details: { surveyId: item.surveyId } });
    return { item, units: found.units, people: found.people, replyDays: (await caseCalendar(db)).replyDays };
  });

  app.patch<{ Params: { id: string } }>('/api/v1/complaints/:id', { preHandler: staff }, async (request, reply) => {
    if (!signedInStaff(request, reply)) return reply;
    // valibot's object schemas take an array as an object with no keys: [] would record a change.
    if (Array.isArray(request.body)) return bad(reply, 'send the changes as a JSON object');
    const parsed = v.safeParse(patchSchema, request.body);
    if (!parsed.success) return bad(reply, parsed.issues[0]?.message);
    const id = await findCase(request, reply);
    if (!id) return reply;
    const change = parsed.output;
    if (change.assigneeUser && !(await staffNames(db)).includes(change.assigneeUser))
      return bad(reply, 'assigneeUser must be the name of a member of staff');
    const { state, changed } = await changeCase(db, id, change, request.principal.name);
    if (changed.length)
      await recordAudit(db, request, { action: 'complaint_changed', target: id, details: { changed } });
    return state;
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/complaints/:id/history',
    { preHandler: staff },
    async (request, reply) => {
      if (!signedInStaff(request, reply)) return reply;
      const id = await findCase(request, reply);
      if (!id) return reply;
      // Opening a case reads its history: from then on it is no longer "new" on the badge.
      return { events: await caseHistory(db, id, true) };
    },
  );

  app.get('/api/v1/complaint-templates', { preHandler: staff }, async (request, reply) => {
    if (!signedInStaff(request, reply)) return reply;
    return { templates: await listTemplates(db) };
  });

  app.post('/api/v1/complaint-templates', { preHandler: staff }, async (request, reply) => {
    if (!signedInStaff(request, reply)) return reply;
    const parsed = v.safeParse(templateSchema, request.body);
    if (!parsed.success) return bad(reply, parsed.issues[0]?.message);
    const saved = await saveTemplate(db, parsed.output, request.principal.name);
    await recordAudit(db, request, { action: 'complaint_template_saved', target: saved?.id ?? null });
    return saved;
  });

  app.put<{ Params: { id: string } }>(
    '/api/v1/complaint-templates/:id',
    { preHandler: staff },
    async (request, reply) => {
      if (!signedInStaff(request, reply)) return reply;
      const parsed = v.safeParse(templateSchema, request.body);
      if (!parsed.success) return bad(reply, parsed.issues[0]?.message);
      const saved = UUID.test(request.params.id)
        ? await saveTemplate(db, parsed.output, request.principal.name, request.params.id)
        : undefined;
      if (!saved) return reply.code(404).send({ error: 'not_found', message: 'no such template' });
      await recordAudit(db, request, { action: 'complaint_template_saved', target: saved.id });
      return saved;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/complaint-templates/:id',
    { preHandler: staff },
    async (request, reply) => {
      if (!signedInStaff(request, reply)) return reply;
      if (!UUID.test(request.params.id) || !(await deleteTemplate(db, request.params.id)))
        return reply.code(404).send({ error: 'not_found', message: 'no such template' });
      await recordAudit(db, request, { action: 'complaint_template_deleted', target: request.params.id });
      return { deleted: request.params.id };
    },
  );
}
