import { describe, expect, it } from 'vitest';
import en from '../../locales/en/admin.json';
import th from '../../locales/th/admin.json';
import {
  conditionProblems,
  conditionSentence,
  earlierQuestions,
  operatorsFor,
  type Say,
  withOperator,
} from '../../src/core/condition-text.js';
import { findQuestion, type SurveyDefinition } from '../../src/core/survey.js';
import { validateSurvey } from '../../src/core/survey-validate.js';
import { sampleSurvey } from '../fixtures.js';

/** The builder's own strings, with `{{name}}` filled in, as i18next would. */
function sayIn(strings: typeof th): Say {
  return (key, values = {}) => {
    let node: unknown = strings.builder.condition;
    for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
    return String(node).replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
  };
}

describe('conditions in the builder', () => {
  it('offers only comparisons that fit the question type', () => {
    expect(operatorsFor('single')).toEqual(['equals', 'notEquals', 'in', 'answered', 'notAnswered']);
    expect(operatorsFor('multiple')).toEqual(['includes', 'answered', 'notAnswered']);
    expect(operatorsFor('number')).toContain('gte');
    expect(operatorsFor('date')).toContain('lt');
    expect(operatorsFor('date')).not.toContain('in');
    expect(operatorsFor('rating')).toContain('in');
    expect(operatorsFor('text')).toEqual(['answered', 'notAnswered']);
    expect(operatorsFor('rating-pair')).toEqual(['answered', 'notAnswered']);
  });

  it('every condition built from the menus passes the validator', () => {
    for (const q of sampleSurvey.sections.flatMap((s) => s.questions)) {
      for (const op of operatorsFor(q.type)) {
        const base = { question: q.id, answered: true } as const;
        const rule = withOperator(sampleSurvey, q, base, op);
        const survey: SurveyDefinition = {
          ...sampleSurvey,
          sections: [
            ...sampleSurvey.sections,
            {
              id: 'z',
              title: { th: 'ท้าย', en: 'End' },
              questions: [{ id: 'z1', type: 'text', label: { th: 'ก', en: 'A' }, showIf: rule }],
            },
          ],
        };
        const result = validateSurvey(survey);
        expect(result.ok ? [] : result.problems, `${q.type} ${op}`).toEqual([]);
      }
    }
  });

  it('reads a condition as a Thai and an English sentence', () => {
    const rule = { question: 'group', equals: 'parent' };
    expect(conditionSentence(sampleSurvey, rule, 'th', sayIn(th))).toBe('ข้อ 1 กลุ่ม เป็น ผู้ปกครอง');
    expect(conditionSentence(sampleSurvey, rule, 'en', sayIn(en as typeof th))).toBe('Q1 “Group” is Parent');
    const group = {
      all: [{ question: 'group', in: ['parent', 'other'] }, { not: { question: 'channels', includes: 'web' } }],
    };
    expect(conditionSentence(sampleSurvey, group, 'th', sayIn(th))).toBe(
      'ข้อ 1 กลุ่ม เป็น ผู้ปกครอง หรือ อื่น ๆ และ ไม่ใช่กรณีที่ ข้อ 3 ช่องทาง มีการเลือก เว็บ',
    );
    expect(conditionSentence(sampleSurvey, { question: 'years', gte: 5 }, 'en', sayIn(en as typeof th))).toBe(
      'Q6 “Years of service” is at least 5',
    );
    expect(conditionSentence(sampleSurvey, { question: 'school', equals: 's1' }, 'th', sayIn(th))).toBe(
      'ข้อ 2 โรงเรียน เป็น โรงเรียนหนึ่ง',
    );
  });

  it('lets a question look only at the questions before it, and a section at earlier sections', () => {
    const ids = (before: string) => earlierQuestions(sampleSurvey, before).flatMap((g) => g.questions.map((q) => q.id));
    expect(ids('group')).toEqual([]);
    expect(ids('channels')).toEqual(['group', 'school']);
    expect(ids('section:teachers')).toEqual(['group', 'school', 'channels', 'r1', 'r2']);
  });

  it('flags a condition on a deleted question or on one that moved after it', () => {
    expect(conditionProblems(sampleSurvey, 'school', { question: 'group', equals: 'parent' })).toEqual([]);
    expect(conditionProblems(sampleSurvey, 'school', { question: 'gone', equals: 'x' })).toEqual([
      { path: '', question: 'gone', kind: 'missing' },
    ]);
    expect(
      conditionProblems(sampleSurvey, 'school', {
        any: [
          { question: 'group', answered: true },
          { question: 'years', gt: 1 },
        ],
      }),
    ).toEqual([{ path: 'any[1]', question: 'years', kind: 'later' }]);
    expect(conditionProblems(sampleSurvey, 'when', { question: 'suggest', equals: 'x' })).toEqual([
      { path: '', question: 'suggest', kind: 'operator' },
    ]);
    expect(findQuestion(sampleSurvey, 'years')).toBeDefined();
  });
});
