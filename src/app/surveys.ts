/**
 * Where the app gets survey definitions: the published catalogue (`/surveys/index.json`,
 * precached by the service worker), kept in the device database so every version a draft or
 * response refers to stays readable offline.
 */
import type { LocalizedText, SurveyDefinition } from '../core/survey.js';
import { getSurvey, latestSurveys, storeSurveys } from '../db/surveys.js';

interface CatalogEntry {
  id: string;
  version: number;
  kind: SurveyDefinition['kind'];
  title: LocalizedText;
  file: string;
}

let refreshing: Promise<void> | undefined;

async function fetchCatalog(): Promise<void> {
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
  refreshing ??= fetchCatalog().catch((error: unknown) => {
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
