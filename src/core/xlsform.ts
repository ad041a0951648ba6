/**
 * Reads an XLSForm (the spreadsheet form format of ODK, KoboToolbox and SurveyCTO) into a Siang
 * survey definition (docs/xlsform.md). The workbook arrives as plain rows of cells (the server
 * reads the file); anything Siang cannot do faithfully is refused with its sheet, row and column,
 * so nothing half-understood is ever published.
 */
import { type Expr, ExprError, parseExpression, toCondition } from './xlsform-expr.js';
import {
  type Condition,
  LANGUAGES,
  type Lang,
  type LocalizedText,
  MAX_SURVEY_VERSION,
  SURVEY_FORMAT,
  SURVEY_ID,
  type SurveyDefinition,
} from './survey.js';
import { validateSurvey } from './survey-validate.js';
import { defaultPrivacy, SIANG_COLUMNS, xlsLanguage } from './xlsform-shared.js';

/** One cell as read from the file: a formula is kept apart, so it is refused rather than guessed. */
export type XlsCell = string | number | boolean | null | { readonly formula: string };
/** One sheet: its name and its rows, the first being the column names. */
export interface XlsSheet {
  readonly name: string;
  readonly rows: readonly (readonly XlsCell[])[];
}

/** A problem or warning, at its place in the workbook (rows counted from 1, as a spreadsheet does). */
export interface XlsformIssue {
  readonly sheet: string;
  readonly row?: number;
  readonly column?: string;
  /** In English, for the command line and the API's readers. */
  readonly message: string;
  /** What it is, for a screen to word in its own language (see docs/xlsform.md). */
  readonly code: XlsformCode;
  /** The values the wording needs (a name, a type, a number). */
  readonly params: Readonly<Record<string, string | number>>;
}

type Params = Record<string, string | number>;
/** What Siang does not take, named by the problems `unsupported_type` and `unsupported_column`. */
const FEATURE_TEXT = {
  calculation: 'calculations are not supported',
  location: 'locations (GPS) are not collected by Siang',
  media: 'media (photos, sound, video, files) are not supported',
  barcode: 'barcodes are not supported',
  repeat: 'repeats are not supported',
  default: 'default answers are not supported',
  read_only: 'read-only questions are not supported',
  choice_filter: 'choice filters are not supported',
  trigger: 'triggers are not supported',
  parameters: 'question parameters are not supported',
} as const;
type Feature = keyof typeof FEATURE_TEXT;
/** Every problem and warning by its code, in English (params named as the code's fields). */
const ISSUE_TEXT = {
  no_survey_sheet: () => 'the workbook has no "survey" sheet',
  external_choices: () => 'external choices are not supported',
  entities: () => 'entities are not supported',
  too_many_survey_rows: (p: Params) => `the survey sheet has more than ${p.max} rows`,
  too_many_choice_rows: (p: Params) => `the choices sheet has more than ${p.max} rows`,
  other_language: (p: Params) => `language "${p.language}" is neither Thai nor English: ignored`,
  column_ignored: () => 'column not used by Siang: ignored',
  no_list_name_column: () => 'the choices sheet has no "list_name" column',
  choice_without_list: () => 'a choice needs a list name',
  choice_without_name: () => 'a choice needs a name',
  formula: () => 'formulas are not read: type the value itself',
  no_type_column: () => 'the survey sheet has no "type" column',
  no_name_column: () => 'the survey sheet has no "name" column',
  unsupported_column: (p: Params) => FEATURE_TEXT[p.feature as Feature],
  unsupported_type: (p: Params) => FEATURE_TEXT[p.feature as Feature],
  group_not_ended: () => 'this group is never ended ("end group" is missing)',
  no_type: () => 'the row has no type',
  loop: () => 'loops are not supported',
  end_group_alone: () => '"end group" without a "begin group"',
  metadata_skipped: (p: Params) => `"${p.type}" is device or respondent metadata, which Siang does not record: skipped`,
  note_relevant: () => 'a note is shown as part of its section\'s text, whatever its "relevant"',
  no_name: () => 'a question needs a name',
  name_twice: (p: Params) => `the name "${p.name}" is used twice${p.id !== p.name ? ` (as the id "${p.id}")` : ''}`,
  name_stored_as: (p: Params) => `the name "${p.name}" is stored as "${p.id}" (lower-case letters, digits and _)`,
  no_label: () => 'a question needs a label',
  required_condition: () => 'only yes or no is supported: a question cannot become required by a condition',
  not_a_number: (p: Params) => `"${p.value}" is not a number`,
  choices_from_file: () => 'choices from a file are not supported',
  unknown_list: (p: Params) => `the list "${p.list}" is not in the choices sheet`,
  select_without_list: () => 'a select needs a list name: "select_one LIST"',
  unsupported_type_name: (p: Params) => `the type "${p.type}" is not supported`,
  expression: (p: Params) => `${p.detail} (in "${p.source}")`,
  form_id_stored_as: (p: Params) => `the form id "${p.raw}" is stored as "${p.id}"`,
  bad_version: (p: Params) => `the version "${p.raw}" is not a whole number from 1 to ${p.max}: version 1 is used`,
  no_question: () => 'the form has no question',
  privacy_added: () => 'the form has no privacy notice: a standard one was added; read it before publishing',
  one_language: (p: Params) =>
    `the form is written in ${p.language === 'th' ? 'Thai' : 'English'} only: its texts are copied into the other language; translate them before publishing`,
  unreadable_file: (p: Params) => String(p.detail),
  invalid: (p: Params) => (p.path ? `${p.message} (${p.path})` : String(p.message)),
} satisfies Record<string, (p: Params) => string>;
/** The code of an XLSForm problem or warning. */
export type XlsformCode = keyof typeof ISSUE_TEXT;
/** Every code, for tests and screens that word them. */
export const XLSFORM_CODES = Object.keys(ISSUE_TEXT) as XlsformCode[];

/** The outcome of reading an XLSForm: a checked survey when there is no problem. */
export interface XlsformImport {
  readonly survey?: SurveyDefinition;
  readonly problems: readonly XlsformIssue[];
  readonly warnings: readonly XlsformIssue[];
}

/** The most rows a survey sheet may have, and a choices sheet (a list holds up to 20,000 items). */
export const MAX_SURVEY_ROWS = 5_000;
export const MAX_CHOICE_ROWS = 40_000;

const META_TYPES = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'simserial',
  'subscriberid',
  'phonenumber',
  'email',
  'audit',
  'start-geopoint',
  'uri:email',
  'uri:phonenumber',
  'uri:deviceid',
  'uri:username',
  'uri:subscriberid',
  'uri:simserial',
]);
const REFUSED_TYPES: Record<string, Feature> = {
  calculate: 'calculation',
  geopoint: 'location',
  geotrace: 'location',
  geoshape: 'location',
  image: 'media',
  audio: 'media',
  video: 'media',
  file: 'media',
  'background-audio': 'media',
  barcode: 'barcode',
  'begin repeat': 'repeat',
  begin_repeat: 'repeat',
};
/** Columns that change how a form behaves: refused when filled, since Siang would ignore them. */
const REFUSED_COLUMNS: Record<string, Feature> = {
  default: 'default',
  read_only: 'read_only',
  calculation: 'calculation',
  choice_filter: 'choice_filter',
  repeat_count: 'repeat',
  trigger: 'trigger',
  parameters: 'parameters',
  'media::image': 'media',
  'media::audio': 'media',
  'media::video': 'media',
  image: 'media',
  audio: 'media',
  video: 'media',
};
/** Columns read as they are, or that only change how a form looks. */
const KNOWN_COLUMNS = new Set([
  'type',
  'name',
  'label',
  'hint',
  'required',
  'relevant',
  'constraint',
  'constraint_message',
  'appearance',
  'required_message',
  'guidance_hint',
  ...SIANG_COLUMNS,
  'siang_labels',
]);
const LOOKS_ONLY = new Set(['appearance', 'required_message', 'guidance_hint']);

/** A column of a sheet: its base name and, for texts, its language. */
interface Column {
  readonly index: number;
  readonly header: string;
  readonly base: string;
  readonly lang?: Lang;
  /** A language that is neither Thai nor English. */
  readonly otherLanguage?: string;
}

class Sheet {
  readonly columns: Column[];
  constructor(
    readonly source: XlsSheet,
    readonly defaultLang: Lang,
  ) {
    const header = source.rows[0] ?? [];
    this.columns = header.flatMap((cell, index) => {
      const text = typeof cell === 'string' ? cell.trim() : typeof cell === 'number' ? String(cell) : '';
      if (!text) return [];
      const m = /^([^:]+?)\s*(::?)\s*(.+)$/.exec(text);
      const rawBase = (m ? m[1] : text) ?? text;
      const base = rawBase.trim().toLowerCase().replace(/\s+/g, '_');
      if (!m) return [{ index, header: text, base }];
      const suffix = (m[3] ?? '').trim();
      if (base === 'media' || base === 'bind' || base === 'instance' || base === 'body')
        return [{ index, header: text, base: `${base}::${suffix.toLowerCase()}` }];
      const lang = xlsLanguage(suffix);
      return lang ? [{ index, header: text, base, lang }] : [{ index, header: text, base, otherLanguage: suffix }];
    });
  }
  get name(): string {
    return this.source.name;
  }
  column(base: string): Column | undefined {
    return this.columns.find((c) => c.base === base && !c.otherLanguage);
  }
  cell(row: readonly XlsCell[], base: string): XlsCell {
    const c = this.column(base);
    return c ? (row[c.index] ?? null) : null;
  }
  /** The texts of a column in Thai and English (a column without language is the default language). */
  texts(row: readonly XlsCell[], base: string): Partial<Record<Lang, string>> {
    const out: Partial<Record<Lang, string>> = {};
    for (const c of this.columns) {
      if (c.base !== base || c.otherLanguage) continue;
      const value = text(row[c.index] ?? null);
      if (!value) continue;
      const lang = c.lang ?? this.defaultLang;
      if (c.lang || out[lang] === undefined) out[lang] = value;
    }
    return out;
  }
}

function text(cell: XlsCell): string {
  if (cell === null || typeof cell === 'object') return '';
  return String(cell).trim();
}

/** Options for `importXlsform`. */
export interface XlsformOptions {
  /** The survey id to use when the settings sheet has no `form_id` (from the file name, say). */
  readonly fallbackId?: string;
}

/** Reads an XLSForm's sheets into a survey definition, or says what stops it, row by row. */
export function importXlsform(sheets: readonly XlsSheet[], options: XlsformOptions = {}): XlsformImport {
  return new Importer(sheets, options).run();
}

type Position = { readonly sheet: string; readonly row: number };

interface DraftQuestion {
  readonly def: Record<string, unknown>;
  readonly at: Position;
  readonly optionRows: readonly Position[];
}
interface DraftSection {
  id: string;
  title: LocalizedText;
  description?: Record<Lang, string>;
  showIf?: Condition;
  readonly at: Position;
  readonly questions: DraftQuestion[];
}
interface OpenGroup {
  readonly name: string;
  readonly label: Partial<Record<Lang, string>>;
  readonly showIf?: Condition;
  readonly at: Position;
  /** Sections already made for this group (a group split by an inner group makes several). */
  parts: number;
}

class Importer {
  private readonly problems: XlsformIssue[] = [];
  private readonly warnings: XlsformIssue[] = [];
  private readonly warnedColumns = new Set<string>();
  private readonly names = new Map<string, { id: string; type: string }>();
  private readonly ids = new Set<string>();
  private readonly sectionIds = new Set<string>();
  private readonly usedLangs = new Set<Lang>();
  private readonly sections: DraftSection[] = [];
  /** Sections of questions outside any group: they take the form's title. */
  private readonly untitled: DraftSection[] = [];
  private readonly groups: OpenGroup[] = [];
  private current: DraftSection | undefined;
  private lists = new Map<string, { items: { row: number; name: string; cells: readonly XlsCell[] }[] }>();
  private usedLists = new Map<string, Record<string, unknown>[]>();
  private choices: Sheet | undefined;

  constructor(
    private readonly input: readonly XlsSheet[],
    private readonly options: XlsformOptions,
  ) {}

  private problem(
    at: Partial<Position> & { sheet: string },
    code: XlsformCode,
    params: Params = {},
    column?: string,
  ): void {
    const message = ISSUE_TEXT[code](params);
    // A column is named as its header is written in the file ("TYPE", "label::Thai (th)").
    const header = column ? (this.sheets.get(at.sheet)?.column(column)?.header ?? column) : undefined;
    // One problem per cell: a formula in a label need not also say the label is missing.
    const same = (p: XlsformIssue) =>
      p.sheet === at.sheet && p.row === at.row && (p.column === header || p.message === message);
    if (at.row !== undefined && this.problems.some(same)) return;
    if (this.problems.length < 200)
      this.problems.push({ ...at, ...(header ? { column: header } : {}), message, code, params });
  }
  private readonly sheets = new Map<string, Sheet>();
  private warn(
    at: Partial<Position> & { sheet: string },
    code: XlsformCode,
    params: Params = {},
    column?: string,
  ): void {
    const message = ISSUE_TEXT[code](params);
    if (this.warnings.length < 200) this.warnings.push({ ...at, ...(column ? { column } : {}), message, code, params });
  }

  run(): XlsformImport {
    const find = (name: string) => this.input.find((s) => s.name.trim().toLowerCase() === name);
    const surveySource = find('survey');
    if (!surveySource) {
      this.problem({ sheet: '(workbook)' }, 'no_survey_sheet');
      return this.result();
    }
    for (const s of this.input) {
      const name = s.name.trim().toLowerCase();
      if (name === 'external_choices') this.problem({ sheet: s.name }, 'external_choices');
      else if (name === 'entities') this.problem({ sheet: s.name }, 'entities');
    }
    const settingsSource = find('settings');
    const defaultLang = this.defaultLanguage(surveySource, settingsSource);
    const settings = settingsSource ? new Sheet(settingsSource, defaultLang) : undefined;
    const survey = new Sheet(surveySource, defaultLang);
    const choicesSource = find('choices');
    this.choices = choicesSource ? new Sheet(choicesSource, defaultLang) : undefined;
    for (const sheet of [survey, this.choices, settings]) if (sheet) this.sheets.set(sheet.name, sheet);
    if (surveySource.rows.length > MAX_SURVEY_ROWS + 1)
      this.problem({ sheet: survey.name }, 'too_many_survey_rows', { max: MAX_SURVEY_ROWS });
    else if ((choicesSource?.rows.length ?? 0) > MAX_CHOICE_ROWS + 1)
      this.problem({ sheet: choicesSource?.name ?? 'choices' }, 'too_many_choice_rows', { max: MAX_CHOICE_ROWS });
    else {
      this.checkColumns(survey);
      this.readChoices();
      this.readSurvey(survey);
    }
    if (this.problems.length) return this.result();
    const definition = this.build(settings, survey);
    if (this.problems.length) return this.result();
    return this.validate(definition);
  }

  private result(survey?: SurveyDefinition): XlsformImport {
    // In the order a person reads the workbook: sheet by sheet, row by row.
    const order = (i: XlsformIssue) => this.input.findIndex((s) => s.name === i.sheet);
    this.problems.sort((a, b) => order(a) - order(b) || (a.row ?? 0) - (b.row ?? 0));
    return survey
      ? { survey, problems: this.problems, warnings: this.warnings }
      : { problems: this.problems, warnings: this.warnings };
  }

  /** The language of columns without one: `default_language`, else Thai when the labels are Thai. */
  private defaultLanguage(survey: XlsSheet, settings: XlsSheet | undefined): Lang {
    if (settings) {
      const header = (settings.rows[0] ?? []).map((c) => text(c).toLowerCase());
      const i = header.indexOf('default_language');
      const value = i >= 0 ? text(settings.rows[1]?.[i] ?? null) : '';
      const lang = value ? xlsLanguage(value) : undefined;
      if (lang) return lang;
    }
    const header = (survey.rows[0] ?? []).map((c) => text(c).toLowerCase());
    const i = header.indexOf('label');
    const thai = i >= 0 && survey.rows.slice(1).some((r) => /[\u0E00-\u0E7F]/.test(text(r[i] ?? null)));
    return thai ? 'th' : 'en';
  }

  private checkColumns(sheet: Sheet): void {
    for (const c of sheet.columns) {
      if (c.otherLanguage) {
        this.warn({ sheet: sheet.name, row: 1 }, 'other_language', { language: c.otherLanguage }, c.header);
        continue;
      }
      if (c.base in REFUSED_COLUMNS || KNOWN_COLUMNS.has(c.base)) continue;
      if (c.base.startsWith('bind::') || c.base.startsWith('instance::') || c.base.startsWith('body::')) continue;
      this.warn({ sheet: sheet.name, row: 1 }, 'column_ignored', {}, c.header);
    }
  }

  private readChoices(): void {
    const sheet = this.choices;
    if (!sheet) return;
    const listCol = sheet.column('list_name');
    if (!listCol) {
      if (sheet.source.rows.length > 1) this.problem({ sheet: sheet.name, row: 1 }, 'no_list_name_column');
      return;
    }
    sheet.source.rows.forEach((row, i) => {
      if (i === 0) return;
      const list = text(row[listCol.index] ?? null);
      const name = text(sheet.cell(row, 'name'));
      if (!list && !name) return;
      this.refuseFormulas(sheet, row, i + 1);
      if (!list) {
        this.problem({ sheet: sheet.name, row: i + 1 }, 'choice_without_list', {}, 'list_name');
        return;
      }
      if (!name) {
        this.problem({ sheet: sheet.name, row: i + 1 }, 'choice_without_name', {}, 'name');
        return;
      }
      const entry = this.lists.get(list) ?? { items: [] };
      entry.items.push({ row: i + 1, name, cells: row });
      this.lists.set(list, entry);
    });
  }

  private refuseFormulas(sheet: Sheet, row: readonly XlsCell[], n: number): void {
    row.forEach((cell, i) => {
      if (cell !== null && typeof cell === 'object') {
        const column = sheet.columns.find((c) => c.index === i)?.header ?? `column ${i + 1}`;
        this.problem({ sheet: sheet.name, row: n }, 'formula', {}, column);
      }
    });
  }

  private readSurvey(sheet: Sheet): void {
    if (!sheet.column('type')) {
      this.problem({ sheet: sheet.name, row: 1 }, 'no_type_column');
      return;
    }
    if (!sheet.column('name')) {
      this.problem({ sheet: sheet.name, row: 1 }, 'no_name_column');
      return;
    }
    sheet.source.rows.forEach((row, i) => {
      if (i === 0) return;
      const at = { sheet: sheet.name, row: i + 1 };
      const type = text(sheet.cell(row, 'type')).replace(/\s+/g, ' ');
      if (!type && row.every((c) => text(c) === '')) return;
      this.refuseFormulas(sheet, row, at.row);
      this.readRow(sheet, row, at, type);
      for (const [column, why] of Object.entries(REFUSED_COLUMNS)) {
        const c = sheet.column(column);
        const value = c ? text(row[c.index] ?? null) : '';
        if (value && !(column === 'read_only' && /^(no|false|false\(\))$/i.test(value)))
          this.problem(at, 'unsupported_column', { feature: why }, c?.header);
      }
      for (const column of LOOKS_ONLY) {
        const c = sheet.column(column);
        if (
          c &&
          text(row[c.index] ?? null) &&
          !this.warnedColumns.has(column) &&
          !(column === 'appearance' && /^(multiline|search)$/i.test(text(row[c.index] ?? null)))
        ) {
          this.warnedColumns.add(column);
          this.warn(at, 'column_ignored', {}, c.header);
        }
      }
    });
    if (this.groups.length)
      this.problem(this.groups[this.groups.length - 1]?.at ?? { sheet: sheet.name }, 'group_not_ended');
  }

  private readRow(sheet: Sheet, row: readonly XlsCell[], at: Position, type: string): void {
    const lower = type.toLowerCase();
    if (!type) {
      this.problem(at, 'no_type', {}, 'type');
      return;
    }
    if (lower in REFUSED_TYPES) {
      this.problem(at, 'unsupported_type', { type: lower, feature: REFUSED_TYPES[lower] ?? 'media' }, 'type');
      return;
    }
    if (lower === 'end repeat' || lower === 'end_repeat' || lower === 'end loop') return;
    if (lower.startsWith('begin loop')) {
      this.problem(at, 'loop', {}, 'type');
      return;
    }
    if (lower === 'begin group' || lower === 'begin_group') {
      this.beginGroup(sheet, row, at);
      return;
    }
    if (lower === 'end group' || lower === 'end_group') {
      if (!this.groups.pop()) {
        this.problem(at, 'end_group_alone', {}, 'type');
        return;
      }
      this.current = undefined;
      return;
    }
    if (META_TYPES.has(lower)) {
      this.warn(at, 'metadata_skipped', { type }, 'type');
      return;
    }
    if (lower === 'note') this.note(sheet, row, at);
    else this.question(sheet, row, at, type);
  }

  private beginGroup(sheet: Sheet, row: readonly XlsCell[], at: Position): void {
    const name = text(sheet.cell(row, 'name'));
    const relevant = this.expression(sheet, row, at, 'relevant');
    this.groups.push({
      name: name || `group-${at.row}`,
      label: sheet.texts(row, 'label'),
      ...(relevant ? { showIf: relevant } : {}),
      at,
      parts: 0,
    });
    this.current = undefined;
  }

  /** The section questions go into now: the innermost open group's, or one for loose questions. */
  private section(at: Position): DraftSection {
    if (this.current) return this.current;
    const group = this.groups[this.groups.length - 1];
    const conditions = this.groups.flatMap((g) => (g.showIf ? [g.showIf] : []));
    const base = group ? sectionId(group.name) : 'part';
    let id = group && group.parts === 0 ? base : `${base}-${(group?.parts ?? this.sections.length) + 1}`;
    for (let n = 2; this.sectionIds.has(id); n++) id = `${base}-${n}`;
    this.sectionIds.add(id);
    if (group) group.parts++;
    const label = group ? group.label : {};
    const section: DraftSection = {
      id,
      title: this.localized(label, group?.at ?? at, 'label') ?? { th: id, en: id },
      at: group?.at ?? at,
      questions: [],
      ...(conditions.length === 1
        ? { showIf: conditions[0] }
        : conditions.length > 1
          ? { showIf: { all: conditions } }
          : {}),
    };
    if (!group) this.untitled.push(section);
    this.sections.push(section);
    this.current = section;
    return section;
  }

  private note(sheet: Sheet, row: readonly XlsCell[], at: Position): void {
    const texts = sheet.texts(row, 'label');
    if (!texts.th && !texts.en) return;
    if (text(sheet.cell(row, 'relevant'))) this.warn(at, 'note_relevant', {}, 'relevant');
    const section = this.section(at);
    const add = this.localized(texts, at, 'label');
    if (!add) return;
    section.description = section.description
      ? { th: `${section.description.th}\n${add.th}`, en: `${section.description.en}\n${add.en}` }
      : { ...add };
  }

  private question(sheet: Sheet, row: readonly XlsCell[], at: Position, type: string): void {
    const name = text(sheet.cell(row, 'name'));
    if (!name) {
      this.problem(at, 'no_name', {}, 'name');
      return;
    }
    const id = questionId(name);
    if (this.names.has(name) || this.ids.has(id)) {
      this.problem(at, 'name_twice', { name, id }, 'name');
      return;
    }
    if (id !== name) this.warn(at, 'name_stored_as', { name, id }, 'name');
    const shape = this.shape(sheet, row, at, type);
    if (!shape) return;
    const label = this.localized(sheet.texts(row, 'label'), at, 'label');
    if (!label) {
      this.problem(at, 'no_label', {}, 'label');
      return;
    }
    const def: Record<string, unknown> = { id, ...shape.fields, label };
    const hint = sheet.texts(row, 'hint');
    if (hint.th || hint.en) def.hint = this.localized(hint, at, 'hint');
    const required = text(sheet.cell(row, 'required')).toLowerCase();
    if (/^(yes|true|true\(\)|1)$/.test(required)) def.required = true;
    else if (required && !/^(no|false|false\(\)|0)$/.test(required))
      this.problem(at, 'required_condition', {}, 'required');
    const showIf = this.expression(sheet, row, at, 'relevant');
    if (showIf) def.showIf = showIf;
    if (/^(yes|true|1)$/i.test(text(sheet.cell(row, 'siang_personal')))) def.personal = true;
    const preset = text(sheet.cell(row, 'siang_preset'));
    if (preset) def.preset = preset;
    const self = { id, type: String(shape.fields.type) };
    const rule = this.expression(sheet, row, at, 'constraint', self);
    if (rule) {
      const message = sheet.texts(row, 'constraint_message');
      def.constraint = {
        rule,
        ...(message.th || message.en ? { message: this.localized(message, at, 'constraint_message') } : {}),
      };
    }
    this.names.set(name, self);
    this.ids.add(id);
    this.section(at).questions.push({ def, at, optionRows: shape.optionRows });
  }

  private shape(
    sheet: Sheet,
    row: readonly XlsCell[],
    at: Position,
    type: string,
  ): { fields: Record<string, unknown>; optionRows: Position[] } | undefined {
    const lower = type.toLowerCase();
    const siangType = text(sheet.cell(row, 'siang_type')).toLowerCase();
    const appearance = text(sheet.cell(row, 'appearance')).toLowerCase();
    const num = (column: string): number | undefined => {
      const raw = text(sheet.cell(row, column));
      if (!raw) return undefined;
      const n = Number(raw);
      if (Number.isFinite(n)) return n;
      this.problem(at, 'not_a_number', { value: raw }, column);
      return undefined;
    };
    const bounds = (): Record<string, unknown> => {
      const min = num('siang_min');
      const max = num('siang_max');
      return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    };
    if (siangType === 'rating' || siangType === 'rating-pair') {
      const labels = this.ratingLabels(sheet, row, at);
      const dimension = text(sheet.cell(row, 'siang_dimension'));
      return {
        fields: { type: siangType, ...(dimension ? { dimension } : {}), ...(labels ? { labels } : {}) },
        optionRows: [],
      };
    }
    if (lower === 'text') {
      const long = siangType === 'long-text' || appearance === 'multiline';
      const maxLength = num('siang_max_length');
      const format = long ? '' : text(sheet.cell(row, 'siang_format'));
      return {
        fields: {
          type: long ? 'long-text' : 'text',
          ...(maxLength !== undefined ? { maxLength } : {}),
          ...(format ? { format } : {}),
        },
        optionRows: [],
      };
    }
    if (lower === 'integer' || lower === 'decimal')
      return {
        fields: { type: 'number', ...bounds(), ...(lower === 'integer' ? { integer: true } : {}) },
        optionRows: [],
      };
    if (lower === 'date') {
      const min = text(sheet.cell(row, 'siang_min'));
      const max = text(sheet.cell(row, 'siang_max'));
      return { fields: { type: 'date', ...(min ? { min } : {}), ...(max ? { max } : {}) }, optionRows: [] };
    }
    const select =
      /^(select_one|select_multiple|select one|select multiple|select all that apply)\s+(?:from\s+)?(\S+)(?:\s+(or_other|or specify other))?$/i.exec(
        type,
      );
    if (select) {
      const multiple = /multiple|all that apply/i.test(select[1] ?? '');
      const listName = select[2] ?? '';
      const other = select[3] !== undefined;
      if (/^select_(one|multiple)_(from_file|external)$/i.test(select[1] ?? '') || listName.includes('.')) {
        this.problem(at, 'choices_from_file', {}, 'type');
        return undefined;
      }
      const list = this.lists.get(listName);
      if (!list) {
        this.problem(at, 'unknown_list', { list: listName }, 'type');
        return undefined;
      }
      if (siangType === 'lookup') {
        this.listItems(listName);
        return { fields: { type: 'lookup', list: listId(listName) }, optionRows: [] };
      }
      const options = list.items.map((item) => ({
        value: item.name,
        label: this.localized(
          this.choices?.texts(item.cells, 'label') ?? {},
          { sheet: this.choices?.name ?? 'choices', row: item.row },
          'label',
        ),
      }));
      const optionRows = list.items.map((item) => ({ sheet: this.choices?.name ?? 'choices', row: item.row }));
      return {
        fields: {
          type: multiple ? 'multiple' : 'single',
          options,
          ...(other ? { other: true } : {}),
          ...(multiple ? bounds() : {}),
        },
        optionRows,
      };
    }
    if (/^select_(one|multiple)_(from_file|external)\b/i.test(type)) {
      this.problem(at, 'choices_from_file', {}, 'type');
      return undefined;
    }
    if (/^(select_one|select_multiple|select one|select multiple)\b/i.test(type)) {
      this.problem(at, 'select_without_list', {}, 'type');
      return undefined;
    }
    this.problem(at, 'unsupported_type_name', { type }, 'type');
    return undefined;
  }

  private ratingLabels(sheet: Sheet, row: readonly XlsCell[], at: Position): LocalizedText[] | undefined {
    const texts = sheet.texts(row, 'siang_labels');
    if (!texts.th && !texts.en) return undefined;
    const split = (s: string | undefined) => (s ? s.split('|').map((x) => x.trim()) : undefined);
    const th = split(texts.th);
    const en = split(texts.en);
    const n = (th ?? en)?.length ?? 0;
    return Array.from(
      { length: n },
      (_, i) => this.localized({ th: th?.[i], en: en?.[i] }, at, 'siang_labels') ?? { th: '', en: '' },
    );
  }

  /** The items of a list used by a lookup, as the survey's list. */
  private listItems(listName: string): void {
    if (this.usedLists.has(listName)) return;
    const list = this.lists.get(listName);
    const sheetName = this.choices?.name ?? 'choices';
    this.usedLists.set(
      listName,
      (list?.items ?? []).map((item) => {
        const at = { sheet: sheetName, row: item.row };
        const detail = this.choices?.texts(item.cells, 'siang_detail') ?? {};
        return {
          value: item.name,
          label: this.localized(this.choices?.texts(item.cells, 'label') ?? {}, at, 'label'),
          ...(detail.th || detail.en ? { detail: this.localized(detail, at, 'siang_detail') } : {}),
        };
      }),
    );
  }

  private expression(
    sheet: Sheet,
    row: readonly XlsCell[],
    at: Position,
    column: 'relevant' | 'constraint',
    self?: { id: string; type: string },
  ): Condition | undefined {
    const source = text(sheet.cell(row, column));
    if (!source) return undefined;
    try {
      const parsed: Expr = parseExpression(source);
      return normalize(toCondition(parsed, { resolve: (name) => this.names.get(name), ...(self ? { self } : {}) }));
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      this.problem(
        at,
        'expression',
        { detail: e.message, source: source.slice(0, 120) },
        sheet.column(column)?.header ?? column,
      );
      return undefined;
    }
  }

  /** A text in both languages; a text in one language is copied to the other (warned once). */
  private localized(
    texts: Partial<Record<Lang, string | undefined>>,
    _at?: Position,
    _column?: string,
  ): LocalizedText | undefined {
    const th = texts.th;
    const en = texts.en;
    if (th) this.usedLangs.add('th');
    if (en) this.usedLangs.add('en');
    if (!th && !en) return undefined;
    if (th && en) return { th, en };
    return { th: th ?? en ?? '', en: en ?? th ?? '' };
  }

  private build(settings: Sheet | undefined, survey: Sheet): Record<string, unknown> {
    const row = settings?.source.rows[1] ?? [];
    const at = { sheet: settings?.name ?? 'settings', row: 2 };
    const get = (column: string) => (settings ? text(settings.cell(row, column)) : '');
    const texts = (column: string) => (settings ? settings.texts(row, column) : {});
    const rawId = get('form_id') || this.options.fallbackId || 'imported-form';
    const id = surveyId(rawId);
    if (id !== rawId) this.warn(at, 'form_id_stored_as', { raw: rawId, id }, 'form_id');
    const rawVersion = get('version');
    let version = 1;
    if (rawVersion) {
      const n = Number(rawVersion);
      if (Number.isInteger(n) && n >= 1 && n <= MAX_SURVEY_VERSION) version = n;
      else this.warn(at, 'bad_version', { raw: rawVersion, max: MAX_SURVEY_VERSION }, 'version');
    }
    const title = this.localized(texts('form_title'), at, 'form_title') ?? { th: id, en: id };
    const description = this.localized(texts('siang_description'), at, 'siang_description');
    const kind = get('siang_kind') || 'survey';
    const minutes = Number(get('siang_estimated_minutes'));
    for (const s of this.untitled) s.title = title;
    if (!this.sections.length) this.problem({ sheet: survey.name }, 'no_question');
    const privacyTitle = this.localized(texts('siang_privacy_title'), at, 'siang_privacy_title');
    const privacyBody = this.sheetTexts('siang_privacy', 'text');
    const privacyVersion = get('siang_privacy_version');
    if (!privacyBody.length) this.warn({ sheet: '(workbook)' }, 'privacy_added');
    const dimensions = this.sheetRows('siang_dimensions').map(({ sheet, row: r, at: p }) => ({
      id: text(sheet.cell(r, 'name')),
      label: this.localized(sheet.texts(r, 'label'), p, 'label'),
    }));
    const ratingLabels = this.sheetTexts('siang_rating_labels', 'label');
    const lists = Object.fromEntries([...this.usedLists].map(([name, items]) => [listId(name), items]));
    if (this.usedLangs.size === 1) {
      this.warn({ sheet: survey.name }, 'one_language', { language: [...this.usedLangs][0] ?? 'th' });
    }
    const fallback = defaultPrivacy();
    return {
      format: SURVEY_FORMAT,
      id,
      version,
      kind,
      title,
      ...(description ? { description } : {}),
      ...(Number.isInteger(minutes) && minutes > 0 ? { estimatedMinutes: minutes } : {}),
      privacy: {
        version: privacyVersion || fallback.version,
        title: privacyTitle ?? fallback.title,
        body: privacyBody.length ? privacyBody : fallback.body,
      },
      ...(ratingLabels.length ? { ratingLabels } : {}),
      ...(dimensions.length ? { dimensions } : {}),
      ...(Object.keys(lists).length ? { lists } : {}),
      sections: this.sections.map((s) => ({
        id: s.id,
        title: s.title,
        ...(s.description ? { description: s.description } : {}),
        ...(s.showIf ? { showIf: s.showIf } : {}),
        questions: s.questions.map((q) => q.def),
      })),
    };
  }

  private sheetRows(name: string): { sheet: Sheet; row: readonly XlsCell[]; at: Position }[] {
    const source = this.input.find((s) => s.name.trim().toLowerCase() === name);
    if (!source) return [];
    const sheet = new Sheet(source, this.choices?.defaultLang ?? 'th');
    return source.rows
      .slice(1)
      .flatMap((row, i) =>
        row.some((c) => text(c) !== '') ? [{ sheet, row, at: { sheet: source.name, row: i + 2 } }] : [],
      );
  }

  private sheetTexts(name: string, column: string): LocalizedText[] {
    return this.sheetRows(name).flatMap(
      ({ sheet, row, at }) => this.localized(sheet.texts(row, column), at, column) ?? [],
    );
  }

  private validate(definition: Record<string, unknown>): XlsformImport {
    const checked = validateSurvey(definition);
    if (checked.ok) return this.result(checked.survey);
    for (const p of checked.problems) {
      const m = /^sections\[(\d+)\](?:\.questions\[(\d+)\](?:\.options\[(\d+)\])?)?(?:\.(.*))?$/.exec(p.path);
      const section = m ? this.sections[Number(m[1])] : undefined;
      const question = m?.[2] !== undefined ? section?.questions[Number(m[2])] : undefined;
      const option = m?.[3] !== undefined ? question?.optionRows[Number(m[3])] : undefined;
      const at = option ??
        question?.at ??
        section?.at ?? { sheet: p.path.startsWith('lists') ? 'choices' : 'settings' };
      this.problem(at, 'invalid', { message: p.message, path: m ? '' : p.path });
    }
    return this.result();
  }
}

/** Joins `any` of equals on one question into `in`, as a survey written by hand says it. */
function normalize(c: Condition): Condition {
  if ('all' in c) return { all: c.all.map(normalize) };
  if ('not' in c) return { not: normalize(c.not) };
  if (!('any' in c)) return c;
  const parts = c.any.map(normalize);
  const first = parts[0];
  if (
    parts.length >= 2 &&
    first &&
    'equals' in first &&
    parts.every((p) => 'equals' in p && p.question === first.question)
  )
    return { question: first.question, in: parts.map((p) => ('equals' in p ? p.equals : '')) };
  return { any: parts };
}

const QUESTION_ID = /^[a-z][a-z0-9_]{0,63}$/;

/** A question id from an XLSForm name: lower-case letters, digits and `_`, starting with a letter. */
export function questionId(name: string): string {
  if (QUESTION_ID.test(name)) return name;
  let id = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z]/.test(id)) id = `q_${id}`;
  return id.slice(0, 64);
}

function sectionId(name: string): string {
  let id = name.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  if (!/^[a-z]/.test(id)) id = `s-${id}`;
  return id.slice(0, 60);
}

function listId(name: string): string {
  return sectionId(name);
}

function surveyId(name: string): string {
  if (SURVEY_ID.test(name)) return name;
  let id = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(id)) id = `form-${id}`;
  return id.slice(0, 64);
}

/** The languages of a text, in order, for a caller that lists them. */
export const XLSFORM_LANGUAGES: readonly Lang[] = LANGUAGES;
