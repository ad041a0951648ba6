/** The five-level rating and the paired expectation + satisfaction rating. */
import type { TFunction } from 'i18next';
import { type RatingPairAnswer, tr } from '../../core/answers.js';
import {
  type Lang,
  type LocalizedText,
  RATING_LEVELS,
  type RatingPairQuestion,
  type RatingQuestion,
  type SurveyDefinition,
} from '../../core/survey.js';
import { describedBy, type FieldProps } from './field-props.js';
import { Fieldset } from './FieldFrame.js';

function levelLabels(survey: SurveyDefinition, question: RatingQuestion | RatingPairQuestion, t: TFunction) {
  const labels: readonly LocalizedText[] | undefined = question.labels ?? survey.ratingLabels;
  return RATING_LEVELS.map((level, i) => {
    const own = labels?.[i];
    const word = t(`rating.level${level}`);
    return { level, label: own ?? { th: word, en: word } };
  });
}

/** A row of five levels, 5 (highest) first, as radio buttons. */
function Scale(props: {
  name: string;
  value: number | undefined;
  levels: { level: number; label: LocalizedText }[];
  lang: Lang;
  labelledBy?: string;
  describedBy?: string | undefined;
  onChoose: (level: number) => void;
}) {
  return (
    <div class="scale" role="radiogroup" aria-labelledby={props.labelledBy} aria-describedby={props.describedBy}>
      {props.levels.map(({ level, label }) => (
        <label class="scale-level" key={level}>
          <input
            type="radio"
            name={props.name}
            value={level}
            checked={props.value === level}
            onChange={() => props.onChoose(level)}
          />
          <span class="scale-number">{level}</span>
          <span class="visually-hidden"> – </span>
          <span class="scale-label">{tr(label, props.lang)}</span>
        </label>
      ))}
    </div>
  );
}

/** One five-level rating. */
export function RatingField(props: FieldProps<RatingQuestion>) {
  const { survey, question, answers, onAnswer, lang, t, error } = props;
  const value = answers[question.id];
  return (
    <Fieldset question={question} error={error} lang={lang} t={t} describedBy={describedBy(question, error)}>
      <Scale
        name={question.id}
        value={typeof value === 'number' ? value : undefined}
        levels={levelLabels(survey, question, t)}
        lang={lang}
        onChoose={(level) => onAnswer(question.id, level)}
      />
    </Fieldset>
  );
}

/** The same item rated for expectation, then for satisfaction. */
export function RatingPairField(props: FieldProps<RatingPairQuestion>) {
  const { survey, question, answers, onAnswer, lang, t, error } = props;
  const raw = answers[question.id];
  const pair: RatingPairAnswer = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as RatingPairAnswer) : {};
  const levels = levelLabels(survey, question, t);
  const set = (part: keyof RatingPairAnswer, level: number) => onAnswer(question.id, { ...pair, [part]: level });
  const eId = `q-${question.id}-expectation`;
  const sId = `q-${question.id}-satisfaction`;
  return (
    <Fieldset
      question={question}
      error={error}
      lang={lang}
      t={t}
      describedBy={describedBy(question, error)}
      class="pair"
    >
      <p class="pair-part" id={eId}>
        {t('rating.expectation')}
      </p>
      <Scale
        name={`${question.id}-expectation`}
        value={pair.expectation}
        levels={levels}
        lang={lang}
        labelledBy={eId}
        onChoose={(l) => set('expectation', l)}
      />
      <p class="pair-part" id={sId}>
        {t('rating.satisfaction')}
      </p>
      <Scale
        name={`${question.id}-satisfaction`}
        value={pair.satisfaction}
        levels={levels}
        lang={lang}
        labelledBy={sId}
        onChoose={(l) => set('satisfaction', l)}
      />
    </Fieldset>
  );
}
