/** Short and long text, number and date. */
import { useState } from 'preact/hooks';
import { DEFAULT_MAX_LENGTH, localIsoDay, resolveDateBound } from '../../core/answers.js';
import { formatDate } from '../../core/format.js';
import type { DateQuestion, LongTextQuestion, NumberQuestion, TextQuestion } from '../../core/survey.js';
import { describedBy, type FieldProps } from './field-props.js';
import { HintAndError, QuestionLabel } from './FieldFrame.js';

function Frame(
  props: FieldProps & { children: preact.ComponentChildren; controlId: string; extra?: preact.ComponentChildren },
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

/** A line of text, with its length shown against the limit. */
export function TextField(props: FieldProps<TextQuestion | LongTextQuestion>) {
  const { question, answers, onAnswer, error } = props;
  const raw = answers[question.id];
  const value = typeof raw === 'string' ? raw : '';
  const max = question.maxLength ?? DEFAULT_MAX_LENGTH[question.type];
  const controlId = `q-${question.id}-input`;
  const common = {
    id: controlId,
    value,
    maxLength: max,
    'aria-required': question.required ? ('true' as const) : undefined,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(question, error),
  };
  const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    onAnswer(question.id, e.currentTarget.value === '' ? undefined : e.currentTarget.value);
  return (
    <Frame
      {...(props as FieldProps)}
      controlId={controlId}
      extra={<Counter length={[...value].length} max={max} t={props.t} />}
    >
      {question.type === 'long-text' ? (
        <textarea {...common} rows={5} onInput={onInput} />
      ) : (
        <input type="text" {...common} onInput={onInput} />
      )}
    </Frame>
  );
}

/** A number; what cannot be read as one is kept on screen and flagged, never silently dropped. */
export function NumberField(props: FieldProps<NumberQuestion>) {
  const { question, answers, onAnswer, error, t } = props;
  const stored = answers[question.id];
  const [text, setText] = useState(typeof stored === 'number' ? String(stored) : '');
  const [unreadable, setUnreadable] = useState(false);
  const controlId = `q-${question.id}-input`;
  const shownError = unreadable ? { question: question.id, code: 'not_a_number' as const } : error;
  return (
    <Frame {...(props as FieldProps)} error={shownError} controlId={controlId}>
      <input
        id={controlId}
        type="text"
        inputMode={question.integer ? 'numeric' : 'decimal'}
        value={text}
        aria-invalid={shownError ? 'true' : undefined}
        aria-describedby={describedBy(question, shownError)}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          const trimmed = next.trim().replace(/,/g, '');
          if (trimmed === '') {
            setUnreadable(false);
            onAnswer(question.id, undefined);
            return;
          }
          const n = Number(trimmed);
          setUnreadable(!Number.isFinite(n));
          if (Number.isFinite(n)) onAnswer(question.id, n);
        }}
      />
      {(question.min !== undefined || question.max !== undefined) && (
        <p class="field-hint">
          {question.min !== undefined && question.max !== undefined
            ? t('question.numberBetween', { min: question.min, max: question.max })
            : question.min !== undefined
              ? t('question.numberAtLeast', { min: question.min })
              : t('question.numberAtMost', { max: question.max })}
        </p>
      )}
    </Frame>
  );
}

/** A calendar date; the chosen day is also written out in the person's calendar (BE in Thai). */
export function DateField(props: FieldProps<DateQuestion>) {
  const { question, answers, onAnswer, error, lang, t } = props;
  const raw = answers[question.id];
  const value = typeof raw === 'string' ? raw : '';
  const today = localIsoDay();
  const controlId = `q-${question.id}-input`;
  return (
    <Frame {...(props as FieldProps)} controlId={controlId}>
      <input
        id={controlId}
        type="date"
        value={value}
        min={question.min ? resolveDateBound(question.min, today) : undefined}
        max={question.max ? resolveDateBound(question.max, today) : undefined}
        required={question.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(question, error)}
        onInput={(e) => onAnswer(question.id, e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
      />
      {value && (
        <p class="date-readout">
          {t('question.dateChosen')}: {formatDate(value, lang)}
        </p>
      )}
    </Frame>
  );
}
