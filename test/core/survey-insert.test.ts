import { describe, expect, it } from 'vitest';
import { insertQuestions } from '../../src/core/survey-insert.js';
import type { Question, SurveyDefinition } from '../../src/core/survey.js';
import { validateSurvey } from '../../src/core/survey-validate.js';
import { sampleSurvey } from '../fixtures.js';

const t = (th: string, en: string) => ({ th, en });
const group: Question = {
  id: 'group',
  type: 'single',
  label: t('กลุ่ม', 'Group'),
  options: [
    { value: 'parent', label: t('ผู้ปกครอง', 'Parent') },
    { value: 'teacher', label: t('ครู', 'Teacher') },
  ],
};
const school: Question = {
  id: 'school',
  type: 'lookup',
  list: 'schools',
  label: t('โรงเรียน', 'School'),
  showIf: { question: 'group', equals: 'parent' },
};
const consult: Question = { id: 'consult_1', type: 'rating-pair', dimension: 'consult', label: t('รับฟัง', 'Hears') };
const labels = [5, 4, 3, 2, 1].map((n) => t(`ระดับ ${n}`, `Level ${n}`));

describe('inserting library questions', () => {
  it('gives taken ids a fresh id and keeps conditions between inserted questions', () => {
    const result = insertQuestions(sampleSurvey, [group, school], { section: 0 });
    expect(result.renamed).toEqual([
      ['group', 'group_2'],
      ['school', 'school_2'],
    ]);
    const about = result.survey.sections[0]?.questions ?? [];
    expect(about.at(-1)).toMatchObject({ id: 'school_2', showIf: { question: 'group_2', equals: 'parent' } });
    expect(result.addedLists).toEqual([]); // the survey's own school list is kept
    const v = validateSurvey(result.survey);
    expect(v.ok ? [] : v.problems).toEqual([]);
  });

  it('adds the dimension, the list and the rating labels a question needs, in a new section', () => {
    const bare: SurveyDefinition = {
      ...sampleSurvey,
      dimensions: [],
      lists: {},
      sections: sampleSurvey.sections.slice(3),
    };
    const items = [{ value: 's1', label: t('โรงเรียนหนึ่ง', 'One') }];
    const result = insertQuestions(
      bare,
      [consult, school],
      { newSection: { id: 'open', title: t('ใหม่', 'New') } },
      {
        dimensions: [{ id: 'consult', label: t('ด้านการรับฟัง', 'Hearing') }],
        lists: { schools: items },
        ratingLabels: labels,
      },
    );
    expect(result.addedDimensions).toEqual(['consult']);
    expect(result.addedLists).toEqual(['schools']);
    expect(result.survey.lists?.schools).toEqual(items);
    expect(result.survey.ratingLabels).toEqual(labels);
    const added = result.survey.sections.at(-1);
    expect(added?.id).toBe('open_2');
    // "group" is not in this survey: the school question's condition is dropped, not left dangling.
    expect(added?.questions.map((q) => [q.id, q.showIf])).toEqual([
      ['consult_1', undefined],
      ['school', undefined],
    ]);
    const v = validateSurvey(result.survey);
    expect(v.ok ? [] : v.problems).toEqual([]);
  });
});
