/**
 * The page's side of sending. The machinery (src/app/sync-runtime.ts) is its own chunk, loaded
 * after the first screen; this module only knows where the endpoint is and forwards calls.
 */
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

/** Starts syncing in this page. */
export function startSync(): void {
  load()
    .then((m) => m.start())
    .catch((error: unknown) => console.error('sync could not start', error));
}

/** "Send now". */
export async function sendNow(): Promise<SyncOutcome> {
  return (await load()).sendNow();
}

/** Called after a response is completed: send it as soon as possible. */
export function afterSubmit(): void {
  load()
    .then((m) => m.afterSubmit())
    .catch((error: unknown) => console.error('sync could not start', error));
}
