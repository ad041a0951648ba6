/**
 * What a complaint's sender may know by its receipt number (`/track`): when it was received, its
 * status and the date of each change (`complaint_events`, kind 'status'), the due date and the
 * office's public reply (`complaint_handling`). Never the internal note, who handled it, the
 * answers or the contact details: this module reads none of them.
 */
import type { Queryable } from '../db/database.js';
import { caseCalendar, dueOf } from './complaints.js';

/** A complaint as its sender follows it (`GET /api/v1/complaints/track/:code`). */
export interface TrackedComplaint {
  /** The receipt number as people read it ("7K3QM-2XW9D"). */
  code: string;
  /** When the sender completed it (ISO); the case starts then. */
  receivedAt: string;
  status: string;
  /** The day the office promised an answer by (YYYY-MM-DD): the case tracker's own due day. */
  dueOn: string;
  /** Each status and since when, oldest first; the first is 'new' at `receivedAt`. */
  history: { at: string; status: string }[];
  /** The office's public reply, once written. */
  reply: { text: string; at: string } | null;
}

interface CaseRow {
  id: string;
  receipt_code: string;
  completed_at: Date | string;
  status: string | null;
  updated_at: Date | string | null;
  due_on: string | null;
  public_reply: string | null;
  public_reply_at: Date | string | null;
}

const iso = (at: Date | string) => new Date(at).toISOString();

/**
 * The complaint with this receipt code (normalized, src/core/receipt.ts), or undefined: none, a
 * deleted one, or a response to a survey that is not a complaint.
 */
export async function trackComplaint(db: Queryable, code: string): Promise<TrackedComplaint | undefined> {
  const [row] = await db.query<CaseRow>(
    `SELECT r.id, r.receipt_code, r.completed_at, h.status, h.updated_at,
       to_char(h.due_on, 'YYYY-MM-DD') AS due_on, h.public_reply, h.public_reply_at
     FROM responses r JOIN surveys s ON s.id = r.survey_id AND s.version = r.survey_version
     LEFT JOIN complaint_handling h ON h.response_id = r.id
     WHERE r.receipt_code = $1 AND r.deleted_at IS NULL AND s.kind = 'complaint'`,
    [code],
  );
  if (!row) return undefined;
  const events = await db.query<{ at: Date | string; status: string }>(
    `SELECT at, status FROM complaint_events
     WHERE response_id = $1::uuid AND kind = 'status' AND status IS NOT NULL ORDER BY at, id`,
    [row.id],
  );
  const history = [
    { at: iso(row.completed_at), status: 'new' },
    ...events.map((e) => ({ at: iso(e.at), status: e.status })),
  ];
  // A status changed before the case history was kept (or by a writer that kept none) still shows,
  // dated by the handling's last change.
  const status = row.status ?? 'new';
  if (history.at(-1)?.status !== status && row.updated_at) history.push({ at: iso(row.updated_at), status });
  const text = row.public_reply?.trim() ?? '';
  return {
    code: `${row.receipt_code.slice(0, 5)}-${row.receipt_code.slice(5)}`,
    receivedAt: iso(row.completed_at),
    status,
    // The same day the case tracker shows staff: set by hand, else the promised working days.
    dueOn: dueOf(row.due_on, row.completed_at, await caseCalendar(db)),
    history,
    reply: text ? { text, at: iso(row.public_reply_at ?? row.updated_at ?? row.completed_at) } : null,
  };
}
