/**
 * The builder's words: a validator path read as a person says it, the id suggested for a copy,
 * and a blank survey the validator accepts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addAdminStrings } from '../../../../src/app/admin/strings.js';
import { blankSurvey, suggestId } from '../../../../src/app/admin/surveys/new-survey.js';
import { describeChange, describePath } from '../../../../src/app/admin/surveys/survey-words.js';
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
