/** All answers at a glance before submitting, each section with a way back to change it. */
import { useRef, useState } from 'preact/hooks';
import { type AnswerError, tr, visibleQuestions, visibleSections } from '../../core/answers.js';
import { completeAnswers } from '../../core/completion.js';
import { newReceiptCode } from '../../core/receipt.js';
import { findQuestion } from '../../core/survey.js';
import { answerText } from '../answer-text.js';
import { useT } from '../hooks.js';
import type { SurveySession } from '../use-survey-session.js';
import { addLaterStrings } from '../later-strings.js';

addLaterStrings();

/** The review screen; `onFix` opens a section that needs attention, with its messages shown. */
export function ReviewStep(props: {
  session: SurveySession;
  onEdit: (sectionId: string) => void;
  onFix: (sectionId: string) => void;
  onSubmitted: (responseId: string) => void;
}) {
  const { session } = props;
  const { t, lang } = useT();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<readonly AnswerError[]>([]);
  const alert = useRef<HTMLDivElement>(null);
  const survey = session.survey;
  if (!survey) return null;
  const sections = visibleSections(survey, session.answers);
  /** Each problem with its question and the section where that question is shown, if any. */
  const placed = problems.map((problem) => {
    const id = problem.question.replace(/\.other$/, '');
    const section = sections.find((s) => visibleQuestions(survey, s, session.answers).some((q) => q.id === id));
    return { problem, section, question: findQuestion(survey, id) };
  });

  const submit = async () => {
    // The same rule as the device's completion and the server's check: answers to questions that
    // are not shown do not count, so they never stop a submit.
    const found = completeAnswers(survey, session.answers).problems;
    setProblems(found);
    if (found.length) {
      // Said on this page, with the way to each place; never a silent jump.
      setTimeout(() => alert.current?.focus());
      return;
    }
    setBusy(true);
    try {
      // A complaint gets its receipt number now, on the device: shown at once, even offline.
      const done = await session.complete(survey.kind === 'complaint' ? newReceiptCode() : undefined);
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
      {problems.length > 0 && (
        <div
          class="banner banner-error review-problems"
          role="alert"
          tabIndex={-1}
          ref={alert}
          data-testid="review-problems"
        >
          <h2>{t('review.cannotSend')}</h2>
          <p>{t('review.cannotSendIntro')}</p>
          <ul>
            {sections.map((section) => {
              const here = placed.filter((p) => p.section === section);
              if (!here.length) return null;
              const where = tr(section.title, lang);
              return (
                <li key={section.id}>
                  <p>
                    <strong>{t('review.problemSection', { section: where })}</strong>
                  </p>
                  {here.map(({ problem, question }) => (
                    <p key={problem.question}>
                      {t('review.problemAt', {
                        question: question ? tr(question.label, lang) : problem.question,
                        problem: t(`errors.${problem.code}`, problem.params ?? {}),
                      })}
                    </p>
                  ))}
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    onClick={() => props.onFix(section.id)}
                  >
                    {t('review.goTo', { section: where })}
                  </button>
                </li>
              );
            })}
            {placed
              .filter((p) => !p.section)
              .map(({ problem }) => (
                <li key={problem.question}>{t('review.unknownAnswer', { question: problem.question })}</li>
              ))}
          </ul>
        </div>
      )}
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
