/**
 * Answers to a survey, the conditions that show or hide questions, and the checks an answer
 * must pass. Used by the app (per screen, as the person answers) and by the server (on receipt).
 */
import {
  type Condition,
  findQuestion,
  type Lang,
  OTHER,
  otherKey,
  type Question,
  type Section,
  type SurveyDefinition,
} from './survey.js';
import { isEmail, isThaiPhone } from './contact.js';

/** Expectation and satisfaction of one item, each 1 to 5; a draft may hold one of them. */
export interface RatingPairAnswer {
  readonly expectation?: number;
  readonly satisfaction?: number;
}

/** One stored answer: a string (single, text, date, lookup), strings (multiple), a number
 * (rating, number) or a rating pair. */
export type AnswerValue = string | number | readonly string[] | RatingPairAnswer;

/** Answers by question id; `<id>.other` holds the text of "other, please specify". */
export type Answers = Readonly<Record<string, AnswerValue>>;

/** Why an answer cannot be accepted; the app shows `errors.<code>` from its locale. */
export type AnswerErrorCode =
  | 'required'
  | 'other_required'
  | 'invalid_option'
  | 'too_few'
  | 'too_many'
  | 'too_long'
  | 'invalid_phone'
  | 'invalid_email'
  | 'not_a_number'
  | 'not_integer'
  | 'too_small'
  | 'too_large'
  | 'invalid_date'
  | 'date_too_early'
  | 'date_too_late'
  | 'invalid_rating'
  | 'rating_pair_incomplete'
  | 'wrong_type'
  | 'unknown_question'
  | 'hidden_answered'
  | 'constraint';

/** A problem with one answer. */
export interface AnswerError {
  readonly question: string;
  readonly code: AnswerErrorCode;
  /** Values for the message, such as `{ max: 200 }`. */
  readonly params?: Readonly<Record<string, string | number>>;
}

/** The default longest text, so nobody pastes a book into a short answer. */
export const DEFAULT_MAX_LENGTH = { text: 200, 'long-text': 2000 } as const;

/**
 * The answer to `id`, read as an own key only: a plain object would also hand out what it
 * inherits (`constructor`, `toString`) for ids nobody answered.
 */
export function answerOf(answers: Answers, id: string): AnswerValue | undefined {
  return Object.hasOwn(answers, id) ? answers[id] : undefined;
}

/** True when a value counts as an answer (an empty string or list does not). */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.length > 0;
  const pair = value as RatingPairAnswer;
  return pair.expectation !== undefined || pair.satisfaction !== undefined;
}

/** Whether a condition holds for the answers given so far. */
export function evaluate(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, answers));
  if ('not' in condition) return !evaluate(condition.not, answers);
  const value = answerOf(answers, condition.question);
  if ('answered' in condition) return isAnswered(value) === condition.answered;
  if ('includes' in condition) return Array.isArray(value) && value.includes(condition.includes);
  if ('equals' in condition) return value === condition.equals;
  if ('notEquals' in condition) return value !== condition.notEquals;
  if ('lt' in condition) return comparable(value, condition.lt) && value < condition.lt;
  if ('lte' in condition) return comparable(value, condition.lte) && value <= condition.lte;
  if ('gt' in condition) return comparable(value, condition.gt) && value > condition.gt;
  if ('gte' in condition) return comparable(value, condition.gte) && value >= condition.gte;
  return (typeof value === 'string' || typeof value === 'number') && condition.in.includes(value);
}

/** True when an answer can be ordered against a bound: both numbers, or both texts (ISO dates). */
function comparable(value: AnswerValue | undefined, bound: number | string): value is number | string {
  if (typeof bound === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === 'string' && value !== '';
}

/**
 * The answers that count: those of questions shown, judged in order. A condition only sees the
 * answers of questions that are themselves shown, so an answer left behind on a question that a
 * later change hid can never show or hide anything. Completion keeps only these answers.
 */
export function pruneHidden(survey: SurveyDefinition, answers: Answers): Record<string, AnswerValue> {
  // No prototype: an id is only ever a key here, never an inherited name.
  const kept: Record<string, AnswerValue> = Object.create(null);
  // Conditions only look back, so one pass in order settles visibility.
  for (const section of survey.sections) {
    if (section.showIf && !evaluate(section.showIf, kept)) continue;
    for (const q of section.questions) {
      if (q.showIf && !evaluate(q.showIf, kept)) continue;
      const value = answerOf(answers, q.id);
      if (value === undefined || !isAnswered(value)) continue;
      kept[q.id] = value;
      const other = answerOf(answers, otherKey(q.id));
      if (chooseOther(q, value) && typeof other === 'string' && other.trim() !== '') kept[otherKey(q.id)] = other;
    }
  }
  return kept;
}

/** True when the answer picks "other, please specify" of a question that offers it. */
function chooseOther(q: Question, value: AnswerValue | undefined): boolean {
  if (q.type === 'single') return q.other === true && value === OTHER;
  if (q.type === 'multiple') return q.other === true && Array.isArray(value) && value.includes(OTHER);
  return false;
}

/** The sections shown for these answers, in order. */
export function visibleSections(survey: SurveyDefinition, answers: Answers): Section[] {
  const counted = pruneHidden(survey, answers);
  return survey.sections.filter((s) => !s.showIf || evaluate(s.showIf, counted));
}

/** The questions of a section shown for these answers. */
export function visibleQuestions(survey: SurveyDefinition, section: Section, answers: Answers): Question[] {
  const counted = pruneHidden(survey, answers);
  return section.questions.filter((q) => !q.showIf || evaluate(q.showIf, counted));
}

/** Every question shown for these answers, in order. */
export function allVisibleQuestions(survey: SurveyDefinition, answers: Answers): Question[] {
  return visibleSections(survey, answers).flatMap((s) => visibleQuestions(survey, s, answers));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Resolves a date bound (`today` or an ISO date) against a reference day. */
export function resolveDateBound(bound: string, today: string): string {
  return bound === 'today' ? today : bound;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of a moment, as `YYYY-MM-DD`: in the device's zone, or in `timeZone` (the
 * server judges "today" in the office's zone, Asia/Bangkok, not in UTC).
 */
export function localIsoDay(at: Date = new Date(), timeZone?: string): string {
  if (timeZone) {
    // en-CA writes dates as YYYY-MM-DD. Making a formatter is costly; one per zone is kept.
    let format = dayFormats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      dayFormats.set(timeZone, format);
    }
    return format.format(at);
  }
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

const isRating = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 5;

/** Checks one visible question's answer; returns its problem, if any. */
export function checkAnswer(
  survey: SurveyDefinition,
  q: Question,
  answers: Answers,
  today: string = localIsoDay(),
): AnswerError | undefined {
  const problem = checkValue(survey, q, answers, today);
  if (problem || !q.constraint || !isAnswered(answerOf(answers, q.id))) return problem;
  return evaluate(q.constraint.rule, answers) ? undefined : { question: q.id, code: 'constraint' };
}

function checkValue(survey: SurveyDefinition, q: Question, answers: Answers, today: string): AnswerError | undefined {
  const value = answerOf(answers, q.id);
  const fail = (code: AnswerErrorCode, params?: Record<string, string | number>): AnswerError =>
    params ? { question: q.id, code, params } : { question: q.id, code };
  if (!isAnswered(value)) return q.required ? fail('required') : undefined;
  switch (q.type) {
    case 'single': {
      if (typeof value !== 'string') return fail('wrong_type');
      const known = q.options.some((o) => o.value === value) || (q.other === true && value === OTHER);
      if (!known) return fail('invalid_option');
      if (chooseOther(q, value) && !isAnswered(answerOf(answers, otherKey(q.id)))) return fail('other_required');
      return checkOtherLength(q.id, answers);
    }
    case 'multiple': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return fail('wrong_type');
      const allowed = new Set(q.options.map((o) => o.value));
      if (q.other) allowed.add(OTHER);
      if (new Set(value).size !== value.length || !value.every((v) => allowed.has(v))) {
        return fail('invalid_option');
      }
      if (q.min !== undefined && value.length < q.min) return fail('too_few', { min: q.min });
      if (q.max !== undefined && value.length > q.max) return fail('too_many', { max: q.max });
      if (chooseOther(q, value) && !isAnswered(answerOf(answers, otherKey(q.id)))) return fail('other_required');
      return checkOtherLength(q.id, answers);
    }
    case 'rating':
      return isRating(value) ? undefined : fail('invalid_rating');
    case 'rating-pair': {
      if (typeof value !== 'object' || Array.isArray(value)) return fail('wrong_type');
      const pair = value as RatingPairAnswer;
      const keys = Object.keys(pair);
      if (keys.some((k) => k !== 'expectation' && k !== 'satisfaction')) return fail('wrong_type');
      for (const part of [pair.expectation, pair.satisfaction]) {
        if (part !== undefined && !isRating(part)) return fail('invalid_rating');
      }
      if (pair.expectation === undefined || pair.satisfaction === undefined) {
        return fail('rating_pair_incomplete');
      }
      return undefined;
    }
    case 'text':
    case 'long-text': {
      if (typeof value !== 'string') return fail('wrong_type');
      const max = q.maxLength ?? DEFAULT_MAX_LENGTH[q.type];
      if ([...value].length > max) return fail('too_long', { max });
      if (q.type === 'text' && q.format === 'phone' && !isThaiPhone(value)) return fail('invalid_phone');
      if (q.type === 'text' && q.format === 'email' && !isEmail(value)) return fail('invalid_email');
      return undefined;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('not_a_number');
      if (q.integer && !Number.isInteger(value)) return fail('not_integer');
      if (q.min !== undefined && value < q.min) return fail('too_small', { min: q.min });
      if (q.max !== undefined && value > q.max) return fail('too_large', { max: q.max });
      return undefined;
    }
    case 'date': {
      if (typeof value !== 'string' || !isIsoDate(value)) return fail('invalid_date');
      const min = q.min === undefined ? undefined : resolveDateBound(q.min, today);
      const max = q.max === undefined ? undefined : resolveDateBound(q.max, today);
      if (min !== undefined && value < min) return fail('date_too_early', { min });
      if (max !== undefined && value > max) return fail('date_too_late', { max });
      return undefined;
    }
    case 'lookup': {
      if (typeof value !== 'string') return fail('wrong_type');
      const list = (survey.lists && Object.hasOwn(survey.lists, q.list) ? survey.lists[q.list] : undefined) ?? [];
      return list.some((item) => item.value === value) ? undefined : fail('invalid_option');
    }
  }
}

/** The longest "other, please specify" text. */
export const OTHER_MAX_LENGTH = 200;

function checkOtherLength(id: string, answers: Answers): AnswerError | undefined {
  const other = answerOf(answers, otherKey(id));
  if (other === undefined) return undefined;
  if (typeof other !== 'string') return { question: id, code: 'wrong_type' };
  return [...other].length > OTHER_MAX_LENGTH
    ? { question: id, code: 'too_long', params: { max: OTHER_MAX_LENGTH } }
    : undefined;
}

/** The problems of the visible questions of one section (what blocks "Next"). */
export function checkSection(
  survey: SurveyDefinition,
  section: Section,
  answers: Answers,
  today?: string,
): AnswerError[] {
  return visibleQuestions(survey, section, answers).flatMap((q) => checkAnswer(survey, q, answers, today) ?? []);
}

/**
 * Checks a whole, completed set of answers: every visible question, no answer to an unknown or
 * hidden question. The server runs this on every response it receives.
 */
export function checkResponse(survey: SurveyDefinition, answers: Answers, today?: string): AnswerError[] {
  const errors: AnswerError[] = [];
  const visible = new Set<string>();
  // Visibility is judged once on the shown answers (the server runs this for every response).
  const counted = pruneHidden(survey, answers);
  for (const section of survey.sections) {
    if (section.showIf && !evaluate(section.showIf, counted)) continue;
    for (const q of section.questions) {
      if (q.showIf && !evaluate(q.showIf, counted)) continue;
      visible.add(q.id);
      const error = checkAnswer(survey, q, answers, today);
      if (error) errors.push(error);
    }
  }
  for (const key of Object.keys(answers)) {
    const isOther = key.endsWith('.other');
    const base = isOther ? key.slice(0, -'.other'.length) : key;
    const q = findQuestion(survey, base);
    if (!q || (isOther && q.type !== 'single' && q.type !== 'multiple'))
      errors.push({ question: key, code: 'unknown_question' });
    else if (!visible.has(base) || (isOther && !chooseOther(q, answerOf(answers, base))))
      errors.push({ question: key, code: 'hidden_answered' });
  }
  return errors;
}

/** The text of a survey in a language. */
export function tr(text: Readonly<Record<Lang, string>>, lang: Lang): string {
  return text[lang] || text.th;
}
