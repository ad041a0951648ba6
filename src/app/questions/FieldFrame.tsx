/** The parts around every question: label or legend, hint, message. */
import type { ComponentChildren } from 'preact';
import type { AnswerError } from '../../core/answers.js';
import type { Lang, Question } from '../../core/survey.js';
import { tr } from '../../core/answers.js';
import type { TFunction } from 'i18next';
import { errorId, hintId } from './field-props.js';

/** A problem as shown: a code of `errors.*` in the locale (an answer's, or a control's own). */
export type ShownError = Omit<AnswerError, 'code'> & { readonly code: string };

/** The message shown next to a question that needs attention. */
export function ErrorText(props: { error: ShownError | undefined; question?: Question; lang: Lang; t: TFunction }) {
  const { error, question, lang, t } = props;
  if (!error) return null;
  // A broken constraint says the survey's own message, when the survey has one.
  const own = error.code === 'constraint' ? question?.constraint?.message : undefined;
  return (
    <p class="field-error" id={errorId(error.question.replace(/\.other$/, ''))}>
      {own ? tr(own, lang) : t(`errors.${error.code}`, error.params ?? {})}
    </p>
  );
}

/** Hint and message under a label or legend. */
export function HintAndError(props: { question: Question; error: ShownError | undefined; lang: Lang; t: TFunction }) {
  const { question, error, lang, t } = props;
  return (
    <>
      {question.hint && (
        <p class="field-hint" id={hintId(question.id)}>
          {tr(question.hint, lang)}
        </p>
      )}
      <ErrorText error={error} question={question} lang={lang} t={t} />
    </>
  );
}

/** The question's own text with a required mark that a screen reader reads as a word. */
export function QuestionLabel(props: { question: Question; lang: Lang; t: TFunction }) {
  const { question, lang, t } = props;
  return (
    <>
      <span class="q-text">{tr(question.label, lang)}</span>
      {question.required ? (
        <span class="required">
          {' '}
          <span aria-hidden="true">*</span>
          <span class="visually-hidden">{t('question.required')}</span>
        </span>
      ) : (
        <span class="optional"> {t('question.optional')}</span>
      )}
    </>
  );
}

/** A group of controls (radios, checkboxes) with its legend. */
export function Fieldset(props: {
  question: Question;
  error: ShownError | undefined;
  lang: Lang;
  t: TFunction;
  describedBy: string | undefined;
  children: ComponentChildren;
  class?: string;
}) {
  const { question, error, lang, t, children } = props;
  return (
    <fieldset
      class={`field ${props.class ?? ''} ${error ? 'has-error' : ''}`}
      id={`q-${question.id}`}
      aria-describedby={props.describedBy}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend>
        <QuestionLabel question={question} lang={lang} t={t} />
      </legend>
      <HintAndError question={question} error={error} lang={lang} t={t} />
      {children}
    </fieldset>
  );
}
