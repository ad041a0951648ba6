/**
 * What an admin is told before publishing: each change of a draft against the newest version,
 * safe or breaking, with where it is.
 */
import { describe, expect, it } from 'vitest';
import { CHANGE_CODES, countChanges, diffSurveys, type SurveyChange } from '../../src/core/survey-diff.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { validateSurvey } from '../../src/core/survey-validate.js';
import {
  admission,
  closedByHand,
  closesAtOf,
  NO_WINDOW,
  openedByHand,
  surveyState,
} from '../../src/core/survey-window.js';
import { shippedSurveys } from '../../src/server/content.js';

// A draft is edited freely here, as the builder does (any field, any depth).
// biome-ignore lint/suspicious/noExplicitAny: tests reshape definitions freely
type Loose = any;

const t = (th: string, en: string) => ({ th, en });
const LABELS = [5, 4, 3, 2, 1].map((n) => t(`ระดับ ${n}`, `Level ${n}`));

function base(): SurveyDefinition {
  return {
    format: 1,
    id: 'fair',
    version: 1,
    kind: 'survey',
    title: t('งานวันเด็ก', "Children's day"),
    privacy: { version: '1', title: t('ความเป็นส่วนตัว', 'Privacy'), body: [t('ไม่ระบุชื่อ', 'Anonymous')] },
    ratingLabels: LABELS,
    dimensions: [
      { id: 'place', label: t('สถานที่', 'Place') },
      { id: 'staff', label: t('เจ้าหน้าที่', 'Staff') },
    ],
    lists: {
      schools: [
        { value: '1001', label: t('โรงเรียนบ้านนา', 'Ban Na School') },
        { value: '1002', label: t('โรงเรียนบ้านดอน', 'Ban Don School') },
      ],
    },
    sections: [
      {
        id: 'profile',
        title: t('ข้อมูลทั่วไป', 'About you'),
        questions: [
          {
            id: 'group',
            type: 'single',
            required: true,
            label: t('ท่านคือ', 'You are'),
            options: [
              { value: 'parent', label: t('ผู้ปกครอง', 'Parent') },
              { value: 'teacher', label: t('ครู', 'Teacher') },
              { value: 'student', label: t('นักเรียน', 'Student') },
            ],
          },
          { id: 'school', type: 'lookup', list: 'schools', label: t('โรงเรียน', 'School') },
          { id: 'age', type: 'number', min: 5, max: 99, integer: true, label: t('อายุ', 'Age') },
        ],
      },
      {
        id: 'ratings',
        title: t('ความพึงพอใจ', 'Satisfaction'),
        questions: [
          { id: 'clean', type: 'rating', dimension: 'place', required: true, label: t('ความสะอาด', 'Cleanliness') },
          { id: 'polite', type: 'rating', dimension: 'staff', label: t('ความสุภาพ', 'Politeness') },
          { id: 'comment', type: 'long-text', label: t('ข้อเสนอแนะ', 'Suggestions') },
        ],
      },
    ],
  };
}

/** The draft: `base()` changed by `edit`. */
function draft(edit: (d: Loose) => void): SurveyDefinition {
  const d = structuredClone(base()) as Loose;
  edit(d);
  return d as SurveyDefinition;
}
const changes = (edit: (d: Loose) => void) => diffSurveys(base(), draft(edit));
const codes = (list: SurveyChange[]) => list.map((c) => `${c.severity} ${c.code}`);

describe('comparing a draft with the published version', () => {
  it('the fixture is a valid survey, and no change means no changes', () => {
    expect(validateSurvey(base()).ok).toBe(true);
    expect(diffSurveys(base(), base())).toEqual([]);
    // The version number itself is set by publishing, not a change.
    expect(
      changes((d) => {
        d.version = 7;
      }),
    ).toEqual([]);
  });

  it('wording: titles, labels, hints and option labels are safe, each at its place', () => {
    const found = changes((d) => {
      d.title.th = 'งานวันเด็ก 2570';
      d.sections[0].title.en = 'About yourself';
      d.sections[0].questions[0].label.en = 'Who are you?';
      d.sections[0].questions[0].options[1].label.th = 'ครูผู้สอน';
      d.sections[1].questions[1].hint = t('พนักงานต้อนรับ', 'Front desk');
    });
    expect(found).toEqual([
      {
        severity: 'safe',
        code: 'text_changed',
        path: 'title',
        before: base().title,
        after: { ...base().title, th: 'งานวันเด็ก 2570' },
      },
      expect.objectContaining({ code: 'text_changed', path: 'sections[0].title' }),
      expect.objectContaining({ code: 'text_changed', path: 'sections[0].questions[0].label', question: 'group' }),
      expect.objectContaining({
        code: 'text_changed',
        path: 'sections[0].questions[0].options[1].label',
        question: 'group',
        option: 'teacher',
      }),
      expect.objectContaining({
        code: 'text_changed',
        path: 'sections[1].questions[1].hint',
        question: 'polite',
        before: null,
      }),
    ]);
    expect(countChanges(found)).toEqual({ safe: 5, breaking: 0 });
  });

  it('a new optional question, a new option, a new section are safe; a new required question is breaking', () => {
    const found = changes((d) => {
      d.sections[0].questions[0].options.push({ value: 'community', label: t('ชุมชน', 'Community') });
      d.sections[1].questions.push({
        id: 'again',
        type: 'single',
        label: t('มาอีกไหม', 'Come again?'),
        options: [
          { value: 'y', label: t('มา', 'Yes') },
          { value: 'n', label: t('ไม่', 'No') },
        ],
      });
      d.sections.push({
        id: 'food',
        title: t('อาหาร', 'Food'),
        questions: [{ id: 'tasty', type: 'rating', required: true, label: t('อร่อย', 'Tasty') }],
      });
    });
    expect(codes(found)).toEqual([
      'safe section_added',
      'safe question_added',
      'breaking required_question_added',
      'safe option_added',
    ]);
    expect(found.find((c) => c.code === 'option_added')).toMatchObject({
      path: 'sections[0].questions[0].options[3]',
      question: 'group',
      option: 'community',
    });
    expect(found.find((c) => c.code === 'required_question_added')).toMatchObject({
      path: 'sections[2].questions[0]',
      question: 'tasty',
      after: 'rating',
    });
  });

  it('reordering sections, questions and options is safe, and moving a question to another section too', () => {
    const found = changes((d) => {
      d.sections.reverse();
      d.sections[1].questions.reverse();
      d.sections[1].questions[2].options.reverse();
      d.sections[0].questions.push(d.sections[1].questions.shift());
    });
    expect(codes(found)).toEqual([
      'safe sections_reordered',
      'safe question_moved',
      'safe options_reordered',
      'safe questions_reordered',
    ]);
    expect(found[1]).toMatchObject({
      question: 'age',
      before: 'profile',
      after: 'ratings',
      path: 'sections[0].questions[3]',
    });
  });

  it('a removed question or option is breaking, and says where it was', () => {
    const found = changes((d) => {
      d.sections[1].questions.splice(2, 1);
      d.sections[0].questions[0].options.splice(2, 1);
    });
    expect(found).toEqual([
      {
        severity: 'breaking',
        code: 'question_removed',
        path: 'sections[1].questions[2]',
        question: 'comment',
        before: 'long-text',
      },
      {
        severity: 'breaking',
        code: 'option_removed',
        path: 'sections[0].questions[0].options[2]',
        question: 'group',
        option: 'student',
      },
    ]);
  });

  it('a renamed question id or option value is named as such, never a silent removal and addition', () => {
    const found = changes((d) => {
      d.sections[1].questions[0].id = 'cleanliness';
      d.sections[0].questions[0].options[0].value = 'guardian';
    });
    expect(found).toEqual([
      {
        severity: 'breaking',
        code: 'question_id_changed',
        path: 'sections[1].questions[0]',
        question: 'cleanliness',
        before: 'clean',
        after: 'cleanliness',
      },
      {
        severity: 'breaking',
        code: 'option_value_changed',
        path: 'sections[0].questions[0].options[0].value',
        question: 'group',
        option: 'guardian',
        before: 'parent',
        after: 'guardian',
      },
    ]);
  });

  it('a re-typed question is breaking, and its other details are not listed on top', () => {
    const found = changes((d) => {
      d.sections[1].questions[1] = { ...d.sections[1].questions[1], type: 'rating-pair', label: t('สุภาพ', 'Polite') };
    });
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        code: 'question_retyped',
        question: 'polite',
        before: 'rating',
        after: 'rating-pair',
      }),
    ]);
  });

  it('rating items: a changed scale or dimension is breaking, reworded levels are safe', () => {
    const fewer = LABELS.slice(0, 4);
    expect(
      codes(
        changes((d) => {
          d.ratingLabels = fewer;
        }),
      ),
    ).toEqual(['breaking rating_scale_changed']);
    expect(
      changes((d) => {
        d.sections[1].questions[0].labels = fewer;
      }).map((c) => [c.code, c.path, c.question]),
    ).toEqual([['rating_scale_changed', 'sections[1].questions[0].labels', 'clean']]);
    expect(
      codes(
        changes((d) => {
          d.ratingLabels[0] = t('ดีมาก', 'Excellent');
        }),
      ),
    ).toEqual(['safe rating_labels_changed']);
    expect(
      changes((d) => {
        d.sections[1].questions[1].dimension = 'place';
      }),
    ).toEqual([
      {
        severity: 'breaking',
        code: 'dimension_changed',
        path: 'sections[1].questions[1].dimension',
        question: 'polite',
        before: 'staff',
        after: 'place',
      },
    ]);
  });

  it('dimensions: added and relabelled are safe, removed is breaking', () => {
    expect(
      codes(
        changes((d) => {
          d.dimensions[0].label.en = 'Venue';
          d.dimensions.push({ id: 'food', label: t('อาหาร', 'Food') });
          d.dimensions.splice(1, 1);
          d.sections[1].questions[1].dimension = 'food';
        }),
      ),
    ).toEqual([
      'breaking dimension_removed',
      'safe text_changed',
      'safe dimension_added',
      'breaking dimension_changed',
    ]);
  });

  it('lists read by a lookup: removed values are breaking, added ones safe; a lookup moved to a list missing values too', () => {
    const found = changes((d) => {
      d.lists.schools.splice(0, 1);
      d.lists.schools.push({ value: '1003', label: t('โรงเรียนบ้านไร่', 'Ban Rai School') });
    });
    expect(found).toEqual([
      { severity: 'breaking', code: 'list_values_removed', path: 'lists.schools', before: ['1001'] },
      { severity: 'safe', code: 'list_values_added', path: 'lists.schools', after: ['1003'] },
    ]);
    const wider = changes((d) => {
      d.lists.all = [...d.lists.schools, { value: '1003', label: t('โรงเรียนบ้านไร่', 'Ban Rai School') }];
      d.sections[0].questions[1].list = 'all';
    });
    expect(codes(wider)).toEqual(['safe list_added', 'safe lookup_list_changed']);
    const narrower = changes((d) => {
      d.lists.few = d.lists.schools.slice(1);
      d.sections[0].questions[1].list = 'few';
    });
    expect(codes(narrower)).toEqual(['safe list_added', 'breaking lookup_list_changed']);
    // A list no lookup reads loses values safely.
    const unused = diffSurveys(
      draft((d) => {
        d.lists.spare = [...d.lists.schools];
      }),
      draft((d) => {
        d.lists.spare = d.lists.schools.slice(1);
      }),
    );
    expect(codes(unused)).toEqual(['safe list_values_removed']);
  });

  it('required, conditions, validation, other, personal and kind', () => {
    const found = changes((d) => {
      d.kind = 'complaint';
      d.sections[0].questions[2].required = true; // age
      d.sections[1].questions[0].required = false; // clean
      d.sections[0].questions[2].max = 120;
      d.sections[1].questions[2].showIf = { question: 'group', equals: 'parent' };
      d.sections[0].questions[0].other = true;
      d.sections[1].questions[2].personal = true;
      d.estimatedMinutes = 5;
      d.privacy.version = '2';
    });
    expect(codes(found)).toEqual([
      'breaking kind_changed',
      'safe setting_changed',
      'safe privacy_changed',
      'safe other_added',
      'breaking question_required',
      'safe validation_changed',
      'safe question_optional',
      'breaking personal_changed',
      'safe condition_changed',
    ]);
    expect(found.find((c) => c.code === 'validation_changed')).toMatchObject({
      question: 'age',
      before: { min: 5, max: 99, integer: true },
      after: { min: 5, max: 120, integer: true },
    });
    const withOther = draft((d) => {
      d.sections[0].questions[0].other = true;
    });
    expect(codes(diffSurveys(withOther, base()))).toEqual(['breaking other_removed']);
  });

  it('a draft half made (missing parts) is compared without throwing', () => {
    const half = { format: 1, id: 'fair', version: 1, kind: 'survey', title: t('', ''), sections: [{ id: 'x' }] };
    expect(() => diffSurveys(base(), half as unknown as SurveyDefinition)).not.toThrow();
  });

  it('every code has a severity, and the shipped surveys compare with themselves as unchanged', () => {
    for (const severity of Object.values(CHANGE_CODES)) expect(['safe', 'breaking']).toContain(severity);
    for (const s of shippedSurveys()) expect(diffSurveys(s, structuredClone(s))).toEqual([]);
  });
});

describe('the collection window', () => {
  const now = new Date('2026-12-02T03:00:00.000Z');
  const hour = 3_600_000;
  const at = (offset: number) => new Date(now.getTime() + offset).toISOString();

  it('a survey is a draft until published, then open, scheduled or closed by its window', () => {
    expect(surveyState(false, NO_WINDOW, now)).toBe('draft');
    expect(surveyState(true, NO_WINDOW, now)).toBe('open');
    expect(surveyState(true, { ...NO_WINDOW, opensAt: at(hour) }, now)).toBe('scheduled');
    expect(surveyState(true, { ...NO_WINDOW, opensAt: at(-hour), closesAt: at(hour) }, now)).toBe('open');
    expect(surveyState(true, { ...NO_WINDOW, closesAt: at(-1) }, now)).toBe('closed');
    expect(surveyState(true, { ...NO_WINDOW, closesAt: at(hour), closedAt: at(-hour) }, now)).toBe('closed');
  });

  it('a response completed before the close counts whenever it arrives; after it, or before the opening, it is set aside', () => {
    const w = { opensAt: at(-10 * hour), closesAt: at(hour), closedAt: at(-hour) };
    expect(closesAtOf(w)).toBe(now.getTime() - hour);
    expect(admission(w, at(-2 * hour))).toBe('in_window');
    expect(admission(w, at(-hour))).toBe('after_close');
    expect(admission(w, at(-11 * hour))).toBe('before_open');
    expect(admission(NO_WINDOW, '2001-01-01T00:00:00.000Z')).toBe('in_window');
  });

  it('opening by hand clears a hand close and a past closing time, and brings a future opening to now', () => {
    expect(openedByHand({ opensAt: at(hour), closesAt: at(-hour), closedAt: at(-2 * hour) }, now)).toEqual({
      opensAt: now.toISOString(),
      closesAt: null,
      closedAt: null,
    });
    const keep = { opensAt: at(-hour), closesAt: at(hour), closedAt: null };
    expect(openedByHand(keep, now)).toEqual(keep);
  });

  it('closing by hand sets the time once; a survey already closed keeps its closing time', () => {
    expect(closedByHand(NO_WINDOW, now)).toEqual({ ...NO_WINDOW, closedAt: now.toISOString() });
    const closed = { ...NO_WINDOW, closesAt: at(-hour) };
    expect(closedByHand(closed, now)).toBe(closed);
  });
});
