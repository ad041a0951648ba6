/**
 * The staff list of surveys (`GET /api/v1/admin/surveys`): every survey published or drafted, with
 * its versions and their responses, its draft, its window and state, and who changed it last.
 * Read without the definitions themselves (only their titles).
 */
import type { LocalizedText, SurveyDefinition } from '../../core/survey.js';
import { NO_WINDOW, type SurveyState, surveyState } from '../../core/survey-window.js';
import type { Queryable } from '../db/database.js';
import { allWindows } from './survey-windows.js';
import { countedSql } from './results.js';

/** One survey in the staff list (the API contract of issue 10). */
export interface AdminSurvey {
  id: string;
  kind: SurveyDefinition['kind'];
  title: LocalizedText;
  state: SurveyState;
  latestVersion: number | null;
  versions: { version: number; publishedAt: string; publishedBy: string | null; responses: number }[];
  draft: { revision: number; updatedAt: string; updatedBy: string | null } | null;
  window: { opensAt: string | null; closesAt: string | null; closedAt: string | null };
  responses: number;
  changedAt: string | null;
  changedBy: string | null;
}

const iso = (t: Date | string) => new Date(t).toISOString();

/** Every survey, by id. */
export async function listAdminSurveys(db: Queryable, now: Date): Promise<AdminSurvey[]> {
  const published = await db.query<{
    id: string;
    version: number;
    kind: SurveyDefinition['kind'];
    title: LocalizedText;
    published_at: Date | string;
    published_by: string | null;
  }>(
    `SELECT id, version, kind, definition -> 'title' AS title, published_at, published_by
     FROM surveys ORDER BY id, version DESC`,
  );
  const drafts = await db.query<{
    id: string;
    kind: SurveyDefinition['kind'] | null;
    title: LocalizedText | null;
    revision: number;
    updated_at: Date | string;
    updated_by: string | null;
  }>(
    `SELECT id, definition ->> 'kind' AS kind, definition -> 'title' AS title, revision, updated_at, updated_by
     FROM survey_drafts`,
  );
  const counts = await db.query<{ survey_id: string; survey_version: number; n: number | string }>(
    // The responses that count, as the results read them (not test, excluded or deleted ones).
    `SELECT survey_id, survey_version, count(*) AS n FROM responses WHERE ${countedSql('counted')}
     GROUP BY survey_id, survey_version`,
  );
  const windows = await allWindows(db);
  const countOf = new Map(counts.map((c) => [`${c.survey_id}@${c.survey_version}`, Number(c.n)]));
  const draftOf = new Map(drafts.map((d) => [d.id, d]));
  const ids = [...new Set([...published.map((p) => p.id), ...drafts.map((d) => d.id)])].sort();
  return ids.map((id) => {
    const versions = published.filter((p) => p.id === id);
    const newest = versions[0];
    const draft = draftOf.get(id);
    const stored = windows.get(id);
    const window = stored ?? { ...NO_WINDOW, updatedAt: null, updatedBy: null };
    // Who changed it last: the newest of the last publish, the draft's last save and the window.
    const events: [string, string | null][] = [];
    if (newest) events.push([iso(newest.published_at), newest.published_by]);
    if (draft) events.push([iso(draft.updated_at), draft.updated_by]);
    if (window.updatedAt) events.push([window.updatedAt, window.updatedBy]);
    events.sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
    const version = versions.map((v) => ({
      version: v.version,
      publishedAt: iso(v.published_at),
      publishedBy: v.published_by,
      responses: countOf.get(`${id}@${v.version}`) ?? 0,
    }));
    const emptyTitle = { th: '', en: '' };
    return {
      id,
      kind: newest?.kind ?? (draft?.kind === 'complaint' ? 'complaint' : 'survey'),
      title: newest?.title ?? (draft?.title && typeof draft.title === 'object' ? draft.title : emptyTitle),
      state: surveyState(!!newest, window, now),
      latestVersion: newest?.version ?? null,
      versions: version,
      draft: draft ? { revision: draft.revision, updatedAt: iso(draft.updated_at), updatedBy: draft.updated_by } : null,
      window: { opensAt: window.opensAt, closesAt: window.closesAt, closedAt: window.closedAt },
      responses: version.reduce((n, v) => n + v.responses, 0),
      changedAt: events[0]?.[0] ?? null,
      changedBy: events[0]?.[1] ?? null,
    };
  });
}
