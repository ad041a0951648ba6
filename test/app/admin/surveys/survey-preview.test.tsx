/**
 * The builder's phone preview is the respondent's own section screen: conditions work as the
 * officer answers, in Thai or English whatever the staff screens are in, and nothing is stored.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SurveyPreview } from '../../../../src/app/admin/surveys/editor/SurveyPreview.js';
import type { Question, SurveyDefinition } from '../../../../src/core/survey.js';
import { sampleSurvey } from '../../../fixtures.js';
import { startStrings } from './helpers.js';

beforeAll(() => startStrings('th'));
afterEach(cleanup);

describe('the survey preview', () => {
  it('shows a conditional question once its condition holds, and hides it again (Thai)', async () => {
    render(<SurveyPreview survey={sampleSurvey} lang="th" />);
    const phone = screen.getByTestId('survey-preview');
    await within(phone).findByRole('heading', { name: 'ผู้ตอบ' });
    expect(within(phone).queryByText('โรงเรียน')).toBeNull();
    fireEvent.click(within(phone).getByRole('radio', { name: 'ผู้ปกครอง' }));
    expect(await within(phone).findByText('โรงเรียน')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'ล้างคำตอบในตัวอย่าง' }));
    await within(phone).findByRole('radio', { name: 'ผู้ปกครอง', checked: false });
    expect(within(phone).queryByText('โรงเรียน')).toBeNull();
    // Nothing was written on the device.
    expect(await indexedDB.databases()).toEqual([]);
  });

  it('speaks English in the preview while the staff screens stay in Thai', async () => {
    render(<SurveyPreview survey={sampleSurvey} lang="en" />);
    const phone = screen.getByTestId('survey-preview');
    await within(phone).findByRole('heading', { name: 'About you' });
    expect(within(phone).getByRole('button', { name: 'Next' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'ตัวอย่างบนโทรศัพท์' })).toBeTruthy();
    expect(within(phone).queryByText('School')).toBeNull();
    fireEvent.click(within(phone).getByRole('radio', { name: 'Teacher' }));
    expect(await within(phone).findByText('School')).toBeTruthy();
    fireEvent.click(within(phone).getByRole('radio', { name: 'Parent' }));
    expect(within(phone).getByText('School')).toBeTruthy();
    // Switch the preview to Thai: same answers, Thai words.
    fireEvent.click(screen.getByRole('radio', { name: 'ไทย' }));
    expect(await within(phone).findByText('โรงเรียน')).toBeTruthy();
  });

  it('walks to the next section shown by the answers, and shows the chosen section', async () => {
    render(<SurveyPreview survey={sampleSurvey} lang="th" sectionIndex={2} />);
    const phone = screen.getByTestId('survey-preview');
    await within(phone).findByRole('heading', { name: 'สำหรับครู' });
    expect(screen.getByText('ส่วนนี้ถูกซ่อนตามเงื่อนไข (จากคำตอบในตัวอย่าง)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('ส่วนที่แสดง'), { target: { value: '0' } });
    await within(phone).findByRole('heading', { name: 'ผู้ตอบ' });
    fireEvent.click(within(phone).getByRole('radio', { name: 'ครู' }));
    fireEvent.click(within(phone).getByRole('checkbox', { name: 'เว็บ' }));
    fireEvent.click(within(phone).getByRole('button', { name: 'ถัดไป' }));
    await within(phone).findByRole('heading', { name: 'ความคิดเห็น' });
  });

  it('does not take the focus from the field being edited when it first shows', async () => {
    render(
      <div>
        <input aria-label="label in the editor" />
        <SurveyPreview survey={sampleSurvey} lang="th" />
      </div>,
    );
    const field = screen.getByLabelText('label in the editor');
    field.focus();
    const phone = screen.getByTestId('survey-preview');
    const heading = await within(phone).findByRole('heading', { name: 'ผู้ตอบ' });
    // The section screen focuses its heading as it opens (as on a phone); the preview gives it back.
    let taken = false;
    heading.addEventListener('focus', () => {
      taken = true;
    });
    await waitFor(() => expect(taken).toBe(true));
    expect(document.activeElement).toBe(field);
  });

  it('follows the survey as it is edited, dropping an answer whose question changed type', async () => {
    const { rerender } = render(<SurveyPreview survey={sampleSurvey} lang="th" />);
    const phone = screen.getByTestId('survey-preview');
    fireEvent.click(await within(phone).findByRole('radio', { name: 'ผู้ปกครอง' }));
    await within(phone).findByText('โรงเรียน');
    const [about, ...rest] = sampleSurvey.sections;
    if (!about) throw new Error('fixture');
    const retyped = {
      ...sampleSurvey,
      sections: [
        {
          ...about,
          questions: about.questions.map((q) =>
            q.id === 'group' && q.type === 'single'
              ? { ...q, type: 'multiple' as const, label: { th: 'กลุ่มใหม่', en: 'New' } }
              : q,
          ),
        },
        ...rest,
      ],
    };
    rerender(<SurveyPreview survey={retyped} lang="th" />);
    await within(phone).findByText('กลุ่มใหม่');
    expect(within(phone).getByRole('checkbox', { name: 'ผู้ปกครอง' })).toHaveProperty('checked', false);
    expect(within(phone).queryByText('โรงเรียน')).toBeNull();
  });

  it('shows each edit as it is typed, and a changed condition after wording-only edits', async () => {
    const relabel = (survey: SurveyDefinition, th: string) =>
      withQuestion(survey, 'school', (q) => ({ ...q, label: { ...q.label, th } }));
    const view = render(<SurveyPreview survey={sampleSurvey} lang="th" />);
    const phone = screen.getByTestId('survey-preview');
    await within(phone).findByRole('heading', { name: 'ผู้ตอบ' });
    fireEvent.click(within(phone).getByRole('radio', { name: 'ผู้ปกครอง' }));
    let survey = relabel(sampleSurvey, 'โรงเรียนของบุตร');
    view.rerender(<SurveyPreview survey={survey} lang="th" />);
    expect(await within(phone).findByText('โรงเรียนของบุตร')).toBeTruthy();
    survey = relabel(survey, 'โรงเรียนของบุตรหลาน');
    view.rerender(<SurveyPreview survey={survey} lang="th" />);
    expect(await within(phone).findByText('โรงเรียนของบุตรหลาน')).toBeTruthy();
    // Not wording: the school question now shows for teachers only, so a parent no longer sees it.
    survey = withQuestion(survey, 'school', (q) => ({ ...q, showIf: { question: 'group', in: ['teacher'] } }));
    view.rerender(<SurveyPreview survey={survey} lang="th" />);
    await waitFor(() => expect(within(phone).queryByText('โรงเรียนของบุตรหลาน')).toBeNull());
    // An option's wording shows too, and a re-typed question gets its new control.
    survey = withQuestion(survey, 'group', (q) =>
      q.type === 'single'
        ? {
            ...q,
            options: q.options.map((o) =>
              o.value === 'parent' ? { ...o, label: { th: 'ผู้ปกครองนักเรียน', en: 'Parent' } } : o,
            ),
          }
        : q,
    );
    view.rerender(<SurveyPreview survey={survey} lang="th" />);
    expect(await within(phone).findByRole('radio', { name: 'ผู้ปกครองนักเรียน', checked: true })).toBeTruthy();
    survey = withQuestion(survey, 'group', (q) => (q.type === 'single' ? { ...q, type: 'multiple' } : q));
    view.rerender(<SurveyPreview survey={survey} lang="th" />);
    expect(await within(phone).findByRole('checkbox', { name: 'ผู้ปกครองนักเรียน' })).toBeTruthy();
  });
});

/** The survey with one question replaced, every other object kept (as the editor does). */
function withQuestion(survey: SurveyDefinition, id: string, change: (q: Question) => Question): SurveyDefinition {
  return {
    ...survey,
    sections: survey.sections.map((s) =>
      s.questions.some((q) => q.id === id)
        ? { ...s, questions: s.questions.map((q) => (q.id === id ? change(q) : q)) }
        : s,
    ),
  };
}
