/**
 * The stakeholder register on the server: tables `plan_missions`, `stakeholder_groups` and
 * `mission_groups` (per fiscal year) and `participation_channels` (the office's list). A register
 * is saved whole, in the caller's transaction; a mission, group or channel that plan rows still
 * use is not removed (RegisterConflict).
 */
import {
  type Channel,
  type Mission,
  type Register,
  reconcileGroups,
  type StakeholderGroup,
} from '../../core/register.js';
import type { SurveyDefinition } from '../../core/survey.js';
import type { Queryable } from '../db/database.js';
import { listSurveys } from './surveys.js';

/** A change that would leave plan rows pointing at nothing. */
export class RegisterConflict extends Error {
  readonly statusCode = 409;
}

/** The office's channel list, in its order. */
export async function getChannels(db: Queryable): Promise<Channel[]> {
  const rows = await db.query<{ id: string; name_th: string; name_en: string }>(
    'SELECT id, name_th, name_en FROM participation_channels ORDER BY position, id',
  );
  return rows.map((r) => ({ id: r.id, name: { th: r.name_th, en: r.name_en } }));
}

/** The register of a fiscal year (empty lists when the year has none). */
export async function getRegister(db: Queryable, fiscalYear: number): Promise<Register> {
  const missions = await db.query<{
    code: string;
    kind: Mission['kind'];
    title_th: string;
    title_en: string;
    source: string;
  }>(
    'SELECT code, kind, title_th, title_en, source FROM plan_missions WHERE fiscal_year = $1 ORDER BY position, code',
    [fiscalYear],
  );
  const groups = await db.query<{
    id: string;
    name_th: string;
    name_en: string;
    definition: string;
    kind: StakeholderGroup['kind'];
    population: number | null;
    interest: number;
    influence: number;
  }>(
    `SELECT id, name_th, name_en, definition, kind, population, interest, influence
     FROM stakeholder_groups WHERE fiscal_year = $1 ORDER BY position, id`,
    [fiscalYear],
  );
  const matrix = await db.query<{ mission: string; group_id: string; reason: string }>(
    `SELECT l.mission, l.group_id, l.reason FROM mission_groups l
     JOIN plan_missions m ON m.fiscal_year = l.fiscal_year AND m.code = l.mission
     JOIN stakeholder_groups g ON g.fiscal_year = l.fiscal_year AND g.id = l.group_id
     WHERE l.fiscal_year = $1 ORDER BY m.position, g.position`,
    [fiscalYear],
  );
  return {
    fiscalYear,
    missions: missions.map((m) => ({
      code: m.code,
      kind: m.kind,
      title: { th: m.title_th, en: m.title_en },
      source: m.source,
    })),
    groups: groups.map((g) => ({
      id: g.id,
      name: { th: g.name_th, en: g.name_en },
      definition: g.definition,
      kind: g.kind,
      population: g.population === null ? null : Number(g.population),
      interest: Number(g.interest) as 1 | 2 | 3,
      influence: Number(g.influence) as 1 | 2 | 3,
    })),
    matrix: matrix.map((l) => ({ mission: l.mission, group: l.group_id, reason: l.reason })),
    channels: await getChannels(db),
  };
}

/** Whether a fiscal year has a register or plan rows. */
export async function yearInUse(db: Queryable, fiscalYear: number): Promise<boolean> {
  const [row] = await db.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM plan_missions WHERE fiscal_year = $1)
         OR EXISTS (SELECT 1 FROM stakeholder_groups WHERE fiscal_year = $1)
         OR EXISTS (SELECT 1 FROM plan_rows WHERE fiscal_year = $1) AS used`,
    [fiscalYear],
  );
  return Boolean(row?.used);
}

/**
 * Replaces the register of `register.fiscalYear` (missions, groups, matrix). Call inside a
 * transaction. Refuses to drop a mission or group that plan rows use.
 */
export async function saveRegister(tx: Queryable, register: Omit<Register, 'channels'>): Promise<void> {
  const fy = register.fiscalYear;
  const used = await tx.query<{ what: string; id: string; n: string | number }>(
    `SELECT 'mission' AS what, mission AS id, count(*) AS n FROM plan_rows
       WHERE fiscal_year = $1 AND NOT (mission = ANY($2::text[])) GROUP BY mission
     UNION ALL
     SELECT 'group', group_id, count(*) FROM plan_rows
       WHERE fiscal_year = $1 AND NOT (group_id = ANY($3::text[])) GROUP BY group_id`,
    [fy, register.missions.map((m) => m.code), register.groups.map((g) => g.id)],
  );
  const first = used[0];
  if (first)
    throw new RegisterConflict(
      `${first.what} ${first.id} is used by ${Number(first.n)} plan rows; change those rows first`,
    );
  await tx.query('DELETE FROM mission_groups WHERE fiscal_year = $1', [fy]);
  await tx.query('DELETE FROM plan_missions WHERE fiscal_year = $1 AND NOT (code = ANY($2::text[]))', [
    fy,
    register.missions.map((m) => m.code),
  ]);
  await tx.query('DELETE FROM stakeholder_groups WHERE fiscal_year = $1 AND NOT (id = ANY($2::text[]))', [
    fy,
    register.groups.map((g) => g.id),
  ]);
  for (const [i, m] of register.missions.entries()) {
    await tx.query(
      `INSERT INTO plan_missions (fiscal_year, code, kind, title_th, title_en, source, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (fiscal_year, code) DO UPDATE SET kind = $3, title_th = $4, title_en = $5, source = $6, position = $7`,
      [fy, m.code, m.kind, m.title.th, m.title.en, m.source, i],
    );
  }
  for (const [i, g] of register.groups.entries()) {
    await tx.query(
      `INSERT INTO stakeholder_groups (fiscal_year, id, name_th, name_en, definition, kind, population, interest, influence, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (fiscal_year, id) DO UPDATE SET name_th = $3, name_en = $4, definition = $5, kind = $6,
         population = $7, interest = $8, influence = $9, position = $10`,
      [fy, g.id, g.name.th, g.name.en, g.definition, g.kind, g.population, g.interest, g.influence, i],
    );
  }
  for (const l of register.matrix) {
    await tx.query('INSERT INTO mission_groups (fiscal_year, mission, group_id, reason) VALUES ($1, $2, $3, $4)', [
      fy,
      l.mission,
      l.group,
      l.reason,
    ]);
  }
}

/** Replaces the office's channel list; refuses to drop a channel that plan rows use. */
export async function saveChannels(tx: Queryable, channels: readonly Channel[]): Promise<void> {
  const ids = channels.map((c) => c.id);
  const used = await tx.query<{ id: string; n: string | number }>(
    `SELECT c AS id, count(*) AS n FROM plan_rows, unnest(channels) AS c
     WHERE NOT (c = ANY($1::text[])) GROUP BY c`,
    [ids],
  );
  const first = used[0];
  if (first)
    throw new RegisterConflict(`channel ${first.id} is used by ${Number(first.n)} plan rows; change those rows first`);
  await tx.query('DELETE FROM participation_channels WHERE NOT (id = ANY($1::text[]))', [ids]);
  for (const [i, c] of channels.entries()) {
    await tx.query(
      `INSERT INTO participation_channels (id, name_th, name_en, position) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET name_th = $2, name_en = $3, position = $4`,
      [c.id, c.name.th, c.name.en, i],
    );
  }
}

/** The values of a survey's `group` question, or undefined when it has none. */
export function groupOptions(survey: SurveyDefinition): string[] | undefined {
  for (const section of survey.sections)
    for (const q of section.questions)
      if (q.id === 'group' && 'options' in q && Array.isArray(q.options)) return q.options.map((o) => o.value);
  return undefined;
}

/** How each published survey's group options compare with the register of a fiscal year. */
export async function reconcileSurveys(db: Queryable, fiscalYear: number) {
  const register = await getRegister(db, fiscalYear);
  const out: { surveyId: string; version: number; onlyInSurvey: string[]; onlyInRegister: string[] }[] = [];
  const seen = new Set<string>();
  for (const s of await listSurveys(db)) {
    // Newest version first: only the version devices collect with counts.
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const options = groupOptions(s.definition);
    if (!options) continue;
    out.push({ surveyId: s.definition.id, version: s.version, ...reconcileGroups(options, register.groups) });
  }
  return { fiscalYear, surveys: out };
}
