/**
 * Reads an uploaded XLSForm workbook into plain rows (src/core/xlsform.ts turns them into a
 * survey). A hostile file must never take the server down: the zip's directory is checked before
 * anything is unpacked, and the workbook is parsed in a worker thread with its own memory ceiling
 * and a time limit, so a zip bomb or a huge sheet ends the worker, not the server.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { XlsSheet } from '../core/xlsform.js';

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

function workerUrl(): { url: URL; execArgv: string[] } {
  const js = new URL('./xlsform-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { url: js, execArgv: [] };
  // Run from the TypeScript sources (tests): the worker goes through tsx like its parent.
  return { url: new URL('./xlsform-worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] };
}

/** Reads a workbook's sheets as rows; throws XlsformFileError with a reason a person can act on. */
export async function readXlsformFile(bytes: Buffer): Promise<XlsSheet[]> {
  if (bytes.length > MAX_XLSFORM_BYTES)
    throw new XlsformFileError(`the file is larger than ${MAX_XLSFORM_BYTES / 1024 / 1024} MB`);
  checkZipDirectory(bytes);
  const { url, execArgv } = workerUrl();
  const worker = new Worker(url, {
    workerData: bytes,
    execArgv,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return new Promise<XlsSheet[]>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, sheets?: XlsSheet[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve(sheets ?? []);
    };
    const timer = setTimeout(
      () => finish(new XlsformFileError('the workbook took too long to read; make it smaller')),
      PARSE_TIME_MS,
    );
    worker.once('message', (m: { sheets?: XlsSheet[]; error?: string }) =>
      m.sheets ? finish(undefined, m.sheets) : finish(new XlsformFileError(m.error ?? 'the workbook cannot be read')),
    );
    worker.once('error', (e: Error & { code?: string }) =>
      finish(
        new XlsformFileError(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'the workbook is too large to read'
            : 'the file is not an Excel workbook Siang can read',
        ),
      ),
    );
    worker.once('exit', () => finish(new XlsformFileError('the workbook cannot be read')));
  });
}
