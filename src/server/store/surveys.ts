/**
 * Published survey definitions (table `surveys`): every version stays, since responses made
 * under an old version must still be accepted and read.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/protocol.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { validateSurvey } from '../../core/survey-validate.js';
import type { Queryable } from '../db/database.js';

/** A published version. */
export interface PublishedSurvey {
  id: string;
  version: number;
  kind: SurveyDefinition['kind'];
  definition: SurveyDefinition;
  checksum: string;
  publishedAt: string;
  /** Who published it (a staff name or `token:<name>`); null for the command line and older versions. */
  publishedBy: string | null;
}

/** What publishing did. */
export type PublishOutcome =
  | { status: 'published'; survey: PublishedSurvey }
  | { status: 'unchanged'; survey: PublishedSurvey }
  | { status: 'invalid'; problems: readonly { path: string; message: string }[] }
  | { status: 'version_taken'; message: string };

/** The checksum of a definition's content. */
export function checksumOf(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

interface Row {
  id: string;
  version: number;
  kind: SurveyDefinition['kind'];
  definition: SurveyDefinition;
  checksum: string;
  published_at: Date | string;
  published_by?: string | null;
}

const toPublished = (r: Row): PublishedSurvey => ({
  id: r.id,
  version: r.version,
  kind: r.kind,
  definition: r.definition,
  checksum: r.checksum,
  publishedAt: new Date(r.published_at).toISOString(),
  publishedBy: r.published_by ?? null,
});

/**
 * Publishes a definition after validating it. The same content again changes nothing; other
 * content under a version already published is refused (publish it as a new version).
 */
export async function publishSurvey(
  db: Queryable,
  input: unknown,
  publishedBy: string | null = null,
): Promise<PublishOutcome> {
  const checked = validateSurvey(input);
  if (!checked.ok) return { status: 'invalid', problems: checked.problems };
  const def = checked.survey;
  const checksum = checksumOf(def);
  const inserted = await db.query<Row>(
    `INSERT INTO surveys (id, version, kind, definition, checksum, published_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
     ON CONFLICT (id, version) DO NOTHING RETURNING *`,
    [def.id, def.version, def.kind, JSON.stringify(def), checksum, publishedBy],
  );
  if (inserted[0]) return { status: 'published', survey: toPublished(inserted[0]) };
  const existing = await getSurvey(db, def.id, def.version);
  if (existing && existing.checksum === checksum) return { status: 'unchanged', survey: existing };
  return {
    status: 'version_taken',
    message: `${def.id} version ${def.version} is already published with other content; publish the change as version ${
      (await latestVersion(db, def.id)) + 1
    }`,
  };
}

/** One version, or the newest when `version` is absent. */
export async function getSurvey(db: Queryable, id: string, version?: number): Promise<PublishedSurvey | undefined> {
  const rows =
    version === undefined
      ? await db.query<Row>('SELECT * FROM surveys WHERE id = $1 ORDER BY version DESC LIMIT 1', [id])
      : await db.query<Row>('SELECT * FROM surveys WHERE id = $1 AND version = $2', [id, version]);
  return rows[0] ? toPublished(rows[0]) : undefined;
}

/** The version (the newest when `version` is absent) and checksum of a survey, without its definition. */
export async function publishedVersion(
  db: Queryable,
  id: string,
  version?: number,
): Promise<{ version: number; checksum: string } | undefined> {
  const rows =
    version === undefined
      ? await db.query<{ version: number; checksum: string }>(
          'SELECT version, checksum FROM surveys WHERE id = $1 ORDER BY version DESC LIMIT 1',
          [id],
        )
      : await db.query<{ version: number; checksum: string }>(
          'SELECT version, checksum FROM surveys WHERE id = $1 AND version = $2',
          [id, version],
        );
  return rows[0];
}

/** The newest published version of a survey, 0 when none is. */
export async function latestVersion(db: Queryable, id: string): Promise<number> {
  const rows = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM surveys WHERE id = $1', [id]);
  return rows[0]?.v ?? 0;
}

/**
 * The ids of questions any published version of a survey marks personal: answers kept under an
 * older version's id stay personal after a new version renames or drops the question.
 */
export async function personalQuestionIds(db: Queryable, id: string): Promise<Set<string>> {
  const rows = await db.query<Pick<Row, 'definition'>>('SELECT definition FROM surveys WHERE id = $1', [id]);
  const ids = new Set<string>();
  for (const { definition } of rows) {
    for (const q of definition.sections.flatMap((s) => s.questions)) if (q.personal) ids.add(q.id);
  }
  return ids;
}

/** Every published version, newest first per survey. */
export async function listSurveys(db: Queryable): Promise<PublishedSurvey[]> {
  const rows = await db.query<Row>('SELECT * FROM surveys ORDER BY id, version DESC');
  return rows.map(toPublished);
}
