/**
 * The survey definition format (docs/survey-format.md): plain data, shared by the app, the
 * service worker and the server. Definitions are checked by `validateSurvey` before use.
 */

/** The languages every user-visible text of a survey is written in; Thai comes first. */
export const LANGUAGES = ['th', 'en'] as const;
/** One of the languages Siang speaks. */
export type Lang = (typeof LANGUAGES)[number];

/** A text in every language. */
export type LocalizedText = Readonly<Record<Lang, string>>;

/** The version of the definition format this code reads. */
export const SURVEY_FORMAT = 1;

/** What a survey id (and any other id but a question's) looks like. */
export const SURVEY_ID = /^[a-z][a-z0-9_-]{0,63}$/;
/** The highest version number a survey can have (and a submitted response can name). */
export const MAX_SURVEY_VERSION = 1_000_000;

/** An answerable choice of a single or multiple choice question. */
export interface Option {
  readonly value: string;
  readonly label: LocalizedText;
}

/** An entry of a long list (a school of the area, say), chosen with search. */
export interface ListItem {
  readonly value: string;
  readonly label: LocalizedText;
  /** A second line shown under the label, such as the district. */
  readonly detail?: LocalizedText;
}

/** A rule over earlier answers that decides whether a question or section is shown. */
export type Condition =
  | { readonly question: string; readonly equals: string | number }
  | { readonly question: string; readonly notEquals: string | number }
  | { readonly question: string; readonly in: readonly (string | number)[] }
  | { readonly question: string; readonly includes: string }
  | { readonly question: string; readonly answered: boolean }
  | { readonly question: string; readonly lt: number | string }
  | { readonly question: string; readonly lte: number | string }
  | { readonly question: string; readonly gt: number | string }
  | { readonly question: string; readonly gte: number | string }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

interface QuestionBase {
  readonly id: string;
  readonly label: LocalizedText;
  readonly hint?: LocalizedText;
  readonly required?: boolean;
  readonly showIf?: Condition;
  /**
   * The answer is personal data (a name, a phone number): it is shown only to staff handling
   * the response (the complaints inbox), never in results, exports or open answers.
   */
  readonly personal?: boolean;
  /** A rule the answer must keep (it may look at the question's own answer), and what to say when not. */
  readonly constraint?: Constraint;
}

/** A rule over the answer itself (and earlier answers), checked once the question is answered. */
export interface Constraint {
  readonly rule: Condition;
  /** Shown when the rule does not hold; a general message when absent. */
  readonly message?: LocalizedText;
}

/**
 * Whether a link or a kiosk may fill this question in advance (single choice and lookup only):
 * `editable` (the default) shows the value and lets the person change it, `locked` shows it as
 * fixed, `never` ignores a preset.
 */
export type PresetRule = 'editable' | 'locked' | 'never';

/** Questions a link or a kiosk may fill in advance. */
interface Presettable {
  readonly preset?: PresetRule;
}

/** One answer out of several options, optionally with "other, please specify". */
export interface SingleChoiceQuestion extends QuestionBase, Presettable {
  readonly type: 'single';
  readonly options: readonly Option[];
  readonly other?: boolean;
}

/** Any number of options between `min` and `max`, optionally with "other". */
export interface MultipleChoiceQuestion extends QuestionBase {
  readonly type: 'multiple';
  readonly options: readonly Option[];
  readonly other?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** A five-level rating, scored 5 (highest) to 1. */
export interface RatingQuestion extends QuestionBase {
  readonly type: 'rating';
  readonly dimension?: string;
  /** Labels of levels 5, 4, 3, 2, 1; the survey's `ratingLabels` when absent. */
  readonly labels?: readonly LocalizedText[];
}

/** The same item rated twice on the five-level scale: expectation, then satisfaction. */
export interface RatingPairQuestion extends QuestionBase {
  readonly type: 'rating-pair';
  readonly dimension?: string;
  readonly labels?: readonly LocalizedText[];
}

/** What a line of text must look like: a Thai phone number or an e-mail address. */
export type TextFormat = 'phone' | 'email';

/** A line of text, optionally of a checked format. */
export interface TextQuestion extends QuestionBase {
  readonly type: 'text';
  readonly maxLength?: number;
  readonly format?: TextFormat;
}

/** Several lines of text. */
export interface LongTextQuestion extends QuestionBase {
  readonly type: 'long-text';
  readonly maxLength?: number;
}

/** A number, optionally whole and bounded. */
export interface NumberQuestion extends QuestionBase {
  readonly type: 'number';
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** A calendar date, stored as ISO `YYYY-MM-DD`; `min`/`max` are ISO dates or `today`. */
export interface DateQuestion extends QuestionBase {
  readonly type: 'date';
  readonly min?: string;
  readonly max?: string;
}

/** One entry of a long list of the survey, found by typing part of its name. */
export interface LookupQuestion extends QuestionBase, Presettable {
  readonly type: 'lookup';
  readonly list: string;
}

/** Any question of a survey. */
export type Question =
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | RatingQuestion
  | RatingPairQuestion
  | TextQuestion
  | LongTextQuestion
  | NumberQuestion
  | DateQuestion
  | LookupQuestion;

/** The kind of a question. */
export type QuestionType = Question['type'];

/** A screen's worth of questions (one section per screen on a phone). */
export interface Section {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description?: LocalizedText;
  readonly showIf?: Condition;
  readonly questions: readonly Question[];
}

/** Rating items are grouped into dimensions for reporting. */
export interface Dimension {
  readonly id: string;
  readonly label: LocalizedText;
}

/** What the respondent reads, and accepts, before the first question. */
export interface PrivacyNotice {
  /** Stored with every response, so the office knows which notice a person saw. */
  readonly version: string;
  readonly title: LocalizedText;
  /** Paragraphs. */
  readonly body: readonly LocalizedText[];
}

/** A whole survey definition. */
export interface SurveyDefinition {
  readonly format: typeof SURVEY_FORMAT;
  readonly id: string;
  readonly version: number;
  /** `survey` collects opinions anonymously; `complaint` may carry contact details. */
  readonly kind: 'survey' | 'complaint';
  readonly title: LocalizedText;
  readonly description?: LocalizedText;
  readonly estimatedMinutes?: number;
  readonly privacy: PrivacyNotice;
  /** Labels of rating levels 5, 4, 3, 2, 1. */
  readonly ratingLabels?: readonly LocalizedText[];
  readonly dimensions?: readonly Dimension[];
  readonly lists?: Readonly<Record<string, readonly ListItem[]>>;
  readonly sections: readonly Section[];
}

/** Rating levels from the highest score to the lowest. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;

/** The value stored for the "other, please specify" option. */
export const OTHER = 'other';

/** The answer key holding the text typed for "other, please specify" of question `id`. */
export function otherKey(questionId: string): string {
  return `${questionId}.other`;
}

/** Every question of a survey, in order. */
export function allQuestions(survey: SurveyDefinition): Question[] {
  return survey.sections.flatMap((s) => s.questions);
}

/** The question with this id, if the survey has one. */
export function findQuestion(survey: SurveyDefinition, id: string): Question | undefined {
  for (const section of survey.sections) {
    for (const q of section.questions) if (q.id === id) return q;
  }
  return undefined;
}
