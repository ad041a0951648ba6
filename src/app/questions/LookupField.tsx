/**
 * The searchable long list (a school among hundreds). Loaded when a long list is first shown,
 * with its own strings: the first question shows without it, and the service worker precaches
 * it, so it works offline too.
 */
import { useMemo, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import type { ListItem, LookupQuestion } from '../../core/survey.js';
import enLookup from '../../../locales/en/lookup.json';
import thLookup from '../../../locales/th/lookup.json';
import { stringsAdder } from '../i18n.js';
import { describedBy, type FieldProps } from './field-props.js';
import { Fieldset } from './FieldFrame.js';

// Its hints and messages, in both languages (a few lines: not the whole of the later strings,
// which a first section showing a long list would otherwise fetch at once).
stringsAdder(thLookup, enLookup)();

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
