/** Entry point: fonts, styles, strings, then the app and its service worker. */
import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/latin-400.css';
import '@fontsource/sarabun/thai-600.css';
import '@fontsource/sarabun/latin-600.css';
import './styles.css';
import { render } from 'preact';
import { App } from './App.js';
import { initI18n } from './i18n.js';
import { registerServiceWorker } from './sw-bridge.js';
import { startSync } from './sync-bridge.js';

async function main() {
  await initI18n();
  const root = document.getElementById('app');
  if (root) render(<App />, root);
  // The service worker and sending start once the first screen is up, when the page is idle.
  const later = (work: () => void) =>
    'requestIdleCallback' in globalThis ? requestIdleCallback(work, { timeout: 2000 }) : setTimeout(work, 200);
  later(() => {
    registerServiceWorker().catch((error: unknown) => console.error('service worker registration failed', error));
    startSync();
  });
}

main().catch((error: unknown) => console.error('Siang failed to start', error));
