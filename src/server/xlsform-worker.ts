/** Parses one workbook in a worker thread (src/server/xlsform-read.ts) and posts its rows back. */
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import type { XlsCell, XlsSheet } from '../core/xlsform.js';
import { MAX_CHOICE_ROWS } from '../core/xlsform.js';

/** Rows read per sheet: one more than any sheet may have, so a longer sheet is reported as such. */
const ROW_CAP = MAX_CHOICE_ROWS + 2;
const COLUMN_CAP = 200;

function cell(value: ExcelJS.CellValue): XlsCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const f = value as { formula?: string; sharedFormula?: string };
      return { formula: String(f.formula ?? f.sharedFormula ?? '') };
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return { formula: String(value.error) };
  }
  return null;
}

async function read(bytes: Uint8Array): Promise<XlsSheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook.worksheets.map((ws) => {
    const rows: XlsCell[][] = [];
    const last = Math.min(ws.rowCount, ROW_CAP);
    for (let r = 1; r <= last; r++) {
      const row = ws.getRow(r);
      const cells: XlsCell[] = [];
      const width = Math.min(row.cellCount, COLUMN_CAP);
      for (let c = 1; c <= width; c++) cells.push(cell(row.getCell(c).value));
      rows.push(cells);
    }
    return { name: ws.name, rows };
  });
}

read(workerData as Uint8Array).then(
  (sheets) => parentPort?.postMessage({ sheets }),
  () => parentPort?.postMessage({ error: 'the file is not an Excel workbook Siang can read' }),
);
