/**
 * The page's side of sending: starts the scheduler, offers "Send now", and after each submit
 * both syncs and asks for Background Sync (so the service worker sends even if the tab closes).
 */
import { countWaiting } from '../db/outbox.js';
import { loadEndpoint } from '../sync/endpoint.js';
import { SYNC_TAG, type SyncOutcome } from '../sync/sync.js';
import { SyncScheduler } from './sync-scheduler.js';

let scheduler: SyncScheduler | undefined;
let endpoint: Promise<string> | undefined;

/** The endpoint's absolute URL (config.json, read once per page load). */
export function currentEndpoint(): Promise<string> {
  endpoint ??= loadEndpoint();
  return endpoint;
}

/** Starts syncing in this page. */
export function startSync(): void {
  if (scheduler) return;
  scheduler = new SyncScheduler(
    async () => ({ endpoint: await currentEndpoint() }),
    async () => (await countWaiting()) > 0,
  );
  scheduler.start();
}

/** "Send now". */
export function sendNow(): Promise<SyncOutcome | undefined> {
  return scheduler?.sendNow() ?? Promise.resolve(undefined);
}

async function requestBackgroundSync(): Promise<void> {
  const registration = await navigator.serviceWorker?.getRegistration();
  const sync = (
    registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
  )?.sync;
  await sync?.register(SYNC_TAG);
}

/** Called after a response is completed: send it as soon as possible. */
export function afterSubmit(): void {
  void scheduler?.kick();
  requestBackgroundSync().catch(() => undefined); // not every browser has Background Sync
}
