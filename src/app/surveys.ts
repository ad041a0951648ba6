/**
 * Where the app gets survey definitions: the device database first (every version a draft or
 * response refers to stays readable offline), refreshed in the background from the office's
 * endpoint (published versions) or, when it cannot be reached, from the surveys shipped with the
 * app (`/surveys/index.json`, precached by the service worker).
 */
import type { LocalizedText, SurveyDefinition } from '../core/survey.js';
import { getSurvey, latestSurveys, storeSurveys } from '../db/surveys.js';
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
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The published surveys from the office's endpoint (the newest version of each). */
async function fetchPublished(): Promise<void> {
  const base = await currentEndpoint();
  const { surveys } = await fetchJson<{ surveys: PublishedEntry[] }>(`${base}/surveys`);
  const definitions = await Promise.all(
    surveys.map(
      async (entry) =>
        (await getSurvey(entry.id, entry.version)) ??
        fetchJson<SurveyDefinition>(`${base}/surveys/${encodeURIComponent(entry.id)}?version=${entry.version}`),
    ),
  );
  await storeSurveys(definitions);
}

/** The surveys shipped with the app (precached), for a start without the endpoint. */
async function fetchShipped(): Promise<void> {
  const entries = await fetchJson<CatalogEntry[]>('/surveys/index.json');
  const definitions = await Promise.all(
    entries.map(
      async (entry) => (await getSurvey(entry.id, entry.version)) ?? fetchJson<SurveyDefinition>(`/${entry.file}`),
    ),
  );
  await storeSurveys(definitions);
}

let refreshing: Promise<void> | undefined;

/** Refreshes the device's copy of the catalogue once per page load (quietly offline). */
export function refreshSurveys(): Promise<void> {
  refreshing ??= fetchPublished()
    .catch(() => fetchShipped())
    .catch((error: unknown) => {
      refreshing = undefined;
      console.warn('surveys could not be refreshed; using the copies on this device', error);
    });
  return refreshing;
}

const byKind = (a: SurveyDefinition, b: SurveyDefinition) =>
  a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'survey' ? -1 : 1;

/**
 * The newest version of every survey on the device, at once when the device has any; `onFresh`
 * is called with the refreshed list when the background refresh brings something new.
 */
export async function listSurveys(onFresh?: (surveys: SurveyDefinition[]) => void): Promise<SurveyDefinition[]> {
  const local = (await latestSurveys()).sort(byKind);
  const refreshed = refreshSurveys().then(async () => (await latestSurveys()).sort(byKind));
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
    return version === undefined ? (await latestSurveys()).find((s) => s.id === id) : getSurvey(id, version);
  }
}

/**
 * A survey at a version (a draft's), or its newest version: from the device when it is there
 * (the catalogue is refreshed in the background), otherwise fetched.
 */
export async function loadSurvey(id: string, version?: number): Promise<SurveyDefinition | undefined> {
  const local = version === undefined ? (await latestSurveys()).find((s) => s.id === id) : await getSurvey(id, version);
  void refreshSurveys();
  return local ?? fetchOne(id, version);
}
