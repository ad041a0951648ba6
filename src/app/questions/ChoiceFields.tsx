/** Single choice, multiple choice (with "other, please specify") and the searchable long list. */
import type { TFunction } from 'i18next';
import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { OTHER_MAX_LENGTH, tr } from '../../core/answers.js';
import {
  type ListItem,
  type LookupQuestion,
  type MultipleChoiceQuestion,
  type Option,
  OTHER,
  otherKey,
  type SingleChoiceQuestion,
} from '../../core/survey.js';
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

const MAX_SHOWN = 30;

function normalise(text: string): string {
  return text.toLocaleLowerCase().replace(/\s+/g, ' ').trim();
}

/** The entries of a list whose name or detail contains every word typed. */
export function searchList(items: readonly ListItem[], query: string): ListItem[] {
  const words = normalise(query).split(' ').filter(Boolean);
  if (!words.length) return [...items];
  return items.filter((item) => {
    const hay = normalise(`${item.label.th} ${item.label.en} ${item.detail?.th ?? ''} ${item.detail?.en ?? ''}`);
    return words.every((w) => hay.includes(w));
  });
}

/**
 * One entry of a long list: type to narrow it down, then tap one. Text typed while nothing is
 * chosen is kept as the answer, so it is never taken for a choice: the check calls it not one
 * of the list, and the message says to tap an entry.
 */
export function LookupField(props: FieldProps<LookupQuestion>) {
  const { survey, question, answers, onAnswer, lang, t } = props;
  const items = survey.lists?.[question.list] ?? [];
  const value = answers[question.id];
  const selected = items.find((i) => i.value === value);
  const [query, setQuery] = useState(typeof value === 'string' && !selected ? value : '');
  const matches = useMemo(() => searchList(items, query), [items, query]);
  const shown = matches.slice(0, MAX_SHOWN);
  if (selected && !shown.includes(selected)) shown.unshift(selected);
  const searchId = `q-${question.id}-search`;
  const schools = question.list === 'schools';
  const error =
    props.error?.code === 'required' || props.error?.code === 'invalid_option'
      ? { ...props.error, code: schools ? 'pickSchool' : 'pickFromList' }
      : props.error;
  return (
    <Fieldset
      question={question}
      error={error}
      lang={lang}
      t={t}
      describedBy={describedBy(question, error)}
      class="lookup"
    >
      {selected && (
        <p class="lookup-selected">
          {t('question.selected')}: <strong>{tr(selected.label, lang)}</strong>
        </p>
      )}
      <label class="lookup-search" for={searchId}>
        {t(schools ? 'question.searchSchools' : 'question.search', { count: items.length })}
      </label>
      <input
        id={searchId}
        type="search"
        value={query}
        autocomplete="off"
        onInput={(e) => {
          const typed = e.currentTarget.value;
          setQuery(typed);
          if (!selected) onAnswer(question.id, typed.trim() ? typed : undefined);
        }}
      />
      <p class="field-hint" aria-live="polite">
        {matches.length === 0
          ? t('question.noMatch')
          : matches.length > MAX_SHOWN
            ? t('question.matchesMore', { shown: MAX_SHOWN, count: matches.length })
            : t('question.matches', { count: matches.length })}
      </p>
      <div class="choices lookup-results">
        {shown.map((item) => (
          <label class="choice" key={item.value}>
            <input
              type="radio"
              name={question.id}
              value={item.value}
              checked={value === item.value}
              onChange={() => onAnswer(question.id, item.value)}
            />
            <span>
              {tr(item.label, lang)}
              {item.detail && <small class="choice-detail">{tr(item.detail, lang)}</small>}
            </span>
          </label>
        ))}
      </div>
      {selected && !question.required && (
        <button type="button" class="link-button" onClick={() => onAnswer(question.id, undefined)}>
          {t('question.clear')}
        </button>
      )}
    </Fieldset>
  );
}
