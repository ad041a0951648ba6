import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importXlsform } from '../../src/core/xlsform.js';
import { exportXlsform } from '../../src/core/xlsform-export.js';
import { shippedSurveys } from '../../src/server/content.js';
import {
  idleXlsformReader,
  readXlsformFile,
  writeXlsformFile,
  XlsformFileError,
} from '../../src/server/xlsform-read.js';

/** Example workbooks of pyxform (BSD licence, test/fixtures/xlsform/LICENSE-pyxform), written by the XLSForm project. */
const fixture = (name: string) => readFileSync(new URL(`../fixtures/xlsform/${name}.xlsx`, import.meta.url));
const read = async (name: string) => importXlsform(await readXlsformFile(fixture(name)), { fallbackId: name });

describe("XLSForms that nobody on this team wrote (pyxform's examples)", () => {
  it('group.xlsx: a group becomes a section; the phone number type is refused by name', async () => {
    const result = await read('group');
    expect(result.problems).toMatchObject([
      { sheet: 'survey', row: 4, column: 'type', message: 'the type "phone number" is not supported' },
    ]);
  });

  it('text_and_integer.xlsx imports, English copied into Thai with a warning', async () => {
    const result = await read('text_and_integer');
    expect(result.problems).toEqual([]);
    const q = result.survey?.sections[0]?.questions ?? [];
    expect(q.map((x) => [x.id, x.type])).toEqual([
      ['your_name', 'text'],
      ['your_age', 'number'],
    ]);
    expect(q[0]?.label).toEqual({ th: 'What is your name?', en: 'What is your name?' });
    expect(result.warnings.some((w) => w.message.includes('English only'))).toBe(true);
  });

  it('specify_other.xlsx and yes_or_no_question.xlsx (the older "select one from" spelling) import', async () => {
    const other = await read('specify_other');
    expect(other.problems).toEqual([]);
    expect(other.survey?.sections[0]?.questions[0]).toMatchObject({ id: 'sex', type: 'single', other: true });
    const yesNo = await read('yes_or_no_question');
    expect(yesNo.problems).toEqual([]);
    expect(yesNo.survey?.sections[0]?.questions[0]).toMatchObject({ id: 'good_day', type: 'single' });
  });

  it('or_other.xlsx: the choice filter is refused at its row and column', async () => {
    const result = await read('or_other');
    expect(result.survey).toBeUndefined();
    expect(result.problems).toMatchObject([
      { sheet: 'survey', row: 3, column: 'choice_filter', message: 'choice filters are not supported' },
    ]);
  });

  it('case_insensitivity.xlsx: upper-case sheets and columns are read; external choices and entities refused', async () => {
    const result = await read('case_insensitivity');
    const messages = result.problems.map((p) => `${p.sheet}:${p.row ?? ''}:${p.column ?? ''} ${p.message}`);
    expect(messages).toContain('SURVEY:3:TYPE choices from a file are not supported');
    expect(messages).toContain('EXTERNAL_CHOICES:: external choices are not supported');
    expect(messages).toContain('ENTITIES:: entities are not supported');
    expect(messages).toContain('SURVEY:4:TYPE the type "osm c1" is not supported');
    expect(messages).toContain('SURVEY:3:CHOICE_FILTER choice filters are not supported');
  });

  it('loop.xlsx and pull_data.xlsx are refused with a reason per row', async () => {
    expect((await read('loop')).problems).toMatchObject([
      { sheet: 'survey', row: 3, column: 'type', message: 'loops are not supported' },
    ]);
    expect((await read('pull_data')).problems).toMatchObject([
      { sheet: 'survey', row: 2, column: 'type', message: 'calculations are not supported' },
    ]);
  });

  it('xlsform_spec_test.xlsx: every unsupported feature is listed, nothing is imported', async () => {
    const result = await read('xlsform_spec_test');
    expect(result.survey).toBeUndefined();
    const lines = result.problems.map((p) => `${p.row}:${p.column}: ${p.message}`);
    expect(lines).toContain('15:type: repeats are not supported');
    expect(lines).toContain('34:type: locations (GPS) are not collected by Siang');
    expect(lines).toContain('36:type: media (photos, sound, video, files) are not supported');
    expect(lines).toContain('32:type: the type "time" is not supported');
    expect(lines).toContain(
      '14:constraint: compare a question with a quoted text or a number, not with another question (in ". <= ${a_integer}")',
    );
    expect(lines).toContain('22:required: formulas are not read: type the value itself');
    // A note's "relevant" cannot hide a section's text: said, not refused.
    expect(result.warnings.map((w) => `${w.row}:${w.column}: ${w.message}`)).toContain(
      '7:relevant: a note is shown as part of its section\'s text, whatever its "relevant"',
    );
  });
});

describe('a workbook Siang writes', () => {
  it.each(shippedSurveys().map((s) => [s.id, s] as const))(
    '%s goes through a real .xlsx and back unchanged',
    async (_id, survey) => {
      const bytes = await writeXlsformFile(exportXlsform(survey));
      const back = importXlsform(await readXlsformFile(bytes));
      expect(back.problems).toEqual([]);
      expect(back.survey).toEqual(survey);
    },
  );
});

/** A zip with one deflated entry, its sizes as declared (a bomb declares what it unpacks to). */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(file.length, 28);
  const body = Buffer.concat([local, file, data]);
  const dir = Buffer.concat([central, file]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, dir, end]);
}

describe('the reader thread', () => {
  it('is kept for the next workbook after a good one, and ended after a file it could not read', async () => {
    // Starting a worker and loading exceljs into it cost more than reading a 1,000-row form
    // (docs/benchmarks.md, xlsform), so a reader that read well reads the next file too.
    await readXlsformFile(fixture('text_and_integer'));
    const kept = idleXlsformReader();
    expect(kept).toBeTypeOf('number');
    await readXlsformFile(fixture('yes_or_no_question'));
    expect(idleXlsformReader()).toBe(kept);
    await expect(readXlsformFile(zipOf('hello.txt', Buffer.from('hello')))).rejects.toThrow(XlsformFileError);
    expect(idleXlsformReader()).toBeUndefined();
    await readXlsformFile(fixture('text_and_integer'));
    expect(idleXlsformReader()).not.toBe(kept);
  });
});

describe('a broken or hostile file is refused with a clear message', () => {
  it('not a workbook', async () => {
    await expect(readXlsformFile(Buffer.from('type,name,label\ntext,a,A\n'))).rejects.toThrow(
      new XlsformFileError('the file is not an Excel workbook (.xlsx)'),
    );
  });

  it('a zip bomb is refused from its directory, before anything is unpacked', async () => {
    const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(300 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(readXlsformFile(bomb)).rejects.toThrow('the workbook unpacks to more than 100 MB');
  });

  it('a zip that is not a workbook', async () => {
    await expect(readXlsformFile(zipOf('hello.txt', Buffer.from('hello')))).rejects.toThrow(
      'the file is not an Excel workbook Siang can read',
    );
  });

  it('a sheet of 100,000 rows is refused by its size, not read row by row into a survey', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('survey');
    ws.addRow(['type', 'name', 'label']);
    for (let i = 0; i < 100_000; i++) ws.addRow(['text', `q${i}`, 'Q']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = importXlsform(await readXlsformFile(bytes));
    expect(result.problems).toMatchObject([{ sheet: 'survey', message: 'the survey sheet has more than 5000 rows' }]);
  });

  it('formulas are refused at their cell', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('survey');
    ws.addRow(['type', 'name', 'label']);
    ws.addRow(['text', 'a', { formula: 'CONCATENATE("x","y")', result: 'xy' }]);
    const result = importXlsform(await readXlsformFile(Buffer.from(await workbook.xlsx.writeBuffer())));
    expect(result.problems).toMatchObject([
      { sheet: 'survey', row: 2, column: 'label', message: 'formulas are not read: type the value itself' },
    ]);
  });
});
