// @vitest-environment node
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allVisibleQuestions, checkResponse, visibleSections } from '../../src/core/answers.js';
import { allQuestions, type SurveyDefinition } from '../../src/core/survey.js';
import {
  LISTS_DIR,
  loadSurveyFile,
  parseSchoolList,
  resolveSurveySource,
  SURVEYS_DIR,
  shippedSurveys,
  surveyCatalog,
} from '../../src/server/content.js';

const t = (th: string, en: string = th) => ({ th, en });

let dir: string;
let lists: string;

/** Writes a file into the test folder and returns its path. */
function put(name: string, text: string, folder: string = dir): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

const SOURCE = {
  format: 1,
  id: 'mini',
  version: 1,
  kind: 'survey',
  title: t('ทดลอง', 'Trial'),
  privacy: { version: '1', title: t('ความเป็นส่วนตัว', 'Privacy'), body: [t('ไม่เก็บชื่อ', 'No names')] },
  lists: { schools: 'schools.csv' },
  sections: [
    {
      id: 's',
      title: t('ตอน', 'Part'),
      questions: [{ id: 'school', type: 'lookup', list: 'schools', label: t('โรงเรียน', 'School') }],
    },
  ],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'siang-content-'));
  lists = join(dir, 'lists');
  mkdirSync(lists);
  put('schools.csv', 'code,name_th\nA1,โรงเรียนทดลอง\nA2,โรงเรียนตัวอย่าง\n', lists);
  put('broken.csv', 'name_th,district_th\nโรงเรียนหนึ่ง,ชะอำ\n,ท่ายาง\n', lists);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a school list file', () => {
  it('as shipped gives the 22 schools of the area, in Thai and English with their districts', () => {
    const schools = parseSchoolList(readFileSync(join(LISTS_DIR, 'schools.csv'), 'utf8'));
    expect(schools).toHaveLength(22);
    expect(schools[0]).toEqual({
      value: 'โรงเรียนแก่งกระจานวิทยา',
      label: { th: 'โรงเรียนแก่งกระจานวิทยา', en: 'Kaeng Krachan Wittaya School' },
      detail: { th: 'แก่งกระจาน', en: 'Kaeng Krachan' },
    });
    for (const school of schools) {
      expect(school.label.en).toMatch(/^[A-Za-z][A-Za-z ()-]+$/);
      expect(school.detail?.en).toMatch(/^[A-Za-z][A-Za-z -]+$/);
    }
    const mueang = schools.filter((s) => s.detail?.th === 'เมืองเพชรบุรี');
    expect(new Set(mueang.map((s) => s.detail?.en))).toEqual(new Set(['Mueang Phetchaburi']));
  });

  it('saved by Excel (BOM, CRLF, quotes, columns in another order, empty rows) is read', () => {
    const csv =
      '\uFEFFName_TH,code,district_en,district_th,name_en\r\n' +
      '"โรงเรียนหนึ่ง, เพชรบุรี",P01,Cha-am,ชะอำ,"School One, Phetchaburi"\r\n' +
      '\r\n' +
      'โรงเรียนสอง,,,ท่ายาง,\r\n' +
      ',,,,\r\n';
    expect(parseSchoolList(csv)).toEqual([
      {
        value: 'P01',
        label: { th: 'โรงเรียนหนึ่ง, เพชรบุรี', en: 'School One, Phetchaburi' },
        detail: { th: 'ชะอำ', en: 'Cha-am' },
      },
      { value: 'โรงเรียนสอง', label: { th: 'โรงเรียนสอง', en: 'โรงเรียนสอง' }, detail: { th: 'ท่ายาง', en: 'ท่ายาง' } },
    ]);
  });

  it('with Thai names only gives entries without a second line', () => {
    expect(parseSchoolList('name_th\nโรงเรียนหนึ่ง\n  โรงเรียนสอง  \n')).toEqual([
      { value: 'โรงเรียนหนึ่ง', label: { th: 'โรงเรียนหนึ่ง', en: 'โรงเรียนหนึ่ง' } },
      { value: 'โรงเรียนสอง', label: { th: 'โรงเรียนสอง', en: 'โรงเรียนสอง' } },
    ]);
  });

  const bad: [string, string, string][] = [
    [
      'a row without a Thai name',
      'code,name_th\nA1,หนึ่ง\nA2,\n',
      'line 3: name_th is empty; every row needs the Thai name',
    ],
    [
      'a row without a Thai name after blank lines and a two-line cell',
      'code,name_th,district_th\n\nA1,หนึ่ง,"เมือง\nเพชรบุรี"\n\n\nA2,,ชะอำ\n',
      'line 7: name_th is empty; every row needs the Thai name',
    ],
    [
      'the same code twice',
      'code,name_th\nA1,หนึ่ง\nA1,สอง\n',
      'line 3: "A1" is already on line 2; each row must differ',
    ],
    [
      'the same school twice without codes',
      'name_th\nหนึ่ง\nสอง\nหนึ่ง\n',
      'line 4: "หนึ่ง" is already on line 2; each row must differ',
    ],
    [
      'a misspelt column',
      'code,nmae_th\nA1,หนึ่ง\n',
      'line 1: unknown column "nmae_th"; the columns are code, name_th, name_en, district_th, district_en',
    ],
    ['a header without name_th', 'code,name_en\nA1,One\n', 'line 1: the header has no "name_th" column'],
    ['a column named twice', 'name_th,name_th\nหนึ่ง,หนึ่ง\n', 'line 1: column "name_th" appears twice'],
    [
      'an empty file',
      '\uFEFF\n\n',
      'line 1: the file is empty; the first line must name the columns (code,name_th,name_en,district_th,district_en)',
    ],
    ['a header and nothing else', 'name_th\n', 'line 2: the list has no rows after the header'],
    [
      'a name with an unquoted comma',
      'name_th,district_th\nหนึ่ง,ชะอำ\nสอง, เพชรบุรี,ท่ายาง\n',
      'line 3: 3 fields but the header names 2 columns; put a name that contains a comma in double quotes',
    ],
  ];

  it.each(bad)('with %s is refused, naming the line and the reason', (_, csv, message) => {
    expect(() => parseSchoolList(csv)).toThrow(new Error(message));
  });

  it('with a quote left open is refused as invalid CSV', () => {
    expect(() => parseSchoolList('name_th\n"หนึ่ง\n')).toThrow(/not valid CSV/);
  });
});

describe('a survey source naming its list file', () => {
  it('gets the list entries in place of the file name', () => {
    const resolved = resolveSurveySource(SOURCE, lists) as typeof SOURCE & { lists: { schools: unknown } };
    expect(resolved.lists.schools).toEqual([
      { value: 'A1', label: t('โรงเรียนทดลอง') },
      { value: 'A2', label: t('โรงเรียนตัวอย่าง') },
    ]);
    expect(resolved.sections).toBe(SOURCE.sections);
    expect(SOURCE.lists.schools).toBe('schools.csv');
  });

  it('keeps lists written inline and other values as they are, for the validator to judge', () => {
    const inline = { ...SOURCE, lists: { schools: [{ value: 'x', label: t('x') }], odd: 5 } };
    expect(resolveSurveySource(inline, lists)).toEqual(inline);
    for (const raw of [null, 'text', 3, [SOURCE], { ...SOURCE, lists: ['schools.csv'] }, { id: 'no-lists' }]) {
      expect(resolveSurveySource(raw, lists)).toBe(raw);
    }
  });

  it('keeps a "__proto__" list name as plain data', () => {
    const raw: unknown = JSON.parse('{"lists": {"__proto__": "schools.csv"}}');
    const resolved = resolveSurveySource(raw, lists) as { lists: Record<string, unknown> };
    expect(Object.keys(resolved.lists)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(resolved.lists)).toBe(Object.prototype);
  });

  it.each([['../schools.csv'], ['sub/schools.csv'], ['/etc/passwd'], ['..\\schools.csv']])(
    'refuses the path %s, which leaves the lists folder',
    (file) => {
      expect(() => resolveSurveySource({ lists: { schools: file } }, lists)).toThrow(
        `lists.schools: "${file}" must be the name of a file in the lists folder, without "/" or ".."`,
      );
    },
  );

  it('refuses a list file that is not CSV', () => {
    expect(() => resolveSurveySource({ lists: { schools: 'schools.json' } }, lists)).toThrow(
      'lists.schools: "schools.json" must be a .csv file',
    );
  });

  it('names a list file that is missing', () => {
    expect(() => resolveSurveySource({ lists: { schools: 'nowhere.csv' } }, lists)).toThrow(
      `lists.schools: cannot read nowhere.csv in ${lists} (ENOENT)`,
    );
  });

  it('names the list, the file and the line of a bad row', () => {
    expect(() => resolveSurveySource({ lists: { schools: 'broken.csv' } }, lists)).toThrow(
      'lists.schools: broken.csv line 3: name_th is empty; every row needs the Thai name',
    );
  });
});

describe('loading a survey file', () => {
  it('gives the checked definition, with its lists read', () => {
    const survey = loadSurveyFile(put('mini.json', JSON.stringify(SOURCE)), lists);
    expect(survey.id).toBe('mini');
    expect(survey.lists?.schools?.map((s) => s.value)).toEqual(['A1', 'A2']);
  });

  it('reads lists from the shipped lists folder unless told otherwise', () => {
    const survey = loadSurveyFile(put('shipped-list.json', JSON.stringify(SOURCE)));
    expect(survey.lists?.schools).toHaveLength(22);
  });

  it('accepts a file saved with a BOM', () => {
    expect(loadSurveyFile(put('bom.json', `\uFEFF${JSON.stringify(SOURCE)}`), lists).id).toBe('mini');
  });

  it('that is not JSON says so, naming the file', () => {
    const file = put('broken.json', '{ "format": 1, }');
    expect(() => loadSurveyFile(file, lists)).toThrow(new RegExp(`^${escapeRegExp(file)} is not valid JSON: `));
  });

  it('that does not exist says so, naming the file', () => {
    const file = join(dir, 'missing.json');
    expect(() => loadSurveyFile(file, lists)).toThrow(`${file}: cannot read the file (ENOENT)`);
  });

  it('that breaks the format lists every problem as path: message', () => {
    const file = put('bad.json', JSON.stringify({ ...SOURCE, version: 0, kind: 'poll' }));
    expect(() => loadSurveyFile(file, lists)).toThrow(
      new Error(
        `${file} has 2 problems:\n  version: version starts at 1\n  kind: kind must be "survey" or "complaint"`,
      ),
    );
  });

  it('with one problem says "1 problem"', () => {
    const file = put('one.json', JSON.stringify({ ...SOURCE, version: 0 }));
    expect(() => loadSurveyFile(file, lists)).toThrow(
      new Error(`${file} has 1 problem:\n  version: version starts at 1`),
    );
  });

  it('whose list file has a bad row names the survey, the list, the file and the line', () => {
    const file = put('bad-list.json', JSON.stringify({ ...SOURCE, lists: { schools: 'broken.csv' } }));
    expect(() => loadSurveyFile(file, lists)).toThrow(
      new Error(
        `${file} has a problem:\n  lists.schools: broken.csv line 3: name_th is empty; every row needs the Thai name`,
      ),
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the files the app build publishes', () => {
  it('are the catalog and one file per survey version', () => {
    expect([...surveyCatalog().keys()]).toEqual([
      'surveys/index.json',
      'surveys/complaint/1.json',
      'surveys/stakeholder-satisfaction/1.json',
    ]);
  });

  it('list each survey with what the start screen shows and where its definition is', () => {
    const index = JSON.parse(surveyCatalog().get('surveys/index.json') ?? '') as unknown[];
    const surveys = shippedSurveys();
    expect(index).toEqual(
      surveys.map((s) => ({
        id: s.id,
        version: s.version,
        kind: s.kind,
        title: s.title,
        description: s.description,
        estimatedMinutes: s.estimatedMinutes,
        file: `surveys/${s.id}/${s.version}.json`,
      })),
    );
  });

  it('hold each definition as compact JSON, lists included', () => {
    const files = surveyCatalog();
    for (const survey of shippedSurveys()) {
      const text = files.get(`surveys/${survey.id}/${survey.version}.json`) ?? '';
      expect(text).not.toContain('\n');
      expect(JSON.parse(text)).toEqual(survey);
      expect(Array.isArray((JSON.parse(text) as SurveyDefinition).lists?.schools)).toBe(true);
    }
  });

  it('come from every JSON file of src/content/surveys', () => {
    expect(SURVEYS_DIR.replaceAll('\\', '/')).toMatch(/src\/content\/surveys$/);
    const jsonFiles = readdirSync(SURVEYS_DIR).filter((name) => name.endsWith('.json'));
    expect(surveyCatalog().size).toBe(jsonFiles.length + 1);
  });
});

describe('the example in docs/survey-format.md', () => {
  it('loads, and accepts the teacher answers shown beside it', () => {
    const doc = readFileSync(join(SURVEYS_DIR, '..', '..', '..', 'docs', 'survey-format.md'), 'utf8');
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const example = blocks.find((b) => b.includes('"training-feedback"')) ?? '';
    const answers = JSON.parse(blocks[blocks.length - 1] ?? '') as Record<string, string>;
    const survey = loadSurveyFile(put('example.json', example));
    expect(survey.sections).toHaveLength(3);
    expect(checkResponse(survey, answers, '2025-01-15')).toEqual([]);
  });
});

describe('the shipped stakeholder survey', () => {
  const survey = loadSurveyFile(join(SURVEYS_DIR, 'stakeholder-satisfaction.json'));
  const full = {
    gender: 'female',
    age: '31_40',
    contact_channels: ['website', 'other'],
    'contact_channels.other': 'วิทยุชุมชน',
  };
  const pairs = Object.fromEntries(
    allQuestions(survey)
      .filter((q) => q.type === 'rating-pair')
      .map((q) => [q.id, { expectation: 5, satisfaction: 4 }]),
  );

  it('asks a parent for the school, and a community member not', () => {
    const asked = (group: string) => allVisibleQuestions(survey, { group }).map((q) => q.id);
    expect(asked('parent')).toContain('school');
    expect(asked('community')).not.toContain('school');
    expect(asked('other')).not.toContain('school');
  });

  it('offers the eight stakeholder groups and "other, please specify"', () => {
    const group = allQuestions(survey).find((q) => q.id === 'group');
    expect(group?.type === 'single' && group.options.length).toBe(8);
    expect(group?.type === 'single' && group.other).toBe(true);
  });

  it('rates 3 to 5 items, expectation and satisfaction, in each of five dimensions', () => {
    const ratings = allQuestions(survey).filter((q) => q.type === 'rating-pair');
    expect(survey.dimensions?.map((d) => d.id)).toEqual(['inform', 'consult', 'involve', 'collaborate', 'service']);
    for (const d of survey.dimensions ?? []) {
      const items = ratings.filter((q) => q.type === 'rating-pair' && q.dimension === d.id);
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items.length).toBeLessThanOrEqual(5);
      expect(items.every((q) => q.required)).toBe(true);
    }
  });

  it('accepts a complete answer from a teacher, with nothing written in part 3', () => {
    const answers = { group: 'teacher', school: 'โรงเรียนคงคาราม', ...full, ...pairs };
    expect(checkResponse(survey, answers, '2025-01-15')).toEqual([]);
  });

  it('refuses a school answer from a community member', () => {
    const answers = { group: 'community', school: 'โรงเรียนคงคาราม', ...full, ...pairs };
    expect(checkResponse(survey, answers, '2025-01-15')).toEqual([{ question: 'school', code: 'hidden_answered' }]);
  });

  it('tells the respondent the notice version, retention and the DPO to contact', () => {
    expect(survey.privacy.version).toBe('2567-1');
    const th = survey.privacy.body.map((p) => p.th).join('\n');
    expect(th).toContain('มาตรา 24 (4)');
    expect(th).toContain('2 ปี');
    expect(th).toContain('น้อยกว่า 5 คน');
    expect(th).toContain('เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล');
    expect(th).not.toMatch(/\d{2,3}-\d{3}-\d{4}|0\d{8,9}/);
  });
});

describe('the shipped complaint form', () => {
  const survey = loadSurveyFile(join(SURVEYS_DIR, 'complaint.json'));
  const matter = { category: 'suggestion', topic: 'ที่จอดรถ', description: 'ที่จอดรถไม่พอในวันประชุม' };

  it('asks no contact details of someone who wants no reply', () => {
    expect(visibleSections(survey, { ...matter, wants_reply: 'no' }).map((s) => s.id)).toEqual(['matter']);
    expect(checkResponse(survey, { ...matter, wants_reply: 'no' }, '2025-01-15')).toEqual([]);
  });

  it('asks for a name and the chosen way to reply of someone who wants a reply', () => {
    const answers = { ...matter, wants_reply: 'yes', contact_name: 'สมชาย', reply_channel: 'email' };
    expect(checkResponse(survey, answers, '2025-01-15')).toEqual([{ question: 'contact_email', code: 'required' }]);
    expect(checkResponse(survey, { ...answers, contact_email: 'somchai@example.com' }, '2025-01-15')).toEqual([]);
  });

  it('refuses an incident date in the future', () => {
    const answers = { ...matter, wants_reply: 'no', incident_date: '2025-01-16' };
    expect(checkResponse(survey, answers, '2025-01-15')).toEqual([
      { question: 'incident_date', code: 'date_too_late', params: { max: '2025-01-15' } },
    ]);
  });

  it('keeps its own privacy notice, with a retention counted from closing the matter', () => {
    expect(survey.kind).toBe('complaint');
    expect(survey.privacy.body.map((p) => p.en).join('\n')).toContain('1 year after the matter is closed');
  });
});
