/**
 * The findings of a fiscal year (docs/actions.md), gathered from the tables: every published
 * survey's results (table `responses`, counted responses only, through store/results.ts), the
 * complaint forms' topic answers, and the approved activities (table `activities`); which actions
 * answer each (table `action_findings`). The rules are in src/core/findings.ts.
 */
import { activityFinding, type Finding, type FindingCopy, surveyFindings, topicFindings } from '../../core/findings.js';
import type { Question, SurveyDefinition } from '../../core/survey.js';
import type { Db, Queryable } from '../db/database.js';
import { getOffice } from './office.js';
import { surveyResults, whereOf } from './results.js';
import { listSurveys } from './surveys.js';

/** The question whose answers are a complaint form's topics: `category`, else its first single choice. */
export function topicQuestion(survey: SurveyDefinition): (Question & { type: 'single' }) | undefined {
  const questions = survey.sections.flatMap((s) => s.questions);
  const single = (q: Question): q is Question & { type: 'single' } => q.type === 'single' && !q.personal;
  return (
    questions.find((q): q is Question & { type: 'single' } => single(q) && q.id === 'category') ??
    questions.find(single)
  );
}

/** How often each topic was chosen in a fiscal year, over the responses that count. */
async function topicCounts(
  db: Queryable,
  survey: SurveyDefinition,
  questionId: string,
  fiscalYear: number,
  schools: string[] | null,
): Promise<{ value: string; n: number }[]> {
  const where = whereOf(survey.id, { fiscalYear }, schools);
  const rows = await db.query<{ value: string; n: unknown }>(
    `SELECT answers->>$${where.params.length + 1} AS value, count(*) AS n FROM responses
     WHERE ${where.sql} AND answers->>$${where.params.length + 1} IS NOT NULL GROUP BY 1`,
    [...where.params, questionId],
  );
  return rows.map((r) => ({ value: r.value, n: Number(r.n) }));
}

/** The approved activities of a fiscal year that have a recorded result. */
async function activityFindings(db: Queryable, fiscalYear: number): Promise<FindingCopy[]> {
  const rows = await db.query<{
    id: string;
    title: string;
    held_on: unknown;
    level: string;
    participants: unknown;
    result: string;
  }>(
    `SELECT id::text AS id, title, held_on::text AS held_on, level, participants, result FROM activities
     WHERE fiscal_year = $1 AND approved_at IS NOT NULL AND length(trim(result)) > 0 ORDER BY held_on, id`,
    [fiscalYear],
  );
  return rows.map((r) =>
    activityFinding({
      id: r.id,
      title: r.title,
      heldOn: String(r.held_on).slice(0, 10),
      level: r.level,
      participants: Object.values((r.participants ?? {}) as Record<string, unknown>).reduce<number>(
        (a, n) => a + (typeof n === 'number' ? n : 0),
        0,
      ),
      result: r.result,
    }),
  );
}

/**
 * The findings of a fiscal year (of one survey when `surveyId` is given: then no activities),
 * with the ids of the actions that answer each. Survey figures are limited to `schools` as the
 * results are (null: every school).
 */
export async function listFindings(
  db: Db,
  fiscalYear: number,
  options: { surveyId?: string; schools?: string[] | null } = {},
): Promise<Finding[]> {
  const schools = options.schools ?? null;
  const office = await getOffice(db);
  const latest = new Map<string, SurveyDefinition>();
  // listSurveys is newest version first per survey.
  for (const s of await listSurveys(db)) if (!latest.has(s.id)) latest.set(s.id, s.definition);
  const found: FindingCopy[] = [];
  const topics: FindingCopy[] = [];
  for (const survey of latest.values()) {
    if (options.surveyId !== undefined && survey.id !== options.surveyId) continue;
    if (survey.kind === 'complaint') {
      const question = topicQuestion(survey);
      if (!question) continue;
      const counts = await topicCounts(db, survey, question.id, fiscalYear, schools);
      topics.push(...topicFindings(survey, question.options, counts));
    } else if (survey.sections.some((s) => s.questions.some((q) => q.type === 'rating-pair'))) {
      found.push(...surveyFindings(await surveyResults(db, survey, { fiscalYear }, schools, office)));
    }
  }
  const all = [...found, ...topics, ...(options.surveyId === undefined ? await activityFindings(db, fiscalYear) : [])];
  const links = await db.query<{ finding_key: string; action_id: string }>(
    `SELECT f.finding_key, f.action_id::text AS action_id FROM action_findings f
     JOIN improvement_actions a ON a.id = f.action_id WHERE a.fiscal_year = $1 ORDER BY a.created_at, a.id`,
    [fiscalYear],
  );
  return all.map((f) => ({ ...f, actions: links.filter((l) => l.finding_key === f.key).map((l) => l.action_id) }));
}
