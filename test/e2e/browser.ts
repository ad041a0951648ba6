/** Real Chromium for browser tests (Debian's /usr/bin/chromium, or CHROMIUM_PATH). */
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

/**
 * How long a browser test waits for a state (a screen, a message, a stored row) before it fails.
 * A ceiling, not a pause: every wait ends as soon as the state is there. CI runs on 2 shared cores
 * where the app's key derivation, IndexedDB and the service worker can take many seconds.
 */
export const STATE_TIMEOUT = 30_000;

/** Chromium's path on this machine. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium with the flags this sandbox needs (and `extraArgs`). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * A phone-sized context (360×740, touch) in a language; `options` adds to or overrides it. Its
 * pages wait up to `STATE_TIMEOUT` for a state.
 */
export async function phoneContext(
  browser: Browser,
  locale: 'th-TH' | 'en-US' = 'th-TH',
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    serviceWorkers: 'allow',
    ...options,
  });
  context.setDefaultTimeout(STATE_TIMEOUT);
  return context;
}
