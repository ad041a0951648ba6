/**
 * The page's side of sending. The machinery (src/app/sync-runtime.ts) is its own chunk, loaded
 * after the first screen; this module only knows where the endpoint is and forwards calls.
 */
import { countWaiting } from '../db/outbox.js';
import { loadEndpoint } from '../sync/endpoint.js';
import type { SyncOutcome } from '../sync/sync.js';

let endpoint: Promise<string> | undefined;
let runtime: Promise<typeof import('./sync-runtime.js')> | undefined;
const load = () => {
  runtime ??= import('./sync-runtime.js');
  return runtime;
};

/** The endpoint's absolute URL (config.json, read once per page load). */
export function currentEndpoint(): Promise<string> {
  endpoint ??= loadEndpoint();
  return endpoint;
}

function begin(): void {
  load()
    .then((m) => m.start())
    .catch((error: unknown) => console.error('sync could not start', error));
}

/**
 * Starts syncing in this page when there is something to send; until then only a listener waits
 * for the connection to come back, and the machinery is not even loaded.
 */
export function startSync(): void {
  const check = () => {
    countWaiting()
      .then((n) => {
        if (n > 0) {
          removeEventListener('online', check);
          begin();
        }
      })
      .catch(() => begin());
  };
  addEventListener('online', check);
  check();
}

/** "Send now". */
export async function sendNow(): Promise<SyncOutcome> {
  const runtime = await load();
  runtime.start();
  return runtime.sendNow();
}

/** Called after a response is completed: send it as soon as possible. */
export function afterSubmit(): void {
  load()
    .then((m) => {
      m.start();
      m.afterSubmit();
    })
    .catch((error: unknown) => console.error('sync could not start', error));
}
