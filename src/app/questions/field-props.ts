/** What every question control receives. */
import type { TFunction } from 'i18next';
import type { AnswerError, Answers, AnswerValue } from '../../core/answers.js';
import type { Lang, Question, SurveyDefinition } from '../../core/survey.js';

/** Props of a question control of type `Q`. */
export interface FieldProps<Q extends Question = Question> {
  survey: SurveyDefinition;
  question: Q;
  answers: Answers;
  error: AnswerError | undefined;
  lang: Lang;
  t: TFunction;
  /** Saves an answer (or clears it with `undefined`) under a key: the question id or `<id>.other`. */
  onAnswer: (key: string, value: AnswerValue | undefined) => void;
}

/** The DOM id of a question's container, used to focus the first problem. */
export const fieldId = (questionId: string): string => `q-${questionId}`;

/** The DOM id of a question's message. */
export const errorId = (questionId: string): string => `q-${questionId}-error`;

/** The DOM id of a question's hint. */
export const hintId = (questionId: string): string => `q-${questionId}-hint`;

/** aria-describedby for a control: its hint and its message, when present. */
export function describedBy(question: Question, error: object | undefined): string | undefined {
  const ids = [question.hint ? hintId(question.id) : '', error ? errorId(question.id) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
