/** The presets of a link or a kiosk as a person reads them ("School: X", "Group: Y"). */
import { tr } from '../../core/answers.js';
import { presettableQuestions } from '../../core/presets.js';
import type { Lang, Question, SurveyDefinition } from '../../core/survey.js';

/** A preset value as a person reads it: the option's or the list entry's label, else the value. */
export function presetText(survey: SurveyDefinition, question: Question, value: unknown, lang: Lang): string {
  if (question.type === 'single') {
    const option = question.options.find((o) => o.value === value);
    if (option) return tr(option.label, lang);
  } else if (question.type === 'lookup') {
    const item = survey.lists?.[question.list]?.find((i) => i.value === value);
    if (item) return tr(item.label, lang);
  }
  return typeof value === 'string' ? value : '';
}

/** "School: X · Group: Y", the presets as a person reads them. */
export function presetSummary(
  survey: SurveyDefinition,
  presets: Readonly<Record<string, string>>,
  lang: Lang,
): { label: string; value: string }[] {
  return presettableQuestions(survey)
    .filter((q) => presets[q.id] !== undefined)
    .map((q) => ({ label: tr(q.label, lang), value: presetText(survey, q, presets[q.id], lang) }));
}
