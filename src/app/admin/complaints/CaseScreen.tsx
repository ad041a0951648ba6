/**
 * One case (`/admin/complaints/:id`): what the sender wrote with their contact, the handling
 * (type, unit or person, due date, status), the PUBLIC reply the sender sees on /track (with
 * templates to insert) kept apart from the INTERNAL note nobody outside sees, and the history of
 * every change. Opening it marks it seen (its history is read).
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../../core/answers.js';
import {
  CASE_STATUSES,
  CASE_TYPES,
  type CaseEvent,
  type CaseItem,
  DEFAULT_REPLY_DAYS,
  type ReplyTemplate,
} from '../../../core/complaint-cases.js';
import { formatDate, formatDateTime } from '../../../core/format.js';
import type { SurveyDefinition } from '../../../core/survey.js';
import { answerText } from '../../answer-text.js';
import { useT } from '../../hooks.js';
import { DateSelects } from '../../questions/DateSelects.js';
import { onLinkClick } from '../../router.js';
import { ApiError, apiGet } from '../api.js';
import { assigneeText, subjectOf } from './CasesScreen.js';
import { type CaseChange, casesChanged, changeCase, loadCase, loadHistory, loadTemplates } from './complaints-api.js';
import { CasesNav } from './parts.js';

type Draft = Pick<CaseItem, 'status' | 'type' | 'assigneeUnit' | 'assigneeUser' | 'publicReply' | 'note'> & {
  dueOn: string | null;
};

/** The draft of the form from a case. */
const draftOf = (item: CaseItem): Draft => ({
  status: item.status,
  type: item.type,
  assigneeUnit: item.assigneeUnit,
  assigneeUser: item.assigneeUser,
  dueOn: item.dueOn,
  publicReply: item.publicReply,
  note: item.note,
});

/** One line of the history. */
function EventLine({ event }: { event: CaseEvent }) {
  const { t, lang } = useT();
  const d = event.details as { from?: unknown; to?: unknown };
  const none = t('admin.cases.empty');
  const name = (v: unknown): string => {
    if (event.kind === 'status') return t(`admin.status.${String(v)}`);
    if (event.kind === 'type') return t(`admin.cases.type.${String(v)}`);
    if (event.kind === 'due') return typeof v === 'string' ? formatDate(v, lang) : none;
    if (event.kind === 'assignee') {
      const a = (v ?? {}) as { unit?: string | null; user?: string | null };
      return assigneeText(a.unit ?? null, a.user ?? null) || none;
    }
    return '';
  };
  return (
    <li>
      <time dateTime={event.at}>{formatDateTime(event.at, lang)}</time>{' '}
      {event.by && <span class="by">{t('admin.cases.by', { name: event.by })}</span>}
      <br />
      {t(`admin.cases.event.${event.kind}`, { from: name(d.from), to: name(d.to) })}
    </li>
  );
}

/** The screen of one case. */
export function CaseScreen({ id }: { id: string }) {
  const { t, lang } = useT();
  const [item, setItem] = useState<CaseItem>();
  const [units, setUnits] = useState<string[]>([]);
  const [people, setPeople] = useState<string[]>([]);
  const [replyDays, setReplyDays] = useState(DEFAULT_REPLY_DAYS);
  const [events, setEvents] = useState<CaseEvent[]>();
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [templates, setTemplates] = useState<ReplyTemplate[]>([]);
  const [template, setTemplate] = useState('');
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<string>();
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'same' | 'failed'>('idle');

  const refresh = async () => {
    const [one, history] = await Promise.all([loadCase(id), loadHistory(id)]);
    setItem(one.item);
    setDraft(draftOf(one.item));
    setUnits(one.units);
    setPeople(one.people);
    setReplyDays(one.replyDays);
    setEvents(history.events);
    return one.item;
  };
  useEffect(() => {
    refresh()
      .then(async (one) => {
        // The history was read: the case is no longer new.
        casesChanged();
        setSurvey(
          await apiGet<SurveyDefinition>(`/surveys/${encodeURIComponent(one.surveyId)}?version=${one.surveyVersion}`),
        );
      })
      .catch((e: unknown) =>
        setError(e instanceof ApiError && e.status === 404 ? t('admin.cases.notFound') : String(e)),
      );
    loadTemplates().then(
      (r) => setTemplates(r.templates),
      () => undefined,
    );
  }, [id]);

  if (error)
    return (
      <section class="cases">
        <CasesNav current="case" />
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      </section>
    );
  if (!item || !draft) return <p aria-busy="true">{t('common.loading')}</p>;

  const set = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    setState('idle');
  };
  const save = async () => {
    const change: CaseChange = {};
    const was = draftOf(item);
    for (const key of Object.keys(draft) as (keyof Draft)[])
      if (draft[key] !== was[key]) (change as Record<string, unknown>)[key] = draft[key];
    if (!Object.keys(change).length) return setState('same');
    setState('saving');
    try {
      await changeCase(id, change);
      await refresh();
      casesChanged();
      setState('saved');
    } catch {
      setState('failed');
    }
  };
  const insert = () => {
    const chosen = templates.find((x) => x.id === template);
    if (!chosen) return;
    set({ publicReply: draft.publicReply.trim() ? `${draft.publicReply.trimEnd()}\n\n${chosen.body}` : chosen.body });
  };
  const questions = survey?.sections.flatMap((s) => s.questions) ?? [];
  const field = (name: string) => `case-${name}`;

  return (
    <section aria-labelledby="case-title" class="cases">
      <CasesNav current="case" />
      <p class="no-print">
        <a href="/admin/complaints" onClick={onLinkClick}>
          {t('admin.cases.back')}
        </a>
      </p>
      <p class="eyebrow">{t(`admin.cases.type.${item.type}`)}</p>
      <h1 id="case-title">{subjectOf(item) ?? t('admin.cases.noTopic')}</h1>
      <div class="case-meta">
        <span class={`status status-${item.status}`} data-testid="case-status">
          {t(`admin.status.${item.status}`)}
        </span>
        {item.receiptCode && (
          <span data-testid="case-receipt">
            {t('admin.cases.receipt', { code: item.receiptCode.replace(/^(.{5})(.{5})$/, '$1-$2') })}
          </span>
        )}
        <span class="muted">{t('admin.cases.receivedOn', { when: formatDateTime(item.completedAt, lang) })}</span>
        <span>{t('admin.cases.dueOn', { date: formatDate(item.dueOn, lang) })}</span>
        {item.overdue && <span class="case-flag">{t('admin.cases.overdue')}</span>}
      </div>
      <div class="case-layout">
        <section class="case-panel case-request" aria-labelledby="case-request">
          <h2 id="case-request">{t('admin.cases.request')}</h2>
          <p class="muted">{t('admin.inboxPrivacy')}</p>
          <dl>
            {survey &&
              questions
                .filter((q) => item.answers[q.id] !== undefined)
                .map((q) => (
                  <div class={`review-item ${q.personal ? 'personal' : ''}`} key={q.id}>
                    <dt>{tr(q.label, lang)}</dt>
                    <dd>{answerText(survey, q, item.answers as Record<string, never>, lang, t)}</dd>
                  </div>
                ))}
          </dl>
        </section>
        <form
          class="case-panel case-handling"
          aria-labelledby="case-handling"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2 id="case-handling">{t('admin.cases.handling')}</h2>
          <div class="case-fields">
            <label>
              <span>{t('admin.cases.typeLabel')}</span>
              <select value={draft.type} onChange={(e) => set({ type: e.currentTarget.value as Draft['type'] })}>
                {CASE_TYPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`admin.cases.type.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('admin.statusLabel')}</span>
              <select value={draft.status} onChange={(e) => set({ status: e.currentTarget.value as Draft['status'] })}>
                {CASE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`admin.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('admin.cases.unitLabel')}</span>
              <input
                type="text"
                list={field('units')}
                value={draft.assigneeUnit ?? ''}
                placeholder={t('admin.cases.unitHint')}
                onInput={(e) => set({ assigneeUnit: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
              />
              <datalist id={field('units')}>
                {units.map((u) => (
                  <option key={u} value={u} />
                ))}
              </datalist>
            </label>
            <label>
              <span>{t('admin.cases.personLabel')}</span>
              <select
                value={draft.assigneeUser ?? ''}
                onChange={(e) => set({ assigneeUser: e.currentTarget.value || null })}
              >
                <option value="">{t('admin.cases.nobody')}</option>
                {people.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset class="filter-date">
            <legend>{t('admin.cases.dueLabel')}</legend>
            <DateSelects
              id={field('due')}
              value={draft.dueOn ?? undefined}
              onChange={(value) => {
                if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) set({ dueOn: value });
              }}
            />
            <p class="muted hint">
              {t('admin.cases.dueHint', { days: replyDays })}{' '}
              <button type="button" class="link-button" onClick={() => set({ dueOn: null })}>
                {t('admin.cases.dueDefault')}
              </button>
            </p>
          </fieldset>
          <div class="case-text case-public">
            <label for={field('reply')}>
              <strong>{t('admin.cases.publicReply')}</strong>
            </label>
            <p class="hint" id={field('reply-hint')}>
              {t('admin.cases.publicReplyHint')}
            </p>
            {templates.length > 0 && (
              <div class="case-template">
                <label>
                  <span>{t('admin.cases.template')}</span>
                  <select value={template} onChange={(e) => setTemplate(e.currentTarget.value)}>
                    <option value="">{t('admin.cases.chooseTemplate')}</option>
                    {templates.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.title}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" class="button button-secondary" disabled={!template} onClick={insert}>
                  {t('admin.cases.insertTemplate')}
                </button>
              </div>
            )}
            <textarea
              id={field('reply')}
              rows={5}
              aria-describedby={field('reply-hint')}
              value={draft.publicReply}
              onInput={(e) => set({ publicReply: e.currentTarget.value })}
            />
            {item.publicReplyAt && (
              <p class="muted hint">
                {t('admin.cases.publicReplyAt', { when: formatDateTime(item.publicReplyAt, lang) })}
              </p>
            )}
          </div>
          <div class="case-text case-internal">
            <label for={field('note')}>
              <strong>{t('admin.cases.note')}</strong>
            </label>
            <p class="hint" id={field('note-hint')}>
              {t('admin.cases.noteHint')}
            </p>
            <textarea
              id={field('note')}
              rows={3}
              aria-describedby={field('note-hint')}
              value={draft.note}
              onInput={(e) => set({ note: e.currentTarget.value })}
            />
          </div>
          <div class="actions">
            <button type="submit" class="button" disabled={state === 'saving'}>
              {t('admin.cases.save')}
            </button>
            <span role="status" class={state === 'failed' ? 'field-error' : 'muted'}>
              {state === 'saved'
                ? t('admin.saved')
                : state === 'failed'
                  ? t('admin.saveFailed')
                  : state === 'same'
                    ? t('admin.cases.nothingChanged')
                    : ''}
            </span>
          </div>
        </form>
        <section class="case-panel case-history-panel" aria-labelledby="case-history">
          <h2 id="case-history">{t('admin.cases.history')}</h2>
          {events?.length ? (
            <ol class="case-history" data-testid="case-history">
              {events.map((e, i) => (
                <EventLine key={`${e.at}-${i}`} event={e} />
              ))}
            </ol>
          ) : (
            <p class="muted">{t('admin.cases.noHistory')}</p>
          )}
        </section>
      </div>
    </section>
  );
}
