/**
 * The audit log (table `audit_log`): written by the routes that sign in, export, show a
 * complainant's contact, change surveys, responses, users and tokens; read by admins.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditAction, AuditEntry } from '../../core/audit.js';
import type { Queryable } from '../db/database.js';

/** What a route records. */
export interface AuditInput {
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** The actor of a request as the log names it. */
export function actorOf(request: FastifyRequest): string | null {
  const p = request.principal;
  if (!p) return null;
  return p.kind === 'token' ? `token:${p.name}` : p.name;
}

/** Records one entry; `actor` defaults to the request's caller. */
export async function recordAudit(
  db: Queryable,
  request: FastifyRequest | null,
  entry: AuditInput & { actor?: string | null },
): Promise<void> {
  const actor = entry.actor !== undefined ? entry.actor : request ? actorOf(request) : null;
  await db.query('INSERT INTO audit_log (actor, action, target, details, address) VALUES ($1, $2, $3, $4::jsonb, $5)', [
    actor,
    entry.action,
    entry.target ?? null,
    JSON.stringify(entry.details ?? {}),
    request?.ip ?? null,
  ]);
}

/** Records several entries of one request in one statement (the complaints inbox, a page at a time). */
export async function recordAuditMany(
  db: Queryable,
  request: FastifyRequest,
  entries: readonly AuditInput[],
): Promise<void> {
  if (!entries.length) return;
  await db.query(
    `INSERT INTO audit_log (actor, action, target, details, address)
     SELECT $1, e.action, e.target, e.details, $2 FROM jsonb_to_recordset($3::jsonb) AS e(action text, target text, details jsonb)`,
    [
      actorOf(request),
      request.ip ?? null,
      JSON.stringify(entries.map((e) => ({ action: e.action, target: e.target ?? null, details: e.details ?? {} }))),
    ],
  );
}

/** Filters for reading the log. */
export interface AuditQuery {
  action?: AuditAction;
  actor?: string;
  target?: string;
  /** ISO times, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

interface Row {
  id: string | number;
  at: Date | string;
  actor: string | null;
  action: AuditAction;
  target: string | null;
  details: Record<string, unknown>;
  address: string | null;
}

/** Entries, newest first, and how many match in all. */
export async function listAudit(db: Queryable, q: AuditQuery = {}): Promise<{ total: number; items: AuditEntry[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.action) add('action = ?', q.action);
  if (q.actor) add('actor = ?', q.actor);
  if (q.target) add('target = ?', q.target);
  if (q.from) add('at >= ?::timestamptz', q.from);
  if (q.to) add('at < ?::timestamptz', q.to);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number(
    (await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM audit_log ${clause}`, params))[0]?.n ?? 0,
  );
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 10_000);
  const offset = Math.max(q.offset ?? 0, 0);
  const rows = await db.query<Row>(
    `SELECT * FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return {
    total,
    items: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: r.details,
      address: r.address,
    })),
  };
}
