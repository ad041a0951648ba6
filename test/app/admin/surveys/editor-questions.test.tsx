/**
 * An admin edits every kind of question in Thai and English side by side: labels, options and
 * their values, bounds, formats, dimension and list, required and personal flags, presets.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Question, SurveyDefinition } from '../../../../src/core/survey.js';
import { choose, renderEditor, setupStrings, smallSurvey } from './editor-harness.js';

beforeAll(setupStrings);
afterEach(cleanup);

const question = (survey: SurveyDefinition, s: number, q: number) => survey.sections[s]?.questions[q] as Question;
const row = (name: string) => screen.getByRole('article', { name });
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

function addQuestion(section: number, type: string) {
  const region = screen.getByRole('region', { name: `ส่วนที่ ${section}` });
  choose(within(region).getByRole('combobox', { name: 'เพิ่มข้อคำถาม' }), type);
}

describe('survey editor: questions', () => {
  it('a label is typed in Thai and English side by side, and an empty translation is flagged in words', () => {
    const { latest } = renderEditor(smallSurvey());
    const age = row('ข้อ 2 (age)');
    type(within(age).getByRole('textbox', { name: 'ข้อคำถาม ไทย' }), 'อายุของท่าน');
    const en = within(age).getByRole('textbox', { name: 'ข้อคำถาม อังกฤษ' });
    type(en, '');
    expect(question(latest(), 0, 1).label).toEqual({ th: 'อายุของท่าน', en: '' });
    expect(en.getAttribute('aria-invalid')).toBe('true');
    const flag = document.getElementById(en.getAttribute('aria-describedby') ?? '');
    expect(flag?.textContent).toContain('ยังไม่มีคำแปลภาษาอังกฤษ');
    expect(within(age).getByText(/ยังไม่มีคำแปลภาษาอังกฤษ/)).toBeTruthy();
    // A hint is optional: empty in both languages is no problem, one language alone is flagged.
    expect(within(age).queryByText(/ยังไม่มีข้อความภาษาไทย/)).toBeNull();
    type(within(age).getByRole('textbox', { name: 'คำแนะนำ (ไม่บังคับ) อังกฤษ' }), 'In years');
    expect(question(latest(), 0, 1).hint).toEqual({ th: '', en: 'In years' });
    expect(within(age).getByText(/ยังไม่มีข้อความภาษาไทย/)).toBeTruthy();
    type(within(age).getByRole('textbox', { name: 'คำแนะนำ (ไม่บังคับ) อังกฤษ' }), '');
    expect('hint' in question(latest(), 0, 1)).toBe(false);
  });

  it('every question type can be added from the menu and its own settings edited', () => {
    const { latest } = renderEditor(smallSurvey());
    const types = ['single', 'multiple', 'rating', 'rating-pair', 'text', 'long-text', 'number', 'date', 'lookup'];
    for (const t of types) addQuestion(2, t);
    const added = latest().sections[1]?.questions.slice(1) ?? [];
    expect(added.map((q) => q.type)).toEqual(types);
    expect(new Set(added.map((q) => q.id)).size).toBe(types.length);
    const at = (n: number) => row(`ข้อ ${n + 2} (${added[n]?.id})`);

    // multiple: min and max ticks, "other"
    fireEvent.input(within(at(1)).getByRole('spinbutton', { name: 'เลือกอย่างน้อย (ข้อ)' }), { target: { value: '1' } });
    fireEvent.input(within(at(1)).getByRole('spinbutton', { name: 'เลือกได้มากที่สุด (ข้อ)' }), { target: { value: '2' } });
    fireEvent.click(within(at(1)).getByRole('checkbox', { name: 'มีตัวเลือก "อื่น ๆ โปรดระบุ"' }));
    expect(question(latest(), 1, 2)).toMatchObject({ min: 1, max: 2, other: true });
    // rating: dimension
    choose(within(at(2)).getByRole('combobox', { name: 'ด้าน' }), 'inform');
    expect(question(latest(), 1, 3)).toMatchObject({ dimension: 'inform' });
    // text: format and length
    choose(within(at(4)).getByRole('combobox', { name: 'รูปแบบ' }), 'phone');
    fireEvent.input(within(at(4)).getByRole('spinbutton', { name: 'ความยาวไม่เกิน (ตัวอักษร)' }), {
      target: { value: '10' },
    });
    expect(question(latest(), 1, 5)).toMatchObject({ format: 'phone', maxLength: 10 });
    // long text: length
    fireEvent.input(within(at(5)).getByRole('spinbutton', { name: 'ความยาวไม่เกิน (ตัวอักษร)' }), {
      target: { value: '500' },
    });
    expect(question(latest(), 1, 6)).toMatchObject({ maxLength: 500 });
    // number: bounds and whole numbers
    fireEvent.input(within(at(6)).getByRole('spinbutton', { name: 'ค่าต่ำสุด' }), { target: { value: '0' } });
    fireEvent.input(within(at(6)).getByRole('spinbutton', { name: 'ค่าสูงสุด' }), { target: { value: '120' } });
    fireEvent.click(within(at(6)).getByRole('checkbox', { name: 'จำนวนเต็มเท่านั้น' }));
    expect(question(latest(), 1, 7)).toMatchObject({ min: 0, max: 120, integer: true });
    // date: bounds
    fireEvent.input(within(at(7)).getByRole('textbox', { name: 'ไม่หลังวันที่' }), { target: { value: 'today' } });
    expect(question(latest(), 1, 8)).toMatchObject({ max: 'today' });
    // lookup: its list, and a preset rule
    expect(question(latest(), 1, 9)).toMatchObject({ list: 'schools' });
    choose(within(at(8)).getByRole('combobox', { name: 'การกรอกไว้ล่วงหน้าจากลิงก์หรือตู้' }), 'locked');
    expect(question(latest(), 1, 9)).toMatchObject({ preset: 'locked' });
    // required and personal on any question; clearing a bound removes it
    fireEvent.click(within(at(4)).getByRole('checkbox', { name: 'ต้องตอบ' }));
    fireEvent.click(within(at(4)).getByRole('checkbox', { name: 'ข้อมูลส่วนบุคคล' }));
    expect(question(latest(), 1, 5)).toMatchObject({ required: true, personal: true });
    fireEvent.input(within(at(6)).getByRole('spinbutton', { name: 'ค่าต่ำสุด' }), { target: { value: '' } });
    expect('min' in question(latest(), 1, 7)).toBe(false);
  });

  it('options are added, edited, reordered and removed; their stored values show and can change', () => {
    const { latest } = renderEditor(smallSurvey());
    const group = row('ข้อ 1 (group)');
    fireEvent.click(within(group).getByRole('button', { name: 'เพิ่มตัวเลือก' }));
    type(within(group).getByRole('textbox', { name: 'ตัวเลือกที่ 3 ไทย' }), 'นักเรียน');
    type(within(group).getByRole('textbox', { name: 'ตัวเลือกที่ 3 อังกฤษ' }), 'Student');
    const values = within(group).getAllByRole('textbox', { name: 'ค่าที่บันทึก' });
    expect(values.map((v) => (v as HTMLInputElement).value)).toEqual(['parent', 'teacher', '3']);
    type(values[2] as HTMLElement, 'student');
    fireEvent.click(within(group).getByRole('button', { name: 'เลื่อนขึ้น: ตัวเลือกที่ 3' }));
    expect(
      (question(latest(), 0, 0) as unknown as { options: { value: string }[] }).options.map((o) => o.value),
    ).toEqual(['parent', 'student', 'teacher']);
    expect(screen.getByRole('status').textContent).toContain('ย้ายตัวเลือกไปเป็นลำดับที่ 2 จาก 3');
    fireEvent.click(within(group).getByRole('button', { name: 'ลบ: ตัวเลือกที่ 1' }));
    expect(question(latest(), 0, 0)).toMatchObject({
      options: [
        { value: 'student', label: { th: 'นักเรียน', en: 'Student' } },
        { value: 'teacher', label: { th: 'ครู', en: 'Teacher' } },
      ],
    });
  });

  it('a published question keeps its id and warns that a changed option value splits answers', () => {
    renderEditor(smallSurvey(), { publishedIds: ['group'], published: true });
    const surveyId = screen.getByRole('textbox', { name: 'รหัสแบบสำรวจ' }) as HTMLInputElement;
    expect(surveyId.readOnly).toBe(true);
    expect(screen.getByText('เผยแพร่แล้ว จึงเปลี่ยนรหัสไม่ได้')).toBeTruthy();
    const group = row('ข้อ 1 (group)');
    expect(within(group).queryByRole('textbox', { name: 'รหัส' })).toBeNull();
    expect(within(group).getByText('(เผยแพร่แล้ว เปลี่ยนรหัสไม่ได้)')).toBeTruthy();
    expect(within(group).getAllByText(/การเปลี่ยนค่าที่บันทึกทำให้คำตอบเดิมกับคำตอบใหม่นับแยกกัน/).length).toBeGreaterThan(0);
    expect(within(row('ข้อ 2 (age)')).getByRole('textbox', { name: 'รหัส' })).toBeTruthy();
  });

  it('renaming a question renames the conditions that name it; a taken or malformed id is refused in words', () => {
    const { latest } = renderEditor(smallSurvey());
    const id = within(row('ข้อ 1 (group)')).getByRole('textbox', { name: 'รหัส' });
    fireEvent.change(id, { target: { value: 'age' } });
    expect(screen.getByText(/รหัส "age" มีข้ออื่นใช้อยู่แล้ว/)).toBeTruthy();
    expect(question(latest(), 0, 0).id).toBe('group');
    fireEvent.change(id, { target: { value: 'Who' } });
    expect(screen.getByText(/รหัส "Who" ใช้ไม่ได้/)).toBeTruthy();
    fireEvent.change(id, { target: { value: 'respondent_group' } });
    expect(question(latest(), 0, 0).id).toBe('respondent_group');
    expect(question(latest(), 1, 0).showIf).toEqual({ question: 'respondent_group', equals: 'parent' });
    expect(screen.getByRole('status').textContent).toContain('แก้เงื่อนไขที่อ้างถึง 1 แห่ง');
  });
});
