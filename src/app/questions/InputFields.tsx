/** Short and long text, number and date. */
import { useState } from 'preact/hooks';
import { checkAnswer, DEFAULT_MAX_LENGTH } from '../../core/answers.js';
import type { DateQuestion, LongTextQuestion, NumberQuestion, TextQuestion } from '../../core/survey.js';
import { lazy } from '../components/lazy.js';
import { describedBy, type FieldProps } from './field-props.js';
import { HintAndError, QuestionLabel, type ShownError } from './FieldFrame.js';

/** Label, hint and message around a single control. */
export function Frame(
  props: Omit<FieldProps, 'error'> & {
    error: ShownError | undefined;
    children: preact.ComponentChildren;
    controlId: string;
    extra?: preact.ComponentChildren;
  },
) {
  const { question, error, lang, t } = props;
  return (
    <div class={`field ${error ? 'has-error' : ''}`} id={`q-${question.id}`}>
      <label class="field-label" for={props.controlId}>
        <QuestionLabel question={question} lang={lang} t={t} />
      </label>
      <HintAndError question={question} error={error} lang={lang} t={t} />
      {props.children}
      {props.extra}
    </div>
  );
}

function Counter({ length, max, t }: { length: number; max: number; t: FieldProps['t'] }) {
  return (
    <p class="counter" aria-live={length >= max ? 'polite' : 'off'}>
      {t('question.characters', { count: length, max })}
    </p>
  );
}

/** The keyboard and autofill a phone brings up for a text of a given format. */
const KEYBOARD = {
  phone: { type: 'tel', inputMode: 'tel', autocomplete: 'tel' },
  email: { type: 'email', inputMode: 'email', autocomplete: 'email', spellcheck: false, autocapitalize: 'off' },
} as const;

/**
 * A line of text, with its length shown against the limit. A phone number or an e-mail address is
 * checked as soon as the person leaves the box, not only at "Next".
 */
export function TextField(props: FieldProps<TextQuestion | LongTextQuestion>) {
  const { survey, question, answers, onAnswer, error } = props;
  const [left, setLeft] = useState(false);
  const raw = answers[question.id];
  const value = typeof raw === 'string' ? raw : '';
  const max = question.maxLength ?? DEFAULT_MAX_LENGTH[question.type];
  const format = question.type === 'text' ? question.format : undefined;
  const shownError = error ?? (left && format && value ? checkAnswer(survey, question, answers) : undefined);
  const controlId = `q-${question.id}-input`;
  const common = {
    id: controlId,
    value,
    maxLength: max,
    'aria-required': question.required ? ('true' as const) : undefined,
    'aria-invalid': shownError ? ('true' as const) : undefined,
    'aria-describedby': describedBy(question, shownError),
  };
  const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    onAnswer(question.id, e.currentTarget.value === '' ? undefined : e.currentTarget.value);
  return (
    <Frame
      {...(props as FieldProps)}
      error={shownError}
      controlId={controlId}
      extra={<Counter length={[...value].length} max={max} t={props.t} />}
    >
      {question.type === 'long-text' ? (
        <textarea {...common} rows={5} onInput={onInput} />
      ) : (
        <input
          type="text"
          {...(format ? KEYBOARD[format] : {})}
          {...common}
          onInput={onInput}
          onBlur={() => setLeft(true)}
        />
      )}
    </Frame>
  );
}

/** A number (its code loads when a number is shown). */
export const NumberField = lazy<FieldProps<NumberQuestion>>(() =>
  import('./NumberField.js').then((m) => m.NumberField),
);

/** A calendar date, as day, month and Buddhist-era year (its code loads when a date is shown). */
export const DateField = lazy<FieldProps<DateQuestion>>(() => import('./DateSelects.js').then((m) => m.DateField));
