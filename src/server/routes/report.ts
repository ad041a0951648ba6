/**
 * The annual participation report (ITA o25) and what it prints: `GET /api/v1/surveys/:id/report`
 * as HTML, JSON or DOCX (and, without `format`, the free text of earlier versions), the office's
 * emblem, and the ITA item codes and titles of each fiscal year. Staff read; administrators write.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { localIsoDay } from '../../core/answers.js';
import { fiscalYearOf } from '../../core/results.js';
import { allowedSchools, requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { buildAnnualReport } from '../report/annual.js';
import { reportDocx } from '../report/docx.js';
import { type ReportFonts, reportHtml } from '../report/html.js';
import { layoutReport } from '../report/layout.js';
import { recordAudit } from '../store/audit.js';
import { getReportText } from '../store/office.js';
import {
  deleteEmblem,
  emblemType,
  getEmblem,
  getItaItems,
  MAX_EMBLEM_BYTES,
  setEmblem,
  setItaItems,
} from '../store/report-assets.js';
import { OFFICE_TIME_ZONE } from '../store/submissions.js';
import { parseFilter, surveyOf } from './results.js';

const staff = requireRole('admin', 'supervisor');
const admin = requireRole('admin');

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** The report document carries its own styles and images; nothing else may load into it. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** The app's own Sarabun files (built by vite into assets/ with hashed names), if the app is built. */
function sarabunFonts(staticDir: string): ReportFonts {
  let files: string[] = [];
  try {
    files = readdirSync(join(staticDir, 'assets'));
  } catch {
    files = [];
  }
  const pick = (weight: number) =>
    files
      .filter((f) => new RegExp(`^sarabun-(thai|latin)-${weight}-normal-[\\w-]+\\.woff2$`).test(f))
      .map((f) => `/assets/${f}`);
  return { regular: pick(400), bold: pick(600) };
}

const emblemSchema = v.strictObject({ data: v.pipe(v.string(), v.maxLength(Math.ceil(MAX_EMBLEM_BYTES / 3) * 4 + 8)) });
const itaSchema = v.strictObject({
  items: v.pipe(
    v.array(
      v.strictObject({
        code: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z]{1,3}\d{1,3}(\.\d{1,2})?$/, 'must be a code such as o25')),
        title: v.strictObject({
          th: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(500)),
          en: v.pipe(v.string(), v.trim(), v.maxLength(500)),
        }),
        purpose: v.picklist(['', 'participation']),
      }),
    ),
    v.maxLength(100),
    v.check((items) => new Set(items.map((i) => i.code.toLowerCase())).size === items.length, 'codes must differ'),
    v.check(
      (items) => items.filter((i) => i.purpose === 'participation').length <= 1,
      'one participation item at most',
    ),
  ),
});

function bad(reply: FastifyReply, issues: v.BaseIssue<unknown>[]) {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.');
  return reply
    .code(400)
    .send({ error: 'bad_request', message: where ? `${where}: ${issue?.message}` : issue?.message });
}

/** A fiscal year (BE) from the query, or undefined after answering 400; absent means this year. */
function fiscalYearFrom(value: string | undefined, reply: FastifyReply): number | undefined {
  if (value === undefined || value === '') return fiscalYearOf(localIsoDay(new Date(), OFFICE_TIME_ZONE));
  const filter = parseFilter({ fy: value }, reply);
  return filter?.fiscalYear;
}

interface ReportQuery {
  fy?: string;
  fiscalYear?: string;
  format?: string;
  lang?: string;
  school?: string | string[];
}

/** Registers the report's routes; `staticDir` is where the built app (and its fonts) live. */
export async function registerReportRoutes(app: FastifyInstance, db: Db, staticDir: string): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: ReportQuery }>(
    '/api/v1/surveys/:id/report',
    { preHandler: staff },
    async (request, reply) => {
      const q = request.query;
      // Without a format and with `fy`: the free text of part 4 as earlier versions kept it.
      if (q.format === undefined && q.fiscalYear === undefined) {
        const filter = parseFilter({ fy: q.fy ?? '' }, reply);
        if (!filter?.fiscalYear) return reply.code(400).send({ error: 'bad_request', message: 'fy is required' });
        if (!(await surveyOf(db, request.params.id, reply))) return reply;
        return getReportText(db, request.params.id, filter.fiscalYear);
      }
      return annualReport(request, reply, db, staticDir);
    },
  );

  app.get('/api/v1/office/emblem', { preHandler: staff }, async (_request, reply) => {
    const emblem = await getEmblem(db);
    if (!emblem) return reply.code(404).send({ error: 'not_found', message: 'no emblem uploaded' });
    return reply.type(emblem.type).send(Buffer.from(emblem.data));
  });
  app.put(
    '/api/v1/office/emblem',
    { preHandler: admin, bodyLimit: Math.ceil(MAX_EMBLEM_BYTES / 3) * 4 + 64 * 1024 },
    async (request, reply) => {
      const parsed = v.safeParse(emblemSchema, request.body);
      if (!parsed.success) {
        const tooLong = parsed.issues.some((i) => i.type === 'max_length');
        if (tooLong) return reply.code(413).send({ error: 'too_large', message: 'the emblem may be at most 1 MiB' });
        return bad(reply, parsed.issues);
      }
      const bytes = new Uint8Array(Buffer.from(parsed.output.data, 'base64'));
      if (bytes.length > MAX_EMBLEM_BYTES)
        return reply.code(413).send({ error: 'too_large', message: 'the emblem may be at most 1 MiB' });
      const type = emblemType(bytes);
      if (!type)
        return reply
          .code(415)
          .send({ error: 'unsupported_media_type', message: 'the emblem must be a PNG or JPEG image' });
      await setEmblem(db, type, bytes, request.principal?.name ?? '');
      await recordAudit(db, request, { action: 'emblem_changed', details: { type, bytes: bytes.length } });
      return { type, size: bytes.length };
    },
  );
  // Removing an emblem that is not there changes nothing and says so.
  app.delete('/api/v1/office/emblem', { preHandler: admin }, async (request) => {
    const removed = await deleteEmblem(db);
    if (removed) await recordAudit(db, request, { action: 'emblem_deleted' });
    return { removed };
  });

  app.get<{ Querystring: { fiscalYear?: string } }>(
    '/api/v1/ita-items',
    { preHandler: staff },
    async (request, reply) => {
      const fiscalYear = fiscalYearFrom(request.query.fiscalYear, reply);
      if (fiscalYear === undefined) return reply;
      return { fiscalYear, items: await getItaItems(db, fiscalYear) };
    },
  );
  app.put<{ Querystring: { fiscalYear?: string } }>(
    '/api/v1/ita-items',
    { preHandler: admin },
    async (request, reply) => {
      if (!request.query.fiscalYear)
        return reply.code(400).send({ error: 'bad_request', message: 'fiscalYear is required' });
      const fiscalYear = fiscalYearFrom(request.query.fiscalYear, reply);
      if (fiscalYear === undefined) return reply;
      const parsed = v.safeParse(itaSchema, request.body);
      if (!parsed.success) return bad(reply, parsed.issues);
      await setItaItems(db, fiscalYear, parsed.output.items, request.principal?.name ?? '');
      await recordAudit(db, request, {
        action: 'ita_items_changed',
        details: { fiscalYear, items: parsed.output.items.length },
      });
      return { fiscalYear, items: await getItaItems(db, fiscalYear) };
    },
  );
}

/** The new report: `fiscalYear`, `format` html|json|docx, `lang` th|en, `school` within the caller's schools. */
async function annualReport(
  request: FastifyRequest<{ Params: { id: string }; Querystring: ReportQuery }>,
  reply: FastifyReply,
  db: Db,
  staticDir: string,
) {
  const q = request.query;
  const format = q.format ?? 'json';
  if (format !== 'html' && format !== 'json' && format !== 'docx')
    return reply.code(400).send({ error: 'bad_request', message: 'format must be html, json or docx' });
  const lang = q.lang === 'en' ? 'en' : 'th';
  if (q.lang !== undefined && q.lang !== 'th' && q.lang !== 'en')
    return reply.code(400).send({ error: 'bad_request', message: 'lang must be th or en' });
  const fiscalYear = fiscalYearFrom(q.fiscalYear ?? q.fy, reply);
  if (fiscalYear === undefined) return reply;
  const asked = parseFilter({ school: q.school ?? [] }, reply)?.schools;
  const schools = allowedSchools(request, reply, asked);
  if (schools === undefined) return reply;
  const report = await buildAnnualReport(db, request.params.id.slice(0, 64), fiscalYear, schools);
  if (!report) return reply.code(404).send({ error: 'not_found', message: `no published survey ${request.params.id}` });
  await recordAudit(db, request, {
    action: 'export',
    target: report.surveyId,
    details: { kind: 'annual_report', format, lang, fiscalYear, schools: schools?.length ?? null },
  });
  if (format === 'json') return report;
  const layout = layoutReport(report, lang);
  const emblem = report.office.emblem ? await getEmblem(db) : undefined;
  if (format === 'docx') {
    const file = await reportDocx(report, layout, emblem);
    return reply
      .type(DOCX_TYPE)
      .header('content-disposition', `attachment; filename="annual-report-${report.surveyId}-${fiscalYear}.docx"`)
      .send(file);
  }
  const dataUrl = emblem ? `data:${emblem.type};base64,${Buffer.from(emblem.data).toString('base64')}` : null;
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', REPORT_CSP)
    .send(reportHtml(layout, dataUrl, sarabunFonts(staticDir)));
}
