/**
 * Placeholder of the condition builder (built on the editor-extras branch; the lead takes theirs
 * at merge): shows the condition as text with a button that removes it.
 */
import type { Condition, SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { describeCondition } from './edit-ops.js';

/** Edits a condition over questions that come before `before`. */
export function ConditionEditor(props: {
  survey: SurveyDefinition;
  before: string;
  value: Condition | undefined;
  onChange(next: Condition | undefined): void;
  lang: 'th' | 'en';
}) {
  const { t } = useT();
  if (!props.value) return <p class="muted">{t('admin.builder.noCondition')}</p>;
  return (
    <p>
      <code>{describeCondition(props.value)}</code>{' '}
      <button type="button" class="link-button" onClick={() => props.onChange(undefined)}>
        {t('admin.builder.removeCondition')}
      </button>
    </p>
  );
}
