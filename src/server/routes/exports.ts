/**
 * `GET /api/v1/surveys/:id/responses?format=csv|xlsx|json`: the filtered responses that count,
 * streamed; `&excluded=1` adds the excluded and test ones, flagged. Deleted ones are never exported.
 */
import type { FastifyInstance } from 'fastify';
import type { ResultsFilter } from '../../core/results.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import {
  csvStream,
  type ExportFormat,
  type ExportRow,
  exportColumns,
  jsonStream,
  readPages,
  STORED_FIELDS,
  type StoredRow,
  TABLE_FIELDS,
  xlsxStream,
} from '../exports.js';
import { recordAudit } from '../store/audit.js';
import { getOffice } from '../store/office.js';
import { surveyResults, whereOf } from '../store/results.js';
import { personalQuestionIds } from '../store/surveys.js';
import { type FilterQuery, refusedToToken, scopeOf, surveyOf } from './results.js';

/**
 * A file name that says what the file holds, so two kinds never share a name:
 * `siang-<survey>-responses-codes-fy2570.csv`, `…-responses-labels-…`, `…-results-fy2570.xlsx`
 * (summary, profile and responses), `…-responses-fy2570.json`; `all-years` without a fiscal
 * year, `-with-excluded` when test and excluded responses are in it.
 */
export function exportFileName(
  surveyId: string,
  format: ExportFormat,
  options: { labels: boolean; flagged?: boolean },
  filter: ResultsFilter,
): string {
  const kind =
    format === 'xlsx'
      ? 'results'
      : format === 'json'
        ? 'responses'
        : options.labels
          ? 'responses-labels'
          : 'responses-codes';
  const year = filter.fiscalYear ? `fy${filter.fiscalYear}` : 'all-years';
  return `siang-${surveyId}-${kind}-${year}${options.flagged ? '-with-excluded' : ''}.${format}`;
}

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** Registers the export route (supervisors and admins, by cookie or API token). */
export async function registerExportRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: FilterQuery & { format?: string; labels?: string; lang?: string } }>(
    '/api/v1/surveys/:id/responses',
    { preHandler: requireRole('admin', 'supervisor') },
    async (request, reply) => {
      const format = (request.query.format ?? 'csv') as ExportFormat;
      // Own keys only: `in` would also admit toString, constructor and the like (a 500).
      if (!Object.hasOwn(TYPES, format))
        return reply.code(400).send({ error: 'bad_request', message: 'format must be csv, xlsx or json' });
      const labels = request.query.labels === 'labels';
      const lang = request.query.lang === 'en' ? 'en' : 'th';
      const scope = scopeOf(request, reply);
      if (!scope) return reply;
      const survey = await surveyOf(db, request.params.id, reply);
      if (!survey || refusedToToken(request, reply, survey)) return reply;
      // Excluded and test responses only when asked for, flagged; deleted ones never.
      const flagged = (request.query as { excluded?: unknown }).excluded === '1';
      const where = whereOf(survey.id, scope.filter, scope.schools, flagged ? 'not_deleted' : 'counted');
      const options = { labels, lang, flagged, analysis: format === 'xlsx' } as const;
      const personal = await personalQuestionIds(db, survey.id);
      const columns = exportColumns(survey, options, personal);
      reply
        .header('content-type', TYPES[format])
        .header(
          'content-disposition',
          `attachment; filename="${exportFileName(survey.id, format, options, scope.filter)}"`,
        )
        .header('cache-control', 'no-store');
      request.log.info({ survey: survey.id, format }, 'export');
      // Who took which rows: the survey, format and filters, and how many responses (never their content).
      const [counted] = await db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM responses WHERE ${where.sql}`,
        where.params,
      );
      await recordAudit(db, request, {
        action: 'export',
        target: survey.id,
        details: { format, labels, lang, rows: Number(counted?.n ?? 0), filters: { ...scope.filter } },
      });
      if (format === 'csv') return reply.send(csvStream(readPages<ExportRow>(db, where, TABLE_FIELDS), columns));
      if (format === 'json')
        return reply.send(jsonStream(readPages<StoredRow>(db, where, STORED_FIELDS), survey, personal, flagged));
      const summary = await surveyResults(db, survey, scope.filter, scope.schools, await getOffice(db));
      return reply.send(xlsxStream(readPages<ExportRow>(db, where, TABLE_FIELDS), columns, summary, options));
    },
  );
}
