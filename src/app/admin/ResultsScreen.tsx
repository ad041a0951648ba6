/**
 * A survey's results for supervisors: filters (fiscal year, dates, school, group), who took part,
 * the expectation and satisfaction tables and charts, the open answers, and the exports. The
 * filters live in the address, so a link or the printed report shows the same selection.
 */
import { useEffect, useState } from 'preact/hooks';
import { isIsoDate, tr } from '../../core/answers.js';
import type { OpenAnswer, ResultsFilter, SurveyResults } from '../../core/results.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { DateSelects } from '../questions/DateSelects.js';
import { navigate, onLinkClick } from '../router.js';
import { ApiError, apiGet, exportUrl, filterQuery } from './api.js';
import { DayBars, IpaChart, type IpaPoint, PairBars } from './charts.js';
import { PublicSummaryControl } from './PublicSummaryControl.js';
import { GroupsSideBySide, ProfileTables, ProgressTables, YearTable } from './ResultsBreakdowns.js';
import { fixed2, overallSentence, ResultsTable } from './ResultsTables.js';

/** The records list's address filters for a results filter (one school and group, the days). */
function recordsQuery(filter: ResultsFilter): string {
  const q = new URLSearchParams();
  if (filter.from) q.set('from', filter.from);
  if (filter.to) q.set('to', filter.to);
  if (filter.schools?.length === 1) q.set('school', filter.schools[0] ?? '');
  if (filter.groups?.length === 1) q.set('group', filter.groups[0] ?? '');
  return q.toString();
}

/** Reads a results filter from the address. */
export function filterFromQuery(query: URLSearchParams): ResultsFilter {
  const filter: ResultsFilter = {};
  const fy = Number(query.get('fy'));
  if (Number.isInteger(fy) && fy > 2500) filter.fiscalYear = fy;
  const from = query.get('from');
  const to = query.get('to');
  if (from) filter.from = from;
  if (to) filter.to = to;
  const schools = query.getAll('school').filter(Boolean);
  const groups = query.getAll('group').filter(Boolean);
  if (schools.length) filter.schools = schools;
  if (groups.length) filter.groups = groups;
  return filter;
}

/** Loads a survey's definition and its results for a filter. */
export function useResults(surveyId: string, filter: ResultsFilter) {
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [results, setResults] = useState<SurveyResults>();
  const [error, setError] = useState<string>();
  const key = filterQuery(filter);
  useEffect(() => {
    apiGet<SurveyDefinition>(`/surveys/${encodeURIComponent(surveyId)}`)
      .then(setSurvey)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [surveyId]);
  useEffect(() => {
    setResults(undefined);
    apiGet<SurveyResults>(`/surveys/${encodeURIComponent(surveyId)}/results?${key}`)
      .then(setResults)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [surveyId, key]);
  return { survey, results, error };
}

function FilterBar({
  survey,
  results,
  filter,
  onChange,
}: {
  survey: SurveyDefinition;
  results: SurveyResults;
  filter: ResultsFilter;
  onChange: (f: ResultsFilter) => void;
}) {
  const { t, lang } = useT();
  const [incomplete, setIncomplete] = useState({ from: false, to: false });
  const questions = survey.sections.flatMap((s) => s.questions);
  const group = questions.find((q) => q.id === 'group');
  const school = questions.find((q) => q.id === 'school');
  const schoolItems = school?.type === 'lookup' ? (survey.lists?.[school.list] ?? []) : [];
  const set = (change: Partial<ResultsFilter>) => {
    const next: ResultsFilter = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof ResultsFilter)[]) {
      const v = next[k];
      if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) delete next[k];
    }
    onChange(next);
  };
  return (
    <form class="filters no-print" aria-label={t('admin.filters')} onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>{t('admin.fiscalYear')}</span>
        <select
          value={filter.fiscalYear ?? ''}
          onChange={(e) => set({ fiscalYear: Number(e.currentTarget.value) || undefined } as Partial<ResultsFilter>)}
        >
          <option value="">{t('admin.allYears')}</option>
          {results.fiscalYears.map((fy) => (
            <option key={fy} value={fy}>
              {t('admin.fy', { year: fy })}
            </option>
          ))}
        </select>
      </label>
      {(['from', 'to'] as const).map((end) => (
        <fieldset class="filter-date" key={end}>
          <legend>{t(`admin.${end}`)}</legend>
          <DateSelects
            id={`filter-${end}`}
            value={filter[end]}
            invalid={incomplete[end]}
            describedBy={incomplete[end] ? `filter-${end}-error` : undefined}
            onChange={(value) => {
              // A date is applied only once it is whole; until then the screen says so.
              const whole = value === undefined || isIsoDate(value);
              setIncomplete({ ...incomplete, [end]: !whole });
              if (whole) set({ [end]: value } as Partial<ResultsFilter>);
            }}
          />
          {incomplete[end] && (
            <p class="field-error" id={`filter-${end}-error`}>
              {t('admin.dateIncomplete')}
            </p>
          )}
        </fieldset>
      ))}
      {schoolItems.length > 0 && (
        <label>
          <span>{t('admin.school')}</span>
          <select
            value={filter.schools?.[0] ?? ''}
            onChange={(e) => set({ schools: e.currentTarget.value ? [e.currentTarget.value] : [] })}
          >
            <option value="">{t('admin.allSchools')}</option>
            {schoolItems.map((s) => (
              <option key={s.value} value={s.value}>
                {tr(s.label, lang)}
              </option>
            ))}
          </select>
        </label>
      )}
      {group && 'options' in group && (
        <label>
          <span>{t('admin.group')}</span>
          <select
            value={filter.groups?.[0] ?? ''}
            onChange={(e) => set({ groups: e.currentTarget.value ? [e.currentTarget.value] : [] })}
          >
            <option value="">{t('admin.allGroups')}</option>
            {group.options.map((o) => (
              <option key={o.value} value={o.value}>
                {tr(o.label, lang)}
              </option>
            ))}
          </select>
        </label>
      )}
    </form>
  );
}

function OpenAnswers({ survey, filter }: { survey: SurveyDefinition; filter: ResultsFilter }) {
  const { t, lang } = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ total: number; answers: OpenAnswer[] }>();
  const key = filterQuery(filter);
  useEffect(() => {
    const timer = setTimeout(() => {
      const params = new URLSearchParams(key);
      if (q) params.set('q', q);
      apiGet<{ total: number; answers: OpenAnswer[] }>(
        `/surveys/${encodeURIComponent(survey.id)}/open-answers?${params}`,
      )
        .then(setFound)
        .catch(() => setFound({ total: 0, answers: [] }));
    }, 250);
    return () => clearTimeout(timer);
  }, [survey.id, key, q]);
  const labelOf = (id: string) => {
    const question = survey.sections.flatMap((s) => s.questions).find((x) => x.id === id);
    return question ? tr(question.label, lang) : id;
  };
  return (
    <section aria-labelledby="open-title">
      <h2 id="open-title">{t('admin.openAnswers')}</h2>
      <label class="field-label" for="open-search">
        {t('admin.searchAnswers')}
      </label>
      <input id="open-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      <p class="muted" aria-live="polite">
        {found ? t('admin.openFound', { count: found.total }) : t('common.loading')}
      </p>
      <ul class="open-answers">
        {found?.answers.map((a, i) => (
          <li key={`${a.completedAt}-${i}`}>
            <small class="muted">{labelOf(a.question)}</small>
            <p>{a.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The results screen. */
export function ResultsScreen({
  surveyId,
  query,
  canPublish = false,
}: {
  surveyId: string;
  query: URLSearchParams;
  canPublish?: boolean;
}) {
  const { t, lang } = useT();
  const filter = filterFromQuery(query);
  const { survey, results, error } = useResults(surveyId, filter);
  const [links, setLinks] = useState({ csv: '', csvLabels: '', xlsx: '', json: '' });
  const key = filterQuery(filter);
  useEffect(() => {
    void Promise.all([
      exportUrl(surveyId, filter, 'csv', false, lang),
      exportUrl(surveyId, filter, 'csv', true, lang),
      exportUrl(surveyId, filter, 'xlsx', true, lang),
      exportUrl(surveyId, filter, 'json', false, lang),
    ]).then(([csv, csvLabels, xlsx, json]) =>
      setLinks({ csv: csv ?? '', csvLabels: csvLabels ?? '', xlsx: xlsx ?? '', json: json ?? '' }),
    );
  }, [surveyId, key, lang]);
  if (error) return <p class="banner banner-error">{error}</p>;
  if (!survey || !results) return <p aria-busy="true">{t('common.loading')}</p>;
  const onChange = (f: ResultsFilter) =>
    navigate(`/admin/s/${encodeURIComponent(surveyId)}?${filterQuery(f)}`, { replace: true });
  let number = 0;
  const ipa = results.items
    .map((i) => ({ code: String(++number), label: tr(i.label, lang), x: i.expectation?.mean, y: i.satisfaction?.mean }))
    .filter((p): p is IpaPoint => p.x !== undefined && p.y !== undefined);
  return (
    <section aria-labelledby="results-title">
      <p class="eyebrow">{t('admin.results')}</p>
      <h1 id="results-title">{tr(survey.title, lang)}</h1>
      <FilterBar survey={survey} results={results} filter={filter} onChange={onChange} />
      {results.total === undefined ? (
        <p class="lead" role="status">
          {t('admin.selectionHidden', { min: results.minCell })}
        </p>
      ) : (
        <p class="lead">
          {t('admin.total', { count: results.total })} · {overallSentence(results, t)}
        </p>
      )}
      <div class="actions no-print">
        <a class="button" href={`/admin/s/${encodeURIComponent(surveyId)}/report?${key}`} onClick={onLinkClick}>
          {t('admin.report')}
        </a>
        <a
          class="button button-secondary"
          href={`/admin/s/${encodeURIComponent(surveyId)}/responses?${recordsQuery(filter)}`}
          onClick={onLinkClick}
        >
          {t('admin.records.link')}
        </a>
        <a class="button button-secondary" href={links.xlsx} download>
          {t('admin.exportXlsx')}
        </a>
        <a class="button button-secondary" href={links.csvLabels} download>
          {t('admin.exportCsvLabels')}
        </a>
        <a class="button button-secondary" href={links.csv} download>
          {t('admin.exportCsvCodes')}
        </a>
        <a class="button button-secondary" href={links.json} download>
          {t('admin.exportJson')}
        </a>
        <a class="button button-secondary" href={links.csvLabels && `${links.csvLabels}&excluded=1`} download>
          {t('admin.records.exportFlagged')}
        </a>
      </div>

      <h2>{t('admin.participants')}</h2>
      <ProfileTables results={results} t={t} lang={lang} />
      <ProgressTables results={results} t={t} lang={lang} />
      <DayBars days={results.byDay} title={t('admin.byDay')} lang={lang} />

      <h2>{t('admin.resultsHeading')}</h2>
      <ResultsTable results={results} t={t} lang={lang} />
      <PairBars
        title={t('admin.chartDimensions')}
        lang={lang}
        legend={{ expectation: t('rating.expectation'), satisfaction: t('rating.satisfaction') }}
        rows={[...results.dimensions, results.overall].map((d) => ({
          label: d.id === '__overall' ? t('admin.overall') : tr(d.label, lang),
          expectation: d.expectation?.mean,
          satisfaction: (d.satisfaction ?? d.value)?.mean,
        }))}
      />
      <GroupsSideBySide results={results} t={t} lang={lang} />
      <YearTable results={results} t={t} lang={lang} />
      <h3>{t('admin.ipaTitle')}</h3>
      <p class="muted">{t('admin.ipaHelp')}</p>
      <IpaChart
        points={ipa}
        title={t('admin.ipaTitle')}
        axes={{ x: t('admin.ipaX'), y: t('admin.ipaY') }}
        quadrants={{
          concentrate: t('admin.ipaConcentrate'),
          keep: t('admin.ipaKeep'),
          low: t('admin.ipaLow'),
          overkill: t('admin.ipaOverkill'),
        }}
        listTitle={t('admin.tables.quadrantList')}
        none={t('admin.tables.none')}
      />
      {results.items.some((i) => (i.gap ?? 0) < 0) && (
        <p class="muted">
          {t('admin.gapLargest')}:{' '}
          {[...results.items]
            .filter((i) => i.gap !== undefined && i.gap < 0)
            .sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0))
            .slice(0, 3)
            .map((i) => `${tr(i.label, lang)} (${fixed2(i.gap)})`)
            .join('; ')}
        </p>
      )}
      <OpenAnswers survey={survey} filter={filter} />
      {survey.kind !== 'complaint' && (
        <PublicSummaryControl surveyId={surveyId} fiscalYear={filter.fiscalYear} canPublish={canPublish} />
      )}
    </section>
  );
}
