/** One section of a survey on one screen: progress, questions, messages, back and next. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { checkSection, tr, visibleQuestions, visibleSections } from '../../core/answers.js';
import { presetLocked } from '../../core/presets.js';
import type { Section } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { PresetField } from '../questions/PresetField.js';
import { SectionQuestion } from '../questions/QuestionField.js';
import { fieldId } from '../questions/field-props.js';
import type { SurveySession } from '../use-survey-session.js';

/** A section screen, keyed by section. `check` shows messages at once (coming back from review). */
export function SectionStep(props: {
  session: SurveySession;
  section: Section;
  check: boolean;
  onBack: () => void;
  onNext: () => void;
  /** On a kiosk: the person stops and hands the tablet back; the response is set aside. */
  onStop?: (() => void) | undefined;
  /** Strings in another language than the app's (the survey builder's preview). */
  strings?: ReturnType<typeof useT>;
}) {
  const { session, section } = props;
  const own = useT();
  const { t, lang } = props.strings ?? own;
  const survey = session.survey;
  const [showErrors, setShowErrors] = useState(props.check);
  const [summary, setSummary] = useState('');
  const [stopping, setStopping] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Each section mounts afresh (keyed by the parent), so its state starts clean; only focus here.
  useEffect(() => {
    heading.current?.focus();
  }, []);
  if (!survey) return null;
  const sections = visibleSections(survey, session.answers);
  const index = Math.max(
    0,
    sections.findIndex((s) => s.id === section.id),
  );
  // Pages are counted over every section that can be shown, so the count does not change when
  // an answer shows or hides one (a section that stays hidden is skipped over at the end).
  const pages = Math.max(survey.sections.length, sections.length);
  const questions = visibleQuestions(survey, section, session.answers);
  const errors = showErrors ? checkSection(survey, section, session.answers) : [];
  const errorOf = (id: string) => errors.find((e) => e.question === id);

  const next = (event: Event) => {
    event.preventDefault();
    const problems = checkSection(survey, section, session.answers);
    if (problems.length) {
      setShowErrors(true);
      setSummary(t('survey.fixCount', { count: problems.length }));
      const first = problems[0];
      if (first) {
        setTimeout(() => {
          const box = document.getElementById(fieldId(first.question));
          box?.scrollIntoView({ block: 'center' });
          (box?.querySelector('input, textarea, select') as HTMLElement | null)?.focus();
        });
      }
      return;
    }
    props.onNext();
  };

  return (
    <section aria-labelledby="section-title">
      <div class="progress">
        <p class="eyebrow">
          {tr(survey.title, lang)} · <span class="w">{t('survey.progress', { current: index + 1, total: pages })}</span>
        </p>
        <progress
          value={index + 1}
          max={pages + 1}
          aria-label={t('survey.progressLabel', { current: index + 1, total: pages })}
        />
      </div>
      <h1 id="section-title" tabIndex={-1} ref={heading}>
        {tr(section.title, lang)}
      </h1>
      {section.description && <p class="lead">{tr(section.description, lang)}</p>}
      {questions.some((q) => q.required) && <p class="muted">{t('survey.requiredNote')}</p>}
      <form onSubmit={next} noValidate>
        {questions.map((q) =>
          presetLocked(q, session.draft?.presets) ? (
            <PresetField key={q.id} survey={survey} question={q} value={session.answers[q.id]} />
          ) : (
            <SectionQuestion
              key={q.id}
              survey={survey}
              question={q}
              answers={session.answers}
              error={errorOf(q.id)}
              lang={lang}
              t={t}
              onAnswer={session.setAnswer}
            />
          ),
        )}
        <p class="form-summary" role="alert">
          {errors.length ? summary || t('survey.fixCount', { count: errors.length }) : ''}
        </p>
        <div class="nav-buttons">
          <button type="button" class="button button-secondary" onClick={props.onBack}>
            {t('common.back')}
          </button>
          <button type="submit" class="button">
            {t('common.next')}
          </button>
        </div>
      </form>
      {props.onStop &&
        (stopping ? (
          <div class="banner banner-info" role="alert">
            <p>{t('kiosk.stopConfirm')}</p>
            <div class="nav-buttons">
              <button type="button" class="button button-secondary" onClick={() => setStopping(false)}>
                {t('kiosk.stopCancel')}
              </button>
              <button type="button" class="button" onClick={props.onStop}>
                {t('kiosk.stop')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" class="link-button kiosk-stop" onClick={() => setStopping(true)}>
            {t('kiosk.stop')}
          </button>
        ))}
    </section>
  );
}
