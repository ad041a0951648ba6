/** School populations of a survey, from which the required sample of each school is worked out. */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { requiredSample, type SampleMethod } from '../../core/results.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { apiGet, apiSend } from './api.js';

/** The targets screen; only administrators may change populations. */
export function TargetsScreen({ surveyId, canEdit }: { surveyId: string; canEdit: boolean }) {
  const { t, lang } = useT();
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [method, setMethod] = useState<SampleMethod>('krejcie-morgan');
  const [populations, setPopulations] = useState<Record<string, string>>({});
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  useEffect(() => {
    apiGet<SurveyDefinition>(`/surveys/${encodeURIComponent(surveyId)}`)
      .then(setSurvey)
      .catch(() => undefined);
    apiGet<{ sampleMethod: SampleMethod }>('/office')
      .then((o) => setMethod(o.sampleMethod))
      .catch(() => undefined);
    apiGet<{ school: string; population: number }[]>(`/surveys/${encodeURIComponent(surveyId)}/targets`)
      .then((rows) => setPopulations(Object.fromEntries(rows.map((r) => [r.school, String(r.population)]))))
      .catch(() => undefined);
  }, [surveyId]);
  if (!survey) return <p aria-busy="true">{t('common.loading')}</p>;
  const school = survey.sections.flatMap((s) => s.questions).find((q) => q.id === 'school');
  const items = school?.type === 'lookup' ? (survey.lists?.[school.list] ?? []) : [];
  const save = async () => {
    setState('saving');
    const targets = Object.entries(populations)
      .filter(([, v]) => v.trim() !== '' && Number.isInteger(Number(v)) && Number(v) >= 0)
      .map(([s, v]) => ({ school: s, population: Number(v) }));
    try {
      await apiSend('PUT', `/surveys/${encodeURIComponent(surveyId)}/targets`, targets);
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
              const n = Number(value);
              return (
                <tr key={item.value}>
                  <th scope="row">{tr(item.label, lang)}</th>
                  <td>
                    <input
                      type="text"
                      inputMode="numeric"
                      aria-label={t('admin.populationOf', { school: tr(item.label, lang) })}
                      value={value}
                      disabled={!canEdit}
                      onInput={(e) => setPopulations({ ...populations, [item.value]: e.currentTarget.value })}
                    />
                  </td>
                  <td class="num">{value && Number.isInteger(n) && n > 0 ? requiredSample(n, method) : '–'}</td>
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
            {state === 'saved' ? t('admin.saved') : state === 'failed' ? t('admin.saveFailed') : ''}
          </span>
        </div>
      )}
    </section>
  );
}
