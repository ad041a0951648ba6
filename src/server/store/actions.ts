/**
 * Improvement actions (tables `improvement_actions`, `action_milestones`, `action_findings`,
 * migration 11; docs/actions.md): saved whole from the editor, their progress updated from a
 * file, and the published ones read for the public page. Every write that spans the tables runs
 * inside the caller's transaction.
 */
import {
  type Action,
  type ActionStatus,
  defaultProgress,
  type KnownActions,
  type LinkedFinding,
  type Milestone,
  type ProgressUpdate,
} from '../../core/actions.js';
import type { FindingCopy, FindingKind } from '../../core/findings.js';
import type { LocalizedText } from '../../core/survey.js';
import type { Queryable } from '../db/database.js';

/** What the editor sends (findings already resolved to their copies). */
export interface ActionInput {
  fiscalYear: number;
  title: string;
  description: string;
  owner: string;
  startsOn: string | null;
  endsOn: string | null;
  status: ActionStatus;
  /** Absent: the status's default (core defaultProgress). */
  progress?: number | undefined;
  public: boolean;
  milestones: Milestone[];
  findings: LinkedFinding[];
}

interface ActionRow {
  id: string;
  fiscal_year: number;
  title: string;
  description: string;
  owner: string;
  starts_on: string | null;
  ends_on: string | null;
  status: ActionStatus;
  progress: number;
  public: boolean;
  published_at: unknown;
  updated_at: unknown;
  updated_by: string;
}

const COLUMNS = `id::text AS id, fiscal_year, title, description, owner, starts_on::text AS starts_on,
  ends_on::text AS ends_on, status, progress, public, published_at, updated_at, updated_by`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const day = (v: unknown) => (v === null || v === undefined ? null : String(v).slice(0, 10));

/** Actions with their milestones and findings, in the rows' order. */
async function assemble(db: Queryable, rows: readonly ActionRow[]): Promise<Action[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const milestones = await db.query<{
    action_id: string;
    id: string;
    title: string;
    due_on: unknown;
    done_on: unknown;
  }>(
    `SELECT action_id::text AS action_id, id::text AS id, title, due_on::text AS due_on, done_on::text AS done_on
     FROM action_milestones WHERE action_id::text = ANY($1::text[]) ORDER BY action_id, position`,
    [ids],
  );
  const findings = await db.query<{ action_id: string; finding_key: string; finding: FindingCopy }>(
    `SELECT action_id::text AS action_id, finding_key, finding FROM action_findings
     WHERE action_id::text = ANY($1::text[]) ORDER BY action_id, finding_key`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    fiscalYear: Number(r.fiscal_year),
    title: r.title,
    description: r.description,
    owner: r.owner,
    startsOn: day(r.starts_on),
    endsOn: day(r.ends_on),
    status: r.status,
    progress: Number(r.progress),
    public: r.public,
    publishedAt: iso(r.published_at),
    milestones: milestones
      .filter((m) => m.action_id === r.id)
      .map((m) => ({ id: m.id, title: m.title, dueOn: day(m.due_on), doneOn: day(m.done_on) })),
    findings: findings.filter((f) => f.action_id === r.id).map((f) => ({ key: f.finding_key, finding: f.finding })),
    updatedAt: iso(r.updated_at) as string,
    updatedBy: r.updated_by,
  }));
}

/** The actions of a fiscal year, oldest first. */
export async function listActions(db: Queryable, fiscalYear: number): Promise<Action[]> {
  const rows = await db.query<ActionRow>(
    `SELECT ${COLUMNS} FROM improvement_actions WHERE fiscal_year = $1 ORDER BY created_at, id`,
    [fiscalYear],
  );
  return assemble(db, rows);
}

/** One action, or undefined. */
export async function getAction(db: Queryable, id: string): Promise<Action | undefined> {
  const rows = await db.query<ActionRow>(`SELECT ${COLUMNS} FROM improvement_actions WHERE id = $1`, [id]);
  return (await assemble(db, rows))[0];
}

/**
 * Creates or replaces an action whole (its milestones and links too). A finding linked before
 * keeps the copy it had then; `published_at` is set when the action turns public.
 */
export async function saveAction(
  tx: Queryable,
  id: string,
  input: ActionInput,
  actor: string,
  previous: Action | undefined,
): Promise<void> {
  const progress = input.progress ?? defaultProgress(input.status, previous?.progress ?? 0);
  const values = [
    id,
    input.fiscalYear,
    input.title,
    input.description,
    input.owner,
    input.startsOn,
    input.endsOn,
    input.status,
    progress,
    input.public,
    actor,
  ];
  if (previous) {
    await tx.query(
      `UPDATE improvement_actions SET fiscal_year = $2, title = $3, description = $4, owner = $5,
         starts_on = $6::date, ends_on = $7::date, status = $8, progress = $9, public = $10,
         published_at = CASE WHEN $10 AND NOT public THEN now() WHEN $10 THEN published_at END,
         updated_at = now(), updated_by = $11
       WHERE id = $1`,
      values,
    );
  } else {
    await tx.query(
      `INSERT INTO improvement_actions (id, fiscal_year, title, description, owner, starts_on, ends_on, status,
         progress, public, published_at, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8, $9, $10, CASE WHEN $10 THEN now() END, $11, $11)`,
      values,
    );
  }
  await tx.query('DELETE FROM action_milestones WHERE action_id = $1', [id]);
  for (const [i, m] of input.milestones.entries())
    await tx.query(
      'INSERT INTO action_milestones (id, action_id, position, title, due_on, done_on) VALUES ($1, $2, $3, $4, $5::date, $6::date)',
      [m.id, id, i, m.title, m.dueOn, m.doneOn],
    );
  const kept = new Map((previous?.findings ?? []).map((f) => [f.key, f.finding]));
  await tx.query('DELETE FROM action_findings WHERE action_id = $1', [id]);
  for (const f of input.findings)
    await tx.query('INSERT INTO action_findings (action_id, finding_key, finding) VALUES ($1, $2, $3::jsonb)', [
      id,
      f.key,
      JSON.stringify(kept.get(f.key) ?? f.finding),
    ]);
}

/** Deletes an action (its milestones and links go with it). */
export async function deleteAction(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM improvement_actions WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

/** Every action id with its milestone ids: what an imported file's rows are matched against. */
export async function knownActions(db: Queryable): Promise<KnownActions> {
  const rows = await db.query<{ id: string; milestone: string | null }>(
    `SELECT a.id::text AS id, m.id::text AS milestone FROM improvement_actions a
     LEFT JOIN action_milestones m ON m.action_id = a.id`,
  );
  const known = new Map<string, { milestones: Set<string> }>();
  for (const r of rows) {
    const entry = known.get(r.id) ?? { milestones: new Set<string>() };
    if (r.milestone) entry.milestones.add(r.milestone);
    known.set(r.id, entry);
  }
  return known;
}

/**
 * Applies a file's progress: status, progress (the status's default when the cell is empty and
 * the status changed; unchanged when both are unchanged) and milestones' done dates. Returns how
 * many actions changed. Run it in one transaction.
 */
export async function applyProgress(tx: Queryable, updates: readonly ProgressUpdate[], actor: string): Promise<number> {
  let changed = 0;
  for (const u of updates) {
    const [row] = await tx.query<{ status: ActionStatus; progress: number }>(
      'SELECT status, progress FROM improvement_actions WHERE id = $1 FOR UPDATE',
      [u.actionId],
    );
    if (!row) continue;
    const before = Number(row.progress);
    const progress = u.progress ?? (u.status === row.status ? before : defaultProgress(u.status, before));
    const done = await tx.query<{ id: string; done_on: unknown }>(
      'SELECT id::text AS id, done_on::text AS done_on FROM action_milestones WHERE action_id = $1',
      [u.actionId],
    );
    const milestones = u.milestones.filter((m) => day(done.find((d) => d.id === m.id)?.done_on) !== m.doneOn);
    if (u.status === row.status && progress === before && !milestones.length) continue;
    for (const m of milestones)
      await tx.query('UPDATE action_milestones SET done_on = $3::date WHERE id = $1 AND action_id = $2', [
        m.id,
        u.actionId,
        m.doneOn,
      ]);
    await tx.query(
      'UPDATE improvement_actions SET status = $2, progress = $3, updated_at = now(), updated_by = $4 WHERE id = $1',
      [u.actionId, u.status, progress, actor],
    );
    changed++;
  }
  return changed;
}

/** A published action as the public page shows it. */
export interface PublicAction {
  id: string;
  title: string;
  description: string;
  owner: string;
  startsOn: string | null;
  endsOn: string | null;
  status: ActionStatus;
  progress: number;
  milestones: { title: string; dueOn: string | null; doneOn: string | null }[];
  /** What the action answers: the kind and its public label (null when the source is not public). */
  findings: { kind: FindingKind; label: LocalizedText | null }[];
}

/**
 * The published actions of a fiscal year, with only what the office tells the public. An
 * activity's title is shown only while that activity itself is public and approved.
 */
export async function publicActions(db: Queryable, fiscalYear: number): Promise<PublicAction[]> {
  const rows = await db.query<ActionRow>(
    `SELECT ${COLUMNS} FROM improvement_actions WHERE fiscal_year = $1 AND public ORDER BY published_at, id`,
    [fiscalYear],
  );
  const actions = await assemble(db, rows);
  const activityIds = actions.flatMap((a) =>
    a.findings.filter((f) => f.finding.kind === 'activity').map((f) => f.key.slice('activity:'.length)),
  );
  const visible = new Set(
    activityIds.length
      ? (
          await db.query<{ id: string }>(
            `SELECT id::text AS id FROM activities WHERE id::text = ANY($1::text[]) AND public AND approved_at IS NOT NULL`,
            [activityIds],
          )
        ).map((r) => r.id)
      : [],
  );
  return actions.map((a) => ({
    id: a.id,
    title: a.title,
    description: a.description,
    owner: a.owner,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    status: a.status,
    progress: a.progress,
    milestones: a.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, doneOn: m.doneOn })),
    findings: a.findings.map((f) => ({
      kind: f.finding.kind,
      label:
        f.finding.kind !== 'activity' || visible.has(f.key.slice('activity:'.length))
          ? { th: f.finding.label.th, en: f.finding.label.en }
          : null,
    })),
  }));
}
