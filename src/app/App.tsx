/**
 * The app frame: title bar, status line, notices, and the screen for the address. Respondents'
 * screens (home, surveys) show only whether the device is offline; the device's sending and
 * storage status, which leads to the officers' tools, is on officers' screens only. On a locked
 * kiosk the frame keeps respondents inside the kiosk's survey: no status line, no device screen,
 * no other survey, only the officer's PIN button.
 */
import { useEffect, useState } from 'preact/hooks';
import type { KioskSettings } from '../db/kiosk.js';
import { abandonDraftsIdleSince } from '../db/responses.js';
import { dropPrefetchedSession } from './use-survey-session.js';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { LazyAdmin } from './components/LazyAdmin.js';
import { lazy } from './components/lazy.js';
import { useOnline, useT } from './hooks.js';
import { isOfficerPath, markOfficerDevice } from './officer-device.js';
import { useSwState } from './sw-bridge.js';
import { match, navigate, onLinkClick, useLocation } from './router.js';
import { SurveyScreen } from './screens/SurveyScreen.js';
import { kioskHint, setKioskUnlocked, useKiosk } from './kiosk/state.js';
import { Redirect } from './components/Redirect.js';

// The home page is not on a survey link's way to the first question: its own chunk.
const SurveyList = lazy(() => import('./screens/SurveyList.js').then((m) => m.SurveyList));
const DeviceScreen = lazy(() => import('./screens/DeviceScreen.js').then((m) => m.DeviceScreen));
const LinksScreen = lazy(() => import('./screens/LinksScreen.js').then((m) => m.LinksScreen));
const KioskSetup = lazy(() => import('./kiosk/KioskSetup.js').then((m) => m.KioskSetup));
const KioskPanel = lazy(() => import('./kiosk/KioskPanel.js').then((m) => m.KioskPanel));
const PinDialog = lazy(() => import('./kiosk/PinDialog.js').then((m) => m.PinDialog));
// The service worker's notices come late (after it installs): their code too.
const Notices = lazy(() => import('./components/Notices.js').then((m) => m.Notices), { quiet: true });
/** Plain http off this machine, or a browser without service workers: the notices say so. */
const offlineImpossible = typeof window !== 'undefined' && (!window.isSecureContext || !('serviceWorker' in navigator));
// Officers' screens only: its code stays out of a respondent's first load.
const StatusBar = lazy(() => import('./components/StatusBar.js').then((m) => m.StatusBar), { quiet: true });
// Any other address: the public page (/p) or "not found", both out of a respondent's first load.
const Elsewhere = lazy(() => import('./public/Elsewhere.js').then((m) => m.Elsewhere));

/** What a respondent is told about the device: only that it is offline, and that this is fine. */
function OfflineNote() {
  const { t } = useT();
  const online = useOnline();
  return (
    <div class="status-bar" role="status" aria-live="polite">
      {!online && (
        <span class="pill pill-offline">
          <span class="dot" aria-hidden="true" />
          {t('status.offline')}
        </span>
      )}
    </div>
  );
}

/** `/s/:survey/:step?` as a survey screen (undefined for any other path). */
function surveyRoute(path: string, query: URLSearchParams, more: { kiosk?: KioskSettings; query?: URLSearchParams }) {
  const survey = match('/s/:survey/:step?', path);
  if (!survey?.survey) return undefined;
  return (
    <SurveyScreen
      key={survey.survey}
      surveyId={survey.survey}
      step={survey.step}
      check={query.get('check') === '1'}
      responseId={query.get('r') ?? undefined}
      {...more}
    />
  );
}

/** The only screens of a locked kiosk: its survey, from notice to thank-you. */
function KioskScreen({ kiosk }: { kiosk: KioskSettings }) {
  const { path, query } = useLocation();
  const base = `/s/${encodeURIComponent(kiosk.surveyId)}`;
  const screen = surveyRoute(path, query, { kiosk });
  if (screen?.props.surveyId !== kiosk.surveyId) return <Redirect to={base} />;
  return screen;
}

function Screen({ kiosk }: { kiosk: KioskSettings | null }) {
  const { path, query } = useLocation();
  if (path === '/' || path === '/index.html') return <SurveyList />;
  if (path.startsWith('/device')) return <DeviceScreen />;
  if (path === '/links') return <LinksScreen />;
  if (path === '/kiosk') return kiosk ? <KioskPanel kiosk={kiosk} /> : <KioskSetup />;
  if (path === '/admin' || path.startsWith('/admin/')) return <LazyAdmin />;
  return surveyRoute(path, query, { query }) ?? <Elsewhere path={path} />;
}

/**
 * When the page opens on a kiosk, drafts left idle longer than the kiosk allows (the tablet was
 * put away mid-response, the browser was closed) are set aside before anyone sees them.
 */
function useKioskStartup(kiosk: KioskSettings | null | undefined): boolean {
  const [ready, setReady] = useState(false);
  const surveyId = kiosk?.surveyId;
  useEffect(() => {
    if (kiosk === undefined) return;
    if (!kiosk) return setReady(true);
    // The survey screen must not open with a draft read before this (see prefetchSession).
    dropPrefetchedSession();
    const before = new Date(Date.now() - kiosk.idleMinutes * 60_000);
    abandonDraftsIdleSince(kiosk.surveyId, before)
      .catch(() => 0) // a storage problem shows on the survey screen itself
      .finally(() => setReady(true));
  }, [kiosk === undefined, surveyId]);
  return ready;
}

/** The whole app. */
export function App() {
  const { t } = useT();
  const { kiosk, unlocked } = useKiosk();
  const [asking, setAsking] = useState(false);
  const ready = useKioskStartup(kiosk);
  const locked = kiosk != null && !unlocked;
  const { path } = useLocation();
  const sw = useSwState();
  const officers = !locked && isOfficerPath(path);
  const staff = path === '/admin' || path.startsWith('/admin/');
  useEffect(() => {
    if (officers) markOfficerDevice();
  }, [officers]);
  const brand = (
    <>
      <span class="brand-th">{t('app.name')}</span>
      <span class="brand-sub">{t('app.tagline')}</span>
    </>
  );
  return (
    <>
      <a class="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header class="topbar">
        {locked ? (
          <span class="brand">{brand}</span>
        ) : (
          <a class="brand" href="/" onClick={onLinkClick}>
            {brand}
          </a>
        )}
        <div class="topbar-tools">
          {locked && (
            <button type="button" class="button-small officer-button" onClick={() => setAsking(true)}>
              {t('kiosk.officer')}
            </button>
          )}
          <LanguageSwitch />
        </div>
      </header>
      {/* The staff screens say themselves when the office cannot be reached. */}
      {!staff && (officers ? <StatusBar /> : !locked && <OfflineNote />)}
      {kiosk && unlocked && (
        <div class="kiosk-bar" role="status">
          <span>{t('kiosk.paused')}</span>
          <a class="pill pill-link" href="/kiosk" onClick={onLinkClick}>
            {t('kiosk.panelLink')}
          </a>
        </div>
      )}
      {/* Staff screens are not told the app works offline: it would cover their editor. */}
      {((sw.offlineReady && !staff) || sw.updateWaiting || offlineImpossible) && (
        <Notices inSurvey={path.startsWith('/s/')} staff={staff} />
      )}
      <main id="main">
        {kiosk === undefined ? (
          // Not read yet: a device that was not a kiosk last time shows its screen at once.
          kioskHint() ? null : (
            <Screen kiosk={null} />
          )
        ) : kiosk && !ready ? null : locked && kiosk ? (
          <KioskScreen kiosk={kiosk} />
        ) : (
          <Screen kiosk={kiosk} />
        )}
      </main>
      {asking && (
        <PinDialog
          onClose={() => setAsking(false)}
          onUnlocked={() => {
            setAsking(false);
            setKioskUnlocked(true);
            navigate('/kiosk');
          }}
        />
      )}
    </>
  );
}
