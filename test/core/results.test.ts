/**
 * The rules behind the figures on the results page and the report: the level a mean reads as
 * under band systems A and B, ร้อยละ, the sample sizes an officer aims for, and fiscal years.
 */
import { describe, expect, it } from 'vitest';
import {
  type BandSystem,
  exactStats,
  fiscalYearDays,
  fiscalYearOf,
  hundredthsOf,
  isqrt,
  krejcieMorgan,
  levelOf,
  levelOfHundredths,
  percentOfMax,
  requiredSample,
  round2,
  yamane,
} from '../../src/core/results.js';

describe('the level a mean reads as', () => {
  it.each([
    // [mean, level] under system A (บุญชม ศรีสะอาด): 4.51–5.00, 3.51–4.50, 2.51–3.50, 1.51–2.50, 1.00–1.50.
    [5, 5],
    [4.51, 5],
    [4.505, 5], // rounds to 4.51
    [4.504, 4], // rounds to 4.50
    [4.5049999, 4],
    [4.5, 4],
    [3.51, 4],
    [3.505, 4],
    [3.5049, 3],
    [3.5, 3],
    [2.51, 3],
    [2.505, 3],
    [2.504, 2],
    [2.5, 2],
    [1.51, 2],
    [1.505, 2],
    [1.504, 1],
    [1.5, 1],
    [1, 1],
  ] as const)('under system A, x̄ = %s is level %s', (mean, level) => {
    expect(levelOf(mean, 'A')).toBe(level);
  });

  it.each([
    // [mean, level] under system B (Best 1977): 4.21–5.00, 3.41–4.20, 2.61–3.40, 1.81–2.60, 1.00–1.80.
    [5, 5],
    [4.21, 5],
    [4.205, 5],
    [4.204, 4],
    [4.2, 4],
    [3.41, 4],
    [3.405, 4],
    [3.404, 3],
    [3.4, 3],
    [2.61, 3],
    [2.605, 3],
    [2.604, 2],
    [2.6, 2],
    [1.81, 2],
    [1.805, 2],
    [1.804, 1],
    [1.8, 1],
    [1, 1],
  ] as const)('under system B, x̄ = %s is level %s', (mean, level) => {
    expect(levelOf(mean, 'B')).toBe(level);
  });

  it('a mean computed from data that lands on a boundary reads as the level above (901/200 = 4.505)', () => {
    expect(levelOf(901 / 200, 'A')).toBe(5);
    expect(levelOf(841 / 200, 'B')).toBe(5); // 4.205
    expect(levelOf(4.03, 'A')).toBe(4); // "ในภาพรวมมีค่าเฉลี่ยอยู่ในระดับมาก (x̄ = 4.03)"
  });
});

/** x̄, S.D., ร้อยละ and level of respondents whose sums over k items are `sums` (each mean sum / k). */
function ofSums(sums: number[], k: number, system: BandSystem) {
  const sum = sums.reduce((a, b) => a + BigInt(b), 0n);
  const squares = sums.reduce((a, b) => a + BigInt(b * b), 0n);
  return exactStats(sums.length, sum, squares, BigInt(k), system).stats;
}

/** n sums over k items adding up to `total`: as even as they can be. */
const evenSums = (n: number, k: number, total: number) =>
  Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0)).map((s) => {
    if (s < k || s > 5 * k) throw new Error('not a sum of k ratings');
    return s;
  });

/** Adds the respondents' means in floating point, as a spreadsheet or float8 aggregate would. */
const floatMean = (sums: number[], k: number) => sums.reduce((a, s) => a + s / k, 0) / sums.length;

describe('figures half way at the second decimal round up, from whole sums', () => {
  it.each([
    // [items, respondents, Σ of their sums, system, x̄, level]
    [4, 200, 2804, 'A', 3.51, 4], // 3.505
    [4, 200, 2004, 'A', 2.51, 3], // 2.505
    [4, 200, 3364, 'B', 4.21, 5], // 4.205
    [4, 200, 2724, 'B', 3.41, 4], // 3.405
    [5, 200, 4505, 'A', 4.51, 5], // 4.505
    [5, 200, 1805, 'B', 1.81, 2], // 1.805
    [5, 40, 701, 'A', 3.51, 4], // 3.505
    [21, 200, 18921, 'A', 4.51, 5], // 4.505 = 18921/4200, the overall of a 21-item survey
    [21, 200, 14721, 'A', 3.51, 4], // 3.505
    [21, 200, 17661, 'B', 4.21, 5], // 4.205
    [21, 200, 14301, 'B', 3.41, 4], // 3.405
    [21, 200, 10941, 'B', 2.61, 3], // 2.605
  ] as const)(
    'a %s-item dimension, %s respondents, Σ %s: under %s x̄ = %s, level %s',
    (k, n, total, system, mean, level) => {
      const sums = evenSums(n, k, total);
      const stats = ofSums(sums, k, system);
      expect([stats.mean, stats.level]).toEqual([mean, level]);
      // The same figure for an item whose ratings add up to the same mean reads the same.
      const hundredths = Math.round(mean * 100);
      expect(levelOfHundredths(hundredths, system)).toBe(level);
    },
  );

  it('where adding the means in floating point gives 4.504999…, the exact figure is 4.51 (มากที่สุด)', () => {
    // 200 respondents over 21 items: 93 rated 93 in all, 107 rated 96; x̄ = 18921/4200 = 4.505.
    const sums = [...Array(93).fill(93), ...Array(107).fill(96)] as number[];
    expect(sums.reduce((a, b) => a + b, 0)).toBe(18921);
    // Adding 93/21 and 96/21 in binary drifts below the half, and the old rule read level 4.
    expect(floatMean(sums, 21)).toBeLessThan(4.505);
    expect(levelOf(floatMean(sums, 21), 'A')).toBe(4);
    expect(ofSums(sums, 21, 'A')).toMatchObject({ mean: 4.51, percent: 90.1, level: 5 });
  });

  it('ร้อยละ is x̄ / 5 × 100 of the exact mean, rounded the same way', () => {
    // 2707/800 × 20 = 67.675; 2701/800 × 20 = 67.525; 701/200 × 20 = 70.1.
    expect(ofSums(evenSums(200, 4, 2707), 4, 'A').percent).toBe(67.68);
    expect(ofSums(evenSums(200, 4, 2701), 4, 'A').percent).toBe(67.53);
    expect(ofSums(evenSums(40, 5, 701), 5, 'A').percent).toBe(70.1);
  });

  it('S.D. (n − 1) exactly half way reads the next hundredth up; just below reads the one below', () => {
    // 482 × 1, 3 × 2, 21 × 3, 70 × 4: S.D. = 41/40 = 1.025 exactly.
    const ratings = [...Array(482).fill(1), ...Array(3).fill(2), ...Array(21).fill(3), ...Array(70).fill(4)];
    expect(ofSums(ratings, 1, 'A').sd).toBe(1.03);
    // 63 × 4 and one 5: S.D. = 1/8 = 0.125 → 0.13; two values 1 and 2: S.D. = √½ = 0.7071 → 0.71.
    expect(ofSums([...Array(63).fill(4), 5], 1, 'A').sd).toBe(0.13);
    expect(ofSums([1, 2], 1, 'A').sd).toBe(0.71);
    expect(ofSums([3, 3, 3], 1, 'A').sd).toBe(0);
    expect(ofSums([3], 1, 'A').sd).toBeUndefined();
  });

  it('S.D. rounding matches a direct computation over many random sets', () => {
    let seed = 7;
    const rng = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 2000; run++) {
      const n = 2 + Math.floor(rng() * 30);
      const xs = Array.from({ length: n }, () => 1 + Math.floor(rng() * 5));
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
      const got = ofSums(xs, 1, 'A').sd as number;
      // Away from a half the float is right; at a half only the exact comparison is.
      if (Math.abs(sd * 100 - Math.floor(sd * 100) - 0.5) > 1e-6) expect(got).toBe(Math.round(sd * 100) / 100);
    }
  });

  it('a gap half way rounds away from zero, as the means either side of it do', () => {
    expect(round2({ num: 123n, den: 200n })).toBe(0.62); // 0.615
    expect(round2({ num: -123n, den: 200n })).toBe(-0.62);
    expect(round2({ num: -1n, den: 200n })).toBe(-0.01); // −0.005
    expect(round2({ num: -1n, den: 300n })).toBe(0); // −0.0033, not −0
    expect(Object.is(round2({ num: -1n, den: 300n }), -0)).toBe(false);
    expect(hundredthsOf({ num: 701n, den: 200n })).toBe(351);
    expect(hundredthsOf({ num: 7009n, den: 2000n })).toBe(350); // 3.5045
  });

  it('whole square roots are exact, far beyond what a float holds', () => {
    for (const n of [0n, 1n, 2n, 3n, 4n, 24n, 25n, 26n])
      expect(isqrt(n)).toBe(BigInt(Math.floor(Math.sqrt(Number(n)))));
    const big = 10n ** 40n + 12345n;
    expect(isqrt(big * big)).toBe(big);
    expect(isqrt(big * big - 1n)).toBe(big - 1n);
  });
});

describe('ร้อยละ of a mean', () => {
  it.each([
    [5, 100],
    [4.03, 80.6],
    [3.5, 70],
    [1, 20],
  ])('x̄ = %s is %s percent of the highest score', (mean, percent) => {
    expect(percentOfMax(mean)).toBeCloseTo(percent, 10);
  });
});

describe('the sample an officer aims for', () => {
  it.each([
    [500, 223], // 500 / (1 + 500 × 0.0025) = 222.2 → 223
    [1000, 286], // 1000 / 3.5 = 285.7 → 286
    [100, 80], // exactly 80, not 81
    [400, 200], // exactly 200
    [3000, 353], // 3000 / 8.5 = 352.9
    [1, 1],
    [0, 0],
  ])("Yamane (e = 0.05) asks %s people's office for %s responses, rounding up", (population, sample) => {
    expect(yamane(population)).toBe(sample);
  });

  it('Yamane never rounds a whole result up by one because of floating point (N = 1 … 100,000)', () => {
    for (let N = 1; N <= 100_000; N++) {
      // n = 400N / (400 + N), rounded up, in integers.
      const exact = Math.floor((400 * N + 400 + N - 1) / (400 + N));
      if (yamane(N) !== exact) expect.fail(`N = ${N}: ${yamane(N)} instead of ${exact}`);
    }
  });

  it.each([
    // Krejcie & Morgan (1970), Table 1.
    [10, 10],
    [50, 44],
    [100, 80],
    [200, 132],
    [300, 169],
    [500, 217],
    [750, 254],
    [1000, 278],
    [1500, 306],
    [2000, 322],
    [3000, 341],
    [5000, 357],
    [10000, 370],
    [20000, 377],
    [50000, 381],
    [1000000, 384],
  ])('Krejcie & Morgan give %s people %s responses, as their table does', (population, sample) => {
    expect(krejcieMorgan(population)).toBe(sample);
  });

  it('an office with no population set needs no responses', () => {
    expect(krejcieMorgan(0)).toBe(0);
    expect(yamane(-5)).toBe(0);
  });

  it('the office chooses the method', () => {
    expect(requiredSample(500, 'yamane')).toBe(223);
    expect(requiredSample(500, 'krejcie-morgan')).toBe(217);
  });
});

describe('fiscal years', () => {
  it.each([
    ['2024-09-30', 2567],
    ['2024-10-01', 2568],
    ['2024-12-31', 2568],
    ['2025-01-01', 2568],
    ['2025-09-30', 2568],
    ['2025-10-01', 2569],
  ])('%s falls in fiscal year %s', (day, fy) => {
    expect(fiscalYearOf(day)).toBe(fy);
  });

  it('fiscal year 2568 runs from 1 October 2024 to 30 September 2025', () => {
    expect(fiscalYearDays(2568)).toEqual({ from: '2024-10-01', to: '2025-09-30' });
    expect(fiscalYearDays(2569)).toEqual({ from: '2025-10-01', to: '2026-09-30' });
  });

  it('the first and the last day of a fiscal year belong to it', () => {
    for (const fy of [2560, 2567, 2568, 2569, 2600]) {
      const { from, to } = fiscalYearDays(fy);
      expect([fiscalYearOf(from), fiscalYearOf(to)]).toEqual([fy, fy]);
    }
  });
});
