/** How the records screens name a response's school, group, source and status. */
import type { TFunction } from 'i18next';
import { tr } from '../../../core/answers.js';
import { type RecordItem, statusOf, TRAINING_REASON } from '../../../core/records.js';
import type { Lang, SurveyDefinition } from '../../../core/survey.js';

/** The labels of the survey's school and group answers. */
export function answerLabels(survey: SurveyDefinition | undefined) {
  const questions = survey?.sections.flatMap((s) => s.questions) ?? [];
  const group = questions.find((q) => q.id === 'group');
  const school = questions.find((q) => q.id === 'school');
  const groups = group && 'options' in group ? group.options : [];
  const schools =
    school?.type === 'lookup' && survey?.lists && Object.hasOwn(survey.lists, school.list)
      ? (survey.lists[school.list] ?? [])
      : [];
  return { groups, schools };
}

/** A value's label among options, or the value itself. */
export function labelOf(
  items: readonly { value: string; label: Record<Lang, string> }[],
  value: string | null,
  lang: Lang,
): string {
  if (value === null) return '–';
  const found = items.find((i) => i.value === value);
  return found ? tr(found.label, lang) : value;
}

/** The status of a record in words, with the reason of an exclusion. */
export function statusText(item: RecordItem, t: TFunction): string {
  return t(`admin.records.status.${statusOf(item)}`);
}

/** The source of a record in words. */
export function sourceText(item: RecordItem, t: TFunction): string {
  return t(`admin.records.source.${item.source ?? 'unknown'}`);
}

/** A reason as staff read it: the one training mode gives is worded, others are shown as typed. */
export function reasonText(reason: string, t: TFunction): string {
  return reason === TRAINING_REASON ? t('admin.records.trainingReason') : reason;
}
