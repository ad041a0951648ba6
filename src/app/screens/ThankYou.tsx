/**
 * After submitting: thanks, and where this response is now (live). A kiosk starts a fresh
 * response for the next person (by itself after a few seconds); a device officers use offers it
 * too; a respondent's own phone does not (one person, one response).
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import type { SurveyDefinition } from '../../core/survey.js';
import type { KioskSettings } from '../../db/kiosk.js';
import { observeOutboxEntry } from '../../db/outbox-entries.js';
import { useObservable, useOnline, useT } from '../hooks.js';
import { navigate, onLinkClick } from '../router.js';
import { addLaterStrings } from '../later-strings.js';
import { isOfficerDevice } from '../officer-device.js';
import { lazy } from '../components/lazy.js';

addLaterStrings();

/**
 * What comes after the thanks: on a kiosk, the countdown to the next person and a button to start
 * at once; elsewhere the way home, and on a device officers use, a new response.
 */
export function ThankYouActions({ survey, kiosk }: { survey: SurveyDefinition; kiosk?: KioskSettings | undefined }) {
  const { t } = useT();
  const start = `/s/${encodeURIComponent(survey.id)}`;
  const [left, setLeft] = useState(kiosk?.thanksSeconds);
  useEffect(() => {
    if (!kiosk) return;
    const until = Date.now() + kiosk.thanksSeconds * 1000;
    const timer = setInterval(() => {
      const remaining = Math.ceil((until - Date.now()) / 1000);
      if (remaining <= 0) {
        clearInterval(timer);
        navigate(start, { replace: true });
      } else setLeft(remaining);
    }, 500);
    return () => clearInterval(timer);
  }, [kiosk?.thanksSeconds, start]);
  return kiosk ? (
    <div class="stack">
      <p class="muted" data-testid="kiosk-countdown">
        {t('kiosk.nextIn', { count: left ?? kiosk.thanksSeconds })}
      </p>
      <a
        class="button"
        href={start}
        onClick={(e) => {
          e.preventDefault();
          navigate(start, { replace: true });
        }}
      >
        {t('kiosk.next')}
      </a>
    </div>
  ) : (
    <div class="stack">
      <a class="button" href="/" onClick={onLinkClick}>
        {t('thanks.home')}
      </a>
      {isOfficerDevice() && (
        <a class="button button-secondary" href={start} onClick={onLinkClick}>
          {t('thanks.another')}
        </a>
      )}
    </div>
  );
}

// A complaint has its own thank-you (its receipt number, the office's promise, how to follow up),
// loaded from here so that nothing of it weighs on a respondent's first load.
const ComplaintThankYou = lazy(() => import('./ComplaintThankYou.js').then((m) => m.ComplaintThankYou));

interface ThankYouProps {
  survey: SurveyDefinition;
  responseId: string | undefined;
  kiosk?: KioskSettings | undefined;
}

/** The thank-you screen: a survey's, or a complaint's own. */
export function ThankYou(props: ThankYouProps) {
  return props.survey.kind === 'complaint' ? <ComplaintThankYou {...props} /> : <SurveyThankYou {...props} />;
}

/** A survey's thank-you. */
function SurveyThankYou({ survey, responseId, kiosk }: ThankYouProps) {
  const { t, lang } = useT();
  const online = useOnline();
  const entry = useObservable(() => observeOutboxEntry(responseId ?? ''), [responseId]).value;
  const sent = entry?.state === 'sent';
  let state: string;
  if (entry?.state === 'sent' && entry.sentAt) state = t('thanks.sent', { when: formatDateTime(entry.sentAt, lang) });
  else if (entry?.state === 'rejected') state = t('thanks.attention');
  else if (entry?.state === 'sending') state = t('thanks.sending');
  else state = online ? t('thanks.willSendOnline') : t('thanks.willSendOffline');
  return (
    <section aria-labelledby="thanks-title" class="thanks">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="thanks-title">{t('thanks.title')}</h1>
      {!sent && <p class="lead">{t('thanks.saved')}</p>}
      <p data-testid="response-state" aria-live="polite">
        {state}
      </p>
      <ThankYouActions survey={survey} kiosk={kiosk} />
    </section>
  );
}
