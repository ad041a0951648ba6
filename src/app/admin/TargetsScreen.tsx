/**
 * Populations of a survey per school and per stakeholder group, from which the required sample of
 * each, and of the whole area, is worked out.
 */
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
const groupsToText = (rows: { group: string; population: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.group, String(r.population)]));

/** The whole populations typed in boxes (empty and invalid boxes left out). */
function typed(texts: Record<string, string>): { key: string; population: number }[] {
  return Object.entries(texts).flatMap(([key, text]) => {
    const n = population(text);
    return n === undefined || Number.isNaN(n) ? [] : [{ key, population: n }];
  });
}

/** One table of populations: a row per school or group, the box, and the sample it needs. */
function PopulationTable(props: {
  caption: string;
  head: string;
  idPrefix: string;
  items: readonly { value: string; label: { th: string; en: string } }[];
  texts: Record<string, string>;
  method: SampleMethod;
  canEdit: boolean;
  labelOf: (name: string) => string;
  onInput: (key: string, text: string) => void;
}) {
  const { t, lang } = useT();
  return (
    <div class="table-wrap">
      <table class="counts">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col">{t('admin.population')}</th>
            <th scope="col">{t('admin.required')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => {
            const value = props.texts[item.value] ?? '';
            const n = population(value);
            const bad = n !== undefined && Number.isNaN(n);
            const id = `${props.idPrefix}${item.value}`;
            return (
              <tr key={item.value}>
                <th scope="row">{tr(item.label, lang)}</th>
                <td>
                  <input
                    id={id}
                    type="text"
                    inputMode="numeric"
                    aria-label={props.labelOf(tr(item.label, lang))}
                    aria-invalid={bad ? 'true' : undefined}
                    aria-describedby={bad ? `${id}-error` : undefined}
                    value={value}
                    disabled={!props.canEdit}
                    onInput={(e) => props.onInput(item.value, e.currentTarget.value)}
                  />
                  {bad && (
                    <p class="field-error" id={`${id}-error`}>
                      {t('admin.populationInvalid', { max: MAX_POPULATION.toLocaleString('en') })}
                    </p>
                  )}
                </td>
                <td class="num">{n && n > 0 ? requiredSample(n, props.method) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The targets screen: populations per school and per stakeholder group, and the whole area's
 * (the groups' sum when any is set, otherwise the schools'); only administrators may change them.
 * Nothing is saved while a box holds what is not a population, and after saving the boxes show
 * what the server kept.
 */
export function TargetsScreen({ surveyId, canEdit }: { surveyId: string; canEdit: boolean }) {
  const { t, lang } = useT();
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [method, setMethod] = useState<SampleMethod>('krejcie-morgan');
  const [populations, setPopulations] = useState<Record<string, string>>({});
  const [groupPopulations, setGroupPopulations] = useState<Record<string, string>>({});
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed' | 'invalid'>('idle');
  const base = `/surveys/${encodeURIComponent(surveyId)}`;
  useEffect(() => {
    apiGet<SurveyDefinition>(base)
      .then(setSurvey)
      .catch(() => undefined);
    apiGet<{ sampleMethod: SampleMethod }>('/office')
      .then((o) => setMethod(o.sampleMethod))
      .catch(() => undefined);
    apiGet<{ school: string; population: number }[]>(`${base}/targets`)
      .then((rows) => setPopulations(rowsToText(rows)))
      .catch(() => undefined);
    apiGet<{ group: string; population: number }[]>(`${base}/group-targets`)
      .then((rows) => setGroupPopulations(groupsToText(rows)))
      .catch(() => undefined);
  }, [base]);
  if (!survey) return <p aria-busy="true">{t('common.loading')}</p>;
  const questions = survey.sections.flatMap((s) => s.questions);
  const school = questions.find((q) => q.id === 'school');
  const items = school?.type === 'lookup' ? (survey.lists?.[school.list] ?? []) : [];
  const group = questions.find((q) => q.id === 'group');
  const groups = group && 'options' in group ? group.options : [];
  const invalidIds = [
    ...items.filter((i) => Number.isNaN(population(populations[i.value] ?? ''))).map((i) => `population-${i.value}`),
    ...groups
      .filter((g) => Number.isNaN(population(groupPopulations[g.value] ?? '')))
      .map((g) => `group-population-${g.value}`),
  ];
  const groupTotal = typed(groupPopulations).reduce((a, g) => a + g.population, 0);
  const schoolTotal = typed(populations).reduce((a, s) => a + s.population, 0);
  const areaPopulation = typed(groupPopulations).length ? groupTotal : schoolTotal;
  const save = async () => {
    if (invalidIds.length) {
      setState('invalid');
      const first = invalidIds[0];
      if (first) document.getElementById(first)?.focus();
      return;
    }
    setState('saving');
    try {
      const [kept, keptGroups] = await Promise.all([
        apiSend<{ school: string; population: number }[]>(
          'PUT',
          `${base}/targets`,
          typed(populations).map((r) => ({ school: r.key, population: r.population })),
        ),
        apiSend<{ group: string; population: number }[]>(
          'PUT',
          `${base}/group-targets`,
          typed(groupPopulations).map((r) => ({ group: r.key, population: r.population })),
        ),
      ]);
      setPopulations(rowsToText(kept));
      setGroupPopulations(groupsToText(keptGroups));
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
      <p class="lead" data-testid="area-target">
        {areaPopulation > 0
          ? t('admin.tables.areaTarget', {
              population: areaPopulation.toLocaleString('en'),
              required: requiredSample(areaPopulation, method).toLocaleString('en'),
            })
          : t('admin.tables.areaNoTarget')}
      </p>
      {groups.length > 0 && (
        <PopulationTable
          caption={t('admin.tables.groupTargets')}
          head={t('admin.group')}
          idPrefix="group-population-"
          items={groups}
          texts={groupPopulations}
          method={method}
          canEdit={canEdit}
          labelOf={(name) => t('admin.tables.populationOfGroup', { group: name })}
          onInput={(key, text) => {
            setGroupPopulations({ ...groupPopulations, [key]: text });
            setState('idle');
          }}
        />
      )}
      <PopulationTable
        caption={t('admin.tables.schoolTargets')}
        head={t('admin.school')}
        idPrefix="population-"
        items={items}
        texts={populations}
        method={method}
        canEdit={canEdit}
        labelOf={(name) => t('admin.populationOf', { school: name })}
        onInput={(key, text) => {
          setPopulations({ ...populations, [key]: text });
          setState('idle');
        }}
      />
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
                  ? t('admin.notSavedInvalid', { count: invalidIds.length })
                  : ''}
          </span>
        </div>
      )}
    </section>
  );
}
