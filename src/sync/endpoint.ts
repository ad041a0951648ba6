/**
 * Where the office's endpoint is: `config.json` beside index.html says (`{"endpoint": "/api/v1"}`),
 * so an office can host the app and the endpoint apart without rebuilding. The last answer is
 * kept on the device: later starts use it at once (and offline, and in the service worker) while
 * config.json is read again in the background.
 */
import { getSetting, setSetting } from '../db/settings.js';

/** The endpoint when nothing says otherwise: the same host as the app. */
export const DEFAULT_ENDPOINT = '/api/v1';
const KEY = 'endpoint';

async function readConfig(origin: string, doFetch: typeof fetch): Promise<string | undefined> {
  try {
    const response = await doFetch(new URL('/config.json', origin), { cache: 'no-cache' });
    if (!response.ok) return undefined;
    const config = (await response.json()) as { endpoint?: unknown };
    if (typeof config.endpoint !== 'string' || !config.endpoint.trim()) return undefined;
    const endpoint = config.endpoint.trim();
    await setSetting(KEY, endpoint).catch(() => undefined);
    return endpoint;
  } catch {
    return undefined; // offline: the device's copy serves
  }
}

/** The endpoint as an absolute URL: the device's copy when it has one, else config.json's. */
export async function loadEndpoint(
  origin: string = globalThis.location.origin,
  doFetch: typeof fetch = fetch,
): Promise<string> {
  const known = await getSetting<string>(KEY).catch(() => undefined);
  const fresh = readConfig(origin, doFetch);
  const endpoint = known ?? (await fresh) ?? DEFAULT_ENDPOINT;
  return new URL(endpoint, origin).toString().replace(/\/$/, '');
}
