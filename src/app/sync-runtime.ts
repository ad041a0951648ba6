/**
 * The sending machinery of the page (its own chunk, loaded after the first screen shows): the
 * scheduler and Background Sync registration.
 */
import { countWaiting } from '../db/outbox.js';
import { SYNC_TAG, type SyncOutcome } from '../sync/sync.js';
import { currentEndpoint } from './sync-bridge.js';
import { SyncScheduler } from './sync-scheduler.js';

const scheduler = new SyncScheduler(
  async () => ({ endpoint: await currentEndpoint() }),
  async () => (await countWaiting()) > 0,
);
let started = false;

/** Starts syncing in this page (once). */
export function start(): void {
  if (started) return;
  started = true;
  scheduler.start();
}

/** "Send now". */
export function sendNow(): Promise<SyncOutcome> {
  return scheduler.sendNow();
}

async function requestBackgroundSync(): Promise<void> {
  const registration = await navigator.serviceWorker?.getRegistration();
  const sync = (
    registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
  )?.sync;
  await sync?.register(SYNC_TAG);
}

/** After a submit: send now, and ask the browser to wake the service worker if the tab closes. */
export function afterSubmit(): void {
  void scheduler.kick();
  requestBackgroundSync().catch(() => undefined); // not every browser has Background Sync
}
