/**
 * The service worker: precaches the app shell, fonts, both languages and the shipped surveys
 * (Workbox, through vite-plugin-pwa's injectManifest), answers navigations with the app shell
 * offline, activates a new version only when the page asks (at a safe moment), and sends the
 * outbox when Background Sync says a connection is back.
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { ExpirationPlugin } from 'workbox-expiration';
import { NetworkFirst } from 'workbox-strategies';
import { loadEndpoint } from '../sync/endpoint.js';
import { ACTIVITY_SYNC_TAG, syncActivities } from '../sync/activities.js';
import { SYNC_TAG, syncOutbox } from '../sync/sync.js';
import { getDeviceCode } from '../db/activities.js';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

const manifest = self.__WB_MANIFEST;
precacheAndRoute(manifest);
cleanupOutdatedCaches();

// The first version takes control at once so the very first visit already works offline.
// Later versions wait in "waiting" until the page sends SKIP_WAITING.
clientsClaim();

// The Sarabun fonts the first screen uses (Thai and Latin, regular and semibold). When this worker
// serves the app shell (every visit after the first, at any address), the response asks the
// browser to preload them, so the first screen is laid out once, in its own font, instead of in a
// fallback font first and again when Sarabun arrives. The first visit, from the network, does not
// preload them: there they would compete with the app's code on a weak connection.
const preloadHeader = (pattern: RegExp) =>
  manifest
    .map((entry) => (typeof entry === 'string' ? entry : entry.url))
    .filter((url) => pattern.test(url))
    .map((url) => `</${url.replace(/^\//, '')}>; rel=preload; as=font; type="font/woff2"; crossorigin`)
    .join(', ');
const fontPreloads = preloadHeader(/sarabun-(thai|latin)-(400|600)-normal-[\w-]+\.woff2$/);
// The public page's own entry (public.html, for /p and /track) loads the regular weight only.
const publicFontPreloads = preloadHeader(/sarabun-(thai|latin)-400-normal-[\w-]+\.woff2$/);
const PUBLIC_PAGE = /^\/(p|track)(\/|\?|$)/;

// On the precache's own strategy, so both ways the shell is served (the precached "/" and the
// navigation route below) carry the header.
addPlugins([
  {
    handlerWillRespond: async ({ request, response }) => {
      const path = new URL(request.url).pathname;
      const shell = request.mode === 'navigate' || path === '/index.html' || path === '/public.html';
      const preloads = PUBLIC_PAGE.test(path) || path === '/public.html' ? publicFontPreloads : fontPreloads;
      if (!shell || !preloads || !response.ok) return response;
      const headers = new Headers(response.headers);
      headers.append('Link', preloads);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },
  },
]);

// The public page (/p, /p/<year>) and a complaint's tracking page (/track) have their own light
// page, public.html; every other address of the app gets the app shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/public.html'), { allowlist: [PUBLIC_PAGE] }));
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/healthz/, PUBLIC_PAGE],
  }),
);

// The endpoint configuration may change without a new app version: fresh when online.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === '/config.json',
  new NetworkFirst({ cacheName: 'siang-config', networkTimeoutSeconds: 3 }),
);

// The public page's data (/p): fresh when online, the last copy when not, so a parent who opened
// the page once reads it offline; kept for 90 days (the page says how old it is).
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin && url.pathname.startsWith('/api/v1/public/') && request.method === 'GET',
  new NetworkFirst({
    cacheName: 'siang-public',
    networkTimeoutSeconds: 4,
    // Its optional hooks are typed without exactOptionalPropertyTypes in mind.
    plugins: [
      new ExpirationPlugin({
        maxEntries: 120,
        maxAgeSeconds: 90 * 24 * 3600,
        purgeOnQuotaError: true,
      }) as WorkboxPlugin,
    ],
  }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync: the browser wakes the worker when a connection is back, even with the app
// closed. A failed run throws, so the browser tries again later.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    (async () => {
      const outcome = await syncOutbox({ endpoint: await loadEndpoint(self.location.origin) });
      if (outcome.kind === 'retry') throw new Error(`sync: ${outcome.reason}`);
    })(),
  );
});

// Activities recorded by officers (src/sync/activities.ts) wake the worker the same way.
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== ACTIVITY_SYNC_TAG) return;
  sync.waitUntil(
    (async () => {
      const token = await getDeviceCode();
      const outcome = await syncActivities({ endpoint: await loadEndpoint(self.location.origin), token });
      if (outcome.kind === 'retry') throw new Error(`activities: ${outcome.reason}`);
    })(),
  );
});
