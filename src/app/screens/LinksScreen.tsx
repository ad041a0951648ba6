/**
 * Officers and supervisors make a link to a survey with the school and group filled in, shown as
 * a QR code drawn on the device (no network needed), to copy, share or print. Opening the link
 * keeps the survey on the phone for offline use.
 */
import { SurveySelect, useSurveyChoice } from '../components/SurveyChoice.js';
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { readPresets, surveyLink } from '../../core/presets.js';
import { PresetPicker } from '../components/PresetPicker.js';
import { presetSummary } from '../components/preset-summary.js';
import { QrCode } from '../components/QrCode.js';
import { StorageErrorBanner } from '../components/StorageErrorBanner.js';
import { useT } from '../hooks.js';
import { addOfficerStrings } from '../officer-strings.js';

addOfficerStrings();

/** The link maker. */
export function LinksScreen() {
  const { t, lang } = useT();
  const { surveys, survey, surveyId, choose, presets, setPresets, error } = useSurveyChoice();
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const [training, setTraining] = useState(false);
  const valid = survey ? readPresets(survey, presets) : {};
  // A training link marks its responses as test data (the survey screen reads `training=1`).
  const link = survey ? surveyLink(location.origin, survey.id, training ? { ...valid, training: '1' } : valid) : '';
  useEffect(() => setCopied(undefined), [link]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      // No clipboard (plain http on an intranet, or refused): the link is selectable below.
      setCopied('failed');
    }
  };

  return (
    <section aria-labelledby="links-title">
      <h1 id="links-title">{t('links.title')}</h1>
      <p class="lead">{t('links.intro')}</p>
      <StorageErrorBanner error={error} />
      {surveys === undefined && !error && <p aria-busy="true">{t('common.loading')}</p>}
      {surveys && (
        <>
          <div class="field no-print">
            <label class="field-label" for="links-survey">
              {t('links.survey')}
            </label>
            <SurveySelect id="links-survey" surveys={surveys} value={surveyId} onChange={choose} />
          </div>
          {survey && (
            <div class="no-print">
              <PresetPicker survey={survey} value={presets} onChange={setPresets} />
              <div class="field">
                <label class="choice">
                  <input
                    type="checkbox"
                    checked={training}
                    aria-describedby="links-training-hint"
                    onChange={(e) => setTraining(e.currentTarget.checked)}
                  />
                  <span>{t('training.option')}</span>
                </label>
                <p class="field-hint" id="links-training-hint">
                  {t('training.linkHint')}
                </p>
              </div>
            </div>
          )}
          {survey && (
            <div class="qr-card" data-testid="qr-card">
              <h2>{tr(survey.title, lang)}</h2>
              {training && (
                <p class="banner banner-info" role="note">
                  <strong>{t('training.title')}</strong> {t('training.body')}
                </p>
              )}
              {presetSummary(survey, valid, lang).map((p) => (
                <p key={p.label}>
                  <span class="preset-label">{p.label}</span> <strong>{p.value}</strong>
                </p>
              ))}
              <QrCode text={link} label={t('links.qrLabel', { title: tr(survey.title, lang) })} />
              <label class="field-label" for="links-url">
                {t('links.url')}
              </label>
              <input id="links-url" type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
              <div class="nav-buttons no-print">
                <button type="button" class="button" onClick={() => void copy()}>
                  {t('links.copy')}
                </button>
                <button type="button" class="button button-secondary" onClick={() => print()}>
                  {t('links.print')}
                </button>
              </div>
              <p class="muted no-print" role="status">
                {copied === 'yes' ? t('links.copied') : copied === 'failed' ? t('links.copyFailed') : ''}
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
