/**
 * An officer fills the school list of a survey: pasted from a spreadsheet or uploaded as a CSV
 * (UTF-8 or legacy Thai Windows-874), each row checked in a preview before it is applied.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListsEditor } from '../../../../src/app/admin/surveys/editor/ListsEditor.js';
import { checkRows, decodeListFile } from '../../../../src/core/list-rows.js';
import type { ListItem } from '../../../../src/core/survey.js';
import { startStrings } from './helpers.js';

const SCHOOLS = readFileSync(join(import.meta.dirname, '../../../../src/content/lists/schools.csv'), 'utf8');

/** Thai text as Thai Excel saves it: Windows-874 (TIS-620) bytes. */
function windows874(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(
    [...text].map((ch) => {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp >= 0x0e01 && cp <= 0x0e5b) return cp - 0x0e01 + 0xa1;
      if (cp < 0x80) return cp;
      throw new Error(`not in Windows-874: ${ch}`);
    }),
  );
}

let latest: Record<string, ListItem[]> = {};
function Host(props: { lists: Record<string, ListItem[]> }) {
  const [lists, setLists] = useState(props.lists);
  latest = lists;
  return <ListsEditor lists={lists} onChange={(next) => setLists(next)} />;
}

beforeAll(() => startStrings('th'));
afterEach(cleanup);

describe('list rows', () => {
  it('reads the shipped school list (header, no codes) keeping Thai text intact', () => {
    const cells = SCHOOLS.trim()
      .split('\n')
      .map((l) => l.split(','));
    const { header, rows } = checkRows(cells);
    expect(header).toBe(true);
    expect(rows.length).toBe(22);
    expect(rows[0]?.item).toEqual({
      value: 'โรงเรียนแก่งกระจานวิทยา',
      label: { th: 'โรงเรียนแก่งกระจานวิทยา', en: 'Kaeng Krachan Wittaya School' },
      detail: { th: 'แก่งกระจาน', en: 'Kaeng Krachan' },
    });
    expect(rows.every((r) => r.problems.length === 0)).toBe(true);
  });

  it('decodes UTF-8 with a BOM and a legacy Thai Windows-874 file', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('name_th\nโรงเรียนคงคาราม\n')]);
    expect(decodeListFile(utf8)).toEqual({ text: 'name_th\nโรงเรียนคงคาราม\n', encoding: 'utf-8' });
    expect(decodeListFile(windows874('name_th\nโรงเรียนคงคาราม\n'))).toEqual({
      text: 'name_th\nโรงเรียนคงคาราม\n',
      encoding: 'windows-874',
    });
  });
});

describe('the lists editor', () => {
  it('shows each pasted row’s problems before anything is applied, then applies the valid rows', async () => {
    render(<Host lists={{ schools: [] }} />);
    fireEvent.click(screen.getByText(/วางข้อมูลจากตาราง \//));
    const pasted = ['P01\tโรงเรียนหนึ่ง\tSchool One\tเมือง', 'P02\t\tSchool Two', 'P01\tโรงเรียนซ้ำ\tDuplicate'].join('\n');
    fireEvent.input(screen.getByLabelText('วางข้อมูลจากตาราง'), { target: { value: pasted } });
    fireEvent.click(screen.getByRole('button', { name: 'ตรวจสอบ' }));
    const preview = await screen.findByRole('region', { name: /ตรวจสอบก่อนใช้: 3 แถว/ });
    const rows = within(preview).getAllByRole('row');
    expect(rows[1]?.textContent).toContain('ใช้ได้');
    expect(rows[2]?.textContent).toContain('ไม่มีชื่อภาษาไทย');
    expect(rows[3]?.textContent).toContain('ค่า “P01” ซ้ำกับแถว 1');
    expect(within(preview).getByRole('alert').textContent).toContain('พบปัญหา 2 แถว');
    // Nothing applied yet; the full apply is refused while rows have problems.
    expect(latest.schools).toEqual([]);
    expect((within(preview).getByRole('button', { name: 'แทนที่ทั้งรายการ' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(preview).getByRole('button', { name: 'ใช้เฉพาะแถวที่ถูกต้อง (1 แถว)' }));
    expect(latest.schools).toEqual([
      { value: 'P01', label: { th: 'โรงเรียนหนึ่ง', en: 'School One' }, detail: { th: 'เมือง', en: 'เมือง' } },
    ]);
    expect(screen.getByLabelText('ชื่อ (ไทย) 1')).toHaveProperty('value', 'โรงเรียนหนึ่ง');
  });

  it('uploads the school list saved by Thai Excel in Windows-874 and keeps the Thai names', async () => {
    render(<Host lists={{ schools: [] }} />);
    fireEvent.click(screen.getByText(/วางข้อมูลจากตาราง \//));
    const bytes = windows874(SCHOOLS.replace(/\n/g, '\r\n'));
    const file = new File([bytes], 'schools.csv', { type: 'text/csv' });
    const input = screen.getByLabelText('นำเข้าไฟล์ CSV');
    Object.defineProperty(input, 'files', { value: [file] });
    fireEvent.change(input);
    const preview = await screen.findByRole('region', { name: /ตรวจสอบก่อนใช้: 22 แถว/ });
    expect(within(preview).getByText(/TIS-620\/Windows-874/)).toBeTruthy();
    fireEvent.click(within(preview).getByRole('button', { name: 'แทนที่ทั้งรายการ' }));
    expect(latest.schools?.length).toBe(22);
    expect(latest.schools?.[2]?.label).toEqual({ th: 'โรงเรียนคงคาราม', en: 'Khongkharam School' });
    // A long list is edited by finding the row first.
    fireEvent.input(screen.getByLabelText('ค้นหาแถวที่จะแก้ (ชื่อหรือค่า)'), { target: { value: 'คงคา' } });
    expect(screen.getAllByLabelText(/^ชื่อ \(ไทย\) /).map((e) => (e as HTMLInputElement).value)).toEqual([
      'โรงเรียนคงคาราม',
    ]);
    fireEvent.input(screen.getByLabelText('ชื่อ (อังกฤษ) 3'), { target: { value: 'Khongkharam' } });
    expect(latest.schools?.[2]?.label.en).toBe('Khongkharam');
  });

  it('says plainly that an Excel workbook must be saved as CSV first', async () => {
    render(<Host lists={{ schools: [] }} />);
    fireEvent.click(screen.getByText(/วางข้อมูลจากตาราง \//));
    const input = screen.getByLabelText('นำเข้าไฟล์ CSV');
    const workbook = new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])], 'schools.xlsx');
    Object.defineProperty(input, 'files', { value: [workbook] });
    fireEvent.change(input);
    expect((await screen.findByRole('alert')).textContent).toContain('ไฟล์นี้เป็นสมุดงาน Excel ไม่ใช่ CSV');
    expect(latest.schools).toEqual([]);
  });

  it('adds, renames and removes a list', () => {
    render(<Host lists={{ schools: [] }} />);
    fireEvent.input(screen.getByLabelText(/ชื่อรายการใหม่/), { target: { value: 'Bad name' } });
    expect(screen.getByText(/ชื่อต้องขึ้นต้นด้วยอักษรภาษาอังกฤษ/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText(/ชื่อรายการใหม่/), { target: { value: 'districts' } });
    fireEvent.click(screen.getByRole('button', { name: 'เพิ่มรายการ' }));
    expect(Object.keys(latest)).toEqual(['schools', 'districts']);
    const card = screen.getByRole('region', { name: /districts/ });
    fireEvent.input(within(card).getByLabelText('ชื่อรายการ'), { target: { value: 'areas' } });
    fireEvent.click(within(card).getByRole('button', { name: 'เปลี่ยนชื่อ' }));
    expect(Object.keys(latest)).toEqual(['schools', 'areas']);
    fireEvent.click(screen.getByRole('button', { name: 'ลบรายการ schools' }));
    expect(Object.keys(latest)).toEqual(['areas']);
  });
});
