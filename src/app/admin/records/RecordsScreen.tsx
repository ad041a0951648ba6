/**
 * A survey's responses as records (`/admin/s/:id/responses`): each with its date (BE in Thai),
 * school, group, source and status, filtered and paged; admins select some and mark them as test,
 * exclude them with a reason, count them again, delete or restore them, with Undo.
 */
import { useEffect, useState } from 'preact/hooks';
import { isIsoDate, tr } from '../../../core/answers.js';
import { formatDateTime } from '../../../core/format.js';
import {
  RECORD_STATUSES,
  RESPONSE_SOURCES,
  type RecordItem,
  type RecordList,
  statusOf,
} from '../../../core/records.js';
import type { SurveyDefinition } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { Pager } from '../controls.js';
import { DateSelects } from '../../questions/DateSelects.js';
import { navigate, onLinkClick } from '../../router.js';
import { ApiError, apiGet } from '../api.js';
import { ChangeButtons, ChangeNotice, useRecordChanges } from './RecordActions.js';
import { answerLabels, labelOf, reasonText, sourceText, statusText } from './record-labels.js';
import { filterOf, loadRecords, PAGE, queryOf, type RecordFilter } from './records-api.js';
import './records.css';

/** The list of a survey's responses. */
export function RecordsScreen({
  surveyId,
  query,
  canEdit,
}: {
  surveyId: string;
  query: URLSearchParams;
  canEdit: boolean;
}) {
  const { t, lang } = useT();
  const filter = filterOf(query);
  const key = queryOf(filter);
  const base = `/admin/s/${encodeURIComponent(surveyId)}`;
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [data, setData] = useState<RecordList>();
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reload, setReload] = useState(0);
  const [q, setQ] = useState(filter.q);
  const changes = useRecordChanges(surveyId, () => setReload((n) => n + 1));

  useEffect(() => {
    apiGet<SurveyDefinition>(`/surveys/${encodeURIComponent(surveyId)}`)
      .then(setSurvey)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [surveyId]);
  useEffect(() => {
    let live = true;
    loadRecords(surveyId, filter)
      .then((r) => {
        if (!live) return;
        setData(r);
        // Choices stay only for what is still listed.
        setSelected((s) => new Set(r.items.filter((i) => s.has(i.id)).map((i) => i.id)));
      })
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [surveyId, key, reload]);
  // The search is sent once typing pauses.
  useEffect(() => {
    if (q === filter.q) return;
    const timer = setTimeout(() => set({ q }), 300);
    return () => clearTimeout(timer);
  }, [q]);

  const set = (change: Partial<RecordFilter>) =>
    navigate(`${base}/responses?${queryOf({ ...filter, offset: 0, ...change })}`, { replace: true });
  const { groups, schools } = answerLabels(survey);
  const items = data?.items ?? [];
  const chosen = items.filter((i) => selected.has(i.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const select = (label: string, name: keyof RecordFilter, options: { value: string; label: string }[]) => (
    <label>
      <span>{label}</span>
      <select value={String(filter[name])} onChange={(e) => set({ [name]: e.currentTarget.value })}>
        <option value="">{t('admin.records.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="records-title">
      <p class="no-print">
        <a href={base} onClick={onLinkClick}>
          {t('admin.records.backToResults')}
        </a>
      </p>
      {survey && <p class="eyebrow">{tr(survey.title, lang)}</p>}
      <h1 id="records-title">{t('admin.records.title')}</h1>
      <p class="muted">{t('admin.records.intro')}</p>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <form class="filters" aria-label={t('admin.filters')} onSubmit={(e) => e.preventDefault()}>
        {select(
          t('admin.records.statusLabel'),
          'status',
          RECORD_STATUSES.filter((s) => s !== 'all').map((s) => ({ value: s, label: t(`admin.records.status.${s}`) })),
        )}
        {select(
          t('admin.records.sourceLabel'),
          'source',
          [...RESPONSE_SOURCES, 'unknown'].map((s) => ({ value: s, label: t(`admin.records.source.${s}`) })),
        )}
        {schools.length > 0 &&
          select(
            t('admin.school'),
            'school',
            schools.map((s) => ({ value: s.value, label: tr(s.label, lang) })),
          )}
        {groups.length > 0 &&
          select(
            t('admin.group'),
            'group',
            groups.map((g) => ({ value: g.value, label: tr(g.label, lang) })),
          )}
        {(['from', 'to'] as const).map((end) => (
          <fieldset class="filter-date" key={end}>
            <legend>{t(`admin.${end}`)}</legend>
            <DateSelects
              id={`records-${end}`}
              value={filter[end] || undefined}
              onChange={(value) => {
                // A date applies once it is whole (day, month and year chosen).
                if (value === undefined || isIsoDate(value)) set({ [end]: value ?? '' });
              }}
            />
          </fieldset>
        ))}
        <label>
          <span>{t('admin.records.search')}</span>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </form>
      {canEdit && <ChangeNotice state={changes} />}
      {canEdit && (
        <div class="records-bulk">
          <p class="muted">
            {chosen.length ? t('admin.records.chosen', { count: chosen.length }) : t('admin.records.chooseHint')}
          </p>
          {chosen.length > 0 && <ChangeButtons items={chosen} state={changes} />}
        </div>
      )}
      <p class="muted" aria-live="polite">
        {data
          ? data.total
            ? t('admin.records.range', {
                from: filter.offset + 1,
                to: filter.offset + items.length,
                total: data.total,
              })
            : t('admin.records.none')
          : t('common.loading')}
      </p>
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="records">
            <caption class="visually-hidden">{t('admin.records.title')}</caption>
            <thead>
              <tr>
                {canEdit && (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t('admin.records.chooseAll')}
                      checked={chosen.length === items.length}
                      onChange={(e) => setSelected(new Set(e.currentTarget.checked ? items.map((i) => i.id) : []))}
                    />
                  </th>
                )}
                <th scope="col">{t('admin.records.completedAt')}</th>
                <th scope="col">{t('admin.school')}</th>
                <th scope="col">{t('admin.group')}</th>
                <th scope="col">{t('admin.records.sourceLabel')}</th>
                <th scope="col">{t('admin.records.statusLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <Row
                  key={item.id}
                  item={item}
                  href={`${base}/responses/${item.id}`}
                  canEdit={canEdit}
                  chosen={selected.has(item.id)}
                  onToggle={() => toggle(item.id)}
                  school={labelOf(schools, item.school, lang)}
                  group={labelOf(groups, item.group, lang)}
                  when={formatDateTime(item.completedAt, lang)}
                />
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
          onOffset={(offset) => set({ ...filter, offset })}
          previous={t('admin.records.previous')}
          next={t('admin.records.next')}
        />
      )}
    </section>
  );
}

function Row({
  item,
  href,
  canEdit,
  chosen,
  onToggle,
  school,
  group,
  when,
}: {
  item: RecordItem;
  href: string;
  canEdit: boolean;
  chosen: boolean;
  onToggle: () => void;
  school: string;
  group: string;
  when: string;
}) {
  const { t } = useT();
  const status = statusOf(item);
  return (
    <tr class={status === 'included' ? '' : `record-${status}`}>
      {canEdit && (
        <td>
          <input
            type="checkbox"
            checked={chosen}
            aria-label={t('admin.records.choose', { when })}
            onChange={onToggle}
          />
        </td>
      )}
      <td>
        <a href={href} onClick={onLinkClick}>
          {when}
        </a>
      </td>
      <td>{school}</td>
      <td>{group}</td>
      <td>{sourceText(item, t)}</td>
      <td>
        <span class={`status record-status-${status}`}>{statusText(item, t)}</span>
        {item.exclusionReason && <small class="muted"> {reasonText(item.exclusionReason, t)}</small>}
      </td>
    </tr>
  );
}
