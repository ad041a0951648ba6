/** `/admin/audit`: the audit log, filtered and paged, newest first, and its CSV export. */
import { useEffect, useState } from 'preact/hooks';
import { isIsoDate } from '../../../core/answers.js';
import { AUDIT_ACTIONS, type AuditEntry } from '../../../core/audit.js';
import { formatStamp } from '../../../core/format.js';
import { useT } from '../../hooks.js';
import { DateSelects } from '../../questions/DateSelects.js';
import { currentEndpoint } from '../../sync-bridge.js';
import { apiGet } from '../api.js';
import { errorText, StaffTabs } from './shared.js';

const PAGE = 50;

/** Details as short "key: value" text (they hold ids, counts and formats only). */
function detailsText(details: Readonly<Record<string, unknown>>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** The audit log screen. */
export function AuditScreen() {
  const { t, lang } = useT();
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [target, setTarget] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [incomplete, setIncomplete] = useState({ from: false, to: false });
  const [data, setData] = useState<{ total: number; items: AuditEntry[] }>();
  const [error, setError] = useState('');
  const [csvUrl, setCsvUrl] = useState('');
  const params = () => {
    const q = new URLSearchParams();
    if (action) q.set('action', action);
    if (actor.trim()) q.set('actor', actor.trim());
    if (target.trim()) q.set('target', target.trim());
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    return q;
  };
  useEffect(() => {
    const timer = setTimeout(() => {
      const q = params();
      q.set('limit', String(PAGE));
      q.set('offset', String(offset));
      setError('');
      apiGet<{ total: number; items: AuditEntry[] }>(`/audit?${q}`)
        .then(setData)
        .catch((e: unknown) => setError(errorText(t, e)));
      const csv = params();
      csv.set('format', 'csv');
      void currentEndpoint().then((base) => setCsvUrl(`${base}/audit?${csv}`));
    }, 250);
    return () => clearTimeout(timer);
  }, [action, actor, target, from, to, offset]);
  const filter = (set: (v: string) => void) => (e: { currentTarget: { value: string } }) => {
    set(e.currentTarget.value);
    setOffset(0);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;
  const page = Math.floor(offset / PAGE) + 1;
  return (
    <section aria-labelledby="audit-title" class="staff-wide">
      <StaffTabs current="audit" />
      <h1 id="audit-title">{t('admin.staff.audit')}</h1>
      <p class="muted">{t('admin.staff.auditIntro')}</p>
      <div class="filters">
        <label>
          <span>{t('admin.staff.filterAction')}</span>
          <select value={action} onChange={filter(setAction)}>
            <option value="">{t('admin.staff.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`admin.staff.action.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.staff.filterActor')}</span>
          <input type="search" value={actor} onInput={filter(setActor)} />
        </label>
        <label>
          <span>{t('admin.staff.filterTarget')}</span>
          <input type="search" value={target} onInput={filter(setTarget)} />
        </label>
        {(['from', 'to'] as const).map((end) => (
          <fieldset class="filter-date" key={end}>
            <legend>{t(`admin.${end}`)}</legend>
            <DateSelects
              id={`audit-${end}`}
              value={end === 'from' ? from : to}
              invalid={incomplete[end]}
              describedBy={incomplete[end] ? `audit-${end}-error` : undefined}
              onChange={(value) => {
                // A date is applied only once it is whole; until then the screen says so.
                const whole = value === undefined || isIsoDate(value);
                setIncomplete({ ...incomplete, [end]: !whole });
                if (whole) filter(end === 'from' ? setFrom : setTo)({ currentTarget: { value: value ?? '' } });
              }}
            />
            {incomplete[end] && (
              <p class="field-error" id={`audit-${end}-error`}>
                {t('admin.dateIncomplete')}
              </p>
            )}
          </fieldset>
        ))}
      </div>
      <div class="actions">
        <a class="button button-secondary" href={csvUrl} download>
          {t('admin.staff.exportCsv')}
        </a>
        <span class="muted" aria-live="polite" aria-busy={data ? undefined : 'true'}>
          {data ? t('admin.staff.auditCount', { count: data.total }) : t('common.loading')}
        </span>
      </div>
      <p class="field-error" role="alert">
        {error}
      </p>
      {data && data.items.length === 0 && <p class="muted">{t('admin.staff.noEntries')}</p>}
      {data && data.items.length > 0 && (
        <div class="table-wrap">
          <table class="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.staff.colAt')}</th>
                <th scope="col">{t('admin.staff.colActor')}</th>
                <th scope="col">{t('admin.staff.colAction')}</th>
                <th scope="col">{t('admin.staff.colTarget')}</th>
                <th scope="col">{t('admin.staff.colDetails')}</th>
                <th scope="col">{t('admin.staff.colAddress')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{formatStamp(e.at, lang)}</th>
                  <td data-label={t('admin.staff.colActor')}>{e.actor ?? t('admin.staff.nobody')}</td>
                  <td data-label={t('admin.staff.colAction')}>{t(`admin.staff.action.${e.action}`)}</td>
                  <td data-label={t('admin.staff.colTarget')}>{e.target ?? ''}</td>
                  <td data-label={t('admin.staff.colDetails')} class="audit-details">
                    {detailsText(e.details)}
                  </td>
                  <td data-label={t('admin.staff.colAddress')}>{e.address ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > PAGE && (
        <div class="pager">
          <button
            type="button"
            class="button button-secondary"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('admin.staff.previous')}
          </button>
          <span>{t('admin.staff.page', { page, pages })}</span>
          <button
            type="button"
            class="button button-secondary"
            disabled={page >= pages}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('admin.staff.next')}
          </button>
        </div>
      )}
    </section>
  );
}
