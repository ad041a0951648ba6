/**
 * A number question. Loaded when a number is first shown: no survey asks one before its first
 * question, so a respondent's first load stays small.
 */
import { useState } from 'preact/hooks';
import type { NumberQuestion } from '../../core/survey.js';
import { readNumber } from '../../core/numbers.js';
import { addLaterStrings } from '../later-strings.js';
import { describedBy, type FieldProps } from './field-props.js';
import { Frame } from './InputFields.js';

// Its hints and messages are among the later strings.
addLaterStrings();

/**
 * A number, in Arabic or Thai digits, with or without thousands separators ("1,850", "๓๒๐๐").
 * What cannot be read as a number is kept as typed, so the message stays and "Next" refuses it.
 */
export function NumberField(props: FieldProps<NumberQuestion>) {
  const { question, answers, onAnswer, error, t } = props;
  const stored = answers[question.id];
  const [text, setText] = useState(typeof stored === 'number' || typeof stored === 'string' ? String(stored) : '');
  const controlId = `q-${question.id}-input`;
  const shownError = typeof stored === 'string' ? { question: question.id, code: 'not_a_number' } : error;
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
          const n = readNumber(next);
          onAnswer(question.id, n === undefined || Number.isFinite(n) ? n : next);
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
