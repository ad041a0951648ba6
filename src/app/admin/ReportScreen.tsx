/**
 * The printed report, shaped as ITA item o25 asks: (1) the topic of participation, (2) who took
 * part, (3) the results, (4) how the office will use them — which the supervisor writes here and
 * which is saved with the report. A4, Sarabun 16 pt, the office's name and the fiscal year in BE;
 * printed with the browser (canvas PDF generators mis-stack Thai marks).
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { formatDate, formatDateTime } from '../../core/format.js';
import { fiscalYearOf } from '../../core/results.js';
import { localIsoDay } from '../../core/answers.js';
import { useT } from '../hooks.js';
import { apiGet, apiSend } from './api.js';
import { PairBars } from './charts.js';
import { CountTable, overallSentence, ResultsTable } from './ResultsTables.js';
import { filterFromQuery, useResults } from './ResultsScreen.js';

interface Office {
  name: { th: string; en: string };
}
interface ReportText {
  usage: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * The report screen (print view). The office-wide text of part 4 is written by administrators
 * (`canEdit`); supervisors read it as it will print.
 */
export function ReportScreen({
  surveyId,
  query,
  canEdit,
}: {
  surveyId: string;
  query: URLSearchParams;
  canEdit: boolean;
}) {
  const { t, lang } = useT();
  const filter = filterFromQuery(query);
  const fiscalYear = filter.fiscalYear ?? fiscalYearOf(localIsoDay());
  const { survey, results, error } = useResults(surveyId, { ...filter, fiscalYear });
  const [office, setOffice] = useState<Office>();
  const [text, setText] = useState<ReportText>();
  const [draft, setDraft] = useState('');
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  useEffect(() => {
    apiGet<Office>('/office')
      .then(setOffice)
      .catch(() => undefined);
    apiGet<ReportText>(`/surveys/${encodeURIComponent(surveyId)}/report?fy=${fiscalYear}`)
      .then((r) => {
        setText(r);
        setDraft(r.usage);
      })
      .catch(() => undefined);
  }, [surveyId, fiscalYear]);
  if (error) return <p class="banner banner-error">{error}</p>;
  if (!survey || !results || !text) return <p aria-busy="true">{t('common.loading')}</p>;
  const save = async () => {
    setSaved('saving');
    try {
      setText(
        await apiSend<ReportText>('PUT', `/surveys/${encodeURIComponent(surveyId)}/report?fy=${fiscalYear}`, {
          usage: draft,
        }),
      );
      setSaved('saved');
    } catch {
      setSaved('failed');
    }
  };
  return (
    <article class="report" aria-labelledby="report-title">
      <div class="no-print actions">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('admin.print')}
        </button>
      </div>
      <header class="report-head">
        <p>{office ? tr(office.name, lang) : ''}</p>
        <h1 id="report-title">{t('admin.reportTitle')}</h1>
        <p>{t('admin.fy', { year: fiscalYear })}</p>
      </header>

      <h2>{t('admin.part1')}</h2>
      <p>{t('admin.part1Body', { title: tr(survey.title, lang), fy: fiscalYear })}</p>

      <h2>{t('admin.part2')}</h2>
      <p>
        {results.total === undefined
          ? t('admin.selectionHidden', { min: results.minCell })
          : t('admin.part2Body', { count: results.total })}
      </p>
      <CountTable
        caption={t('admin.byGroup')}
        head={t('admin.group')}
        cells={results.byGroup}
        t={t}
        lang={lang}
        minCell={results.minCell}
      />
      <CountTable
        caption={t('admin.bySchool')}
        head={t('admin.school')}
        cells={results.bySchool}
        t={t}
        lang={lang}
        minCell={results.minCell}
      />

      <h2>{t('admin.part3')}</h2>
      <p>{overallSentence(results, t)}</p>
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

      <h2>{t('admin.part4')}</h2>
      {canEdit && (
        <div class="no-print">
          <label class="field-label" for="usage">
            {t('admin.usageLabel')}
          </label>
          <textarea id="usage" rows={8} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
          <div class="actions">
            <button type="button" class="button" disabled={saved === 'saving'} onClick={() => void save()}>
              {t('admin.saveUsage')}
            </button>
            <span role="status" class="muted">
              {saved === 'saved' ? t('admin.saved') : saved === 'failed' ? t('admin.saveFailed') : ''}
              {text.updatedAt
                ? ` ${t('admin.lastSaved', { when: formatDateTime(text.updatedAt, lang), by: text.updatedBy ?? '' })}`
                : ''}
            </span>
          </div>
        </div>
      )}
      <div class={canEdit ? 'print-only usage' : 'usage'}>
        {text.usage ? (
          text.usage.split('\n').map((line, i) => <p key={`${i}-${line}`}>{line}</p>)
        ) : (
          <p>{t('admin.usageEmpty')}</p>
        )}
      </div>
      <p class="report-date">{t('admin.printedOn', { date: formatDate(localIsoDay(), lang) })}</p>
    </article>
  );
}
