/** Placeholder of the question library (built on the editor-extras branch). */
import type { Question, SurveyDefinition } from '../../../../core/survey.js';

/** Offers the office's standard questions for insertion into a section. */
export function QuestionLibrary(_props: {
  survey: SurveyDefinition;
  onInsert(questions: Question[], sectionIndex: number): void;
}) {
  return null;
}
