/**
 * The complaint form as a sender fills it on the app (test/e2e/complaint-*.e2e.ts and the office
 * cycle): from the survey list, its questions answered in Thai, sent from the review; the
 * complaint's own thank-you then shows.
 */
import type { Page } from 'playwright-core';
import thLater from '../../locales/th/later.json';
import complaintJson from '../../src/content/surveys/complaint.json';
import type { Question, SurveyDefinition } from '../../src/core/survey.js';
import { answerQuestion, expectScreen, startSurvey, tr } from './respondent.js';

/** The shipped complaint form. */
export const complaint = complaintJson as unknown as SurveyDefinition;

/** One of the complaint form's questions. */
export function complaintQuestion(id: string): Question {
  const q = complaint.sections.flatMap((s) => s.questions).find((x) => x.id === id);
  if (!q) throw new Error(`complaint has no question ${id}`);
  return q;
}

/**
 * From the survey list, in Thai: the complaint form with the `category`-th category, a topic and
 * a description, and no reply wanted (so no contact section); sent from the review. Resolves when
 * the complaint's own thank-you shows (also offline).
 */
export async function sendComplaint(
  page: Page,
  text: { topic: string; description: string },
  category = 1,
): Promise<void> {
  const t = tr('th');
  await startSurvey(page, complaint, 'th');
  await answerQuestion(page, complaint, complaintQuestion('category'), 'th', category);
  for (const id of ['topic', 'description'] as const) {
    const name = `${complaintQuestion(id).label.th} ${t('question.required')}`;
    await page.getByRole('textbox', { name, exact: true }).fill(text[id]);
  }
  await answerQuestion(page, complaint, complaintQuestion('wants_reply'), 'th', 1); // "no"
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await expectScreen(page, t('review.title'));
  await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
  await expectScreen(page, thLater.complaintThanks.title);
}
