/** A question filled in advance by a link or a kiosk that the survey does not let the person change. */
import { tr } from '../../core/answers.js';
import type { AnswerValue } from '../../core/answers.js';
import type { Question, SurveyDefinition } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { presetText } from '../components/preset-summary.js';
import { fieldId } from './field-props.js';

/** The question and its fixed answer, as text. */
export function PresetField({
  survey,
  question,
  value,
}: {
  survey: SurveyDefinition;
  question: Question;
  value: AnswerValue | undefined;
}) {
  const { t, lang } = useT();
  const shown = presetText(survey, question, value, lang);
  return (
    <div class="field preset-fixed" id={fieldId(question.id)}>
      <p class="field-label">{tr(question.label, lang)}</p>
      <p>
        <strong>{shown}</strong>
      </p>
      <p class="field-hint">{t('presets.fixed')}</p>
    </div>
  );
}
