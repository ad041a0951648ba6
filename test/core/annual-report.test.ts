/**
 * The pure rules of the annual report: where an item falls on the importance–performance chart
 * (cut lines at the items' means, an item on a line counting as high) and the mean bands of each
 * band system as the report prints them.
 */
import { describe, expect, it } from 'vitest';
import { bandsOf, placeIpa } from '../../src/core/annual-report.js';

const point = (code: string, x: number, y: number) => ({
  code,
  question: `q${code}`,
  label: { th: code, en: code },
  x,
  y,
});

describe('the annual report', () => {
  it('places items in the four quadrants around the means of all items', () => {
    const { cut, points } = placeIpa([
      point('1', 4.5, 3.0),
      point('2', 4.5, 4.0),
      point('3', 3.5, 3.0),
      point('4', 3.5, 4.0),
    ]);
    expect(cut).toEqual({ x: 4, y: 3.5 });
    expect(points.map((p) => [p.code, p.quadrant])).toEqual([
      ['1', 'concentrate'],
      ['2', 'keep'],
      ['3', 'low'],
      ['4', 'overkill'],
    ]);
  });

  it('counts an item on a cut line as high', () => {
    const { points } = placeIpa([point('1', 4, 3.5), point('2', 4.5, 4), point('3', 3.5, 3)]);
    expect(points[0]?.quadrant).toBe('keep');
  });

  it('has no chart without items', () => {
    expect(placeIpa([])).toEqual({ cut: null, points: [] });
  });

  it('prints the bands of Boonchom (0.50 wide) and of Best (0.80 wide), level 5 first', () => {
    expect(bandsOf('A').map((b) => [b.level, b.from, b.to])).toEqual([
      [5, 4.51, 5],
      [4, 3.51, 4.5],
      [3, 2.51, 3.5],
      [2, 1.51, 2.5],
      [1, 1, 1.5],
    ]);
    expect(bandsOf('B').map((b) => [b.from, b.to])).toEqual([
      [4.21, 5],
      [3.41, 4.2],
      [2.61, 3.4],
      [1.81, 2.6],
      [1, 1.8],
    ]);
  });
});
