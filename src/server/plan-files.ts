/**
 * The register's and the plan's files (docs/participation.md): a flat table written as CSV (UTF-8
 * with BOM, for Excel) or XLSX, and read back from CSV, XLSX or the JSON export. Shared by
 * routes/register.ts and routes/plan.ts.
 */
import { parse } from 'csv-parse/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeText, type TableCell, TableError } from '../core/table.js';
import { csvLine } from './exports.js';
import { MAX_XLSFORM_BYTES, readXlsformFile, writeXlsformFile, XlsformFileError } from './xlsform-read.js';

/** The file formats. */
export const FILE_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type FileFormat = keyof typeof FILE_TYPES;

/** The largest file imported. */
export const MAX_PLAN_FILE_BYTES = MAX_XLSFORM_BYTES;

/** `?fiscalYear=` as a BE year, or undefined after answering 400. */
export function fiscalYearOf(value: unknown, reply: FastifyReply): number | undefined {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  if (Number.isInteger(n) && n >= 2500 && n <= 2700) return n;
  void reply
    .code(400)
    .send({ error: 'bad_request', message: 'fiscalYear must be a Buddhist-era fiscal year such as 2570, given once' });
  return undefined;
}

/** `?format=`: json (the default), csv or xlsx; undefined after answering 400. */
export function formatOf(value: unknown, reply: FastifyReply): FileFormat | undefined {
  const format = value ?? 'json';
  if (typeof format === 'string' && Object.hasOwn(FILE_TYPES, format)) return format as FileFormat;
  void reply.code(400).send({ error: 'bad_request', message: 'format must be json, csv or xlsx' });
  return undefined;
}

/** Sends a table as a CSV or XLSX download. */
export async function sendTable(
  reply: FastifyReply,
  table: readonly (readonly TableCell[])[],
  format: 'csv' | 'xlsx',
  name: string,
) {
  const safe = table.map((row) => row.map((c) => (typeof c === 'string' ? safeText(c) : c)));
  reply
    .header('content-type', FILE_TYPES[format])
    .header('content-disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') return reply.send(`\uFEFF${safe.map(csvLine).join('')}`);
  return reply.send(await writeXlsformFile([{ name, rows: safe }]));
}

/**
 * Lets a scope's routes take CSV (text/csv) and XLSX bodies beside JSON. Register the import
 * routes inside the scope.
 */
export function acceptFiles(scope: FastifyInstance): void {
  scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_PLAN_FILE_BYTES }, (_r, body, done) =>
    done(null, { csv: body }),
  );
  scope.addContentTypeParser(
    [FILE_TYPES.xlsx, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_PLAN_FILE_BYTES },
    (_r, body, done) => done(null, { xlsx: body }),
  );
}

/** The table of an uploaded CSV or XLSX body, or undefined for a JSON body (read by the caller). */
export async function uploadedTable(request: FastifyRequest): Promise<TableCell[][] | undefined> {
  const body = request.body as { csv?: unknown; xlsx?: unknown } | null;
  if (body && typeof body.csv === 'string') {
    try {
      return parse(body.csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (error) {
      const line = (error as { lines?: number }).lines;
      throw new TableError(line ?? null, null, `the CSV cannot be read: ${(error as Error).message}`);
    }
  }
  if (body && Buffer.isBuffer(body.xlsx)) {
    try {
      const [sheet] = await readXlsformFile(body.xlsx);
      return (sheet?.rows ?? []).map((row) =>
        row.map((c) =>
          typeof c === 'string' || typeof c === 'number' ? c : typeof c === 'boolean' ? String(c) : null,
        ),
      );
    } catch (error) {
      if (error instanceof XlsformFileError) throw new TableError(null, null, error.message);
      throw error;
    }
  }
  return undefined;
}

/** Answers a refused file: 422 with the row and column. */
export function refuseFile(reply: FastifyReply, error: TableError) {
  return reply.code(422).send({ error: 'invalid_file', message: error.message, row: error.row, column: error.column });
}
