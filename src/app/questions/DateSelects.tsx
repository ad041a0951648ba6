/**
 * A date chosen as day, month and year from three lists, the year in the Buddhist era in Thai
 * ("2569") and Gregorian in English; the value is always ISO (`YYYY-MM-DD`). A phone's own date
 * picker shows ค.ศ. and month-first on many phones, so Siang does not use it. Loaded when a date
 * is first shown (no survey asks one before its first question).
 */
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import { localIsoDay, resolveDateBound } from '../../core/answers.js';
import { formatDate, intlLocale } from '../../core/format.js';
import type { DateQuestion, Lang } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { addLaterStrings } from '../later-strings.js';
import { describedBy, type FieldProps } from './field-props.js';
import { Fieldset } from './FieldFrame.js';

// Its labels and messages are among the later strings.
addLaterStrings();

/** Year, month and day as chosen so far ('' for a part not chosen yet). */
type Parts = [year: string, month: string, day: string];

function split(value: string | undefined): Parts {
  const [y = '', m = '', d = ''] = (value ?? '').split('-');
  return [y, m, d];
}

const pad = (n: number) => String(n).padStart(2, '0');

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/**
 * Three lists for a date. `onChange` gets the ISO date, `undefined` when nothing is chosen, or
 * the parts chosen so far ("2026--", "2026-02-31") when the date is not whole: the answer's check
 * then calls it invalid rather than the choice being lost.
 */
export function DateSelects(props: {
  id: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  min?: string | undefined;
  max?: string | undefined;
  describedBy?: string | undefined;
  invalid?: boolean;
  /** The language of the question around it (the builder's preview may differ from the app's). */
  lang?: Lang;
  t?: TFunction;
}) {
  const own = useT();
  const t = props.t ?? own.t;
  const lang = props.lang ?? own.lang;
  const [parts, setParts] = useState<Parts>(() => split(props.value));
  // A value changed from outside (cleared, restored) replaces what is chosen here.
  useEffect(() => {
    if ((props.value ?? '') !== parts.join('-').replace(/^--$/, '')) setParts(split(props.value));
  }, [props.value]);
  const thisYear = Number(localIsoDay().slice(0, 4));
  const first = props.min ? Number(props.min.slice(0, 4)) : thisYear - 100;
  const last = props.max ? Number(props.max.slice(0, 4)) : thisYear + 10;
  const months = new Intl.DateTimeFormat(intlLocale(lang), { month: 'long', timeZone: 'UTC' });
  const choose = (i: 0 | 1 | 2, v: string) => {
    const next = [...parts] as Parts;
    next[i] = v;
    setParts(next);
    props.onChange(next.every((p) => p === '') ? undefined : next.join('-'));
  };
  const select = (i: 0 | 1 | 2, label: string, options: { value: string; text: string }[]) => (
    <label class="date-part">
      <span>{label}</span>
      <select
        id={i === 2 ? props.id : `${props.id}-${i}`}
        value={parts[i]}
        aria-invalid={props.invalid ? 'true' : undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => choose(i, e.currentTarget.value)}
      >
        <option value="">–</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="date-selects">
      {select(
        2,
        t('date.day'),
        range(1, 31).map((d) => ({ value: pad(d), text: String(d) })),
      )}
      {select(
        1,
        t('date.month'),
        range(1, 12).map((m) => ({ value: pad(m), text: months.format(Date.UTC(2000, m - 1, 15)) })),
      )}
      {select(
        0,
        t('date.year'),
        range(first, last)
          .reverse()
          .map((y) => ({ value: String(y), text: String(lang === 'th' ? y + 543 : y) })),
      )}
    </div>
  );
}

/** Date bounds in a message, written as people read dates ("2 ธันวาคม 2569"). */
function readableBounds<E extends { code: string; params?: Readonly<Record<string, string | number>> }>(
  error: E | undefined,
  lang: Lang,
): E | undefined {
  if (!error?.params) return error;
  const params = Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, formatDate(String(v), lang)]));
  return { ...error, params };
}

/** A survey's date question. */
export function DateField(props: FieldProps<DateQuestion>) {
  const { question, answers, onAnswer, lang, t } = props;
  const raw = answers[question.id];
  const today = localIsoDay();
  const error = readableBounds(props.error, lang);
  return (
    <Fieldset question={question} error={error} lang={lang} t={t} describedBy={describedBy(question, error)}>
      <DateSelects
        id={`q-${question.id}-input`}
        value={typeof raw === 'string' ? raw : undefined}
        min={question.min && resolveDateBound(question.min, today)}
        max={question.max && resolveDateBound(question.max, today)}
        invalid={error !== undefined}
        lang={lang}
        t={t}
        onChange={(value) => onAnswer(question.id, value)}
      />
    </Fieldset>
  );
}
