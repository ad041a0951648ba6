/**
 * The survey builder's routes (docs/api.md, "Surveys: drafts, publishing, window"): the staff list
 * of surveys with their versions and state; drafts (admins) with conflict detection; the changes a
 * draft makes; publishing; opening, closing and the collection window. Every change is recorded in
 * the audit log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countChanges } from '../../core/survey-diff.js';
import { SURVEY_ID, type SurveyDefinition } from '../../core/survey.js';
import { surveyState } from '../../core/survey-window.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { actorOf, recordAudit } from '../store/audit.js';
import {
  type DraftHead,
  deleteDraft,
  draftChanges,
  getDraft,
  headOf,
  problemsOf,
  publishDraft,
  saveDraft,
} from '../store/survey-drafts.js';
import { closeSurvey, openSurvey, setWindow, type StoredWindow } from '../store/survey-windows.js';
import { listAdminSurveys } from '../store/survey-admin.js';
import { latestVersion } from '../store/surveys.js';

/** Draft saves by one person on one survey are logged at most once in this many minutes. */
export const DRAFT_AUDIT_MINUTES = 10;

type WithId = FastifyRequest<{ Params: { id: string } }>;

const conflict = (reply: FastifyReply, id: string, current: DraftHead) =>
  reply.code(409).send({
    error: 'conflict',
    message: `the draft of ${id} was saved by ${current.updatedBy ?? 'someone else'} at ${current.updatedAt} (revision ${current.revision}); load it again before saving`,
    current,
  });

const windowBody = (w: StoredWindow) => ({ opensAt: w.opensAt, closesAt: w.closesAt, closedAt: w.closedAt });

/** An ISO time or null, as the window takes it; undefined when it is neither. */
function timeOrNull(x: unknown): string | null | undefined {
  if (x === null) return null;
  if (typeof x !== 'string' || x.length > 40 || !/^\d{4}-\d{2}-\d{2}T/.test(x)) return undefined;
  const t = Date.parse(x);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Registers the survey builder's routes. */
export async function registerSurveyAdminRoutes(app: FastifyInstance, db: Db): Promise<void> {
  const admin = { preHandler: requireRole('admin') };
  const staff = { preHandler: requireRole('admin', 'supervisor') };

  /** The id of the address, or a 404 already sent when no survey could have it. */
  const idOf = (request: WithId, reply: FastifyReply): string | undefined => {
    if (SURVEY_ID.test(request.params.id)) return request.params.id;
    void reply.code(404).send({ error: 'not_found', message: `no survey ${request.params.id}` });
    return undefined;
  };
  /** Whether the survey exists (published, or as a draft). */
  const exists = async (id: string) => (await latestVersion(db, id)) > 0 || !!(await getDraft(db, id));

  app.get('/api/v1/admin/surveys', staff, async () => ({ surveys: await listAdminSurveys(db, new Date()) }));

  app.get<{ Params: { id: string } }>('/api/v1/surveys/:id/draft', admin, async (request, reply) => {
    const id = idOf(request, reply);
    if (!id) return reply;
    const draft = await getDraft(db, id);
    if (!draft) return reply.code(404).send({ error: 'not_found', message: `${id} has no draft` });
    return { definition: draft.definition, ...headOf(draft), problems: problemsOf(draft.definition) };
  });

  app.post<{ Body: unknown }>('/api/v1/surveys', admin, async (request, reply) => {
    const body = request.body as Record<string, unknown> | null;
    const wrapped = !!body && typeof body === 'object' && 'definition' in body && !('sections' in body);
    const definition = (wrapped ? body.definition : body) as SurveyDefinition | null;
    const revision = wrapped ? body.revision : undefined;
    if (!definition || typeof definition !== 'object' || Array.isArray(definition))
      return reply.code(400).send({ error: 'bad_request', message: 'send { definition, revision? } or a definition' });
    if (typeof definition.id !== 'string' || !SURVEY_ID.test(definition.id))
      return reply.code(400).send({
        error: 'bad_request',
        message: 'definition.id must be lower-case letters, digits, - or _, starting with a letter',
      });
    if (revision !== undefined && revision !== null && !(Number.isInteger(revision) && (revision as number) > 0))
      return reply.code(400).send({ error: 'bad_request', message: 'revision must be a whole number from 1' });
    const actor = actorOf(request);
    const outcome = await saveDraft(db, definition, (revision ?? undefined) as number | undefined, actor);
    if (outcome.status === 'conflict') return conflict(reply, definition.id, outcome.current);
    const { draft } = outcome;
    if (outcome.status === 'created' && (await latestVersion(db, draft.id)) === 0)
      await recordAudit(db, request, {
        action: 'survey_created',
        target: draft.id,
        details: { revision: draft.revision },
      });
    else await auditDraftSave(request, draft.id, draft.revision);
    return {
      id: draft.id,
      revision: draft.revision,
      updatedAt: draft.updatedAt,
      problems: problemsOf(draft.definition),
    };
  });

  /** A draft save, logged at most once per person and survey in DRAFT_AUDIT_MINUTES. */
  async function auditDraftSave(request: FastifyRequest, id: string, revision: number) {
    const recent = await db.query(
      `SELECT 1 FROM audit_log WHERE action = 'survey_draft_saved' AND target = $1 AND actor IS NOT DISTINCT FROM $2
       AND at > now() - make_interval(mins => $3) LIMIT 1`,
      [id, actorOf(request), DRAFT_AUDIT_MINUTES],
    );
    if (!recent.length)
      await recordAudit(db, request, { action: 'survey_draft_saved', target: id, details: { revision } });
  }

  app.delete<{ Params: { id: string } }>('/api/v1/surveys/:id/draft', admin, async (request, reply) => {
    const id = idOf(request, reply);
    if (!id) return reply;
    if (!(await deleteDraft(db, id)))
      return reply.code(404).send({ error: 'not_found', message: `${id} has no draft` });
    await recordAudit(db, request, { action: 'survey_draft_saved', target: id, details: { deleted: true } });
    return { id, deleted: true };
  });

  app.get<{ Params: { id: string } }>('/api/v1/surveys/:id/diff', admin, async (request, reply) => {
    const id = idOf(request, reply);
    if (!id) return reply;
    const draft = await getDraft(db, id);
    if (!draft) return reply.code(404).send({ error: 'not_found', message: `${id} has no draft` });
    return draftChanges(db, draft);
  });

  app.post<{ Params: { id: string }; Body: { revision?: unknown; confirmBreaking?: unknown } | null }>(
    '/api/v1/surveys/:id/publish',
    admin,
    async (request, reply) => {
      const id = idOf(request, reply);
      if (!id) return reply;
      const { revision, confirmBreaking } = request.body ?? {};
      if (revision !== undefined && revision !== null && !(Number.isInteger(revision) && (revision as number) > 0))
        return reply.code(400).send({ error: 'bad_request', message: 'revision must be a whole number from 1' });
      const outcome = await publishDraft(
        db,
        id,
        { ...(typeof revision === 'number' ? { revision } : {}), confirmBreaking: confirmBreaking === true },
        actorOf(request),
      );
      switch (outcome.status) {
        case 'no_draft':
          return reply.code(404).send({ error: 'not_found', message: `${id} has no draft to publish` });
        case 'conflict':
          return conflict(reply, id, outcome.current);
        case 'invalid':
          return reply.code(422).send({ error: 'invalid', problems: outcome.problems });
        case 'breaking_changes':
          return reply.code(409).send({
            error: 'breaking_changes',
            message: 'the draft makes breaking changes; confirm them to publish',
            changes: outcome.changes,
          });
      }
      await recordAudit(db, request, {
        action: 'survey_published',
        target: id,
        details: { version: outcome.version, base: outcome.base, ...countChanges(outcome.changes) },
      });
      request.log.info({ survey: id, version: outcome.version }, 'survey published');
      return { id, version: outcome.version, changes: outcome.changes };
    },
  );

  for (const action of ['open', 'close'] as const) {
    app.post<{ Params: { id: string } }>(`/api/v1/surveys/:id/${action}`, admin, async (request, reply) => {
      const id = idOf(request, reply);
      if (!id) return reply;
      if (!(await exists(id))) return reply.code(404).send({ error: 'not_found', message: `no survey ${id}` });
      const now = new Date();
      const window =
        action === 'open'
          ? await openSurvey(db, id, actorOf(request), now)
          : await closeSurvey(db, id, actorOf(request), now);
      await recordAudit(db, request, { action: action === 'open' ? 'survey_opened' : 'survey_closed', target: id });
      const published = (await latestVersion(db, id)) > 0;
      return { id, state: surveyState(published, window, now), window: windowBody(window) };
    });
  }

  app.put<{ Params: { id: string }; Body: { opensAt?: unknown; closesAt?: unknown } | null }>(
    '/api/v1/surveys/:id/window',
    admin,
    async (request, reply) => {
      const id = idOf(request, reply);
      if (!id) return reply;
      const opensAt = timeOrNull(request.body?.opensAt ?? null);
      const closesAt = timeOrNull(request.body?.closesAt ?? null);
      if (opensAt === undefined || closesAt === undefined)
        return reply.code(400).send({
          error: 'bad_request',
          message: 'opensAt and closesAt must be ISO times (2026-12-01T00:00:00Z) or null',
        });
      if (opensAt && closesAt && Date.parse(opensAt) >= Date.parse(closesAt))
        return reply.code(400).send({ error: 'bad_request', message: 'closesAt must come after opensAt' });
      if (!(await exists(id))) return reply.code(404).send({ error: 'not_found', message: `no survey ${id}` });
      const window = await setWindow(db, id, { opensAt, closesAt }, actorOf(request));
      await recordAudit(db, request, { action: 'survey_window_set', target: id, details: { opensAt, closesAt } });
      const published = (await latestVersion(db, id)) > 0;
      return { id, state: surveyState(published, window, new Date()), window: windowBody(window) };
    },
  );
}
