/**
 * Files a staff screen downloads and a person edits in Excel before importing them back
 * (test/e2e/actions.e2e.ts and the office cycle): the download saved where the test says, and an
 * XLSX edited by column name with exceljs, as Excel would save it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { adminStrings } from './supervisor.js';

/** Downloads the improvement actions' progress file as XLSX from the actions screen to `file`. */
export async function downloadActionsXlsx(page: Page, file: string): Promise<string> {
  const link = page.getByRole('link', { name: adminStrings('th-TH').actions.exportXlsx });
  await expect.poll(() => link.getAttribute('href')).toContain('/actions/export');
  const download = page.waitForEvent('download');
  await link.click();
  await (await download).saveAs(file);
  return file;
}

/** Opens the XLSX file `from`, lets `edit` change its first sheet by column name, saves it as `to`. */
export async function editXlsx(
  from: string,
  to: string,
  edit: (cell: (row: number, column: string) => { value: unknown }) => void,
): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(from) as never);
  const ws = book.worksheets[0];
  if (!ws) throw new Error('no sheet');
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  edit((row, column) => ws.getRow(row).getCell(header.indexOf(column) + 1));
  writeFileSync(to, Buffer.from(await book.xlsx.writeBuffer()));
  return to;
}
