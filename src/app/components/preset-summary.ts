/** The presets of a link or a kiosk as a person reads them ("School: X", "Group: Y"). */
import { tr } from '../../core/answers.js';
import { presettableQuestions } from '../../core/presets.js';
import type { SurveyDefinition } from '../../core/survey.js';

/** "School: X · Group: Y", the presets as a person reads them. */
export function presetSummary(
  survey: SurveyDefinition,
  presets: Readonly<Record<string, string>>,
  lang: 'th' | 'en',
): { label: string; value: string }[] {
  return presettableQuestions(survey)
    .filter((q) => presets[q.id] !== undefined)
    .map((q) => {
      const v = presets[q.id] as string;
      let shown = v;
      if (q.type === 'single') {
        const option = q.options.find((o) => o.value === v);
        if (option) shown = tr(option.label, lang);
      } else if (q.type === 'lookup') {
        const item = survey.lists?.[q.list]?.find((i) => i.value === v);
        if (item) shown = tr(item.label, lang);
      }
      return { label: tr(q.label, lang), value: shown };
    });
}
