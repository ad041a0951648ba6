/** Published definitions by id and version, read once from the database and kept in memory. */
import type { SurveyDefinition } from '../core/survey.js';
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
