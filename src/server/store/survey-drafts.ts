/**
 * Survey drafts (table `survey_drafts`): the one working copy of a survey an admin edits before
 * publishing it as a new version. Each save bumps `revision`; a save that names an older revision
 * than the stored one is refused, so two admins never silently overwrite each other.
 */
import { type SurveyChange, diffSurveys } from '../../core/survey-diff.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { type DefinitionProblem, validateSurvey } from '../../core/survey-validate.js';
import type { Db, Queryable } from '../db/database.js';
import { getSurvey, latestVersion, publishSurvey } from './surveys.js';

/** A stored draft. */
export interface SurveyDraft {
  id: string;
  definition: SurveyDefinition;
  revision: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

/** Who saved a draft last, and when (what a refused save is told). */
export interface DraftHead {
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
}

interface Row {
  id: string;
  definition: SurveyDefinition;
  revision: number;
  created_at: Date | string;
  created_by: string | null;
  updated_at: Date | string;
  updated_by: string | null;
}

const toDraft = (r: Row): SurveyDraft => ({
  id: r.id,
  definition: r.definition,
  revision: r.revision,
  createdAt: new Date(r.created_at).toISOString(),
  createdBy: r.created_by,
  updatedAt: new Date(r.updated_at).toISOString(),
  updatedBy: r.updated_by,
});

/** The head of a draft. */
export const headOf = (d: SurveyDraft): DraftHead => ({
  revision: d.revision,
  updatedAt: d.updatedAt,
  updatedBy: d.updatedBy,
});

/** The validator's problems with a definition (none when it can be published). */
export function problemsOf(definition: unknown): readonly DefinitionProblem[] {
  const checked = validateSurvey(definition);
  return checked.ok ? [] : checked.problems;
}

/** The draft of a survey, if it has one. */
export async function getDraft(db: Queryable, id: string): Promise<SurveyDraft | undefined> {
  const rows = await db.query<Row>('SELECT * FROM survey_drafts WHERE id = $1', [id]);
  return rows[0] ? toDraft(rows[0]) : undefined;
}

/** Every draft, without definitions' problems. */
export async function listDrafts(db: Queryable): Promise<SurveyDraft[]> {
  return (await db.query<Row>('SELECT * FROM survey_drafts ORDER BY id')).map(toDraft);
}

/** What saving a draft did. */
export type SaveOutcome =
  | { status: 'created' | 'updated'; draft: SurveyDraft }
  | { status: 'conflict'; current: DraftHead };

/**
 * Creates the draft of `definition.id`, or updates it. An update must name the revision it was
 * made from (`revision`); when another save came first, or a save without a revision meets a draft
 * already there, it is refused with who made the last save and when.
 */
export async function saveDraft(
  db: Db,
  definition: SurveyDefinition,
  revision: number | undefined,
  actor: string | null,
): Promise<SaveOutcome> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<Row>('SELECT * FROM survey_drafts WHERE id = $1 FOR UPDATE', [definition.id]);
    const existing = rows[0] ? toDraft(rows[0]) : undefined;
    if (!existing) {
      const inserted = await tx.query<Row>(
        `INSERT INTO survey_drafts (id, definition, created_by, updated_by) VALUES ($1, $2::jsonb, $3, $3)
         ON CONFLICT (id) DO NOTHING RETURNING *`,
        [definition.id, JSON.stringify(definition), actor],
      );
      if (inserted[0]) return { status: 'created', draft: toDraft(inserted[0]) };
      // Created meanwhile by another save: that one came first.
      const now = await getDraft(tx, definition.id);
      if (!now) throw new Error(`draft ${definition.id} vanished`);
      return { status: 'conflict', current: headOf(now) };
    }
    if (revision !== existing.revision) return { status: 'conflict', current: headOf(existing) };
    const updated = await tx.query<Row>(
      `UPDATE survey_drafts SET definition = $2::jsonb, revision = revision + 1, updated_at = now(), updated_by = $3
       WHERE id = $1 RETURNING *`,
      [definition.id, JSON.stringify(definition), actor],
    );
    return { status: 'updated', draft: toDraft(updated[0] as Row) };
  });
}

/** Removes a draft; whether there was one. */
export async function deleteDraft(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM survey_drafts WHERE id = $1 RETURNING id', [id])).length > 0;
}

/** The draft against the newest published version. */
export async function draftChanges(
  db: Queryable,
  draft: SurveyDraft,
): Promise<{ base: number | null; changes: SurveyChange[] }> {
  const base = await getSurvey(db, draft.id);
  if (!base) return { base: null, changes: [] };
  return { base: base.version, changes: diffSurveys(base.definition, draft.definition) };
}

/** What publishing a draft did. */
export type DraftPublishOutcome =
  | { status: 'no_draft' }
  | { status: 'conflict'; current: DraftHead }
  | { status: 'invalid'; problems: readonly DefinitionProblem[] }
  | { status: 'breaking_changes'; changes: SurveyChange[] }
  | { status: 'published'; version: number; base: number | null; changes: SurveyChange[] };

/**
 * Publishes a draft as the newest version + 1 (its `version` is set here), after the validator;
 * breaking changes against the newest version need `confirmBreaking`. The draft is removed in the
 * same transaction.
 */
export async function publishDraft(
  db: Db,
  id: string,
  options: { revision?: number; confirmBreaking?: boolean },
  actor: string | null,
): Promise<DraftPublishOutcome> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<Row>('SELECT * FROM survey_drafts WHERE id = $1 FOR UPDATE', [id]);
    if (!rows[0]) return { status: 'no_draft' };
    const draft = toDraft(rows[0]);
    if (options.revision !== undefined && options.revision !== draft.revision)
      return { status: 'conflict', current: headOf(draft) };
    const newest = await latestVersion(tx, id);
    const definition = { ...draft.definition, id, version: newest + 1 } as SurveyDefinition;
    const problems = problemsOf(definition);
    if (problems.length) return { status: 'invalid', problems };
    const { base, changes } = await draftChanges(tx, { ...draft, definition });
    if (!options.confirmBreaking && changes.some((c) => c.severity === 'breaking'))
      return { status: 'breaking_changes', changes };
    const outcome = await publishSurvey(tx, definition, actor);
    if (outcome.status === 'invalid') return { status: 'invalid', problems: outcome.problems };
    if (outcome.status !== 'published')
      throw new Error(`publishing ${id} version ${definition.version}: ${outcome.status}`);
    await tx.query('DELETE FROM survey_drafts WHERE id = $1', [id]);
    return { status: 'published', version: definition.version, base, changes };
  });
}
