// @vitest-environment node
/**
 * Figures exactly half way at the second decimal, where a level changes: 200 respondents whose
 * dimension (4 and 5 items) and overall (21 items) means are 3.505, 4.505, 2.505 (band system A)
 * and 4.205, 3.405, 1.805 (system B), with ร้อยละ and gaps at halves too; and 576 respondents
 * whose item and dimension S.D. are 1.025 and 0.525. Each is published rounded up (3.51, 4.51,
 * 1.03 …) with the level of the rounded mean, in the results and in the XLSX summary, on PGlite
 * and on PostgreSQL. Summing per-respondent means such as 94/21 in floating point used to give
 * 4.504999… and the level below.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupResult, ItemResult, SurveyResults } from '../../src/core/results.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { type TestDatabase, useBackends } from './backends.js';
import {
  call,
  getJson,
  responseTo,
  SCHOOL_X,
  type Staff,
  seeded,
  serverWith,
  stakeholderResponse,
  staffOf,
  storeAll,
  TEST_PRIVACY,
} from './results-helpers.js';
import { differences, referenceResults } from './results-reference.js';

const backends = useBackends();

const STAKEHOLDER = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;
const N = 200;
const DIMENSIONS = [
  ['inform', 4],
  ['consult', 4],
  ['involve', 4],
  ['collaborate', 4],
  ['service', 5],
] as const;
type Dimension = (typeof DIMENSIONS)[number][0];

/**
 * Σ over the 200 respondents of their sum over a dimension's items. Expectation: inform 2804/800
 * = 3.505, consult 2.505, service 4505/1000 = 4.505 (edges of A); involve 2707/800 and
 * collaborate 2701/800 give ร้อยละ 67.675 and 67.525; overall 14721/4200 = 3.505.
 * Satisfaction: inform 4.205, consult 3.405, service 1.805 (edges of B); gaps involve
 * (3199 − 2707)/800 = 0.615 and collaborate (3209 − 2701)/800 = 0.635; overall 14301/4200 = 3.405.
 */
const TOTALS: Record<'expectation' | 'satisfaction', Record<Dimension, number>> = {
  expectation: { inform: 2804, consult: 2004, involve: 2707, collaborate: 2701, service: 4505 },
  satisfaction: { inform: 3364, consult: 2724, involve: 3199, collaborate: 3209, service: 1805 },
};

/** n respondents' sums over k items (each k … 5k) adding up to `total`, spread at random. */
function spread(rng: () => number, n: number, k: number, total: number): number[] {
  const sums = Array.from({ length: n }, () => k);
  let left = total - k * n;
  while (left > 0) {
    const i = Math.floor(rng() * n);
    if ((sums[i] as number) < 5 * k) {
      sums[i] = (sums[i] as number) + 1;
      left--;
    }
  }
  return sums;
}

/** A respondent's sum over k items as k ratings 1–5 (the first ones one higher). */
const ratings = (sum: number, k: number) =>
  Array.from({ length: k }, (_, j) => Math.floor(sum / k) + (j < sum % k ? 1 : 0));

/**
 * The 200 responses. Seed 8 is one under which adding the respondents' means in floating point,
 * in this order, lands below the half for the service dimension and the overall figure.
 */
function tieResponses(): Record<string, unknown>[] {
  const rng = seeded(8);
  const sums = { expectation: {}, satisfaction: {} } as Record<
    'expectation' | 'satisfaction',
    Record<string, number[]>
  >;
  for (const part of ['expectation', 'satisfaction'] as const)
    for (const [dim, k] of DIMENSIONS) sums[part][dim] = spread(rng, N, k, TOTALS[part][dim]);
  return Array.from({ length: N }, (_, i) => {
    const answers: Record<string, unknown> = {};
    for (const [dim, k] of DIMENSIONS) {
      const e = ratings(sums.expectation[dim]?.[i] as number, k);
      const s = ratings(sums.satisfaction[dim]?.[i] as number, k);
      for (let j = 0; j < k; j++) answers[`${dim}_${j + 1}`] = { expectation: e[j], satisfaction: s[j] };
    }
    const at = new Date(Date.UTC(2025, 10, 3, 2) + i * 60_000).toISOString();
    return stakeholderResponse({ group: 'teacher', school: SCHOOL_X, at, answers });
  });
}

const pick = (s: { n?: number; mean?: number; sd?: number; percent?: number; level?: number } | undefined) => [
  s?.mean,
  s?.percent,
  s?.level,
];

describe.each(backends)('figures half way at the second decimal, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  const responses = tieResponses();
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    await storeAll(db, responses);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const results = () =>
    getJson<SurveyResults>(app, staff.supervisor, '/api/v1/surveys/stakeholder-satisfaction/results');
  const dimension = (r: SurveyResults, id: string) => r.dimensions.find((d) => d.id === id) as GroupResult;
  const setBands = async (bandSystem: 'A' | 'B') => {
    const put = await call(app, staff.admin, 'PUT', '/api/v1/office', {
      name: { th: 'สพม.เพชรบุรี', en: 'Phetchaburi SESAO' },
      bandSystem,
      sampleMethod: 'krejcie-morgan',
    });
    expect(put.statusCode).toBe(200);
  };

  it('under band system A, 3.505 (4 items), 2.505 (4 items), 4.505 (5 items) and the overall 3.505 (21 items) read 3.51 มาก, 2.51 ปานกลาง, 4.51 มากที่สุด, 3.51 มาก', async () => {
    await setBands('A');
    const r = await results();
    expect(r.total).toBe(N);
    // [x̄, ร้อยละ, level]: ร้อยละ is x̄ / 5 × 100 of the exact mean, 3.505 → 70.10.
    expect(pick(dimension(r, 'inform').expectation)).toEqual([3.51, 70.1, 4]);
    expect(pick(dimension(r, 'consult').expectation)).toEqual([2.51, 50.1, 3]);
    expect(pick(dimension(r, 'service').expectation)).toEqual([4.51, 90.1, 5]);
    expect(pick(r.overall.expectation)).toEqual([3.51, 70.1, 4]);
    // ร้อยละ half way: 2707/800 × 20 = 67.675, 2701/800 × 20 = 67.525.
    expect(pick(dimension(r, 'involve').expectation)).toEqual([3.38, 67.68, 3]);
    expect(pick(dimension(r, 'collaborate').expectation)).toEqual([3.38, 67.53, 3]);
  });

  it('under band system B, 4.205, 3.405, 1.805 and the overall 3.405 read 4.21 มากที่สุด, 3.41 มาก, 1.81 น้อย, 3.41 มาก', async () => {
    await setBands('B');
    const r = await results();
    expect(pick(dimension(r, 'inform').satisfaction)).toEqual([4.21, 84.1, 5]);
    expect(pick(dimension(r, 'consult').satisfaction)).toEqual([3.41, 68.1, 4]);
    expect(pick(dimension(r, 'service').satisfaction)).toEqual([1.81, 36.1, 2]);
    expect(pick(r.overall.satisfaction)).toEqual([3.41, 68.1, 4]);
    await setBands('A');
  });

  it('gaps are the exact difference rounded: 0.615 → 0.62, 0.635 → 0.64, overall 3.405 − 3.505 = −0.10', async () => {
    const r = await results();
    expect(dimension(r, 'involve').gap).toBe(0.62);
    expect(dimension(r, 'collaborate').gap).toBe(0.64);
    expect(dimension(r, 'inform').gap).toBe(0.7);
    expect(dimension(r, 'service').gap).toBe(-2.7);
    expect(r.overall.gap).toBe(-0.1);
  });

  it.each(['A', 'B'] as const)(
    'under band system %s, every figure is the exact one rounded to 2 decimals',
    async (system) => {
      await setBands(system);
      const got = await results();
      const expected = referenceResults(
        STAKEHOLDER,
        responses.map((x) => ({ answers: x.answers as Record<string, unknown>, completedAt: x.completedAt as string })),
        {},
        null,
        [],
        { bandSystem: system, sampleMethod: 'krejcie-morgan' },
      );
      expect(differences(got, expected, 0)).toEqual([]);
      await setBands('A');
    },
  );

  it('the XLSX summary shows the same figures and levels', async () => {
    const r = await call(
      app,
      staff.supervisor,
      'GET',
      '/api/v1/surveys/stakeholder-satisfaction/responses?format=xlsx',
    );
    expect(r.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.getWorksheet('สรุปผล')?.eachRow((row) => {
      rows.push(Array.from({ length: 11 }, (_, i) => row.getCell(i + 1).value ?? null));
    });
    const row = (label: string) => rows.find((x) => x[1] === label);
    const label = (id: string) => STAKEHOLDER.dimensions?.find((d) => d.id === id)?.label.th as string;
    // [no., label, E x̄, E S.D., E level, S x̄, S S.D., ร้อยละ (S), level (S, system A), gap, n]
    const shown = (x: unknown[] | undefined) => x?.filter((_, i) => ![0, 3, 4, 6].includes(i));
    expect(shown(row(label('service')))).toEqual([label('service'), 4.51, 1.81, 36.1, 'น้อย', -2.7, N]);
    expect(shown(row('ภาพรวม'))).toEqual(['ภาพรวม', 3.51, 3.41, 68.1, 'ปานกลาง', -0.1, N]);
    expect(row(label('involve'))?.[9]).toBe(0.62);
  });
});

/** One dimension of four ratings: for S.D. half way. */
const SD_SURVEY = {
  format: 1,
  id: 'sd-ties',
  version: 1,
  kind: 'survey',
  title: { th: 'ส่วนเบี่ยงเบนมาตรฐาน', en: 'Standard deviations' },
  privacy: TEST_PRIVACY,
  dimensions: [{ id: 'd', label: { th: 'ด้านเดียว', en: 'One dimension' } }],
  sections: [
    {
      id: 'd',
      title: { th: 'ด้านเดียว', en: 'One dimension' },
      questions: [1, 2, 3, 4].map((i) => ({
        id: `a${i}`,
        type: 'rating',
        required: true,
        dimension: 'd',
        label: { th: `ข้อ ${i}`, en: `Item ${i}` },
      })),
    },
  ],
};

const M = 576;
/**
 * a1 over 576 respondents: 482 × 1, 3 × 2, 21 × 3, 70 × 4, so n·Σx² − (Σx)² = 576·575·1681/1600
 * and S.D. = √(1681/1600) = 41/40 = 1.025 exactly.
 */
const A1 = [...Array(482).fill(1), ...Array(3).fill(2), ...Array(21).fill(3), ...Array(70).fill(4)] as number[];

/**
 * Respondents' sums of a2 … a4 (3 … 15 each) such that the dimension's S.D. is 0.525: a seeded
 * local search that ends when n·Σv² − (Σv)² of v = a1 + w hits the target exactly.
 */
function restOfDimension(): number[] {
  const rng = seeded(1);
  const w = A1.map(() => 3 + Math.floor(rng() * 13));
  const v = A1.map((a, i) => a + (w[i] as number));
  let s = 0n;
  let q = 0n;
  for (const x of v) {
    s += BigInt(x);
    q += BigInt(x * x);
  }
  // Respondents' means v/4 with S.D. 0.525 = 21/40: n·Σv² − (Σv)² = n(n − 1)·16·(21/40)² = 576·575·441/100.
  const target = (576n * 575n * 441n) / 100n;
  const off = (ss: bigint, qq: bigint) => BigInt(M) * qq - ss * ss - target;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  let d = off(s, q);
  while (d !== 0n) {
    const i = Math.floor(rng() * M);
    const step = rng() < 0.5 ? -1 : 1;
    const wi = (w[i] as number) + step;
    if (wi < 3 || wi > 15) continue;
    const vi = v[i] as number;
    const ns = s + BigInt(step);
    const nq = q + BigInt((vi + step) ** 2 - vi * vi);
    const nd = off(ns, nq);
    if (abs(nd) <= abs(d) || rng() < 0.01) {
      w[i] = wi;
      v[i] = vi + step;
      s = ns;
      q = nq;
      d = nd;
    }
  }
  return w;
}

describe.each(backends)('S.D. half way at the second decimal, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    expect((await publishSurvey(db, SD_SURVEY)).status).toBe('published');
    app = await serverWith(db);
    staff = await staffOf(app, db);
    const w = restOfDimension();
    await storeAll(
      db,
      A1.map((a1, i) => {
        const rest = ratings(w[i] as number, 3);
        const answers = { a1, a2: rest[0], a3: rest[1], a4: rest[2] };
        return responseTo('sd-ties', answers, new Date(Date.UTC(2025, 10, 3, 2) + i * 60_000).toISOString());
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('an item S.D. of exactly 1.025 reads 1.03, and a dimension S.D. of exactly 0.525 reads 0.53', async () => {
    const r = await getJson<SurveyResults>(app, staff.supervisor, '/api/v1/surveys/sd-ties/results');
    expect(r.total).toBe(M);
    const a1 = r.items.find((i) => i.question === 'a1') as ItemResult;
    expect(a1.value?.sd).toBe(1.03);
    expect(r.dimensions[0]?.value?.sd).toBe(0.53);
    // The overall is the same four items.
    expect(r.overall.value?.sd).toBe(0.53);
  });
});

/** 25 ratings in one dimension, none required: lcm(1 … 25) is past what a bigint squares safely. */
const LONG_SURVEY = {
  ...SD_SURVEY,
  id: 'long-dimension',
  sections: [
    {
      id: 'd',
      title: { th: 'ด้านเดียว', en: 'One dimension' },
      questions: Array.from({ length: 25 }, (_, i) => ({
        id: `q${i + 1}`,
        type: 'rating',
        dimension: 'd',
        label: { th: `ข้อ ${i + 1}`, en: `Item ${i + 1}` },
      })),
    },
  ],
};

describe.each(backends)('a dimension of 25 items, some skipped, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  const rng = seeded(25);
  const responses = Array.from({ length: 40 }, (_, i) => {
    const answers: Record<string, unknown> = {};
    for (let q = 1; q <= 25; q++) if (rng() < 0.8) answers[`q${q}`] = 1 + Math.floor(rng() * 5);
    return responseTo('long-dimension', answers, new Date(Date.UTC(2025, 10, 3, 2) + i * 60_000).toISOString());
  });
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    expect((await publishSurvey(db, LONG_SURVEY)).status).toBe('published');
    app = await serverWith(db);
    staff = await staffOf(app, db);
    await storeAll(db, responses);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('every figure is the exact one rounded to 2 decimals', async () => {
    const got = await getJson<SurveyResults>(app, staff.supervisor, '/api/v1/surveys/long-dimension/results');
    const expected = referenceResults(
      LONG_SURVEY as unknown as SurveyDefinition,
      responses.map((x) => ({ answers: x.answers as Record<string, unknown>, completedAt: x.completedAt as string })),
      {},
      null,
      [],
      { bandSystem: 'A', sampleMethod: 'krejcie-morgan' },
    );
    expect(differences(got, expected, 0)).toEqual([]);
    expect(got.dimensions[0]?.value?.n).toBe(40);
  });
});
