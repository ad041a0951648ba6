/**
 * The importance–performance chart a supervisor can read: axes fitted to the data, numbers that
 * do not sit on each other, and the quadrant rule shared by the screen, the report and findings.
 */
import { describe, expect, it } from 'vitest';
import { fitAxis, placeLabels } from '../../src/core/ipa-layout.js';
import { ipaCentre, ipaQuadrant } from '../../src/core/ipa.js';
import { percentOf } from '../../src/core/results.js';

describe('fitAxis', () => {
  it('fits values of 3.6–4.4 closely instead of the whole 1–5 scale', () => {
    const axis = fitAxis([3.6, 3.9, 4.1, 4.4]);
    expect(axis.lo).toBeGreaterThanOrEqual(3.4);
    expect(axis.lo).toBeLessThanOrEqual(3.6);
    expect(axis.hi).toBeGreaterThanOrEqual(4.4);
    expect(axis.hi).toBeLessThanOrEqual(4.6);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of axis.ticks) expect(t >= axis.lo && t <= axis.hi).toBe(true);
  });

  it('spreads items that differ by hundredths (4.20–4.50) over the axis', () => {
    const axis = fitAxis([4.2, 4.25, 4.31, 4.5]);
    expect(axis.hi - axis.lo).toBeLessThanOrEqual(0.6);
    expect(axis.hi - axis.lo).toBeGreaterThanOrEqual(0.4);
  });

  it('never goes outside 1–5, and is at least 0.4 wide when every value is the same', () => {
    expect(fitAxis([5, 5])).toMatchObject({ hi: 5 });
    expect(fitAxis([1, 1.1]).lo).toBe(1);
    const same = fitAxis([3, 3, 3]);
    expect(same.hi - same.lo).toBeGreaterThanOrEqual(0.4);
    expect(fitAxis([])).toEqual({ lo: 1, hi: 5, ticks: [1, 2, 3, 4, 5] });
  });
});

describe('placeLabels', () => {
  const options = { charWidth: 7, height: 12, radius: 5, area: { x0: 0, y0: 0, x1: 400, y1: 400 } };
  type Box = { x0: number; y0: number; x1: number; y1: number };
  const boxOf = (l: { code: string; lx: number; ly: number }): Box => ({
    x0: l.lx,
    x1: l.lx + l.code.length * options.charWidth,
    y0: l.ly + 2 - options.height,
    y1: l.ly + 2,
  });
  const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

  it('keeps a lone label in its usual place, up and right of its point', () => {
    const [one] = placeLabels([{ code: '7', x: 100, y: 100 }], options);
    expect(one).toMatchObject({ moved: false });
    expect(one?.lx).toBeGreaterThan(100);
    expect(one?.ly).toBeLessThan(100);
  });

  it('gives points on the same spot (items 18, 20, 21) labels that do not overlap', () => {
    const codes = ['18', '20', '21', '7', '12', '16', '3', '5', '9', '11'];
    const points = codes.map((code, i) => ({ code, x: 200 + (i % 2), y: 200 }));
    const placed = placeLabels(points, options);
    const boxes = placed.map(boxOf);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i] as Box, boxes[j] as Box)).toBe(false);
    for (const b of boxes) expect(b.x0 >= 0 && b.x1 <= 400 && b.y0 >= 0 && b.y1 <= 400).toBe(true);
    expect(placed.some((p) => p.moved)).toBe(true);
  });

  it('keeps labels inside the plot near an edge', () => {
    const [edge] = placeLabels([{ code: '21', x: 398, y: 2 }], options);
    const b = boxOf(edge as { code: string; lx: number; ly: number });
    expect(b.x1).toBeLessThanOrEqual(400);
    expect(b.y0).toBeGreaterThanOrEqual(0);
  });
});

describe('ipaQuadrant', () => {
  it('puts high expectation with low satisfaction in "concentrate here", split at the means', () => {
    const points = [
      { x: 4.5, y: 3.8 },
      { x: 4.0, y: 4.4 },
      { x: 4.4, y: 4.3 },
      { x: 3.9, y: 3.7 },
    ];
    const centre = ipaCentre(points);
    expect(points.map((p) => ipaQuadrant(p, centre))).toEqual(['concentrate', 'overkill', 'keep', 'low']);
  });

  it('counts a point on a mean line as high', () => {
    expect(ipaQuadrant({ x: 4, y: 4 }, { x: 4, y: 4 })).toBe('keep');
    expect(ipaQuadrant({ x: 4, y: 3.99 }, { x: 4, y: 4 })).toBe('concentrate');
  });
});

describe('percentOf', () => {
  it('writes "เก็บได้ 9 จาก 207 คน" as ร้อยละ 4.35, a half rounding up', () => {
    expect(percentOf(9, 207)).toBe(4.35);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 200)).toBe(0.5);
    expect(percentOf(1, 0)).toBeUndefined();
  });
});
