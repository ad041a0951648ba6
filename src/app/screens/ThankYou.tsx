/** After submitting: thanks, where this response is now (live), and a fresh start for the next person. */
import { tr } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { observeOutboxEntry } from '../../db/outbox.js';
import { useObservable, useOnline, useT } from '../hooks.js';
import { onLinkClick } from '../router.js';

/** The thank-you screen. */
export function ThankYou({ survey, responseId }: { survey: SurveyDefinition; responseId: string | undefined }) {
  const { t, lang } = useT();
  const online = useOnline();
  const entry = useObservable(() => observeOutboxEntry(responseId ?? ''), [responseId]).value;
  let state: string;
  if (entry?.state === 'sent' && entry.sentAt) state = t('thanks.sent', { when: formatDateTime(entry.sentAt, lang) });
  else if (entry?.state === 'rejected') state = t('thanks.attention');
  else if (entry?.state === 'sending') state = t('thanks.sending');
  else state = online ? t('thanks.willSendOnline') : t('thanks.willSendOffline');
  return (
    <section aria-labelledby="thanks-title" class="thanks">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="thanks-title">{t('thanks.title')}</h1>
      <p class="lead">{t('thanks.saved')}</p>
      <p data-testid="response-state" aria-live="polite">
        {state}
      </p>
      <div class="stack">
        <a class="button" href={`/s/${encodeURIComponent(survey.id)}`} onClick={onLinkClick}>
          {t('thanks.another')}
        </a>
        <a class="button button-secondary" href="/" onClick={onLinkClick}>
          {t('thanks.home')}
        </a>
      </div>
    </section>
  );
}
