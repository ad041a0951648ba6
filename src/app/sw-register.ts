/**
 * The service worker's registration through workbox-window, loaded by `sw-bridge.ts` once the
 * first screen has settled (neither is needed to show it).
 */
import { Workbox } from 'workbox-window';
import { addLaterStrings } from './later-strings.js';

// The notices this module's events raise (`sw.*`) are among the later strings.
addLaterStrings();

const OFFLINE_READY_TOLD = 'siang.offlineReadyTold';
const HOUR = 60 * 60 * 1000;

/** What the page is told about its service worker. */
export interface SwEvents {
  /** The app was cached for offline use for the first time on this device. */
  offlineReady(): void;
  /** A new version is installed and waits. */
  updateWaiting(): void;
  /** A new service worker took control of the page. */
  controlling(): void;
}

/** Registers `/sw.js` and looks for updates now and then; returns the Workbox to apply one. */
export function register(events: SwEvents, url = '/sw.js'): Workbox {
  const wb = new Workbox(url);
  wb.addEventListener('installed', (event) => {
    if (event.isUpdate) return;
    if (localStorage.getItem(OFFLINE_READY_TOLD)) return;
    localStorage.setItem(OFFLINE_READY_TOLD, new Date().toISOString());
    events.offlineReady();
  });
  wb.addEventListener('waiting', () => events.updateWaiting());
  wb.addEventListener('controlling', () => events.controlling());
  wb.register().catch((error: unknown) => console.error('service worker registration failed', error));
  // Look for a new version now and then, and when the app comes back to the foreground.
  setInterval(() => void wb.update().catch(() => undefined), HOUR);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void wb.update().catch(() => undefined);
  });
  return wb;
}
