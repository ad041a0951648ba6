import { describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/core/answers.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { validateSurvey } from '../../src/core/survey-validate.js';
import { importXlsform, type XlsCell, type XlsSheet } from '../../src/core/xlsform.js';
import { conditionToXPath, exportXlsform } from '../../src/core/xlsform-export.js';
import { shippedSurveys } from '../../src/server/content.js';

const sheet = (name: string, rows: XlsCell[][]): XlsSheet => ({ name, rows });

/** A small form in the shape people write them: Thai and English labels, a group, a relevant. */
function form(surveyRows: XlsCell[][], choices: XlsCell[][] = [], settings?: XlsCell[][]): XlsSheet[] {
  return [
    sheet('survey', [
      [
        'type',
        'name',
        'label::Thai (th)',
        'label::English (en)',
        'relevant',
        'required',
        'constraint',
        'constraint_message::Thai (th)',
        'constraint_message::English (en)',
      ],
      ...surveyRows,
    ]),
    sheet('choices', [['list_name', 'name', 'label::Thai (th)', 'label::English (en)'], ...choices]),
    ...(settings ? [sheet('settings', settings)] : []),
  ];
}

const groups: XlsCell[][] = [
  ['groups', 'parent', 'ผู้ปกครอง', 'Parent'],
  ['groups', 'teacher', 'ครู', 'Teacher'],
  ['groups', 'community', 'ชุมชน', 'Community'],
];

describe('an XLSForm becomes a survey', () => {
  it('reads groups as sections, selects, relevant, required and settings', () => {
    const result = importXlsform(
      form(
        [
          ['begin group', 'about', 'ข้อมูลทั่วไป', 'About you'],
          ['select_one groups or_other', 'group', 'ท่านเป็น', 'You are', null, 'yes'],
          [
            'integer',
            'children',
            'จำนวนบุตร',
            'Children',
            "${group} = 'parent'",
            null,
            '. >= 0 and . <= 20',
            'ไม่เกิน 20',
            'At most 20',
          ],
          ['end group'],
          [
            'select_multiple groups',
            'channels',
            'ช่องทาง',
            'Channels',
            "selected(${group}, 'teacher') or ${children} > 2",
          ],
          ['date', 'when', 'วันที่', 'Date', "${channels} != ''"],
        ],
        groups,
        [
          ['form_id', 'form_title', 'version', 'default_language'],
          ['Parent_Survey', 'แบบสำรวจ', '3', 'Thai (th)'],
        ],
      ),
    );
    expect(result.problems).toEqual([]);
    const survey = result.survey as SurveyDefinition;
    expect(survey.id).toBe('parent_survey');
    expect(survey.version).toBe(3);
    expect(survey.title).toEqual({ th: 'แบบสำรวจ', en: 'แบบสำรวจ' });
    expect(survey.sections.map((s) => s.id)).toEqual(['about', 'part-2']);
    const [group, children] = survey.sections[0]?.questions ?? [];
    expect(group).toMatchObject({ type: 'single', other: true, required: true });
    expect(children).toMatchObject({
      type: 'number',
      integer: true,
      showIf: { question: 'group', equals: 'parent' },
      constraint: {
        rule: {
          all: [
            { question: 'children', gte: 0 },
            { question: 'children', lte: 20 },
          ],
        },
        message: { th: 'ไม่เกิน 20', en: 'At most 20' },
      },
    });
    expect(survey.sections[1]?.questions[0]?.showIf).toEqual({
      any: [
        { question: 'group', equals: 'teacher' },
        { question: 'children', gt: 2 },
      ],
    });
    expect(survey.sections[1]?.questions[1]?.showIf).toEqual({ question: 'channels', answered: true });
    // The constraint is checked like any rule of the format.
    expect(checkResponse(survey, { group: 'parent', children: 21 }).map((e) => e.code)).toEqual(['constraint']);
    expect(checkResponse(survey, { group: 'parent', children: 2 })).toEqual([]);
  });

  it('accepts column names in any case, the older select spelling and "or specify other"', () => {
    const result = importXlsform([
      sheet('SURVEY', [
        ['TYPE', 'NAME', 'LABEL:English'],
        ['select one from sexes or specify other', 'sex', 'Your sex'],
      ]),
      sheet('Choices', [
        ['List Name', 'Name', 'Label:English'],
        ['sexes', 'male', 'Male'],
        ['sexes', 'female', 'Female'],
      ]),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.survey?.sections[0]?.questions[0]).toMatchObject({ id: 'sex', type: 'single', other: true });
    expect(result.warnings.map((w) => w.message)).toContain(
      'the form is written in English only: its texts are copied into the other language; translate them before publishing',
    );
    expect(result.warnings.some((w) => w.message.includes('no privacy notice'))).toBe(true);
  });

  it('refuses what it cannot do, one line per problem with sheet, row and column, and gives no survey', () => {
    const result = importXlsform(
      form([
        ['begin repeat', 'kids', 'เด็ก', 'Kids'],
        ['geopoint', 'where', 'ที่ไหน', 'Where'],
        ['calculate', 'sum', null, null],
        ['text', 'name', 'ชื่อ', 'Name', 'string-length(${name}) > 3'],
        ['text', 'other', 'อื่น', 'Other', null, '${name} != ""'],
        ['end repeat'],
      ]),
    );
    expect(result.survey).toBeUndefined();
    expect(result.problems).toMatchObject([
      { sheet: 'survey', row: 2, column: 'type', message: 'repeats are not supported' },
      { sheet: 'survey', row: 3, column: 'type', message: 'locations (GPS) are not collected by Siang' },
      { sheet: 'survey', row: 4, column: 'type', message: 'calculations are not supported' },
      {
        sheet: 'survey',
        row: 5,
        column: 'relevant',
        message: 'the function string-length() is not supported (in "string-length(${name}) > 3")',
      },
      {
        sheet: 'survey',
        row: 6,
        column: 'required',
        message: 'only yes or no is supported: a question cannot become required by a condition',
      },
    ]);
  });

  it('refuses formulas, references to later questions and unknown lists at their place', () => {
    const result = importXlsform(
      form([
        ['text', 'a', 'ก', 'A', '${b} = 1'],
        ['text', 'b', { formula: 'CONCAT("x")' }, 'B'],
        ['select_one nolist', 'c', 'ค', 'C'],
      ]),
    );
    expect(result.problems).toMatchObject([
      {
        sheet: 'survey',
        row: 2,
        column: 'relevant',
        message: '${b} is not a question that comes earlier in the form (in "${b} = 1")',
      },
      { sheet: 'survey', row: 3, column: 'label::Thai (th)', message: 'formulas are not read: type the value itself' },
      { sheet: 'survey', row: 4, column: 'type', message: 'the list "nolist" is not in the choices sheet' },
    ]);
  });

  it('points a problem the survey format finds at the row it came from', () => {
    const result = importXlsform(form([['select_one one', 'q', 'ถาม', 'Ask']], [['one', 'only', 'อย่างเดียว', 'Only']]));
    expect(result.problems).toMatchObject([{ sheet: 'survey', row: 2, message: 'needs at least 2 options' }]);
  });

  it('refuses a sheet of more than 5,000 rows without reading it', () => {
    const rows: XlsCell[][] = Array.from({ length: 5_001 }, (_, i) => ['text', `q${i}`, 'ถาม', 'Ask']);
    expect(importXlsform(form(rows)).problems).toMatchObject([
      { sheet: 'survey', message: 'the survey sheet has more than 5000 rows' },
    ]);
  });
});

describe('expressions', () => {
  const base: XlsCell[][] = [
    ['select_one groups', 'group', 'กลุ่ม', 'Group'],
    ['select_multiple groups', 'many', 'หลาย', 'Many'],
    ['integer', 'n', 'จำนวน', 'Number'],
  ];
  const relevantOf = (expr: string) => {
    const r = importXlsform(form([...base, ['text', 't', 'ข้อความ', 'Text', expr]], groups));
    return r.survey ? r.survey.sections[0]?.questions[3]?.showIf : r.problems[0]?.message;
  };
  it.each([
    ["${group} = 'parent'", { question: 'group', equals: 'parent' }],
    ["'parent' = ${group}", { question: 'group', equals: 'parent' }],
    ["${group} != 'parent'", { question: 'group', notEquals: 'parent' }],
    ["${group} = 'parent' or ${group} = 'teacher'", { question: 'group', in: ['parent', 'teacher'] }],
    ["selected(${many}, 'teacher')", { question: 'many', includes: 'teacher' }],
    ["not(selected(${many}, 'teacher'))", { not: { question: 'many', includes: 'teacher' } }],
    [
      '${n} >= 3 and ${n} < 10',
      {
        all: [
          { question: 'n', gte: 3 },
          { question: 'n', lt: 10 },
        ],
      },
    ],
    ['3 < ${n}', { question: 'n', gt: 3 }],
    [
      "(${n} > 1 or ${group} = 'parent') and ${many} != ''",
      {
        all: [
          {
            any: [
              { question: 'n', gt: 1 },
              { question: 'group', equals: 'parent' },
            ],
          },
          { question: 'many', answered: true },
        ],
      },
    ],
    ["${group} = ''", { question: 'group', answered: false }],
  ])('%s', (expr, condition) => {
    expect(relevantOf(expr)).toEqual(condition);
  });
  it.each([
    ['. > 3', '"." (the answer itself) is only allowed in a constraint'],
    ["${many} = 'parent'", 'a multiple choice is tested with selected(), not with a comparison'],
    ['${n} = ${group}', 'compare a question with a quoted text or a number, not with another question'],
    ["${group} > 'a'", '">" compares numbers and dates only'],
    ['count-selected(${many}) > 1', 'the function count-selected() is not supported'],
    ["${group} = 'a", 'a quoted text is not closed'],
  ])('refuses %s', (expr, message) => {
    expect(String(relevantOf(expr))).toContain(message);
  });
});

describe('a survey written as an XLSForm reads back to the same survey', () => {
  it.each(shippedSurveys().map((s) => [s.id, s] as const))('%s', (_id, survey) => {
    const back = importXlsform(exportXlsform(survey));
    expect(back.problems).toEqual([]);
    expect(back.survey).toEqual(survey);
  });

  it('keeps every condition and constraint kind, ratings with their own labels, and dimensions', () => {
    const labels = ['5', '4', '3', '2', '1'].map((n) => ({ th: `ระดับ ${n}`, en: `Level ${n}` }));
    const survey = validateSurvey({
      format: 1,
      id: 'all-kinds',
      version: 7,
      kind: 'complaint',
      title: { th: 'ทุกแบบ', en: 'All kinds' },
      description: { th: 'คำอธิบาย', en: 'About' },
      estimatedMinutes: 4,
      privacy: {
        version: 'p-2',
        title: { th: 'ประกาศ', en: 'Notice' },
        body: [
          { th: 'หนึ่ง', en: 'One' },
          { th: "สอง 'x'", en: 'Two' },
        ],
      },
      ratingLabels: labels,
      dimensions: [{ id: 'service', label: { th: 'บริการ', en: 'Service' } }],
      lists: {
        schools: [{ value: 's1', label: { th: 'โรงเรียน 1', en: 'School 1' }, detail: { th: 'เมือง', en: 'Mueang' } }],
      },
      sections: [
        {
          id: 'one',
          title: { th: 'หนึ่ง', en: 'One' },
          description: { th: 'อ่านก่อน', en: 'Read first' },
          questions: [
            {
              id: 'group',
              type: 'single',
              preset: 'locked',
              required: true,
              other: true,
              label: { th: 'กลุ่ม', en: 'Group' },
              options: [
                { value: 'a', label: { th: 'ก', en: 'A' } },
                { value: 'b', label: { th: 'ข', en: 'B' } },
              ],
            },
            {
              id: 'school',
              type: 'lookup',
              list: 'schools',
              preset: 'editable',
              label: { th: 'โรงเรียน', en: 'School' },
              showIf: { question: 'group', in: ['a', 'other'] },
            },
            {
              id: 'many',
              type: 'multiple',
              min: 1,
              max: 2,
              label: { th: 'หลาย', en: 'Many' },
              hint: { th: 'เลือก', en: 'Pick' },
              options: [
                { value: 'x', label: { th: 'x', en: 'x' } },
                { value: 'y', label: { th: 'y', en: 'y' } },
              ],
            },
          ],
        },
        {
          id: 'two',
          title: { th: 'สอง', en: 'Two' },
          showIf: { not: { question: 'many', includes: 'y' } },
          questions: [
            { id: 'r', type: 'rating', dimension: 'service', labels, label: { th: 'คะแนน', en: 'Score' } },
            { id: 'rp', type: 'rating-pair', label: { th: 'คู่', en: 'Pair' }, showIf: { question: 'r', gte: 3 } },
            {
              id: 'n',
              type: 'number',
              min: 0,
              max: 9.5,
              label: { th: 'เลข', en: 'Number' },
              constraint: {
                rule: {
                  any: [
                    { question: 'n', lt: 2 },
                    { question: 'n', gt: 5 },
                  ],
                },
              },
            },
            {
              id: 'd',
              type: 'date',
              min: '2024-01-01',
              max: 'today',
              label: { th: 'วัน', en: 'Day' },
              showIf: {
                all: [
                  { question: 'n', notEquals: 3 },
                  { question: 'group', answered: true },
                ],
              },
            },
            { id: 'phone', type: 'text', maxLength: 20, personal: true, label: { th: 'โทร', en: 'Phone' } },
            {
              id: 'long',
              type: 'long-text',
              label: { th: 'ยาว', en: 'Long' },
              showIf: { question: 'd', lte: '2025-12-31' },
            },
          ],
        },
      ],
    });
    if (!survey.ok) throw new Error(JSON.stringify(survey.problems));
    const back = importXlsform(exportXlsform(survey.survey));
    expect(back.problems).toEqual([]);
    expect(back.survey).toEqual(survey.survey);
  });

  it('writes conditions as XLSForm expressions', () => {
    expect(
      conditionToXPath({
        all: [
          { question: 'a', equals: 'x' },
          {
            any: [
              { question: 'b', gt: 1 },
              { question: 'c', answered: false },
            ],
          },
        ],
      }),
    ).toBe("${a} = 'x' and (${b} > 1 or ${c} = '')");
    expect(conditionToXPath({ question: 'n', lte: 5 }, 'n')).toBe('. <= 5');
  });
});

describe('the notice a form without one gets', () => {
  it('is versioned as a year B.E. and a revision, which the respondent’s notice reads out in Thai', async () => {
    const { defaultPrivacy } = await import('../../src/core/xlsform-shared.js');
    expect(defaultPrivacy('2026-12-02').version).toBe('2569-1');
    // Today's, in the office's time zone: whatever the day, the form the notice screen reads.
    expect(defaultPrivacy().version).toMatch(/^25\d\d-1$/);
  });
});

describe('problems and warnings carry codes', () => {
  it('gives each a code and its params beside the English message, for screens to word', () => {
    const result = importXlsform(
      form([
        ['begin repeat', 'kids', 'เด็ก', 'Kids'],
        ['select_one nowhere', 'q1', 'ถาม', 'Ask'],
        ['deviceid', 'dev'],
        ['text', 'Big Name', 'ชื่อ', 'Name'],
      ]),
    );
    const byCode = Object.fromEntries(result.problems.map((p) => [p.code, p]));
    expect(byCode.unsupported_type).toMatchObject({
      row: 2,
      message: 'repeats are not supported',
      params: { type: 'begin repeat', feature: 'repeat' },
    });
    expect(byCode.unknown_list).toMatchObject({
      row: 3,
      message: 'the list "nowhere" is not in the choices sheet',
      params: { list: 'nowhere' },
    });
    const warned = Object.fromEntries(result.warnings.map((w) => [w.code, w]));
    expect(warned.metadata_skipped).toMatchObject({ row: 4, params: { type: 'deviceid' } });
    expect(warned.name_stored_as).toMatchObject({ params: { name: 'Big Name', id: 'big_name' } });
    for (const issue of [...result.problems, ...result.warnings]) expect(typeof issue.code).toBe('string');
  });
});
