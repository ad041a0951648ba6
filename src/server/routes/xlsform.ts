/**
 * XLSForm in and out, for admins (docs/xlsform.md): `POST /api/v1/surveys/import` reads an
 * uploaded workbook (the .xlsx bytes as the body) and, with `?publish=1`, publishes it;
 * `GET /api/v1/surveys/:id?format=xlsform` gives a published survey as a workbook that imports
 * back to the same survey.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_SURVEY_VERSION, SURVEY_ID } from '../../core/survey.js';
import { exportXlsform } from '../../core/xlsform-export.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { actorOf } from '../store/audit.js';
import { getSurvey, listSurveys, publishSurvey } from '../store/surveys.js';
import { convertXlsform, publishImported } from '../xlsform-import.js';
import { MAX_XLSFORM_BYTES, writeXlsformFile } from '../xlsform-read.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook sent: the body's bytes, or a JSON body's `file` in base64. */
function workbookBytes(body: unknown): Buffer | undefined {
  if (Buffer.isBuffer(body)) return body;
  const file = (body as { file?: unknown } | null)?.file;
  return typeof file === 'string' && file.length <= (MAX_XLSFORM_BYTES * 4) / 3 + 4
    ? Buffer.from(file, 'base64')
    : undefined;
}

/** Registers the XLSForm routes. */
export async function registerXlsformRoutes(app: FastifyInstance, db: Db): Promise<void> {
  await app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      [XLSX, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_XLSFORM_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.post<{ Querystring: { publish?: string; name?: string } }>(
      '/api/v1/surveys/import',
      { preHandler: requireRole('admin'), bodyLimit: Math.ceil((MAX_XLSFORM_BYTES * 4) / 3) + 1024 },
      async (request, reply) => {
        const bytes = workbookBytes(request.body);
        if (!bytes)
          return reply.code(415).send({
            error: 'unsupported_media_type',
            message: `send the .xlsx file as ${XLSX}, or JSON { "file": "<the file in base64>" }`,
          });
        const name = typeof request.query.name === 'string' ? request.query.name.replace(/\.xlsx$/i, '') : undefined;
        const result = await convertXlsform(bytes, name);
        if (!result.survey) {
          request.log.info({ problems: result.problems.length }, 'xlsform refused');
          return reply
            .code(422)
            .send({ error: 'invalid_xlsform', problems: result.problems, warnings: result.warnings });
        }
        if (request.query.publish !== '1' && request.query.publish !== 'true')
          return { status: 'checked', survey: result.survey, warnings: result.warnings };
        const outcome = await publishImported(
          { publish: (d) => publishSurvey(db, d, actorOf(request)), list: () => listSurveys(db) },
          result.survey,
        );
        if (outcome.status === 'invalid' || outcome.status === 'version_taken')
          return reply.code(422).send({ error: outcome.status, outcome, warnings: result.warnings });
        request.log.info({ survey: outcome.survey.id, version: outcome.survey.version }, 'xlsform published');
        return { status: outcome.status, survey: outcome.survey.definition, warnings: result.warnings };
      },
    );
    done();
  });
}

/**
 * `GET /api/v1/surveys/:id?format=xlsform[&version=N]`: the survey as an XLSForm workbook, for
 * admins. The anonymous survey route hands such requests here.
 */
export async function sendSurveyXlsform(
  db: Db,
  request: FastifyRequest<{ Params: { id: string }; Querystring: { version?: string } }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  await requireRole('admin')(request, reply);
  if (reply.sent) return reply;
  const raw = request.query.version;
  const version = raw === undefined ? undefined : Number(raw);
  if (version !== undefined && (!Number.isInteger(version) || version < 1 || version > MAX_SURVEY_VERSION))
    return reply.code(400).send({ error: 'bad_request', message: 'version must be a whole number from 1' });
  const found = SURVEY_ID.test(request.params.id) ? await getSurvey(db, request.params.id, version) : undefined;
  if (!found) return reply.code(404).send({ error: 'not_found', message: `no published survey ${request.params.id}` });
  const bytes = await writeXlsformFile(exportXlsform(found.definition));
  return reply
    .header('content-type', XLSX)
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${found.id}-v${found.version}-xlsform.xlsx"`)
    .send(bytes);
}
