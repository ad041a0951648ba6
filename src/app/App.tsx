/** The app frame: title bar, status line, notices, and the screen for the address. */
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { LazyAdmin } from './components/LazyAdmin.js';
import { lazy } from './components/lazy.js';
import { Notices } from './components/Notices.js';
import { StatusBar } from './components/StatusBar.js';
import { useT } from './hooks.js';
import { match, onLinkClick, useLocation } from './router.js';
import { SurveyList } from './screens/SurveyList.js';
import { SurveyScreen } from './screens/SurveyScreen.js';

const DeviceScreen = lazy(() => import('./screens/DeviceScreen.js').then((m) => m.DeviceScreen));

function Screen() {
  const { t } = useT();
  const { path, query } = useLocation();
  if (path === '/' || path === '/index.html') return <SurveyList />;
  if (path === '/device') return <DeviceScreen />;
  if (path === '/admin' || path.startsWith('/admin/')) return <LazyAdmin />;
  const survey = match('/s/:survey/:step?', path);
  if (survey?.survey) {
    return (
      <SurveyScreen
        key={survey.survey}
        surveyId={survey.survey}
        step={survey.step}
        check={query.get('check') === '1'}
        responseId={query.get('r') ?? undefined}
      />
    );
  }
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <a class="button" href="/" onClick={onLinkClick}>
        {t('notFound.home')}
      </a>
    </section>
  );
}

/** The whole app. */
export function App() {
  const { t } = useT();
  return (
    <>
      <a class="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href="/" onClick={onLinkClick}>
          <span class="brand-th">{t('app.name')}</span>
          <span class="brand-sub">{t('app.tagline')}</span>
        </a>
        <LanguageSwitch />
      </header>
      <StatusBar />
      <Notices />
      <main id="main">
        <Screen />
      </main>
    </>
  );
}
