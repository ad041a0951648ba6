// @vitest-environment node
/**
 * What supervisors read first (issue 12 §4): the respondent profile with ร้อยละ, the groups side
 * by side, this fiscal year beside the last, and sample progress with every school listed (zeros
 * too) and targets per group and for the whole area.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResults } from '../../src/core/results.js';
import type { Db } from '../../src/server/db/database.js';
import { type TestDatabase, useBackends } from './backends.js';
import {
  call,
  getJson,
  SCHOOL_X,
  SCHOOL_Y,
  SCHOOLS,
  type Staff,
  serverWith,
  stakeholderResponse,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

/** Every rating pair of the shipped survey at one expectation and satisfaction. */
function ratings(expectation: number, satisfaction: number): Record<string, unknown> {
  const ids = [
    ...[1, 2, 3, 4].flatMap((n) => ['inform', 'consult', 'involve', 'collaborate'].map((d) => `${d}_${n}`)),
    ...[1, 2, 3, 4, 5].map((n) => `service_${n}`),
  ];
  return Object.fromEntries(ids.map((id) => [id, { expectation, satisfaction }]));
}

describe.each(backends)('the tables supervisors read, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    const at = (day: number, month = '11', year = '2025') =>
      `${year}-${month}-${String(day).padStart(2, '0')}T03:00:00.000Z`;
    // Fiscal year 2569: 6 teachers and 5 parents at school X, 3 community members (no school).
    // Fiscal year 2568: 5 teachers at school X, less satisfied.
    await storeAll(db, [
      ...[1, 2, 3, 4, 5, 6].map((d) =>
        stakeholderResponse({
          group: 'teacher',
          at: at(d),
          answers: { gender: 'male', contact_channels: ['website', 'phone'], ...ratings(5, 4) },
        }),
      ),
      ...[1, 2, 3, 4, 5].map((d) =>
        stakeholderResponse({
          group: 'parent',
          at: at(10 + d),
          answers: { gender: 'female', contact_channels: ['website'], ...ratings(4, 3) },
        }),
      ),
      ...[1, 2, 3].map((d) =>
        stakeholderResponse({
          group: 'community',
          at: at(20 + d),
          answers: { gender: 'female', contact_channels: ['meeting'], ...ratings(4, 3) },
        }),
      ),
      ...[1, 2, 3, 4, 5].map((d) =>
        stakeholderResponse({ group: 'teacher', at: at(d, '03', '2025'), answers: { ...ratings(4, 2) } }),
      ),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const results = (query = '', who: Staff[keyof Staff] = staff.supervisor) =>
    getJson<SurveyResults>(app, who, `/api/v1/surveys/stakeholder-satisfaction/results?${query}`);

  it('the profile gives n and ร้อยละ of every choice question, a multiple choice counted per option', async () => {
    const r = await results('fy=2569');
    expect(r.total).toBe(14);
    expect(r.profile.map((p) => p.questionId)).toEqual(['group', 'gender', 'age', 'contact_channels']);
    const gender = r.profile.find((p) => p.questionId === 'gender');
    expect(gender).toMatchObject({ n: 14, multiple: false, title: { th: 'เพศ' } });
    expect(gender?.options.map((o) => [o.value, o.count, o.percent])).toEqual([
      ['male', 6, 42.86],
      ['female', 8, 57.14],
      ['unspecified', 0, 0],
    ]);
    const channels = r.profile.find((p) => p.questionId === 'contact_channels');
    expect(channels).toMatchObject({ n: 14, multiple: true });
    // Percents are of those who answered the question, so they add up to more than 100.
    expect(channels?.options.find((o) => o.value === 'website')).toMatchObject({ count: 11, percent: 78.57 });
    expect(channels?.options.find((o) => o.value === 'phone')).toMatchObject({ count: 6, percent: 42.86 });
  });

  it('a profile option chosen by fewer than 5 is hidden, with no count or percent', async () => {
    const r = await results('fy=2569');
    const meeting = r.profile
      .find((p) => p.questionId === 'contact_channels')
      ?.options.find((o) => o.value === 'meeting');
    expect(meeting).toMatchObject({ value: 'meeting', hidden: true });
    expect(meeting).not.toHaveProperty('count');
    expect(meeting).not.toHaveProperty('percent');
    const community = r.profile.find((p) => p.questionId === 'group')?.options.find((o) => o.value === 'community');
    expect(community).toMatchObject({ hidden: true });
  });

  it('the profile follows the filters: a selection of fewer than 5 hides every count of it', async () => {
    const teachers = await results('fy=2569&group=teacher');
    expect(teachers.profile.find((p) => p.questionId === 'gender')?.options[0]).toMatchObject({
      value: 'male',
      count: 6,
      percent: 100,
    });
    const few = await results('fy=2569&group=community');
    expect(few.hidden).toBe(true);
    for (const p of few.profile) {
      expect(p).not.toHaveProperty('n');
      for (const o of p.options) expect(o).not.toHaveProperty('count');
    }
  });

  it('groups side by side: x̄ and S.D. per item and dimension for each group with 5 or more', async () => {
    const r = await results('fy=2569');
    const teacher = r.byGroup.find((g) => g.key === 'teacher');
    const parent = r.byGroup.find((g) => g.key === 'parent');
    expect(teacher?.n).toBe(6);
    expect(teacher?.items?.find((i) => i.question === 'inform_1')).toMatchObject({
      expectation: { mean: 5, sd: 0 },
      satisfaction: { mean: 4, sd: 0 },
      gap: -1,
    });
    expect(teacher?.dimensions?.map((d) => d.satisfaction?.mean)).toEqual([4, 4, 4, 4, 4]);
    expect(parent?.overall?.satisfaction).toMatchObject({ n: 5, mean: 3, sd: 0 });
    // Only x̄, S.D., n and level: no frequencies per group.
    expect(teacher?.items?.[0]?.satisfaction).not.toHaveProperty('distribution');
    const community = r.byGroup.find((g) => g.key === 'community');
    expect(community).toMatchObject({ hidden: true });
    expect(community).not.toHaveProperty('items');
    expect(community).not.toHaveProperty('overall');
  });

  it('this fiscal year beside the last: x̄ per item and dimension and the change', async () => {
    const r = await results('fy=2569');
    expect(r.previousYear).toMatchObject({ fiscalYear: 2568, total: 5 });
    // This year: (6 × 4 + 8 × 3) / 14 = 3.43; last year 2.00.
    expect(r.previousYear?.overall).toEqual({ id: '__overall', now: 3.43, last: 2, change: 1.43, lastExpectation: 4 });
    expect(r.previousYear?.items.find((i) => i.id === 'service_5')).toMatchObject({ now: 3.43, last: 2, change: 1.43 });
    expect(r.previousYear?.dimensions.map((d) => d.id)).toEqual(r.dimensions.map((d) => d.id));
    // The comparison keeps the other filters: parents have no responses last year.
    const parents = await results('fy=2569&group=parent');
    expect(parents.previousYear?.overall).toEqual({ id: '__overall', now: 3 });
    expect((await results('')).previousYear).toBeUndefined();
  });

  it('every school of the list is listed, those at zero included', async () => {
    const r = await results('fy=2569');
    expect(r.bySchool.map((s) => s.key).sort()).toEqual([...SCHOOLS].sort());
    expect(r.bySchool.find((s) => s.key === SCHOOL_X)).toMatchObject({ n: 11 });
    expect(r.bySchool.find((s) => s.key === SCHOOL_Y)).toEqual({ key: SCHOOL_Y, label: expect.anything(), n: 0 });
    // A school-limited supervisor sees only theirs.
    expect((await results('fy=2569', staff.limited)).bySchool.map((s) => s.key)).toEqual([SCHOOL_X]);
  });

  it('under a group filter a school at zero reads "fewer than 5" too, so it does not tell who took part', async () => {
    const r = await results('fy=2569&group=parent');
    expect(r.bySchool.find((s) => s.key === SCHOOL_X)).toMatchObject({ n: 5 });
    const y = r.bySchool.find((s) => s.key === SCHOOL_Y);
    expect(y).toMatchObject({ hidden: true });
    expect(y).not.toHaveProperty('n');
  });

  it('targets per school, per group and for the whole area give progress as numbers and ร้อยละ', async () => {
    expect(
      (
        await call(app, staff.admin, 'PUT', '/api/v1/surveys/stakeholder-satisfaction/targets', [
          { school: SCHOOL_X, population: 300 },
        ])
      ).statusCode,
    ).toBe(200);
    const put = await call(app, staff.admin, 'PUT', '/api/v1/surveys/stakeholder-satisfaction/group-targets', [
      { group: 'teacher', population: 100 },
      { group: 'parent', population: 900 },
    ]);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual([
      { group: 'teacher', population: 100 },
      { group: 'parent', population: 900 },
    ]);
    const refused = await call(
      app,
      staff.supervisor,
      'PUT',
      '/api/v1/surveys/stakeholder-satisfaction/group-targets',
      [],
    );
    expect(refused.statusCode).toBe(403);
    const bad = await call(app, staff.admin, 'PUT', '/api/v1/surveys/stakeholder-satisfaction/group-targets', [
      { group: 'teacher', population: -1 },
    ]);
    expect(bad.statusCode).toBe(400);
    const r = await results('fy=2569');
    // Krejcie & Morgan: 300 → 169, 100 → 80, 1,000 → 278.
    expect(r.bySchool.find((s) => s.key === SCHOOL_X)).toMatchObject({
      n: 11,
      population: 300,
      required: 169,
      percent: 6.51,
    });
    expect(r.byGroup.find((g) => g.key === 'teacher')).toMatchObject({
      n: 6,
      population: 100,
      required: 80,
      percent: 7.5,
    });
    expect(r.area).toEqual({ key: '__area', n: 14, population: 1000, required: 278, percent: 5.04 });
    expect(await getJson(app, staff.supervisor, '/api/v1/surveys/stakeholder-satisfaction/group-targets')).toHaveLength(
      2,
    );
  });
});
