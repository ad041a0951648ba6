/**
 * The case tracker's calls to the server (GET/PATCH /api/v1/complaints…, the templates, the
 * badge and the statistics) and the event other screens listen to when a case changes.
 */
import type {
  CaseEvent,
  CaseItem,
  CaseList,
  CaseStatus,
  CaseType,
  ComplaintStats,
  ReplyTemplate,
} from '../../../core/complaint-cases.js';
import { currentEndpoint } from '../../sync-bridge.js';
import { apiDelete, apiGet, apiSend } from '../api.js';

/** Sent on window when a case was opened or changed: the nav badge counts again. */
export const CASES_CHANGED = 'siang:cases-changed';

/** Tells the badge to count again. */
export function casesChanged(): void {
  window.dispatchEvent(new Event(CASES_CHANGED));
}

/** The list's filters, as in the address (`/admin/complaints?status=…`). */
export interface CaseFilter {
  status: CaseStatus | '';
  type: CaseType | '';
  assignee: string;
  overdue: boolean;
  q: string;
  offset: number;
}

/** Cases per page. */
export const PAGE = 50;

/** The filters in an address. */
export function filterOf(query: URLSearchParams): CaseFilter {
  return {
    status: (query.get('status') ?? '') as CaseFilter['status'],
    type: (query.get('type') ?? '') as CaseFilter['type'],
    assignee: query.get('assignee') ?? '',
    overdue: query.get('overdue') === '1',
    q: query.get('q') ?? '',
    offset: Math.max(0, Number(query.get('offset')) || 0),
  };
}

/** The address's query of filters (only what is set). */
export function queryOf(filter: CaseFilter): string {
  const q = new URLSearchParams();
  if (filter.status) q.set('status', filter.status);
  if (filter.type) q.set('type', filter.type);
  if (filter.assignee) q.set('assignee', filter.assignee);
  if (filter.overdue) q.set('overdue', '1');
  if (filter.q) q.set('q', filter.q);
  if (filter.offset) q.set('offset', String(filter.offset));
  return q.toString();
}

/** One page of cases with the units and people to assign. */
export const loadCases = (filter: CaseFilter) =>
  apiGet<CaseList & { units: string[]; people: string[] }>(`/complaints?${queryOf(filter)}&limit=${PAGE}`);

/** One case. */
export const loadCase = (id: string) =>
  apiGet<{ item: CaseItem; units: string[]; people: string[]; replyDays: number }>(
    `/complaints/${encodeURIComponent(id)}`,
  );

/** A case's history (reading it marks the case opened). */
export const loadHistory = (id: string) =>
  apiGet<{ events: CaseEvent[] }>(`/complaints/${encodeURIComponent(id)}/history`);

/** A change of a case. */
export type CaseChange = Partial<
  Pick<CaseItem, 'status' | 'note' | 'type' | 'assigneeUnit' | 'assigneeUser' | 'publicReply'>
> & { dueOn?: string | null };

/** Saves a change; answers the case's handling. */
export const changeCase = (id: string, change: CaseChange) =>
  apiSend<Omit<CaseItem, 'answers'>>('PATCH', `/complaints/${encodeURIComponent(id)}`, change);

/** New and overdue cases, for the nav badge. */
export const loadBadge = () => apiGet<{ new: number; overdue: number }>('/complaints/badge');

/** The reply templates. */
export const loadTemplates = () => apiGet<{ templates: ReplyTemplate[] }>('/complaint-templates');

/** Adds (no id) or replaces a template. */
export const saveTemplate = (template: { title: string; body: string }, id?: string) =>
  id
    ? apiSend<ReplyTemplate>('PUT', `/complaint-templates/${encodeURIComponent(id)}`, template)
    : apiSend<ReplyTemplate>('POST', '/complaint-templates', template);

/** Deletes a template. */
export const deleteTemplate = (id: string) => apiDelete(`/complaint-templates/${encodeURIComponent(id)}`);

/** A fiscal year's statistics. */
export const loadStats = (fiscalYear: number) => apiGet<ComplaintStats>(`/complaints/stats?fiscalYear=${fiscalYear}`);

/** The address of the statistics' download. */
export async function statsFileUrl(fiscalYear: number, format: 'csv' | 'xlsx', lang: string): Promise<string> {
  return `${await currentEndpoint()}/complaints/stats?fiscalYear=${fiscalYear}&format=${format}&lang=${lang === 'en' ? 'en' : 'th'}`;
}
