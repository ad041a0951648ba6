// @vitest-environment node
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvLine, neutralise } from '../../src/server/exports.js';

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

describe('formula neutralising', () => {
  it('puts an apostrophe before a formula however it starts: spaces, line breaks, invisible or full-width signs', () => {
    const formulas = [
      '=1+1',
      '+1',
      '-1',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '\n=1',
      ' =1+1',
      '   @cmd',
      '\n+1',
      '\u00A0=1',
      '\u200B=1',
      '\uFEFF=1',
      ' \u00A0\u200B=HYPERLINK("x")',
      '\uFF1D1+1',
      '\uFF0B1',
      '\uFF0D1',
      '\uFF20SUM(A1)',
      ' \uFF1D1',
    ];
    for (const text of formulas) expect([text, neutralise(text)]).toEqual([text, `'${text}`]);
  });

  it('leaves other text as it is, spaces and Thai included', () => {
    for (const text of ['plain', ' spaced ', 'โรงเรียน', 'a=b', '1+1', "'=1", '\u00A0ครู', '', 'x-1'])
      expect(neutralise(text)).toBe(text);
  });
});
