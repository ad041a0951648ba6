/** School populations of a survey, from which the required sample of each school is worked out. */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { requiredSample, type SampleMethod } from '../../core/results.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { readNumber } from '../../core/numbers.js';
import { useT } from '../hooks.js';
import { apiGet, apiSend } from './api.js';

/** The most people a school's population can be (the server's limit too). */
const MAX_POPULATION = 10_000_000;

/** A population as typed ("1,850", "๑๘๕๐"): a whole number, `undefined` when empty, NaN when not one. */
function population(text: string): number | undefined {
  const n = readNumber(text);
  return n === undefined || (Number.isInteger(n) && n >= 0 && n <= MAX_POPULATION) ? n : Number.NaN;
}

const rowsToText = (rows: { school: string; population: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.school, String(r.population)]));

/**
 * The targets screen; only administrators may change populations. Nothing is saved while a box
 * holds what is not a population, and after saving the boxes show what the server kept.
 */
export function TargetsScreen({ surveyId, canEdit }: { surveyId: string; canEdit: boolean }) {
  const { t, lang } = useT();
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [method, setMethod] = useState<SampleMethod>('krejcie-morgan');
  const [populations, setPopulations] = useState<Record<string, string>>({});
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed' | 'invalid'>('idle');
  useEffect(() => {
    apiGet<SurveyDefinition>(`/surveys/${encodeURIComponent(surveyId)}`)
      .then(setSurvey)
      .catch(() => undefined);
    apiGet<{ sampleMethod: SampleMethod }>('/office')
      .then((o) => setMethod(o.sampleMethod))
      .catch(() => undefined);
    apiGet<{ school: string; population: number }[]>(`/surveys/${encodeURIComponent(surveyId)}/targets`)
      .then((rows) => setPopulations(rowsToText(rows)))
      .catch(() => undefined);
  }, [surveyId]);
  if (!survey) return <p aria-busy="true">{t('common.loading')}</p>;
  const school = survey.sections.flatMap((s) => s.questions).find((q) => q.id === 'school');
  const items = school?.type === 'lookup' ? (survey.lists?.[school.list] ?? []) : [];
  const invalid = items.filter((item) => Number.isNaN(population(populations[item.value] ?? '')));
  const save = async () => {
    if (invalid.length) {
      setState('invalid');
      const first = invalid[0];
      if (first) document.getElementById(`population-${first.value}`)?.focus();
      return;
    }
    setState('saving');
    const targets = Object.entries(populations).flatMap(([school, text]) => {
      const n = population(text);
      return n === undefined ? [] : [{ school, population: n }];
    });
    try {
      const kept = await apiSend<{ school: string; population: number }[]>(
        'PUT',
        `/surveys/${encodeURIComponent(surveyId)}/targets`,
        targets,
      );
      setPopulations(rowsToText(kept));
      setState('saved');
    } catch {
      setState('failed');
    }
  };
  return (
    <section aria-labelledby="targets-title">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="targets-title">{t('admin.targets')}</h1>
      <p class="muted">{t(`admin.method.${method}`)}</p>
      <div class="table-wrap">
        <table class="counts">
          <thead>
            <tr>
              <th scope="col">{t('admin.school')}</th>
              <th scope="col">{t('admin.population')}</th>
              <th scope="col">{t('admin.required')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const value = populations[item.value] ?? '';
              const n = population(value);
              const bad = n !== undefined && Number.isNaN(n);
              const id = `population-${item.value}`;
              return (
                <tr key={item.value}>
                  <th scope="row">{tr(item.label, lang)}</th>
                  <td>
                    <input
                      id={id}
                      type="text"
                      inputMode="numeric"
                      aria-label={t('admin.populationOf', { school: tr(item.label, lang) })}
                      aria-invalid={bad ? 'true' : undefined}
                      aria-describedby={bad ? `${id}-error` : undefined}
                      value={value}
                      disabled={!canEdit}
                      onInput={(e) => {
                        setPopulations({ ...populations, [item.value]: e.currentTarget.value });
                        setState('idle');
                      }}
                    />
                    {bad && (
                      <p class="field-error" id={`${id}-error`}>
                        {t('admin.populationInvalid', { max: MAX_POPULATION.toLocaleString('en') })}
                      </p>
                    )}
                  </td>
                  <td class="num">{n && n > 0 ? requiredSample(n, method) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <div class="actions">
          <button type="button" class="button" disabled={state === 'saving'} onClick={() => void save()}>
            {t('admin.save')}
          </button>
          <span role="status" class="muted">
            {state === 'saved'
              ? t('admin.saved')
              : state === 'failed'
                ? t('admin.saveFailed')
                : state === 'invalid'
                  ? t('admin.notSavedInvalid', { count: invalid.length })
                  : ''}
          </span>
        </div>
      )}
    </section>
  );
}
