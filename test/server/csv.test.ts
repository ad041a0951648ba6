// @vitest-environment node
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/server/exports.js';

/** Cells that need quoting, or look as if they might. */
const CELLS: (string | number | null)[] = [
  'plain',
  'โรงเรียนแก่งกระจานวิทยา',
  'a,b',
  'say "hi"',
  'two\nlines',
  'cr\rhere',
  'crlf\r\nhere',
  '"',
  ',',
  '',
  ' spaced ',
  "'=1+1",
  'tab\there',
  '😀 ✓',
  0,
  4.5,
  -3,
  12345678901234,
  null,
];

// csv-stringify quotes a field with a line break only when it holds the whole record delimiter
// (CRLF); a lone LF or CR left bare splits the row in Excel, so ours quotes those too.
const OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

describe('CSV lines', () => {
  it('are byte for byte what csv-stringify writes (RFC 4180, CRLF, line breaks quoted), cell by cell and as a record', () => {
    for (const cell of CELLS) expect([cell, csvLine([cell])]).toEqual([cell, stringify([[cell]], OPTIONS)]);
    expect(csvLine(CELLS)).toBe(stringify([CELLS], OPTIONS));
  });

  it('quote every field holding a line break, so a spreadsheet keeps the row whole', () => {
    expect(csvLine(['two\nlines', 'cr\rhere', 'x'])).toBe('"two\nlines","cr\rhere",x\r\n');
  });
});
