/**
 * Where the app gets survey definitions: the office's endpoint (published versions), or, when it
 * cannot be reached, the surveys shipped with the app (`/surveys/index.json`, precached). Both
 * are kept in the device database so every version a draft or response refers to stays
 * readable offline.
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

let refreshing: Promise<void> | undefined;

interface PublishedEntry {
  id: string;
  version: number;
}

/** The published surveys from the office's endpoint (the newest version of each). */
async function fetchPublished(): Promise<void> {
  const base = await currentEndpoint();
  const response = await fetch(`${base}/surveys`, { credentials: 'omit' });
  if (!response.ok) throw new Error(`surveys: HTTP ${response.status}`);
  const { surveys } = (await response.json()) as { surveys: PublishedEntry[] };
  const definitions = await Promise.all(
    surveys.map(async (entry) => {
      const known = await getSurvey(entry.id, entry.version);
      if (known) return known;
      const r = await fetch(`${base}/surveys/${encodeURIComponent(entry.id)}?version=${entry.version}`, {
        credentials: 'omit',
      });
      if (!r.ok) throw new Error(`survey ${entry.id}: HTTP ${r.status}`);
      return (await r.json()) as SurveyDefinition;
    }),
  );
  await storeSurveys(definitions);
}

/** The surveys shipped with the app (precached), for a first start without the endpoint. */
async function fetchShipped(): Promise<void> {
  const response = await fetch('/surveys/index.json');
  if (!response.ok) throw new Error(`catalogue: HTTP ${response.status}`);
  const entries = (await response.json()) as CatalogEntry[];
  const definitions = await Promise.all(
    entries.map(async (entry) => {
      const known = await getSurvey(entry.id, entry.version);
      if (known) return known;
      const r = await fetch(`/${entry.file}`);
      if (!r.ok) throw new Error(`${entry.file}: HTTP ${r.status}`);
      return (await r.json()) as SurveyDefinition;
    }),
  );
  await storeSurveys(definitions);
}

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

/** The newest version of every survey on the device, after a refresh attempt. */
export async function listSurveys(): Promise<SurveyDefinition[]> {
  await refreshSurveys();
  const all = await latestSurveys();
  return all.sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'survey' ? -1 : 1));
}

/** A survey at a version (a draft's), or its newest version when no version is asked for. */
export async function loadSurvey(id: string, version?: number): Promise<SurveyDefinition | undefined> {
  if (version !== undefined) {
    const exact = await getSurvey(id, version);
    if (exact) return exact;
  }
  await refreshSurveys();
  if (version !== undefined) return getSurvey(id, version);
  return (await latestSurveys()).find((s) => s.id === id);
}
