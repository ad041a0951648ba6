/**
 * Owns the service worker from the page's side: registration (in `sw-register.ts`), telling the
 * person once that the app now works offline, and offering a waiting update, applied only when
 * no response is open.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Workbox } from 'workbox-window';

/** What the page knows about its service worker. */
export interface SwState {
  /** The app was just cached for offline use (shown once). */
  offlineReady: boolean;
  /** A new version is installed and waits for the person's go-ahead. */
  updateWaiting: boolean;
  /** A response is being filled: updates wait until it is submitted or left. */
  responseOpen: boolean;
}

let state: SwState = { offlineReady: false, updateWaiting: false, responseOpen: false };
const listeners = new Set<(s: SwState) => void>();
let workbox: Workbox | undefined;
let reloadOnControl = false;

function set(change: Partial<SwState>) {
  state = { ...state, ...change };
  for (const listener of listeners) listener(state);
}

/**
 * Registers the service worker (production builds only). The registration and workbox-window
 * are their own chunk, loaded after the first screen has settled.
 */
export async function registerServiceWorker(): Promise<void> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  const { register } = await import('./sw-register.js');
  workbox = register({
    offlineReady: () => set({ offlineReady: true }),
    updateWaiting: () => set({ updateWaiting: true }),
    controlling: () => {
      // Only an update the person accepted reloads the page; the first install never does.
      if (reloadOnControl) location.reload();
    },
  });
}

/** Marks whether a response is being filled (the survey screens set this). */
export function setResponseOpen(open: boolean): void {
  if (state.responseOpen !== open) set({ responseOpen: open });
}

/** Applies the waiting update now; refused while a response is open. */
export function applyUpdate(): boolean {
  if (!workbox || !state.updateWaiting || state.responseOpen) return false;
  reloadOnControl = true;
  workbox.messageSkipWaiting();
  return true;
}

/** Hides the "works offline" notice once read. */
export function dismissOfflineReady(): void {
  set({ offlineReady: false });
}

/** The service worker state, live. */
export function useSwState(): SwState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return current;
}
