/**
 * Responses as records (table `responses`, migration 6's columns): the list staff filter and page
 * through, one response in full without its personal answers, and the marks that take a response
 * out of the results (test, excluded with a reason, deleted), each undoable. Answers never
 * change here: only the columns that say whether a response counts.
 */
import type { AnswerValue } from '../../core/answers.js';
import type { ResultsFilter } from '../../core/results.js';
import type {
  Exclusion,
  RecordDetail,
  RecordItem,
  RecordList,
  RecordStatus,
  ResponseSource,
} from '../../core/records.js';
import type { Question, SurveyDefinition } from '../../core/survey.js';
import type { Queryable } from '../db/database.js';
import { whereOf } from './results.js';
import { getSurvey, personalQuestionIds } from './surveys.js';

/** What a records list asks for. */
export interface RecordQuery {
  filter: ResultsFilter;
  status: RecordStatus;
  sources?: readonly (ResponseSource | 'unknown')[];
  q?: string;
  limit: number;
  offset: number;
}

interface Row {
  id: string;
  survey_id: string;
  survey_version: number;
  completed_at: Date | string;
  received_at: Date | string;
  school: string | null;
  respondent_group: string | null;
  source: ResponseSource | null;
  exclusion: Exclusion | null;
  exclusion_reason: string | null;
  exclusion_at: Date | string | null;
  exclusion_by: string | null;
  deleted_at: Date | string | null;
  deleted_by: string | null;
}

const FIELDS = `id, survey_id, survey_version, completed_at, received_at, school, respondent_group, source,
  exclusion, exclusion_reason, exclusion_at, exclusion_by, deleted_at, deleted_by`;

const iso = (t: Date | string | null): string | null => (t === null ? null : new Date(t).toISOString());

function toItem(r: Row): RecordItem {
  return {
    id: r.id,
    version: Number(r.survey_version),
    completedAt: new Date(r.completed_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    school: r.school,
    group: r.respondent_group,
    source: r.source,
    exclusion: r.exclusion,
    exclusionReason: r.exclusion_reason,
    exclusionBy: r.exclusion_by,
    exclusionAt: iso(r.exclusion_at),
    deletedAt: iso(r.deleted_at),
    deletedBy: r.deleted_by,
  };
}

const STATUS_SQL: Record<RecordStatus, string> = {
  included: 'exclusion IS NULL AND deleted_at IS NULL',
  test: "exclusion = 'test' AND deleted_at IS NULL",
  excluded: "exclusion = 'excluded' AND deleted_at IS NULL",
  deleted: 'deleted_at IS NOT NULL',
  all: '',
};

/** A survey's responses, newest first, filtered, within `schools` (null: every school). */
export async function listRecords(
  db: Queryable,
  surveyId: string,
  query: RecordQuery,
  schools: string[] | null,
): Promise<RecordList> {
  const where = whereOf(surveyId, query.filter, schools, 'all');
  const parts = [where.sql];
  const params = [...where.params];
  const status = STATUS_SQL[query.status];
  if (status) parts.push(status);
  if (query.sources?.length) {
    const known = query.sources.filter((s) => s !== 'unknown');
    const unknown = query.sources.includes('unknown');
    params.push(known);
    parts.push(`(source = ANY($${params.length}::text[])${unknown ? ' OR source IS NULL' : ''})`);
  }
  if (query.q) {
    // The start of an id, or a word in an answer that is not personal (a search must not tell
    // which response holds a phone number).
    const personal = [...(await personalQuestionIds(db, surveyId))].flatMap((id) => [id, `${id}.other`]);
    params.push(`${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const prefix = params.length;
    params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const anywhere = params.length;
    params.push(personal);
    parts.push(`(id::text LIKE lower($${prefix}) OR EXISTS (SELECT 1 FROM jsonb_each_text(answers - $${params.length}::text[]) a
      WHERE a.value ILIKE $${anywhere}))`);
  }
  const clause = parts.join(' AND ');
  const [count] = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM responses WHERE ${clause}`, params);
  const rows = await db.query<Row>(
    `SELECT ${FIELDS} FROM responses WHERE ${clause}
     ORDER BY completed_at DESC, id DESC LIMIT ${query.limit} OFFSET ${query.offset}`,
    params,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(toItem) };
}

/** One response's row, when it is within `schools` (null: every school). */
async function findRow(db: Queryable, id: string, schools: readonly string[] | null): Promise<Row | undefined> {
  const params: unknown[] = [id];
  let scope = '';
  if (schools) {
    params.push(schools);
    scope = ' AND school = ANY($2::text[])';
  }
  const rows = await db.query<Row>(`SELECT ${FIELDS} FROM responses WHERE id = $1::uuid${scope}`, params);
  return rows[0];
}

/** The list items a question's answer may name, cut to those answered (a school list is long). */
function trimLists(survey: SurveyDefinition, questions: readonly Question[], answers: Record<string, AnswerValue>) {
  if (!survey.lists) return undefined;
  const lists: Record<string, NonNullable<SurveyDefinition['lists']>[string]> = {};
  for (const q of questions) {
    if (q.type !== 'lookup' || !Object.hasOwn(survey.lists, q.list)) continue;
    const value = answers[q.id];
    const items = survey.lists[q.list] ?? [];
    lists[q.list] = [...(lists[q.list] ?? []), ...items.filter((i) => i.value === value)];
  }
  return lists;
}

/**
 * One response in full, with the survey version it was answered under: its personal questions
 * (contact details) and their answers are left out, counted in `personalLeftOut`; those stay in
 * the complaints inbox.
 */
export async function getRecord(
  db: Queryable,
  id: string,
  schools: readonly string[] | null,
): Promise<RecordDetail | undefined> {
  const found = await db.query<
    Row & { answers: Record<string, AnswerValue>; started_at: Date | string; locale: string }
  >(
    `SELECT ${FIELDS}, answers, started_at, locale FROM responses WHERE id = $1::uuid${schools ? ' AND school = ANY($2::text[])' : ''}`,
    schools ? [id, schools] : [id],
  );
  const row = found[0];
  if (!row) return undefined;
  const published = await getSurvey(db, row.survey_id, Number(row.survey_version));
  if (!published) return undefined;
  const personal = await personalQuestionIds(db, row.survey_id);
  const isPersonal = (q: Question) => q.personal === true || personal.has(q.id);
  const definition = published.definition;
  for (const q of definition.sections.flatMap((s) => s.questions)) if (q.personal) personal.add(q.id);
  const answers: Record<string, AnswerValue> = {};
  const left = new Set<string>();
  for (const [key, value] of Object.entries(row.answers)) {
    const question = key.endsWith('.other') ? key.slice(0, -'.other'.length) : key;
    if (personal.has(question)) left.add(question);
    else answers[key] = value;
  }
  const sections = definition.sections.map((s) => ({ ...s, questions: s.questions.filter((q) => !isPersonal(q)) }));
  const questions = sections.flatMap((s) => s.questions);
  const lists = trimLists(definition, questions, answers);
  const { lists: _all, ...rest } = definition;
  const survey: SurveyDefinition = { ...rest, sections, ...(lists ? { lists } : {}) };
  return {
    ...toItem(row),
    surveyId: row.survey_id,
    startedAt: new Date(row.started_at).toISOString(),
    locale: row.locale,
    survey,
    answers,
    personalLeftOut: left.size,
  };
}

/** A change to how responses count. */
export type RecordChange =
  | { kind: 'exclusion'; exclusion: Exclusion | null; reason: string | null }
  | { kind: 'delete' }
  | { kind: 'restore' };

/**
 * Applies a change to the responses `ids` (of `surveyId` when given, within `schools`) and
 * returns those it changed, as they are now. A response already in the state asked for is not
 * changed (and not returned), so a repeated click records nothing twice.
 */
export async function changeRecords(
  db: Queryable,
  ids: readonly string[],
  change: RecordChange,
  actor: string | null,
  scope: { surveyId?: string; schools: readonly string[] | null },
): Promise<RecordItem[]> {
  const params: unknown[] = [ids];
  const where = ['id = ANY($1::uuid[])'];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (scope.surveyId !== undefined) where.push(`survey_id = ${add(scope.surveyId)}`);
  if (scope.schools) where.push(`school = ANY(${add(scope.schools)}::text[])`);
  let set: string;
  if (change.kind === 'delete') {
    set = `deleted_at = now(), deleted_by = ${add(actor)}::text`;
    where.push('deleted_at IS NULL');
  } else if (change.kind === 'restore') {
    set = 'deleted_at = NULL, deleted_by = NULL';
    where.push('deleted_at IS NOT NULL');
  } else if (change.exclusion === null) {
    // Counted again: the mark and its reason go (the audit log keeps what happened).
    set = 'exclusion = NULL, exclusion_reason = NULL, exclusion_at = NULL, exclusion_by = NULL';
    where.push('exclusion IS NOT NULL');
  } else {
    const exclusion = add(change.exclusion);
    const reason = add(change.reason);
    set = `exclusion = ${exclusion}::text, exclusion_reason = ${reason}::text, exclusion_at = now(), exclusion_by = ${add(actor)}::text`;
    where.push(`(exclusion IS DISTINCT FROM ${exclusion}::text OR exclusion_reason IS DISTINCT FROM ${reason}::text)`);
  }
  const rows = await db.query<Row>(
    `UPDATE responses SET ${set} WHERE ${where.join(' AND ')} RETURNING ${FIELDS}`,
    params,
  );
  return rows.map(toItem);
}

/** Whether a response exists within `schools` (to tell 404 from "nothing to change"). */
export async function recordExists(db: Queryable, id: string, schools: readonly string[] | null): Promise<boolean> {
  return (await findRow(db, id, schools)) !== undefined;
}
