/**
 * The builder's words for machine places and codes: a validator path
 * (`sections[1].questions[2].label.en`) as a person says it ("ตอนที่ 2 ข้อ 3 ข้อความ ภาษาอังกฤษ"),
 * the validator's commonest messages, and a change between versions with what it does.
 */
import type { TFunction } from 'i18next';
import { tr } from '../../../core/answers.js';
import type { Lang, SurveyDefinition } from '../../../core/survey.js';
import type { SurveyChange } from './survey-api.js';

type Token = { key: string } | { index: number };

function tokens(path: string): Token[] {
  const out: Token[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push({ index: Number(m[2]) });
    else if (m[1] !== undefined) out.push({ key: m[1] });
  }
  return out;
}

/** Fields with a name of their own in admin.surveys.field. */
const FIELDS = new Set([
  'title',
  'label',
  'hint',
  'description',
  'id',
  'type',
  'options',
  'other',
  'min',
  'max',
  'required',
  'showIf',
  'constraint',
  'message',
  'dimension',
  'list',
  'maxLength',
  'format',
  'integer',
  'preset',
  'privacy',
  'version',
  'estimatedMinutes',
  'dimensions',
  'lists',
  'sections',
  'questions',
  'value',
  'detail',
  'kind',
  'personal',
]);

/** Items counted in a list, and the key that names the n-th one (admin.surveys.place.*). */
const COUNTED: Record<string, string> = {
  sections: 'section',
  questions: 'question',
  options: 'option',
  body: 'paragraph',
  ratingLabels: 'level',
  labels: 'level',
  dimensions: 'dimension',
};

/** A validator path as a person reads it: "ตอนที่ 2 ข้อ 3 ข้อความ ภาษาอังกฤษ". */
export function describePath(path: string, t: TFunction): string {
  const parts: string[] = [];
  const list = tokens(path);
  for (let i = 0; i < list.length; i++) {
    const token = list[i] as Token;
    const next = list[i + 1];
    if ('index' in token) {
      parts.push(t('admin.surveys.place.item', { n: token.index + 1 }));
      continue;
    }
    const { key } = token;
    const counted = COUNTED[key];
    if (counted && next && 'index' in next) {
      parts.push(t(`admin.surveys.place.${counted}`, { n: next.index + 1 }));
      i++;
    } else if (key === 'lists' && next && 'key' in next) {
      parts.push(t('admin.surveys.place.list', { name: next.key }));
      i++;
    } else if (key === 'th' || key === 'en') {
      parts.push(t(`admin.surveys.place.lang.${key}`));
    } else if (FIELDS.has(key)) {
      parts.push(t(`admin.surveys.field.${key}`));
    } else if (key !== '(top)') {
      parts.push(key);
    }
  }
  const place = parts.length ? parts.join(t('admin.surveys.place.sep')) : t('admin.surveys.place.survey');
  // A place begins a line: "Title, English" (Thai has no capitals).
  return place.charAt(0).toUpperCase() + place.slice(1);
}

/**
 * The validator's messages (src/core/survey-validate.ts, written in English for the build and
 * the server) in the screen's language, by their wording; the ids and values they name are
 * passed on. A message not known here is shown as the validator says it.
 */
const MESSAGES: readonly (readonly [RegExp, string])[] = [
  [/^(?:must not be empty|must be text)$/, 'empty'],
  [/^must have exactly "th" and "en" texts$/, 'bothLanguages'],
  [/^needs at least 2 options$/, 'twoOptions'],
  [/^a section needs at least one question$/, 'oneQuestion'],
  [/^must have 5 labels, for levels 5 to 1$/, 'fiveLabels'],
  [/^(?:\w+ )?must be a number$/, 'number'],
  [/^(?:\w+ )?must be a whole number$/, 'wholeNumber'],
  [/^must not be negative$/, 'notNegative'],
  [/^(?:[\w ]+ )?id must be lower-case letters, digits, - or _, starting with a letter$/, 'idFormat'],
  [/^(?:dimension|list) must be lower-case letters, digits, - or _, starting with a letter$/, 'nameFormat'],
  [/^id must be lower-case letters, digits or _, starting with a letter$/, 'questionIdFormat'],
  [/^[\w ]+ must not be a reserved name \(such as constructor\)$/, 'reserved'],
  [/^value must not be empty$/, 'valueEmpty'],
  [/^nested more than (?<depth>\d+) levels deep$/, 'tooDeep'],
  [/^dimension "(?<id>[^"]*)" is defined twice$/, 'twiceDimension'],
  [/^section "(?<id>[^"]*)" is defined twice$/, 'twiceSection'],
  [/^question "(?<id>[^"]*)" is defined twice$/, 'twiceQuestion'],
  [/^"(?<value>[^"]*)" appears twice in list "(?<list>[^"]*)"$/, 'twiceInList'],
  [/^option "(?<value>[^"]*)" appears twice$/, 'twiceOption'],
  [/^"(?<value>[^"]*)" is kept for "other, please specify" when other is true$/, 'otherKept'],
  [/^min \((?<min>[^)]*)\) is more than max \((?<max>[^)]*)\)$/, 'minOverMax'],
  [/^min \((?<min>\d+)\) is more than the (?<count>\d+) options$/, 'minOverOptions'],
  [/^max must be at least 1$/, 'maxAtLeastOne'],
  [/^dimension "(?<id>[^"]*)" is not in the survey's dimensions$/, 'unknownDimension'],
  [/^list "(?<id>[^"]*)" is not in the survey's lists$/, 'unknownList'],
  [/^(?:min|max) must be a date written YYYY-MM-DD, or "today"$/, 'dateBound'],
  [/^min is after max$/, 'minAfterMax'],
  [/^"(?<id>[^"]*)" is not a question that comes earlier in the survey$/, 'notEarlier'],
  [/^includes needs a multiple choice question; "(?<id>[^"]*)" is (?<type>[\w-]+)$/, 'includesNeedsMultiple'],
  [/^"(?<id>[^"]*)" is multiple choice: use includes \(a list never equals one value\)$/, 'useIncludes'],
  [/^"(?<id>[^"]*)" is a number: compare it with a number$/, 'compareNumber'],
  [/^"(?<id>[^"]*)" is a date: compare it with a date written YYYY-MM-DD$/, 'compareDate'],
  [
    /^"(?<id>[^"]*)" is (?<type>[\w-]+): only numbers, ratings and dates are compared with lt, lte, gt, gte$/,
    'notComparable',
  ],
  [/^"(?<value>[^"]*)" is not an option of "(?<id>[^"]*)"$/, 'notAnOption'],
  [/^must be a condition: /, 'notCondition'],
  [/^type must be one of /, 'badType'],
  [/^format must be "phone" or "email"$/, 'badFormat'],
  [/^preset must be one of /, 'badPreset'],
  [/^the notice needs a version$/, 'noticeVersion'],
  [/^the notice needs at least one paragraph$/, 'noticeParagraph'],
  [/^a list needs at least one entry$/, 'listEntry'],
  [/^a survey needs at least one section$/, 'oneSection'],
  [/^version (?:starts at 1|is at most \d+|must be a (?:whole )?number)$/, 'versionRange'],
  // valibot's own words for a key a strict object does not have, and for a value of another type.
  [/^Invalid key: Expected never but received "(?<key>[^"]*)"$/, 'unknownKey'],
  [/^Invalid type: /, 'badValue'],
];

/** A validator message in the screen's language. */
export function describeMessage(message: string, t: TFunction): string {
  for (const [pattern, key] of MESSAGES) {
    const m = pattern.exec(message);
    if (m) return t(`admin.surveys.message.${key}`, { ...m.groups });
  }
  return message;
}

/** A value of a change (an id, a number, a text in two languages) as one short text. */
function shown(value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'object' && 'th' in value && 'en' in value) return tr(value as { th: string; en: string }, lang);
  if (Array.isArray(value)) return value.map((v) => shown(v, lang)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The change codes of src/core/survey-diff.ts, worded in admin.surveys.change; the breaking ones
 * (and those breaking in some cases: list values a lookup reads) also in admin.surveys.effect. A
 * code not here is still shown, with its code and place.
 */
export const CHANGE_CODES = [
  'text_changed',
  'setting_changed',
  'privacy_changed',
  'section_added',
  'section_removed',
  'sections_reordered',
  'question_added',
  'question_moved',
  'questions_reordered',
  'question_optional',
  'condition_changed',
  'validation_changed',
  'preset_changed',
  'option_added',
  'options_reordered',
  'other_added',
  'rating_labels_changed',
  'dimension_added',
  'dimensions_reordered',
  'list_values_added',
  'list_added',
  'list_values_removed',
  'lookup_list_changed',
  'kind_changed',
  'question_removed',
  'question_id_changed',
  'question_retyped',
  'required_question_added',
  'question_required',
  'personal_changed',
  'option_removed',
  'option_value_changed',
  'other_removed',
  'rating_scale_changed',
  'dimension_changed',
  'dimension_removed',
] as const;

/** The codes whose effect on results and exports is worded. */
const EFFECT_CODES: ReadonlySet<string> = new Set([
  'list_values_removed',
  'lookup_list_changed',
  'kind_changed',
  'question_removed',
  'question_id_changed',
  'question_retyped',
  'required_question_added',
  'question_required',
  'personal_changed',
  'option_removed',
  'option_value_changed',
  'other_removed',
  'rating_scale_changed',
  'dimension_changed',
  'dimension_removed',
]);

/** A change in plain words, and what a breaking one does to results and exports. */
export function describeChange(
  change: SurveyChange,
  t: TFunction,
  lang: Lang,
  survey?: SurveyDefinition,
): { what: string; effect?: string } {
  const question = change.question ? (survey ? questionName(survey, change.question, lang) : change.question) : '';
  const params = {
    where: describePath(change.path, t),
    question,
    option: change.option ?? '',
    before: shown(change.before, lang),
    after: shown(change.after, lang),
    code: change.code,
  };
  const known = (CHANGE_CODES as readonly string[]).includes(change.code);
  const what = known ? t(`admin.surveys.change.${change.code}`, params) : t('admin.surveys.change.unknown', params);
  if (change.severity !== 'breaking') return { what };
  return {
    what,
    effect: EFFECT_CODES.has(change.code)
      ? t(`admin.surveys.effect.${change.code}`, params)
      : t('admin.surveys.effect.unknown', params),
  };
}

/** "gender (เพศ)": a question's id with its wording when the survey still has it. */
function questionName(survey: SurveyDefinition, id: string, lang: Lang): string {
  for (const section of survey.sections)
    for (const q of section.questions) if (q.id === id) return `${id} (${tr(q.label, lang)})`;
  return id;
}
