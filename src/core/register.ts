/**
 * The stakeholder register of a fiscal year (announcement 2.1): the office's missions and
 * strategies, its stakeholder groups (the same list as the surveys' `group` question), which
 * missions concern which group and why, and the office's list of participation channels. Pure
 * rules and the flat table that export and import share (docs/participation.md).
 */
import type { LocalizedText } from './survey.js';
import { type TableCell, TableError, tableRecords } from './table.js';

/** A main mission or a strategy of the fiscal year. */
export interface Mission {
  code: string;
  kind: 'mission' | 'strategy';
  title: LocalizedText;
  /** The document it comes from (OBEC's policy of the year, the office's action plan…). */
  source: string;
}

/** Service recipients use the office's services; stakeholders are affected by its work. */
export const GROUP_KINDS = ['recipient', 'stakeholder'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** A stakeholder group; `id` is the value of the surveys' `group` option. */
export interface StakeholderGroup {
  id: string;
  name: LocalizedText;
  definition: string;
  kind: GroupKind;
  population: number | null;
  /** 1 low, 2 medium, 3 high. */
  interest: 1 | 2 | 3;
  influence: 1 | 2 | 3;
}

/** A mission concerns a group, for a reason. */
export interface MissionGroup {
  mission: string;
  group: string;
  reason: string;
}

/** A participation channel of the office (kept across fiscal years). */
export interface Channel {
  id: string;
  name: LocalizedText;
}

/** The register of one fiscal year. */
export interface Register {
  fiscalYear: number;
  missions: Mission[];
  groups: StakeholderGroup[];
  matrix: MissionGroup[];
  channels: Channel[];
}

/** Codes of missions and ids of groups and channels: letters, digits, `_ . -`. */
export const CODE = /^[\p{L}\p{N}_.-]{1,64}$/u;

/** The quadrant of the usual 2×2 map: manage closely, keep satisfied, keep informed, monitor. */
export type Quadrant = 'manage' | 'satisfy' | 'inform' | 'monitor';

/** Where a group sits on the interest/influence map (3 is high; 2 counts as high, 1 as low). */
export function quadrantOf(group: Pick<StakeholderGroup, 'interest' | 'influence'>): Quadrant {
  const highInterest = group.interest >= 2;
  const highInfluence = group.influence >= 2;
  if (highInfluence) return highInterest ? 'manage' : 'satisfy';
  return highInterest ? 'inform' : 'monitor';
}

/**
 * Compares a survey's group options with the register: groups the survey asks for that the
 * register lacks, and groups of the register the survey does not offer.
 */
export function reconcileGroups(
  surveyOptions: readonly string[],
  register: readonly Pick<StakeholderGroup, 'id'>[],
): { onlyInSurvey: string[]; onlyInRegister: string[] } {
  const ids = new Set(register.map((g) => g.id));
  const options = new Set(surveyOptions);
  return {
    onlyInSurvey: surveyOptions.filter((o) => !ids.has(o)),
    onlyInRegister: register.map((g) => g.id).filter((id) => !options.has(id)),
  };
}

/** The columns of the register's flat table: one record per mission, group, link or channel. */
export const REGISTER_COLUMNS = [
  'record',
  'id',
  'kind',
  'name_th',
  'name_en',
  'text',
  'population',
  'interest',
  'influence',
  'mission',
  'group',
] as const;
type Column = (typeof REGISTER_COLUMNS)[number];

/** The register as the flat table (header first). */
export function registerTable(register: Register): TableCell[][] {
  const rows: TableCell[][] = [[...REGISTER_COLUMNS]];
  const row = (values: Partial<Record<Column, TableCell>>) => rows.push(REGISTER_COLUMNS.map((c) => values[c] ?? ''));
  for (const m of register.missions)
    row({ record: 'mission', id: m.code, kind: m.kind, name_th: m.title.th, name_en: m.title.en, text: m.source });
  for (const g of register.groups)
    row({
      record: 'group',
      id: g.id,
      kind: g.kind,
      name_th: g.name.th,
      name_en: g.name.en,
      text: g.definition,
      population: g.population ?? '',
      interest: g.interest,
      influence: g.influence,
    });
  for (const l of register.matrix) row({ record: 'link', mission: l.mission, group: l.group, text: l.reason });
  for (const c of register.channels) row({ record: 'channel', id: c.id, name_th: c.name.th, name_en: c.name.en });
  return rows;
}

const level = (text: string, row: number, column: string): 1 | 2 | 3 => {
  if (!/^[123]$/.test(text)) throw new TableError(row, column, 'must be 1, 2 or 3');
  return Number(text) as 1 | 2 | 3;
};

/**
 * Reads the flat table back into a register of `fiscalYear`. Throws TableError at the first bad
 * cell (rows counted as a spreadsheet does, the header being row 1).
 */
export function parseRegisterTable(table: readonly (readonly TableCell[])[], fiscalYear: number): Register {
  const register: Register = { fiscalYear, missions: [], groups: [], matrix: [], channels: [] };
  const seen = new Set<string>();
  for (const { row, get } of tableRecords(table, REGISTER_COLUMNS, ['record'])) {
    const record = get('record');
    const id = (column: Column) => {
      const value = get(column);
      if (!CODE.test(value)) throw new TableError(row, column, 'must be letters, digits, _ . or - (at most 64)');
      return value;
    };
    const once = (key: string, column: Column) => {
      if (seen.has(key)) throw new TableError(row, column, 'appears twice');
      seen.add(key);
    };
    const name = () => {
      const th = get('name_th');
      if (!th) throw new TableError(row, 'name_th', 'is required');
      return { th, en: get('name_en') || th };
    };
    if (record === 'mission') {
      const code = id('id');
      once(`m:${code}`, 'id');
      const kind = get('kind') || 'mission';
      if (kind !== 'mission' && kind !== 'strategy') throw new TableError(row, 'kind', 'must be mission or strategy');
      register.missions.push({ code, kind, title: name(), source: get('text') });
    } else if (record === 'group') {
      const groupId = id('id');
      once(`g:${groupId}`, 'id');
      const kind = get('kind');
      if (!(GROUP_KINDS as readonly string[]).includes(kind))
        throw new TableError(row, 'kind', 'must be recipient or stakeholder');
      const population = get('population');
      if (population && !/^\d{1,9}$/.test(population))
        throw new TableError(row, 'population', 'must be a whole number');
      register.groups.push({
        id: groupId,
        name: name(),
        definition: get('text'),
        kind: kind as GroupKind,
        population: population ? Number(population) : null,
        interest: level(get('interest'), row, 'interest'),
        influence: level(get('influence'), row, 'influence'),
      });
    } else if (record === 'link') {
      const mission = id('mission');
      const group = id('group');
      if (!register.missions.some((m) => m.code === mission))
        throw new TableError(row, 'mission', `no mission ${mission} above this row`);
      if (!register.groups.some((g) => g.id === group))
        throw new TableError(row, 'group', `no group ${group} above this row`);
      once(`l:${mission}|${group}`, 'group');
      register.matrix.push({ mission, group, reason: get('text') });
    } else if (record === 'channel') {
      const channelId = id('id');
      once(`c:${channelId}`, 'id');
      register.channels.push({ id: channelId, name: name() });
    } else throw new TableError(row, 'record', 'must be mission, group, link or channel');
  }
  return register;
}

/** A register sent as JSON (an export of `GET /api/v1/register`) as the flat table, for one parser. */
export function registerJsonTable(body: unknown): TableCell[][] {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const list = (key: string) =>
    (Array.isArray(b[key]) ? (b[key] as unknown[]) : []).map((x) =>
      x && typeof x === 'object' ? (x as Record<string, unknown>) : {},
    );
  const s = (v: unknown): TableCell => (typeof v === 'string' || typeof v === 'number' ? v : null);
  const text = (v: unknown, lang: 'th' | 'en') => s((v as Record<string, unknown> | undefined)?.[lang]);
  const rows: TableCell[][] = [[...REGISTER_COLUMNS]];
  const row = (values: Partial<Record<Column, TableCell>>) => rows.push(REGISTER_COLUMNS.map((c) => values[c] ?? null));
  for (const m of list('missions'))
    row({
      record: 'mission',
      id: s(m.code),
      kind: s(m.kind),
      name_th: text(m.title, 'th'),
      name_en: text(m.title, 'en'),
      text: s(m.source),
    });
  for (const g of list('groups'))
    row({
      record: 'group',
      id: s(g.id),
      kind: s(g.kind),
      name_th: text(g.name, 'th'),
      name_en: text(g.name, 'en'),
      text: s(g.definition),
      population: s(g.population),
      interest: s(g.interest),
      influence: s(g.influence),
    });
  for (const l of list('matrix')) row({ record: 'link', mission: s(l.mission), group: s(l.group), text: s(l.reason) });
  for (const c of list('channels'))
    row({ record: 'channel', id: s(c.id), name_th: text(c.name, 'th'), name_en: text(c.name, 'en') });
  return rows;
}
