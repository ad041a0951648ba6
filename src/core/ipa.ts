/**
 * The importance–performance analysis (IPA) of a survey's paired items: each item is a point at
 * (expectation x̄, satisfaction x̄), and lines at the mean of the points' x and of their y split
 * four quadrants. The results screen's chart (src/app/admin/charts.tsx) and the findings
 * (src/core/findings.ts) both use this one rule, so an item the chart shows under "concentrate
 * here" is the item the findings list.
 */

/** An item on the chart: x = expectation (importance) x̄, y = satisfaction (performance) x̄. */
export interface IpaPoint {
  x: number;
  y: number;
}

/** The four quadrants: keep up the good work, concentrate here, low priority, possible overkill. */
export type IpaQuadrant = 'keep' | 'concentrate' | 'low' | 'overkill';

/** Where the dividing lines are: the mean of the points' x and of their y. */
export function ipaCentre(points: readonly IpaPoint[]): IpaPoint {
  if (!points.length) return { x: 0, y: 0 };
  return {
    x: points.reduce((a, p) => a + p.x, 0) / points.length,
    y: points.reduce((a, p) => a + p.y, 0) / points.length,
  };
}

/**
 * The quadrant of a point. A point on a line counts as high on that axis: an item whose
 * expectation equals the mean is still important, and one whose satisfaction equals the mean is
 * not below it, so "concentrate here" is x ≥ centre x and y < centre y.
 */
export function ipaQuadrant(point: IpaPoint, centre: IpaPoint): IpaQuadrant {
  const important = point.x >= centre.x;
  const performing = point.y >= centre.y;
  if (important) return performing ? 'keep' : 'concentrate';
  return performing ? 'overkill' : 'low';
}
