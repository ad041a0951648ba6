/** An officer sets "show when" from menus, for every question type, and reads it back as a sentence. */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConditionEditor } from '../../../../src/app/admin/surveys/editor/ConditionEditor.js';
import type { Condition } from '../../../../src/core/survey.js';
import { sampleSurvey } from '../../../fixtures.js';
import { startStrings } from './helpers.js';

let latest: Condition | undefined;
function Host(props: { before?: string; value?: Condition }) {
  const [value, setValue] = useState<Condition | undefined>(props.value);
  latest = value;
  return (
    <ConditionEditor
      survey={sampleSurvey}
      before={props.before ?? 'name'}
      value={value}
      onChange={setValue}
      lang="th"
    />
  );
}

const pick = (label: string, value: string, at = 0) => {
  const select = screen.getAllByLabelText(label)[at] as HTMLSelectElement | HTMLInputElement;
  fireEvent.change(select, { target: { value } });
};

beforeAll(() => startStrings('th'));
afterEach(cleanup);

describe('the condition editor', () => {
  it('builds a condition for each question type from menus', () => {
    render(<Host />);
    fireEvent.click(screen.getByRole('button', { name: 'เพิ่มเงื่อนไข' }));
    pick('ข้อคำถาม', 'group');
    expect(latest).toEqual({ question: 'group', equals: 'parent' });
    expect(screen.getByText('แสดงเมื่อ ข้อ 1 กลุ่ม เป็น ผู้ปกครอง')).toBeTruthy();
    pick('ค่า', 'teacher');
    pick('เงื่อนไข', 'notEquals');
    expect(latest).toEqual({ question: 'group', notEquals: 'teacher' });
    pick('เงื่อนไข', 'in');
    // "is one of" keeps the value chosen before; the others are ticked.
    expect(latest).toEqual({ question: 'group', in: ['teacher'] });
    const values = screen.getByRole('group', { name: 'ค่าใดค่าหนึ่งต่อไปนี้' });
    fireEvent.click(within(values).getByRole('checkbox', { name: 'อื่น ๆ' }));
    fireEvent.click(within(values).getByRole('checkbox', { name: 'ผู้ปกครอง' }));
    fireEvent.click(within(values).getByRole('checkbox', { name: 'ครู' }));
    expect(latest).toEqual({ question: 'group', in: ['parent', 'other'] });
    expect(screen.getByText('แสดงเมื่อ ข้อ 1 กลุ่ม เป็น ผู้ปกครอง หรือ อื่น ๆ')).toBeTruthy();

    pick('ข้อคำถาม', 'school');
    // The comparison is kept when it fits the new question.
    expect(latest).toEqual({ question: 'school', in: ['s1'] });
    const schools = screen.getByLabelText('ค่าใดค่าหนึ่งต่อไปนี้') as HTMLSelectElement;
    for (const o of schools.options) o.selected = true;
    fireEvent.change(schools);
    expect(latest).toEqual({ question: 'school', in: ['s1', 's2'] });
    pick('เงื่อนไข', 'equals');
    pick('ค่า', 's2');
    expect(latest).toEqual({ question: 'school', equals: 's2' });
    pick('ข้อคำถาม', 'channels');
    expect(latest).toEqual({ question: 'channels', includes: 'web' });
    pick('ค่า', 'phone');
    expect(latest).toEqual({ question: 'channels', includes: 'phone' });
    pick('ข้อคำถาม', 'r2');
    pick('เงื่อนไข', 'gte');
    pick('ค่า', '4');
    expect(latest).toEqual({ question: 'r2', gte: 4 });
    pick('ข้อคำถาม', 'years');
    pick('เงื่อนไข', 'lt');
    pick('ค่า', '10');
    expect(latest).toEqual({ question: 'years', lt: 10 });
    expect(screen.getByText('แสดงเมื่อ ข้อ 6 อายุงาน น้อยกว่า 10')).toBeTruthy();
    pick('ข้อคำถาม', 'when');
    pick('เงื่อนไข', 'gt');
    pick('ค่า', '2024-10-01');
    expect(latest).toEqual({ question: 'when', gt: '2024-10-01' });
    expect(screen.getByText('แสดงเมื่อ ข้อ 8 วันที่ มากกว่า 1 ตุลาคม 2567')).toBeTruthy();
    pick('ข้อคำถาม', 'suggest');
    expect([...(screen.getByLabelText('เงื่อนไข') as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      'answered',
      'notAnswered',
    ]);
    pick('เงื่อนไข', 'notAnswered');
    expect(latest).toEqual({ question: 'suggest', answered: false });
    pick('ข้อคำถาม', 'r1');
    expect(latest).toEqual({ question: 'r1', answered: false });
  });

  it('groups conditions with "all of" / "any of" and negates them', () => {
    render(<Host value={{ question: 'group', equals: 'parent' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'เพิ่มเงื่อนไข' }));
    expect(latest).toEqual({
      all: [
        { question: 'group', equals: 'parent' },
        { question: 'when', equals: expect.any(String) },
      ],
    });
    pick('ข้อคำถาม', 'channels', 1);
    pick('กลุ่มเงื่อนไข', 'any');
    fireEvent.click(screen.getAllByRole('checkbox', { name: 'กลับเงื่อนไข (ไม่ใช่)' })[2] as HTMLElement);
    expect(latest).toEqual({
      any: [{ question: 'group', equals: 'parent' }, { not: { question: 'channels', includes: 'web' } }],
    });
    expect(screen.getByText('แสดงเมื่อ ข้อ 1 กลุ่ม เป็น ผู้ปกครอง หรือ ไม่ใช่กรณีที่ ข้อ 3 ช่องทาง มีการเลือก เว็บ')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'ลบเงื่อนไขนี้' })[0] as HTMLElement);
    expect(latest).toEqual({ any: [{ not: { question: 'channels', includes: 'web' } }] });
    fireEvent.click(screen.getByRole('button', { name: 'ลบเงื่อนไขทั้งหมด' }));
    expect(latest).toBeUndefined();
  });

  it('flags a condition on a question that moved after it or was deleted', () => {
    const { unmount } = render(<Host before="school" value={{ question: 'years', gt: 3 }} />);
    expect(screen.getByRole('alert').textContent).toBe('ข้อ 6 อยู่หลังข้อนี้แล้ว (อาจถูกย้าย): เงื่อนไขดูได้เฉพาะข้อที่มาก่อน');
    unmount();
    render(<Host before="school" value={{ question: 'gone', equals: 'x' }} />);
    expect(screen.getByRole('alert').textContent).toContain('ถูกลบไปแล้ว');
    expect(screen.getByLabelText('ข้อคำถาม').getAttribute('aria-invalid')).toBe('true');
    // Choosing an earlier question clears the flag.
    pick('ข้อคำถาม', 'group');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so when no earlier question exists', () => {
    render(<Host before="group" />);
    expect(screen.getByText('ยังไม่มีข้อคำถามก่อนหน้านี้ที่ใช้เป็นเงื่อนไขได้')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'เพิ่มเงื่อนไข' })).toBeNull();
  });
});
