/**
 * Participation activities (announcement 2.3–2.6, ITA o25): what an officer records about an
 * activity, as a device sends it to `POST /api/v1/activities/submissions`, with the limits and
 * checks the server applies to untrusted input (docs/participation.md "Activities"). Attachments
 * are declared in the activity (id, size, SHA-256) and sent one by one, so that each arrives
 * exactly once and a changed resend is a conflict, like a response.
 */
import * as v from 'valibot';
import { isUuid } from './ids.js';

/** The announcement's five levels of participation (IAP2), lowest first. */
export const PARTICIPATION_LEVELS = ['inform', 'consult', 'involve', 'collaborate', 'empower'] as const;
export type ParticipationLevel = (typeof PARTICIPATION_LEVELS)[number];

/** What an attachment is. */
export const ATTACHMENT_KINDS = ['photo', 'signin', 'minutes', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** The types the server keeps, told by their first bytes (never by the file's name). */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** At most this many bytes per attachment (a phone photo compressed on the device is ~0.3–0.6 MB). */
export const MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024;
/** At most this many attachments per activity. */
export const MAX_ATTACHMENTS = 20;
/** At most this many activities per submission. */
export const MAX_ACTIVITY_BATCH = 50;
/** Photos are scaled on the device so that their longer side is at most this many pixels. */
export const PHOTO_MAX_SIDE = 1600;

/** The type of a file from its first bytes, or undefined for anything not kept. */
export function sniffType(bytes: Uint8Array): AttachmentType | undefined {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}

/** The Thai fiscal year (BE) of a date: 1 Oct 2569 – 30 Sep 2570 is fiscal year 2570. */
export function fiscalYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return year + 543 + (month >= 10 ? 1 : 0);
}

// PostgreSQL cannot store U+0000 nor half of a surrogate pair.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max),
    v.check((s) => !s.includes('\u0000') && !LONE_SURROGATE.test(s), 'text must be valid Unicode without U+0000'),
  );
/** A lower-case UUID (the ids of activities, attachments and plan rows). */
export const uuid = v.pipe(
  v.string(),
  v.check((s: string) => isUuid(s), 'must be a UUID'),
);
/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = v.pipe(
  v.string(),
  v.regex(/^(19|20|21)\d{2}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  v.check((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a date that exists'),
);
const isoTime = v.pipe(
  v.string(),
  v.maxLength(40),
  v.check((s) => /^(19|20|21)\d{2}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO date-time'),
);
/** A stakeholder group's id (the survey's group option value). */
export const groupId = v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,64}$/, 'must be a group id'));

/** An attachment as the activity declares it. */
export const attachmentSchema = v.strictObject({
  id: uuid,
  kind: v.picklist(ATTACHMENT_KINDS),
  name: text(200),
  type: v.picklist(ATTACHMENT_TYPES),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ATTACHMENT_BYTES)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')),
  takenAt: v.nullable(isoDate),
  public: v.boolean(),
});
export type AttachmentDeclaration = v.InferOutput<typeof attachmentSchema>;

/** One activity as a device (or a staff screen) sends it. */
export const activitySchema = v.strictObject({
  id: uuid,
  date: isoDate,
  title: v.pipe(text(300), v.minLength(1, 'title is required')),
  place: text(300),
  /** The plan row (its UUID) the activity carries out. */
  planRowId: v.nullable(uuid),
  level: v.picklist(PARTICIPATION_LEVELS),
  groups: v.pipe(v.array(groupId), v.maxLength(50)),
  /** Participants per group: counts, never names. */
  participants: v.pipe(
    v.record(groupId, v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
    v.check((p) => Object.keys(p).length <= 50, 'too many groups'),
  ),
  contributions: text(10_000),
  summary: text(20_000),
  result: text(10_000),
  followUp: text(10_000),
  public: v.boolean(),
  /** Who recorded it, as the officer typed it (a name or position). */
  recordedBy: v.pipe(text(200), v.minLength(1, 'recordedBy is required')),
  recordedAt: isoTime,
  attachments: v.pipe(
    v.array(attachmentSchema),
    v.maxLength(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} attachments`),
    v.check((list) => new Set(list.map((a) => a.id)).size === list.length, 'attachment ids must differ'),
  ),
});
export type ActivityInput = v.InferOutput<typeof activitySchema>;

/** Checks one activity; returns it typed, or a message naming the field. */
export function parseActivity(input: unknown): { ok: true; activity: ActivityInput } | { ok: false; message: string } {
  const parsed = v.safeParse(activitySchema, input, { abortPipeEarly: true });
  if (parsed.success) return { ok: true, activity: parsed.output };
  const issue = parsed.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') || '(activity)';
  return { ok: false, message: `${path}: ${issue.message}` };
}

/** The server's word on one activity (the same statuses as a response's). */
export interface ActivityResult {
  readonly id: string;
  readonly status: 'stored' | 'duplicate' | 'conflict' | 'rejected';
  readonly receivedAt?: string;
  /** Declared attachments the server does not have yet: the device sends these next. */
  readonly missing?: readonly string[];
  readonly reason?: { readonly code: string; readonly message: string };
}

/** The body of an attachment upload (`PUT /api/v1/activities/:id/attachments/:attachmentId`). */
export const uploadSchema = v.strictObject({
  kind: v.picklist(ATTACHMENT_KINDS),
  name: text(200),
  takenAt: v.nullable(isoDate),
  public: v.boolean(),
  /** The file's bytes in base64. */
  data: v.pipe(v.string(), v.maxLength(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 4)),
});
export type UploadInput = v.InferOutput<typeof uploadSchema>;

/** An attachment's description (no bytes). */
export interface AttachmentInfo {
  id: string;
  kind: AttachmentKind;
  name: string;
  type: string;
  size: number;
  public: boolean;
  takenAt: string | null;
  uploadedAt: string;
  uploadedBy: string;
}

/** An activity as the staff routes return it. */
export interface Activity {
  id: string;
  fiscalYear: number;
  date: string;
  title: string;
  place: string;
  planRowId: string | null;
  level: ParticipationLevel;
  groups: string[];
  participants: Record<string, number>;
  contributions: string;
  summary: string;
  result: string;
  followUp: string;
  public: boolean;
  recordedBy: string;
  recordedAt: string;
  sentBy: string;
  receivedAt: string;
  updatedAt: string | null;
  updatedBy: string | null;
  approval: { by: string; position: string; at: string } | null;
  attachments: AttachmentInfo[];
  /** Declared attachments the server has not received yet. */
  missing: { id: string; kind: AttachmentKind; name: string }[];
}
