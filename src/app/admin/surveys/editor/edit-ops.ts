/**
 * Immutable edits of a survey definition for the editor: each returns a new definition that
 * shares every untouched section and question with the old one, so memoised rows of the editor
 * skip re-rendering.
 */
import type {
  Condition,
  LocalizedText,
  Question,
  QuestionType,
  Section,
  SurveyDefinition,
} from '../../../../core/survey.js';

/** An empty text in both languages. */
export const EMPTY_TEXT: LocalizedText = { th: '', en: '' };

/** The question types in the order of the "add question" menu. */
export const QUESTION_TYPES: readonly QuestionType[] = [
  'single',
  'multiple',
  'rating',
  'rating-pair',
  'text',
  'long-text',
  'number',
  'date',
  'lookup',
];

/** Replaces section `s`. */
export function setSection(survey: SurveyDefinition, s: number, fn: (section: Section) => Section): SurveyDefinition {
  const old = survey.sections[s];
  if (!old) return survey;
  const sections = survey.sections.slice();
  sections[s] = fn(old);
  return { ...survey, sections };
}

/** Replaces question `q` of section `s`. */
export function setQuestion(
  survey: SurveyDefinition,
  s: number,
  q: number,
  fn: (question: Question) => Question,
): SurveyDefinition {
  return setSection(survey, s, (section) => {
    const old = section.questions[q];
    if (!old) return section;
    const questions = section.questions.slice();
    questions[q] = fn(old);
    return { ...section, questions };
  });
}

/** Moves item `from` of a list to index `to`. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/** The list without item `i`. */
export function without<T>(list: readonly T[], i: number): T[] {
  return list.filter((_, j) => j !== i);
}

/** Sets or removes an optional key: `undefined` removes it (exactOptionalPropertyTypes). */
export function withKey<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const out = { ...obj } as T;
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** An optional text: absent when both languages are empty. */
export function optionalText(text: LocalizedText): LocalizedText | undefined {
  return text.th === '' && text.en === '' ? undefined : text;
}

/** Every question id of the survey. */
export function questionIds(survey: SurveyDefinition): Set<string> {
  return new Set(survey.sections.flatMap((s) => s.questions.map((q) => q.id)));
}

/** A fresh id `<stem><n>` not yet used in `taken`. */
export function freshId(stem: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${stem}${n}`;
    if (!taken.has(id)) return id;
  }
}

const twoOptions = () => [
  { value: '1', label: { ...EMPTY_TEXT } },
  { value: '2', label: { ...EMPTY_TEXT } },
];

/** A new, empty question of a type with a fresh id. */
export function newQuestion(type: QuestionType, taken: ReadonlySet<string>, firstList?: string): Question {
  const base = { id: freshId('q', taken), label: { ...EMPTY_TEXT } };
  switch (type) {
    case 'single':
    case 'multiple':
      return { ...base, type, options: twoOptions() };
    case 'lookup':
      return { ...base, type, list: firstList ?? '' };
    default:
      return { ...base, type };
  }
}

/** A copy of a question under a fresh id (`<id>_copy`, `<id>_copy2`, …). */
export function duplicateQuestion(question: Question, taken: ReadonlySet<string>): Question {
  let id = `${question.id}_copy`.slice(0, 64);
  for (let n = 2; taken.has(id); n++) id = `${question.id}_copy${n}`.slice(0, 64);
  return { ...question, id };
}

/** A new empty section with a fresh id and one new question. */
export function newSection(survey: SurveyDefinition, type: QuestionType = 'single'): Section {
  const ids = new Set(survey.sections.map((s) => s.id));
  return {
    id: freshId('section', ids),
    title: { ...EMPTY_TEXT },
    questions: [newQuestion(type, questionIds(survey))],
  };
}

/** A condition with every reference to question `from` renamed to `to`. */
export function renameInCondition(c: Condition, from: string, to: string): Condition {
  if ('all' in c) return { all: c.all.map((x) => renameInCondition(x, from, to)) };
  if ('any' in c) return { any: c.any.map((x) => renameInCondition(x, from, to)) };
  if ('not' in c) return { not: renameInCondition(c.not, from, to) };
  return c.question === from ? { ...c, question: to } : c;
}

/** Whether a condition looks at question `id`. */
export function conditionUses(c: Condition, id: string): boolean {
  if ('all' in c) return c.all.some((x) => conditionUses(x, id));
  if ('any' in c) return c.any.some((x) => conditionUses(x, id));
  if ('not' in c) return conditionUses(c.not, id);
  return c.question === id;
}

/**
 * Renames question `from` to `to` and every condition (show-if, constraint) that names it, so
 * that a rename never silently breaks a rule; only the questions and sections that change are
 * copied.
 */
export function renameQuestion(survey: SurveyDefinition, from: string, to: string): SurveyDefinition {
  const fix = <T extends { showIf?: Condition }>(x: T): T =>
    x.showIf && conditionUses(x.showIf, from) ? { ...x, showIf: renameInCondition(x.showIf, from, to) } : x;
  let changed = false;
  const sections = survey.sections.map((section) => {
    let touched = false;
    const questions = section.questions.map((q) => {
      let next = q.id === from ? { ...q, id: to } : q;
      next = fix(next);
      if (next.constraint && conditionUses(next.constraint.rule, from))
        next = { ...next, constraint: { ...next.constraint, rule: renameInCondition(next.constraint.rule, from, to) } };
      if (next !== q) touched = true;
      return next;
    });
    const out = fix(touched ? { ...section, questions } : section);
    if (out !== section) changed = true;
    return out;
  });
  return changed ? { ...survey, sections } : survey;
}

/** Where questions refer to question `id` in their conditions (ids of the referring questions/sections). */
export function referencesTo(survey: SurveyDefinition, id: string): string[] {
  const out: string[] = [];
  for (const section of survey.sections) {
    if (section.showIf && conditionUses(section.showIf, id)) out.push(section.id);
    for (const q of section.questions) {
      if (q.id === id) continue;
      if ((q.showIf && conditionUses(q.showIf, id)) || (q.constraint && conditionUses(q.constraint.rule, id)))
        out.push(q.id);
    }
  }
  return out;
}

/** Ids of the rating questions grouped under dimension `id`. */
export function dimensionUsers(survey: SurveyDefinition, id: string): string[] {
  return survey.sections.flatMap((s) =>
    s.questions.filter((q) => (q.type === 'rating' || q.type === 'rating-pair') && q.dimension === id).map((q) => q.id),
  );
}

/** A short, readable form of a condition (for the summary beside its editor). */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map(describeCondition).join(' AND ');
  if ('any' in c) return c.any.map(describeCondition).join(' OR ');
  if ('not' in c) return `NOT (${describeCondition(c.not)})`;
  const [op, value] = Object.entries(c).find(([k]) => k !== 'question') ?? ['', ''];
  const sign: Record<string, string> = { equals: '=', notEquals: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥' };
  return `${c.question} ${sign[op] ?? op} ${JSON.stringify(value)}`;
}

/** Moves a question to section `to.s` at index `to.q` (its index once moved). */
export function moveQuestion(
  survey: SurveyDefinition,
  from: { s: number; q: number },
  to: { s: number; q: number },
): SurveyDefinition {
  const question = survey.sections[from.s]?.questions[from.q];
  if (!question || !survey.sections[to.s]) return survey;
  const out = setSection(survey, from.s, (sec) => ({ ...sec, questions: without(sec.questions, from.q) }));
  return setSection(out, to.s, (sec) => {
    const questions = sec.questions.slice();
    questions.splice(Math.min(Math.max(to.q, 0), questions.length), 0, question);
    return { ...sec, questions };
  });
}

/** Inserts questions at index `at` of section `s`. */
export function insertQuestions(survey: SurveyDefinition, s: number, at: number, added: readonly Question[]) {
  return setSection(survey, s, (sec) => {
    const questions = sec.questions.slice();
    questions.splice(at, 0, ...added);
    return { ...sec, questions };
  });
}
