/**
 * Pickers of plan rows for the staff screens that link to the plan (an activity's row, a
 * committee's rows): the rows of the fiscal year's plan (`GET /api/v1/plan?fiscalYear=`), named
 * "mission · group · level" in the screen's language. A linked row no longer in the plan stays
 * shown (and chosen) so that saving does not drop it unseen.
 */
import { useEffect, useState } from 'preact/hooks';
import { type PlanForPicker, type PlanRowChoice, planRowChoices, planRowLabel } from '../../../core/plan.js';
import { useT } from '../../hooks.js';
import { apiGet } from '../api.js';

/** The rows of a fiscal year's plan to pick from; undefined while loading. */
export function usePlanChoices(fiscalYear: number): PlanRowChoice[] | undefined {
  const [choices, setChoices] = useState<PlanRowChoice[] | undefined>(undefined);
  useEffect(() => {
    setChoices(undefined);
    let live = true;
    apiGet<PlanForPicker>(`/plan?fiscalYear=${fiscalYear}`)
      .then((plan) => live && setChoices(planRowChoices(plan)))
      .catch(() => live && setChoices([]));
    return () => {
      live = false;
    };
  }, [fiscalYear]);
  return choices;
}

function useLabel() {
  const { t, lang } = useT();
  return (c: PlanRowChoice) => planRowLabel(c, lang, (l) => t(`admin.plan.level_${l}`));
}

/** The name of a linked row, or a note that it left the plan. */
export function PlanRowName({ fiscalYear, id }: { fiscalYear: number; id: string }) {
  const { t } = useT();
  const choices = usePlanChoices(fiscalYear);
  const label = useLabel();
  if (!choices) return null;
  const found = choices.find((c) => c.id === id);
  return <>{found ? label(found) : t('admin.plan.pickerGone', { id: id.slice(0, 8) })}</>;
}

/** One plan row (or none) of a fiscal year, as a select. */
export function PlanRowSelect(props: {
  id: string;
  label: string;
  fiscalYear: number;
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { t } = useT();
  const choices = usePlanChoices(props.fiscalYear);
  const label = useLabel();
  const gone = props.value && choices && !choices.some((c) => c.id === props.value) ? props.value : null;
  const chosen = choices?.find((c) => c.id === props.value);
  return (
    <div class="field">
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      <p class="field-hint" id={`${props.id}-hint`}>
        {choices?.length === 0
          ? t('admin.plan.pickerEmpty', { year: props.fiscalYear })
          : t('admin.plan.pickerHint', { year: props.fiscalYear })}
      </p>
      <select
        id={props.id}
        aria-describedby={`${props.id}-hint`}
        aria-busy={choices === undefined}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.currentTarget.value || null)}
      >
        <option value="">{t('admin.plan.pickerNone')}</option>
        {gone && <option value={gone}>{t('admin.plan.pickerGone', { id: gone.slice(0, 8) })}</option>}
        {choices?.map((c) => (
          <option key={c.id} value={c.id}>
            {label(c)}
          </option>
        ))}
      </select>
      {/* A phone cuts the chosen row short in the closed select: the whole name is shown under it. */}
      {chosen && <p class="field-hint">{label(chosen)}</p>}
    </div>
  );
}

/** Several plan rows of a fiscal year, as a group of check boxes. */
export function PlanRowChecks(props: {
  legend: string;
  fiscalYear: number;
  value: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useT();
  const choices = usePlanChoices(props.fiscalYear);
  const label = useLabel();
  const gone = choices ? props.value.filter((id) => !choices.some((c) => c.id === id)) : [];
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.value.filter((x) => x !== id), id] : props.value.filter((x) => x !== id));
  const box = (id: string, text: string) => (
    <label class="inline-check" key={id}>
      <input type="checkbox" checked={props.value.includes(id)} onChange={(e) => toggle(id, e.currentTarget.checked)} />
      {text}
    </label>
  );
  return (
    <fieldset class="field" aria-busy={choices === undefined}>
      <legend>{props.legend}</legend>
      <p class="field-hint">
        {choices?.length === 0
          ? t('admin.plan.pickerEmpty', { year: props.fiscalYear })
          : t('admin.plan.pickerHint', { year: props.fiscalYear })}
      </p>
      {gone.map((id) => box(id, t('admin.plan.pickerGone', { id: id.slice(0, 8) })))}
      {choices?.map((c) => box(c.id, label(c)))}
    </fieldset>
  );
}
