/** The survey's dimensions: add, rename, remove; one that rating items use is never removed silently. */
import { useState } from 'preact/hooks';
import type { Dimension, SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { dimensionUsers, EMPTY_TEXT, freshId, without } from './edit-ops.js';
import { LocalizedField } from './LocalizedField.js';
import type { Problem } from './problems.js';

/** Edits `survey.dimensions`; `current()` reads the latest survey (to find the items using one). */
export function DimensionsEditor(props: {
  dimensions: readonly Dimension[];
  problems: readonly Problem[];
  current(): SurveyDefinition;
  onEdit(fn: (survey: SurveyDefinition) => SurveyDefinition, coalesce?: string): void;
}) {
  const { t } = useT();
  const [asking, setAsking] = useState<{ id: string; users: string[] }>();
  const setDims = (fn: (d: readonly Dimension[]) => Dimension[], coalesce?: string) =>
    props.onEdit((survey) => ({ ...survey, dimensions: fn(survey.dimensions ?? []) }), coalesce);
  const removeAndUnassign = (id: string) => {
    setAsking(undefined);
    props.onEdit((survey) => ({
      ...survey,
      dimensions: (survey.dimensions ?? []).filter((d) => d.id !== id),
      sections: survey.sections.map((section) =>
        section.questions.some((q) => 'dimension' in q && q.dimension === id)
          ? {
              ...section,
              questions: section.questions.map((q) => {
                if (!('dimension' in q) || q.dimension !== id) return q;
                const { dimension: _, ...rest } = q;
                return rest as typeof q;
              }),
            }
          : section,
      ),
    }));
  };
  return (
    <fieldset class="builder-dimensions" data-path="dimensions">
      <legend>{t('admin.builder.dimensions')}</legend>
      {props.dimensions.map((d, i) => (
        <div key={i} class="builder-dimension">
          <label class="builder-small">
            <span>{t('admin.builder.id')}</span>
            <input data-path={`dimensions[${i}].id`} value={d.id} readOnly size={12} />
          </label>
          <LocalizedField
            path={`dimensions[${i}].label`}
            label={t('admin.builder.dimensionN', { n: i + 1 })}
            value={d.label}
            problems={props.problems}
            onChange={(label) => setDims((list) => list.map((x, j) => (j === i ? { ...x, label } : x)), `dim${i}`)}
          />
          <button
            type="button"
            class="button button-small button-secondary"
            onClick={() => {
              const users = dimensionUsers(props.current(), d.id);
              if (users.length) setAsking({ id: d.id, users });
              else setDims((list) => without(list, i));
            }}
          >
            {t('admin.builder.remove')}
          </button>
          {asking?.id === d.id && (
            <div role="alert" class="banner banner-warning">
              <p>{t('admin.builder.dimensionInUse', { count: asking.users.length, items: asking.users.join(', ') })}</p>
              <button type="button" class="button button-small" onClick={() => removeAndUnassign(d.id)}>
                {t('admin.builder.removeAndUnassign')}
              </button>{' '}
              <button type="button" class="button button-small button-secondary" onClick={() => setAsking(undefined)}>
                {t('admin.builder.keep')}
              </button>
            </div>
          )}
        </div>
      ))}
      <NewDimension
        taken={new Set(props.dimensions.map((d) => d.id))}
        onAdd={(id) => setDims((list) => [...list, { id, label: { ...EMPTY_TEXT } }])}
      />
    </fieldset>
  );
}

function NewDimension(props: { taken: ReadonlySet<string>; onAdd(id: string): void }) {
  const { t } = useT();
  const [id, setId] = useState('');
  const ok = /^[a-z][a-z0-9_-]{0,63}$/.test(id) && !props.taken.has(id);
  return (
    <div class="builder-row">
      <label class="builder-small">
        <span>{t('admin.builder.newDimensionId')}</span>
        <input
          value={id}
          placeholder={freshId('dimension', props.taken)}
          onInput={(e) => setId(e.currentTarget.value)}
        />
      </label>
      <button
        type="button"
        class="button button-small button-secondary"
        onClick={() => {
          props.onAdd(ok ? id : freshId('dimension', props.taken));
          setId('');
        }}
      >
        <span aria-hidden="true">+ </span>
        {t('admin.builder.addDimension')}
      </button>
    </div>
  );
}
