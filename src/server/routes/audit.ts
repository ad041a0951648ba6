/**
 * `GET /api/v1/audit`: the audit log for administrators, filtered and paged, or as a CSV file
 * (`format=csv`, every matching entry). Reading the file is itself an export, and is logged.
 */
import type { FastifyInstance } from 'fastify';
import { AUDIT_ACTIONS, type AuditAction } from '../../core/audit.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { csvLine, neutralise } from '../exports.js';
import { type AuditQuery, listAudit, recordAudit } from '../store/audit.js';

type Query = Partial<Record<'action' | 'actor' | 'target' | 'from' | 'to' | 'limit' | 'offset' | 'format', unknown>>;

/** A day (YYYY-MM-DD, office time) or an ISO time, as an ISO time; `end` makes a day exclusive-next. */
function timeOf(value: string, end: boolean): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00+07:00`);
    if (Number.isNaN(start)) return undefined;
    return new Date(start + (end ? 86_400_000 : 0)).toISOString();
  }
  const t = Date.parse(value);
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(t) ? new Date(t).toISOString() : undefined;
}

const CSV_PAGE = 5_000;

/** Registers the audit log's route (administrators, by session or API token). */
export async function registerAuditRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.get<{ Querystring: Query }>('/api/v1/audit', { preHandler: requireRole('admin') }, async (request, reply) => {
    const q = request.query;
    const bad = (message: string) => reply.code(400).send({ error: 'bad_request', message });
    for (const [key, value] of Object.entries(q))
      if (typeof value !== 'string') return bad(`${key} must be given once`);
    const text = q as Partial<Record<keyof Query, string>>;
    const query: AuditQuery = {};
    if (text.action) {
      if (!(AUDIT_ACTIONS as readonly string[]).includes(text.action)) return bad('unknown action');
      query.action = text.action as AuditAction;
    }
    if (text.actor) query.actor = text.actor.slice(0, 200);
    if (text.target) query.target = text.target.slice(0, 200);
    for (const key of ['from', 'to'] as const) {
      const value = text[key];
      if (!value) continue;
      const time = timeOf(value, key === 'to');
      if (!time) return bad(`${key} must be a date (YYYY-MM-DD) or an ISO time`);
      query[key] = time;
    }
    const whole = (value: string | undefined, max: number) => {
      if (value === undefined || value === '') return undefined;
      const n = Number(value);
      return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : Number.NaN;
    };
    const limit = whole(text.limit, 1_000);
    const offset = whole(text.offset, 1_000_000_000);
    if (Number.isNaN(limit) || Number.isNaN(offset)) return bad('limit and offset are whole numbers');
    if (text.format !== undefined && text.format !== 'csv' && text.format !== 'json')
      return bad('format is csv or json');
    if (text.format !== 'csv') return listAudit(db, { ...query, limit: limit ?? 50, offset: offset ?? 0 });

    const lines = [csvLine(['at', 'actor', 'action', 'target', 'details', 'address'])];
    let count = 0;
    for (let page = 0; ; page += CSV_PAGE) {
      const { items } = await listAudit(db, { ...query, limit: CSV_PAGE, offset: page });
      for (const e of items)
        lines.push(
          csvLine(
            [e.at, e.actor ?? '', e.action, e.target ?? '', JSON.stringify(e.details), e.address ?? ''].map(neutralise),
          ),
        );
      count += items.length;
      if (items.length < CSV_PAGE) break;
    }
    await recordAudit(db, request, {
      action: 'export',
      target: 'audit',
      details: { format: 'csv', rows: count, filters: { ...query } },
    });
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${day}.csv"`)
      .send(`\uFEFF${lines.join('')}`);
  });
}
