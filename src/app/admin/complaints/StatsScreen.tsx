/**
 * A fiscal year's complaint statistics (`/admin/complaints/stats?fy=`): by type, status and
 * responsible unit, finished cases, days to finish and the share within the promised time, with
 * the XLSX and CSV downloads for the annual complaints report.
 */
import { useEffect, useState } from 'preact/hooks';
import { CASE_STATUSES, CASE_TYPES, type ComplaintStats } from '../../../core/complaint-cases.js';
import { formatNumber } from '../../../core/format.js';
import { useT } from '../../hooks.js';
import { navigate } from '../../router.js';
import { ApiError } from '../api.js';
import { loadStats, statsFileUrl } from './complaints-api.js';
import { CasesNav } from './parts.js';

/** A table of counts with their percent of all cases. */
function CountTable({ caption, rows, total }: { caption: string; rows: [string, number][]; total: number }) {
  const { t, lang } = useT();
  return (
    <div class="table-wrap">
      <table class="stats-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.cases.item')}</th>
            <th scope="col">{t('admin.cases.count')}</th>
            <th scope="col">{t('admin.cases.percent')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, n]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td class="num">{formatNumber(n, lang)}</td>
              <td class="num">{total ? formatNumber((n / total) * 100, lang) : t('admin.cases.noData')}</td>
            </tr>
          ))}
          <tr class="row-strong">
            <th scope="row">{t('admin.cases.total')}</th>
            <td class="num">{formatNumber(total, lang)}</td>
            <td class="num">{total ? formatNumber(100, lang) : t('admin.cases.noData')}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** The statistics screen of `fiscalYear` (BE). */
export function StatsScreen({ fiscalYear, current }: { fiscalYear: number; current: number }) {
  const { t, lang } = useT();
  const [stats, setStats] = useState<ComplaintStats>();
  const [error, setError] = useState<string>();
  const [files, setFiles] = useState<{ xlsx?: string; csv?: string }>({});
  useEffect(() => {
    setStats(undefined);
    loadStats(fiscalYear)
      .then(setStats)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
    void Promise.all([statsFileUrl(fiscalYear, 'xlsx', lang), statsFileUrl(fiscalYear, 'csv', lang)]).then(
      ([xlsx, csv]) => setFiles({ xlsx, csv }),
    );
  }, [fiscalYear, lang]);
  const years = Array.from({ length: 5 }, (_, i) => current - i);
  if (!years.includes(fiscalYear)) years.push(fiscalYear);
  const none = t('admin.cases.noData');
  const num = (n: number | null) => (n === null ? none : formatNumber(n, lang));
  return (
    <section aria-labelledby="stats-title" class="cases">
      <CasesNav current="stats" />
      <h1 id="stats-title">{t('admin.cases.statsTitle')}</h1>
      <p class="muted">{t('admin.cases.statsIntro')}</p>
      <div class="filters stats-filters">
        <label>
          <span>{t('admin.cases.fiscalYear')}</span>
          <select
            value={String(fiscalYear)}
            onChange={(e) => navigate(`/admin/complaints/stats?fy=${e.currentTarget.value}`, { replace: true })}
          >
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {t('admin.cases.fiscalYearValue', { year: y })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="actions no-print">
        <a class="button button-secondary" href={files.xlsx ?? '#'} download>
          {t('admin.cases.exportXlsx')}
        </a>
        <a class="button button-secondary" href={files.csv ?? '#'} download>
          {t('admin.cases.exportCsv')}
        </a>
      </div>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!stats ? (
        !error && <p aria-busy="true">{t('common.loading')}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="stats-table stats-summary" data-testid="stats-summary">
              <tbody>
                <tr class="row-strong">
                  <th scope="row">{t('admin.cases.statsTotal')}</th>
                  <td class="num">{num(stats.total)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('admin.cases.statsClosed')}</th>
                  <td class="num">{num(stats.closed)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('admin.cases.statsWithin')}</th>
                  <td class="num">
                    {stats.withinPromise.percent === null
                      ? none
                      : t('admin.cases.statsWithinValue', {
                          n: stats.withinPromise.n,
                          of: stats.withinPromise.of,
                          percent: formatNumber(stats.withinPromise.percent, lang),
                        })}
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('admin.cases.statsMedian')}</th>
                  <td class="num">{num(stats.daysToClose.median)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('admin.cases.statsMean')}</th>
                  <td class="num">{num(stats.daysToClose.mean)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <div class="stats-grid">
            <CountTable
              caption={t('admin.cases.byType')}
              total={stats.total}
              rows={CASE_TYPES.map((k) => [t(`admin.cases.type.${k}`), stats.byType[k]])}
            />
            <CountTable
              caption={t('admin.cases.byStatus')}
              total={stats.total}
              rows={CASE_STATUSES.map((k) => [t(`admin.status.${k}`), stats.byStatus[k]])}
            />
            <CountTable
              caption={t('admin.cases.byUnit')}
              total={stats.total}
              rows={stats.byUnit.map((u) => [u.unit || t('admin.cases.unassigned'), u.n])}
            />
          </div>
        </>
      )}
    </section>
  );
}
