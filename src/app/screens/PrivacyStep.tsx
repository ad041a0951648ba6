/** The survey's privacy notice, read and accepted before the first question. */
import { tr } from '../../core/answers.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { presetSummary } from '../components/preset-summary.js';
import { useT } from '../hooks.js';
import { onLinkClick } from '../router.js';

/** The notice with "accept and start" and "back". */
export function PrivacyStep({
  survey,
  onAccept,
  busy,
  presets = {},
  kiosk = false,
}: {
  survey: SurveyDefinition;
  onAccept: () => void;
  busy: boolean;
  /** Answers a link or the kiosk fills in advance, shown before the person starts. */
  presets?: Readonly<Record<string, string>>;
  /** On a kiosk there is nowhere to go back to. */
  kiosk?: boolean;
}) {
  const { t, lang } = useT();
  const preset = presetSummary(survey, presets, lang);
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
      {preset.length > 0 && (
        <div class="banner banner-info" data-testid="presets">
          <p>{t('presets.intro')}</p>
          <ul class="plain-list">
            {preset.map((p) => (
              <li key={p.label}>
                <span class="preset-label">{p.label}</span> <strong>{p.value}</strong>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="nav-buttons">
        {!kiosk && (
          <a class="button button-secondary" href="/" onClick={onLinkClick}>
            {t('common.back')}
          </a>
        )}
        <button type="button" class="button" onClick={onAccept} disabled={busy}>
          {t('privacy.accept')}
        </button>
      </div>
    </section>
  );
}
