/**
 * What a submitted response comes to: one rule for the page, the device and the server. Answers
 * to questions that the current answers hide do not count: they are not checked, never block a
 * submit, and are not kept with the completed response (a draft keeps them, so that a person who
 * changes their mind back finds them again).
 */
import { type AnswerError, type AnswerValue, type Answers, checkResponse, pruneHidden } from './answers.js';
import { findQuestion, type SurveyDefinition } from './survey.js';

/** A response's answers as completed: what is kept, and what stops it from being completed. */
export interface Completion {
  /** The answers that count, the only ones a completed response holds. */
  readonly answers: Record<string, AnswerValue>;
  /**
   * Why it cannot be completed: problems of questions shown, in survey order, then answers to
   * no question of the survey (`unknown_question`). Empty when it can be completed.
   */
  readonly problems: AnswerError[];
}

/**
 * Settles a response's answers for completion. The answers kept depend only on the survey
 * version and the answers given (not on the day or the order of keys), so sending the same
 * response again always comes to the same content.
 */
export function completeAnswers(survey: SurveyDefinition, answers: Answers, today?: string): Completion {
  const kept = pruneHidden(survey, answers);
  const problems = checkResponse(survey, kept, today);
  for (const key of Object.keys(answers)) {
    if (!isQuestionKey(survey, key)) problems.push({ question: key, code: 'unknown_question' });
  }
  return { answers: kept, problems };
}

/** True when a key names a question of the survey, or the "other" text of a choice question. */
function isQuestionKey(survey: SurveyDefinition, key: string): boolean {
  if (!key.endsWith('.other')) return findQuestion(survey, key) !== undefined;
  const q = findQuestion(survey, key.slice(0, -'.other'.length));
  return q?.type === 'single' || q?.type === 'multiple';
}
