/** Entry point: fonts, styles, strings, then the app and its service worker. */
import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/latin-400.css';
import '@fontsource/sarabun/thai-600.css';
import '@fontsource/sarabun/latin-600.css';
import './styles.css';
import { render } from 'preact';
import { App } from './App.js';
import { openDbEarly } from '../db/db.js';
import { initI18n } from './i18n.js';
import { registerServiceWorker } from './sw-bridge.js';
import { prefetchSession } from './use-survey-session.js';
import { startSync } from './sync-bridge.js';
import { keepThaiWordsWhole } from './thai-words.js';

/** How long after the page has loaded the service worker is registered. */
const SW_DELAY_MS = 2000;

function idle(work: () => void) {
  if ('requestIdleCallback' in globalThis) requestIdleCallback(work, { timeout: 2000 });
  else setTimeout(work, 200);
}

async function main() {
  openDbEarly();
  // A survey's address: its draft and definition are read while the strings load and the first
  // frame is drawn, instead of after.
  const survey = /^\/s\/([^/?#]+)/.exec(location.pathname)?.[1];
  try {
    if (survey) prefetchSession(decodeURIComponent(survey));
  } catch {
    // a malformed address: the router shows "not found" as usual
  }
  await initI18n();
  keepThaiWordsWhole();
  const root = document.getElementById('app');
  if (root) render(<App />, root);
  // Sending starts when the page is idle (and loads its code only if something waits).
  idle(startSync);
  // The service worker (and its precache, ~170 KB) waits until the page has loaded and settled,
  // so on a weak connection it does not compete with the first screen for bandwidth.
  const register = () =>
    setTimeout(
      () =>
        idle(() =>
          registerServiceWorker().catch((error: unknown) => console.error('service worker registration failed', error)),
        ),
      SW_DELAY_MS,
    );
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}

main().catch((error: unknown) => console.error('Siang failed to start', error));
