/**
 * The importance–performance chart of the annual report as an SVG string: axes fitted to the
 * data (not fixed at 1–5), dashed cut lines at the means, the quadrants named in their corners,
 * and item numbers placed where they do not overlap one another.
 */
import type { IpaPoint, Quadrant } from '../../core/annual-report.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An axis range around values, in steps that read well, with a little room at both ends. */
export function fitAxis(values: number[]): { lo: number; hi: number; step: number } {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = Math.max(hi - lo, 0.2);
  const step = span <= 0.6 ? 0.1 : span <= 1.5 ? 0.25 : 0.5;
  lo = Math.max(1, Math.floor((lo - span * 0.1) / step) * step);
  hi = Math.min(5, Math.ceil((hi + span * 0.1) / step) * step);
  if (hi - lo < step * 2) hi = Math.min(5, lo + step * 2);
  return { lo: Math.round(lo * 100) / 100, hi: Math.round(hi * 100) / 100, step };
}

/** The chart of `points` with cut lines at `cut`. */
export function ipaSvg(
  points: readonly IpaPoint[],
  cut: { x: number; y: number },
  labels: { x: string; y: string; quadrants: Record<Quadrant, string> },
): { svg: string; width: number; height: number } {
  const width = 640;
  const height = 480;
  const left = 64;
  const right = 16;
  const top = 16;
  const bottom = 56;
  const fx = fitAxis([...points.map((p) => p.x), cut.x]);
  const fy = fitAxis([...points.map((p) => p.y), cut.y]);
  const sx = (v: number) => left + ((v - fx.lo) / (fx.hi - fx.lo)) * (width - left - right);
  const sy = (v: number) => height - bottom - ((v - fy.lo) / (fy.hi - fy.lo)) * (height - top - bottom);
  const parts: string[] = [];
  parts.push(
    `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="#fbfcfe" stroke="#8a96a3"/>`,
  );
  const ticks = (f: { lo: number; hi: number; step: number }) => {
    const out: number[] = [];
    for (let v = f.lo; v <= f.hi + 1e-9; v += f.step) out.push(Math.round(v * 100) / 100);
    return out;
  };
  for (const v of ticks(fx))
    parts.push(
      `<line x1="${sx(v)}" x2="${sx(v)}" y1="${height - bottom}" y2="${height - bottom + 5}" stroke="#4e5a68"/>`,
      `<text x="${sx(v)}" y="${height - bottom + 20}" font-size="13" text-anchor="middle" fill="#1b2430">${v.toFixed(2)}</text>`,
    );
  for (const v of ticks(fy))
    parts.push(
      `<line x1="${left - 5}" x2="${left}" y1="${sy(v)}" y2="${sy(v)}" stroke="#4e5a68"/>`,
      `<text x="${left - 8}" y="${sy(v) + 4}" font-size="13" text-anchor="end" fill="#1b2430">${v.toFixed(2)}</text>`,
    );
  parts.push(
    `<line x1="${sx(cut.x)}" x2="${sx(cut.x)}" y1="${top}" y2="${height - bottom}" stroke="#a4161a" stroke-dasharray="5 4"/>`,
    `<line x1="${left}" x2="${width - right}" y1="${sy(cut.y)}" y2="${sy(cut.y)}" stroke="#a4161a" stroke-dasharray="5 4"/>`,
  );
  const q = labels.quadrants;
  const corner = (text: string, x: number, y: number, anchor: string, color: string) =>
    `<text x="${x}" y="${y}" font-size="14" text-anchor="${anchor}" fill="${color}" font-weight="600">${esc(text)}</text>`;
  parts.push(
    corner(q.keep, width - right - 6, top + 18, 'end', '#1e6b3a'),
    corner(q.concentrate, width - right - 6, height - bottom - 8, 'end', '#a4161a'),
    corner(q.low, left + 6, height - bottom - 8, 'start', '#4e5a68'),
    corner(q.overkill, left + 6, top + 18, 'start', '#7a4b00'),
  );
  // Items at the same place share one dot and one label ("1, 2, 17"), in lines of six numbers;
  // each label takes the first free place of eight around its dot, else the least crowded one.
  const groups = new Map<string, { cx: number; cy: number; codes: string[] }>();
  for (const p of points) {
    const key = `${p.x.toFixed(2)}:${p.y.toFixed(2)}`;
    const group = groups.get(key) ?? { cx: sx(p.x), cy: sy(p.y), codes: [] };
    group.codes.push(p.code);
    groups.set(key, group);
  }
  const placed: { x: number; y: number; w: number; h: number }[] = [];
  const overlaps = (a: { x: number; y: number; w: number; h: number }) =>
    placed.filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).length;
  for (const g of groups.values()) placed.push({ x: g.cx - 4, y: g.cy - 4, w: 8, h: 8 });
  for (const g of groups.values()) {
    parts.push(`<circle cx="${g.cx}" cy="${g.cy}" r="4" fill="#1f4e8c"/>`);
    const lines: string[] = [];
    for (let i = 0; i < g.codes.length; i += 6) lines.push(g.codes.slice(i, i + 6).join(', '));
    const w = Math.max(...lines.map((l) => l.length)) * 7 + 4;
    const h = lines.length * 14;
    const options = [
      [6, -h - 2],
      [6, 2],
      [-w - 6, -h - 2],
      [-w - 6, 2],
      [-w / 2, -h - 6],
      [-w / 2, 6],
      [10, -h / 2],
      [-w - 10, -h / 2],
    ].map(([dx, dy]) => ({ x: g.cx + (dx as number), y: g.cy + (dy as number), w, h }));
    const inside = (o: { x: number; y: number; w: number; h: number }) =>
      o.x >= left && o.x + o.w <= width - right && o.y >= top && o.y + o.h <= height - bottom;
    const best =
      options.find((o) => !overlaps(o) && inside(o)) ??
      [...options].sort((a, b) => overlaps(a) - overlaps(b) || Number(inside(b)) - Number(inside(a)))[0];
    if (!best) continue;
    placed.push(best);
    for (const [i, line] of lines.entries())
      parts.push(
        `<text x="${best.x + 2}" y="${best.y + 11 + i * 14}" font-size="13" fill="#1b2430">${esc(line)}</text>`,
      );
  }
  parts.push(
    `<text x="${(width + left - right) / 2}" y="${height - 12}" font-size="15" text-anchor="middle" fill="#1b2430">${esc(labels.x)}</text>`,
    `<text x="18" y="${(height - bottom + top) / 2}" font-size="15" text-anchor="middle" fill="#1b2430" transform="rotate(-90 18 ${(height - bottom + top) / 2})">${esc(labels.y)}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Sarabun, 'TH Sarabun New', sans-serif" role="img">${parts.join('')}</svg>`;
  return { svg, width, height };
}
