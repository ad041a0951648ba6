/**
 * Answers filled in advance by a survey link (`/s/<survey>?school=…&group=…`) or by a kiosk the
 * officer locked to a school. Only single-choice and lookup questions whose rule allows it take a
 * preset, and only with one of their own values: anything else in a link is ignored, so a link
 * can never put an answer the survey does not offer into a response.
 */
import type { PresetRule, Question, SurveyDefinition } from './survey.js';

/** Preset answers by question id. */
export type Presets = Readonly<Record<string, string>>;

/** Query parameters that are the app's own, never a question. */
const RESERVED = new Set(['r', 'check']);

/** The rule of a question: `never` for types that cannot be preset. */
export function presetRule(question: Question): PresetRule {
  if (question.type !== 'single' && question.type !== 'lookup') return 'never';
  return question.preset ?? 'editable';
}

/** The questions of a survey that may be preset, in survey order. */
export function presettableQuestions(survey: SurveyDefinition): Question[] {
  return survey.sections.flatMap((s) => s.questions).filter((q) => presetRule(q) !== 'never');
}

/** Whether `value` is one of the question's own values. */
function offers(survey: SurveyDefinition, question: Question, value: string): boolean {
  if (question.type === 'single') return question.options.some((o) => o.value === value);
  if (question.type === 'lookup') return (survey.lists?.[question.list] ?? []).some((item) => item.value === value);
  return false;
}

/** The valid presets among `params` (a link's query, or the kiosk's settings). */
export function readPresets(
  survey: SurveyDefinition,
  params: URLSearchParams | Readonly<Record<string, string>>,
): Presets {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const out: Record<string, string> = {};
  for (const question of presettableQuestions(survey)) {
    if (RESERVED.has(question.id)) continue;
    const value = entries.find(([key]) => key === question.id)?.[1];
    if (value !== undefined && value !== '' && offers(survey, question, value)) out[question.id] = value;
  }
  return out;
}

/** Whether the person may change a preset answer. */
export function presetLocked(question: Question, presets: Presets | undefined): boolean {
  return presets?.[question.id] !== undefined && presetRule(question) === 'locked';
}

/** The link to a survey with presets, on `origin` (`https://office.example`). */
export function surveyLink(origin: string, surveyId: string, presets: Presets): string {
  const url = new URL(`/s/${encodeURIComponent(surveyId)}`, origin);
  for (const [key, value] of Object.entries(presets)) url.searchParams.set(key, value);
  return url.toString();
}
