/**
 * The actions' XLSX file (docs/actions.md "The file"): the flat table of core/actions.ts in TH
 * Sarabun New, header row frozen and bold, dates as real dates in the Thai Buddhist-era format,
 * progress as a whole number. CSV goes through plan-files.ts `sendTable`; both are read back by
 * its `uploadedTable`.
 */
import { ACTION_COLUMNS, ACTION_DATE_COLUMNS } from '../core/actions.js';
import { safeText, type TableCell } from '../core/table.js';

/** The font of the government's documents (domain: TH Sarabun New). */
const FONT = { name: 'TH Sarabun New', size: 16 };
/** 5 ธันวาคม 2569 in a Thai Excel: the Thai Buddhist calendar (07) with the Thai locale (041E). */
const DATE_FORMAT = '[$-107041E]d mmmm yyyy';
const WIDTHS: Partial<Record<(typeof ACTION_COLUMNS)[number], number>> = {
  action_id: 38,
  milestone_id: 38,
  title: 40,
  owner: 24,
  milestone: 36,
  findings: 40,
};

/** The table (header first) as an .xlsx workbook of one sheet. */
export async function actionsWorkbook(table: readonly (readonly TableCell[])[], sheetName: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const dateColumns = new Set(ACTION_DATE_COLUMNS.map((c) => ACTION_COLUMNS.indexOf(c)));
  const progressColumn = ACTION_COLUMNS.indexOf('progress');
  table.forEach((cells, r) => {
    const row = ws.addRow(
      cells.map((c, i) => {
        if (r > 0 && dateColumns.has(i) && typeof c === 'string' && c) return new Date(`${c}T00:00:00Z`);
        return typeof c === 'string' ? safeText(c) : c;
      }),
    );
    row.font = r === 0 ? { ...FONT, bold: true } : FONT;
  });
  ACTION_COLUMNS.forEach((name, i) => {
    const column = ws.getColumn(i + 1);
    column.width = WIDTHS[name] ?? (dateColumns.has(i) ? 18 : 14);
    // On the whole column, so a date typed into an empty cell is a date too.
    if (dateColumns.has(i)) column.numFmt = DATE_FORMAT;
    if (i === progressColumn) column.numFmt = '0';
  });
  ws.getRow(1).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
