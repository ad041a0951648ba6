/** Single choice, multiple choice (with "other, please specify") and the searchable long list. */
import type { TFunction } from 'i18next';
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { OTHER_MAX_LENGTH, tr } from '../../core/answers.js';
import {
  type LookupQuestion,
  type MultipleChoiceQuestion,
  type Option,
  OTHER,
  otherKey,
  type SingleChoiceQuestion,
} from '../../core/survey.js';
import { lazy } from '../components/lazy.js';
import { describedBy, type FieldProps } from './field-props.js';
import { Fieldset } from './FieldFrame.js';

function OtherText(props: FieldProps & { shown: boolean }) {
  const { question, answers, onAnswer, t, shown } = props;
  if (!shown) return null;
  const key = otherKey(question.id);
  const value = answers[key];
  return (
    <label class="other-text">
      <span>{t('question.otherSpecify')}</span>
      <input
        type="text"
        value={typeof value === 'string' ? value : ''}
        maxLength={OTHER_MAX_LENGTH}
        onInput={(e) => onAnswer(key, e.currentTarget.value)}
      />
    </label>
  );
}

/** The question's options, with "other" last when the question offers it. */
function withOther(question: SingleChoiceQuestion | MultipleChoiceQuestion, t: TFunction): readonly Option[] {
  if (!question.other) return question.options;
  // Built on each render in the language shown, so both entries hold that language's word.
  const word = t('question.other');
  const label = { th: word, en: word };
  return [...question.options, { value: OTHER, label }];
}

/** One answer among options, as radio buttons. */
export function SingleChoiceField(props: FieldProps<SingleChoiceQuestion>) {
  const { question, answers, onAnswer, lang, t, error } = props;
  const value = answers[question.id];
  const options = withOther(question, t);
  return (
    <Fieldset question={question} error={error} lang={lang} t={t} describedBy={describedBy(question, error)}>
      <div class="choices">
        {options.map((o) => (
          <label class="choice" key={o.value}>
            <input
              type="radio"
              name={question.id}
              value={o.value}
              checked={value === o.value}
              onChange={() => onAnswer(question.id, o.value)}
            />
            <span>{tr(o.label, lang)}</span>
          </label>
        ))}
      </div>
      <OtherText {...(props as FieldProps)} shown={value === OTHER} />
    </Fieldset>
  );
}

/**
 * Several answers among options, as checkboxes, within min and max. A tick past the maximum is
 * not taken, and the person is told why at once.
 */
export function MultipleChoiceField(props: FieldProps<MultipleChoiceQuestion>) {
  const { question, answers, onAnswer, lang, t, error } = props;
  // The option whose tick was refused: the message shows right under it, where the person looks.
  const [refused, setRefused] = useState<string>();
  const raw = answers[question.id];
  const chosen: readonly string[] = Array.isArray(raw) ? raw : [];
  const options = withOther(question, t);
  const toggle = (box: HTMLInputElement, v: string) => {
    const over = box.checked && question.max !== undefined && chosen.length >= question.max;
    setRefused(over ? v : undefined);
    if (over) {
      box.checked = false;
      return;
    }
    const next = box.checked ? [...chosen, v] : chosen.filter((c) => c !== v);
    // Keep the order of the options, whatever order they were ticked in.
    const ordered = options.map((o) => o.value).filter((o) => next.includes(o));
    onAnswer(question.id, ordered.length ? ordered : undefined);
  };
  const limits =
    question.min !== undefined && question.max !== undefined
      ? t('question.chooseBetween', { min: question.min, max: question.max })
      : question.max !== undefined
        ? t('question.chooseAtMost', { max: question.max })
        : question.min !== undefined
          ? t('question.chooseAtLeast', { min: question.min })
          : t('question.chooseAny');
  return (
    <Fieldset question={question} error={error} lang={lang} t={t} describedBy={describedBy(question, error)}>
      <p class="field-hint">{limits}</p>
      <div class="choices">
        {options.map((o) => (
          <Fragment key={o.value}>
            <label class="choice">
              <input
                type="checkbox"
                name={question.id}
                value={o.value}
                checked={chosen.includes(o.value)}
                onChange={(e) => toggle(e.currentTarget, o.value)}
              />
              <span>{tr(o.label, lang)}</span>
            </label>
            {refused === o.value && (
              <p class="field-error" role="alert">
                {t('question.maxReached', { max: question.max })}
              </p>
            )}
          </Fragment>
        ))}
      </div>
      <OtherText {...(props as FieldProps)} shown={chosen.includes(OTHER)} />
    </Fieldset>
  );
}

/**
 * One entry of a long list, searched by typing (its code and strings load when a long list is
 * first shown).
 */
export const LookupField = lazy<FieldProps<LookupQuestion>>(() =>
  import('./LookupField.js').then((m) => m.LookupField),
);
