/**
 * What the officer sees after the PIN: the kiosk's survey and presets, how many responses were
 * taken today and how many were set aside, what waits to be sent; resume, or end kiosk mode.
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import type { SurveyDefinition } from '../../core/survey.js';
import type { KioskSettings } from '../../db/kiosk.js';
import { endKiosk } from '../../db/kiosk-officer.js';
import { observeOutboxCounts } from '../../db/outbox.js';
import { observeCountSince } from '../../db/response-counts.js';
import { presetSummary } from '../components/preset-summary.js';
import { useObservable, useT } from '../hooks.js';
import { navigate, onLinkClick } from '../router.js';
import { loadSurvey } from '../surveys.js';
import { setKioskUnlocked } from './state.js';
import { useStartOfToday } from './today.js';
import { addOfficerStrings } from '../officer-strings.js';

addOfficerStrings();

/** The officer's panel. */
export function KioskPanel({ kiosk }: { kiosk: KioskSettings }) {
  const { t, lang } = useT();
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [confirming, setConfirming] = useState(false);
  const today = useStartOfToday();
  const counts = useObservable(() => observeCountSince(kiosk.surveyId, today), [kiosk.surveyId, today.getTime()]).value;
  const outbox = useObservable(() => observeOutboxCounts()).value;
  useEffect(() => {
    void loadSurvey(kiosk.surveyId).then(setSurvey);
  }, [kiosk.surveyId]);
  const resume = () => {
    setKioskUnlocked(false);
    navigate(`/s/${encodeURIComponent(kiosk.surveyId)}`, { replace: true });
  };
  return (
    <section aria-labelledby="panel-title">
      <h1 id="panel-title">{t('kiosk.panel.title')}</h1>
      <p class="lead">{survey ? tr(survey.title, lang) : kiosk.surveyId}</p>
      {survey && (
        <ul class="plain-list">
          {presetSummary(survey, kiosk.presets, lang).map((p) => (
            <li key={p.label}>
              <span class="preset-label">{p.label}</span> <strong>{p.value}</strong>
            </li>
          ))}
        </ul>
      )}
      <p class="muted">{t('kiosk.panel.since', { when: formatDateTime(kiosk.since, lang) })}</p>
      <dl class="figures">
        <div>
          <dt class="figure-label">{t('kiosk.panel.today')}</dt>
          <dd class="figure-value" data-testid="kiosk-today">
            {counts?.completed ?? '…'}
          </dd>
        </div>
        <div>
          <dt class="figure-label">{t('kiosk.panel.setAside')}</dt>
          <dd class="figure-value" data-testid="kiosk-set-aside">
            {counts?.abandoned ?? '…'}
          </dd>
        </div>
        <div>
          <dt class="figure-label">{t('kiosk.panel.waiting')}</dt>
          <dd class="figure-value">{outbox ? outbox.waiting + outbox.sending : '…'}</dd>
        </div>
      </dl>
      <div class="stack">
        <button type="button" class="button" onClick={resume}>
          {t('kiosk.panel.resume')}
        </button>
        <a class="button button-secondary" href="/device" onClick={onLinkClick}>
          {t('kiosk.panel.device')}
        </a>
        <a class="button button-secondary" href="/links" onClick={onLinkClick}>
          {t('kiosk.panel.links')}
        </a>
        {confirming ? (
          <div class="banner banner-info" role="alert">
            <p>{t('kiosk.panel.endConfirm')}</p>
            <div class="nav-buttons">
              <button type="button" class="button button-secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                class="button"
                onClick={() =>
                  void endKiosk().then(() => {
                    setKioskUnlocked(false);
                    navigate('/', { replace: true });
                  })
                }
              >
                {t('kiosk.panel.end')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" class="button button-secondary" onClick={() => setConfirming(true)}>
            {t('kiosk.panel.end')}
          </button>
        )}
      </div>
    </section>
  );
}
