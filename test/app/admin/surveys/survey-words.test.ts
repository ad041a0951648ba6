/**
 * The builder's words: a validator path read as a person says it, the id suggested for a copy,
 * and a blank survey the validator accepts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addAdminStrings } from '../../../../src/app/admin/strings.js';
import { blankSurvey, suggestId } from '../../../../src/app/admin/surveys/new-survey.js';
import { describeChange, describeMessage, describePath } from '../../../../src/app/admin/surveys/survey-words.js';
import { i18next, initI18n } from '../../../../src/app/i18n.js';
import { validateSurvey } from '../../../../src/core/survey-validate.js';

beforeAll(async () => {
  await initI18n('th');
  addAdminStrings();
});
const th = i18next.getFixedT('th');
const en = i18next.getFixedT('en');

describe('places and changes in words', () => {
  it('reads a validator path as part, question and field, in Thai and English', () => {
    expect(describePath('sections[1].questions[2].label.en', th)).toBe('ตอนที่ 2 ข้อ 3 ข้อความ ภาษาอังกฤษ');
    expect(describePath('sections[1].questions[2].label.en', en)).toBe('Part 2, question 3, wording, English');
    expect(describePath('title.en', en)).toBe('Title, English');
    expect(describePath('sections[0].questions[0].options[3].label.th', th)).toBe(
      'ตอนที่ 1 ข้อ 1 ตัวเลือกที่ 4 ข้อความ ภาษาไทย',
    );
    expect(describePath('privacy.body[1].en', th)).toBe('ประกาศความเป็นส่วนตัว ย่อหน้าที่ 2 ภาษาอังกฤษ');
    expect(describePath('lists.schools[4].label.th', th)).toBe('รายการ schools ลำดับที่ 5 ข้อความ ภาษาไทย');
    expect(describePath('(top)', th)).toBe('ทั้งแบบสำรวจ');
  });

  it('words a change code it does not know instead of hiding it', () => {
    const words = describeChange({ severity: 'breaking', code: 'something_new', path: 'sections[0]' }, th, 'th');
    expect(words.what).toBe('การเปลี่ยนแปลง something_new: ตอนที่ 1');
    expect(words.effect).toMatch(/เทียบกันไม่ได้/);
  });
});

describe('the validator’s messages in words', () => {
  it('words each problem of a broken survey in Thai, naming its ids, and keeps English for English', () => {
    const t = (th: string, en: string) => ({ th, en });
    const broken = {
      ...blankSurvey('broken'),
      ratingLabels: [t('ดี', 'Good')],
      dimensions: [
        { id: 'inform', label: t('ข้อมูล', 'Information') },
        { id: 'inform', label: t('ข้อมูล', 'Information') },
      ],
      lists: { schools: [t('ก', 'A'), t('ก', 'A')].map((label) => ({ value: 'a', label })) },
      sections: [
        {
          id: 'part1',
          title: t('ตอนที่ 1', ''),
          questions: [
            { id: 'Bad Id', type: 'text', label: t('ก', 'A'), showIf: { question: 'later', equals: 'x' } },
            {
              id: 'pick',
              type: 'multiple',
              label: t('ข', 'B'),
              options: [
                { value: 'x', label: t('ก', 'A') },
                { value: 'x', label: t('ข', 'B') },
              ],
              min: 3,
              max: 2,
            },
            {
              id: 'rate',
              type: 'rating',
              dimension: 'nowhere',
              label: t('ค', 'C'),
              showIf: { question: 'pick', equals: 'x' },
            },
            { id: 'school', type: 'lookup', list: 'nolist', label: t('ง', 'D') },
            { id: 'later', type: 'number', label: t('จ', 'E'), showIf: { question: 'pick', includes: 'zz' } },
          ],
        },
      ],
    };
    // The shape is checked first (the bad id, the 1 rating label), then the rest.
    const english = [
      broken,
      {
        ...broken,
        ratingLabels: undefined,
        sections: [
          {
            ...broken.sections[0],
            title: t('ตอนที่ 1', 'Part 1'),
            questions: broken.sections[0]?.questions.map((q) => (q.id === 'Bad Id' ? { ...q, id: 'first' } : q)),
          },
        ],
      },
    ].flatMap((survey) => {
      const result = validateSurvey(survey);
      return result.ok ? [] : result.problems.map((p) => p.message);
    });
    expect(english.length).toBeGreaterThanOrEqual(10);
    const thai = english.map((m) => describeMessage(m, th));
    // Every message is worded in Thai (no English sentence left), with the ids it names.
    for (const [i, words] of thai.entries()) {
      expect(words, english[i]).toMatch(/[\u0E00-\u0E7F]/);
      expect(words, english[i]).not.toMatch(/\b(?:must|needs|is not|appears|defined|more than)\b/);
    }
    expect(thai).toContain('มีด้าน "inform" ซ้ำกัน 2 ครั้ง');
    expect(thai).toContain('"later" ไม่ใช่ข้อคำถามที่อยู่ก่อนหน้านี้ในแบบสำรวจ');
    expect(thai).toContain('ค่าต่ำสุด (3) มากกว่าค่าสูงสุด (2)');
    expect(thai).toContain('"zz" ไม่ใช่ตัวเลือกของข้อ "pick"');
    expect(describeMessage('Invalid key: Expected never but received "dimension"', th)).toBe(
      'ช่อง "dimension" ใช้กับข้อแบบนี้ไม่ได้',
    );
    expect(describeMessage('dimension "inform" is defined twice', en)).toBe('dimension "inform" is defined twice');
    expect(describeMessage('something the validator says one day', th)).toBe('something the validator says one day');
  });
});

describe('new surveys', () => {
  it('suggests a free id for a copy from the fiscal year', () => {
    expect(suggestId('satisfaction-2569', new Set(['satisfaction-2569']), 2570)).toBe('satisfaction-2570');
    expect(suggestId('satisfaction', new Set(['satisfaction-2570']), 2570)).toBe('satisfaction-2571');
    expect(suggestId('satisfaction-2570-2', new Set(), 2570)).toBe('satisfaction-2570');
  });

  it('starts a blank survey the validator accepts', () => {
    expect(validateSurvey(blankSurvey('parents')).ok).toBe(true);
  });
});
