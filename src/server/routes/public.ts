/**
 * The public page's survey summaries (docs/participation.md "The public page"): anyone reads
 * what the office published; admins publish or withdraw a survey's summary of a fiscal year,
 * supervisors see which are published.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { recordAudit } from '../store/audit.js';
import { getOffice } from '../store/office.js';
import { listPublications, publicSummaries, publishSummary, unpublishSummary } from '../store/public.js';
import { getSurvey } from '../store/surveys.js';
import { fiscalYearQuery } from './committees.js';

const publishBody = v.strictObject({ items: v.optional(v.boolean(), false) });

const surveyIdOf = (raw: string) => raw.slice(0, 64);

/** Registers the public summaries' routes. */
export async function registerPublicRoutes(app: FastifyInstance, db: Db): Promise<void> {
  const staff = requireRole('admin', 'supervisor');
  const admin = requireRole('admin');
  const notFound = (reply: FastifyReply, what: string) => reply.code(404).send({ error: 'not_found', message: what });

  // Public: no credentials; published summaries only (all years unless fiscalYear is given).
  app.get<{ Querystring: { fiscalYear?: string } }>('/api/v1/public/surveys', async (request, reply) => {
    const fy = fiscalYearQuery(request.query.fiscalYear, reply, null);
    if (fy === undefined) return reply;
    reply.header('cache-control', 'no-cache');
    const office = await getOffice(db);
    return {
      office: { name: office.name },
      summaries: await publicSummaries(db, fy === null ? {} : { fiscalYear: fy }),
    };
  });

  app.get<{ Params: { id: string }; Querystring: { fiscalYear?: string } }>(
    '/api/v1/public/surveys/:id',
    async (request, reply) => {
      const fy = fiscalYearQuery(request.query.fiscalYear, reply, null);
      if (fy === undefined) return reply;
      const found = await publicSummaries(db, {
        surveyId: surveyIdOf(request.params.id),
        ...(fy === null ? {} : { fiscalYear: fy }),
      });
      // The newest published year when none is asked for.
      const summary = found[0];
      if (!summary) return notFound(reply, 'no published summary of this survey');
      reply.header('cache-control', 'no-cache');
      return summary;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/surveys/:id/public-summaries',
    { preHandler: staff },
    async (request, reply) => {
      const id = surveyIdOf(request.params.id);
      if (!(await getSurvey(db, id))) return notFound(reply, `no published survey ${id}`);
      return { publications: await listPublications(db, id) };
    },
  );

  app.put<{ Params: { id: string; fiscalYear: string } }>(
    '/api/v1/surveys/:id/public-summaries/:fiscalYear',
    { preHandler: admin },
    async (request, reply) => {
      const fy = fiscalYearQuery(request.params.fiscalYear, reply, null);
      if (fy === undefined || fy === null) return reply;
      const parsed = v.safeParse(publishBody, request.body ?? {});
      if (!parsed.success)
        return reply.code(400).send({ error: 'bad_request', message: 'send { "items": true | false }' });
      const id = surveyIdOf(request.params.id);
      const survey = await getSurvey(db, id);
      if (!survey) return notFound(reply, `no published survey ${id}`);
      if (survey.definition.kind === 'complaint')
        return reply.code(400).send({ error: 'bad_request', message: 'a complaint form has no public summary' });
      await publishSummary(db, id, fy, parsed.output.items, request.principal?.name ?? '');
      await recordAudit(db, request, {
        action: 'summary_published',
        target: id,
        details: { fiscalYear: fy, items: parsed.output.items },
      });
      return { publications: await listPublications(db, id) };
    },
  );

  app.delete<{ Params: { id: string; fiscalYear: string } }>(
    '/api/v1/surveys/:id/public-summaries/:fiscalYear',
    { preHandler: admin },
    async (request, reply) => {
      const fy = fiscalYearQuery(request.params.fiscalYear, reply, null);
      if (fy === undefined || fy === null) return reply;
      const id = surveyIdOf(request.params.id);
      if (!(await unpublishSummary(db, id, fy))) return notFound(reply, 'this summary is not published');
      await recordAudit(db, request, { action: 'summary_unpublished', target: id, details: { fiscalYear: fy } });
      return { publications: await listPublications(db, id) };
    },
  );
}
