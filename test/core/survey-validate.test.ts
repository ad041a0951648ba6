import { describe, expect, it } from 'vitest';
import { validateSurvey } from '../../src/core/survey-validate.js';
import { shippedSurveys } from '../../src/server/content.js';
import { sampleSurvey } from '../fixtures.js';

const t = (th: string, en: string = th) => ({ th, en });
const opt = (value: string) => ({ value, label: t(value) });

/** A small definition that passes every rule; each test changes one thing in a copy of it. */
const VALID = {
  format: 1,
  id: 'demo',
  version: 1,
  kind: 'survey',
  title: t('แบบสำรวจทดลอง', 'Demo survey'),
  description: t('ทดลอง', 'A trial'),
  estimatedMinutes: 3,
  privacy: { version: '2567-1', title: t('ความเป็นส่วนตัว', 'Privacy'), body: [t('ไม่เก็บชื่อ', 'No names')] },
  ratingLabels: [t('มากที่สุด'), t('มาก'), t('ปานกลาง'), t('น้อย'), t('น้อยที่สุด')],
  dimensions: [{ id: 'service', label: t('บริการ', 'Service') }],
  lists: {
    schools: [
      { value: 's1', label: t('โรงเรียนหนึ่ง', 'School One'), detail: t('ชะอำ', 'Cha-am') },
      { value: 's2', label: t('โรงเรียนสอง', 'School Two') },
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
          options: [opt('teacher'), opt('parent')],
        },
        {
          id: 'school',
          type: 'lookup',
          list: 'schools',
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
      id: 'ratings',
      title: t('ตอนที่ 2'),
      showIf: { question: 'group', notEquals: 'other' },
      questions: [
        { id: 'staff', type: 'rating-pair', dimension: 'service', required: true, label: t('เจ้าหน้าที่') },
        {
          id: 'overall',
          type: 'rating',
          dimension: 'service',
          label: t('ภาพรวม'),
          showIf: { question: 'channels', includes: 'visit' },
        },
      ],
    },
    {
      id: 'open',
      title: t('ตอนที่ 3'),
      questions: [
        { id: 'visited', type: 'date', min: '2024-10-01', max: 'today', label: t('วันที่') },
        { id: 'topic', type: 'text', maxLength: 50, label: t('เรื่อง') },
        { id: 'comments', type: 'long-text', label: t('ข้อเสนอแนะ') },
      ],
    },
  ],
};

type Key = string | number;

/** `sections[0].questions[1].min` → ['sections', 0, 'questions', 1, 'min'], the way problems name places. */
function keysOf(path: string): Key[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

/** A copy of the valid definition with the value at `path` replaced (or removed, for `undefined`). */
function changed(path: string, value: unknown): unknown {
  const copy: unknown = structuredClone(VALID);
  const keys = keysOf(path);
  const last = keys.pop();
  let at = copy as Record<Key, unknown>;
  for (const key of keys) at = at[key] as Record<Key, unknown>;
  if (last === undefined) throw new Error(`bad path ${path}`);
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

function problemsOf(input: unknown) {
  const result = validateSurvey(input);
  return result.ok ? [] : result.problems;
}

const Q = (s: number, q: number) => `sections[${s}].questions[${q}]`;

describe('a survey definition', () => {
  it('that follows the format is accepted as it is', () => {
    const result = validateSurvey(structuredClone(VALID));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.survey.sections).toHaveLength(3);
  });

  // Each row: what a survey author wrote, the place the problem is reported, and what the message says.
  const refused: [string, string, unknown, string, RegExp][] = [
    ['a format other than 1', 'format', 2, 'format', /format must be 1/],
    ['an id with capitals and spaces', 'id', 'Demo Survey', 'id', /lower-case letters/],
    ['an id that is a number', 'id', 7, 'id', /id must be text/],
    ['version 0', 'version', 0, 'version', /version starts at 1/],
    ['version 1.5', 'version', 1.5, 'version', /whole number/],
    ['version "1" in quotes', 'version', '1', 'version', /must be a number/],
    ['an unknown kind', 'kind', 'poll', 'kind', /"survey" or "complaint"/],
    ['a title without English', 'title', { th: 'ชื่อ' }, 'title.en', /"th" and "en"/],
    ['a title in a third language', 'title', { th: 'ชื่อ', en: 'Name', fr: 'Nom' }, 'title.fr', /exactly "th" and "en"/],
    ['a blank Thai title', 'title.th', '   ', 'title.th', /must not be empty/],
    ['an English title that is a number', 'title.en', 5, 'title.en', /must be text/],
    ['a field the format does not know', 'author', 'me', 'author', /author/],
    ['no privacy notice', 'privacy', undefined, 'privacy', /privacy/],
    ['0 estimated minutes', 'estimatedMinutes', 0, 'estimatedMinutes', />=1/],
    ['a privacy notice without a version', 'privacy.version', '', 'privacy.version', /needs a version/],
    ['a privacy notice without paragraphs', 'privacy.body', [], 'privacy.body', /at least one paragraph/],
    ['4 rating labels', 'ratingLabels', VALID.ratingLabels.slice(1), 'ratingLabels', /5 labels/],
    [
      'a dimension id with capitals',
      'dimensions[0].id',
      'Service',
      'dimensions[0].id',
      /dimension id must be lower-case/,
    ],
    [
      'the same dimension twice',
      'dimensions',
      [...VALID.dimensions, { id: 'service', label: t('อีก') }],
      'dimensions[1].id',
      /dimension "service" is defined twice/,
    ],
    [
      'a list name with capitals',
      'lists',
      { Schools: VALID.lists.schools },
      'lists.Schools',
      /list id must be lower-case/,
    ],
    ['an empty list', 'lists.schools', [], 'lists.schools', /at least one entry/],
    [
      'a list named constructor',
      'lists.constructor',
      VALID.lists.schools,
      'lists.constructor',
      /list id must not be a reserved name/,
    ],
    [
      'a list named prototype',
      'lists.prototype',
      VALID.lists.schools,
      'lists.prototype',
      /list id must not be a reserved name/,
    ],
    ['a question named constructor', `${Q(2, 1)}.id`, 'constructor', `${Q(2, 1)}.id`, /reserved name/],
    ['a question named prototype', `${Q(2, 1)}.id`, 'prototype', `${Q(2, 1)}.id`, /reserved name/],
    ['a question named toString', `${Q(2, 1)}.id`, 'tostring', `${Q(2, 1)}.id`, /reserved name/],
    ['a section named constructor', 'sections[2].id', 'constructor', 'sections[2].id', /reserved name/],
    ['a dimension named constructor', 'dimensions[0].id', 'constructor', 'dimensions[0].id', /reserved name/],
    [
      'two list entries with the same value',
      'lists.schools[1].value',
      's1',
      'lists.schools[1].value',
      /"s1" appears twice in list "schools"/,
    ],
    ['a list file name that was never read', 'lists.schools', 'schools.csv', 'lists.schools', /Array/],
    [
      'a list entry detail without English',
      'lists.schools[0].detail',
      { th: 'ชะอำ' },
      'lists.schools[0].detail.en',
      /"th" and "en"/,
    ],
    ['no sections', 'sections', [], 'sections', /at least one section/],
    ['a section id with a space', 'sections[2].id', 'open ended', 'sections[2].id', /section id must be lower-case/],
    ['the same section id twice', 'sections[2].id', 'about', 'sections[2].id', /section "about" is defined twice/],
    ['a section without questions', 'sections[2].questions', [], 'sections[2].questions', /at least one question/],
    [
      'a question type the format does not know',
      `${Q(2, 1)}.type`,
      'slider',
      `${Q(2, 1)}.type`,
      /type must be one of single, multiple/,
    ],
    ['a question id with a hyphen', `${Q(2, 1)}.id`, 'the-topic', `${Q(2, 1)}.id`, /lower-case letters, digits or _/],
    [
      'the same question id in two sections',
      `${Q(2, 1)}.id`,
      'group',
      `${Q(2, 1)}.id`,
      /question "group" is defined twice/,
    ],
    [
      'a question field the format does not know',
      `${Q(2, 1)}.placeholder`,
      'พิมพ์',
      `${Q(2, 1)}.placeholder`,
      /placeholder/,
    ],
    [
      'required written as "yes"',
      `${Q(2, 1)}.required`,
      'yes',
      `${Q(2, 1)}.required`,
      /required must be true or false/,
    ],
    ['a question label without Thai', `${Q(2, 1)}.label`, { en: 'Topic' }, `${Q(2, 1)}.label.th`, /"th" and "en"/],
    ['a choice with one option', `${Q(0, 0)}.options`, [opt('teacher')], `${Q(0, 0)}.options`, /at least 2 options/],
    [
      'an option with an empty value',
      `${Q(0, 2)}.options[0].value`,
      '',
      `${Q(0, 2)}.options[0].value`,
      /must not be empty/,
    ],
    [
      'the same option twice',
      `${Q(0, 2)}.options[1].value`,
      'web',
      `${Q(0, 2)}.options[1].value`,
      /option "web" appears twice/,
    ],
    [
      'an option named "other" beside "other, please specify"',
      `${Q(0, 2)}.options[1].value`,
      'other',
      `${Q(0, 2)}.options[1].value`,
      /"other" is kept for "other, please specify"/,
    ],
    [
      'a multiple choice whose min is above max',
      `${Q(0, 2)}.min`,
      3,
      `${Q(0, 2)}.min`,
      /min \(3\) is more than max \(2\)/,
    ],
    ['a negative min', `${Q(0, 2)}.min`, -1, `${Q(0, 2)}.min`, /must not be negative/],
    ['a min of 1.5', `${Q(0, 2)}.min`, 1.5, `${Q(0, 2)}.min`, /whole number/],
    [
      'a rating of an unknown dimension',
      `${Q(1, 0)}.dimension`,
      'speed',
      `${Q(1, 0)}.dimension`,
      /dimension "speed" is not in the survey's dimensions/,
    ],
    ['a rating with 3 labels', `${Q(1, 1)}.labels`, [t('ดี'), t('พอใช้'), t('แย่')], `${Q(1, 1)}.labels`, /5 labels/],
    ['a text of at most 0 characters', `${Q(2, 1)}.maxLength`, 0, `${Q(2, 1)}.maxLength`, />=1/],
    ['a text of at most 20,000 characters', `${Q(2, 1)}.maxLength`, 20000, `${Q(2, 1)}.maxLength`, /<=10000/],
    ['a number whose min is above max', `${Q(0, 3)}.min`, 61, `${Q(0, 3)}.min`, /min \(61\) is more than max \(60\)/],
    ['a number bound written as a word', `${Q(0, 3)}.max`, 'sixty', `${Q(0, 3)}.max`, /number/],
    ['a date bound that is not a date', `${Q(2, 0)}.min`, '2024-13-01', `${Q(2, 0)}.min`, /YYYY-MM-DD, or "today"/],
    [
      'a date bound of "tomorrow"',
      `${Q(2, 0)}.max`,
      'tomorrow',
      `${Q(2, 0)}.max`,
      /max must be a date written YYYY-MM-DD/,
    ],
    [
      'a lookup of a list the survey lacks',
      `${Q(0, 1)}.list`,
      'teachers',
      `${Q(0, 1)}.list`,
      /list "teachers" is not in the survey's lists/,
    ],
    ['a lookup without a list', `${Q(0, 1)}.list`, undefined, `${Q(0, 1)}.list`, /list/],
  ];

  it.each(refused)('with %s is refused', (_, path, value, where, why) => {
    expect(problemsOf(changed(path, value))).toEqual([{ path: where, message: expect.stringMatching(why) }]);
  });

  it('with a multiple choice whose min is above its options (and "other") is refused at min', () => {
    const survey = changed(`${Q(0, 2)}.min`, 5);
    expect(problemsOf(survey)).toContainEqual({
      path: `${Q(0, 2)}.min`,
      message: 'min (5) is more than the 4 options',
    });
  });

  it('with a multiple choice whose max is 0 is refused at max', () => {
    const survey = changed(`${Q(0, 2)}.max`, 0);
    expect(problemsOf(survey)).toContainEqual({ path: `${Q(0, 2)}.max`, message: 'max must be at least 1' });
  });

  it('with a date range that ends before it starts is refused at min', () => {
    const survey = changed(`${Q(2, 0)}.max`, '2024-09-30');
    expect(problemsOf(survey)).toEqual([{ path: `${Q(2, 0)}.min`, message: 'min is after max' }]);
  });

  const accepted: [string, string, unknown][] = [
    ['version 2', 'version', 2],
    ['kind "complaint"', 'kind', 'complaint'],
    ['an id with digits, - and _', 'id', 'stakeholder-2568_b'],
    ['no description', 'description', undefined],
    ['a multiple choice whose min equals max', `${Q(0, 2)}.min`, 2],
    ['a multiple choice without bounds', `${Q(0, 2)}.max`, undefined],
    ['a date between two fixed days', `${Q(2, 0)}.max`, '2025-09-30'],
    ['a date bounded by "today" on both sides', `${Q(2, 0)}.min`, 'today'],
    ['a rating with its own 5 labels', `${Q(1, 1)}.labels`, VALID.ratingLabels],
    ['a number without bounds', `${Q(0, 3)}.min`, undefined],
    ['a text of at most 10,000 characters', `${Q(2, 1)}.maxLength`, 10000],
    ['a rating without a dimension', `${Q(1, 0)}.dimension`, undefined],
    ['a condition on "other, please specify"', 'sections[1].showIf', { question: 'group', equals: 'other' }],
  ];

  it.each(accepted)('with %s is accepted', (_, path, value) => {
    expect(problemsOf(changed(path, value))).toEqual([]);
  });

  it('reports every problem it finds, not only the first', () => {
    const survey = changed('version', 0) as Record<string, unknown>;
    survey.kind = 'poll';
    expect(problemsOf(survey).map((p) => p.path)).toEqual(['version', 'kind']);
  });

  it('gives back trimmed texts', () => {
    const result = validateSurvey(changed('title.th', '  แบบสำรวจ  '));
    expect(result.ok && result.survey.title.th).toBe('แบบสำรวจ');
  });
});

describe('a condition (showIf)', () => {
  const refused: [string, string, unknown, string, RegExp][] = [
    [
      'on a question that comes later',
      `${Q(0, 1)}.showIf`,
      { question: 'channels', answered: true },
      `${Q(0, 1)}.showIf.question`,
      /"channels" is not a question that comes earlier in the survey/,
    ],
    [
      'on its own question',
      `${Q(0, 1)}.showIf`,
      { question: 'school', answered: true },
      `${Q(0, 1)}.showIf.question`,
      /"school" is not a question that comes earlier/,
    ],
    [
      'on a question that does not exist',
      `${Q(2, 1)}.showIf`,
      { question: 'nobody', answered: true },
      `${Q(2, 1)}.showIf.question`,
      /"nobody" is not a question/,
    ],
    [
      "of a section on that section's own question",
      'sections[1].showIf',
      { question: 'staff', answered: true },
      'sections[1].showIf.question',
      /"staff" is not a question that comes earlier/,
    ],
    [
      'using includes on a single choice',
      `${Q(2, 1)}.showIf`,
      { question: 'group', includes: 'teacher' },
      `${Q(2, 1)}.showIf.includes`,
      /includes needs a multiple choice question; "group" is single/,
    ],
    [
      'comparing with a value that is not an option',
      `${Q(2, 1)}.showIf`,
      { question: 'group', equals: 'nurse' },
      `${Q(2, 1)}.showIf`,
      /"nurse" is not an option of "group"/,
    ],
    [
      'listing a value that is not an option',
      `${Q(2, 1)}.showIf`,
      { question: 'group', in: ['teacher', 'nurse'] },
      `${Q(2, 1)}.showIf`,
      /"nurse" is not an option of "group"/,
    ],
    [
      'with an empty "in" list',
      `${Q(2, 1)}.showIf`,
      { question: 'group', in: [] },
      `${Q(2, 1)}.showIf.in`,
      /Expected >=1/,
    ],
    [
      'nested inside all/any on an unknown question',
      `${Q(2, 1)}.showIf`,
      { all: [{ question: 'group', equals: 'teacher' }, { any: [{ question: 'ghost', answered: true }] }] },
      `${Q(2, 1)}.showIf.all[1].any[0].question`,
      /"ghost" is not a question/,
    ],
    [
      'inside not on a later question',
      `${Q(0, 1)}.showIf`,
      { not: { question: 'years', answered: true } },
      `${Q(0, 1)}.showIf.not.question`,
      /"years" is not a question that comes earlier/,
    ],
    [
      'naming a question with a malformed id',
      `${Q(2, 1)}.showIf`,
      { all: [{ question: 'Group', equals: 'teacher' }] },
      `${Q(2, 1)}.showIf.all[0].question`,
      /lower-case letters/,
    ],
  ];

  it.each(refused)('%s is refused', (_, path, value, where, why) => {
    expect(problemsOf(changed(path, value))).toEqual([{ path: where, message: expect.stringMatching(why) }]);
  });

  const accepted: [string, unknown][] = [
    ['equals an option', { question: 'group', equals: 'teacher' }],
    ['notEquals an option', { question: 'group', notEquals: 'parent' }],
    ['in options', { question: 'group', in: ['teacher', 'parent'] }],
    ['includes on a multiple choice', { question: 'channels', includes: 'web' }],
    ['answered', { question: 'years', answered: false }],
    ['equals a number', { question: 'years', equals: 5 }],
    [
      'all, any and not together',
      { all: [{ any: [{ question: 'group', equals: 'teacher' }] }, { not: { question: 'school', answered: true } }] },
    ],
  ];

  it.each(accepted)('%s on earlier questions is accepted', (_, condition) => {
    expect(problemsOf(changed(`${Q(2, 1)}.showIf`, condition))).toEqual([]);
  });

  it('with a misspelt operator is refused at the condition, saying what a condition looks like', () => {
    const problems = problemsOf(changed(`${Q(2, 1)}.showIf`, { question: 'group', is: 'teacher' }));
    expect(problems).toEqual([{ path: `${Q(2, 1)}.showIf`, message: expect.stringMatching(/must be a condition/) }]);
  });
});

describe('garbage instead of a definition', () => {
  const garbage: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'survey'],
    ['true', true],
    ['an empty object', {}],
    ['an array', []],
    ['an array holding a valid survey', [structuredClone(VALID)]],
    ['sections that are a string', changed('sections', 'all of them')],
    ['a question that is null', changed(Q(0, 0), null)],
    ['options that are an object', changed(`${Q(0, 0)}.options`, { a: 1 })],
    ['a condition that is a string', changed(`${Q(0, 1)}.showIf`, 'group is teacher')],
    ['a condition with nothing in it', changed(`${Q(0, 1)}.showIf`, {})],
    ['lists that are an array', changed('lists', [VALID.lists.schools])],
    ['a __proto__ key at the top', JSON.parse('{"__proto__": {"polluted": true}, "format": 1}')],
    [
      'a __proto__ key in a title',
      changed('title', JSON.parse('{"th": "ก", "en": "a", "__proto__": {"polluted": true}}')),
    ],
    [
      'a __proto__ list',
      changed('lists', JSON.parse('{"__proto__": [{"value": "x", "label": {"th": "x", "en": "x"}}]}')),
    ],
  ];

  it.each(garbage)('(%s) is refused with problems, never an exception', (_, input) => {
    const result = validateSurvey(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(typeof p.path).toBe('string');
      expect(p.message).not.toBe('');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('that is not an object is reported at the top', () => {
    expect(problemsOf('survey')).toEqual([{ path: '(top)', message: expect.stringMatching(/Object/) }]);
  });

  it('with a condition nested 5,000 deep is refused, not thrown', () => {
    let condition: unknown = { question: 'group', answered: true };
    for (let i = 0; i < 5000; i++) condition = { not: condition };
    expect(() => validateSurvey(changed(`${Q(2, 1)}.showIf`, condition))).not.toThrow();
  });
});

describe('the shipped surveys', () => {
  it('both validate, with their school lists read from the CSV file', () => {
    const surveys = shippedSurveys();
    expect(surveys.map((s) => `${s.id}@${s.version}`)).toEqual(['complaint@1', 'stakeholder-satisfaction@1']);
    for (const survey of surveys) {
      expect(validateSurvey(JSON.parse(JSON.stringify(survey)))).toMatchObject({ ok: true });
      expect(survey.lists?.schools).toHaveLength(22);
    }
  });
});

describe('conditions on a multiple choice question', () => {
  it('refuse equals/in (a list never equals one value) and point to includes', () => {
    const base = sampleSurvey;
    const def = structuredClone(base) as unknown as { sections: { questions: Record<string, unknown>[] }[] };
    const target = def.sections[3]?.questions[0];
    if (!target) throw new Error('fixture changed');
    target.showIf = { question: 'channels', equals: 'web' };
    const result = validateSurvey(def);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { path: 'sections[3].questions[0].showIf', message: expect.stringMatching(/multiple choice: use includes/) },
      ]);
    }
  });
});

describe('names every object already has', () => {
  it('a list named __proto__ (as JSON.parse reads it) is refused, not dropped', () => {
    const input = JSON.parse(
      JSON.stringify(VALID).replace('"lists":{', '"lists":{"__proto__":[{"value":"x","label":{"th":"x","en":"x"}}],'),
    ) as unknown;
    expect(Object.keys((input as { lists: object }).lists)).toContain('__proto__');
    expect(problemsOf(input)).toEqual([
      { path: 'lists.__proto__', message: 'list id must not be a reserved name (such as constructor)' },
    ]);
  });
});
