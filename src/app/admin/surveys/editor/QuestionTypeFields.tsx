/** The fields that only some question types have: options, bounds, formats, dimension, list. */
import type { Dimension, Option, Question } from '../../../../core/survey.js';
import { tr } from '../../../../core/answers.js';
import { useT } from '../../../hooks.js';
import { withKey } from './edit-ops.js';
import { Check, NumberField, Select } from './fields.js';
import { OptionsEditor } from './OptionsEditor.js';
import type { Problem } from './problems.js';

/** Type-specific fields of a question. */
export function QuestionTypeFields(props: {
  path: string;
  question: Question;
  dimensions: readonly Dimension[];
  listNames: readonly string[];
  published: boolean;
  problems: readonly Problem[];
  onChange(next: Question): void;
  announce(text: string): void;
}) {
  const { t, lang } = useT();
  const { question: q, path, onChange } = props;
  const set = <K extends string>(key: K, value: unknown) =>
    onChange(withKey(q as Record<K, unknown>, key, value) as unknown as Question);
  switch (q.type) {
    case 'single':
    case 'multiple':
      return (
        <div class="builder-type-fields">
          <OptionsEditor
            path={path}
            options={q.options}
            published={props.published}
            problems={props.problems}
            onChange={(options: Option[]) => onChange({ ...q, options })}
            announce={props.announce}
          />
          <div class="builder-row">
            <Check
              path={`${path}.other`}
              label={t('admin.builder.other')}
              checked={q.other === true}
              onChange={(on) => set('other', on || undefined)}
            />
            {q.type === 'multiple' && (
              <>
                <NumberField
                  path={`${path}.min`}
                  label={t('admin.builder.minTicks')}
                  value={q.min}
                  min={0}
                  onChange={(n) => set('min', n)}
                />
                <NumberField
                  path={`${path}.max`}
                  label={t('admin.builder.maxTicks')}
                  value={q.max}
                  min={1}
                  onChange={(n) => set('max', n)}
                />
              </>
            )}
          </div>
        </div>
      );
    case 'rating':
    case 'rating-pair':
      return (
        <div class="builder-row">
          <Select
            path={`${path}.dimension`}
            label={t('admin.builder.dimension')}
            value={q.dimension ?? ''}
            onChange={(d) => set('dimension', d || undefined)}
          >
            <option value="">{t('admin.builder.noDimension')}</option>
            {props.dimensions.map((d) => (
              <option key={d.id} value={d.id}>
                {tr(d.label, lang) || d.id}
              </option>
            ))}
          </Select>
          {q.type === 'rating-pair' && <p class="muted builder-note">{t('admin.builder.pairHint')}</p>}
        </div>
      );
    case 'text':
    case 'long-text':
      return (
        <div class="builder-row">
          {q.type === 'text' && (
            <Select
              path={`${path}.format`}
              label={t('admin.builder.format')}
              value={q.format ?? ''}
              onChange={(f) => set('format', f || undefined)}
            >
              <option value="">{t('admin.builder.formatAny')}</option>
              <option value="phone">{t('admin.builder.formatPhone')}</option>
              <option value="email">{t('admin.builder.formatEmail')}</option>
            </Select>
          )}
          <NumberField
            path={`${path}.maxLength`}
            label={t('admin.builder.maxLength')}
            value={q.maxLength}
            min={1}
            onChange={(n) => set('maxLength', n)}
          />
        </div>
      );
    case 'number':
      return (
        <div class="builder-row">
          <NumberField
            path={`${path}.min`}
            label={t('admin.builder.min')}
            value={q.min}
            step={q.integer ? 1 : 0.01}
            onChange={(n) => set('min', n)}
          />
          <NumberField
            path={`${path}.max`}
            label={t('admin.builder.max')}
            value={q.max}
            step={q.integer ? 1 : 0.01}
            onChange={(n) => set('max', n)}
          />
          <Check
            path={`${path}.integer`}
            label={t('admin.builder.integer')}
            checked={q.integer === true}
            onChange={(on) => set('integer', on || undefined)}
          />
        </div>
      );
    case 'date':
      return (
        <div class="builder-row">
          {(['min', 'max'] as const).map((key) => (
            <label key={key} class="builder-small">
              <span>{t(`admin.builder.date.${key}`)}</span>
              <input
                data-path={`${path}.${key}`}
                value={q[key] ?? ''}
                placeholder="YYYY-MM-DD / today"
                onInput={(e) => set(key, e.currentTarget.value.trim() || undefined)}
              />
            </label>
          ))}
          <p class="muted builder-note">{t('admin.builder.dateHint')}</p>
        </div>
      );
    case 'lookup':
      return (
        <div class="builder-row">
          <Select path={`${path}.list`} label={t('admin.builder.list')} value={q.list} onChange={(l) => set('list', l)}>
            {!props.listNames.includes(q.list) && <option value={q.list}>{q.list || '—'}</option>}
            {props.listNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </div>
      );
  }
}
