/**
 * A phone-sized live preview of the survey being built, drawn by the respondent's own section
 * screen and question controls. Answers typed here live in this component's state only: no
 * draft is opened, nothing is written to the device or sent. Only the chosen section renders,
 * so a keystroke in a 200-question survey redraws one screen.
 */
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type AnswerValue, checkAnswer, visibleSections } from '../../../../core/answers.js';
import { findQuestion, type Lang, type Question, type SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { ensureLoaded, i18next } from '../../../i18n.js';
import { addLaterStrings } from '../../../later-strings.js';
import { SectionStep } from '../../../screens/SectionStep.js';
import type { SurveySession } from '../../../use-survey-session.js';
import './builder-extras.css';

const K = 'admin.builder.preview.';
const nothing = async () => undefined;

/** Keys of a question that are only its wording: the section screen reads them from the question. */
const WORDING = new Set(['label', 'hint']);

/** True when `next` differs from `q` only in its wording (label, hint, the options' labels). */
function wordingOnly(q: Question, next: Question): boolean {
  if (q === next) return true;
  const keys = Object.keys(next);
  if (keys.length !== Object.keys(q).length) return false;
  const a = q as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  return keys.every((key) => {
    if (WORDING.has(key) || a[key] === b[key]) return true;
    if (key !== 'options' || !('options' in q) || !('options' in next)) return false;
    return q.options.length === next.options.length && q.options.every((o, i) => o.value === next.options[i]?.value);
  });
}

/**
 * True when `next` differs from `survey` only in the wording of sections and questions. The
 * respondent's section screen takes the section and its questions as props, and reads the
 * survey only for what wording does not change (conditions, question types, lists, rating
 * labels), so the survey it is given may then stay the same object: each question's field then
 * redraws only when its own question changed (SectionQuestion skips the rest), and a keystroke
 * in a 20-question section redraws one field, not twenty.
 */
function wordingOnlyChange(survey: SurveyDefinition, next: SurveyDefinition): boolean {
  if (survey === next) return true;
  const keys = Object.keys(next) as (keyof SurveyDefinition)[];
  if (keys.length !== Object.keys(survey).length) return false;
  if (
    !keys.every((key) => key === 'sections' || key === 'title' || key === 'description' || survey[key] === next[key])
  ) {
    return false;
  }
  if (survey.sections.length !== next.sections.length) return false;
  return next.sections.every((section, i) => {
    const was = survey.sections[i];
    if (was === section) return true;
    return (
      was !== undefined &&
      was.id === section.id &&
      was.showIf === section.showIf &&
      was.questions.length === section.questions.length &&
      section.questions.every((q, j) => {
        const before = was.questions[j];
        return before !== undefined && wordingOnly(before, q);
      })
    );
  });
}

/** The respondent's view of one section, with a section picker and its own Thai/English switch. */
export function SurveyPreview(props: { survey: SurveyDefinition; lang: Lang; sectionIndex?: number }) {
  const { t } = useT();
  const { survey } = props;
  // The survey the section screen is given: the same object while only wording changes (above).
  const structure = useRef(survey);
  if (!wordingOnlyChange(structure.current, survey)) structure.current = survey;
  const screenSurvey = structure.current;
  const [lang, setLang] = useState<Lang>(props.lang);
  const [ready, setReady] = useState<Lang | undefined>(undefined);
  const [index, setIndex] = useState(props.sectionIndex ?? 0);
  // Moving inside the preview (next, back, the picker) opens the section afresh, as on a phone;
  // the builder pointing at another section only changes what is shown.
  const [visit, setVisit] = useState(0);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const box = useRef<HTMLDivElement>(null);
  // The section screen focuses its heading when it opens. On a phone that is right; in the
  // builder it must not take the focus from the field being edited when the preview first shows.
  const focusBefore = useRef<Element | null | undefined>(undefined);
  useEffect(() => setLang(props.lang), [props.lang]);
  useEffect(() => {
    if (props.sectionIndex !== undefined) setIndex(props.sectionIndex);
  }, [props.sectionIndex]);
  useEffect(() => {
    let live = true;
    addLaterStrings();
    void ensureLoaded(lang).then(() => live && setReady(lang));
    return () => {
      live = false;
    };
  }, [lang]);
  const strings = useMemo(
    () => (ready === lang ? { t: i18next.getFixedT(lang) as TFunction, lang } : undefined),
    [ready, lang],
  );
  const opened = strings !== undefined;
  // Where the focus is as the section screen first renders (before its effect moves it).
  if (opened && visit === 0 && focusBefore.current === undefined && typeof document !== 'undefined') {
    focusBefore.current = document.activeElement;
  }
  useEffect(() => {
    const before = focusBefore.current;
    const now = document.activeElement;
    if (visit !== 0 || !opened || !(now instanceof HTMLElement) || !box.current?.contains(now)) return;
    if (before instanceof HTMLElement && before !== document.body && before.isConnected) {
      before.focus({ preventScroll: true });
    } else now.blur();
  }, [opened, visit]);
  const setAnswer = useCallback((key: string, value: AnswerValue | undefined) => {
    setAnswers((previous) => {
      const next = { ...previous };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
  }, []);
  // A question re-typed in the builder (single → multiple, say) drops its preview answer, so a
  // control never gets a value of another type.
  const fitting = useMemo(() => {
    const kept: Record<string, AnswerValue> = {};
    for (const [key, value] of Object.entries(answers)) {
      const q = findQuestion(survey, key.endsWith('.other') ? key.slice(0, -'.other'.length) : key);
      if (q && (key !== q.id || checkAnswer(survey, q, { [key]: value })?.code !== 'wrong_type')) kept[key] = value;
    }
    return kept;
  }, [survey, answers]);
  const session = useMemo<SurveySession>(
    () => ({
      load: 'ready',
      survey: screenSurvey,
      draft: undefined,
      answers: fitting,
      storageError: undefined,
      unsaved: 0,
      // A preview is never training: nothing of it is stored or sent.
      training: false,
      setAnswer,
      retrySaving: nothing,
      start: nothing,
      abandon: nothing,
      moveTo: nothing,
      complete: nothing,
      completing: false,
    }),
    [screenSurvey, fitting, setAnswer],
  );
  const count = survey.sections.length;
  const at = Math.min(Math.max(0, index), Math.max(0, count - 1));
  const section = survey.sections[at];
  const shown = useMemo(() => visibleSections(survey, fitting), [survey, fitting]);
  const hidden = section !== undefined && !shown.includes(section);
  const [ended, setEnded] = useState(false);
  const go = (to: number) => {
    setEnded(false);
    setIndex(to);
    setVisit((v) => v + 1);
  };
  const step = (direction: 1 | -1) => {
    const now = visibleSections(survey, fitting);
    const from = section ? now.indexOf(section) : -1;
    const target = now[from + direction];
    if (target) go(survey.sections.indexOf(target));
    else if (direction === 1) setEnded(true);
  };

  return (
    <section class="survey-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t(`${K}title`)}</h2>
      <div class="preview-tools">
        <label>
          {t(`${K}section`)}
          <select value={String(at)} onChange={(e) => go(Number(e.currentTarget.value))}>
            {survey.sections.map((s, i) => (
              <option key={s.id} value={String(i)}>
                {i + 1}. {s.title[lang] || s.title.th}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="preview-lang">
          <legend>{t(`${K}language`)}</legend>
          {(['th', 'en'] as const).map((l) => (
            <label key={l}>
              <input type="radio" name="preview-lang" checked={lang === l} onChange={() => setLang(l)} />{' '}
              {l === 'th' ? 'ไทย' : 'English'}
            </label>
          ))}
        </fieldset>
        <button type="button" class="link-button" onClick={() => setAnswers({})}>
          {t(`${K}reset`)}
        </button>
      </div>
      <p class="muted">{t(`${K}note`)}</p>
      {hidden && <p class="banner banner-info">{t(`${K}hidden`)}</p>}
      <div class="preview-phone" ref={box} lang={lang} data-testid="survey-preview">
        {!section ? (
          <p>{t(`${K}noSections`)}</p>
        ) : ended ? (
          <p class="banner banner-info">{t(`${K}end`)}</p>
        ) : !strings ? (
          <p aria-busy="true">{t('common.loading')}</p>
        ) : (
          <>
            {section.questions.length === 0 && <p class="muted">{t(`${K}empty`)}</p>}
            <SectionStep
              key={visit}
              session={session}
              section={section}
              check={false}
              strings={strings}
              onBack={() => step(-1)}
              onNext={() => step(1)}
            />
          </>
        )}
      </div>
    </section>
  );
}
