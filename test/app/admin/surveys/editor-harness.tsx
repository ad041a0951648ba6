/** Renders the survey editor the way its screen does: a parent that holds the definition. */
import { act, render } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { addAdminStrings } from '../../../../src/app/admin/strings.js';
import { SurveyEditor } from '../../../../src/app/admin/surveys/editor/SurveyEditor.js';
import { initI18n } from '../../../../src/app/i18n.js';
import type { SurveyDefinition } from '../../../../src/core/survey.js';

/** Loads the app's and the staff screens' strings. */
export async function setupStrings(): Promise<void> {
  await initI18n('th');
  addAdminStrings();
}

/** A small survey with two sections, a dimension, a list and a condition. */
export function smallSurvey(): SurveyDefinition {
  return {
    format: 1,
    id: 'editor-test',
    version: 1,
    kind: 'survey',
    title: { th: 'แบบทดสอบ', en: 'Test survey' },
    privacy: { version: '1', title: { th: 'ประกาศ', en: 'Notice' }, body: [{ th: 'ข้อความ', en: 'Text' }] },
    dimensions: [{ id: 'inform', label: { th: 'ด้านข้อมูล', en: 'Information' } }],
    lists: { schools: [{ value: 's1', label: { th: 'โรงเรียนหนึ่ง', en: 'School one' } }] },
    sections: [
      {
        id: 'profile',
        title: { th: 'ข้อมูลผู้ตอบ', en: 'About you' },
        questions: [
          {
            id: 'group',
            type: 'single',
            label: { th: 'ท่านเป็น', en: 'You are' },
            options: [
              { value: 'parent', label: { th: 'ผู้ปกครอง', en: 'Parent' } },
              { value: 'teacher', label: { th: 'ครู', en: 'Teacher' } },
            ],
          },
          { id: 'age', type: 'number', label: { th: 'อายุ', en: 'Age' } },
        ],
      },
      {
        id: 'rating',
        title: { th: 'ความพึงพอใจ', en: 'Satisfaction' },
        questions: [
          {
            id: 'inform_1',
            type: 'rating-pair',
            dimension: 'inform',
            label: { th: 'การแจ้งข่าว', en: 'News' },
            showIf: { question: 'group', equals: 'parent' },
          },
        ],
      },
    ],
  };
}

/** The editor over a survey; `latest()` is the definition after the edits so far. */
export function renderEditor(
  initial: SurveyDefinition,
  props: {
    problems?: { path: string; message: string }[];
    focus?: { path: string; seq: number };
    publishedIds?: string[];
    published?: boolean;
  } = {},
) {
  let latest = initial;
  let changes = 0;
  function Harness() {
    const [value, setValue] = useState(initial);
    latest = value;
    return (
      <SurveyEditor
        value={value}
        onChange={(next) => {
          changes++;
          setValue(next);
        }}
        problems={props.problems ?? []}
        focus={props.focus}
        publishedIds={props.publishedIds ?? []}
        published={props.published ?? false}
      />
    );
  }
  const result = render(<Harness />);
  return { ...result, latest: () => latest, changes: () => changes };
}

/** Chooses an option of a select, as a person does (fireEvent.change does not reach selects here). */
export function choose(select: HTMLElement, value: string): void {
  act(() => {
    (select as HTMLSelectElement).value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Dispatches a plain bubbling event (drag and drop) the way the browser does, and lets the editor render. */
export function dispatch(el: Element, type: string): void {
  act(() => {
    el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true }));
  });
}
