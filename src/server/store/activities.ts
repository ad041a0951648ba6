/**
 * Participation activities (table `activities`), their attachments (`activity_attachments`, the
 * bytes in the database as bytea) and the devices allowed to send them (`activity_devices`).
 * An activity is stored exactly once by its device-made id: the same content again is a
 * duplicate, other content under the same id a conflict (the first stays), as for responses.
 */
import { createHash } from 'node:crypto';
import {
  type Activity,
  type AttachmentInfo,
  type ActivityInput,
  type ActivityResult,
  type AttachmentDeclaration,
  type AttachmentKind,
  fiscalYearOf,
  MAX_ATTACHMENTS,
  parseActivity,
  sniffType,
  type UploadInput,
} from '../../core/activities.js';
import { fromBase64 } from '../../core/base64.js';
import { canonicalJson } from '../../core/protocol.js';
import { newToken, tokenHash } from '../auth/secrets.js';
import type { Db, Queryable } from '../db/database.js';

/** Who sent an activity or an attachment: a signed-in person, a script, or an activity device. */
export interface Sender {
  /** The name the log and the activity keep (`device:<name>` for a device). */
  name: string;
  deviceId: number | null;
  /** Staff may add attachments an activity did not declare; devices may not. */
  staff: boolean;
}

/** The hash an activity is compared by. */
export function activityHash(activity: ActivityInput): string {
  return createHash('sha256').update(canonicalJson(activity)).digest('hex');
}

/** Stores a batch of activities; one result per entry, in order. */
export async function storeActivities(db: Db, inputs: readonly unknown[], sender: Sender): Promise<ActivityResult[]> {
  const results: ActivityResult[] = [];
  for (const input of inputs) {
    const parsed = parseActivity(input);
    if (!parsed.ok) {
      const id = (input as { id?: unknown } | null)?.id;
      results.push({
        id: typeof id === 'string' ? id.slice(0, 64) : '',
        status: 'rejected',
        reason: { code: 'invalid_activity', message: parsed.message },
      });
      continue;
    }
    results.push(await storeOne(db, parsed.activity, sender));
  }
  return results;
}

async function storeOne(db: Db, a: ActivityInput, sender: Sender): Promise<ActivityResult> {
  const hash = activityHash(a);
  const inserted = await db.query<{ received_at: Date | string }>(
    `INSERT INTO activities (id, fiscal_year, held_on, title, place, plan_row_id, level, groups, participants,
       contributions, summary, result, follow_up, public, manifest, recorded_by, recorded_at, sent_by, device_id,
       content_hash)
     VALUES ($1::uuid, $2, $3::date, $4, $5, $6::uuid, $7, $8::text[], $9::jsonb, $10, $11, $12, $13, $14, $15::jsonb, $16,
       $17::timestamptz, $18, $19, $20)
     ON CONFLICT (id) DO NOTHING RETURNING received_at`,
    [
      a.id,
      fiscalYearOf(a.date),
      a.date,
      a.title,
      a.place,
      a.planRowId,
      a.level,
      a.groups,
      JSON.stringify(a.participants),
      a.contributions,
      a.summary,
      a.result,
      a.followUp,
      a.public,
      JSON.stringify(a.attachments),
      a.recordedBy,
      a.recordedAt,
      sender.name,
      sender.deviceId,
      hash,
    ],
  );
  const fresh = inserted[0];
  if (fresh) {
    return {
      id: a.id,
      status: 'stored',
      receivedAt: new Date(fresh.received_at).toISOString(),
      missing: a.attachments.map((x) => x.id),
    };
  }
  const [first] = await db.query<{ content_hash: string; received_at: Date | string }>(
    'SELECT content_hash, received_at FROM activities WHERE id = $1::uuid',
    [a.id],
  );
  if (first?.content_hash !== hash) {
    return {
      id: a.id,
      status: 'conflict',
      reason: { code: 'conflict', message: 'an activity with this id was received before with other content' },
    };
  }
  return {
    id: a.id,
    status: 'duplicate',
    receivedAt: new Date(first.received_at).toISOString(),
    missing: await missingAttachments(db, a.id, a.attachments),
  };
}

async function missingAttachments(
  db: Queryable,
  activityId: string,
  declared: readonly AttachmentDeclaration[],
): Promise<string[]> {
  const have = await db.query<{ id: string }>(
    'SELECT id::text AS id FROM activity_attachments WHERE activity_id = $1',
    [activityId],
  );
  const ids = new Set(have.map((r) => r.id));
  return declared.filter((d) => !ids.has(d.id)).map((d) => d.id);
}

/** What became of an upload. */
export type UploadResult =
  | { status: 'stored' | 'duplicate'; id: string; type: string; size: number }
  | { status: 'not_found' | 'conflict' | 'too_many' | 'unsupported_type' | 'too_large' | 'invalid'; message: string };

/**
 * Stores one attachment of an activity, exactly once by its id: the same bytes again are a
 * duplicate, other bytes a conflict. Its type is told by its first bytes; an attachment the
 * activity declared must have the declared size and SHA-256.
 */
export async function storeAttachment(
  db: Db,
  activityId: string,
  attachmentId: string,
  input: UploadInput,
  sender: Sender,
  maxBytes: number,
): Promise<UploadResult> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(input.data);
  } catch {
    return { status: 'invalid', message: 'data must be base64' };
  }
  if (bytes.length > maxBytes) return { status: 'too_large', message: `an attachment is at most ${maxBytes} bytes` };
  if (!bytes.length) return { status: 'invalid', message: 'the file is empty' };
  const type = sniffType(bytes);
  if (!type)
    return { status: 'unsupported_type', message: 'only JPEG, PNG and WebP photos and PDF documents are kept' };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.transaction(async (tx) => {
    const [activity] = await tx.query<{ manifest: AttachmentDeclaration[] }>(
      'SELECT manifest FROM activities WHERE id = $1::uuid FOR UPDATE',
      [activityId],
    );
    if (!activity) return { status: 'not_found', message: 'no such activity' } as const;
    const [existing] = await tx.query<{ sha256: string; activity_id: string; type: string; size: number }>(
      'SELECT sha256, activity_id::text AS activity_id, type, size FROM activity_attachments WHERE id = $1::uuid',
      [attachmentId],
    );
    if (existing) {
      return existing.sha256 === sha256 && existing.activity_id === activityId
        ? ({ status: 'duplicate', id: attachmentId, type: existing.type, size: existing.size } as const)
        : ({
            status: 'conflict',
            message: 'an attachment with this id was received before with other content',
          } as const);
    }
    const declared = activity.manifest.find((d) => d.id === attachmentId);
    if (declared && (declared.sha256 !== sha256 || declared.size !== bytes.length || declared.type !== type)) {
      return { status: 'conflict', message: 'the file is not the one the activity declared' } as const;
    }
    if (!declared && !sender.staff) {
      return { status: 'not_found', message: 'the activity did not declare this attachment' } as const;
    }
    const [count] = await tx.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM activity_attachments WHERE activity_id = $1::uuid',
      [activityId],
    );
    if (Number(count?.n ?? 0) >= MAX_ATTACHMENTS + activity.manifest.length)
      return { status: 'too_many', message: 'this activity has as many attachments as it may' } as const;
    const meta = declared ?? { kind: input.kind, name: input.name, takenAt: input.takenAt, public: input.public };
    await tx.query(
      `INSERT INTO activity_attachments (id, activity_id, kind, name, type, size, sha256, data, public, taken_at, uploaded_by)
       VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10::date, $11)`,
      [
        attachmentId,
        activityId,
        meta.kind,
        meta.name,
        type,
        bytes.length,
        sha256,
        bytes,
        meta.public,
        meta.takenAt,
        sender.name,
      ],
    );
    return { status: 'stored', id: attachmentId, type, size: bytes.length } as const;
  });
}

interface ActivityRow {
  id: string;
  fiscal_year: number;
  held_on: string;
  title: string;
  place: string;
  plan_row_id: string | null;
  level: ActivityInput['level'];
  groups: string[];
  participants: Record<string, number>;
  contributions: string;
  summary: string;
  result: string;
  follow_up: string;
  public: boolean;
  manifest: AttachmentDeclaration[];
  recorded_by: string;
  recorded_at: Date | string;
  sent_by: string;
  received_at: Date | string;
  updated_at: Date | string | null;
  updated_by: string | null;
  approved_by: string | null;
  approved_position: string | null;
  approved_at: Date | string | null;
}

interface AttachmentRow {
  id: string;
  activity_id: string;
  kind: AttachmentKind;
  name: string;
  type: string;
  size: number;
  public: boolean;
  taken_at: string | null;
  uploaded_at: Date | string;
  uploaded_by: string;
}

const ACTIVITY_COLUMNS = `id::text AS id, fiscal_year, held_on::text AS held_on, title, place, plan_row_id::text AS plan_row_id, level, groups,
  participants, contributions, summary, result, follow_up, public, manifest, recorded_by, recorded_at, sent_by,
  received_at, updated_at, updated_by, approved_by, approved_position, approved_at`;
const ATTACHMENT_COLUMNS = `id::text AS id, activity_id::text AS activity_id, kind, name, type, size, public,
  taken_at::text AS taken_at, uploaded_at, uploaded_by`;

const iso = (d: Date | string) => new Date(d).toISOString();

async function assemble(db: Queryable, rows: ActivityRow[], where = ''): Promise<Activity[]> {
  if (!rows.length) return [];
  const files = await db.query<AttachmentRow>(
    `SELECT ${ATTACHMENT_COLUMNS} FROM activity_attachments WHERE activity_id = ANY($1::uuid[]) ${where}
     ORDER BY taken_at NULLS LAST, uploaded_at, id`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => {
    const own = files.filter((f) => f.activity_id === r.id);
    const have = new Set(own.map((f) => f.id));
    return {
      id: r.id,
      fiscalYear: r.fiscal_year,
      date: r.held_on,
      title: r.title,
      place: r.place,
      planRowId: r.plan_row_id,
      level: r.level,
      groups: r.groups,
      participants: r.participants,
      contributions: r.contributions,
      summary: r.summary,
      result: r.result,
      followUp: r.follow_up,
      public: r.public,
      recordedBy: r.recorded_by,
      recordedAt: iso(r.recorded_at),
      sentBy: r.sent_by,
      receivedAt: iso(r.received_at),
      updatedAt: r.updated_at ? iso(r.updated_at) : null,
      updatedBy: r.updated_by,
      approval:
        r.approved_by && r.approved_at
          ? { by: r.approved_by, position: r.approved_position ?? '', at: iso(r.approved_at) }
          : null,
      attachments: own.map((f) => ({
        id: f.id,
        kind: f.kind,
        name: f.name,
        type: f.type,
        size: f.size,
        public: f.public,
        takenAt: f.taken_at,
        uploadedAt: iso(f.uploaded_at),
        uploadedBy: f.uploaded_by,
      })),
      missing: r.manifest.filter((d) => !have.has(d.id)).map((d) => ({ id: d.id, kind: d.kind, name: d.name })),
    };
  });
}

/** The activities of a fiscal year (all when undefined), oldest first. */
export async function listActivities(db: Queryable, fiscalYear?: number): Promise<Activity[]> {
  const rows = await db.query<ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM activities ${fiscalYear ? 'WHERE fiscal_year = $1' : ''}
     ORDER BY held_on, received_at, id`,
    fiscalYear ? [fiscalYear] : [],
  );
  return assemble(db, rows);
}

/** One activity, or undefined. */
export async function getActivity(db: Queryable, id: string): Promise<Activity | undefined> {
  const rows = await db.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE id = $1::uuid`, [id]);
  return (await assemble(db, rows))[0];
}

/** The fields an admin may change after an activity arrived (its content hash stays the one received). */
export type ActivityEdit = Partial<
  Pick<
    ActivityInput,
    | 'date'
    | 'title'
    | 'place'
    | 'planRowId'
    | 'level'
    | 'groups'
    | 'participants'
    | 'contributions'
    | 'summary'
    | 'result'
    | 'followUp'
    | 'public'
  >
>;

const EDIT_COLUMNS: Record<keyof ActivityEdit, [string, string]> = {
  date: ['held_on', '::date'],
  title: ['title', ''],
  place: ['place', ''],
  planRowId: ['plan_row_id', '::uuid'],
  level: ['level', ''],
  groups: ['groups', '::text[]'],
  participants: ['participants', '::jsonb'],
  contributions: ['contributions', ''],
  summary: ['summary', ''],
  result: ['result', ''],
  followUp: ['follow_up', ''],
  public: ['public', ''],
};

/**
 * Changes an activity; false when there is none. A change of content after approval withdraws
 * the approval (what was approved is no longer what is filed); the public flag alone does not.
 */
export async function editActivity(db: Queryable, id: string, edit: ActivityEdit, by: string): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [];
  let content = false;
  for (const [key, [column, cast]] of Object.entries(EDIT_COLUMNS) as [keyof ActivityEdit, [string, string]][]) {
    const value = edit[key];
    if (value === undefined) continue;
    params.push(key === 'participants' ? JSON.stringify(value) : value);
    sets.push(`${column} = $${params.length}${cast}`);
    if (key !== 'public') content = true;
  }
  if (edit.date) {
    params.push(fiscalYearOf(edit.date));
    sets.push(`fiscal_year = $${params.length}`);
  }
  if (content) sets.push('approved_by = NULL, approved_position = NULL, approved_at = NULL');
  params.push(by);
  sets.push(`updated_by = $${params.length}, updated_at = now()`);
  params.push(id);
  const rows = await db.query(
    `UPDATE activities SET ${sets.join(', ')} WHERE id = $${params.length}::uuid RETURNING id`,
    params,
  );
  return rows.length > 0;
}

/** Records who approved an activity for filing; false when there is none. */
export async function approveActivity(db: Queryable, id: string, by: string, position: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE activities SET approved_by = $1, approved_position = $2, approved_at = now() WHERE id = $3::uuid RETURNING id`,
    [by, position, id],
  );
  return rows.length > 0;
}

/** Deletes an activity with its attachments; false when there was none. */
export async function deleteActivity(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM activities WHERE id = $1::uuid RETURNING id', [id])).length > 0;
}

/** An attachment's bytes and description, or undefined. `publicOnly` also needs a public, approved activity. */
export async function readAttachment(
  db: Queryable,
  id: string,
  publicOnly: boolean,
): Promise<(AttachmentInfo & { activityId: string; data: Uint8Array }) | undefined> {
  const rows = await db.query<AttachmentRow & { data: Uint8Array }>(
    `SELECT f.id::text AS id, f.activity_id::text AS activity_id, f.kind, f.name, f.type, f.size, f.public,
       f.taken_at::text AS taken_at, f.uploaded_at, f.uploaded_by, f.data
     FROM activity_attachments f JOIN activities a ON a.id = f.activity_id
     WHERE f.id = $1::uuid ${publicOnly ? 'AND f.public AND a.public AND a.approved_at IS NOT NULL' : ''}`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    activityId: r.activity_id,
    kind: r.kind,
    name: r.name,
    type: r.type,
    size: r.size,
    public: r.public,
    takenAt: r.taken_at,
    uploadedAt: iso(r.uploaded_at),
    uploadedBy: r.uploaded_by,
    data: r.data,
  };
}

/** Changes whether an attachment may be public; false when there is none. */
export async function setAttachmentPublic(db: Queryable, id: string, value: boolean): Promise<boolean> {
  return (
    (await db.query('UPDATE activity_attachments SET public = $1 WHERE id = $2::uuid RETURNING id', [value, id]))
      .length > 0
  );
}

/** Deletes an attachment; false when there was none. */
export async function deleteAttachment(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM activity_attachments WHERE id = $1::uuid RETURNING id', [id])).length > 0;
}

/** An activity as the public page shows it. */
export interface PublicActivity {
  id: string;
  fiscalYear: number;
  date: string;
  title: string;
  place: string;
  planRowId: string | null;
  level: ActivityInput['level'];
  groups: string[];
  participants: Record<string, number>;
  summary: string;
  result: string;
  attachments: { url: string; kind: AttachmentKind; type: string; takenAt: string | null }[];
}

/**
 * A year's activities marked public and approved, newest first, with their public attachments
 * only. Never the recorder, the follow-up or who approved.
 */
export async function publicActivities(db: Queryable, fiscalYear: number): Promise<PublicActivity[]> {
  const rows = await db.query<ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE fiscal_year = $1 AND public AND approved_at IS NOT NULL
     ORDER BY held_on DESC, id`,
    [fiscalYear],
  );
  return (await assemble(db, rows, 'AND public')).map((a) => ({
    id: a.id,
    fiscalYear: a.fiscalYear,
    date: a.date,
    title: a.title,
    place: a.place,
    planRowId: a.planRowId,
    level: a.level,
    groups: a.groups,
    participants: a.participants,
    summary: a.summary,
    result: a.result,
    attachments: a.attachments.map((f) => ({
      url: `/api/v1/public/attachments/${f.id}`,
      kind: f.kind,
      type: f.type,
      takenAt: f.takenAt,
    })),
  }));
}

/** A device allowed to send activities (its token is shown once, then only its hash is kept). */
export interface ActivityDevice {
  id: number;
  name: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Creates a device token; returns it (once) with the device's id. */
export async function createActivityDevice(
  db: Queryable,
  name: string,
  by: string,
): Promise<{ id: number; token: string }> {
  const token = newToken();
  const rows = await db.query<{ id: string | number }>(
    'INSERT INTO activity_devices (name, token_hash, created_by) VALUES ($1, $2, $3) RETURNING id',
    [name, tokenHash(token), by],
  );
  return { id: Number(rows[0]?.id), token };
}

/** Every device, newest first. */
export async function listActivityDevices(db: Queryable): Promise<ActivityDevice[]> {
  const rows = await db.query<{
    id: string | number;
    name: string;
    created_at: Date | string;
    created_by: string | null;
    last_used_at: Date | string | null;
    revoked_at: Date | string | null;
  }>('SELECT id, name, created_at, created_by, last_used_at, revoked_at FROM activity_devices ORDER BY id DESC');
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at ? iso(r.last_used_at) : null,
    revokedAt: r.revoked_at ? iso(r.revoked_at) : null,
  }));
}

/** Revokes a device's token; false when there is no such live device. */
export async function revokeActivityDevice(db: Queryable, id: number, by: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE activity_devices SET revoked_at = now(), revoked_by = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id',
    [by, id],
  );
  return rows.length > 0;
}

/** The live device a token belongs to, or undefined. */
export async function deviceOfToken(db: Queryable, token: string): Promise<{ id: number; name: string } | undefined> {
  const rows = await db.query<{ id: string | number; name: string }>(
    `UPDATE activity_devices SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id, name`,
    [tokenHash(token)],
  );
  const r = rows[0];
  return r ? { id: Number(r.id), name: r.name } : undefined;
}
