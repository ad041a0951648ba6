/**
 * Where a new survey starts: a blank skeleton that passes the validator, or a copy of another
 * survey under a new id (version 1). Ids follow `SURVEY_ID`; a copy's id is suggested from the
 * Thai fiscal year it is for ("stakeholder-satisfaction-2570").
 */
import { localIsoDay } from '../../../core/answers.js';
import { fiscalYearOf } from '../../../core/results.js';
import { SURVEY_ID, type SurveyDefinition } from '../../../core/survey.js';
import { defaultPrivacy } from '../../../core/xlsform-shared.js';

/** The office's time zone: a window's days begin and end in it, and staff read times in it. */
export const OFFICE_ZONE = 'Asia/Bangkok';

/** The fiscal year (BE) a survey made today is usually for: the current one. */
export function currentFiscalYear(today: string = localIsoDay(new Date(), OFFICE_ZONE)): number {
  return fiscalYearOf(today);
}

/** Why an id cannot be used, as a key of admin.surveys.idProblem, or undefined when it can. */
export function idProblem(id: string, taken: ReadonlySet<string>): 'format' | 'taken' | undefined {
  if (!SURVEY_ID.test(id)) return 'format';
  if (taken.has(id)) return 'taken';
  return undefined;
}

/**
 * A free id for a copy of `from`: its name without a year, then the fiscal year, then the next
 * years, then a number ("-2570", "-2571", …, "-2570-2").
 */
export function suggestId(from: string, taken: ReadonlySet<string>, fiscalYear: number = currentFiscalYear()): string {
  const stem = from.replace(/-(25\d\d)(-\d+)?$/, '').slice(0, 50) || 'survey';
  for (let year = fiscalYear; year < fiscalYear + 5; year++) {
    const id = `${stem}-${year}`;
    if (!taken.has(id)) return id;
  }
  for (let n = 2; ; n++) {
    const id = `${stem}-${fiscalYear}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A copy of a survey under a new id, as its version 1. */
export function duplicateSurvey(source: SurveyDefinition, id: string): SurveyDefinition {
  return { ...structuredClone(source), id, version: 1 };
}

/** The smallest survey the validator accepts: a title, the notice, one section with one question. */
export function blankSurvey(id: string): SurveyDefinition {
  return {
    format: 1,
    id,
    version: 1,
    kind: 'survey',
    title: { th: 'แบบสำรวจใหม่', en: 'New survey' },
    estimatedMinutes: 5,
    privacy: defaultPrivacy(),
    sections: [
      {
        id: 'part1',
        title: { th: 'ตอนที่ 1', en: 'Part 1' },
        questions: [{ id: 'q1', type: 'text', label: { th: 'คำถามที่ 1', en: 'Question 1' } }],
      },
    ],
  };
}
