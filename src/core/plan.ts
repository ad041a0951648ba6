/**
 * The participation plan (announcement 2.2): per fiscal year, mission, stakeholder group and
 * level of participation, what the group expects (with its evidence, a link to a survey's figure),
 * the channels, how often, the practice, an indicator with its target and source, who is
 * responsible, and the state draft → approved → published. Progress is kept per round (6 and 12
 * months). Pure rules, shared by the server and the staff screens (docs/participation.md).
 */
import { type TableCell, TableError, tableRecords } from './table.js';

/** The announcement's five levels of participation (IAP2), lowest first. */
export const LEVELS = ['inform', 'consult', 'involve', 'collaborate', 'empower'] as const;
export type ParticipationLevel = (typeof LEVELS)[number];

/** A row's states, in order. */
export const PLAN_STATES = ['draft', 'approved', 'published'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/** Frequencies with a name; any other text is kept as written. */
export const FREQUENCIES = ['once', 'per_term', 'quarterly', 'yearly', 'continuous'] as const;

/** Progress rounds: after 6 and after 12 months of the fiscal year. */
export const ROUNDS = [6, 12] as const;
export type Round = (typeof ROUNDS)[number];

/** Which figure of a survey: an item or a dimension, and which of its parts. */
export interface SurveyFigure {
  surveyId: string;
  target: 'item' | 'dimension';
  id: string;
  part: 'expectation' | 'satisfaction' | 'value';
}

/** The evidence of an expectation: a survey's item or dimension in a fiscal year (its x̄ and gap). */
export interface Evidence {
  surveyId: string;
  fiscalYear: number;
  target: 'item' | 'dimension';
  id: string;
}

/** Where an indicator's value comes from. Survey figures are of the plan's own fiscal year. */
export type IndicatorSource = { kind: 'manual' } | { kind: 'activities' } | ({ kind: 'survey' } & SurveyFigure);

/** The indicator of a row. */
export interface Indicator {
  what: string;
  target: number | null;
  unit: string;
  source: IndicatorSource;
}

/** Who approved, in what position, on which day (ISO). */
export interface Approval {
  by: string;
  position: string;
  date: string;
}

/** A round's progress as stored: a value only when the source is manual. */
export interface ProgressInput {
  round: Round;
  value: number | null;
  problem: string;
  done: string;
}

/** A plan row as written (by the editor or a file). */
export interface PlanRowInput {
  id?: string;
  mission: string;
  group: string;
  level: ParticipationLevel;
  expectation: string;
  evidence: Evidence | null;
  channels: string[];
  frequency: string;
  practice: string;
  indicator: Indicator;
  responsibleUnit: string;
  responsiblePerson: string;
  /** Internal; never public. */
  note: string;
}

/** A round's progress as shown: the value (computed for Siang sources), % of target, on target. */
export interface Progress extends ProgressInput {
  computed: boolean;
  percent: number | null;
  onTarget: boolean | null;
}

/** A stored plan row. */
export interface PlanRow extends PlanRowInput {
  id: string;
  fiscalYear: number;
  state: PlanState;
  approval: Approval | null;
  publishedAt: string | null;
  progress: Progress[];
}

/** Whether a row may go from one state to another (an edit always returns it to draft). */
export function canTransition(from: PlanState, to: PlanState): boolean {
  return (
    (from === 'draft' && to === 'approved') ||
    (from === 'approved' && to === 'published') ||
    (from === 'published' && to === 'approved') ||
    (from === 'approved' && to === 'draft')
  );
}

/** A value against its target: % (one decimal) and whether it reaches it. */
export function progressOf(
  value: number | null,
  target: number | null,
): { percent: number | null; onTarget: boolean | null } {
  if (value === null || target === null) return { percent: null, onTarget: null };
  if (target === 0) return { percent: null, onTarget: value >= 0 };
  return { percent: Math.round((value / target) * 1000) / 10, onTarget: value >= target };
}

const PARTS = ['expectation', 'satisfaction', 'value'] as const;

/** The text form of a source: `manual`, `activities`, `survey:<survey>/<item|dimension>/<id>/<part>`. */
export function sourceText(source: IndicatorSource): string {
  return source.kind === 'survey'
    ? `survey:${source.surveyId}/${source.target}/${source.id}/${source.part}`
    : source.kind;
}

/** Reads a source's text form; undefined when it is not one. */
export function parseSource(text: string): IndicatorSource | undefined {
  if (text === '' || text === 'manual') return { kind: 'manual' };
  if (text === 'activities') return { kind: 'activities' };
  const m = /^survey:([^/]+)\/(item|dimension)\/([^/]+)\/([a-z]+)$/.exec(text);
  if (!m || !(PARTS as readonly string[]).includes(m[4] ?? '')) return undefined;
  return {
    kind: 'survey',
    surveyId: m[1] as string,
    target: m[2] as 'item' | 'dimension',
    id: m[3] as string,
    part: m[4] as SurveyFigure['part'],
  };
}

/** The text form of evidence: `<survey>/<fiscal year>/<item|dimension>/<id>`, or empty. */
export function evidenceText(evidence: Evidence | null): string {
  return evidence ? `${evidence.surveyId}/${evidence.fiscalYear}/${evidence.target}/${evidence.id}` : '';
}

/** Reads evidence's text form; null when empty, undefined when it is not one. */
export function parseEvidence(text: string): Evidence | null | undefined {
  if (text === '') return null;
  const m = /^([^/]+)\/(25\d\d|26\d\d)\/(item|dimension)\/([^/]+)$/.exec(text);
  if (!m) return undefined;
  return { surveyId: m[1] as string, fiscalYear: Number(m[2]), target: m[3] as Evidence['target'], id: m[4] as string };
}

/** The columns of the plan's flat table (CSV, XLSX; JSON rows carry the same fields structured). */
export const PLAN_COLUMNS = [
  'id',
  'fiscal_year',
  'mission',
  'group',
  'level',
  'expectation',
  'evidence',
  'channels',
  'frequency',
  'practice',
  'indicator_what',
  'indicator_target',
  'indicator_unit',
  'indicator_source',
  'responsible_unit',
  'responsible_person',
  'note',
  'state',
  'approved_by',
  'approved_position',
  'approved_on',
  'progress_6_value',
  'progress_6_problem',
  'progress_6_done',
  'progress_12_value',
  'progress_12_problem',
  'progress_12_done',
] as const;
type PlanColumn = (typeof PLAN_COLUMNS)[number];
const REQUIRED: PlanColumn[] = ['fiscal_year', 'mission', 'group', 'level'];

/** Plan rows as the flat table (header first); channels are separated by `;`. */
export function planTable(rows: readonly PlanRow[]): TableCell[][] {
  const table: TableCell[][] = [[...PLAN_COLUMNS]];
  for (const r of rows) {
    const p = (round: Round) => r.progress.find((x) => x.round === round);
    const values: Record<PlanColumn, TableCell> = {
      id: r.id,
      fiscal_year: r.fiscalYear,
      mission: r.mission,
      group: r.group,
      level: r.level,
      expectation: r.expectation,
      evidence: evidenceText(r.evidence),
      channels: r.channels.join(';'),
      frequency: r.frequency,
      practice: r.practice,
      indicator_what: r.indicator.what,
      indicator_target: r.indicator.target,
      indicator_unit: r.indicator.unit,
      indicator_source: sourceText(r.indicator.source),
      responsible_unit: r.responsibleUnit,
      responsible_person: r.responsiblePerson,
      note: r.note,
      state: r.state,
      approved_by: r.approval?.by ?? '',
      approved_position: r.approval?.position ?? '',
      approved_on: r.approval?.date ?? '',
      progress_6_value: p(6)?.value ?? null,
      progress_6_problem: p(6)?.problem ?? '',
      progress_6_done: p(6)?.done ?? '',
      progress_12_value: p(12)?.value ?? null,
      progress_12_problem: p(12)?.problem ?? '',
      progress_12_done: p(12)?.done ?? '',
    };
    table.push(PLAN_COLUMNS.map((c) => values[c]));
  }
  return table;
}

/** A row read from a file: the row, its state and approval, and its progress. */
export interface ImportedPlanRow extends PlanRowInput {
  id: string;
  fiscalYear: number;
  state: PlanState;
  approval: Approval | null;
  progress: ProgressInput[];
}

/** What the rows of a file may name. */
export interface PlanContext {
  fiscalYear: number;
  missions: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  channels: ReadonlySet<string>;
  /** Makes an id for a row without one. */
  newId: () => string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NUMBER = /^-?\d{1,12}(\.\d{1,6})?$/;

/**
 * Reads the flat table into plan rows of the context's fiscal year. Throws TableError at the
 * first bad cell: nothing of the file may be used then.
 */
export function parsePlanTable(table: readonly (readonly TableCell[])[], context: PlanContext): ImportedPlanRow[] {
  const rows: ImportedPlanRow[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const { row, get } of tableRecords(table, PLAN_COLUMNS, REQUIRED)) {
    const fail = (column: PlanColumn, reason: string): never => {
      throw new TableError(row, column, reason);
    };
    const id = get('id') || context.newId();
    if (!UUID.test(id)) fail('id', 'must be a UUID (or empty for a new row)');
    if (ids.has(id)) fail('id', 'appears twice');
    ids.add(id);
    if (get('fiscal_year') !== String(context.fiscalYear))
      fail('fiscal_year', `must be ${context.fiscalYear}, the fiscal year being imported`);
    const mission = get('mission');
    if (!context.missions.has(mission)) fail('mission', `no mission ${mission || '(empty)'} in the register`);
    const group = get('group');
    if (!context.groups.has(group)) fail('group', `no group ${group || '(empty)'} in the register`);
    const level = get('level') as ParticipationLevel;
    if (!LEVELS.includes(level)) fail('level', `must be one of ${LEVELS.join(', ')}`);
    const key = `${mission}|${group}|${level}`;
    if (keys.has(key)) fail('level', 'a row for this mission, group and level appears twice');
    keys.add(key);
    const evidence = parseEvidence(get('evidence'));
    if (evidence === undefined) fail('evidence', 'must be survey/fiscal-year/item|dimension/id, or empty');
    const channels = get('channels')
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean);
    for (const c of channels) if (!context.channels.has(c)) fail('channels', `no channel ${c} in the office's list`);
    const number = (column: PlanColumn): number | null => {
      const text = get(column);
      if (text === '') return null;
      if (!NUMBER.test(text)) fail(column, 'must be a number');
      return Number(text);
    };
    const source = parseSource(get('indicator_source'));
    if (!source) fail('indicator_source', 'must be manual, activities or survey:<survey>/<item|dimension>/<id>/<part>');
    const state = (get('state') || 'draft') as PlanState;
    if (!PLAN_STATES.includes(state)) fail('state', `must be one of ${PLAN_STATES.join(', ')}`);
    let approval: Approval | null = null;
    if (state !== 'draft') {
      const by = get('approved_by');
      const date = get('approved_on');
      if (!by) fail('approved_by', `is required for a row ${state}`);
      if (!ISO_DAY.test(date)) fail('approved_on', 'must be a date written YYYY-MM-DD');
      approval = { by, position: get('approved_position'), date };
    }
    const text = (column: PlanColumn, max = 4000) => {
      const value = get(column);
      if (value.length > max) fail(column, `is longer than ${max} characters`);
      return value;
    };
    const frequency = text('frequency', 200);
    const progress: ProgressInput[] = [];
    for (const round of ROUNDS) {
      const value = number(`progress_${round}_value`);
      const problem = text(`progress_${round}_problem`);
      const done = text(`progress_${round}_done`);
      if (value !== null || problem || done)
        progress.push({ round, value: source?.kind === 'manual' ? value : null, problem, done });
    }
    rows.push({
      id,
      fiscalYear: context.fiscalYear,
      mission,
      group,
      level,
      expectation: text('expectation'),
      evidence: evidence ?? null,
      channels,
      frequency,
      practice: text('practice'),
      indicator: {
        what: text('indicator_what', 1000),
        target: number('indicator_target'),
        unit: text('indicator_unit', 100),
        source: source ?? { kind: 'manual' },
      },
      responsibleUnit: text('responsible_unit', 500),
      responsiblePerson: text('responsible_person', 500),
      note: text('note'),
      state,
      approval,
      progress,
    });
  }
  return rows;
}

/** The structured JSON of a plan row as the flat table's record (for importing JSON files). */
export function flatRecord(row: Record<string, unknown>): Record<PlanColumn, TableCell> {
  const r = row as Partial<PlanRow> & { indicator?: Partial<Indicator> };
  const str = (v: unknown): TableCell => (typeof v === 'string' || typeof v === 'number' ? v : null);
  const p = (round: Round) => (Array.isArray(r.progress) ? r.progress.find((x) => x?.round === round) : undefined);
  const source = r.indicator?.source;
  return {
    id: str(r.id),
    fiscal_year: str(r.fiscalYear),
    mission: str(r.mission),
    group: str(r.group),
    level: str(r.level),
    expectation: str(r.expectation),
    evidence: r.evidence && typeof r.evidence === 'object' ? evidenceText(r.evidence) : null,
    channels: Array.isArray(r.channels) ? r.channels.filter((c) => typeof c === 'string').join(';') : str(r.channels),
    frequency: str(r.frequency),
    practice: str(r.practice),
    indicator_what: str(r.indicator?.what),
    indicator_target: str(r.indicator?.target),
    indicator_unit: str(r.indicator?.unit),
    indicator_source: source && typeof source === 'object' ? sourceText(source) : str(source),
    responsible_unit: str(r.responsibleUnit),
    responsible_person: str(r.responsiblePerson),
    note: str(r.note),
    state: str(r.state),
    approved_by: str(r.approval?.by),
    approved_position: str(r.approval?.position),
    approved_on: str(r.approval?.date),
    progress_6_value: str(p(6)?.value),
    progress_6_problem: str(p(6)?.problem),
    progress_6_done: str(p(6)?.done),
    progress_12_value: str(p(12)?.value),
    progress_12_problem: str(p(12)?.problem),
    progress_12_done: str(p(12)?.done),
  };
}

/** JSON rows as the flat table (header first), so JSON, CSV and XLSX are read by one parser. */
export function jsonRowsTable(rows: readonly unknown[]): TableCell[][] {
  return [
    [...PLAN_COLUMNS],
    ...rows.map((row) => {
      const record = flatRecord(row && typeof row === 'object' ? (row as Record<string, unknown>) : {});
      return PLAN_COLUMNS.map((c) => record[c]);
    }),
  ];
}

/** A plan row as a picker offers it: its id and what names it in either language. */
export interface PlanRowChoice {
  id: string;
  mission: { code: string; title: { th: string; en: string } };
  group: { id: string; name: { th: string; en: string } };
  level: ParticipationLevel;
}

/** The plan as `GET /api/v1/plan?format=json` and `GET /api/v1/public/plan` give it, as far as pickers read it. */
export interface PlanForPicker {
  missions: readonly { code: string; title: { th: string; en: string } }[];
  groups: readonly { id: string; name: { th: string; en: string } }[];
  rows: readonly { id: string; mission: string; group: string; level: ParticipationLevel }[];
}

/** The rows of a plan (staff or public) to pick from, in the plan's order, named by their mission and group. */
export function planRowChoices(plan: PlanForPicker): PlanRowChoice[] {
  return plan.rows.map((r) => ({
    id: r.id,
    mission: {
      code: r.mission,
      title: plan.missions.find((m) => m.code === r.mission)?.title ?? { th: '', en: '' },
    },
    group: { id: r.group, name: plan.groups.find((g) => g.id === r.group)?.name ?? { th: r.group, en: r.group } },
    level: r.level,
  }));
}

/** "mission · group · level" in a language (English falls back to Thai where a name has no English). */
export function planRowLabel(
  choice: PlanRowChoice,
  lang: 'th' | 'en',
  levelName: (level: ParticipationLevel) => string,
): string {
  const name = (t: { th: string; en: string }) => (lang === 'en' && t.en.trim() ? t.en : t.th);
  const mission = [choice.mission.code, name(choice.mission.title)].filter(Boolean).join(' ');
  return [mission, name(choice.group.name), levelName(choice.level)].join(' · ');
}
