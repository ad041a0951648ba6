/**
 * Checks a survey definition against the format (docs/survey-format.md). The shape is checked
 * with valibot; what a schema cannot say (unique ids, conditions that look back, bounds that
 * make sense) is checked after. Every problem names its place and its reason; nothing throws.
 */
import * as v from 'valibot';
import {
  type Condition,
  MAX_SURVEY_VERSION,
  OTHER,
  type Question,
  SURVEY_FORMAT,
  SURVEY_ID,
  type SurveyDefinition,
} from './survey.js';
import { isIsoDate } from './answers.js';

/** A problem with a definition: where (`sections[1].questions[0].options`) and why. */
export interface DefinitionProblem {
  readonly path: string;
  readonly message: string;
}

/** The outcome of `validateSurvey`. */
export type SurveyValidation =
  | { readonly ok: true; readonly survey: SurveyDefinition }
  | { readonly ok: false; readonly problems: readonly DefinitionProblem[] };

const ID = SURVEY_ID;
const QUESTION_ID = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Names an object already has (`constructor`, `prototype`, `__proto__` and the like): answers,
 * lists and results are keyed by ids, and such an id would read or replace what every object
 * inherits. Refused for every id a definition names.
 */
const RESERVED = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasownproperty',
  'isprototypeof',
  'propertyisenumerable',
  'tolocalestring',
  'tostring',
  'valueof',
  '__definegetter__',
  '__definesetter__',
  '__lookupgetter__',
  '__lookupsetter__',
]);
const reserved = (what: string) =>
  v.check((s: string) => !RESERVED.has(s.toLowerCase()), `${what} must not be a reserved name (such as constructor)`);

const text = v.pipe(v.string('must be text'), v.trim(), v.nonEmpty('must not be empty'), v.maxLength(5000));
const localized = v.strictObject({ th: text, en: text }, 'must have exactly "th" and "en" texts');
const id = (what: string) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.regex(ID, `${what} must be lower-case letters, digits, - or _, starting with a letter`),
    reserved(what),
  );
const questionId = v.pipe(
  v.string('id must be text'),
  v.regex(QUESTION_ID, 'id must be lower-case letters, digits or _, starting with a letter'),
  reserved('id'),
);
const value = v.pipe(v.string('value must be text'), v.nonEmpty('value must not be empty'), v.maxLength(200));
const option = v.strictObject({ value, label: localized });
const options = v.pipe(
  v.array(option, 'options must be a list'),
  v.minLength(2, 'needs at least 2 options'),
  v.maxLength(200),
);
const ratingLabels = v.pipe(v.array(localized), v.length(5, 'must have 5 labels, for levels 5 to 1'));
const count = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, 'must not be negative'),
);
const scalar = v.union([v.string(), v.number()], 'must be text or a number');

const condition: v.GenericSchema<Condition> = v.lazy(() =>
  v.union(
    [
      v.strictObject({ question: questionId, equals: scalar }),
      v.strictObject({ question: questionId, notEquals: scalar }),
      v.strictObject({ question: questionId, in: v.pipe(v.array(scalar), v.minLength(1)) }),
      v.strictObject({ question: questionId, includes: value }),
      v.strictObject({ question: questionId, answered: v.boolean() }),
      v.strictObject({ question: questionId, lt: scalar }),
      v.strictObject({ question: questionId, lte: scalar }),
      v.strictObject({ question: questionId, gt: scalar }),
      v.strictObject({ question: questionId, gte: scalar }),
      v.strictObject({ all: v.pipe(v.array(condition), v.minLength(1)) }),
      v.strictObject({ any: v.pipe(v.array(condition), v.minLength(1)) }),
      v.strictObject({ not: condition }),
    ],
    'must be a condition: {question, equals|notEquals|in|includes|answered|lt|lte|gt|gte} or {all|any|not}',
  ),
);

const base = {
  id: questionId,
  label: localized,
  hint: v.optional(localized),
  required: v.optional(v.boolean('required must be true or false')),
  personal: v.optional(v.boolean('personal must be true or false')),
  showIf: v.optional(condition),
  constraint: v.optional(v.strictObject({ rule: condition, message: v.optional(localized) })),
};

const preset = v.optional(
  v.picklist(['editable', 'locked', 'never'] as const, 'preset must be one of editable, locked, never'),
);

const question = v.variant(
  'type',
  [
    v.strictObject({ ...base, type: v.literal('single'), options, other: v.optional(v.boolean()), preset }),
    v.strictObject({
      ...base,
      type: v.literal('multiple'),
      options,
      other: v.optional(v.boolean()),
      min: v.optional(count),
      max: v.optional(count),
    }),
    v.strictObject({
      ...base,
      type: v.literal('rating'),
      dimension: v.optional(id('dimension')),
      labels: v.optional(ratingLabels),
    }),
    v.strictObject({
      ...base,
      type: v.literal('rating-pair'),
      dimension: v.optional(id('dimension')),
      labels: v.optional(ratingLabels),
    }),
    v.strictObject({
      ...base,
      type: v.literal('text'),
      maxLength: v.optional(v.pipe(count, v.minValue(1), v.maxValue(10000))),
      format: v.optional(v.picklist(['phone', 'email'] as const, 'format must be "phone" or "email"')),
    }),
    v.strictObject({
      ...base,
      type: v.literal('long-text'),
      maxLength: v.optional(v.pipe(count, v.minValue(1), v.maxValue(10000))),
    }),
    v.strictObject({
      ...base,
      type: v.literal('number'),
      min: v.optional(v.number()),
      max: v.optional(v.number()),
      integer: v.optional(v.boolean()),
    }),
    v.strictObject({
      ...base,
      type: v.literal('date'),
      min: v.optional(v.string()),
      max: v.optional(v.string()),
    }),
    v.strictObject({ ...base, type: v.literal('lookup'), list: id('list'), preset }),
  ],
  'type must be one of single, multiple, rating, rating-pair, text, long-text, number, date, lookup',
);

const section = v.strictObject({
  id: id('section id'),
  title: localized,
  description: v.optional(localized),
  showIf: v.optional(condition),
  questions: v.pipe(
    v.array(question, 'questions must be a list'),
    v.minLength(1, 'a section needs at least one question'),
  ),
});

const listItem = v.strictObject({ value, label: localized, detail: v.optional(localized) });

const schema = v.strictObject({
  format: v.literal(SURVEY_FORMAT, `format must be ${SURVEY_FORMAT}`),
  id: id('id'),
  version: v.pipe(
    v.number('version must be a number'),
    v.integer('version must be a whole number'),
    v.minValue(1, 'version starts at 1'),
    v.maxValue(MAX_SURVEY_VERSION, `version is at most ${MAX_SURVEY_VERSION}`),
  ),
  kind: v.picklist(['survey', 'complaint'], 'kind must be "survey" or "complaint"'),
  title: localized,
  description: v.optional(localized),
  estimatedMinutes: v.optional(v.pipe(count, v.minValue(1))),
  privacy: v.strictObject({
    version: v.pipe(v.string(), v.nonEmpty('the notice needs a version')),
    title: localized,
    body: v.pipe(v.array(localized), v.minLength(1, 'the notice needs at least one paragraph')),
  }),
  ratingLabels: v.optional(ratingLabels),
  dimensions: v.optional(v.array(v.strictObject({ id: id('dimension id'), label: localized }))),
  lists: v.optional(
    v.record(
      id('list id'),
      v.pipe(v.array(listItem), v.minLength(1, 'a list needs at least one entry'), v.maxLength(20000)),
    ),
  ),
  sections: v.pipe(v.array(section, 'sections must be a list'), v.minLength(1, 'a survey needs at least one section')),
});

function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(top)';
}

/**
 * Validates an untrusted definition (parsed JSON). Returns the typed survey, or every problem
 * found with its place.
 */
export function validateSurvey(input: unknown): SurveyValidation {
  // Recursion in the schema (conditions nest) must not overflow the stack on hostile input.
  const tooDeep = deeperThan(input, MAX_DEPTH);
  if (tooDeep)
    return { ok: false, problems: [{ path: tooDeep, message: `nested more than ${MAX_DEPTH} levels deep` }] };
  // valibot's records skip such keys silently: a list named so would vanish, not be refused.
  const lists = (input as { lists?: unknown } | null)?.lists;
  if (lists !== null && typeof lists === 'object') {
    const bad = Object.keys(lists).filter((name) => RESERVED.has(name.toLowerCase()));
    if (bad.length)
      return {
        ok: false,
        problems: bad.map((name) => ({
          path: `lists.${name}`,
          message: 'list id must not be a reserved name (such as constructor)',
        })),
      };
  }
  const parsed = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!parsed.success) {
    const seen = new Set<string>();
    const problems: DefinitionProblem[] = [];
    for (const issue of parsed.issues) {
      // A union (a condition) that matches no branch is best reported by its own message at its
      // own place; a variant (a question) reports the problems of the branch its type chose.
      const leaves = issue.type === 'union' || !issue.issues?.length ? [issue] : flatten(issue.issues);
      for (const leaf of leaves) {
        const p = { path: pathOf(leaf), message: leaf.message };
        const key = `${p.path}\n${p.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(p);
        }
      }
    }
    return { ok: false, problems: problems.slice(0, 50) };
  }
  const survey = parsed.output as SurveyDefinition;
  const problems = checkMeaning(survey);
  return problems.length ? { ok: false, problems } : { ok: true, survey };
}

/** How deep a definition may nest (conditions inside conditions, mostly). */
const MAX_DEPTH = 40;

/** The path of the first value nested deeper than `max`, if any; iterative, so it never overflows. */
function deeperThan(input: unknown, max: number): string | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: input, depth: 0, path: '' }];
  while (stack.length) {
    const item = stack.pop();
    if (!item || item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > max) return item.path || '(top)';
    for (const [key, value] of Object.entries(item.value)) {
      const path = Array.isArray(item.value) ? `${item.path}[${key}]` : item.path ? `${item.path}.${key}` : key;
      stack.push({ value, depth: item.depth + 1, path });
    }
  }
  return undefined;
}

function flatten(issues: readonly v.BaseIssue<unknown>[]): v.BaseIssue<unknown>[] {
  // For a variant/union, report the issue of the branch that matched best: the deepest path.
  const deepest = Math.max(...issues.map((i) => i.path?.length ?? 0));
  return issues.filter((i) => (i.path?.length ?? 0) === deepest);
}

function checkMeaning(survey: SurveyDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const dimensions = new Set<string>();
  survey.dimensions?.forEach((d, i) => {
    if (dimensions.has(d.id)) add(`dimensions[${i}].id`, `dimension "${d.id}" is defined twice`);
    dimensions.add(d.id);
  });
  for (const [name, items] of Object.entries(survey.lists ?? {})) {
    const values = new Set<string>();
    items.forEach((item, i) => {
      if (values.has(item.value)) add(`lists.${name}[${i}].value`, `"${item.value}" appears twice in list "${name}"`);
      values.add(item.value);
    });
  }
  const sectionIds = new Set<string>();
  const earlier = new Map<string, Question>();
  survey.sections.forEach((section, s) => {
    const sp = `sections[${s}]`;
    if (sectionIds.has(section.id)) add(`${sp}.id`, `section "${section.id}" is defined twice`);
    sectionIds.add(section.id);
    if (section.showIf) checkCondition(section.showIf, `${sp}.showIf`, earlier, add);
    section.questions.forEach((q, i) => {
      const qp = `${sp}.questions[${i}]`;
      if (earlier.has(q.id)) add(`${qp}.id`, `question "${q.id}" is defined twice`);
      if (q.showIf) checkCondition(q.showIf, `${qp}.showIf`, earlier, add);
      checkQuestion(q, qp, survey, dimensions, add);
      earlier.set(q.id, q);
      // A constraint looks at the answer itself, so the question counts as earlier for it.
      if (q.constraint) checkCondition(q.constraint.rule, `${qp}.constraint.rule`, earlier, add);
    });
  });
  return problems;
}

type Add = (path: string, message: string) => void;

function checkQuestion(q: Question, qp: string, survey: SurveyDefinition, dimensions: Set<string>, add: Add) {
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const values = new Set<string>();
      q.options.forEach((o, i) => {
        if (values.has(o.value)) add(`${qp}.options[${i}].value`, `option "${o.value}" appears twice`);
        if (q.other && o.value === OTHER) {
          add(`${qp}.options[${i}].value`, `"${OTHER}" is kept for "other, please specify" when other is true`);
        }
        values.add(o.value);
      });
      if (q.type === 'multiple') {
        const most = q.options.length + (q.other ? 1 : 0);
        if (q.min !== undefined && q.max !== undefined && q.min > q.max)
          add(`${qp}.min`, `min (${q.min}) is more than max (${q.max})`);
        if (q.min !== undefined && q.min > most) add(`${qp}.min`, `min (${q.min}) is more than the ${most} options`);
        if (q.max !== undefined && q.max < 1) add(`${qp}.max`, 'max must be at least 1');
      }
      return;
    }
    case 'rating':
    case 'rating-pair':
      if (q.dimension !== undefined && !dimensions.has(q.dimension)) {
        add(`${qp}.dimension`, `dimension "${q.dimension}" is not in the survey's dimensions`);
      }
      return;
    case 'number':
      if (q.min !== undefined && q.max !== undefined && q.min > q.max)
        add(`${qp}.min`, `min (${q.min}) is more than max (${q.max})`);
      return;
    case 'date': {
      const ok = (b: string | undefined) => b === undefined || b === 'today' || isIsoDate(b);
      if (!ok(q.min)) add(`${qp}.min`, 'min must be a date written YYYY-MM-DD, or "today"');
      if (!ok(q.max)) add(`${qp}.max`, 'max must be a date written YYYY-MM-DD, or "today"');
      if (q.min && q.max && q.min !== 'today' && q.max !== 'today' && q.min > q.max)
        add(`${qp}.min`, 'min is after max');
      return;
    }
    case 'lookup':
      if (!survey.lists?.[q.list]) add(`${qp}.list`, `list "${q.list}" is not in the survey's lists`);
      return;
    case 'text':
    case 'long-text':
      return;
  }
}

function checkCondition(c: Condition, path: string, earlier: Map<string, Question>, add: Add) {
  if ('all' in c || 'any' in c) {
    const [op, list] = 'all' in c ? (['all', c.all] as const) : (['any', c.any] as const);
    for (const [i, x] of list.entries()) checkCondition(x, `${path}.${op}[${i}]`, earlier, add);
    return;
  }
  if ('not' in c) return checkCondition(c.not, `${path}.not`, earlier, add);
  const q = earlier.get(c.question);
  if (!q) {
    add(`${path}.question`, `"${c.question}" is not a question that comes earlier in the survey`);
    return;
  }
  if ('includes' in c && q.type !== 'multiple') {
    add(`${path}.includes`, `includes needs a multiple choice question; "${q.id}" is ${q.type}`);
  }
  if (q.type === 'multiple' && ('equals' in c || 'notEquals' in c || 'in' in c)) {
    add(path, `"${q.id}" is multiple choice: use includes (a list never equals one value)`);
  }
  const bound = 'lt' in c ? c.lt : 'lte' in c ? c.lte : 'gt' in c ? c.gt : 'gte' in c ? c.gte : undefined;
  if (bound !== undefined) {
    const numeric = q.type === 'number' || q.type === 'rating';
    if (numeric && typeof bound !== 'number') add(path, `"${q.id}" is a number: compare it with a number`);
    else if (q.type === 'date' && (typeof bound !== 'string' || !isIsoDate(bound)))
      add(path, `"${q.id}" is a date: compare it with a date written YYYY-MM-DD`);
    else if (!numeric && q.type !== 'date')
      add(path, `"${q.id}" is ${q.type}: only numbers, ratings and dates are compared with lt, lte, gt, gte`);
    return;
  }
  const wanted =
    'equals' in c
      ? [c.equals]
      : 'notEquals' in c
        ? [c.notEquals]
        : 'in' in c
          ? c.in
          : 'includes' in c
            ? [c.includes]
            : [];
  if ((q.type === 'single' || q.type === 'multiple') && wanted.length) {
    const known = new Set<string | number>(q.options.map((o) => o.value));
    if (q.other) known.add(OTHER);
    for (const w of wanted) if (!known.has(w)) add(path, `"${w}" is not an option of "${q.id}"`);
  }
}
