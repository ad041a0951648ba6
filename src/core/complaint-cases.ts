/**
 * Complaints as cases (issue 12 §2): the types, statuses and the shapes the staff API returns,
 * shared by the server's store and the staff screens. A case's history is `complaint_events`,
 * append-only; its public reply is what its sender sees on /track, its note never leaves the office.
 */

/** Handling states, in the order a case goes through them. */
export const CASE_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Kinds of case (ITA: complaint, suggestion, compliment, request for information, misconduct). */
export const CASE_TYPES = ['complaint', 'suggestion', 'compliment', 'information', 'misconduct'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** Statuses after which a case is no longer awaited (never overdue, counted as finished). */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['answered', 'closed'];

/** What each change writes into the history (`complaint_events.kind`). */
export const EVENT_KINDS = ['status', 'type', 'assignee', 'due', 'public_reply', 'note'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The working days promised for a reply when the office has not set its own (office settings). */
export { DEFAULT_REPLY_DAYS } from './office-reply.js';

/** The complaint form's own category, as the type of a case until staff set one. */
const FROM_CATEGORY: Record<string, CaseType> = {
  service_complaint: 'complaint',
  staff_conduct: 'misconduct',
  suggestion: 'suggestion',
  compliment: 'compliment',
  information_request: 'information',
};

/** The type of a case: the one staff set, else the sender's category, else 'complaint'. */
export function caseTypeOf(set: string | null | undefined, category: unknown): CaseType {
  if (set && (CASE_TYPES as readonly string[]).includes(set)) return set as CaseType;
  return (typeof category === 'string' && FROM_CATEGORY[category]) || 'complaint';
}

/** One case as GET /api/v1/complaints lists it. */
export interface CaseItem {
  id: string;
  surveyId: string;
  surveyVersion: number;
  completedAt: string;
  answers: Record<string, unknown>;
  status: CaseStatus;
  note: string;
  updatedAt: string | null;
  updatedBy: string | null;
  type: CaseType;
  assigneeUnit: string | null;
  assigneeUser: string | null;
  /** The due day (ISO): set by staff, else the promised working days from the day received. */
  dueOn: string;
  overdue: boolean;
  publicReply: string;
  publicReplyAt: string | null;
  receiptCode: string | null;
  /** Opened by a member of staff at least once (no "new" badge). */
  seen: boolean;
}

/** The list, with the number of cases the filters match. */
export interface CaseList {
  total: number;
  items: CaseItem[];
}

/** One change of a case, as its history lists it. */
export interface CaseEvent {
  at: string;
  by: string | null;
  kind: EventKind;
  status: CaseStatus | null;
  details: Record<string, unknown>;
}

/** A reply template to insert into a public reply. */
export interface ReplyTemplate {
  id: string;
  title: string;
  body: string;
  updatedAt: string;
  updatedBy: string;
}

/** A fiscal year's complaint statistics (the annual complaints report). */
export interface ComplaintStats {
  fiscalYear: number;
  total: number;
  byType: Record<CaseType, number>;
  byStatus: Record<CaseStatus, number>;
  /** Cases by assigned unit, most first; cases with no unit under ''. */
  byUnit: { unit: string; n: number }[];
  /** Cases finished (answered or closed). */
  closed: number;
  /** Calendar days from receipt to the first answer or closing, over finished cases. */
  daysToClose: { median: number | null; mean: number | null };
  /** Finished cases answered or closed on or before their due day, of all finished cases. */
  withinPromise: { n: number; of: number; percent: number | null };
}

/** Names of the types and statuses in files the server writes (the statistics export). */
export const CASE_LABELS: Record<CaseType | CaseStatus, { th: string; en: string }> = {
  complaint: { th: 'ร้องเรียน', en: 'Complaint' },
  suggestion: { th: 'ข้อเสนอแนะ', en: 'Suggestion' },
  compliment: { th: 'ชมเชย', en: 'Compliment' },
  information: { th: 'ขอข้อมูล', en: 'Request for information' },
  misconduct: { th: 'แจ้งเบาะแสการทุจริต/ประพฤติมิชอบ', en: 'Report of misconduct' },
  new: { th: 'ใหม่', en: 'New' },
  in_progress: { th: 'กำลังดำเนินการ', en: 'In progress' },
  answered: { th: 'ตอบกลับแล้ว', en: 'Answered' },
  closed: { th: 'ปิดเรื่อง', en: 'Closed' },
};
