/**
 * The actions screen's calls (docs/actions.md): the findings and actions of a fiscal year, an
 * action's body for saving, and the progress file's addresses. Loaded only with that screen.
 */
import type { Action } from '../../../core/actions.js';
import type { Finding } from '../../../core/findings.js';
import { currentEndpoint } from '../../sync-bridge.js';
import { apiGet } from '../api.js';

/** The findings and actions of a fiscal year. */
export async function loadYear(fiscalYear: number): Promise<{ findings: Finding[]; actions: Action[] }> {
  const [f, a] = await Promise.all([
    apiGet<{ findings: Finding[] }>(`/findings?fiscalYear=${fiscalYear}`),
    apiGet<{ actions: Action[] }>(`/actions?fiscalYear=${fiscalYear}`),
  ]);
  return { findings: f.findings, actions: a.actions };
}

/** What POST and PUT /api/v1/actions take. */
export interface ActionBody {
  fiscalYear: number;
  title: string;
  description: string;
  owner: string;
  startsOn: string | null;
  endsOn: string | null;
  status: Action['status'];
  progress: number;
  public: boolean;
  milestones: { id?: string; title: string; dueOn: string | null; doneOn: string | null }[];
  findings: { key: string }[];
}

/** An action as the body that saves it unchanged. */
export function bodyOf(a: Action): ActionBody {
  return {
    fiscalYear: a.fiscalYear,
    title: a.title,
    description: a.description,
    owner: a.owner,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    status: a.status,
    progress: a.progress,
    public: a.public,
    milestones: a.milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn })),
    findings: a.findings.map((f) => ({ key: f.key })),
  };
}

/** The address of the progress file's download. */
export async function exportUrl(fiscalYear: number, format: 'csv' | 'xlsx'): Promise<string> {
  return `${await currentEndpoint()}/actions/export?fiscalYear=${fiscalYear}&format=${format}`;
}
