import { describe, expect, it } from 'vitest';
import { presetLocked, presetRule, presettableQuestions, readPresets, surveyLink } from '../../src/core/presets.js';
import type { Question, SurveyDefinition } from '../../src/core/survey.js';
import { validateSurvey } from '../../src/core/survey-validate.js';
import { sampleSurvey } from '../fixtures.js';

/** The sample survey with rules set on its group and school questions. */
function withRules(
  group?: 'editable' | 'locked' | 'never',
  school?: 'editable' | 'locked' | 'never',
): SurveyDefinition {
  const copy = structuredClone(sampleSurvey) as unknown as { sections: { questions: Record<string, unknown>[] }[] };
  for (const q of copy.sections.flatMap((s) => s.questions)) {
    if (q.id === 'group' && group) q.preset = group;
    if (q.id === 'school' && school) q.preset = school;
  }
  return copy as unknown as SurveyDefinition;
}

const question = (s: SurveyDefinition, id: string) =>
  s.sections.flatMap((x) => x.questions).find((q) => q.id === id) as Question;

describe('presets from a link or a kiosk', () => {
  it('takes only single-choice and lookup questions, with their own values', () => {
    expect(presettableQuestions(sampleSurvey).map((q) => q.id)).toEqual(['group', 'school']);
    expect(readPresets(sampleSurvey, new URLSearchParams('group=parent&school=s2'))).toEqual({
      group: 'parent',
      school: 's2',
    });
    expect(readPresets(sampleSurvey, { group: 'teacher' })).toEqual({ group: 'teacher' });
  });

  it('ignores values the survey does not offer, other questions, empty values and the app’s own parameters', () => {
    expect(
      readPresets(sampleSurvey, new URLSearchParams('group=admin&school=s9&channels=web&r=1&check=1&comment=hi')),
    ).toEqual({});
    expect(readPresets(sampleSurvey, new URLSearchParams('group=&school=s1'))).toEqual({ school: 's1' });
    // "other" is a choice the app adds, not one of the options: a link cannot preset it.
    expect(readPresets(sampleSurvey, { group: 'other' })).toEqual({});
  });

  it('follows the survey’s rule: editable by default, locked, or never', () => {
    expect(presetRule(question(sampleSurvey, 'group'))).toBe('editable');
    expect(presetRule(question(sampleSurvey, 'channels'))).toBe('never');
    const locked = withRules('locked', 'never');
    expect(readPresets(locked, { group: 'parent', school: 's1' })).toEqual({ group: 'parent' });
    expect(presetLocked(question(locked, 'group'), { group: 'parent' })).toBe(true);
    expect(presetLocked(question(locked, 'group'), {})).toBe(false);
    expect(presetLocked(question(sampleSurvey, 'group'), { group: 'parent' })).toBe(false);
  });

  it('the survey format accepts a preset rule on single and lookup questions only', () => {
    expect(validateSurvey(withRules('locked', 'editable')).ok).toBe(true);
    const bad = structuredClone(sampleSurvey) as unknown as { sections: { questions: Record<string, unknown>[] }[] };
    const channels = bad.sections[0]?.questions.find((q) => q.id === 'channels');
    if (channels) channels.preset = 'locked';
    const result = validateSurvey(bad);
    expect(result.ok).toBe(false);
    const wrongValue = withRules() as unknown as { sections: { questions: Record<string, unknown>[] }[] };
    const group = wrongValue.sections[0]?.questions[0];
    if (group) group.preset = 'sometimes';
    const second = validateSurvey(wrongValue);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(JSON.stringify(second.problems)).toContain('preset must be one of editable, locked, never');
  });

  it('builds a link with the presets as query parameters, Thai values encoded', () => {
    const link = surveyLink('https://office.example', 'stakeholder-satisfaction', {
      group: 'parent',
      school: 'โรงเรียนเพชรพิทยาคม',
    });
    const url = new URL(link);
    expect(url.pathname).toBe('/s/stakeholder-satisfaction');
    expect(url.searchParams.get('school')).toBe('โรงเรียนเพชรพิทยาคม');
    expect(link).not.toMatch(/[ก-๙]/);
    expect(readPresets(sampleSurvey, url.searchParams)).toEqual({ group: 'parent' });
  });
});
