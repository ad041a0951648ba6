/**
 * The supervisors' calls to the endpoint. Signed-in staff carry a session cookie (HttpOnly,
 * SameSite=Strict); a 401 sends the person to the sign-in screen.
 */
import type { ResultsFilter } from '../../core/results.js';
import { currentEndpoint } from '../sync-bridge.js';

/**
 * A failed call, with the server's message, its machine-readable `error` code and, when the
 * server said when to try again (Retry-After), after how many seconds.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const base = await currentEndpoint();
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      credentials: 'include',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'offline');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      data.message ?? response.statusText,
      data.error,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return data as T;
}

/** GET a JSON resource. */
export const apiGet = <T>(path: string) => call<T>('GET', path);
/** DELETE a resource. */
export const apiDelete = <T>(path: string) => call<T>('DELETE', path);
/** POST, PUT or PATCH JSON. */
export const apiSend = <T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown) =>
  call<T>(method, path, body);

/** The query string of a results filter. */
export function filterQuery(filter: ResultsFilter): string {
  const q = new URLSearchParams();
  if (filter.fiscalYear) q.set('fy', String(filter.fiscalYear));
  if (filter.from) q.set('from', filter.from);
  if (filter.to) q.set('to', filter.to);
  for (const s of filter.schools ?? []) q.append('school', s);
  for (const g of filter.groups ?? []) q.append('group', g);
  return q.toString();
}

/** The absolute URL of an export, for a download link. */
export async function exportUrl(
  surveyId: string,
  filter: ResultsFilter,
  format: 'csv' | 'xlsx' | 'json',
  labels: boolean,
  lang: string,
): Promise<string> {
  const base = await currentEndpoint();
  const q = new URLSearchParams(filterQuery(filter));
  q.set('format', format);
  if (labels) q.set('labels', 'labels');
  q.set('lang', lang);
  return `${base}/surveys/${encodeURIComponent(surveyId)}/responses?${q}`;
}

/** Who is signed in. */
export interface Me {
  name: string;
  role: 'admin' | 'supervisor';
  schools: string[] | null;
  /** Signed in with a temporary password: must choose their own first. */
  mustChangePassword?: boolean;
}
