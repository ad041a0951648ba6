/**
 * Placeholder of the live preview (built on the editor-extras branch with the respondent's own
 * screens): the section's title and question labels.
 */
import type { SurveyDefinition } from '../../../../core/survey.js';

/** Shows section `sectionIndex` of the survey as a respondent would see it. */
export function SurveyPreview(props: { survey: SurveyDefinition; lang: 'th' | 'en'; sectionIndex: number }) {
  const section = props.survey.sections[props.sectionIndex];
  if (!section) return null;
  return (
    <div class="builder-preview-placeholder" lang={props.lang}>
      <h2>{section.title[props.lang]}</h2>
      <ol>
        {section.questions.map((q) => (
          <li key={q.id}>{q.label[props.lang]}</li>
        ))}
      </ol>
    </div>
  );
}
