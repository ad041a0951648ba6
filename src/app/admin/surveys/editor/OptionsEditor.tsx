/** The options of a choice question: label in both languages, stored value, order, "other". */
import type { Option } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { EMPTY_TEXT, move, without } from './edit-ops.js';
import { LocalizedField } from './LocalizedField.js';
import type { Problem } from './problems.js';

/** A value not yet used by the options: the next whole number. */
function nextValue(options: readonly Option[]): string {
  const taken = new Set(options.map((o) => o.value));
  let n = options.length + 1;
  while (taken.has(String(n))) n++;
  return String(n);
}

/** Edits a choice question's options. */
export function OptionsEditor(props: {
  path: string;
  options: readonly Option[];
  /** The question is in a published version: a changed value is a breaking change. */
  published: boolean;
  problems: readonly Problem[];
  onChange(next: Option[]): void;
  announce(text: string): void;
}) {
  const { t } = useT();
  const { options, path, onChange } = props;
  const set = (i: number, option: Option) => onChange(options.map((o, j) => (j === i ? option : o)));
  const shift = (i: number, by: -1 | 1) => {
    onChange(move(options, i, i + by));
    props.announce(t('admin.builder.optionMoved', { n: i + by + 1, total: options.length }));
  };
  return (
    <fieldset class="builder-options" data-path={`${path}.options`}>
      <legend>{t('admin.builder.options')}</legend>
      <p class="muted builder-note">
        {props.published ? `⚠ ${t('admin.builder.valuePublished')}` : t('admin.builder.valueHint')}
      </p>
      <ol>
        {options.map((o, i) => {
          const p = `${path}.options[${i}]`;
          const label = t('admin.builder.optionN', { n: i + 1 });
          return (
            <li key={i} class="builder-option">
              <LocalizedField
                path={`${p}.label`}
                label={label}
                value={o.label}
                problems={props.problems}
                onChange={(next) => set(i, { ...o, label: next })}
              />
              <label class="builder-small builder-value">
                <span>{t('admin.builder.value')}</span>
                <input
                  data-path={`${p}.value`}
                  value={o.value}
                  aria-describedby={props.published ? `${p}-warn` : undefined}
                  onInput={(e) => set(i, { ...o, value: e.currentTarget.value })}
                />
                {props.published && (
                  <span id={`${p}-warn`} class="visually-hidden">
                    {t('admin.builder.valuePublished')}
                  </span>
                )}
              </label>
              <span class="builder-tools">
                <button
                  type="button"
                  class="button button-small button-secondary"
                  aria-label={`${t('admin.builder.moveUp')}: ${label}`}
                  disabled={i === 0}
                  onClick={() => shift(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="button button-small button-secondary"
                  aria-label={`${t('admin.builder.moveDown')}: ${label}`}
                  disabled={i === options.length - 1}
                  onClick={() => shift(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="button button-small button-secondary"
                  aria-label={`${t('admin.builder.remove')}: ${label}`}
                  onClick={() => onChange(without(options, i))}
                >
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        class="button button-small button-secondary"
        onClick={() => onChange([...options, { value: nextValue(options), label: { ...EMPTY_TEXT } }])}
      >
        <span aria-hidden="true">+ </span>
        {t('admin.builder.addOption')}
      </button>
    </fieldset>
  );
}
