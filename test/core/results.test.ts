/**
 * The rules behind the figures on the results page and the report: the level a mean reads as
 * under band systems A and B, ร้อยละ, the sample sizes an officer aims for, and fiscal years.
 */
import { describe, expect, it } from 'vitest';
import {
  fiscalYearDays,
  fiscalYearOf,
  krejcieMorgan,
  levelOf,
  percentOfMax,
  requiredSample,
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
