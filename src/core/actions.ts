/**
 * Improvement actions ("you said, we did", docs/actions.md): what the office does about the
 * findings, with its owner, dates, status, progress and milestones; their flat file (CSV and
 * XLSX, one row per action and one per milestone), and the progress read back from that file.
 * Pure; the server stores them (src/server/store/actions.ts).
 */
import { isIsoDate } from './answers.js';
import type { FindingCopy } from './findings.js';
import { TableError, type TableCell, tableRecords } from './table.js';

/** An action's statuses, in the order a screen offers them. */
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'delayed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A dated step of an action. */
export interface Milestone {
  id: string;
  title: string;
  dueOn: string | null;
  doneOn: string | null;
}

/** A finding an action answers, with a copy of it as it was when linked. */
export interface LinkedFinding {
  key: string;
  finding: FindingCopy;
}

/** An action as the staff API gives it. */
export interface Action {
  id: string;
  fiscalYear: number;
  title: string;
  description: string;
  /** The unit or person responsible. */
  owner: string;
  startsOn: string | null;
  endsOn: string | null;
  status: ActionStatus;
  /** 0–100. */
  progress: number;
  public: boolean;
  publishedAt: string | null;
  milestones: Milestone[];
  findings: LinkedFinding[];
  updatedAt: string;
  updatedBy: string;
}

/**
 * The progress an action takes when its status changes and no progress is given: planned 0,
 * done 100; in progress keeps what it had when that is between 1 and 99, else 10 (work has
 * begun); delayed and cancelled keep what they had (how far it got).
 */
export function defaultProgress(status: ActionStatus, previous: number): number {
  if (status === 'planned') return 0;
  if (status === 'done') return 100;
  if (status === 'in_progress') return previous > 0 && previous < 100 ? previous : 10;
  return previous;
}

/** The columns of the actions' file. Only status, progress and done_on are read back. */
export const ACTION_COLUMNS = [
  'action_id',
  'milestone_id',
  'fiscal_year',
  'title',
  'owner',
  'starts_on',
  'ends_on',
  'status',
  'progress',
  'milestone',
  'due_on',
  'done_on',
  'findings',
  'public',
] as const;
export type ActionColumn = (typeof ACTION_COLUMNS)[number];

/** Columns that hold dates (written as dates in XLSX). */
export const ACTION_DATE_COLUMNS: readonly ActionColumn[] = ['starts_on', 'ends_on', 'due_on', 'done_on'];

/** The actions as the flat table (header first): a row per action, then a row per milestone of it. */
export function actionsTable(actions: readonly Action[]): TableCell[][] {
  const table: TableCell[][] = [[...ACTION_COLUMNS]];
  const row = (values: Partial<Record<ActionColumn, TableCell>>) => ACTION_COLUMNS.map((c) => values[c] ?? null);
  for (const a of actions) {
    table.push(
      row({
        action_id: a.id,
        fiscal_year: a.fiscalYear,
        title: a.title,
        owner: a.owner,
        starts_on: a.startsOn,
        ends_on: a.endsOn,
        status: a.status,
        progress: a.progress,
        findings: a.findings.map((f) => f.key).join(';'),
        public: a.public ? 'yes' : 'no',
      }),
    );
    for (const m of a.milestones)
      table.push(row({ action_id: a.id, milestone_id: m.id, milestone: m.title, due_on: m.dueOn, done_on: m.doneOn }));
  }
  return table;
}

/** What a file changes: per action, its status and progress; per milestone, its done date. */
export interface ProgressUpdate {
  actionId: string;
  status: ActionStatus;
  /** null: the cell was empty (the status's default applies when the status changed). */
  progress: number | null;
  milestones: { id: string; doneOn: string | null }[];
}

/** What the file's rows are matched against: the actions there are and their milestones. */
export type KnownActions = ReadonlyMap<string, { milestones: ReadonlySet<string> }>;

/** A date cell: `YYYY-MM-DD` (as exports write it and XLSX dates read), or empty. */
function dateCell(text: string, row: number, column: string): string | null {
  if (text === '') return null;
  // An Excel day number (a date typed into a cell without a date format): days since 1899-12-30.
  if (/^\d{5}$/.test(text))
    return new Date(Date.UTC(1899, 11, 30) + Number(text) * 86_400_000).toISOString().slice(0, 10);
  const day = text.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text;
  if (!isIsoDate(day))
    throw new TableError(row, column, `"${text}" is not a date (write it YYYY-MM-DD or as an Excel date)`);
  return day;
}

/**
 * Reads the progress from a file in the export's format. Rows are matched by action_id (and
 * milestone_id); every action of the file needs its action row. Throws TableError at the first
 * bad cell; nothing is used then.
 */
export function parseProgressTable(table: readonly (readonly TableCell[])[], known: KnownActions): ProgressUpdate[] {
  const records = tableRecords(table, ACTION_COLUMNS, ['action_id', 'milestone_id', 'status', 'progress', 'done_on']);
  const updates = new Map<string, ProgressUpdate>();
  const milestones: { row: number; actionId: string; id: string; doneOn: string | null }[] = [];
  for (const r of records) {
    const actionId = r.get('action_id').toLowerCase();
    const action = known.get(actionId);
    if (!action) throw new TableError(r.row, 'action_id', actionId ? `no action ${actionId}` : 'is empty');
    const milestoneId = r.get('milestone_id').toLowerCase();
    if (milestoneId) {
      if (!action.milestones.has(milestoneId))
        throw new TableError(r.row, 'milestone_id', `action ${actionId} has no milestone ${milestoneId}`);
      milestones.push({ row: r.row, actionId, id: milestoneId, doneOn: dateCell(r.get('done_on'), r.row, 'done_on') });
      continue;
    }
    if (updates.has(actionId)) throw new TableError(r.row, 'action_id', `action ${actionId} has two rows`);
    const status = r.get('status');
    if (!(ACTION_STATUSES as readonly string[]).includes(status))
      throw new TableError(r.row, 'status', `"${status}" is not one of ${ACTION_STATUSES.join(', ')}`);
    const text = r.get('progress').replace(/\s*%$/, '');
    let progress: number | null = null;
    if (text !== '') {
      progress = Number(text);
      if (!Number.isInteger(progress) || progress < 0 || progress > 100)
        throw new TableError(r.row, 'progress', `"${text}" is not a whole number from 0 to 100`);
    }
    updates.set(actionId, { actionId, status: status as ActionStatus, progress, milestones: [] });
  }
  for (const m of milestones) {
    const update = updates.get(m.actionId);
    if (!update) throw new TableError(m.row, 'action_id', `action ${m.actionId} has no row of its own in the file`);
    if (update.milestones.some((x) => x.id === m.id))
      throw new TableError(m.row, 'milestone_id', `milestone ${m.id} has two rows`);
    update.milestones.push({ id: m.id, doneOn: m.doneOn });
  }
  return [...updates.values()];
}

/**
 * The JSON export's actions (`GET /api/v1/actions/export?format=json`) as the flat table, so a
 * JSON body is read by the same rules as a file; rows are numbered as the table's.
 */
export function jsonActionsTable(actions: readonly unknown[]): TableCell[][] {
  const cell = (v: unknown): TableCell => (typeof v === 'string' || typeof v === 'number' ? v : null);
  const fields = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const table: TableCell[][] = [[...ACTION_COLUMNS]];
  const row = (values: Partial<Record<ActionColumn, TableCell>>) => ACTION_COLUMNS.map((c) => values[c] ?? null);
  for (const raw of actions) {
    const a = fields(raw);
    table.push(row({ action_id: cell(a.id), status: cell(a.status), progress: cell(a.progress) }));
    for (const m of Array.isArray(a.milestones) ? a.milestones.map(fields) : [])
      table.push(row({ action_id: cell(a.id), milestone_id: cell(m.id), done_on: cell(m.doneOn) }));
  }
  return table;
}
