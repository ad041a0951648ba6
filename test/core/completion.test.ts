import { describe, expect, it } from 'vitest';
import complaintJson from '../../src/content/surveys/complaint.json';
import stakeholderJson from '../../src/content/surveys/stakeholder-satisfaction.json';
import { type AnswerValue, allVisibleQuestions, checkResponse } from '../../src/core/answers.js';
import { completeAnswers } from '../../src/core/completion.js';
import { allQuestions, OTHER, otherKey, type Question, type SurveyDefinition } from '../../src/core/survey.js';
import { sampleSurvey } from '../fixtures.js';

const TODAY = '2026-12-02';
const t = (th: string, en: string = th) => ({ th, en });
// The shipped surveys name their school list by file; the server reads it. Here, three schools.
const schools = [
  { value: 'โรงเรียนคงคาราม', label: t('โรงเรียนคงคาราม') },
  { value: 'โรงเรียนท่ายางวิทยา', label: t('โรงเรียนท่ายางวิทยา') },
  { value: 'โรงเรียนบ้านลาดวิทยา', label: t('โรงเรียนบ้านลาดวิทยา') },
];
const withSchools = (json: unknown): SurveyDefinition =>
  ({ ...(json as SurveyDefinition), lists: { schools } }) as SurveyDefinition;
const stakeholder = withSchools(stakeholderJson);
const complaint = withSchools(complaintJson);

/** A small seeded generator (mulberry32), so a failing sequence can be run again from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('nothing to pick from');
      return item;
    },
  };
}
type Random = ReturnType<typeof random>;

/** A value a person could give to a question, as its screen lets them: each key it sets. */
function answerFor(survey: SurveyDefinition, q: Question, r: Random): Record<string, AnswerValue> {
  switch (q.type) {
    case 'single': {
      if (q.other && r.chance(0.25)) return { [q.id]: OTHER, [otherKey(q.id)]: r.pick(['ภารโรง', 'Volunteer']) };
      return { [q.id]: r.pick(q.options).value };
    }
    case 'multiple': {
      const max = Math.min(q.max ?? q.options.length, q.options.length);
      const count = Math.max(q.min ?? 1, 1 + r.int(max));
      const values = [...q.options]
        .sort(() => r.int(3) - 1)
        .slice(0, count)
        .map((o) => o.value);
      if (q.other && r.chance(0.3) && values.length < (q.max ?? Number.POSITIVE_INFINITY)) {
        return { [q.id]: [...values, OTHER], [otherKey(q.id)]: 'วิทยุชุมชน' };
      }
      return { [q.id]: values };
    }
    case 'rating':
      return { [q.id]: 1 + r.int(5) };
    case 'rating-pair':
      return { [q.id]: { expectation: 1 + r.int(5), satisfaction: 1 + r.int(5) } };
    case 'lookup':
      return { [q.id]: r.pick(survey.lists?.[q.list] ?? []).value };
    case 'number':
      return { [q.id]: Math.max(q.min ?? 0, Math.min(q.max ?? 100, r.int(100))) };
    case 'date':
      return { [q.id]: `2026-11-${String(1 + r.int(28)).padStart(2, '0')}` };
    case 'text':
    case 'long-text':
      // What people type in these boxes (a phone number or an address where one is asked for).
      if (/phone/.test(q.id)) return { [q.id]: r.pick(['0812345678', '032-123-456']) };
      if (/email/.test(q.id)) return { [q.id]: r.pick(['somsri@example.com', 'nok@school.ac.th']) };
      return { [q.id]: r.pick(['ถนนมืด', 'Please reply soon', 'ครูสมศรี']) };
  }
}

/** Answers (or changes) one question shown to the person now. */
function answerOne(survey: SurveyDefinition, answers: Record<string, AnswerValue>, q: Question, r: Random) {
  const given = answerFor(survey, q, r);
  // Choosing something other than "other" leaves the typed text in the draft, as the screen does.
  Object.assign(answers, given);
}

/** The person goes through every screen in order and answers what is shown and not yet answered. */
function finish(survey: SurveyDefinition, answers: Record<string, AnswerValue>, r: Random) {
  for (let pass = 0; pass < 10; pass++) {
    const open = allVisibleQuestions(survey, answers).filter((q) => {
      const error = completeAnswers(survey, answers, TODAY).problems.find(
        (p) => p.question === q.id || p.question === otherKey(q.id),
      );
      return error !== undefined;
    });
    if (!open.length) return;
    for (const q of open) answerOne(survey, answers, q, r);
  }
}

/**
 * A person answering with changes of mind: answers what is shown, goes back and changes an
 * earlier answer (which may hide questions already answered, or show them again), takes an
 * answer back, all in random order.
 */
function wander(survey: SurveyDefinition, r: Random, presets: Record<string, AnswerValue> = {}) {
  const answers: Record<string, AnswerValue> = { ...presets };
  const steps = 5 + r.int(40);
  for (let i = 0; i < steps; i++) {
    const shown = allVisibleQuestions(survey, answers);
    const q = r.pick(shown);
    if (r.chance(0.1)) delete answers[q.id];
    else answerOne(survey, answers, q, r);
  }
  return answers;
}

const surveys = [
  ['the sample survey', sampleSurvey],
  ['the stakeholder survey', stakeholder],
  ['the complaint form', complaint],
] as const;

describe('a submit is never refused for an answer the person cannot see', () => {
  for (const [name, survey] of surveys) {
    it(`${name}: over 250 random answer sequences with changes of mind`, () => {
      for (let seed = 1; seed <= 250; seed++) {
        const r = random(seed);
        const presets =
          survey === stakeholder && r.chance(0.5) ? { group: 'parent', school: schools[1]?.value ?? '' } : {};
        const answers = wander(survey, r, presets);
        const shown = new Set(allVisibleQuestions(survey, answers).map((q) => q.id));
        // Midway, whatever stops a submit is on a question shown to the person.
        for (const problem of completeAnswers(survey, answers, TODAY).problems) {
          expect(shown.has(problem.question.replace(/\.other$/, '')), `seed ${seed}: ${problem.question}`).toBe(true);
        }
        // Once every question shown is answered, the response can be sent …
        finish(survey, answers, r);
        const done = completeAnswers(survey, answers, TODAY);
        expect(done.problems, `seed ${seed}`).toEqual([]);
        // … it holds only answers to questions shown, which the server checks as they are …
        const visible = new Set(allVisibleQuestions(survey, answers).map((q) => q.id));
        for (const key of Object.keys(done.answers)) {
          expect(visible.has(key.replace(/\.other$/, '')), `seed ${seed}: ${key}`).toBe(true);
        }
        expect(checkResponse(survey, done.answers, TODAY), `seed ${seed}`).toEqual([]);
        // … and settling it again changes nothing (a resent response is the same response).
        expect(completeAnswers(survey, done.answers, TODAY)).toEqual(done);
      }
    });
  }
});

describe('the completion rule', () => {
  it('a parent who picked a school and then answers as community: the school neither blocks nor is kept', () => {
    const pairs = Object.fromEntries(
      allQuestions(stakeholder)
        .filter((q) => q.type === 'rating-pair')
        .map((q) => [q.id, { expectation: 4, satisfaction: 3 }]),
    );
    const answers = {
      group: 'community',
      school: 'โรงเรียนท่ายางวิทยา',
      gender: 'female',
      age: '31_40',
      contact_channels: ['website'],
      ...pairs,
    };
    const done = completeAnswers(stakeholder, answers, TODAY);
    expect(done.problems).toEqual([]);
    expect(done.answers).not.toHaveProperty('school');
    expect(done.answers).toMatchObject({ group: 'community', gender: 'female' });
  });

  it('a complainant who typed an e-mail and then chose the phone: only the phone is kept', () => {
    const answers = {
      category: 'other',
      'category.other': 'ขอบคุณ',
      topic: 'ไฟถนน',
      description: 'มืด',
      wants_reply: 'yes',
      contact_name: 'สมศรี',
      reply_channel: 'phone',
      contact_email: 'somsri@example.com',
      contact_phone: '0812345678',
    };
    const done = completeAnswers(complaint, { ...answers, category: 'compliment' }, TODAY);
    expect(done.problems).toEqual([]);
    expect(done.answers).not.toHaveProperty('contact_email');
    expect(done.answers).not.toHaveProperty(['category.other']);
    expect(done.answers).toMatchObject({ category: 'compliment', contact_phone: '0812345678' });
  });

  it('still names what is wrong with a question shown, and refuses an answer to no question of the survey', () => {
    const done = completeAnswers(
      complaint,
      { category: 'suggestion', topic: 'x', wants_reply: 'no', mood: 'x' },
      TODAY,
    );
    expect(done.problems).toEqual([
      { question: 'description', code: 'required' },
      { question: 'mood', code: 'unknown_question' },
    ]);
    expect(done.answers).toEqual({ category: 'suggestion', topic: 'x', wants_reply: 'no' });
  });

  it('keeps the answers the same, whatever order their keys came in', () => {
    const a = completeAnswers(sampleSurvey, { group: 'parent', school: 's1', channels: ['web'] }, TODAY);
    const b = completeAnswers(sampleSurvey, { channels: ['web'], school: 's1', group: 'parent' }, TODAY);
    expect(JSON.stringify(a.answers)).toBe(JSON.stringify(b.answers));
  });
});
