/**
 * Where the app gets survey definitions: the device database first (every version a draft or
 * response refers to stays readable offline), refreshed in the background from the office's
 * endpoint (published versions) or, when it cannot be reached, from the surveys shipped with the
 * app (`/surveys/index.json`, precached by the service worker). The office's name and DPO contact
 * (for the privacy notices) come with each refresh and are kept on the device (setting `office`).
 */
import type { PublicOffice } from '../core/office.js';
import type { LocalizedText, SurveyDefinition } from '../core/survey.js';
import { observeSetting, setSetting } from '../db/settings.js';
import { getSurvey, latestSurveys, newestSurvey, storeSurveys } from '../db/surveys.js';
import { currentEndpoint } from './sync-bridge.js';

interface CatalogEntry {
  id: string;
  version: number;
  kind: SurveyDefinition['kind'];
  title: LocalizedText;
  file: string;
}

interface PublishedEntry {
  id: string;
  version: number;
  /** When the survey takes responses (servers before the collection window send none). */
  window?: SurveyTimes;
}

/** When a survey opens and closes (ISO times, null for no limit), as the office's list gives it. */
export interface SurveyTimes {
  opensAt: string | null;
  closesAt: string | null;
}

/** The device setting holding each survey's collection window, by survey id. */
export const WINDOWS_SETTING = 'windows';

/** The windows the device last heard of, live (the list refresh updates them). */
export const observeWindows = () => observeSetting<Record<string, SurveyTimes>>(WINDOWS_SETTING);

/**
 * Why a survey takes no new responses now, by its window: closed (since `at`) or not yet open
 * (opens at `at`); undefined when it is open or the device knows no window.
 */
export function windowNotice(
  times: SurveyTimes | undefined,
  now = Date.now(),
): { state: 'closed' | 'scheduled'; at: string } | undefined {
  if (times?.closesAt && Date.parse(times.closesAt) <= now) return { state: 'closed', at: times.closesAt };
  if (times?.opensAt && Date.parse(times.opensAt) > now) return { state: 'scheduled', at: times.opensAt };
  return undefined;
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Fetches the versions the device does not have yet and stores them; a version already on the
 * device is never fetched or written again (a version's content never changes).
 */
async function fetchMissing(
  entries: readonly { id: string; version: number }[],
  url: (entry: { id: string; version: number }) => string,
): Promise<void> {
  const missing = await Promise.all(
    entries.map(async (entry) =>
      (await getSurvey(entry.id, entry.version)) ? undefined : fetchJson<SurveyDefinition>(url(entry)),
    ),
  );
  const fetched = missing.filter((d): d is SurveyDefinition => d !== undefined);
  if (fetched.length) await storeSurveys(fetched);
}

/** The device setting holding the office's public details. */
export const OFFICE_SETTING = 'office';

/** The office's name and DPO contact, kept on the device for the privacy notices offline. */
async function fetchOffice(base: string): Promise<void> {
  await setSetting(OFFICE_SETTING, await fetchJson<PublicOffice>(`${base}/office/contact`));
}

/** The published surveys from the office's endpoint (the newest version of each). */
async function fetchPublished(): Promise<void> {
  const base = await currentEndpoint();
  // An older server without the route, or a storage problem: the notice says the contact is not set.
  void fetchOffice(base).catch(() => undefined);
  const { surveys } = await fetchJson<{ surveys: PublishedEntry[] }>(`${base}/surveys`);
  await setSetting(WINDOWS_SETTING, Object.fromEntries(surveys.flatMap((s) => (s.window ? [[s.id, s.window]] : []))));
  await fetchMissing(surveys, (e) => `${base}/surveys/${encodeURIComponent(e.id)}?version=${e.version}`);
}

/** The surveys shipped with the app (precached), for a start without the endpoint. */
async function fetchShipped(): Promise<void> {
  const entries = await fetchJson<CatalogEntry[]>('/surveys/index.json');
  const files = new Map(entries.map((e) => [`${e.id}@${e.version}`, e.file]));
  await fetchMissing(entries, (e) => `/${files.get(`${e.id}@${e.version}`)}`);
}

let refreshing: Promise<void> | undefined;

/** Refreshes the device's copy of the catalogue once per page load (quietly offline). */
function refreshSurveys(): Promise<void> {
  refreshing ??= fetchPublished()
    .catch(() => fetchShipped())
    .catch((error: unknown) => {
      refreshing = undefined;
      console.warn('surveys could not be refreshed; using the copies on this device', error);
    });
  return refreshing;
}

/** How long after a survey screen opens the catalogue refresh waits (then for an idle moment). */
const REFRESH_DELAY_MS = 2000;
let waiting: Promise<void> | undefined;

/**
 * Refreshes the catalogue in the background once the page has settled and is idle: the copies on the device
 * serve the first screen, which the refresh (network, then database writes) must not slow down.
 */
function refreshLater(): Promise<void> {
  if (refreshing !== undefined) return refreshing;
  // One wait for however many screens ask while it runs (a survey screen asks at every open).
  waiting ??= new Promise((resolve) => {
    const run = () => {
      waiting = undefined;
      void refreshSurveys().then(resolve);
    };
    setTimeout(() => {
      if ('requestIdleCallback' in globalThis) requestIdleCallback(run, { timeout: 3000 });
      else run();
    }, REFRESH_DELAY_MS);
  });
  return waiting;
}

const byKind = (a: SurveyDefinition, b: SurveyDefinition) =>
  a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'survey' ? -1 : 1;

/**
 * The newest version of every survey on the device, at once when the device has any; `onFresh`
 * is called with the refreshed list when the background refresh brings something new.
 */
export async function listSurveys(onFresh?: (surveys: SurveyDefinition[]) => void): Promise<SurveyDefinition[]> {
  const local = (await latestSurveys()).sort(byKind);
  const refreshed = (local.length ? refreshLater() : refreshSurveys()).then(async () =>
    (await latestSurveys()).sort(byKind),
  );
  if (!local.length) return refreshed;
  if (onFresh) {
    void refreshed.then((fresh) => {
      const key = (list: SurveyDefinition[]) => list.map((s) => `${s.id}@${s.version}`).join();
      if (key(fresh) !== key(local)) onFresh(fresh);
    });
  }
  return local;
}

/** Fetches one survey (its newest, or a version) from the endpoint, else from the shipped ones. */
async function fetchOne(id: string, version?: number): Promise<SurveyDefinition | undefined> {
  try {
    const base = await currentEndpoint();
    const q = version === undefined ? '' : `?version=${version}`;
    const definition = await fetchJson<SurveyDefinition>(`${base}/surveys/${encodeURIComponent(id)}${q}`);
    await storeSurveys([definition]);
    return definition;
  } catch {
    await fetchShipped().catch(() => undefined);
    return version === undefined ? newestSurvey(id) : getSurvey(id, version);
  }
}

/**
 * A survey at a version (a draft's), or its newest version: from the device when it is there
 * (the catalogue is refreshed in the background), otherwise fetched.
 */
export async function loadSurvey(id: string, version?: number): Promise<SurveyDefinition | undefined> {
  const local = version === undefined ? await newestSurvey(id) : await getSurvey(id, version);
  void refreshLater();
  return local ?? fetchOne(id, version);
}
