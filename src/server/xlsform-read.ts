/**
 * Reads an uploaded XLSForm workbook into plain rows (src/core/xlsform.ts turns them into a
 * survey). A hostile file must never take the server down: the zip's directory is checked before
 * anything is unpacked, and the workbook is parsed in a worker thread with its own memory ceiling
 * and a time limit, so a zip bomb or a huge sheet ends the worker, not the server.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MAX_CHOICE_ROWS, type XlsSheet } from '../core/xlsform.js';

/** The largest workbook file accepted. */
export const MAX_XLSFORM_BYTES = 10 * 1024 * 1024;
/** The most bytes a workbook may unpack to, by its own directory. */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** The most files inside a workbook. */
const MAX_ENTRIES = 2_000;
/** How long parsing may take, and how much memory the worker may use. */
const PARSE_TIME_MS = 30_000;
const WORKER_HEAP_MB = 384;

/** A file that is not a workbook Siang can read; the message says why, for a person. */
export class XlsformFileError extends Error {}

/** Checks a zip's central directory: entry count and unpacked size, before unpacking anything. */
export function checkZipDirectory(bytes: Buffer): void {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw new XlsformFileError('the file is not an Excel workbook (.xlsx)');
  const from = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsformFileError('the workbook is damaged (its zip directory is missing)');
  const entries = bytes.readUInt16LE(eocd + 10);
  const dirSize = bytes.readUInt32LE(eocd + 12);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || dirOffset === 0xffffffff) throw new XlsformFileError('the workbook is too large');
  if (entries > MAX_ENTRIES) throw new XlsformFileError(`the workbook holds more than ${MAX_ENTRIES} files`);
  if (dirOffset + dirSize > bytes.length)
    throw new XlsformFileError('the workbook is damaged (its zip directory is cut)');
  let total = 0;
  let p = dirOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50)
      throw new XlsformFileError('the workbook is damaged (a zip entry is unreadable)');
    const compressed = bytes.readUInt32LE(p + 20);
    const unpacked = bytes.readUInt32LE(p + 24);
    total += unpacked;
    if (total > MAX_UNPACKED_BYTES || (unpacked > 1_000_000 && unpacked > compressed * 200))
      throw new XlsformFileError(`the workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
}

/**
 * The worker's code: for each workbook posted to it, it loads it with exceljs and posts back the cells of each sheet
 * (at most one row more than a sheet may have, and 200 columns). Formulas and error cells come
 * back as `{ formula }`, dates as `YYYY-MM-DD`. Plain JavaScript, so it runs the same from the
 * build and from the sources.
 */
function workerSource(): string {
  const exceljs = createRequire(import.meta.url).resolve('exceljs');
  return `
const { parentPort } = require('node:worker_threads');
const ExcelJS = require(${JSON.stringify(exceljs)});
const ROW_CAP = ${MAX_CHOICE_ROWS + 2};
const COLUMN_CAP = 200;
function cell(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return { formula: String(v.formula ?? v.sharedFormula ?? '') };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (typeof v.text === 'string') return v.text;
    if ('error' in v) return { formula: String(v.error) };
  }
  return null;
}
async function read(bytes) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes));
  return workbook.worksheets.map((ws) => {
    const rows = [];
    const last = Math.min(ws.rowCount, ROW_CAP);
    for (let r = 1; r <= last; r++) {
      const row = ws.getRow(r);
      const cells = [];
      const width = Math.min(row.cellCount, COLUMN_CAP);
      for (let c = 1; c <= width; c++) cells.push(cell(row.getCell(c).value));
      rows.push(cells);
    }
    return { name: ws.name, rows };
  });
}
parentPort.on('message', (bytes) =>
  read(bytes).then(
    (sheets) => parentPort.postMessage({ sheets }),
    () => parentPort.postMessage({ error: 'the file is not an Excel workbook Siang can read' }),
  ),
);
`;
}

/**
 * How long a reader that has read a workbook waits for the next one. Starting a worker and
 * loading exceljs into it costs more than reading a 1,000-row form (docs/benchmarks.md), so the
 * one that read a good workbook is kept for the next; one that failed, timed out or ran out of
 * memory is ended, never reused.
 */
const IDLE_MS = 10 * 60_000;

let workerCode: string | undefined;
let idle: { worker: Worker; timer: NodeJS.Timeout } | undefined;

/** The idle reader, or a new one. */
function takeWorker(): Worker {
  if (idle) {
    const { worker, timer } = idle;
    idle = undefined;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  workerCode ??= workerSource();
  return new Worker(workerCode, { eval: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
}

/** Keeps a reader that read well for the next workbook (one at most; it never holds the process open). */
function keepWorker(worker: Worker): void {
  if (idle) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    if (idle?.worker !== worker) return;
    idle = undefined;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker, timer };
}

/** The thread id of the reader kept for the next workbook, if any (for tests). */
export function idleXlsformReader(): number | undefined {
  return idle?.worker.threadId;
}

/** Reads a workbook's sheets as rows; throws XlsformFileError with a reason a person can act on. */
export async function readXlsformFile(bytes: Buffer): Promise<XlsSheet[]> {
  if (bytes.length > MAX_XLSFORM_BYTES)
    throw new XlsformFileError(`the file is larger than ${MAX_XLSFORM_BYTES / 1024 / 1024} MB`);
  checkZipDirectory(bytes);
  const worker = takeWorker();
  return new Promise<XlsSheet[]>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, sheets?: XlsSheet[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) {
        void worker.terminate();
        reject(error);
      } else {
        keepWorker(worker);
        resolve(sheets ?? []);
      }
    };
    const timer = setTimeout(
      () => finish(new XlsformFileError('the workbook took too long to read; make it smaller')),
      PARSE_TIME_MS,
    );
    const onMessage = (m: { sheets?: XlsSheet[]; error?: string }) =>
      m.sheets?.length
        ? finish(undefined, m.sheets)
        : finish(new XlsformFileError(m.error ?? 'the file is not an Excel workbook Siang can read'));
    const onError = (e: Error & { code?: string }) =>
      finish(
        new XlsformFileError(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'the workbook is too large to read'
            : 'the file is not an Excel workbook Siang can read',
        ),
      );
    const onExit = () => finish(new XlsformFileError('the workbook cannot be read'));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(bytes);
  });
}

/** Writes sheets of rows as an .xlsx file (the builder's "export as XLSForm"). */
export async function writeXlsformFile(sheets: readonly XlsSheet[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row.map((c) => (c !== null && typeof c === 'object' ? null : c)));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.getRow(1).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
