/**
 * The survey builder's calls to the endpoint (the routes of docs/api.md for drafts, publishing
 * and the collection window). Unlike `apiSend`, a failed call keeps the server's whole answer:
 * a 409 says who saved in between, a 422 lists the problems.
 */
import type { DefinitionProblem } from '../../../core/survey-validate.js';
import type { LocalizedText, SurveyDefinition } from '../../../core/survey.js';
import { currentEndpoint } from '../../sync-bridge.js';

/** A failed call with the server's answer (`status` 0 when the server could not be reached). */
export class SurveyApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

/** One published version of a survey, with its responses. */
export interface VersionEntry {
  version: number;
  publishedAt: string | null;
  publishedBy: string | null;
  responses: number;
}

/** Who saved a draft, and when. */
export interface DraftStamp {
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** A survey as the builder's list shows it. */
export interface AdminSurvey {
  id: string;
  kind: SurveyDefinition['kind'];
  title: LocalizedText;
  state: 'draft' | 'scheduled' | 'open' | 'closed';
  latestVersion: number | null;
  versions: VersionEntry[];
  draft: DraftStamp | null;
  window: { opensAt: string | null; closesAt: string | null; closedAt: string | null };
  responses: number;
  changedAt: string | null;
  changedBy: string | null;
}

/** A draft as stored on the server. */
export interface Draft extends DraftStamp {
  definition: SurveyDefinition;
  problems: DefinitionProblem[];
}

/** The answer to a saved draft. */
export interface Saved {
  id: string;
  revision: number;
  updatedAt: string;
  problems: DefinitionProblem[];
}

/** One change between the newest published version and the draft. */
export interface SurveyChange {
  severity: 'safe' | 'breaking';
  code: string;
  path: string;
  question?: string;
  option?: string;
  before?: unknown;
  after?: unknown;
}

/** A problem or warning of an XLSForm, at its place in the workbook. */
export interface XlsformIssue {
  sheet: string;
  row?: number;
  column?: string;
  message: string;
  /** What it is (docs/xlsform.md), worded by the screen; absent from an older server. */
  code?: string;
  params?: Record<string, string | number>;
}

async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const base = await currentEndpoint();
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      credentials: 'include',
      headers: body === undefined ? {} : { 'content-type': contentType },
      ...(body === undefined
        ? {}
        : { body: contentType === 'application/json' ? JSON.stringify(body) : (body as BodyInit) }),
    });
  } catch {
    throw new SurveyApiError(0, { error: 'offline' });
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new SurveyApiError(response.status, data);
  return data as T;
}

const at = (id: string) => `/surveys/${encodeURIComponent(id)}`;

/** Every survey the office has, published or drafted. */
export const listAdminSurveys = () => call<{ surveys: AdminSurvey[] }>('GET', '/admin/surveys').then((r) => r.surveys);
/** The draft of a survey; a 404 when there is none. */
export const getDraft = (id: string) => call<Draft>('GET', `${at(id)}/draft`);
/** Saves a draft; `revision` is the one it was edited from (none for a new draft). */
export const saveDraft = (definition: SurveyDefinition, revision?: number) =>
  call<Saved>('POST', '/surveys', revision === undefined ? { definition } : { definition, revision });
/** Throws a draft away. */
export const deleteDraft = (id: string) => call<void>('DELETE', `${at(id)}/draft`);
/** A published version (the newest without `version`). */
export const getPublished = (id: string, version?: number) =>
  call<SurveyDefinition>('GET', version === undefined ? at(id) : `${at(id)}?version=${version}`);
/** The changes the draft would publish. */
export const getDiff = (id: string) => call<{ base: number | null; changes: SurveyChange[] }>('GET', `${at(id)}/diff`);
/** Publishes the draft as a new version. */
export const publishDraft = (id: string, revision: number, confirmBreaking: boolean) =>
  call<{ id: string; version: number; changes: SurveyChange[] }>('POST', `${at(id)}/publish`, {
    revision,
    confirmBreaking,
  });
/** Opens or closes a survey by hand. */
export const setOpen = (id: string, open: boolean) => call<unknown>('POST', `${at(id)}/${open ? 'open' : 'close'}`, {});
/** Sets the collection window (ISO moments, or null for none). */
export const setWindow = (id: string, opensAt: string | null, closesAt: string | null) =>
  call<unknown>('PUT', `${at(id)}/window`, { opensAt, closesAt });
/** Checks an XLSForm workbook; the survey it holds when it has no problem. */
export const importXlsform = (file: Blob, name: string) =>
  call<{ status: string; survey: SurveyDefinition; warnings: XlsformIssue[] }>(
    'POST',
    `/surveys/import?name=${encodeURIComponent(name)}`,
    file,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );

/** The address of a survey's XLSForm export, for a download link. */
export async function xlsformUrl(id: string): Promise<string> {
  return `${await currentEndpoint()}${at(id)}?format=xlsform`;
}
