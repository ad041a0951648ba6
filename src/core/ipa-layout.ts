/**
 * Layout of the importance–performance chart, kept apart from drawing so it can be tested: axes
 * fitted to the data, and item numbers placed where they do not overlap each other or the dots.
 */

/** An axis: its ends and the ticks to label. */
export interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
}

/**
 * An axis that fits `values` on the 1–5 scale: their range with a margin, snapped outwards to a
 * step of 0.1 (or 0.25 / 0.5 on wider ranges), at least 0.4 wide, never outside 1–5.
 */
export function fitAxis(values: readonly number[]): Axis {
  if (!values.length) return { lo: 1, hi: 5, ticks: [1, 2, 3, 4, 5] };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = Math.max(max - min, 0.2);
  const step = span <= 1 ? 0.1 : span <= 2 ? 0.25 : 0.5;
  const margin = Math.max(span * 0.1, step / 2);
  let lo = Math.floor((min - margin) / step + 1e-9) * step;
  let hi = Math.ceil((max + margin) / step - 1e-9) * step;
  if (hi - lo < 0.4) {
    const grow = (0.4 - (hi - lo)) / 2;
    lo -= grow;
    hi += grow;
  }
  lo = Math.max(1, round(lo));
  hi = Math.min(5, round(hi));
  // About five labelled ticks, on a multiple of the step.
  const every = Math.max(1, Math.round((hi - lo) / step / 5));
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step * every) ticks.push(round(t));
  return { lo, hi, ticks };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A point in drawing units and the label drawn beside it. */
export interface LabelInput {
  code: string;
  x: number;
  y: number;
}

/** Where a label's text goes (its baseline's left end) and whether it left its usual place. */
export interface PlacedLabel {
  code: string;
  x: number;
  y: number;
  /** Left end of the text's baseline. */
  lx: number;
  ly: number;
  /** True when the label sits away from its point (draw a leader line). */
  moved: boolean;
}

/** A box, in drawing units. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Places each label beside its point where it overlaps no label placed before it and no dot:
 * first the usual place (up and right), then seven others around the point, then the same
 * ring further out, up to four rings; a label with no free place keeps its usual one. Labels
 * are `charWidth` per character and `height` tall; `area` is where they may go, `obstacles`
 * (the quadrant names, say) where they may not.
 */
export function placeLabels(
  points: readonly LabelInput[],
  options: { charWidth: number; height: number; radius: number; area: Box; obstacles?: readonly Box[] },
): PlacedLabel[] {
  const { charWidth, height, radius, area } = options;
  const dots: Box[] = [
    ...points.map((p) => ({ x0: p.x - radius, y0: p.y - radius, x1: p.x + radius, y1: p.y + radius })),
    ...(options.obstacles ?? []),
  ];
  const placed: Box[] = [];
  const out: PlacedLabel[] = [];
  // Directions as (dx, dy) multipliers of the gap; up-right first, as before.
  const directions: [number, number][] = [
    [1, -1],
    [1, 1],
    [-1, -1],
    [-1, 1],
    [1, 0],
    [-1, 0],
    [0, -1],
    [0, 1],
  ];
  for (const p of points) {
    const w = p.code.length * charWidth;
    const boxAt = (dx: number, dy: number, ring: number): Box => {
      const gap = radius + 2 + (ring - 1) * height;
      // The text box's corner nearest the point sits `gap` away from it in that direction.
      const x0 = dx > 0 ? p.x + gap : dx < 0 ? p.x - gap - w : p.x - w / 2;
      const y1 = dy < 0 ? p.y - gap : dy > 0 ? p.y + gap + height : p.y + height / 2;
      return { x0, y0: y1 - height, x1: x0 + w, y1 };
    };
    const free = (b: Box) =>
      b.x0 >= area.x0 &&
      b.x1 <= area.x1 &&
      b.y0 >= area.y0 &&
      b.y1 <= area.y1 &&
      !placed.some((o) => overlaps(o, b)) &&
      !dots.some((d) => overlaps(d, b));
    let chosen: Box | undefined;
    let moved = false;
    search: for (let ring = 1; ring <= 4; ring++) {
      for (const [dx, dy] of directions) {
        const b = boxAt(dx, dy, ring);
        if (free(b)) {
          chosen = b;
          moved = ring > 1;
          break search;
        }
      }
    }
    const box = chosen ?? boxAt(1, -1, 1);
    placed.push(box);
    out.push({ code: p.code, x: p.x, y: p.y, lx: box.x0, ly: box.y1 - 2, moved });
  }
  return out;
}
