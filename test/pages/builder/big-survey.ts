/** A survey of `count` questions, built from the shipped stakeholder survey's items, for the editor's benchmark. */
import type { Question, SurveyDefinition } from '../../../src/core/survey.js';

/** The stakeholder survey grown to `count` questions in sections of 20. */
export function bigSurvey(base: SurveyDefinition, count = 200): SurveyDefinition {
  const items = base.sections.flatMap((s) => s.questions);
  const sections: SurveyDefinition['sections'][number][] = [];
  for (let n = 0; n < count; n++) {
    const s = Math.floor(n / 20);
    const source = items[n % items.length] as Question;
    const question: Question = { ...source, id: `${source.id}_${n}` };
    // Conditions name the copies of their own section's questions only when those exist: drop them.
    delete (question as { showIf?: unknown }).showIf;
    const section = sections[s];
    if (section) sections[s] = { ...section, questions: [...section.questions, question] };
    else
      sections.push({
        id: `part-${s + 1}`,
        title: { th: `ส่วนที่ ${s + 1}`, en: `Part ${s + 1}` },
        questions: [question],
      });
  }
  return { ...base, id: `${base.id}-big`, sections };
}
