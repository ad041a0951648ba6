/** All answers at a glance before submitting, each section with a way back to change it. */
import { useState } from 'preact/hooks';
import { checkResponse, tr, visibleQuestions, visibleSections } from '../../core/answers.js';
import { findQuestion } from '../../core/survey.js';
import { answerText } from '../answer-text.js';
import { useT } from '../hooks.js';
import type { SurveySession } from '../use-survey-session.js';
import { addLaterStrings } from '../later-strings.js';

addLaterStrings();

/** The review screen; `onFix` opens the first section that needs attention. */
export function ReviewStep(props: {
  session: SurveySession;
  onEdit: (sectionId: string) => void;
  onFix: (sectionId: string) => void;
  onSubmitted: (responseId: string) => void;
}) {
  const { session } = props;
  const { t, lang } = useT();
  const [busy, setBusy] = useState(false);
  const survey = session.survey;
  if (!survey) return null;
  const sections = visibleSections(survey, session.answers);

  const submit = async () => {
    const problems = checkResponse(survey, session.answers);
    const first = problems[0];
    if (first) {
      const section = sections.find((s) => s.questions.some((q) => q.id === first.question.replace(/\.other$/, '')));
      if (section && findQuestion(survey, section.questions[0]?.id ?? '')) return props.onFix(section.id);
    }
    setBusy(true);
    try {
      const done = await session.complete();
      if (done) props.onSubmitted(done.id);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="review-title">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="review-title">{t('review.title')}</h1>
      <p class="lead">{t('review.intro')}</p>
      {sections.map((section) => (
        <section class="review-section" key={section.id} aria-labelledby={`review-${section.id}`}>
          <div class="review-head">
            <h2 id={`review-${section.id}`}>{tr(section.title, lang)}</h2>
            <button type="button" class="button button-secondary button-small" onClick={() => props.onEdit(section.id)}>
              {t('review.edit')}
              <span class="visually-hidden">: {tr(section.title, lang)}</span>
            </button>
          </div>
          <dl>
            {visibleQuestions(survey, section, session.answers).map((q) => (
              <div class="review-item" key={q.id}>
                <dt>{tr(q.label, lang)}</dt>
                <dd>{answerText(survey, q, session.answers, lang, t)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <div class="nav-buttons">
        <button type="button" class="button button-secondary" onClick={() => props.onEdit(sections.at(-1)?.id ?? '')}>
          {t('common.back')}
        </button>
        <button type="button" class="button" onClick={() => void submit()} disabled={busy}>
          {busy ? t('review.submitting') : t('review.submit')}
        </button>
      </div>
    </section>
  );
}
