/**
 * Rows pasted from a spreadsheet or read from a CSV file, turned into the items of a survey's
 * long list (the school list), each row checked before anything is applied.
 */
import type { ListItem } from './survey.js';

/** The text of a list file and the encoding it was read in. */
export interface DecodedText {
  readonly text: string;
  /** `windows-874` for a legacy Thai file (TIS-620, as Thai Excel saves "CSV"). */
  readonly encoding: 'utf-8' | 'windows-874';
}

/**
 * Reads a file's bytes as UTF-8 (a byte order mark is dropped); a file that is not valid UTF-8 is
 * read as Windows-874, the superset of TIS-620 that Thai Windows and Excel write.
 */
export function decodeListFile(bytes: Uint8Array): DecodedText {
  try {
    // `ignoreBOM: false` (the default) drops a leading BOM.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-874').decode(bytes), encoding: 'windows-874' };
  }
}

/** Whether pasted text is tab-separated (copied from a spreadsheet) rather than comma-separated. */
export function delimiterOf(text: string): '\t' | ',' {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return first.includes('\t') ? '\t' : ',';
}

type Field = 'value' | 'th' | 'en' | 'detailTh' | 'detailEn';

/** Header names a list file may use (the shipped `code,name_th,…` and the item's own names). */
const HEADER: Record<string, Field> = {
  code: 'value',
  value: 'value',
  name_th: 'th',
  label_th: 'th',
  name_en: 'en',
  label_en: 'en',
  district_th: 'detailTh',
  detail_th: 'detailTh',
  district_en: 'detailEn',
  detail_en: 'detailEn',
};

/** Without a header row, columns are read in this order. */
const POSITIONAL: readonly Field[] = ['value', 'th', 'en', 'detailTh', 'detailEn'];

/** What is wrong with one row. */
export type RowProblem =
  | { readonly code: 'emptyLabel' }
  | { readonly code: 'duplicate'; readonly value: string; readonly row: number }
  | { readonly code: 'duplicateExisting'; readonly value: string };

/** One row as it will be applied, with its problems. */
export interface CheckedRow {
  /** The row number in the pasted text or the file (1 is the first line). */
  readonly row: number;
  readonly item: ListItem;
  readonly problems: readonly RowProblem[];
}

/** Rows read into items. */
export interface CheckedRows {
  /** True when the first row named the columns and was skipped. */
  readonly header: boolean;
  readonly rows: readonly CheckedRow[];
}

/**
 * Turns rows of cells into list items and checks them: every row needs a Thai name, and the
 * stored values (the code, or the Thai name when there is none) must differ from each other and,
 * when adding to a list, from the values already in it. Blank rows are skipped.
 */
export function checkRows(cells: readonly (readonly string[])[], existing: readonly ListItem[] = []): CheckedRows {
  const first = cells[0]?.map((c) => c.trim().toLowerCase()) ?? [];
  const header = first.some((c) => c in HEADER);
  const columns: (Field | undefined)[] = header ? first.map((c) => HEADER[c]) : [...POSITIONAL];
  const taken = new Set(existing.map((i) => i.value));
  const seen = new Map<string, number>();
  const rows: CheckedRow[] = [];
  cells.forEach((raw, index) => {
    if (header && index === 0) return;
    const line = raw.map((c) => c.trim());
    if (line.every((c) => c === '')) return;
    const get = (field: Field) => {
      const at = columns.indexOf(field);
      return at >= 0 ? (line[at] ?? '') : '';
    };
    const th = get('th');
    const value = get('value') || th;
    const detailTh = get('detailTh');
    const detailEn = get('detailEn');
    const item: ListItem = {
      value,
      label: { th, en: get('en') || th },
      ...(detailTh || detailEn ? { detail: { th: detailTh || detailEn, en: detailEn || detailTh } } : {}),
    };
    const problems: RowProblem[] = [];
    const row = index + 1;
    if (!th) problems.push({ code: 'emptyLabel' });
    if (value) {
      const earlier = seen.get(value);
      if (earlier !== undefined) problems.push({ code: 'duplicate', value, row: earlier });
      else if (taken.has(value)) problems.push({ code: 'duplicateExisting', value });
      else seen.set(value, row);
    }
    rows.push({ row, item, problems });
  });
  return { header, rows };
}
