/**
 * An admin reorganises a survey: questions and sections move by keyboard (announced), by drag
 * and by a menu; duplicates and deletions undo; a dimension in use is not removed silently; a
 * validator problem's path takes the admin to its field.
 */
import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../../../src/core/survey.js';
import { choose, dispatch, renderEditor, setupStrings, smallSurvey } from './editor-harness.js';

beforeAll(setupStrings);
afterEach(cleanup);

const ids = (survey: SurveyDefinition) => survey.sections.map((s) => s.questions.map((q) => q.id));
const row = (name: string) => screen.getByRole('article', { name });
const status = () =>
  screen
    .getAllByRole('status')
    .map((s) => s.textContent ?? '')
    .join(' ');

describe('survey editor: structure', () => {
  it('a question moves by keyboard, across sections too, is announced and keeps focus', () => {
    const { latest } = renderEditor(smallSurvey());
    const down = within(row('ข้อ 1 (group)')).getByRole('button', { name: 'เลื่อนลง: ข้อ 1 (group)' });
    down.focus();
    fireEvent.click(down);
    expect(ids(latest())).toEqual([['age', 'group'], ['inform_1']]);
    expect(status()).toContain('อยู่ในส่วนที่ 1 ลำดับที่ 2 จาก 2');
    expect(document.activeElement).toBe(
      within(row('ข้อ 2 (group)')).getByRole('button', { name: 'เลื่อนลง: ข้อ 2 (group)' }),
    );
    // Alt+Down from the last question of a section takes it to the top of the next one.
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown', altKey: true });
    expect(ids(latest())).toEqual([['age'], ['group', 'inform_1']]);
    expect(status()).toContain('อยู่ในส่วนที่ 2 ลำดับที่ 1 จาก 2');
    fireEvent.keyDown(within(row('ข้อ 1 (group)')).getByRole('textbox', { name: 'ข้อคำถาม ไทย' }), {
      key: 'ArrowUp',
      altKey: true,
    });
    expect(ids(latest())).toEqual([['age', 'group'], ['inform_1']]);
  });

  it('a section moves by keyboard and is announced', () => {
    const { latest } = renderEditor(smallSurvey());
    fireEvent.click(screen.getByRole('button', { name: 'เลื่อนขึ้น: ส่วนที่ 2' }));
    expect(latest().sections.map((s) => s.id)).toEqual(['rating', 'profile']);
    expect(status()).toContain('ย้ายส่วนไปเป็นลำดับที่ 1 จาก 2');
  });

  it('a question moves to another section from its menu, and by drag', () => {
    const { latest } = renderEditor(smallSurvey());
    choose(within(row('ข้อ 2 (age)')).getByRole('combobox', { name: 'ย้ายไปส่วน: ข้อ 2 (age)' }), '1');
    expect(ids(latest())).toEqual([['group'], ['inform_1', 'age']]);
    dispatch(within(row('ข้อ 2 (age)')).getByRole('button', { name: 'ลากเพื่อย้าย: ข้อ 2 (age)' }), 'dragstart');
    dispatch(row('ข้อ 1 (inform_1)'), 'drop');
    expect(ids(latest())).toEqual([['group'], ['age', 'inform_1']]);
    dispatch(within(row('ข้อ 1 (age)')).getByRole('button', { name: 'ลากเพื่อย้าย: ข้อ 1 (age)' }), 'dragstart');
    dispatch(screen.getByRole('region', { name: 'ส่วนที่ 1' }), 'drop');
    expect(ids(latest())).toEqual([['group', 'age'], ['inform_1']]);
    // A section's handle dropped on a question of another section takes that section's place.
    dispatch(screen.getByRole('button', { name: 'ลากเพื่อย้าย: ส่วนที่ 2' }), 'dragstart');
    dispatch(row('ข้อ 1 (group)'), 'drop');
    expect(latest().sections.map((s) => s.id)).toEqual(['rating', 'profile']);
  });

  it('a deleted question comes back with the notice’s undo, and with Ctrl+Z', () => {
    const { latest } = renderEditor(smallSurvey());
    fireEvent.click(within(row('ข้อ 1 (group)')).getByRole('button', { name: 'ลบ: ข้อ 1 (group)' }));
    expect(ids(latest())).toEqual([['age'], ['inform_1']]);
    expect(
      screen.getByText('ลบข้อ "ท่านเป็น" แล้ว มีเงื่อนไข 1 แห่งอ้างถึงข้อนี้ (inform_1) ต้องแก้เงื่อนไขเหล่านั้น หรือกดเลิกทำ', {
        selector: 'p',
      }),
    ).toBeTruthy();
    const undo = screen.getAllByRole('button', { name: 'เลิกทำ' });
    expect(document.activeElement).toBe(undo.at(-1));
    fireEvent.click(undo.at(-1) as HTMLElement);
    expect(ids(latest())).toEqual([['group', 'age'], ['inform_1']]);
    expect(screen.queryByText(/ลบข้อ "ท่านเป็น" แล้ว/, { selector: 'p' })).toBeNull();

    fireEvent.click(within(row('ข้อ 2 (age)')).getByRole('button', { name: 'ทำสำเนา: ข้อ 2 (age)' }));
    expect(ids(latest())).toEqual([['group', 'age', 'age_copy'], ['inform_1']]);
    fireEvent.click(screen.getByRole('button', { name: 'ลบส่วนนี้: ส่วนที่ 2' }));
    expect(latest().sections).toHaveLength(1);
    const field = within(row('ข้อ 1 (group)')).getByRole('textbox', { name: 'ข้อคำถาม ไทย' });
    fireEvent.keyDown(field, { key: 'z', ctrlKey: true });
    expect(latest().sections).toHaveLength(2);
    fireEvent.keyDown(field, { key: 'z', ctrlKey: true });
    expect(ids(latest())).toEqual([['group', 'age'], ['inform_1']]);
    fireEvent.keyDown(field, { key: 'y', ctrlKey: true });
    expect(ids(latest())).toEqual([['group', 'age', 'age_copy'], ['inform_1']]);
  });

  it('keystrokes in one field make one undo step', () => {
    const { latest } = renderEditor(smallSurvey());
    const th = within(row('ข้อ 2 (age)')).getByRole('textbox', { name: 'ข้อคำถาม ไทย' });
    for (const text of ['อ', 'อา', 'อาย', 'อายุจริง']) fireEvent.input(th, { target: { value: text } });
    expect(latest().sections[0]?.questions[1]?.label.th).toBe('อายุจริง');
    fireEvent.click(screen.getAllByRole('button', { name: 'เลิกทำ' })[0] as HTMLElement);
    expect(latest().sections[0]?.questions[1]?.label.th).toBe('อายุ');
  });

  it('editing one question leaves every other section and question as they were (rows stay memoised)', () => {
    const before = smallSurvey();
    const { latest } = renderEditor(before);
    fireEvent.input(within(row('ข้อ 2 (age)')).getByRole('textbox', { name: 'ข้อคำถาม อังกฤษ' }), {
      target: { value: 'Your age' },
    });
    const after = latest();
    expect(after.sections[1]).toBe(before.sections[1]);
    expect(after.sections[0]?.questions[0]).toBe(before.sections[0]?.questions[0]);
    expect(after.sections[0]?.questions[1]).not.toBe(before.sections[0]?.questions[1]);
  });

  it('a dimension that rating items use is removed only when the admin confirms, and they are unassigned', () => {
    const { latest } = renderEditor(smallSurvey());
    const dims = screen.getByRole('group', { name: 'ด้านของการประเมิน' });
    fireEvent.click(within(dims).getByRole('button', { name: 'ลบ' }));
    expect(latest().dimensions).toHaveLength(1);
    expect(within(dims).getByRole('alert').textContent).toContain('inform_1');
    fireEvent.click(within(dims).getByRole('button', { name: 'ลบด้านและนำออกจากข้อคำถาม' }));
    expect(latest().dimensions).toEqual([]);
    expect('dimension' in (latest().sections[1]?.questions[0] ?? {})).toBe(false);
  });

  it('a problem’s path focuses and highlights its field, and the problem shows at its place', () => {
    const survey = smallSurvey();
    const problems = [{ path: 'sections[1].questions[0].label.en', message: 'must not be empty' }];
    const view = renderEditor(survey, { problems, focus: { path: problems[0]?.path ?? '', seq: 1 } });
    const en = within(row('ข้อ 1 (inform_1)')).getByRole('textbox', { name: 'ข้อคำถาม อังกฤษ' });
    expect(document.activeElement).toBe(en);
    expect(en.classList.contains('builder-highlight')).toBe(true);
    expect(en.getAttribute('aria-invalid')).toBe('true');
    // In the screen's language (the validator's own words are English).
    expect(within(row('ข้อ 1 (inform_1)')).getAllByText(/ยังไม่ได้กรอก/).length).toBeGreaterThan(0);
    expect(within(row('ข้อ 1 (inform_1)')).queryByText(/must not be empty/)).toBeNull();
    // A path without a field of its own goes to its nearest place: here the question's options.
    act(() => {
      view.unmount();
    });
    renderEditor(survey, { focus: { path: 'sections[0].questions[0].options[5]', seq: 2 } });
    const options = document.querySelector('[data-path="sections[0].questions[0].options"]');
    expect(options?.classList.contains('builder-highlight')).toBe(true);
    expect(document.activeElement?.getAttribute('data-path')).toBe('sections[0].questions[0].options[0].label.th');
  });

  it('a problem inside a condition opens that question’s conditions and goes to them', () => {
    renderEditor(smallSurvey(), { focus: { path: 'sections[1].questions[0].showIf.equals', seq: 1 } });
    const toggle = within(row('ข้อ 1 (inform_1)')).getByRole('button', { name: 'เงื่อนไขการแสดงและการตรวจคำตอบ' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(toggle);
    // The condition is shown in its menus (question, comparison, value) and read back as a sentence.
    const shown = within(row('ข้อ 1 (inform_1)')).getByRole('group', { name: 'แสดงเมื่อ' });
    expect((within(shown).getByRole('combobox', { name: 'ข้อคำถาม' }) as HTMLSelectElement).value).toBe('group');
    expect((within(shown).getByRole('combobox', { name: 'เงื่อนไข' }) as HTMLSelectElement).value).toBe('equals');
    expect((within(shown).getByRole('combobox', { name: 'ค่า' }) as HTMLSelectElement).value).toBe('parent');
    expect(within(shown).getByText('แสดงเมื่อ ข้อ 1 ท่านเป็น เป็น ผู้ปกครอง')).toBeTruthy();
    // The answer's rule beside it is its own group, its menus labelled apart (no id twice).
    const rule = within(row('ข้อ 1 (inform_1)')).getByRole('group', { name: 'คำตอบต้องเป็นไปตาม' });
    expect(within(rule).getByText('ไม่มีเงื่อนไขของคำตอบ')).toBeTruthy();
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('the preview has one section picker and one language switch, and follows the section being edited', async () => {
    renderEditor(smallSurvey());
    const preview = screen.getByRole('complementary', { name: 'ตัวอย่างบนโทรศัพท์' });
    expect(within(preview).getAllByRole('combobox')).toHaveLength(1);
    expect(within(preview).getAllByRole('group', { name: 'ภาษาของตัวอย่าง' })).toHaveLength(1);
    expect(within(preview).queryByRole('button', { name: 'ไทย' })).toBeNull();
    const picker = within(preview).getByRole('combobox', { name: 'ส่วนที่แสดง' }) as HTMLSelectElement;
    expect(picker.value).toBe('0');
    fireEvent.focusIn(within(row('ข้อ 1 (inform_1)')).getByRole('textbox', { name: 'ข้อคำถาม ไทย' }));
    expect(picker.value).toBe('1');
    expect(await within(preview).findByRole('heading', { name: 'ความพึงพอใจ' })).toBeTruthy();
  });
});
