/**
 * The participation plan on the server: table `plan_rows` (one row per fiscal year × mission ×
 * group × level) and `plan_progress` (per row and round). Writes that span rows run in the
 * caller's transaction. Progress values with a Siang source are worked out on reading
 * (plan-figures.ts), never stored.
 */
import {
  type Approval,
  canTransition,
  type Evidence,
  type ImportedPlanRow,
  type IndicatorSource,
  type PlanRow,
  type PlanRowInput,
  type PlanState,
  type Progress,
  type ProgressInput,
  progressOf,
  ROUNDS,
  type Round,
} from '../../core/plan.js';
import type { Db, Queryable } from '../db/database.js';
import { type EvidenceFigures, FigureReader } from './plan-figures.js';

interface Row {
  id: string;
  fiscal_year: number;
  mission: string;
  group_id: string;
  level: PlanRow['level'];
  expectation: string;
  evidence: Evidence | null;
  channels: string[];
  frequency: string;
  practice: string;
  indicator_what: string;
  indicator_target: string | number | null;
  indicator_unit: string;
  indicator_source: IndicatorSource;
  responsible_unit: string;
  responsible_person: string;
  note: string;
  state: PlanState;
  approved_by: string | null;
  approved_position: string | null;
  approved_on: string | null;
  published_at: Date | string | null;
}

/** A file or a change that does not fit the stored plan. */
export class PlanConflict extends Error {
  readonly statusCode = 409;
}

/** A plan row as the staff screens read it: with its evidence's figures. */
export type PlanRowView = PlanRow & { evidenceFigures: EvidenceFigures | null };

const FIELDS = `id::text AS id, fiscal_year, mission, group_id, level, expectation, evidence, channels, frequency,
  practice, indicator_what, indicator_target, indicator_unit, indicator_source, responsible_unit,
  responsible_person, note, state, approved_by, approved_position, to_char(approved_on, 'YYYY-MM-DD') AS approved_on,
  published_at`;

/** The rows of a fiscal year (or only the published ones), with progress and evidence worked out. */
export async function listPlan(
  db: Db,
  fiscalYear: number,
  options: { publishedOnly?: boolean } = {},
): Promise<PlanRowView[]> {
  const rows = await db.query<Row>(
    `SELECT ${FIELDS} FROM plan_rows p WHERE fiscal_year = $1${options.publishedOnly ? " AND state = 'published'" : ''}
     ORDER BY (SELECT position FROM plan_missions m WHERE m.fiscal_year = p.fiscal_year AND m.code = p.mission),
       (SELECT position FROM stakeholder_groups g WHERE g.fiscal_year = p.fiscal_year AND g.id = p.group_id),
       array_position(ARRAY['inform','consult','involve','collaborate','empower'], level)`,
    [fiscalYear],
  );
  const stored = await db.query<{
    plan_row_id: string;
    round: number;
    value: string | number | null;
    problem: string;
    done: string;
  }>(
    `SELECT plan_row_id::text AS plan_row_id, round, value, problem, done FROM plan_progress
     WHERE plan_row_id IN (SELECT id FROM plan_rows WHERE fiscal_year = $1)`,
    [fiscalYear],
  );
  const figures = new FigureReader(db);
  const out: PlanRowView[] = [];
  for (const r of rows) {
    const source = r.indicator_source;
    const target = r.indicator_target === null ? null : Number(r.indicator_target);
    const progress: Progress[] = [];
    for (const round of ROUNDS) {
      const s = stored.find((p) => p.plan_row_id === r.id && Number(p.round) === round);
      let value: number | null;
      if (source.kind === 'survey') value = await figures.surveyValue(source, fiscalYear, round);
      else if (source.kind === 'activities') value = await figures.activityCount(r.id, fiscalYear, round);
      else value = s?.value === null || s?.value === undefined ? null : Number(s.value);
      progress.push({
        round,
        value,
        computed: source.kind !== 'manual',
        problem: s?.problem ?? '',
        done: s?.done ?? '',
        ...progressOf(value, target),
      });
    }
    out.push({
      id: r.id,
      fiscalYear: Number(r.fiscal_year),
      mission: r.mission,
      group: r.group_id,
      level: r.level,
      expectation: r.expectation,
      evidence: r.evidence,
      evidenceFigures: r.evidence ? await figures.evidence(r.evidence) : null,
      channels: r.channels,
      frequency: r.frequency,
      practice: r.practice,
      indicator: { what: r.indicator_what, target, unit: r.indicator_unit, source },
      responsibleUnit: r.responsible_unit,
      responsiblePerson: r.responsible_person,
      note: r.note,
      state: r.state,
      approval: r.approved_by
        ? { by: r.approved_by, position: r.approved_position ?? '', date: r.approved_on ?? '' }
        : null,
      publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
      progress,
    });
  }
  return out;
}

/** A plan row's state and year, or undefined. */
export async function rowState(
  db: Queryable,
  id: string,
): Promise<{ state: PlanState; fiscalYear: number } | undefined> {
  const [row] = await db.query<{ state: PlanState; fiscal_year: number }>(
    'SELECT state, fiscal_year FROM plan_rows WHERE id = $1::uuid',
    [id],
  );
  return row ? { state: row.state, fiscalYear: Number(row.fiscal_year) } : undefined;
}

const inputParams = (r: PlanRowInput) => [
  r.mission,
  r.group,
  r.level,
  r.expectation,
  r.evidence ? JSON.stringify(r.evidence) : null,
  r.channels,
  r.frequency,
  r.practice,
  r.indicator.what,
  r.indicator.target,
  r.indicator.unit,
  JSON.stringify(r.indicator.source),
  r.responsibleUnit,
  r.responsiblePerson,
  r.note,
];
const INPUT_COLUMNS = `mission, group_id, level, expectation, evidence, channels, frequency, practice, indicator_what,
  indicator_target, indicator_unit, indicator_source, responsible_unit, responsible_person, note`;
const INPUT_VALUES = '$3, $4, $5, $6, $7::jsonb, $8::text[], $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17';

/** Adds a draft row. */
export async function addRow(db: Queryable, id: string, fiscalYear: number, input: PlanRowInput, actor: string | null) {
  await db.query(
    `INSERT INTO plan_rows (id, fiscal_year, ${INPUT_COLUMNS}, updated_by) VALUES ($1::uuid, $2, ${INPUT_VALUES}, $18)`,
    [id, fiscalYear, ...inputParams(input), actor],
  );
}

/** Changes a row; an approved or published row goes back to draft (it must be approved again). */
export async function updateRow(db: Queryable, id: string, input: PlanRowInput, actor: string | null) {
  await db.query(
    `UPDATE plan_rows SET (${INPUT_COLUMNS}) = (${INPUT_VALUES}), state = 'draft', approved_by = NULL,
       approved_position = NULL, approved_on = NULL, published_at = NULL, updated_at = now(), updated_by = $18
     WHERE id = $1::uuid AND fiscal_year = $2`,
    [id, (await rowState(db, id))?.fiscalYear, ...inputParams(input), actor],
  );
}

/** Removes a row and its progress. */
export async function deleteRow(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM plan_rows WHERE id = $1::uuid', [id]);
}

/**
 * Moves rows of a fiscal year (all, or `ids`) in state `from` to `to`; returns the ids moved.
 * Approving records who, in what position and when; publishing, the moment.
 */
export async function moveRows(
  tx: Queryable,
  fiscalYear: number,
  from: PlanState,
  to: PlanState,
  options: { ids?: readonly string[] | undefined; approval?: Approval; actor: string | null },
): Promise<string[]> {
  if (!canTransition(from, to)) throw new PlanConflict(`a row cannot go from ${from} to ${to}`);
  const params: unknown[] = [fiscalYear, from, to, options.actor];
  let set = '';
  if (to === 'approved' && from === 'draft') {
    if (!options.approval) throw new PlanConflict('approving needs who, in what position and when');
    params.push(options.approval.by, options.approval.position, options.approval.date);
    set = ', approved_by = $5, approved_position = $6, approved_on = $7::date';
  }
  if (to === 'published') set = ', published_at = now()';
  if (to === 'approved' && from === 'published') set = ', published_at = NULL';
  if (to === 'draft') set = ', approved_by = NULL, approved_position = NULL, approved_on = NULL';
  let only = '';
  if (options.ids) {
    params.push(options.ids);
    only = ` AND id::text = ANY($${params.length}::text[])`;
  }
  const moved = await tx.query<{ id: string }>(
    `UPDATE plan_rows SET state = $3, updated_at = now(), updated_by = $4${set}
     WHERE fiscal_year = $1 AND state = $2${only} RETURNING id::text AS id`,
    params,
  );
  return moved.map((m) => m.id);
}

/** Saves a round's problem, what was done and (for a manual indicator) the value. */
export async function setProgress(
  db: Queryable,
  id: string,
  round: Round,
  progress: Omit<ProgressInput, 'round'>,
  actor: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO plan_progress (plan_row_id, round, value, problem, done, updated_by) VALUES ($1::uuid, $2, $3, $4, $5, $6)
     ON CONFLICT (plan_row_id, round) DO UPDATE SET value = $3, problem = $4, done = $5, updated_at = now(), updated_by = $6`,
    [id, round, progress.value, progress.problem, progress.done, actor],
  );
}

/**
 * Replaces the plan of a fiscal year with the rows of a file, in the caller's transaction: rows
 * not in the file are removed, the others written with their state, approval and progress.
 */
export async function replacePlan(
  tx: Queryable,
  fiscalYear: number,
  rows: readonly ImportedPlanRow[],
  actor: string | null,
): Promise<void> {
  const ids = rows.map((r) => r.id);
  const elsewhere = await tx.query<{ id: string; fiscal_year: number }>(
    'SELECT id::text AS id, fiscal_year FROM plan_rows WHERE id::text = ANY($1::text[]) AND fiscal_year <> $2',
    [ids, fiscalYear],
  );
  if (elsewhere[0])
    throw new PlanConflict(
      `row ${elsewhere[0].id} belongs to fiscal year ${elsewhere[0].fiscal_year}, not ${fiscalYear}`,
    );
  // Rows kept by id (activities may point at them); their keys may move between rows of the file.
  await tx.query('SET CONSTRAINTS plan_rows_key DEFERRED');
  await tx.query('DELETE FROM plan_rows WHERE fiscal_year = $1 AND NOT (id::text = ANY($2::text[]))', [
    fiscalYear,
    ids,
  ]);
  await tx.query('DELETE FROM plan_progress WHERE plan_row_id::text = ANY($1::text[])', [ids]);
  for (const [i, r] of rows.entries()) {
    await tx.query(
      `INSERT INTO plan_rows (id, fiscal_year, ${INPUT_COLUMNS}, updated_by, state, approved_by, approved_position,
         approved_on, published_at, position)
       VALUES ($1::uuid, $2, ${INPUT_VALUES}, $18, $19, $20, $21, $22::date, CASE WHEN $19 = 'published' THEN now() END, $23)
       ON CONFLICT (id) DO UPDATE SET (${INPUT_COLUMNS}, updated_by, state, approved_by, approved_position, approved_on,
         published_at, position, updated_at) = (${INPUT_VALUES}, $18, $19, $20, $21, $22::date,
         CASE WHEN $19 <> 'published' THEN NULL ELSE coalesce(plan_rows.published_at, now()) END, $23, now())`,
      [
        r.id,
        fiscalYear,
        ...inputParams(r),
        actor,
        r.state,
        r.approval?.by ?? null,
        r.approval?.position ?? null,
        r.approval?.date ?? null,
        i,
      ],
    );
    for (const p of r.progress) await setProgress(tx, r.id, p.round, p, actor);
  }
  await tx.query('SET CONSTRAINTS plan_rows_key IMMEDIATE');
}

/**
 * Builds `to`'s register and plan from `from`'s: missions, groups, the matrix and every plan row
 * (new ids, back to draft, without approval or progress; evidence shifted by the same number of
 * years). The caller refuses when `to` has any of them.
 */
export async function copyForward(tx: Queryable, from: number, to: number, actor: string | null) {
  await tx.query(
    `INSERT INTO plan_missions (fiscal_year, code, kind, title_th, title_en, source, position)
     SELECT $2, code, kind, title_th, title_en, source, position FROM plan_missions WHERE fiscal_year = $1`,
    [from, to],
  );
  await tx.query(
    `INSERT INTO stakeholder_groups (fiscal_year, id, name_th, name_en, definition, kind, population, interest, influence, position)
     SELECT $2, id, name_th, name_en, definition, kind, population, interest, influence, position
     FROM stakeholder_groups WHERE fiscal_year = $1`,
    [from, to],
  );
  await tx.query(
    `INSERT INTO mission_groups (fiscal_year, mission, group_id, reason)
     SELECT $2, mission, group_id, reason FROM mission_groups WHERE fiscal_year = $1`,
    [from, to],
  );
  // Evidence moves with the plan: last year's figure of the old plan is last year's of the new one.
  const copied = INPUT_COLUMNS.replace(
    'evidence',
    `CASE WHEN evidence IS NULL THEN NULL ELSE jsonb_set(evidence, '{fiscalYear}',
       to_jsonb((evidence ->> 'fiscalYear')::int + $2 - $1)) END`,
  );
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO plan_rows (id, fiscal_year, ${INPUT_COLUMNS}, position, updated_by)
     SELECT gen_random_uuid(), $2, ${copied}, position, $3 FROM plan_rows WHERE fiscal_year = $1
     RETURNING id`,
    [from, to, actor],
  );
  const [counts] = await tx.query<{ missions: string | number; groups: string | number }>(
    `SELECT (SELECT count(*) FROM plan_missions WHERE fiscal_year = $1) AS missions,
            (SELECT count(*) FROM stakeholder_groups WHERE fiscal_year = $1) AS groups`,
    [to],
  );
  return { missions: Number(counts?.missions ?? 0), groups: Number(counts?.groups ?? 0), rows: rows.length };
}
