/** An answer written out for the review screen, in the person's language. */
import type { TFunction } from 'i18next';
import { type Answers, isAnswered, type RatingPairAnswer, tr } from '../core/answers.js';
import { formatDate, formatNumber } from '../core/format.js';
import { type Lang, OTHER, otherKey, type Question, RATING_LEVELS, type SurveyDefinition } from '../core/survey.js';
import { addLaterStrings } from './later-strings.js';

addLaterStrings();

function levelText(survey: SurveyDefinition, q: Question, level: number | undefined, lang: Lang, t: TFunction): string {
  if (level === undefined) return t('review.notAnswered');
  const labels = ('labels' in q ? q.labels : undefined) ?? survey.ratingLabels;
  const label = labels?.[RATING_LEVELS.indexOf(level as 5)];
  return `${level} – ${label ? tr(label, lang) : t(`rating.level${level}`)}`;
}

/** The answer to `q` as text, or "not answered". */
export function answerText(survey: SurveyDefinition, q: Question, answers: Answers, lang: Lang, t: TFunction): string {
  const value = answers[q.id];
  if (!isAnswered(value)) return t('review.notAnswered');
  const optionText = (v: string) => {
    if (v === OTHER) {
      const other = answers[otherKey(q.id)];
      return `${t('question.other')}: ${typeof other === 'string' ? other : ''}`;
    }
    const option = 'options' in q ? q.options.find((o) => o.value === v) : undefined;
    return option ? tr(option.label, lang) : v;
  };
  switch (q.type) {
    case 'single':
      return optionText(String(value));
    case 'multiple':
      return (value as readonly string[]).map(optionText).join(', ');
    case 'lookup': {
      const item = survey.lists?.[q.list]?.find((i) => i.value === value);
      return item ? tr(item.label, lang) : String(value);
    }
    case 'rating':
      return levelText(survey, q, value as number, lang, t);
    case 'rating-pair': {
      const pair = value as RatingPairAnswer;
      return `${t('rating.expectation')}: ${levelText(survey, q, pair.expectation, lang, t)}; ${t('rating.satisfaction')}: ${levelText(survey, q, pair.satisfaction, lang, t)}`;
    }
    case 'number':
      return formatNumber(value as number, lang, 6);
    case 'date':
      return formatDate(value as string, lang);
    case 'text':
    case 'long-text':
      return String(value);
  }
}
