/**
 * The surveys Siang ships: JSON definitions in `src/content/surveys/`, long lists (the area's
 * schools) as CSV files in `src/content/lists/`. Read at build time (vite config) and by the
 * server; every definition passes `validateSurvey` before anyone sees it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { ListItem, SurveyDefinition } from '../core/survey.js';
import { validateSurvey } from '../core/survey-validate.js';

// Two levels up from src/server/ (running from source) and from build/server/ (compiled). Not
// `new URL('../..', import.meta.url)`: vite rewrites that pattern as a browser asset in tests.
const CONTENT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'content');

/** The folder of the shipped list files (`schools.csv`). */
export const LISTS_DIR = join(CONTENT_DIR, 'lists');

/** The folder of the shipped survey definitions. */
export const SURVEYS_DIR = join(CONTENT_DIR, 'surveys');

const COLUMNS = ['code', 'name_th', 'name_en', 'district_th', 'district_en'] as const;
type Column = (typeof COLUMNS)[number];

const isColumn = (name: string): name is Column => (COLUMNS as readonly string[]).includes(name);

interface CsvRow {
  readonly record: string[];
  readonly info: { readonly bytes: number };
}

/**
 * Parses a list file (docs/survey-format.md, "List files"): UTF-8 CSV with a header row of
 * `code`, `name_th`, `name_en`, `district_th`, `district_en`; throws naming the line of a bad row.
 */
export function parseSchoolList(csv: string): ListItem[] {
  let rows: CsvRow[];
  try {
    rows = parse(csv, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // With `info`, each record comes as { record, info }; the typings only know plain rows.
    }) as unknown as CsvRow[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    const where = typeof line === 'number' ? `line ${line}: ` : '';
    throw new Error(`${where}the file is not valid CSV (${(error as Error).message})`);
  }
  const lineOf = lineCounter(csv, rows);
  // Spreadsheets save rows of empty cells (",,,,") below the data; they are blank lines too.
  const filled = rows
    .map((row, i) => ({ cells: row.record, line: lineOf(i) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const header = filled[0];
  if (!header)
    throw new Error(`line 1: the file is empty; the first line must name the columns (${COLUMNS.join(',')})`);

  const at = new Map<Column, number>();
  header.cells.forEach((raw, i) => {
    const name = raw.toLowerCase();
    if (!isColumn(name)) {
      throw new Error(`line ${header.line}: unknown column "${raw}"; the columns are ${COLUMNS.join(', ')}`);
    }
    if (at.has(name)) throw new Error(`line ${header.line}: column "${name}" appears twice`);
    at.set(name, i);
  });
  if (!at.has('name_th')) throw new Error(`line ${header.line}: the header has no "name_th" column`);

  const items: ListItem[] = [];
  const seen = new Map<string, number>();
  for (const { cells, line } of filled.slice(1)) {
    if (cells.length > header.cells.length) {
      throw new Error(
        `line ${line}: ${cells.length} fields but the header names ${header.cells.length} columns; ` +
          'put a name that contains a comma in double quotes',
      );
    }
    const cell = (column: Column): string => {
      const i = at.get(column);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    const nameTh = cell('name_th');
    if (nameTh === '') throw new Error(`line ${line}: name_th is empty; every row needs the Thai name`);
    const value = cell('code') || nameTh;
    const first = seen.get(value);
    if (first !== undefined)
      throw new Error(`line ${line}: "${value}" is already on line ${first}; each row must differ`);
    seen.set(value, line);
    const districtTh = cell('district_th');
    const districtEn = cell('district_en');
    const label = { th: nameTh, en: cell('name_en') || nameTh };
    items.push(
      districtTh || districtEn
        ? { value, label, detail: { th: districtTh || districtEn, en: districtEn || districtTh } }
        : { value, label },
    );
  }
  if (items.length === 0) throw new Error(`line ${header.line + 1}: the list has no rows after the header`);
  return items;
}

/**
 * The line each parsed row starts on. csv-parse reports where a row ends in UTF-8 bytes; the row
 * starts at the first byte after the previous row that is not a blank line.
 */
function lineCounter(csv: string, rows: readonly CsvRow[]): (index: number) => number {
  const bytes = Buffer.from(csv, 'utf8');
  const starts: number[] = [];
  let offset = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  for (const row of rows) {
    while (offset < bytes.length && [0x0a, 0x0d, 0x20, 0x09].includes(bytes[offset] ?? 0)) {
      if (bytes[offset] === 0x0a) line++;
      offset++;
    }
    starts.push(line);
    for (; offset < row.info.bytes && offset < bytes.length; offset++) if (bytes[offset] === 0x0a) line++;
  }
  return (index) => starts[index] ?? line;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Replaces each list written as a file name (`"lists": { "schools": "schools.csv" }`) by the
 * items of that CSV file in `listsDir`; everything else is returned as it was, for the validator.
 */
export function resolveSurveySource(raw: unknown, listsDir: string): unknown {
  if (!isPlainObject(raw) || !isPlainObject(raw.lists)) return raw;
  // fromEntries and spread define own properties, so a "__proto__" key stays plain data.
  const lists = Object.fromEntries(
    Object.entries(raw.lists).map(([name, list]) => [
      name,
      typeof list === 'string' ? readList(name, list, listsDir) : list,
    ]),
  );
  return { ...raw, lists };
}

function readList(name: string, file: string, listsDir: string): ListItem[] {
  const where = `lists.${name}`;
  if (file.includes('/') || file.includes('\\') || file.includes('..') || file.includes('\0')) {
    throw new Error(`${where}: "${file}" must be the name of a file in the lists folder, without "/" or ".."`);
  }
  if (!file.toLowerCase().endsWith('.csv')) throw new Error(`${where}: "${file}" must be a .csv file`);
  let csv: string;
  try {
    csv = readFileSync(join(listsDir, file), 'utf8');
  } catch (error) {
    throw new Error(
      `${where}: cannot read ${file} in ${listsDir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    return parseSchoolList(csv);
  } catch (error) {
    throw new Error(`${where}: ${file} ${(error as Error).message}`);
  }
}

/**
 * Reads, resolves and validates one definition file; throws an Error that lists every problem as
 * `path: message`. Lists are read from `listsDir`, the shipped lists folder by default.
 */
export function loadSurveyFile(file: string, listsDir: string = LISTS_DIR): SurveyDefinition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  let source: unknown;
  try {
    source = resolveSurveySource(raw, listsDir);
  } catch (error) {
    throw new Error(`${file} has a problem:\n  ${(error as Error).message}`);
  }
  const result = validateSurvey(source);
  if (!result.ok) {
    const n = result.problems.length;
    const lines = result.problems.map((p) => `  ${p.path}: ${p.message}`);
    throw new Error(`${file} has ${n} problem${n === 1 ? '' : 's'}:\n${lines.join('\n')}`);
  }
  return result.survey;
}

/** Every shipped survey (`src/content/surveys/*.json`), sorted by id then version. */
export function shippedSurveys(): SurveyDefinition[] {
  const loaded = readdirSync(SURVEYS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, survey: loadSurveyFile(join(SURVEYS_DIR, name), LISTS_DIR) }));
  const seen = new Map<string, string>();
  for (const { name, survey } of loaded) {
    const key = `${survey.id}@${survey.version}`;
    const other = seen.get(key);
    if (other) throw new Error(`${other} and ${name} both define survey "${survey.id}" version ${survey.version}`);
    seen.set(key, name);
  }
  return loaded.map((l) => l.survey).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
}

/** One entry of `surveys/index.json`: what the app lists before it fetches a definition. */
export interface CatalogEntry {
  readonly id: string;
  readonly version: number;
  readonly kind: SurveyDefinition['kind'];
  readonly title: SurveyDefinition['title'];
  readonly description?: SurveyDefinition['description'];
  readonly estimatedMinutes?: number;
  /** Where the definition is, relative to the site root: `surveys/<id>/<version>.json`. */
  readonly file: string;
}

/**
 * The static files the app build emits, by file name: `surveys/index.json` (the catalog) and
 * each definition at `surveys/<id>/<version>.json`, as compact JSON.
 */
export function surveyCatalog(): Map<string, string> {
  const index: CatalogEntry[] = [];
  const definitions: [string, string][] = [];
  for (const s of shippedSurveys()) {
    const file = `surveys/${s.id}/${s.version}.json`;
    index.push({
      id: s.id,
      version: s.version,
      kind: s.kind,
      title: s.title,
      ...(s.description ? { description: s.description } : {}),
      ...(s.estimatedMinutes !== undefined ? { estimatedMinutes: s.estimatedMinutes } : {}),
      file,
    });
    definitions.push([file, JSON.stringify(s)]);
  }
  return new Map([['surveys/index.json', JSON.stringify(index)], ...definitions]);
}
