/**
 * The public page's own entry (`public.html`, served for `/p`, `/p/*` and a complaint's tracking
 * page `/track`): Preact, i18next, the pages and their strings, the regular Sarabun (bold is synthesised) and the styles. Not Dexie, not
 * the respondents' app: a parent's first load stays small (docs/participation.md).
 */
import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/latin-400.css';
import '../styles.css';
import { render } from 'preact';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useT } from '../hooks.js';
import { useLocation } from '../router.js';
import { registerServiceWorker } from '../sw-bridge.js';
import { keepThaiWordsWhole } from '../thai-words.js';
// Before the page: i18next must have started when the page's module adds its strings.
import { i18nReady } from './start.js';
import { PublicPage } from './PublicPage.js';
import { TrackPage } from './TrackPage.js';

/** The frame of the public pages: the title bar with the language switch, and the page. */
export function PublicApp() {
  const { t } = useT();
  const { path } = useLocation();
  return (
    <>
      <a class="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          <span class="brand-th">{t('app.name')}</span>
          <span class="brand-sub">{t('app.tagline')}</span>
        </a>
        <div class="topbar-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main">{/^\/track(\/|$)/.test(path) ? <TrackPage /> : <PublicPage />}</main>
    </>
  );
}

async function main() {
  await i18nReady;
  keepThaiWordsWhole();
  const root = document.getElementById('app');
  if (root) render(<PublicApp />, root);
  // The service worker keeps the page and its data for reading offline; it registers once the
  // page has loaded, so it does not compete with the page's data on a weak connection.
  const register = () => {
    registerServiceWorker().catch((error: unknown) => console.error('service worker registration failed', error));
  };
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}

main().catch((error: unknown) => console.error('Siang failed to start', error));
