/** Published definitions by id and version, read once from the database and kept in memory. */
import { createHash } from 'node:crypto';
import type { SurveyDefinition } from '../core/survey.js';
import { isOpen, NO_WINDOW, type SurveyWindow } from '../core/survey-window.js';
import type { Queryable } from './db/database.js';
import { getSurvey } from './store/surveys.js';

/** A cache of published versions (a version never changes once published, so no expiry). */
export class SurveyCache {
  private readonly known = new Map<string, SurveyDefinition>();
  constructor(private readonly db: Queryable) {}

  /** A published version, or undefined. Versions unknown now are looked up again next time. */
  async find(id: string, version: number): Promise<SurveyDefinition | undefined> {
    const key = `${id}@${version}`;
    const hit = this.known.get(key);
    if (hit) return hit;
    const found = await getSurvey(this.db, id, version);
    if (found) this.known.set(key, found.definition);
    return found?.definition;
  }
}

/** One survey in the anonymous list (GET /api/v1/surveys). */
export interface SurveyListItem {
  id: string;
  version: number;
  kind: SurveyDefinition['kind'];
  title: SurveyDefinition['title'];
  description?: SurveyDefinition['description'];
  checksum: string;
  versions: number[];
  /** Whether the survey takes new responses now (docs/sync-protocol.md, the collection window). */
  open: boolean;
  window: { opensAt: string | null; closesAt: string | null };
}

/** A published version as the list reads it, with its survey's window (null without one). */
interface PublishedRow {
  id: string;
  version: number;
  kind: SurveyDefinition['kind'];
  checksum: string;
  opens_at: Date | string | null;
  closes_at: Date | string | null;
  closed_at: Date | string | null;
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());
const windowOf = (r: PublishedRow): SurveyWindow => ({
  opensAt: iso(r.opens_at),
  closesAt: iso(r.closes_at),
  closedAt: iso(r.closed_at),
});

/**
 * The anonymous survey list, built once and kept until a publish changes it. Each call reads only
 * the ids, versions and checksums of what is published (no definitions, which may be megabytes
 * each): a publish by this process or another one sharing the database shows on the next call.
 */
export class SurveyListCache {
  private signature: string | undefined;
  private built: { etag: string; surveys: Omit<SurveyListItem, 'open' | 'window'>[] } | undefined;
  constructor(
    private readonly db: Queryable,
    private readonly definitions: SurveyCache,
  ) {}

  /**
   * The list and its ETag as they are now: the published part is cached, each survey's window and
   * whether it is open now are read on every call (a small table; a closing time passes unseen).
   */
  async current(now = new Date()): Promise<{ etag: string; surveys: SurveyListItem[] }> {
    // One query per call (every device asks): the published versions with their survey's window.
    const rows = await this.db.query<PublishedRow>(
      `SELECT s.id, s.version, s.kind, s.checksum, w.opens_at, w.closes_at, w.closed_at
       FROM surveys s LEFT JOIN survey_windows w ON w.id = s.id ORDER BY s.id, s.version DESC`,
    );
    const { etag, surveys } = await this.published(rows);
    const windows = new Map(rows.map((r) => [r.id, windowOf(r)]));
    const items = surveys.map((s) => {
      const w = windows.get(s.id) ?? NO_WINDOW;
      // A survey closed by hand shows its hand-closing time as when it closes.
      const closes = w.closedAt && (!w.closesAt || w.closedAt < w.closesAt) ? w.closedAt : w.closesAt;
      return { ...s, open: isOpen(w, now), window: { opensAt: w.opensAt, closesAt: closes } };
    });
    const state = items.map((s) => `${s.id}:${s.open}:${s.window.opensAt}:${s.window.closesAt}`).join(',');
    const tag = createHash('sha256').update(`${etag},${state}`).digest('hex').slice(0, 32);
    return { etag: `"${tag}"`, surveys: items };
  }

  private async published(
    rows: readonly PublishedRow[],
  ): Promise<{ etag: string; surveys: Omit<SurveyListItem, 'open' | 'window'>[] }> {
    const signature = rows.map((r) => `${r.id}@${r.version}:${r.checksum}`).join(',');
    if (this.built && signature === this.signature) return this.built;
    const surveys: Omit<SurveyListItem, 'open' | 'window'>[] = [];
    for (const r of rows) {
      if (surveys.at(-1)?.id === r.id) continue; // newest first: the first row of an id is its latest
      const definition = await this.definitions.find(r.id, r.version);
      if (!definition) continue; // deleted meanwhile: the next call sees it gone
      surveys.push({
        id: r.id,
        version: r.version,
        kind: r.kind,
        title: definition.title,
        ...(definition.description ? { description: definition.description } : {}),
        checksum: r.checksum,
        versions: rows.filter((x) => x.id === r.id).map((x) => x.version),
      });
    }
    const etag = `"${createHash('sha256')
      .update(rows.map((r) => r.checksum).join(','))
      .digest('hex')
      .slice(0, 32)}"`;
    this.built = { etag, surveys };
    this.signature = signature;
    return this.built;
  }
}
