/**
 * The plan's and the register's rules: the five levels, the states a row may move between,
 * progress against a target, and reading a file with the row and column of the first problem.
 */
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  LEVELS,
  type PlanContext,
  type PlanRow,
  parseEvidence,
  parsePlanTable,
  parseSource,
  planRowChoices,
  planRowLabel,
  planTable,
  progressOf,
  sourceText,
} from '../../src/core/plan.js';
import { parseRegisterTable, quadrantOf, reconcileGroups, registerTable } from '../../src/core/register.js';
import { cellText, TableError } from '../../src/core/table.js';

const context: PlanContext = {
  fiscalYear: 2570,
  missions: new Set(['M1', 'S2']),
  groups: new Set(['parent', 'teacher']),
  channels: new Set(['website', 'meeting']),
  newId: () => '0190a8e0-0000-7000-8000-00000000000a',
};

const aRow: PlanRow = {
  id: '0190a8e0-0000-7000-8000-000000000001',
  fiscalYear: 2570,
  mission: 'M1',
  group: 'parent',
  level: 'consult',
  expectation: '=ข้อมูลเร็วขึ้น, ชัดเจน "ทันเวลา"',
  evidence: { surveyId: 'stakeholder-satisfaction', fiscalYear: 2569, target: 'item', id: 'inform_1' },
  channels: ['website', 'meeting'],
  frequency: 'per_term',
  practice: 'ประชุม\nภาคเรียนละครั้ง',
  indicator: { what: 'ร้อยละ', target: 80, unit: '%', source: { kind: 'manual' } },
  responsibleUnit: 'กลุ่มนโยบายและแผน',
  responsiblePerson: 'นางสมศรี',
  note: 'ภายใน',
  state: 'approved',
  approval: { by: 'ผอ.', position: 'ผู้อำนวยการ', date: '2026-10-05' },
  publishedAt: null,
  progress: [
    { round: 6, value: 40, computed: false, problem: 'ช้า', done: 'เร่ง', percent: 50, onTarget: false },
    { round: 12, value: null, computed: false, problem: '', done: '', percent: null, onTarget: null },
  ],
};

/** The first problem a table has, as `row/column`. */
function problemOf(table: (string | number | null)[][]): string {
  try {
    parsePlanTable(table, context);
    return 'none';
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    return `${error.row}/${error.column}`;
  }
}

describe('the plan', () => {
  it('has the announcement’s five levels, lowest first', () => {
    expect(LEVELS).toEqual(['inform', 'consult', 'involve', 'collaborate', 'empower']);
  });

  it('moves a row draft → approved → published, and back one step only', () => {
    expect(canTransition('draft', 'approved')).toBe(true);
    expect(canTransition('approved', 'published')).toBe(true);
    expect(canTransition('published', 'approved')).toBe(true);
    expect(canTransition('draft', 'published')).toBe(false);
    expect(canTransition('published', 'draft')).toBe(false);
    expect(canTransition('approved', 'approved')).toBe(false);
  });

  it('gives the % of target to one decimal and whether it is reached', () => {
    expect(progressOf(3, 3.5)).toEqual({ percent: 85.7, onTarget: false });
    expect(progressOf(22, 22)).toEqual({ percent: 100, onTarget: true });
    expect(progressOf(null, 10)).toEqual({ percent: null, onTarget: null });
    expect(progressOf(5, null)).toEqual({ percent: null, onTarget: null });
  });

  it('writes sources and evidence as text and reads them back', () => {
    const survey = parseSource('survey:stakeholder-satisfaction/dimension/inform/satisfaction');
    expect(survey).toEqual({
      kind: 'survey',
      surveyId: 'stakeholder-satisfaction',
      target: 'dimension',
      id: 'inform',
      part: 'satisfaction',
    });
    expect(survey && sourceText(survey)).toBe('survey:stakeholder-satisfaction/dimension/inform/satisfaction');
    expect(parseSource('activities')).toEqual({ kind: 'activities' });
    expect(parseSource('survey:x/question/a/b')).toBeUndefined();
    expect(parseEvidence('')).toBeNull();
    expect(parseEvidence('s/2569/item/q1')).toEqual({ surveyId: 's', fiscalYear: 2569, target: 'item', id: 'q1' });
    expect(parseEvidence('s/69/item/q1')).toBeUndefined();
  });

  it('reads its own table back to the same rows (quotes, commas, line breaks, a formula-like text)', () => {
    const table = planTable([aRow]);
    const [back] = parsePlanTable(table, context);
    const { progress, publishedAt, ...rest } = aRow;
    expect(back).toEqual({
      ...rest,
      progress: [{ round: 6, value: 40, problem: 'ช้า', done: 'เร่ง' }],
    });
    expect(cellText(`'${aRow.expectation}`)).toBe(aRow.expectation);
  });

  it('refuses a bad cell with its row (the header is row 1) and column', () => {
    const good = planTable([aRow, { ...aRow, id: '0190a8e0-0000-7000-8000-000000000002', group: 'teacher' }]);
    const header = good[0] as string[];
    const withCell = (row: number, column: string, value: string | number | null) =>
      good.map((r, i) => (i === row ? r.map((c, k) => (header[k] === column ? value : c)) : r));
    expect(problemOf(good)).toBe('none');
    expect(problemOf(withCell(2, 'level', 'dictate'))).toBe('3/level');
    expect(problemOf(withCell(1, 'mission', 'M9'))).toBe('2/mission');
    expect(problemOf(withCell(2, 'group', 'parent'))).toBe('3/level');
    expect(problemOf(withCell(1, 'channels', 'website;fax'))).toBe('2/channels');
    expect(problemOf(withCell(2, 'indicator_target', 'eighty'))).toBe('3/indicator_target');
    expect(problemOf(withCell(1, 'fiscal_year', 2569))).toBe('2/fiscal_year');
    expect(problemOf(withCell(1, 'approved_on', '5/10/2569'))).toBe('2/approved_on');
    expect(problemOf(withCell(2, 'id', 'not-a-uuid'))).toBe('3/id');
    expect(problemOf(withCell(1, 'indicator_source', 'survey:s/row/x/value'))).toBe('2/indicator_source');
    expect(problemOf([[...header, 'extra'], ...good.slice(1)])).toBe('1/extra');
    expect(problemOf([header.filter((h) => h !== 'level')])).toBe('1/level');
    expect(problemOf([])).toBe('null/null');
  });

  it('gives a row without an id a new one, and a draft needs no approval', () => {
    const table = planTable([{ ...aRow, state: 'draft', approval: null }]);
    const header = table[0] as string[];
    const row = (table[1] as (string | number | null)[]).map((c, k) => (header[k] === 'id' ? '' : c));
    const [read] = parsePlanTable([header, row], context);
    expect([read?.id, read?.state, read?.approval]).toEqual([context.newId(), 'draft', null]);
  });
});

describe('the register', () => {
  const register = {
    fiscalYear: 2570,
    missions: [{ code: 'M1', kind: 'mission' as const, title: { th: 'ด้านวิชาการ', en: 'Academic' }, source: 'สพฐ.' }],
    groups: [
      {
        id: 'parent',
        name: { th: 'ผู้ปกครอง', en: 'Parent' },
        definition: 'ผู้ปกครองนักเรียน',
        kind: 'stakeholder' as const,
        population: 1200,
        interest: 3 as const,
        influence: 1 as const,
      },
    ],
    matrix: [{ mission: 'M1', group: 'parent', reason: 'ผลการเรียน' }],
    channels: [{ id: 'website', name: { th: 'เว็บไซต์', en: 'Website' } }],
  };

  it('reads its own table back to the same register', () => {
    expect(parseRegisterTable(registerTable(register), 2570)).toEqual(register);
  });

  it('refuses a link to a group that is not there, and a level outside 1–3, with row and column', () => {
    const table = registerTable(register);
    const header = table[0] as string[];
    const set = (row: number, column: string, value: string) =>
      table.map((r, i) => (i === row ? r.map((c, k) => (header[k] === column ? value : c)) : r));
    const problem = (t: typeof table) => {
      try {
        parseRegisterTable(t, 2570);
        return 'none';
      } catch (e) {
        return e instanceof TableError ? `${e.row}/${e.column}` : 'other';
      }
    };
    expect(problem(set(3, 'group', 'teacher'))).toBe('4/group');
    expect(problem(set(2, 'interest', '4'))).toBe('3/interest');
    expect(problem(set(2, 'kind', 'partner'))).toBe('3/kind');
  });

  it('places groups on the 2×2 map and compares them with a survey’s options', () => {
    expect(quadrantOf({ interest: 3, influence: 3 })).toBe('manage');
    expect(quadrantOf({ interest: 1, influence: 3 })).toBe('satisfy');
    expect(quadrantOf({ interest: 3, influence: 1 })).toBe('inform');
    expect(quadrantOf({ interest: 1, influence: 1 })).toBe('monitor');
    expect(reconcileGroups(['parent', 'student'], [{ id: 'parent' }, { id: 'teacher' }])).toEqual({
      onlyInSurvey: ['student'],
      onlyInRegister: ['teacher'],
    });
  });
});

describe('plan row pickers', () => {
  const plan = {
    missions: [{ code: 'S1', title: { th: 'ด้านความปลอดภัย', en: 'Safety' } }],
    groups: [{ id: 'parent', name: { th: 'ผู้ปกครอง', en: '' } }],
    rows: [
      { id: '0190a8e0-0000-7000-8000-000000000001', mission: 'S1', group: 'parent', level: 'consult' as const },
      { id: '0190a8e0-0000-7000-8000-000000000002', mission: 'X9', group: 'alumni', level: 'inform' as const },
    ],
  };
  it('names a row "mission · group · level" in Thai and English, falling back to Thai or the code', () => {
    const [first, second] = planRowChoices(plan);
    const level = (l: string) => l.toUpperCase();
    expect(first && planRowLabel(first, 'th', level)).toBe('S1 ด้านความปลอดภัย · ผู้ปกครอง · CONSULT');
    expect(first && planRowLabel(first, 'en', level)).toBe('S1 Safety · ผู้ปกครอง · CONSULT');
    expect(second && planRowLabel(second, 'en', level)).toBe('X9 · alumni · INFORM');
  });
});
