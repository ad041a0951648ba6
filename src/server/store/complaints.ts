/**
 * Complaints as cases (tables `complaint_handling`, `complaint_events`, `complaint_reply_templates`):
 * the staff list with its filters, a case's changes written with their history in one transaction,
 * the history, the "new cases" badge, and the reply templates. A case's default due date is the
 * office's promised working days after the day it was received (Asia/Bangkok).
 */
import {
  type CaseEvent,
  type CaseItem,
  type CaseStatus,
  type CaseType,
  caseTypeOf,
  DEFAULT_REPLY_DAYS,
  type EventKind,
  FINISHED_STATUSES,
  type ReplyTemplate,
} from '../../core/complaint-cases.js';
import { newId } from '../../core/ids.js';
import { addWorkingDays, bangkokDay, lastDayOverdue } from '../../core/working-days.js';
import type { Db, Queryable } from '../db/database.js';
import { getOffice } from './office.js';

/** The promised reply time and the office's holidays (optional office settings). */
export interface CaseCalendar {
  replyDays: number;
  holidays: readonly string[];
}

/** Reads the office's `replyDays` (default 15 working days) and `holidays` (default none). */
export async function caseCalendar(db: Queryable): Promise<CaseCalendar> {
  const office = (await getOffice(db)) as { replyDays?: unknown; holidays?: unknown };
  const days = office.replyDays;
  const holidays = office.holidays;
  return {
    replyDays: typeof days === 'number' && Number.isInteger(days) && days >= 0 ? days : DEFAULT_REPLY_DAYS,
    holidays: Array.isArray(holidays) ? holidays.filter((h): h is string => typeof h === 'string') : [],
  };
}

/** The due day of a case: its own, else the promised working days after the day it was received. */
export function dueOf(dueOn: string | null, completedAt: Date | string, calendar: CaseCalendar): string {
  return dueOn ?? addWorkingDays(bangkokDay(completedAt), calendar.replyDays, calendar.holidays);
}

/** The SQL of a case's type (staff's, else the form's category, else 'complaint'). */
const TYPE_SQL = `coalesce(h.case_type, CASE r.answers ->> 'category'
  WHEN 'service_complaint' THEN 'complaint' WHEN 'staff_conduct' THEN 'misconduct' WHEN 'suggestion' THEN 'suggestion'
  WHEN 'compliment' THEN 'compliment' WHEN 'information_request' THEN 'information' ELSE 'complaint' END)`;

/** The cases of complaint forms, not deleted, with their handling (joined as `h`). */
export const CASES_FROM = `FROM responses r JOIN surveys s ON s.id = r.survey_id AND s.version = r.survey_version
  LEFT JOIN complaint_handling h ON h.response_id = r.id WHERE s.kind = 'complaint' AND r.deleted_at IS NULL`;

/** Filters of the list. */
export interface CaseFilter {
  /** One case only. */
  id?: string;
  status?: CaseStatus;
  type?: CaseType;
  /** A unit or a person, matched exactly. */
  assignee?: string;
  overdue?: boolean;
  /** Searched in the answers' values, the note and the public reply. */
  q?: string;
  limit: number;
  offset: number;
}

interface CaseRow {
  id: string;
  survey_id: string;
  survey_version: number;
  answers: Record<string, unknown>;
  completed_at: Date | string;
  receipt_code: string | null;
  status: string | null;
  note: string | null;
  updated_at: Date | string | null;
  updated_by: string | null;
  case_type: string | null;
  assignee_unit: string | null;
  assignee_user: string | null;
  due_on: string | null;
  public_reply: string | null;
  public_reply_at: Date | string | null;
  seen_at: Date | string | null;
}

const CASE_FIELDS = `r.id, r.survey_id, r.survey_version, r.answers, r.completed_at, r.receipt_code,
  h.status, h.note, h.updated_at, h.updated_by, h.case_type, h.assignee_unit, h.assignee_user,
  to_char(h.due_on, 'YYYY-MM-DD') AS due_on, h.public_reply, h.public_reply_at, h.seen_at`;

const iso = (at: Date | string | null) => (at ? new Date(at).toISOString() : null);

function itemOf(r: CaseRow, calendar: CaseCalendar, today: string): CaseItem {
  const status = (r.status ?? 'new') as CaseStatus;
  const dueOn = dueOf(r.due_on, r.completed_at, calendar);
  return {
    id: r.id,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    completedAt: new Date(r.completed_at).toISOString(),
    answers: r.answers,
    status,
    note: r.note ?? '',
    // Opening a case is not a change: only a change names who made it, and when.
    updatedAt: r.updated_by === null ? null : iso(r.updated_at),
    updatedBy: r.updated_by,
    type: caseTypeOf(r.case_type, r.answers.category),
    assigneeUnit: r.assignee_unit,
    assigneeUser: r.assignee_user,
    dueOn,
    overdue: !FINISHED_STATUSES.includes(status) && dueOn < today,
    publicReply: r.public_reply ?? '',
    publicReplyAt: iso(r.public_reply_at),
    receiptCode: r.receipt_code,
    seen: r.seen_at !== null,
  };
}

/** The SQL condition and parameters of "overdue today". */
function overdueSql(params: unknown[], calendar: CaseCalendar, today: string): string {
  params.push(today, lastDayOverdue(today, calendar.replyDays, calendar.holidays));
  const t = params.length - 1;
  return `(coalesce(h.status, 'new') NOT IN ('answered', 'closed') AND CASE WHEN h.due_on IS NOT NULL
    THEN h.due_on < $${t}::date ELSE (r.completed_at AT TIME ZONE 'Asia/Bangkok')::date <= $${t + 1}::date END)`;
}

/** The scope of a supervisor limited to some schools (null: every case). */
function scopeSql(params: unknown[], schools: readonly string[] | null): string {
  if (!schools) return '';
  params.push(schools);
  return ` AND r.school = ANY($${params.length}::text[])`;
}

/** One page of cases, newest first, with the number matched and the units and people to assign. */
export async function listCases(
  db: Queryable,
  filter: CaseFilter,
  schools: readonly string[] | null,
  today = bangkokDay(new Date()),
): Promise<{ total: number; items: CaseItem[]; units: string[]; people: string[] }> {
  const calendar = await caseCalendar(db);
  const params: unknown[] = [];
  let where = scopeSql(params, schools);
  if (filter.id) {
    params.push(filter.id);
    where += ` AND r.id = $${params.length}::uuid`;
  }
  if (filter.status) {
    params.push(filter.status);
    where += ` AND coalesce(h.status, 'new') = $${params.length}`;
  }
  if (filter.type) {
    params.push(filter.type);
    where += ` AND ${TYPE_SQL} = $${params.length}`;
  }
  if (filter.assignee) {
    params.push(filter.assignee);
    where += ` AND (h.assignee_unit = $${params.length} OR h.assignee_user = $${params.length})`;
  }
  if (filter.overdue) where += ` AND ${overdueSql(params, calendar, today)}`;
  if (filter.q) {
    params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const p = `$${params.length}`;
    // A receipt number as read over the phone: any case, with or without its dash.
    params.push(filter.q.toUpperCase().replace(/[\s-]/g, ''));
    const code = `$${params.length}`;
    // The answers' values, the note and the public reply, never the question ids ("reply", "_").
    where += ` AND (EXISTS (SELECT 1 FROM jsonb_each_text(r.answers) a WHERE a.value ILIKE ${p})
      OR h.note ILIKE ${p} OR h.public_reply ILIKE ${p} OR r.receipt_code = ${code})`;
  }
  const [count] = await db.query<{ n: number | string }>(`SELECT count(*) AS n ${CASES_FROM}${where}`, params);
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_FIELDS} ${CASES_FROM}${where}
     ORDER BY r.completed_at DESC, r.id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`,
    params,
  );
  const units = await db.query<{ unit: string }>(
    `SELECT DISTINCT assignee_unit AS unit FROM complaint_handling WHERE assignee_unit IS NOT NULL ORDER BY 1`,
  );
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => itemOf(r, calendar, today)),
    units: units.map((u) => u.unit),
    people: await staffNames(db),
  };
}

/** Names of the staff who may be assigned a case (not disabled). */
export async function staffNames(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM users WHERE disabled_at IS NULL ORDER BY name');
  return rows.map((r) => r.name);
}

/** Whether a case exists and is in the scope (a well-formed UUID is checked by the route). */
export async function caseExists(db: Queryable, id: string, schools: readonly string[] | null): Promise<boolean> {
  const params: unknown[] = [id];
  const scope = scopeSql(params, schools);
  const rows = await db.query(`SELECT 1 ${CASES_FROM} AND r.id = $1::uuid${scope}`, params);
  return rows.length > 0;
}

/** A change of a case (PATCH): only what is given changes. */
export interface CaseChange {
  status?: CaseStatus | undefined;
  note?: string | undefined;
  type?: CaseType | undefined;
  assigneeUnit?: string | null | undefined;
  assigneeUser?: string | null | undefined;
  /** null: back to the promised time. */
  dueOn?: string | null | undefined;
  publicReply?: string | undefined;
}

/** A case's fields after a change, without its answers. */
export type CaseState = Omit<CaseItem, 'answers' | 'surveyId' | 'surveyVersion' | 'completedAt' | 'receiptCode'>;

/**
 * Applies a change and writes one history event per thing that changed (kinds 'status', 'type',
 * 'assignee', 'due', 'public_reply', 'note'; details `{ from, to }`, none for the note's text), in
 * one transaction, by `by`. Sets closed_at when the case is closed, public_reply_at when the reply
 * changes. Returns the case and the kinds of what changed.
 */
export async function changeCase(
  db: Db,
  id: string,
  change: CaseChange,
  by: string,
  today = bangkokDay(new Date()),
): Promise<{ state: CaseState; changed: EventKind[] }> {
  const calendar = await caseCalendar(db);
  return db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO complaint_handling (response_id, updated_by) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING',
      [id, by],
    );
    // The row is locked: changes made at the same moment each see the one before.
    const [before] = await tx.query<CaseRow>(
      `SELECT ${CASE_FIELDS} FROM complaint_handling h JOIN responses r ON r.id = h.response_id
       WHERE h.response_id = $1::uuid FOR UPDATE OF h`,
      [id],
    );
    if (!before) throw new Error('the case vanished');
    const was = itemOf(before, calendar, today);
    const events: { kind: EventKind; status: string | null; details: Record<string, unknown> }[] = [];
    const status = change.status ?? was.status;
    if (status !== was.status) events.push({ kind: 'status', status, details: { from: was.status, to: status } });
    const type = change.type ?? was.type;
    if (type !== was.type) events.push({ kind: 'type', status: null, details: { from: was.type, to: type } });
    const unit = change.assigneeUnit !== undefined ? change.assigneeUnit : was.assigneeUnit;
    const user = change.assigneeUser !== undefined ? change.assigneeUser : was.assigneeUser;
    if (unit !== was.assigneeUnit || user !== was.assigneeUser)
      events.push({
        kind: 'assignee',
        status: null,
        details: { from: { unit: was.assigneeUnit, user: was.assigneeUser }, to: { unit, user } },
      });
    const dueOn = change.dueOn !== undefined ? change.dueOn : before.due_on;
    const due = dueOf(dueOn, before.completed_at, calendar);
    if (due !== was.dueOn) events.push({ kind: 'due', status: null, details: { from: was.dueOn, to: due } });
    const reply = change.publicReply ?? was.publicReply;
    if (reply !== was.publicReply)
      events.push({ kind: 'public_reply', status: null, details: { from: was.publicReply, to: reply } });
    const note = change.note ?? was.note;
    if (note !== was.note) events.push({ kind: 'note', status: null, details: {} });
    const [after] = await tx.query<CaseRow & { closed_at: Date | string | null }>(
      `UPDATE complaint_handling SET status = $2, note = $3, case_type = $4, assignee_unit = $5, assignee_user = $6,
         due_on = $7::date, public_reply = $8,
         public_reply_at = CASE WHEN $8 = public_reply THEN public_reply_at WHEN $8 = '' THEN NULL ELSE now() END,
         closed_at = CASE WHEN $2 = 'closed' THEN coalesce(closed_at, now()) ELSE NULL END,
         updated_by = $9, updated_at = now()
       WHERE response_id = $1::uuid
       RETURNING status, note, updated_at, updated_by, case_type, assignee_unit, assignee_user,
         to_char(due_on, 'YYYY-MM-DD') AS due_on, public_reply, public_reply_at, seen_at`,
      [id, status, note, change.type ?? before.case_type, unit, user, dueOn, reply, by],
    );
    if (events.length)
      await tx.query(
        `INSERT INTO complaint_events (response_id, by_user, kind, status, details)
         SELECT $1::uuid, $2, e.value ->> 'kind', e.value ->> 'status', e.value -> 'details'
         FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, n) ORDER BY e.n`,
        [id, by, JSON.stringify(events)],
      );
    const item = itemOf({ ...before, ...after } as CaseRow, calendar, today);
    const { answers: _a, surveyId: _s, surveyVersion: _v, completedAt: _c, receiptCode: _r, ...state } = item;
    return { state, changed: events.map((e) => e.kind) };
  });
}

/** A case's history, oldest first; with `markSeen`, records that a member of staff opened it. */
export async function caseHistory(db: Queryable, id: string, markSeen = false): Promise<CaseEvent[]> {
  if (markSeen)
    await db.query(
      `INSERT INTO complaint_handling (response_id, updated_by, seen_at) VALUES ($1::uuid, NULL, now())
       ON CONFLICT (response_id) DO UPDATE SET seen_at = coalesce(complaint_handling.seen_at, now())`,
      [id],
    );
  const rows = await db.query<{
    at: Date | string;
    by_user: string | null;
    kind: EventKind;
    status: CaseStatus | null;
    details: Record<string, unknown>;
  }>('SELECT at, by_user, kind, status, details FROM complaint_events WHERE response_id = $1::uuid ORDER BY at, id', [
    id,
  ]);
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    by: r.by_user,
    kind: r.kind,
    status: r.status,
    details: r.details,
  }));
}

/** The staff nav badge: cases nobody has opened yet that are still new, and cases overdue today. */
export async function caseBadge(
  db: Queryable,
  schools: readonly string[] | null,
  today = bangkokDay(new Date()),
): Promise<{ new: number; overdue: number }> {
  const calendar = await caseCalendar(db);
  const params: unknown[] = [];
  const scope = scopeSql(params, schools);
  const overdue = overdueSql(params, calendar, today);
  const [row] = await db.query<{ fresh: number | string; overdue: number | string }>(
    `SELECT count(*) FILTER (WHERE h.seen_at IS NULL AND coalesce(h.status, 'new') = 'new') AS fresh,
       count(*) FILTER (WHERE ${overdue}) AS overdue
     ${CASES_FROM}${scope}`,
    params,
  );
  return { new: Number(row?.fresh ?? 0), overdue: Number(row?.overdue ?? 0) };
}

interface TemplateRow {
  id: string;
  title: string;
  body: string;
  updated_at: Date | string;
  updated_by: string;
}

const templateOf = (r: TemplateRow): ReplyTemplate => ({
  id: r.id,
  title: r.title,
  body: r.body,
  updatedAt: new Date(r.updated_at).toISOString(),
  updatedBy: r.updated_by,
});

/** The reply templates, by title. */
export async function listTemplates(db: Queryable): Promise<ReplyTemplate[]> {
  const rows = await db.query<TemplateRow>(
    'SELECT id, title, body, updated_at, updated_by FROM complaint_reply_templates ORDER BY title, id',
  );
  return rows.map(templateOf);
}

/** Adds a template (no id) or replaces one; undefined when the id is unknown. */
export async function saveTemplate(
  db: Queryable,
  template: { title: string; body: string },
  by: string,
  id?: string,
): Promise<ReplyTemplate | undefined> {
  const rows = id
    ? await db.query<TemplateRow>(
        `UPDATE complaint_reply_templates SET title = $2, body = $3, updated_by = $4, updated_at = now()
         WHERE id = $1::uuid RETURNING id, title, body, updated_at, updated_by`,
        [id, template.title, template.body, by],
      )
    : await db.query<TemplateRow>(
        `INSERT INTO complaint_reply_templates (id, title, body, updated_by) VALUES ($1::uuid, $2, $3, $4)
         RETURNING id, title, body, updated_at, updated_by`,
        [newId(), template.title, template.body, by],
      );
  return rows[0] && templateOf(rows[0]);
}

/** Deletes a template; false when there was none. */
export async function deleteTemplate(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM complaint_reply_templates WHERE id = $1::uuid RETURNING id', [id])).length > 0;
}
