/**
 * The public page's data: the published plan, committees, activities and survey summaries from
 * `/api/v1/public/*`. The service worker keeps the last answers (src/sw/sw.ts), so a page read
 * once reads again offline; `updatedAt` is when the server sent what is shown.
 */
import type { PublicSummary } from '../../core/public.js';

/** `{ th, en }` where the data has both languages, or a plain text. */
export type Text = string | { th: string; en?: string };

/** A published plan row (the public data contract of issue 11). */
export interface PlanRow {
  id: number | string;
  mission: number | string;
  group: number | string;
  level: string;
  expectation?: Text;
  channels?: { id: number | string; name: Text }[];
  frequency?: Text;
  practice?: Text;
  indicator?: { what?: Text; target?: number | string; unit?: Text };
  responsibleUnit?: Text;
  progress?: { round: number | string; value: number | string; percent?: number; onTarget?: boolean }[];
}

/** The published plan of a fiscal year. */
export interface PublicPlan {
  fiscalYear: number;
  missions: { id: number | string; code?: string; title?: Text; name?: Text }[];
  groups: { id: number | string; name: Text; definition?: Text; kind?: string }[];
  rows: PlanRow[];
}

/** A committee whose appointment order is published. */
export interface PublicCommittee {
  id: number;
  name: { th: string; en: string };
  purpose: { th: string; en: string };
  orderNumber: string;
  orderDate: string | null;
  termFrom: string | null;
  termTo: string | null;
  members: { name: string; role: { th: string; en: string }; group: string | null; organisation: string }[];
}

/** A public, approved activity. */
export interface PublicActivity {
  id: string;
  date: string;
  title: string;
  place: string;
  level: string;
  groups: string[];
  participants: Record<string, number>;
  summary: string;
  result: string;
  attachments: { url: string; kind: string; type: string; takenAt: string | null }[];
}

/** A published improvement action ("you said, we did"). */
export interface PublicAction {
  id: string;
  title: string;
  description: string;
  owner: string;
  startsOn: string | null;
  endsOn: string | null;
  status: string;
  progress: number;
  milestones: { title: string; dueOn: string | null; doneOn: string | null }[];
  findings: { kind: string; label: { th: string; en: string } | null }[];
}

/** Everything the page shows. A part is null when it could not be read (or its route is absent). */
export interface PublicData {
  fiscalYear: number;
  office: { th: string; en: string } | null;
  plan: PublicPlan | null;
  committees: PublicCommittee[] | null;
  activities: PublicActivity[] | null;
  summaries: PublicSummary[] | null;
  actions: PublicAction[] | null;
  /** When the server sent the oldest part shown (its Date header). */
  updatedAt: Date | null;
}

async function read<T>(url: string): Promise<{ body: T; at: Date | null } | null> {
  try {
    const r = await fetch(url, { headers: { accept: 'application/json' } });
    if (!r.ok) return null;
    const date = r.headers.get('date');
    return { body: (await r.json()) as T, at: date ? new Date(date) : null };
  } catch {
    return null;
  }
}

/** Reads the public data of a fiscal year (the current one, and every published summary, when absent). */
export async function loadPublicData(fiscalYear?: number): Promise<PublicData | null> {
  const q = fiscalYear ? `?fiscalYear=${fiscalYear}` : '';
  const [plan, committees, activities, surveys, actions] = await Promise.all([
    read<PublicPlan>(`/api/v1/public/plan${q}`),
    read<{ fiscalYear: number; committees: PublicCommittee[] }>(`/api/v1/public/committees${q}`),
    read<{ fiscalYear: number; activities: PublicActivity[] }>(`/api/v1/public/activities${q}`),
    read<{ office: { name: { th: string; en: string } }; summaries: PublicSummary[] }>(`/api/v1/public/surveys${q}`),
    read<{ fiscalYear: number; actions: PublicAction[] }>(`/api/v1/public/actions${q}`),
  ]);
  const parts = [plan, committees, activities, surveys, actions].filter((p) => p !== null);
  if (!parts.length) return null;
  const times = parts.map((p) => p.at?.getTime()).filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return {
    fiscalYear: fiscalYear ?? committees?.body.fiscalYear ?? activities?.body.fiscalYear ?? plan?.body.fiscalYear ?? 0,
    office: surveys?.body.office.name ?? null,
    plan: plan?.body ?? null,
    committees: committees?.body.committees ?? null,
    activities: activities?.body.activities ?? null,
    summaries: surveys?.body.summaries ?? null,
    actions: actions?.body.actions ?? null,
    updatedAt: times.length ? new Date(Math.min(...times)) : null,
  };
}
