/**
 * The complaints and suggestions inbox: each submission with its status (new, in progress,
 * answered, closed) and an internal note. Contact details appear here and nowhere else.
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { answerText } from '../answer-text.js';
import { useT } from '../hooks.js';
import { apiGet, apiSend } from './api.js';

const STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const;

interface Item {
  id: string;
  surveyId: string;
  surveyVersion: number;
  completedAt: string;
  answers: Record<string, never>;
  status: (typeof STATUSES)[number];
  note: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

function Complaint({ item, survey }: { item: Item; survey: SurveyDefinition | undefined }) {
  const { t, lang } = useT();
  const [status, setStatus] = useState(item.status);
  const [note, setNote] = useState(item.note);
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const save = async () => {
    setState('saving');
    try {
      await apiSend('PATCH', `/complaints/${item.id}`, { status, note });
      setState('saved');
    } catch {
      setState('failed');
    }
  };
  const questions = survey?.sections.flatMap((s) => s.questions) ?? [];
  const topic = item.answers.topic as unknown;
  return (
    <li class="card complaint">
      <details>
        <summary>
          <strong>{typeof topic === 'string' ? topic : item.id.slice(0, 8)}</strong>{' '}
          <span class={`status status-${status}`}>{t(`admin.status.${status}`)}</span>
          <small class="muted"> · {formatDateTime(item.completedAt, lang)}</small>
        </summary>
        <dl>
          {survey &&
            questions
              .filter((q) => item.answers[q.id] !== undefined)
              .map((q) => (
                <div class={`review-item ${q.personal ? 'personal' : ''}`} key={q.id}>
                  <dt>{tr(q.label, lang)}</dt>
                  <dd>{answerText(survey, q, item.answers, lang, t)}</dd>
                </div>
              ))}
        </dl>
        <label class="field-label" for={`status-${item.id}`}>
          {t('admin.statusLabel')}
        </label>
        <select
          id={`status-${item.id}`}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as Item['status'])}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`admin.status.${s}`)}
            </option>
          ))}
        </select>
        <label class="field-label" for={`note-${item.id}`}>
          {t('admin.note')}
        </label>
        <textarea id={`note-${item.id}`} rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <div class="actions">
          <button type="button" class="button" disabled={state === 'saving'} onClick={() => void save()}>
            {t('admin.save')}
          </button>
          <span role="status" class="muted">
            {state === 'saved' ? t('admin.saved') : state === 'failed' ? t('admin.saveFailed') : ''}
          </span>
        </div>
      </details>
    </li>
  );
}

/** The inbox. */
export function ComplaintsInbox() {
  const { t } = useT();
  const [status, setStatus] = useState('');
  const [q, setQ] = useState('');
  const [data, setData] = useState<{ total: number; items: Item[] }>();
  const [surveys, setSurveys] = useState(new Map<string, SurveyDefinition>());
  useEffect(() => {
    const timer = setTimeout(() => {
      const params = new URLSearchParams();
      if (status) params.set('status', status);
      if (q) params.set('q', q);
      apiGet<{ total: number; items: Item[] }>(`/complaints?${params}`)
        .then(async (r) => {
          const needed = [...new Set(r.items.map((i) => `${i.surveyId}@${i.surveyVersion}`))].filter(
            (k) => !surveys.has(k),
          );
          const loaded = await Promise.all(
            needed.map(async (k) => {
              const [id, version] = k.split('@');
              return [
                k,
                await apiGet<SurveyDefinition>(`/surveys/${encodeURIComponent(id ?? '')}?version=${version}`),
              ] as const;
            }),
          );
          if (loaded.length) setSurveys(new Map([...surveys, ...loaded]));
          setData(r);
        })
        .catch(() => setData({ total: 0, items: [] }));
    }, 250);
    return () => clearTimeout(timer);
  }, [status, q, surveys]);
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('admin.complaints')}</h1>
      <p class="muted">{t('admin.inboxPrivacy')}</p>
      <div class="filters">
        <label>
          <span>{t('admin.statusLabel')}</span>
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t('admin.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.searchAnswers')}</span>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </div>
      <p class="muted" aria-live="polite">
        {data ? t('admin.inboxCount', { count: data.total }) : t('common.loading')}
      </p>
      <ul class="cards">
        {data?.items.map((item) => (
          <Complaint key={item.id} item={item} survey={surveys.get(`${item.surveyId}@${item.surveyVersion}`)} />
        ))}
      </ul>
    </section>
  );
}
