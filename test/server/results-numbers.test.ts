// @vitest-environment node
/**
 * The figures a supervisor reads on the results page: first six respondents worked out by hand,
 * then 500 random responses checked figure by figure against a plain recomputation, under every
 * filter, on PGlite and on PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { type TestDatabase, useBackends } from './backends.js';
import {
  type Credentials,
  call,
  getJson,
  responseTo,
  SCHOOL_GROUPS,
  SCHOOL_X,
  SCHOOLS,
  type Staff,
  seeded,
  serverWith,
  staffOf,
  storeAll,
  TEST_PRIVACY,
} from './results-helpers.js';
import { differences, type RawResponse, type ReferenceFilter, referenceResults } from './results-reference.js';

const backends = useBackends();

/** Two dimensions, three paired items; b1 may be skipped. */
const HAND_WORKED = {
  format: 1,
  id: 'hand-worked',
  version: 1,
  kind: 'survey',
  title: { th: 'แบบสำรวจคิดด้วยมือ', en: 'Hand-worked survey' },
  privacy: TEST_PRIVACY,
  dimensions: [
    { id: 'process', label: { th: 'ด้านกระบวนการ', en: 'Process' } },
    { id: 'staff', label: { th: 'ด้านเจ้าหน้าที่', en: 'Staff' } },
  ],
  sections: [
    {
      id: 'process',
      title: { th: 'ด้านกระบวนการ', en: 'Process' },
      questions: [
        {
          id: 'a1',
          type: 'rating-pair',
          required: true,
          dimension: 'process',
          label: { th: 'ขั้นตอนชัดเจน', en: 'Clear steps' },
        },
        { id: 'a2', type: 'rating-pair', required: true, dimension: 'process', label: { th: 'รวดเร็ว', en: 'Quick' } },
      ],
    },
    {
      id: 'staff',
      title: { th: 'ด้านเจ้าหน้าที่', en: 'Staff' },
      questions: [{ id: 'b1', type: 'rating-pair', dimension: 'staff', label: { th: 'สุภาพ', en: 'Polite' } }],
    },
  ],
};

const pair = (expectation: number, satisfaction: number) => ({ expectation, satisfaction });
/** (expectation, satisfaction) per item; respondent 6 skipped b1. */
const SIX = [
  { a1: pair(5, 4), a2: pair(4, 4), b1: pair(5, 5) },
  { a1: pair(4, 3), a2: pair(5, 4), b1: pair(4, 4) },
  { a1: pair(5, 5), a2: pair(5, 5), b1: pair(5, 4) },
  { a1: pair(3, 2), a2: pair(4, 3), b1: pair(3, 3) },
  { a1: pair(4, 4), a2: pair(3, 3), b1: pair(4, 2) },
  { a1: pair(5, 3), a2: pair(4, 2) },
];

describe.each(backends)('six respondents worked out by hand, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    expect((await publishSurvey(db, HAND_WORKED)).status).toBe('published');
    app = await serverWith(db);
    staff = await staffOf(app, db);
    await storeAll(
      db,
      SIX.map((answers, i) => responseTo('hand-worked', answers, `2025-11-0${i + 1}T03:00:00.000Z`)),
    );
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const results = () => getJson(app, staff.supervisor, '/api/v1/surveys/hand-worked/results');

  it('each item shows n, frequencies, x̄, S.D. (n − 1), ร้อยละ, level (system A) and gap as worked by hand', async () => {
    const { total, items } = await results();
    expect(total).toBe(6);
    expect(
      differences(
        items,
        [
          {
            question: 'a1',
            label: { th: 'ขั้นตอนชัดเจน', en: 'Clear steps' },
            dimension: 'process',
            kind: 'rating-pair',
            // E: 5,4,5,3,4,5 → Σ 26, x̄ 26/6 = 4.3333; Σ(x − x̄)² = 4/9+1/9+4/9+16/9+1/9+4/9 = 10/3;
            // S² = (10/3)/5 = 2/3, S.D. = 0.8165; ร้อยละ 86.67; 4.33 → level 4 (มาก).
            expectation: {
              n: 6,
              distribution: [0, 0, 1, 2, 3],
              mean: 4.33,
              sd: 0.82,
              percent: 86.67,
              level: 4,
            },
            // S: 4,3,5,2,4,3 → Σ 21, x̄ 3.5; Σd² = .25+.25+2.25+2.25+.25+.25 = 5.5; S² 1.1, S.D. 1.0488;
            // 3.50 is the top of ปานกลาง under A → level 3.
            satisfaction: {
              n: 6,
              distribution: [0, 1, 2, 2, 1],
              mean: 3.5,
              sd: 1.05,
              percent: 70,
              level: 3,
            },
            gap: -0.83, // 3.5 − 4.3333 = −5/6
          },
          {
            question: 'a2',
            label: { th: 'รวดเร็ว', en: 'Quick' },
            dimension: 'process',
            kind: 'rating-pair',
            // E: 4,5,5,4,3,4 → Σ 25, x̄ 25/6 = 4.1667; Σd² = 17/6, S² = 17/30, S.D. 0.7528; 4.17 → 4.
            expectation: {
              n: 6,
              distribution: [0, 0, 1, 3, 2],
              mean: 4.17,
              sd: 0.75,
              percent: 83.33,
              level: 4,
            },
            // S: 4,4,5,3,3,2 → Σ 21, x̄ 3.5; Σd² = 5.5, S.D. 1.0488; level 3.
            satisfaction: {
              n: 6,
              distribution: [0, 1, 2, 2, 1],
              mean: 3.5,
              sd: 1.05,
              percent: 70,
              level: 3,
            },
            gap: -0.67, // 3.5 − 25/6 = −2/3
          },
          {
            question: 'b1',
            label: { th: 'สุภาพ', en: 'Polite' },
            dimension: 'staff',
            kind: 'rating-pair',
            // Five answered (respondent 6 skipped). E: 5,4,5,3,4 → x̄ 4.2; Σd² = 2.8, S² 0.7, S.D. 0.8367.
            expectation: {
              n: 5,
              distribution: [0, 0, 1, 2, 2],
              mean: 4.2,
              sd: 0.84,
              percent: 84,
              level: 4,
            },
            // S: 5,4,4,3,2 → x̄ 3.6; Σd² = 5.2, S² 1.3, S.D. 1.1402; 3.60 → level 4.
            satisfaction: {
              n: 5,
              distribution: [0, 1, 1, 2, 1],
              mean: 3.6,
              sd: 1.14,
              percent: 72,
              level: 4,
            },
            gap: -0.6,
          },
        ],
        1e-12,
      ),
    ).toEqual([]);
  });

  it("a dimension is each respondent's mean over its items, then x̄ and S.D. across respondents; who skipped an item counts with what they rated", async () => {
    const { dimensions } = await results();
    expect(
      differences(
        dimensions,
        [
          {
            id: 'process',
            label: { th: 'ด้านกระบวนการ', en: 'Process' },
            // Respondents' E means over a1, a2: 4.5, 4.5, 5, 3.5, 3.5, 4.5 → x̄ 25.5/6 = 4.25;
            // Σd² = 3(.0625) + 3(.5625) = 1.875, S² .375, S.D. 0.6124; ร้อยละ 85.
            expectation: { n: 6, mean: 4.25, sd: 0.61, percent: 85, level: 4 },
            // S means: 4, 3.5, 5, 2.5, 3.5, 2.5 → x̄ 3.5; Σd² = .25+0+2.25+1+0+1 = 4.5, S² .9, S.D. 0.9487.
            satisfaction: { n: 6, mean: 3.5, sd: 0.95, percent: 70, level: 3 },
            gap: -0.75,
          },
          {
            id: 'staff',
            label: { th: 'ด้านเจ้าหน้าที่', en: 'Staff' },
            // Only b1: five respondents, the same figures as the item.
            expectation: { n: 5, mean: 4.2, sd: 0.84, percent: 84, level: 4 },
            satisfaction: { n: 5, mean: 3.6, sd: 1.14, percent: 72, level: 4 },
            gap: -0.6,
          },
        ],
        1e-12,
      ),
    ).toEqual([]);
  });

  it('the overall figure averages each respondent over every item they rated (respondent 6 over two)', async () => {
    const { overall } = await results();
    expect(
      differences(
        overall,
        {
          id: '__overall',
          label: { th: 'ภาพรวม', en: 'Overall' },
          // E means: 14/3, 13/3, 5, 10/3, 11/3, 9/2 → Σ 25.5, x̄ 4.25; Σd² = 143/72, S² = 143/360,
          // S.D. 0.6303.
          expectation: { n: 6, mean: 4.25, sd: 0.63, percent: 85, level: 4 },
          // S means: 13/3, 11/3, 14/3, 8/3, 3, 5/2 → Σ 125/6, x̄ 125/36 = 3.4722; Σd² = 869/216,
          // S² = 869/1080, S.D. 0.8970; ร้อยละ 69.44; 3.47 → level 3 (ปานกลาง).
          satisfaction: {
            n: 6,
            mean: 3.47,
            sd: 0.9,
            percent: 69.44,
            level: 3,
          },
          gap: -0.78, // 125/36 − 4.25 = −7/9
        },
        1e-12,
      ),
    ).toEqual([]);
  });

  it('after the admin switches to band system B, 4.25 reads มากที่สุด, 4.20 stays มาก, 3.47 and 3.50 become มาก', async () => {
    const put = await call(app, staff.admin, 'PUT', '/api/v1/office', {
      name: { th: 'สพม.เพชรบุรี', en: 'Phetchaburi SESAO' },
      bandSystem: 'B',
      sampleMethod: 'yamane',
    });
    expect(put.statusCode).toBe(200);
    const r = await results();
    const levels = (x: { expectation?: { level?: number }; satisfaction?: { level?: number } }) => [
      x.expectation?.level,
      x.satisfaction?.level,
    ];
    expect(r.bandSystem).toBe('B');
    // a1: 4.33 → 5, 3.50 → 4; a2: 4.17 → 4, 3.50 → 4; b1: 4.20 → 4, 3.60 → 4.
    expect((r.items as never[]).map(levels)).toEqual([
      [5, 4],
      [4, 4],
      [4, 4],
    ]);
    // process 4.25 → 5, 3.5 → 4; staff 4.2 → 4, 3.6 → 4; overall 4.25 → 5, 3.47 → 4.
    expect((r.dimensions as never[]).map(levels)).toEqual([
      [5, 4],
      [4, 4],
    ]);
    expect(levels(r.overall as never)).toEqual([5, 4]);
  });
});

/**
 * Version 2 of the hand-worked survey puts the staff section first with a new single rating c1,
 * asks a2 as a single rating instead of a pair and lists a1 after it.
 */
const HAND_WORKED_V2 = {
  ...HAND_WORKED,
  version: 2,
  sections: [
    {
      id: 'staff',
      title: { th: 'ด้านเจ้าหน้าที่', en: 'Staff' },
      questions: [
        { id: 'c1', type: 'rating', dimension: 'staff', label: { th: 'ยิ้มแย้ม', en: 'Friendly' } },
        { id: 'b1', type: 'rating-pair', dimension: 'staff', label: { th: 'สุภาพ', en: 'Polite' } },
      ],
    },
    {
      id: 'process',
      title: { th: 'ด้านกระบวนการ', en: 'Process' },
      questions: [
        { id: 'a2', type: 'rating', required: true, dimension: 'process', label: { th: 'รวดเร็ว', en: 'Quick' } },
        {
          id: 'a1',
          type: 'rating-pair',
          required: true,
          dimension: 'process',
          label: { th: 'ขั้นตอนชัดเจน', en: 'Clear steps' },
        },
      ],
    },
  ],
};
const V2_ANSWERS = [
  { c1: 4, b1: pair(3, 2), a2: 5, a1: pair(2, 1) },
  { c1: 2, a2: 3, a1: pair(5, 5) },
  { c1: 5, b1: pair(4, 4), a2: 1, a1: pair(3, 4) },
  { a2: 4, a1: pair(4, 2) },
];

describe.each(backends)('responses to two versions that order and ask items differently, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  let raw: RawResponse[];
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    expect((await publishSurvey(db, HAND_WORKED)).status).toBe('published');
    expect((await publishSurvey(db, HAND_WORKED_V2)).status).toBe('published');
    app = await serverWith(db);
    staff = await staffOf(app, db);
    const responses = [
      ...SIX.map((answers, i) => responseTo('hand-worked', answers, `2025-11-0${i + 1}T03:00:00.000Z`)),
      ...V2_ANSWERS.map((answers, i) => responseTo('hand-worked', answers, `2025-12-0${i + 1}T03:00:00.000Z`, 2)),
    ];
    await storeAll(db, responses);
    raw = responses.map((r) => ({
      answers: r.answers as Record<string, unknown>,
      completedAt: r.completedAt as string,
    }));
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it("count each item's answers from both versions under the newest version's items", async () => {
    const got = await getJson(app, staff.supervisor, '/api/v1/surveys/hand-worked/results');
    const expected = referenceResults(HAND_WORKED_V2 as SurveyDefinition, raw, {}, null, [], {
      bandSystem: 'A',
      sampleMethod: 'krejcie-morgan',
    });
    expect(differences(got, expected)).toEqual([]);
    // a1 was asked in both versions (10 answers); a2 as a single rating only in version 2.
    const items = got.items as { question: string; value?: { n: number }; expectation?: { n: number } }[];
    expect(items.find((i) => i.question === 'a1')?.expectation?.n).toBe(10);
    expect(items.find((i) => i.question === 'a2')?.value?.n).toBe(4);
    expect(items.find((i) => i.question === 'c1')?.value?.n).toBe(3);
  });
});

/** The shipped survey's rating items, in order. */
const STAKEHOLDER = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;
const PAIR_IDS = STAKEHOLDER.sections
  .flatMap((s) => s.questions)
  .filter((q) => q.type === 'rating-pair')
  .map((q) => q.id);
const GROUPS = [...SCHOOL_GROUPS, 'community', 'agency', 'office_staff'];
/** Schools with many, some and very few respondents (the last ones end up hidden). */
const BIG = SCHOOLS.slice(0, 6);
const SCHOOL_WEIGHTS = [40, 25, 15, 12, 2, 1];

/** 500 random responses to the shipped survey across fiscal years 2568 and 2569. */
function randomResponses(seed: number, count: number): Record<string, unknown>[] {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const weighted = (weights: number[]) => {
    let x = random() * weights.reduce((a, b) => a + b, 0);
    for (const [i, w] of weights.entries()) {
      x -= w;
      if (x < 0) return i;
    }
    return weights.length - 1;
  };
  const start = Date.parse('2025-06-01T00:00:00Z');
  const end = Date.parse('2026-02-01T00:00:00Z');
  // Around the turn of the fiscal year in Bangkok (2025-09-30 17:00 UTC is 1 October 00:00 there).
  const turn = Date.parse('2025-09-30T17:00:00Z');
  const clamp = (x: number) => Math.min(5, Math.max(1, Math.round(x)));
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const at = i % 10 === 0 ? turn + (random() - 0.5) * 4 * 3600_000 : start + random() * (end - start);
    const group = random() < 0.04 ? 'other' : pick(GROUPS);
    const answers: Record<string, unknown> = {
      group,
      ...(group === 'other' ? { 'group.other': 'ศิษย์เก่า' } : {}),
      gender: pick(['male', 'female', 'unspecified']),
      age: pick(['under_20', '20_30', '31_40', '41_50', '51_60', 'over_60']),
      contact_channels: [pick(['website', 'phone', 'in_person', 'meeting'])],
    };
    if (SCHOOL_GROUPS.includes(group)) answers.school = BIG[weighted(SCHOOL_WEIGHTS)];
    const expect = 2 + random() * 3;
    const satisfy = 1.5 + random() * 3.5;
    for (const id of PAIR_IDS) {
      answers[id] = {
        expectation: clamp(expect + (random() - 0.5) * 2),
        satisfaction: clamp(satisfy + (random() - 0.5) * 2.5),
      };
    }
    if (random() < 0.3) answers.suggestions = `ข้อเสนอแนะที่ ${i}`;
    out.push(responseTo('stakeholder-satisfaction', answers, new Date(at).toISOString()));
  }
  return out;
}

const A = BIG[0] as string;
const B = BIG[1] as string;
const RARE = BIG[5] as string;

/** Filters as a supervisor types them, and what they mean. */
const FILTERS: [string, ReferenceFilter][] = [
  ['', {}],
  ['fy=2568', { fiscalYear: 2568 }],
  ['fy=2569', { fiscalYear: 2569 }],
  ['fy=2567', { fiscalYear: 2567 }],
  ['from=2025-09-25&to=2025-10-05', { from: '2025-09-25', to: '2025-10-05' }],
  ['from=2025-10-01&to=2025-10-01', { from: '2025-10-01', to: '2025-10-01' }],
  [`school=${A}`, { schools: [A] }],
  [`school=${A},${B}&group=teacher,parent`, { schools: [A, B], groups: ['teacher', 'parent'] }],
  [`school=${A}&school=${B}`, { schools: [A, B] }],
  ['group=community', { groups: ['community'] }],
  [`fy=2569&school=${A}&group=teacher`, { fiscalYear: 2569, schools: [A], groups: ['teacher'] }],
  [`fy=2568&from=2025-09-01`, { fiscalYear: 2568, from: '2025-09-01' }],
  [`school=${RARE}`, { schools: [RARE] }],
];

describe.each(backends)('500 random responses against a plain recomputation, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  let raw: RawResponse[];
  const targets = [
    { school: A, population: 500 },
    { school: B, population: 1000 },
    { school: SCHOOLS[10] as string, population: 3000 },
  ];
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    const responses = randomResponses(2568, 500);
    await storeAll(db, responses);
    raw = responses.map((r) => ({
      answers: r.answers as Record<string, unknown>,
      completedAt: r.completedAt as string,
    }));
    const put = await call(app, staff.admin, 'PUT', '/api/v1/surveys/stakeholder-satisfaction/targets', targets);
    expect(put.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const results = (query: string, who: Credentials = staff.admin) =>
    getJson(app, who, `/api/v1/surveys/stakeholder-satisfaction/results${query ? `?${encodeURI(query)}` : ''}`);

  it.each(FILTERS)(
    'filtered by "%s", every count, frequency, x̄, S.D., ร้อยละ, level and gap matches',
    async (query, filter) => {
      const got = await results(query);
      const expected = referenceResults(STAKEHOLDER, raw, filter, null, targets, {
        bandSystem: 'A',
        sampleMethod: 'krejcie-morgan',
      });
      expect(differences(got, expected)).toEqual([]);
    },
  );

  it('the fixture covers what it should: both fiscal years, hidden and shown schools, several groups', async () => {
    const all = await results('');
    expect(all.total).toBe(500);
    expect(all.fiscalYears).toEqual([2569, 2568]);
    const schools = all.bySchool as { key: string; n?: number; hidden?: true }[];
    expect(schools.some((s) => s.hidden)).toBe(true);
    expect(schools.filter((s) => (s.n ?? 0) >= 5).length).toBeGreaterThanOrEqual(3);
    expect((all.byGroup as unknown[]).length).toBeGreaterThanOrEqual(8);
    const rare = await results(`school=${RARE}`);
    expect(rare.hidden).toBe(true);
    expect(rare.total).toBeUndefined();
  });

  it("a supervisor limited to one school sees that school's figures, computed from its responses only", async () => {
    const got = await results('', staff.limitedToken);
    const expected = referenceResults(STAKEHOLDER, raw, {}, [SCHOOL_X], targets, {
      bandSystem: 'A',
      sampleMethod: 'krejcie-morgan',
    });
    expect(differences(got, expected)).toEqual([]);
  });

  it('under band system B with Yamane, levels and required samples follow the new choice', async () => {
    const put = await call(app, staff.admin, 'PUT', '/api/v1/office', {
      name: { th: 'สพม.เพชรบุรี', en: 'Phetchaburi SESAO' },
      bandSystem: 'B',
      sampleMethod: 'yamane',
    });
    expect(put.statusCode).toBe(200);
    for (const [query, filter] of [FILTERS[0], FILTERS[2]] as [string, ReferenceFilter][]) {
      const got = await results(query);
      const expected = referenceResults(STAKEHOLDER, raw, filter, null, targets, {
        bandSystem: 'B',
        sampleMethod: 'yamane',
      });
      expect(differences(got, expected)).toEqual([]);
    }
    const bySchool = (await results('')).bySchool as { key: string; required?: number }[];
    expect(bySchool.find((s) => s.key === A)?.required).toBe(223); // 500 / (1 + 500 × 0.05²) = 222.2
  });
});
