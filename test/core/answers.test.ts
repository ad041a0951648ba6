import { describe, expect, it } from 'vitest';
import {
  type Answers,
  checkAnswer,
  checkResponse,
  checkSection,
  evaluate,
  isAnswered,
  isIsoDate,
  localIsoDay,
  pruneHidden,
  resolveDateBound,
  tr,
  visibleQuestions,
  visibleSections,
} from '../../src/core/answers.js';
import { type Condition, findQuestion, type Question, type SurveyDefinition } from '../../src/core/survey.js';

const t = (th: string, en: string = th) => ({ th, en });
const opt = (value: string) => ({ value, label: t(value) });

const survey: SurveyDefinition = {
  format: 1,
  id: 'demo',
  version: 1,
  kind: 'survey',
  title: t('ทดลอง', 'Demo'),
  privacy: { version: '1', title: t('ความเป็นส่วนตัว'), body: [t('ไม่เก็บชื่อ')] },
  lists: {
    schools: [
      { value: 's1', label: t('โรงเรียนหนึ่ง') },
      { value: 's2', label: t('โรงเรียนสอง') },
    ],
  },
  sections: [
    {
      id: 'about',
      title: t('ตอนที่ 1'),
      questions: [
        {
          id: 'group',
          type: 'single',
          required: true,
          other: true,
          label: t('กลุ่ม'),
          options: [opt('teacher'), opt('parent'), opt('community')],
        },
        {
          id: 'school',
          type: 'lookup',
          list: 'schools',
          required: true,
          label: t('โรงเรียน'),
          showIf: { question: 'group', in: ['teacher', 'parent'] },
        },
        {
          id: 'channels',
          type: 'multiple',
          min: 1,
          max: 2,
          other: true,
          label: t('ช่องทาง'),
          options: [opt('web'), opt('phone'), opt('visit')],
        },
        { id: 'years', type: 'number', min: 0, max: 60, integer: true, label: t('อายุงาน') },
      ],
    },
    {
      id: 'teachers',
      title: t('สำหรับครู'),
      showIf: { question: 'group', equals: 'teacher' },
      questions: [
        { id: 'staff', type: 'rating-pair', required: true, label: t('เจ้าหน้าที่') },
        { id: 'overall', type: 'rating', label: t('ภาพรวม'), showIf: { question: 'channels', includes: 'visit' } },
      ],
    },
    {
      id: 'open',
      title: t('ตอนที่ 3'),
      questions: [
        { id: 'visited', type: 'date', min: '2024-10-01', max: 'today', label: t('วันที่') },
        { id: 'topic', type: 'text', label: t('เรื่อง') },
        { id: 'short', type: 'text', maxLength: 5, label: t('สั้น') },
        { id: 'comments', type: 'long-text', label: t('ข้อเสนอแนะ') },
      ],
    },
  ],
};

const TODAY = '2025-01-15';

function question(id: string): Question {
  const q = findQuestion(survey, id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}

const check = (id: string, answers: Answers) => checkAnswer(survey, question(id), answers, TODAY);

describe('a condition', () => {
  const answers: Answers = { group: 'teacher', years: 5, channels: ['web', 'visit'], topic: '  ' };
  const cases: [string, Condition, boolean][] = [
    ['equals the answer', { question: 'group', equals: 'teacher' }, true],
    ['equals another answer', { question: 'group', equals: 'parent' }, false],
    ['equals a number answer', { question: 'years', equals: 5 }, true],
    ['equals the number written as text', { question: 'years', equals: '5' }, false],
    ['notEquals another answer', { question: 'group', notEquals: 'parent' }, true],
    ['notEquals the answer', { question: 'group', notEquals: 'teacher' }, false],
    ['notEquals on an unanswered question', { question: 'school', notEquals: 's1' }, true],
    ['in a list holding the answer', { question: 'group', in: ['parent', 'teacher'] }, true],
    ['in a list without the answer', { question: 'group', in: ['parent'] }, false],
    ['in a list of numbers', { question: 'years', in: [1, 5] }, true],
    ['in, on a multiple choice', { question: 'channels', in: ['web'] }, false],
    ['includes a chosen option', { question: 'channels', includes: 'visit' }, true],
    ['includes an option not chosen', { question: 'channels', includes: 'phone' }, false],
    ['includes, on a single choice', { question: 'group', includes: 'teacher' }, false],
    ['answered, on an answer', { question: 'group', answered: true }, true],
    ['answered, on blank text', { question: 'topic', answered: true }, false],
    ['not answered, on a missing answer', { question: 'school', answered: false }, true],
    [
      'all of two true',
      {
        all: [
          { question: 'group', equals: 'teacher' },
          { question: 'years', equals: 5 },
        ],
      },
      true,
    ],
    [
      'all with one false',
      {
        all: [
          { question: 'group', equals: 'teacher' },
          { question: 'years', equals: 6 },
        ],
      },
      false,
    ],
    [
      'any with one true',
      {
        any: [
          { question: 'group', equals: 'parent' },
          { question: 'years', equals: 5 },
        ],
      },
      true,
    ],
    [
      'any of two false',
      {
        any: [
          { question: 'group', equals: 'parent' },
          { question: 'years', equals: 6 },
        ],
      },
      false,
    ],
    ['not of false', { not: { question: 'group', equals: 'parent' } }, true],
    [
      'nested all/any/not',
      {
        all: [
          { any: [{ question: 'group', equals: 'parent' }, { not: { question: 'school', answered: true } }] },
          { question: 'channels', includes: 'web' },
        ],
      },
      true,
    ],
  ];

  it.each(cases)('%s is %s', (_, condition, expected) => {
    expect(evaluate(condition, answers)).toBe(expected);
  });
});

describe('what a person sees', () => {
  it('a parent skips the teachers’ section; a teacher sees it', () => {
    expect(visibleSections(survey, { group: 'parent' }).map((s) => s.id)).toEqual(['about', 'open']);
    expect(visibleSections(survey, { group: 'teacher' }).map((s) => s.id)).toEqual(['about', 'teachers', 'open']);
  });

  it('the school question appears only for school groups', () => {
    const about = survey.sections[0];
    if (!about) throw new Error('no section');
    expect(visibleQuestions(survey, about, { group: 'community' }).map((q) => q.id)).toEqual([
      'group',
      'channels',
      'years',
    ]);
    expect(visibleQuestions(survey, about, { group: 'parent' }).map((q) => q.id)).toEqual([
      'group',
      'school',
      'channels',
      'years',
    ]);
  });

  it('the overall rating appears only after choosing a visit', () => {
    const teachers = survey.sections[1];
    if (!teachers) throw new Error('no section');
    expect(visibleQuestions(survey, teachers, { channels: ['web'] }).map((q) => q.id)).toEqual(['staff']);
    expect(visibleQuestions(survey, teachers, { channels: ['visit'] }).map((q) => q.id)).toEqual(['staff', 'overall']);
  });
});

describe('checking one answer', () => {
  const cases: [string, string, Answers, ReturnType<typeof check>][] = [
    ['a required question left empty', 'group', {}, { question: 'group', code: 'required' }],
    ['a required question answered with spaces', 'group', { group: '  ' }, { question: 'group', code: 'required' }],
    ['an optional question left empty', 'topic', {}, undefined],
    // single
    ['a single choice of an option', 'group', { group: 'parent' }, undefined],
    [
      'a single choice of an unknown option',
      'group',
      { group: 'nurse' },
      { question: 'group', code: 'invalid_option' },
    ],
    ['a single choice given as a list', 'group', { group: ['parent'] }, { question: 'group', code: 'wrong_type' }],
    ['"other" without saying what', 'group', { group: 'other' }, { question: 'group', code: 'other_required' }],
    [
      '"other" with blank text',
      'group',
      { group: 'other', 'group.other': ' ' },
      { question: 'group', code: 'other_required' },
    ],
    ['"other" with text', 'group', { group: 'other', 'group.other': 'ภารโรง' }, undefined],
    [
      '"other" with 201 characters',
      'group',
      { group: 'other', 'group.other': 'ก'.repeat(201) },
      { question: 'group', code: 'too_long', params: { max: 200 } },
    ],
    // multiple
    ['a multiple choice of two options', 'channels', { channels: ['web', 'phone'] }, undefined],
    [
      'a multiple choice of three when two is the most',
      'channels',
      { channels: ['web', 'phone', 'visit'] },
      { question: 'channels', code: 'too_many', params: { max: 2 } },
    ],
    [
      'a multiple choice with an option twice',
      'channels',
      { channels: ['web', 'web'] },
      { question: 'channels', code: 'invalid_option' },
    ],
    [
      'a multiple choice with an unknown option',
      'channels',
      { channels: ['fax'] },
      { question: 'channels', code: 'invalid_option' },
    ],
    ['a multiple choice given as text', 'channels', { channels: 'web' }, { question: 'channels', code: 'wrong_type' }],
    [
      '"other" among several without saying what',
      'channels',
      { channels: ['web', 'other'] },
      { question: 'channels', code: 'other_required' },
    ],
    [
      '"other" among several with text',
      'channels',
      { channels: ['web', 'other'], 'channels.other': 'จดหมาย' },
      undefined,
    ],
    // rating
    ['a rating of 5', 'overall', { overall: 5 }, undefined],
    ['a rating of 1', 'overall', { overall: 1 }, undefined],
    ['a rating of 6', 'overall', { overall: 6 }, { question: 'overall', code: 'invalid_rating' }],
    ['a rating of 0', 'overall', { overall: 0 }, { question: 'overall', code: 'invalid_rating' }],
    ['a rating of 3.5', 'overall', { overall: 3.5 }, { question: 'overall', code: 'invalid_rating' }],
    ['a rating written as text', 'overall', { overall: '5' }, { question: 'overall', code: 'invalid_rating' }],
    // rating-pair
    ['a pair rated on both sides', 'staff', { staff: { expectation: 5, satisfaction: 3 } }, undefined],
    [
      'a pair with only the expectation',
      'staff',
      { staff: { expectation: 5 } },
      { question: 'staff', code: 'rating_pair_incomplete' },
    ],
    [
      'a pair with only the satisfaction',
      'staff',
      { staff: { satisfaction: 2 } },
      { question: 'staff', code: 'rating_pair_incomplete' },
    ],
    [
      'a pair with a satisfaction of 6',
      'staff',
      { staff: { expectation: 5, satisfaction: 6 } },
      { question: 'staff', code: 'invalid_rating' },
    ],
    [
      'a pair with an extra part',
      'staff',
      { staff: { expectation: 5, satisfaction: 4, importance: 3 } as never },
      { question: 'staff', code: 'wrong_type' },
    ],
    ['a pair given as a number', 'staff', { staff: 4 }, { question: 'staff', code: 'wrong_type' }],
    ['a pair given as a list', 'staff', { staff: ['4'] }, { question: 'staff', code: 'wrong_type' }],
    ['a required pair left empty', 'staff', { staff: {} }, { question: 'staff', code: 'required' }],
    // text and long-text
    ['a text of 200 characters', 'topic', { topic: 'ก'.repeat(200) }, undefined],
    [
      'a text of 201 characters',
      'topic',
      { topic: 'ก'.repeat(201) },
      { question: 'topic', code: 'too_long', params: { max: 200 } },
    ],
    [
      'a text over its own maximum',
      'short',
      { short: 'abcdef' },
      { question: 'short', code: 'too_long', params: { max: 5 } },
    ],
    [
      'Thai with tone marks counted per character',
      'short',
      { short: 'ที่นี่' },
      { question: 'short', code: 'too_long', params: { max: 5 } },
    ],
    ['a text given as a number', 'topic', { topic: 5 }, { question: 'topic', code: 'wrong_type' }],
    ['a long text of 2,000 characters', 'comments', { comments: 'ก'.repeat(2000) }, undefined],
    [
      'a long text of 2,001 characters',
      'comments',
      { comments: 'ก'.repeat(2001) },
      { question: 'comments', code: 'too_long', params: { max: 2000 } },
    ],
    // number
    ['a number within bounds', 'years', { years: 12 }, undefined],
    [
      'a number with decimals where whole numbers are asked',
      'years',
      { years: 2.5 },
      { question: 'years', code: 'not_integer' },
    ],
    [
      'a number below the minimum',
      'years',
      { years: -1 },
      { question: 'years', code: 'too_small', params: { min: 0 } },
    ],
    [
      'a number above the maximum',
      'years',
      { years: 61 },
      { question: 'years', code: 'too_large', params: { max: 60 } },
    ],
    ['a number written as text', 'years', { years: '12' }, { question: 'years', code: 'not_a_number' }],
    ['an infinite number, which counts as no answer', 'years', { years: Number.POSITIVE_INFINITY }, undefined],
    // date
    ['a date within bounds', 'visited', { visited: '2024-12-31' }, undefined],
    ['a date of today', 'visited', { visited: TODAY }, undefined],
    [
      'a date after today',
      'visited',
      { visited: '2025-01-16' },
      { question: 'visited', code: 'date_too_late', params: { max: TODAY } },
    ],
    [
      'a date before the first day',
      'visited',
      { visited: '2024-09-30' },
      { question: 'visited', code: 'date_too_early', params: { min: '2024-10-01' } },
    ],
    ['a date that does not exist', 'visited', { visited: '2024-02-30' }, { question: 'visited', code: 'invalid_date' }],
    ['a date written the Thai way', 'visited', { visited: '1/10/2567' }, { question: 'visited', code: 'invalid_date' }],
    ['a date given as a number', 'visited', { visited: 20241001 }, { question: 'visited', code: 'invalid_date' }],
    // lookup
    ['a school of the list', 'school', { school: 's2' }, undefined],
    ['a school not in the list', 'school', { school: 's9' }, { question: 'school', code: 'invalid_option' }],
    ['a school given as a number', 'school', { school: 2 }, { question: 'school', code: 'wrong_type' }],
  ];

  it.each(cases)('%s', (_, id, answers, expected) => {
    expect(check(id, answers)).toEqual(expected);
  });

  it('an option that happens to be called "other" needs no text when the question has no "other, please specify"', () => {
    const q: Question = { id: 'kind', type: 'single', label: t('ประเภท'), options: [opt('staff'), opt('other')] };
    expect(checkAnswer(survey, q, { kind: 'other' }, TODAY)).toBeUndefined();
  });

  it('uses the real day when no day is given', () => {
    expect(checkAnswer(survey, question('visited'), { visited: '2999-01-01' })).toMatchObject({
      code: 'date_too_late',
    });
  });
});

describe('moving to the next screen', () => {
  const about = survey.sections[0];
  if (!about) throw new Error('no section');

  it('is blocked by each problem of the visible questions', () => {
    expect(checkSection(survey, about, { group: 'teacher', channels: [] }, TODAY)).toEqual([
      { question: 'school', code: 'required' },
    ]);
    expect(checkSection(survey, about, { group: 'teacher', school: 'x', years: 99 }, TODAY)).toEqual([
      { question: 'school', code: 'invalid_option' },
      { question: 'years', code: 'too_large', params: { max: 60 } },
    ]);
  });

  it('is not blocked by a required question that is hidden', () => {
    expect(checkSection(survey, about, { group: 'community' }, TODAY)).toEqual([]);
  });
});

describe('a completed response', () => {
  const good: Answers = {
    group: 'teacher',
    school: 's1',
    channels: ['visit'],
    staff: { expectation: 5, satisfaction: 4 },
    overall: 4,
    comments: 'ดีมาก',
  };

  it('with every visible answer in order is accepted', () => {
    expect(checkResponse(survey, good, TODAY)).toEqual([]);
  });

  it('with an answer to a question the survey lacks is refused', () => {
    expect(checkResponse(survey, { ...good, mood: 'happy', 'mood.other': 'x' }, TODAY)).toEqual([
      { question: 'mood', code: 'unknown_question' },
      { question: 'mood.other', code: 'unknown_question' },
    ]);
  });

  it('with an answer to a hidden question is refused', () => {
    const parent = { group: 'parent', school: 's1', staff: { expectation: 3, satisfaction: 3 } };
    expect(checkResponse(survey, parent, TODAY)).toEqual([{ question: 'staff', code: 'hidden_answered' }]);
  });

  it('missing a required answer of a shown section is refused', () => {
    const { staff: _, ...withoutStaff } = good;
    expect(checkResponse(survey, withoutStaff, TODAY)).toEqual([{ question: 'staff', code: 'required' }]);
  });
});

describe('answers kept on completion', () => {
  it('drop those of questions hidden by a later change', () => {
    const answers: Answers = { group: 'community', school: 's1', staff: { expectation: 5, satisfaction: 5 }, years: 3 };
    expect(pruneHidden(survey, answers)).toEqual({ group: 'community', years: 3 });
  });

  it('drop empty answers', () => {
    expect(pruneHidden(survey, { group: 'parent', school: 's1', topic: '', channels: [] })).toEqual({
      group: 'parent',
      school: 's1',
    });
  });

  it('keep "other" text only when "other" is chosen', () => {
    expect(pruneHidden(survey, { group: 'other', 'group.other': 'ภารโรง' })).toEqual({
      group: 'other',
      'group.other': 'ภารโรง',
    });
    expect(pruneHidden(survey, { group: 'parent', 'group.other': 'ภารโรง', school: 's1' })).toEqual({
      group: 'parent',
      school: 's1',
    });
    expect(
      pruneHidden(survey, { group: 'parent', school: 's1', channels: ['other'], 'channels.other': 'จดหมาย' }),
    ).toEqual({
      group: 'parent',
      school: 's1',
      channels: ['other'],
      'channels.other': 'จดหมาย',
    });
  });

  it('follow a chain through a hidden question: the server accepts what completion kept', () => {
    const chained: SurveyDefinition = {
      ...survey,
      sections: [
        {
          id: 'only',
          title: t('ตอนเดียว'),
          questions: [
            { id: 'group', type: 'single', label: t('กลุ่ม'), options: [opt('teacher'), opt('community')] },
            {
              id: 'school',
              type: 'lookup',
              list: 'schools',
              label: t('โรงเรียน'),
              showIf: { question: 'group', equals: 'teacher' },
            },
            { id: 'why', type: 'text', label: t('เหตุผล'), showIf: { question: 'school', answered: true } },
          ],
        },
      ],
    };
    const kept = pruneHidden(chained, { group: 'community', school: 's1', why: 'ใกล้บ้าน' });
    expect(checkResponse(chained, kept, TODAY)).toEqual([]);
  });

  it('follow a chain of conditions: changing the group hides the section and its rating', () => {
    const answers: Answers = {
      group: 'parent',
      channels: ['visit'],
      staff: { expectation: 4, satisfaction: 4 },
      overall: 5,
    };
    expect(pruneHidden(survey, answers)).toEqual({ group: 'parent', channels: ['visit'] });
  });
});

describe('small helpers', () => {
  it('count an answer only when something was given', () => {
    expect([undefined, '', ' ', [], {}, Number.NaN].map((v) => isAnswered(v as never))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['ก', 0, ['a'], { expectation: 1 }].map((v) => isAnswered(v))).toEqual([true, true, true, true]);
  });

  it('accept only real calendar days written YYYY-MM-DD', () => {
    expect(['2024-02-29', '2567-10-01'].map(isIsoDate)).toEqual([true, true]);
    expect(['2023-02-29', '2024-1-01', '2024-10-01T00:00', 'today'].map(isIsoDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('read "today" as the given day', () => {
    expect(resolveDateBound('today', TODAY)).toBe(TODAY);
    expect(resolveDateBound('2024-10-01', TODAY)).toBe('2024-10-01');
    expect(localIsoDay(new Date(2024, 9, 1, 23, 59))).toBe('2024-10-01');
  });

  it('show the Thai text when the English one is empty', () => {
    expect(tr({ th: 'ไทย', en: 'English' }, 'en')).toBe('English');
    expect(tr({ th: 'ไทย', en: '' }, 'en')).toBe('ไทย');
  });
});

describe('"today" on the server', () => {
  it("is the office's day in Bangkok, not the UTC day", () => {
    // 02:00 in Bangkok on 25 November is still 24 November in UTC.
    const at = new Date('2026-11-24T19:00:00Z');
    expect(localIsoDay(at, 'Asia/Bangkok')).toBe('2026-11-25');
    expect(localIsoDay(at, 'UTC')).toBe('2026-11-24');
  });
});

describe('ids that every object already has (a definition published before they were refused)', () => {
  const odd: SurveyDefinition = {
    ...survey,
    lists: { schools: [{ value: 's1', label: t('หนึ่ง') }] },
    sections: [
      {
        id: 'one',
        title: t('หนึ่ง'),
        questions: [
          { id: 'where', type: 'lookup', list: 'constructor', label: t('ที่ไหน') },
          { id: 'constructor', type: 'text', label: t('ข้อความ') },
          { id: 'valueof', type: 'text', label: t('ข้อความ'), showIf: { question: 'constructor', answered: true } },
        ],
      },
    ],
  };

  it('a lookup on a list named constructor refuses the answer instead of throwing', () => {
    expect(checkResponse(odd, { where: 's1' })).toEqual([{ question: 'where', code: 'invalid_option' }]);
  });

  it('an unanswered question named constructor counts as unanswered and shows nothing', () => {
    expect(evaluate({ question: 'constructor', answered: false }, {})).toBe(true);
    expect(evaluate({ question: 'constructor', equals: 'x' }, {})).toBe(false);
    expect(checkResponse(odd, {})).toEqual([]);
  });

  it('the answers kept are a map without a prototype, and keep an answer named constructor', () => {
    const kept = pruneHidden(odd, { constructor: 'ข้อความ', valueof: 'อีก' });
    expect(Object.getPrototypeOf(kept)).toBe(null);
    expect({ ...kept }).toEqual({ constructor: 'ข้อความ', valueof: 'อีก' });
  });
});
