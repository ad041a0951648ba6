/** The survey's privacy notice, read and accepted before the first question. */
import { tr } from '../../core/answers.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { onLinkClick } from '../router.js';

/** The notice with "accept and start" and "back". */
export function PrivacyStep({
  survey,
  onAccept,
  busy,
}: {
  survey: SurveyDefinition;
  onAccept: () => void;
  busy: boolean;
}) {
  const { t, lang } = useT();
  return (
    <section aria-labelledby="privacy-title">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="privacy-title">{tr(survey.privacy.title, lang)}</h1>
      <div class="notice">
        {survey.privacy.body.map((p, i) => (
          // Paragraphs have no id of their own; their order is fixed by the notice's version.
          <p key={i}>{tr(p, lang)}</p>
        ))}
      </div>
      <p class="muted">{t('privacy.version', { version: survey.privacy.version })}</p>
      <div class="nav-buttons">
        <a class="button button-secondary" href="/" onClick={onLinkClick}>
          {t('common.back')}
        </a>
        <button type="button" class="button" onClick={onAccept} disabled={busy}>
          {t('privacy.accept')}
        </button>
      </div>
    </section>
  );
}
