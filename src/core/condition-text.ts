/**
 * Conditions ("show if") as the survey builder presents them: which comparisons fit which
 * question type, which questions a condition may look at, a condition read out as a sentence,
 * and the references that no longer hold (a question deleted, or moved after the one it shows).
 */
import { formatDate } from './format.js';
import { type Condition, type Lang, OTHER, type Question, type QuestionType, type SurveyDefinition } from './survey.js';

/** A comparison offered in the builder's menu; `notAnswered` is `{ answered: false }`. */
export type Operator =
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'includes'
  | 'answered'
  | 'notAnswered'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte';

/** A condition on one question (not a group). */
export type LeafCondition = Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>;

const ORDER = ['lt', 'lte', 'gt', 'gte'] as const;

/** The comparisons that make sense for a question type, the most usual first. */
export function operatorsFor(type: QuestionType): Operator[] {
  switch (type) {
    case 'single':
    case 'lookup':
      return ['equals', 'notEquals', 'in', 'answered', 'notAnswered'];
    case 'multiple':
      return ['includes', 'answered', 'notAnswered'];
    case 'rating':
    case 'number':
    case 'date':
      // A list of values ("is one of") only where the values come from a menu: rating levels.
      return type === 'rating'
        ? ['equals', 'notEquals', 'in', ...ORDER, 'answered', 'notAnswered']
        : ['equals', 'notEquals', ...ORDER, 'answered', 'notAnswered'];
    default:
      // Text and rating pairs: only whether they were answered (a typed value is never compared).
      return ['answered', 'notAnswered'];
  }
}

/** True for a condition on one question. */
export function isLeaf(c: Condition): c is LeafCondition {
  return 'question' in c;
}

/** The comparison a leaf condition makes. */
export function operatorOf(c: LeafCondition): Operator {
  if ('answered' in c) return c.answered ? 'answered' : 'notAnswered';
  for (const op of ['equals', 'notEquals', 'in', 'includes', ...ORDER] as const) if (op in c) return op;
  return 'answered';
}

/** The value a leaf condition compares with (a list for `in`, nothing for answered). */
export function comparedValue(c: LeafCondition): string | number | readonly (string | number)[] | undefined {
  if ('equals' in c) return c.equals;
  if ('notEquals' in c) return c.notEquals;
  if ('in' in c) return c.in;
  if ('includes' in c) return c.includes;
  if ('lt' in c) return c.lt;
  if ('lte' in c) return c.lte;
  if ('gt' in c) return c.gt;
  if ('gte' in c) return c.gte;
  return undefined;
}

/** The values a question can be compared with from a menu: options, list items or rating levels. */
export function choicesOf(survey: SurveyDefinition, q: Question): { value: string | number; label: string }[] {
  return choicesIn(survey, q, 'th');
}

/** `choicesOf` with labels in a language. */
export function choicesIn(
  survey: SurveyDefinition,
  q: Question,
  lang: Lang,
): { value: string | number; label: string }[] {
  if (q.type === 'single' || q.type === 'multiple') {
    const options: { value: string | number; label: string }[] = q.options.map((o) => ({
      value: o.value,
      label: o.label[lang] || o.label.th,
    }));
    if (q.other) options.push({ value: OTHER, label: '' });
    return options;
  }
  if (q.type === 'lookup') {
    return (survey.lists?.[q.list] ?? []).map((i) => ({ value: i.value, label: i.label[lang] || i.label.th }));
  }
  if (q.type === 'rating') {
    const labels = q.labels ?? survey.ratingLabels;
    return [5, 4, 3, 2, 1].map((n, i) => {
      const l = labels?.[i];
      return { value: n, label: l ? `${n} ${l[lang] || l.th}` : String(n) };
    });
  }
  return [];
}

/** The first value that fits a question and comparison, so a new condition is complete at once. */
export function defaultValue(survey: SurveyDefinition, q: Question, op: Operator): Condition {
  const first = choicesOf(survey, q)[0]?.value;
  const question = q.id;
  const today = new Date().toISOString().slice(0, 10);
  const scalar: string | number = q.type === 'number' ? 0 : q.type === 'date' ? today : (first ?? '');
  switch (op) {
    case 'answered':
      return { question, answered: true };
    case 'notAnswered':
      return { question, answered: false };
    case 'in':
      return { question, in: first === undefined ? [] : [first] };
    case 'includes':
      return { question, includes: String(first ?? '') };
    case 'equals':
      return { question, equals: scalar };
    case 'notEquals':
      return { question, notEquals: scalar };
    default:
      return { question, [op]: scalar } as LeafCondition;
  }
}

/**
 * A leaf condition with another comparison: the value is kept when it still fits (a single value
 * between equals, not equals and the order comparisons; the first chosen value of a list).
 */
export function withOperator(survey: SurveyDefinition, q: Question, c: LeafCondition, op: Operator): Condition {
  const before = comparedValue(c);
  const fresh = defaultValue(survey, q, op);
  if (op === 'answered' || op === 'notAnswered' || op === 'includes') return fresh;
  const single = Array.isArray(before) ? before[0] : before;
  if (single === undefined) return fresh;
  if (op === 'in') return { question: q.id, in: [single as string | number] };
  if (ORDER.includes(op as (typeof ORDER)[number]) && q.type !== 'date' && typeof single !== 'number') return fresh;
  return { question: q.id, [op]: single } as LeafCondition;
}

/** A leaf condition with a new value (a list for `in`). */
export function withValue(c: LeafCondition, value: string | number | readonly (string | number)[]): Condition {
  const op = operatorOf(c);
  if (op === 'answered' || op === 'notAnswered') return c;
  return { question: c.question, [op]: value } as LeafCondition;
}

/** Where a question or section stands, for "which questions may a condition look at". */
export type Place = string; // a question id, or `section:<id>`

/**
 * The questions a condition of `before` may look at, with their sections: every question of
 * the sections before it, and for a question the questions above it in its own section.
 */
export function earlierQuestions(
  survey: SurveyDefinition,
  before: Place,
): { section: SurveyDefinition['sections'][number]; questions: Question[] }[] {
  const sectionId = before.startsWith('section:') ? before.slice('section:'.length) : undefined;
  const groups: { section: SurveyDefinition['sections'][number]; questions: Question[] }[] = [];
  for (const section of survey.sections) {
    if (sectionId !== undefined && section.id === sectionId) break;
    const at = sectionId === undefined ? section.questions.findIndex((q) => q.id === before) : -1;
    const questions = at >= 0 ? section.questions.slice(0, at) : [...section.questions];
    if (questions.length) groups.push({ section, questions });
    if (at >= 0) break;
  }
  return groups;
}

/** A reference in a condition that does not hold. */
export interface ConditionProblem {
  /** The condition's path from the root, such as `all[1]` or `not`. */
  readonly path: string;
  readonly question: string;
  /** `missing`: no such question (deleted); `later`: it comes at or after the place it shows. */
  readonly kind: 'missing' | 'later' | 'operator';
}

/** The references of a condition to questions that are gone or come too late, and misfit comparisons. */
export function conditionProblems(survey: SurveyDefinition, before: Place, c: Condition): ConditionProblem[] {
  const earlier = new Set(earlierQuestions(survey, before).flatMap((g) => g.questions.map((q) => q.id)));
  const byId = new Map(survey.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  const problems: ConditionProblem[] = [];
  const walk = (node: Condition, path: string) => {
    if ('all' in node || 'any' in node) {
      const [op, list] = 'all' in node ? (['all', node.all] as const) : (['any', node.any] as const);
      for (const [i, x] of list.entries()) walk(x, `${path}${path ? '.' : ''}${op}[${i}]`);
      return;
    }
    if ('not' in node) return walk(node.not, `${path}${path ? '.' : ''}not`);
    const q = byId.get(node.question);
    if (!q) problems.push({ path, question: node.question, kind: 'missing' });
    else if (!earlier.has(node.question)) problems.push({ path, question: node.question, kind: 'later' });
    else if (!operatorsFor(q.type).includes(operatorOf(node)))
      problems.push({ path, question: q.id, kind: 'operator' });
  };
  walk(c, '');
  return problems;
}

/** Every question's number in the survey (1, 2, …), as the builder shows it ("ข้อ 2"). */
export function questionNumbers(survey: SurveyDefinition): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const s of survey.sections) for (const q of s.questions) numbers.set(q.id, numbers.size + 1);
  return numbers;
}

/** Looks up a builder string: `key` under `admin.builder.condition.`, with values to put in. */
export type Say = (key: string, values?: Record<string, string>) => string;

/**
 * A condition read as a sentence in a language, such as "ข้อ 2 กลุ่มผู้ตอบ เป็น ผู้ปกครอง". The
 * words come from `say` (the builder's strings: `sentence.<operator>`, `sentence.and`, …).
 */
export function conditionSentence(survey: SurveyDefinition, c: Condition, lang: Lang, say: Say): string {
  const numbers = questionNumbers(survey);
  const byId = new Map(survey.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  const text = (node: Condition, nested: boolean): string => {
    if ('all' in node || 'any' in node) {
      const list = 'all' in node ? node.all : node.any;
      const joined = list.map((x) => text(x, true)).join(` ${say('all' in node ? 'sentence.and' : 'sentence.or')} `);
      return nested && list.length > 1 ? `(${joined})` : joined;
    }
    if ('not' in node) return say('sentence.not', { condition: text(node.not, true) });
    const q = byId.get(node.question);
    const n = numbers.get(node.question);
    const question = q
      ? say('sentence.question', { number: String(n), label: short(q.label[lang] || q.label.th) })
      : say('sentence.missingQuestion', { id: node.question });
    const op = operatorOf(node);
    const v = comparedValue(node);
    const name = (x: string | number) => valueName(survey, q, x, lang, say);
    const value = Array.isArray(v)
      ? v.map(name).join(` ${say('sentence.or')} `)
      : v === undefined
        ? ''
        : name(v as string | number);
    return say(`sentence.${op}`, { question, value });
  };
  return text(c, false);
}

function valueName(
  survey: SurveyDefinition,
  q: Question | undefined,
  value: string | number,
  lang: Lang,
  say: Say,
): string {
  if (!q) return String(value);
  if ((q.type === 'single' || q.type === 'multiple') && value === OTHER && q.other) return say('sentence.other');
  if (q.type === 'date' && typeof value === 'string') return formatDate(value, lang);
  if (q.type === 'rating' || q.type === 'number') return String(value);
  const found = choicesIn(survey, q, lang).find((c) => c.value === value);
  return found ? found.label : String(value);
}

/** A label cut to a length a sentence can carry. */
function short(label: string, max = 60): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}
