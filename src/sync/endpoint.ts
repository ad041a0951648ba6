/**
 * Where the office's endpoint is: `config.json` beside index.html says (`{"endpoint": "/api/v1"}`),
 * so an office can host the app and the endpoint apart without rebuilding. The last answer is
 * kept on the device for offline starts and for the service worker.
 */
import { getSetting, setSetting } from '../db/settings.js';

/** The endpoint when nothing says otherwise: the same host as the app. */
export const DEFAULT_ENDPOINT = '/api/v1';
const KEY = 'endpoint';

/** Reads config.json (falling back to the last known endpoint); returns an absolute URL. */
export async function loadEndpoint(
  origin: string = globalThis.location.origin,
  doFetch: typeof fetch = fetch,
): Promise<string> {
  let endpoint: string | undefined;
  try {
    const response = await doFetch(new URL('/config.json', origin), { cache: 'no-cache' });
    if (response.ok) {
      const config = (await response.json()) as { endpoint?: unknown };
      if (typeof config.endpoint === 'string' && config.endpoint.trim()) endpoint = config.endpoint.trim();
    }
  } catch {
    // Offline: use what the device knew.
  }
  if (endpoint) await setSetting(KEY, endpoint).catch(() => undefined);
  else endpoint = (await getSetting<string>(KEY).catch(() => undefined)) ?? DEFAULT_ENDPOINT;
  return new URL(endpoint, origin).toString().replace(/\/$/, '');
}
