/**
 * "สิ่งที่เราทำจากเสียงของท่าน" on the public page: each published improvement action with its
 * owner, dates, status, progress (a bar, and the same figure written out for those who cannot
 * see it), its steps and what it answers.
 */
import { formatDate } from '../../core/format.js';
import { useT } from '../hooks.js';
import type { PublicAction } from './public-data.js';
import './actions.css';

const STATUSES = ['planned', 'in_progress', 'done', 'delayed', 'cancelled'];
const KINDS = ['gap', 'ipa', 'topic', 'activity'];

function ActionCard({ a }: { a: PublicAction }) {
  const { t, lang } = useT();
  const percent = Math.max(0, Math.min(100, Math.round(a.progress)));
  const period =
    a.startsOn && a.endsOn
      ? t('public.actions.period', { from: formatDate(a.startsOn, lang), to: formatDate(a.endsOn, lang) })
      : a.startsOn
        ? t('public.actions.from', { from: formatDate(a.startsOn, lang) })
        : a.endsOn
          ? t('public.actions.until', { to: formatDate(a.endsOn, lang) })
          : '';
  const answers = a.findings.filter((f) => KINDS.includes(f.kind));
  return (
    <article class="card public-card public-action">
      <h3>{a.title}</h3>
      <p class="muted">
        {[a.owner && t('public.actions.owner', { owner: a.owner }), period].filter(Boolean).join(' · ')}
      </p>
      {a.description && <p>{a.description}</p>}
      <p class={`action-status action-${a.status}`}>
        {STATUSES.includes(a.status) ? t(`public.actions.status.${a.status}`) : a.status}
        {' · '}
        <span>{t('public.actions.progress', { percent })}</span>
      </p>
      <div class={a.status === 'done' ? 'action-bar bar-done' : 'action-bar'} aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </div>
      {answers.length > 0 && (
        <>
          <h4>{t('public.actions.answers')}</h4>
          <ul class="action-answers">
            {answers.map((f, i) => (
              <li key={i}>
                {t(`public.actions.kind.${f.kind}`)}
                {f.label && `: ${(lang === 'en' && f.label.en) || f.label.th}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {a.milestones.length > 0 && (
        <>
          <h4>{t('public.actions.milestones')}</h4>
          <ol class="action-steps">
            {a.milestones.map((m, i) => (
              <li key={i} class={m.doneOn ? 'step-done' : undefined}>
                {m.title}
                <span class="muted">
                  {' '}
                  (
                  {[
                    m.dueOn && t('public.actions.due', { date: formatDate(m.dueOn, lang) }),
                    m.doneOn
                      ? t('public.actions.done', { date: formatDate(m.doneOn, lang) })
                      : t('public.actions.notDone'),
                  ]
                    .filter(Boolean)
                    .join(', ')}
                  )
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}

/** The published actions of the year, or a line saying there are none yet. */
export function PublicActions({ actions }: { actions: PublicAction[] | null }) {
  const { t } = useT();
  if (!actions?.length) return <p>{t('public.actions.none')}</p>;
  return (
    <>
      <p>{t('public.actions.intro')}</p>
      {actions.map((a) => (
        <ActionCard key={a.id} a={a} />
      ))}
    </>
  );
}
