/**
 * The records screens' calls (GET /surveys/:id/records, GET /responses/:id, and the marks), and
 * what undoes each change: the inverse change, applied to the responses it changed.
 */
import type { Exclusion, RecordDetail, RecordItem, RecordList } from '../../../core/records.js';
import { apiDelete, apiGet, apiSend } from '../api.js';

/** The records list's filters, as they stand in the address. */
export interface RecordFilter {
  status: string;
  source: string;
  school: string;
  group: string;
  from: string;
  to: string;
  q: string;
  offset: number;
}

/** The filter keys kept in the address. */
export const FILTER_KEYS = ['status', 'source', 'school', 'group', 'from', 'to', 'q'] as const;

/** Reads the filters from the address. */
export function filterOf(query: URLSearchParams): RecordFilter {
  const get = (k: string) => query.get(k) ?? '';
  return {
    status: get('status'),
    source: get('source'),
    school: get('school'),
    group: get('group'),
    from: get('from'),
    to: get('to'),
    q: get('q'),
    offset: Math.max(Number(query.get('offset')) || 0, 0),
  };
}

/** The filters as a query string (empty values left out). */
export function queryOf(filter: RecordFilter): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filter[k]) q.set(k, filter[k]);
  if (filter.offset) q.set('offset', String(filter.offset));
  return q.toString();
}

/** A page of records. */
export const PAGE = 50;

/** Loads a page of a survey's records. */
export function loadRecords(surveyId: string, filter: RecordFilter): Promise<RecordList> {
  const q = new URLSearchParams(queryOf(filter));
  q.set('limit', String(PAGE));
  return apiGet<RecordList>(`/surveys/${encodeURIComponent(surveyId)}/records?${q}`);
}

/** Loads one response in full. */
export const loadRecord = (id: string) => apiGet<RecordDetail>(`/responses/${encodeURIComponent(id)}`);

/** A change staff make to some responses. */
export type Change =
  | { kind: 'exclusion'; exclusion: Exclusion | null; reason?: string | null }
  | { kind: 'delete' }
  | { kind: 'restore' };

/** Applies a change to responses of a survey; returns the records it changed, as they are now. */
export async function applyChange(surveyId: string, ids: readonly string[], change: Change): Promise<RecordItem[]> {
  if (change.kind === 'exclusion') {
    const body = { ids, exclusion: change.exclusion, reason: change.reason ?? null };
    const r = await apiSend<{ items: RecordItem[] }>(
      'POST',
      `/surveys/${encodeURIComponent(surveyId)}/records/exclusion`,
      body,
    );
    return r.items;
  }
  const changed: RecordItem[] = [];
  for (const id of ids) {
    const path = `/responses/${encodeURIComponent(id)}`;
    const r =
      change.kind === 'delete'
        ? await apiDelete<{ changed: number; record: RecordItem }>(path)
        : await apiSend<{ changed: number; record: RecordItem }>('POST', `${path}/restore`, {});
    if (r.changed) changed.push(r.record);
  }
  return changed;
}

/**
 * Undoes a change: records as they were before (`before`), for those that changed. Exclusions go
 * back mark by mark (a bulk change may have met several), a delete is restored and vice versa.
 */
export async function undoChange(surveyId: string, change: Change, before: readonly RecordItem[]): Promise<void> {
  if (change.kind === 'delete' || change.kind === 'restore') {
    await applyChange(
      surveyId,
      before.map((r) => r.id),
      { kind: change.kind === 'delete' ? 'restore' : 'delete' },
    );
    return;
  }
  const groups = new Map<string, { exclusion: Exclusion | null; reason: string | null; ids: string[] }>();
  for (const r of before) {
    const key = JSON.stringify([r.exclusion, r.exclusionReason]);
    const group = groups.get(key) ?? { exclusion: r.exclusion, reason: r.exclusionReason, ids: [] };
    group.ids.push(r.id);
    groups.set(key, group);
  }
  for (const g of groups.values())
    await applyChange(surveyId, g.ids, { kind: 'exclusion', exclusion: g.exclusion, reason: g.reason });
}
