/**
 * The ratings of a response as a narrow array beside its answers (column
 * `responses.rating_values smallint[]`), written with the response and read by the results scan,
 * which would otherwise parse every answer document again for every request. Slot i holds the
 * answer to the i-th rating slot of the response's own survey version: each rating question that
 * is not personal, in the definition's order, one slot for a `rating` and two (expectation, then
 * satisfaction) for a `rating-pair`; a slot is null where the question was not answered. This
 * layout is part of the storage format: migration 4 fills old rows with the same rule in SQL, so
 * changing it needs a new migration.
 */
import { type AnswerValue, answerOf } from '../../core/answers.js';
import type { SurveyDefinition } from '../../core/survey.js';

/** The part of a rating question a slot holds. */
export type RatingPart = 'value' | 'expectation' | 'satisfaction';

/** One slot of a version's layout. */
export interface RatingSlot {
  question: string;
  part: RatingPart;
}

// A definition object is never changed once published; its slots are worked out once.
const known = new WeakMap<SurveyDefinition, RatingSlot[]>();

/** The slots of a survey version, in order (slot 1 in SQL is the first). */
export function ratingSlots(survey: SurveyDefinition): RatingSlot[] {
  const cached = known.get(survey);
  if (cached) return cached;
  const slots: RatingSlot[] = [];
  for (const q of survey.sections.flatMap((s) => s.questions)) {
    if (q.personal) continue;
    if (q.type === 'rating') slots.push({ question: q.id, part: 'value' });
    else if (q.type === 'rating-pair') {
      slots.push({ question: q.id, part: 'expectation' }, { question: q.id, part: 'satisfaction' });
    }
  }
  known.set(survey, slots);
  return slots;
}

const level = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5 ? v : null;

/** The `rating_values` of a response to `survey` (its own version): a whole 1–5 per slot, or null. */
export function ratingValues(
  survey: SurveyDefinition,
  answers: Readonly<Record<string, AnswerValue>>,
): (number | null)[] {
  return ratingSlots(survey).map(({ question, part }) => {
    const answer = answerOf(answers, question);
    if (part === 'value') return level(answer);
    return answer !== null && typeof answer === 'object' && !Array.isArray(answer)
      ? level((answer as Record<string, unknown>)[part])
      : null;
  });
}

/**
 * Rating values as PostgreSQL's array text (`{4,3,NULL}`): inside a JSON batch this costs the
 * insert a fraction of what a JSON array of numbers does.
 */
export function ratingValuesText(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}
