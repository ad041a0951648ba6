/**
 * Flat tables as CSV and XLSX files hold them (a header row, then records), read with the place
 * of every problem: the row as a spreadsheet counts it (the header is row 1) and the column's name.
 */

/** A cell: text, a number, or empty. */
export type TableCell = string | number | null;

/** A bad cell; nothing of the file is used. */
export class TableError extends Error {
  constructor(
    /** 1 is the header row; null when the problem is the file as a whole. */
    readonly row: number | null,
    readonly column: string | null,
    readonly reason: string,
  ) {
    super(row === null ? reason : `row ${row}${column ? `, column ${column}` : ''}: ${reason}`);
  }
}

/**
 * What a spreadsheet would run as a formula; exports put an apostrophe in front of such text
 * (src/server/exports.ts `neutralise`), and reading takes it off again.
 */
const FORMULA = /^(?:[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212]|[\t\r\n])/;

/** A cell as text, trimmed, with an export's protective apostrophe taken off. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  const text = (typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell : '').trim();
  return text.startsWith("'") && FORMULA.test(text.slice(1)) ? text.slice(1) : text;
}

/** Text that a spreadsheet would run, made safe with an apostrophe (as exports.ts does). */
export function safeText(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/** One record of a table, its row number and its cells by column name. */
export interface TableRecord<C extends string> {
  row: number;
  get(column: C): string;
}

/**
 * The records of a table whose header names `columns` (in any order; unknown columns refused,
 * `required` columns must be there). Empty rows are skipped.
 */
export function tableRecords<C extends string>(
  table: readonly (readonly unknown[])[],
  columns: readonly C[],
  required: readonly C[] = columns,
): TableRecord<C>[] {
  const header = (table[0] ?? []).map(cellText);
  while (header.length && header[header.length - 1] === '') header.pop();
  if (!header.length) throw new TableError(null, null, 'the file is empty: it needs a header row');
  const at = new Map<string, number>();
  header.forEach((name, i) => {
    if (!(columns as readonly string[]).includes(name)) throw new TableError(1, name || `#${i + 1}`, 'unknown column');
    if (at.has(name)) throw new TableError(1, name, 'appears twice');
    at.set(name, i);
  });
  for (const c of required) if (!at.has(c)) throw new TableError(1, c, 'is missing');
  const records: TableRecord<C>[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => cellText(c) === '')) return;
    const extra = cells.findIndex((c, k) => k >= header.length && cellText(c) !== '');
    if (extra >= 0) throw new TableError(i + 2, `#${extra + 1}`, 'a value beyond the last column');
    records.push({
      row: i + 2,
      get: (column) => {
        const k = at.get(column);
        return k === undefined ? '' : cellText(cells[k]);
      },
    });
  });
  return records;
}
