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
  registerServiceWorker();
  startSync();
}

main().catch((error: unknown) => console.error('Siang failed to start', error));
