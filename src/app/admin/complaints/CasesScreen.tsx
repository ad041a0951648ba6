/**
 * The complaints case tracker's list (`/admin/complaints`): each case with its type, status,
 * assignee and due date (overdue ones flagged), filtered and paged through the address.
 */
import { useEffect, useState } from 'preact/hooks';
import { CASE_STATUSES, CASE_TYPES, type CaseItem, type CaseList } from '../../../core/complaint-cases.js';
import { formatDate } from '../../../core/format.js';
import { bangkokDay } from '../../../core/working-days.js';
import { useT } from '../../hooks.js';
import { Pager } from '../controls.js';
import { navigate, onLinkClick } from '../../router.js';
import { ApiError } from '../api.js';
import { CASES_CHANGED, type CaseFilter, filterOf, loadBadge, loadCases, PAGE, queryOf } from './complaints-api.js';
import { CasesNav } from './parts.js';

/** A case's subject: the sender's topic, else its first words. */
export function subjectOf(item: Pick<CaseItem, 'answers'>): string | undefined {
  const topic = item.answers.topic;
  return typeof topic === 'string' && topic.trim() ? topic : undefined;
}

/** Who a case is assigned to, as a line. */
export function assigneeText(unit: string | null, user: string | null): string {
  return [unit, user].filter(Boolean).join(' · ');
}

/** The list of cases. */
export function CasesScreen({ query }: { query: URLSearchParams }) {
  const { t, lang } = useT();
  const filter = filterOf(query);
  const key = queryOf(filter);
  const [data, setData] = useState<CaseList & { units: string[]; people: string[] }>();
  const [badge, setBadge] = useState<{ new: number; overdue: number }>();
  const [error, setError] = useState<string>();
  const [q, setQ] = useState(filter.q);

  useEffect(() => {
    let live = true;
    loadCases(filter)
      .then((r) => live && setData(r))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [key]);
  useEffect(() => {
    const count = () => void loadBadge().then(setBadge, () => undefined);
    count();
    window.addEventListener(CASES_CHANGED, count);
    return () => window.removeEventListener(CASES_CHANGED, count);
  }, []);
  // The search is sent once typing pauses.
  useEffect(() => {
    if (q === filter.q) return;
    const timer = setTimeout(() => set({ q }), 300);
    return () => clearTimeout(timer);
  }, [q]);

  const set = (change: Partial<CaseFilter>) =>
    navigate(`/admin/complaints?${queryOf({ ...filter, offset: 0, ...change })}`, { replace: true });
  const items = data?.items ?? [];

  return (
    <section aria-labelledby="cases-title" class="cases">
      <CasesNav current="list" />
      <h1 id="cases-title">{t('admin.cases.title')}</h1>
      <p class="muted">{t('admin.cases.intro')}</p>
      {badge && data && (
        <p class="cases-summary" data-testid="cases-summary">
          {t('admin.cases.summary', { total: data.total, overdue: badge.overdue, fresh: badge.new })}
        </p>
      )}
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <form class="filters" aria-label={t('admin.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('admin.statusLabel')}</span>
          <select
            value={filter.status}
            onChange={(e) => set({ status: e.currentTarget.value as CaseFilter['status'] })}
          >
            <option value="">{t('admin.allStatuses')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.cases.typeLabel')}</span>
          <select value={filter.type} onChange={(e) => set({ type: e.currentTarget.value as CaseFilter['type'] })}>
            <option value="">{t('admin.cases.allTypes')}</option>
            {CASE_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.cases.type.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.cases.assigneeLabel')}</span>
          <select value={filter.assignee} onChange={(e) => set({ assignee: e.currentTarget.value })}>
            <option value="">{t('admin.cases.anyAssignee')}</option>
            {data && data.units.length > 0 && (
              <optgroup label={t('admin.cases.unitsGroup')}>
                {data.units.map((u) => (
                  <option key={`u:${u}`} value={u}>
                    {u}
                  </option>
                ))}
              </optgroup>
            )}
            {data && (
              <optgroup label={t('admin.cases.peopleGroup')}>
                {data.people.map((p) => (
                  <option key={`p:${p}`} value={p}>
                    {p}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <label>
          <span>{t('admin.searchAnswers')}</span>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label class="check-filter">
          <input type="checkbox" checked={filter.overdue} onChange={(e) => set({ overdue: e.currentTarget.checked })} />
          <span>{t('admin.cases.overdueOnly')}</span>
        </label>
      </form>
      <p class="muted" aria-live="polite">
        {data
          ? data.total
            ? t('admin.cases.range', { from: filter.offset + 1, to: filter.offset + items.length, total: data.total })
            : t('admin.cases.none')
          : t('common.loading')}
      </p>
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="cases-table">
            <caption class="visually-hidden">{t('admin.cases.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.cases.received')}</th>
                <th scope="col">{t('admin.cases.subject')}</th>
                <th scope="col">{t('admin.cases.typeLabel')}</th>
                <th scope="col">{t('admin.statusLabel')}</th>
                <th scope="col">{t('admin.cases.assigneeLabel')}</th>
                <th scope="col">{t('admin.cases.due')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} class={item.overdue ? 'case-overdue' : undefined}>
                  <td data-label={t('admin.cases.received')}>{formatDate(bangkokDay(item.completedAt), lang)}</td>
                  <th scope="row">
                    <a href={`/admin/complaints/${item.id}`} onClick={onLinkClick}>
                      {subjectOf(item) ?? t('admin.cases.noTopic')}
                    </a>
                    {!item.seen && <span class="case-unseen">{t('admin.cases.unseen')}</span>}
                  </th>
                  <td data-label={t('admin.cases.typeLabel')}>{t(`admin.cases.type.${item.type}`)}</td>
                  <td data-label={t('admin.statusLabel')}>
                    <span class={`status status-${item.status}`}>{t(`admin.status.${item.status}`)}</span>
                  </td>
                  <td class="assignee" data-label={t('admin.cases.assigneeLabel')}>
                    {assigneeText(item.assigneeUnit, item.assigneeUser) || (
                      <span class="muted">{t('admin.cases.unassigned')}</span>
                    )}
                  </td>
                  <td data-label={t('admin.cases.due')}>
                    {formatDate(item.dueOn, lang)}
                    {item.overdue && (
                      <>
                        {' '}
                        <span class="case-flag" title={t('admin.cases.overdue')}>
                          {t('admin.cases.overdue')}
                        </span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <Pager
          offset={filter.offset}
          total={data.total}
          page={PAGE}
          onOffset={(offset) => set({ offset })}
          previous={t('admin.cases.previous')}
          next={t('admin.cases.next')}
        />
      )}
    </section>
  );
}
