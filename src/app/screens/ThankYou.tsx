/** After submitting: thanks, where the response is now, and a fresh start for the next person. */
import { tr } from '../../core/answers.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { useOnline, useT } from '../hooks.js';
import { onLinkClick } from '../router.js';

/** The thank-you screen. */
export function ThankYou({ survey }: { survey: SurveyDefinition }) {
  const { t, lang } = useT();
  const online = useOnline();
  return (
    <section aria-labelledby="thanks-title" class="thanks">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="thanks-title">{t('thanks.title')}</h1>
      <p class="lead">{t('thanks.saved')}</p>
      <p>{online ? t('thanks.willSendOnline') : t('thanks.willSendOffline')}</p>
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
