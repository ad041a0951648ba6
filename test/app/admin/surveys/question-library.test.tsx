/** An officer builds a survey from the office's standard questions, one click each. */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QuestionLibrary } from '../../../../src/app/admin/surveys/editor/QuestionLibrary.js';
import type { SurveyDefinition } from '../../../../src/core/survey.js';
import { validateSurvey } from '../../../../src/core/survey-validate.js';
import { sampleSurvey } from '../../../fixtures.js';
import { startStrings } from './helpers.js';

let latest: SurveyDefinition = sampleSurvey;
function Host(props: { survey: SurveyDefinition }) {
  const [survey, setSurvey] = useState(props.survey);
  latest = survey;
  return <QuestionLibrary survey={survey} onInsert={setSurvey} />;
}

const blank: SurveyDefinition = {
  ...sampleSurvey,
  dimensions: [],
  lists: {},
  sections: [
    {
      id: 'intro',
      title: { th: 'ส่วนแรก', en: 'First' },
      questions: [{ id: 'note', type: 'text', label: { th: 'ชื่อ', en: 'Name' } }],
    },
  ],
};

beforeAll(() => startStrings('th'));
afterEach(cleanup);

describe('the question library', () => {
  it('inserts a whole dimension of the stakeholder survey, adding the dimension to the survey', async () => {
    render(<Host survey={blank} />);
    fireEvent.click(screen.getByRole('button', { name: 'เพิ่มทั้งด้าน (4 ข้อ): ด้านการรับฟังความคิดเห็น' }));
    await screen.findByText(/เพิ่ม 4 ข้อแล้ว/);
    expect(screen.getByRole('status').textContent).toContain('เพิ่มด้าน “ด้านการรับฟังความคิดเห็น” ในแบบสำรวจแล้ว');
    expect(latest.dimensions?.map((d) => d.id)).toEqual(['consult']);
    expect(latest.sections.at(-1)?.title.th).toBe('ด้านการรับฟังความคิดเห็น');
    expect(latest.sections.at(-1)?.questions.map((q) => q.id)).toEqual([
      'consult_1',
      'consult_2',
      'consult_3',
      'consult_4',
    ]);
    const v = validateSurvey(latest);
    expect(v.ok ? [] : v.problems).toEqual([]);
  });

  it('inserts the profile questions with the school list, renaming ids already in use', async () => {
    render(
      <Host
        survey={{
          ...sampleSurvey,
          lists: {},
          sections: sampleSurvey.sections.map((s) => ({
            ...s,
            questions: s.questions.filter((q) => q.id !== 'school'),
          })),
        }}
      />,
    );
    fireEvent.change(screen.getByLabelText('เพิ่มลงในส่วน'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'เพิ่มข้อมูลผู้ตอบทั้งชุด (5 ข้อ)' }));
    await screen.findByText(/เพิ่ม 5 ข้อแล้ว/);
    expect(screen.getByRole('status').textContent).toContain('group → group_2');
    expect(screen.getByRole('status').textContent).toContain('เพิ่มรายชื่อโรงเรียนในแบบสำรวจแล้ว');
    // The list is named in words, never by its id.
    expect(screen.getByText('· พร้อมรายชื่อโรงเรียน', { exact: false })).toBeTruthy();
    expect(screen.queryByText(/schools/)).toBeNull();
    expect(latest.lists?.schools?.length).toBe(22);
    expect(latest.lists?.schools?.[2]?.label.th).toBe('โรงเรียนคงคาราม');
    const first = latest.sections[0]?.questions.map((q) => q.id);
    expect(first).toEqual(['group', 'channels', 'group_2', 'gender', 'age', 'school', 'contact_channels']);
    expect(latest.sections[0]?.questions.find((q) => q.id === 'school')?.showIf).toMatchObject({ question: 'group_2' });
    await waitFor(() => expect(validateSurvey(latest)).toMatchObject({ ok: true }));
  });
});
