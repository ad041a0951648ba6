/**
 * Writes a survey definition as an XLSForm workbook (rows of cells) that `importXlsform` reads
 * back to the same survey. What XLSForm has no word for (ratings, lists with a second line,
 * dimensions, the privacy notice) goes into `siang_` columns and sheets, which other XLSForm tools
 * ignore.
 */
import type { XlsCell, XlsSheet } from './xlsform.js';
import { SIANG_COLUMNS, XLS_LANGUAGE_NAME } from './xlsform-shared.js';
import {
  type Condition,
  LANGUAGES,
  type Lang,
  type LocalizedText,
  type Question,
  type SurveyDefinition,
} from './survey.js';

const lang = (base: string, l: Lang) => `${base}::${XLS_LANGUAGE_NAME[l]}`;
const both = (base: string) => LANGUAGES.map((l) => lang(base, l));
const texts = (t: LocalizedText | undefined): XlsCell[] => LANGUAGES.map((l) => t?.[l] ?? null);

const SURVEY_COLUMNS = [
  'type',
  'name',
  ...both('label'),
  ...both('hint'),
  'required',
  'relevant',
  'constraint',
  ...both('constraint_message'),
  'appearance',
  ...SIANG_COLUMNS,
  ...both('siang_labels'),
] as const;

/** The XLSForm expression of a condition; `self` is the question written as `.`. */
export function conditionToXPath(c: Condition, self?: string): string {
  const ref = (q: string) => (q === self ? '.' : `\${${q}}`);
  const lit = (v: string | number) => (typeof v === 'number' ? String(v) : quote(v));
  const group = (x: Condition) => {
    const s = conditionToXPath(x, self);
    return 'all' in x || 'any' in x ? `(${s})` : s;
  };
  if ('all' in c) return c.all.map(group).join(' and ');
  if ('any' in c) return c.any.map(group).join(' or ');
  if ('not' in c) return `not(${conditionToXPath(c.not, self)})`;
  if ('answered' in c) return `${ref(c.question)} ${c.answered ? '!=' : '='} ''`;
  if ('includes' in c) return `selected(${ref(c.question)}, ${quote(c.includes)})`;
  if ('equals' in c) return `${ref(c.question)} = ${lit(c.equals)}`;
  if ('notEquals' in c) return `${ref(c.question)} != ${lit(c.notEquals)}`;
  if ('in' in c) return `(${c.in.map((v) => `${ref(c.question)} = ${lit(v)}`).join(' or ')})`;
  if ('lt' in c) return `${ref(c.question)} < ${lit(c.lt)}`;
  if ('lte' in c) return `${ref(c.question)} <= ${lit(c.lte)}`;
  if ('gt' in c) return `${ref(c.question)} > ${lit(c.gt)}`;
  return `${ref(c.question)} >= ${lit(c.gte)}`;
}

function quote(s: string): string {
  // XPath 1.0 has no escapes: a text with ' is written between ".
  return s.includes("'") ? `"${s}"` : `'${s}'`;
}

/** The survey as XLSForm sheets: survey, choices, settings and Siang's own sheets. */
export function exportXlsform(survey: SurveyDefinition): XlsSheet[] {
  const rows: XlsCell[][] = [[...SURVEY_COLUMNS]];
  const choices: XlsCell[][] = [['list_name', 'name', ...both('label'), ...both('siang_detail')]];
  const row = (fields: Partial<Record<(typeof SURVEY_COLUMNS)[number], XlsCell>>) =>
    rows.push(SURVEY_COLUMNS.map((c) => fields[c] ?? null));
  const byLang = (base: 'label' | 'hint' | 'constraint_message' | 'siang_labels', t: LocalizedText | undefined) =>
    Object.fromEntries(LANGUAGES.map((l) => [lang(base, l), t?.[l] ?? null]));
  const listsWritten = new Set<string>();
  for (const section of survey.sections) {
    row({
      type: 'begin group',
      name: section.id,
      ...byLang('label', section.title),
      relevant: section.showIf ? conditionToXPath(section.showIf) : null,
    });
    if (section.description)
      row({ type: 'note', name: `${section.id.replace(/-/g, '_')}_note`, ...byLang('label', section.description) });
    for (const q of section.questions) row(questionRow(q, survey, choices, listsWritten, byLang));
    row({ type: 'end group' });
  }
  const settingsColumns = [
    'form_id',
    'version',
    'default_language',
    ...both('form_title'),
    'siang_kind',
    'siang_estimated_minutes',
    ...both('siang_description'),
    'siang_privacy_version',
    ...both('siang_privacy_title'),
  ];
  const settings: XlsCell[][] = [
    settingsColumns,
    [
      survey.id,
      survey.version,
      XLS_LANGUAGE_NAME.th,
      ...texts(survey.title),
      survey.kind,
      survey.estimatedMinutes ?? null,
      ...texts(survey.description),
      survey.privacy.version,
      ...texts(survey.privacy.title),
    ],
  ];
  const sheets: XlsSheet[] = [
    { name: 'survey', rows },
    { name: 'choices', rows: choices },
    { name: 'settings', rows: settings },
    { name: 'siang_privacy', rows: [both('text'), ...survey.privacy.body.map(texts)] },
  ];
  if (survey.dimensions?.length)
    sheets.push({
      name: 'siang_dimensions',
      rows: [['name', ...both('label')], ...survey.dimensions.map((d) => [d.id, ...texts(d.label)])],
    });
  if (survey.ratingLabels?.length)
    sheets.push({ name: 'siang_rating_labels', rows: [both('label'), ...survey.ratingLabels.map(texts)] });
  return sheets;
}

function questionRow(
  q: Question,
  survey: SurveyDefinition,
  choices: XlsCell[][],
  listsWritten: Set<string>,
  byLang: (
    base: 'label' | 'hint' | 'constraint_message' | 'siang_labels',
    t: LocalizedText | undefined,
  ) => Record<string, XlsCell>,
): Record<string, XlsCell> {
  const common: Record<string, XlsCell> = {
    name: q.id,
    ...byLang('label', q.label),
    ...(q.hint ? byLang('hint', q.hint) : {}),
    required: q.required ? 'yes' : null,
    relevant: q.showIf ? conditionToXPath(q.showIf) : null,
    siang_personal: q.personal ? 'yes' : null,
    ...(q.constraint
      ? { constraint: conditionToXPath(q.constraint.rule, q.id), ...byLang('constraint_message', q.constraint.message) }
      : {}),
  };
  switch (q.type) {
    case 'single':
    case 'multiple': {
      for (const o of q.options) choices.push([q.id, o.value, ...texts(o.label), null, null]);
      const type = `${q.type === 'single' ? 'select_one' : 'select_multiple'} ${q.id}${q.other ? ' or_other' : ''}`;
      return {
        ...common,
        type,
        siang_preset: q.type === 'single' ? (q.preset ?? null) : null,
        siang_min: q.type === 'multiple' ? (q.min ?? null) : null,
        siang_max: q.type === 'multiple' ? (q.max ?? null) : null,
      };
    }
    case 'lookup': {
      if (!listsWritten.has(q.list)) {
        listsWritten.add(q.list);
        for (const item of survey.lists?.[q.list] ?? [])
          choices.push([q.list, item.value, ...texts(item.label), ...texts(item.detail)]);
      }
      return {
        ...common,
        type: `select_one ${q.list}`,
        appearance: 'search',
        siang_type: 'lookup',
        siang_preset: q.preset ?? null,
      };
    }
    case 'rating':
    case 'rating-pair': {
      const labels = q.labels
        ? Object.fromEntries(
            LANGUAGES.map((l) => [lang('siang_labels', l), q.labels?.map((x) => x[l]).join(' | ') ?? null]),
          )
        : {};
      return { ...common, ...labels, type: 'integer', siang_type: q.type, siang_dimension: q.dimension ?? null };
    }
    case 'text':
    case 'long-text':
      return {
        ...common,
        type: 'text',
        appearance: q.type === 'long-text' ? 'multiline' : null,
        siang_max_length: q.maxLength ?? null,
        siang_format: q.type === 'text' ? (q.format ?? null) : null,
      };
    case 'number':
      return { ...common, type: q.integer ? 'integer' : 'decimal', siang_min: q.min ?? null, siang_max: q.max ?? null };
    case 'date':
      return { ...common, type: 'date', siang_min: q.min ?? null, siang_max: q.max ?? null };
  }
}
