/** The editor's edits of a definition: renames reach every rule, moves keep untouched parts shared. */
import { describe, expect, it } from 'vitest';
import {
  duplicateQuestion,
  moveQuestion,
  newQuestion,
  referencesTo,
  renameQuestion,
} from '../../../../src/app/admin/surveys/editor/edit-ops.js';
import type { SurveyDefinition } from '../../../../src/core/survey.js';
import { validateSurvey } from '../../../../src/core/survey-validate.js';
import { smallSurvey } from './editor-harness.js';

function withRules(): SurveyDefinition {
  const survey = smallSurvey();
  const [profile, rating] = survey.sections;
  if (!profile || !rating) throw new Error('fixture');
  return {
    ...survey,
    sections: [
      profile,
      {
        ...rating,
        showIf: { any: [{ question: 'group', equals: 'teacher' }, { not: { question: 'group', equals: 'parent' } }] },
        questions: [
          ...rating.questions,
          {
            id: 'years',
            type: 'number',
            label: { th: 'ปี', en: 'Years' },
            constraint: {
              rule: {
                all: [
                  { question: 'age', gte: 18 },
                  { question: 'years', lte: 60 },
                ],
              },
            },
          },
        ],
      },
    ],
  };
}

describe('editor edits', () => {
  it('renaming a question renames it in show-if rules of questions and sections and in constraints', () => {
    const survey = withRules();
    expect(referencesTo(survey, 'group').sort()).toEqual(['inform_1', 'rating']);
    const renamed = renameQuestion(survey, 'age', 'age_years');
    expect(renamed.sections[1]?.questions[1]?.constraint?.rule).toEqual({
      all: [
        { question: 'age_years', gte: 18 },
        { question: 'years', lte: 60 },
      ],
    });
    expect(renamed.sections[1]?.showIf).toBe(survey.sections[1]?.showIf);
    const regrouped = renameQuestion(survey, 'group', 'who');
    expect(JSON.stringify(regrouped)).not.toContain('"group"');
    expect(validateSurvey(regrouped).ok).toBe(true);
  });

  it('moving a question keeps every untouched section as it was', () => {
    const survey = withRules();
    const moved = moveQuestion(survey, { s: 1, q: 1 }, { s: 1, q: 0 });
    expect(moved.sections[0]).toBe(survey.sections[0]);
    expect(moved.sections[1]?.questions.map((q) => q.id)).toEqual(['years', 'inform_1']);
    expect(moveQuestion(survey, { s: 5, q: 0 }, { s: 0, q: 0 })).toBe(survey);
  });

  it('new and duplicated questions get ids nobody has', () => {
    const taken = new Set(['q1', 'q2', 'age', 'age_copy']);
    expect(newQuestion('single', taken).id).toBe('q3');
    expect(duplicateQuestion({ id: 'age', type: 'number', label: { th: 'อายุ', en: 'Age' } }, taken).id).toBe(
      'age_copy2',
    );
  });
});
