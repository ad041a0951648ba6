/**
 * The importance–performance chart of the annual report as an SVG string: axes fitted to the
 * data (not fixed at 1–5), dashed cut lines at the means, the quadrants named in their corners,
 * and item numbers placed where they do not overlap one another.
 */
import type { IpaPoint, Quadrant } from '../../core/annual-report.js';
import { fitAxis, placeLabels } from '../../core/ipa-layout.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart of `points` with cut lines at `cut`. */
export function ipaSvg(
  points: readonly IpaPoint[],
  cut: { x: number; y: number },
  labels: { x: string; y: string; quadrants: Record<Quadrant, string>; title: string },
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
  // The same axes as the results screen's chart (core/ipa-layout.ts).
  for (const v of fx.ticks)
    parts.push(
      `<line x1="${sx(v)}" x2="${sx(v)}" y1="${height - bottom}" y2="${height - bottom + 5}" stroke="#4e5a68"/>`,
      `<text x="${sx(v)}" y="${height - bottom + 20}" font-size="13" text-anchor="middle" fill="#1b2430">${v.toFixed(2)}</text>`,
    );
  for (const v of fy.ticks)
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
  // Items at the same place share one dot and one label ("1, 2, 17"); labels are placed clear of
  // each other, the dots and the quadrant names as on the results screen (core/ipa-layout.ts).
  const groups = new Map<string, { x: number; y: number; codes: string[] }>();
  for (const p of points) {
    const key = `${p.x.toFixed(2)}:${p.y.toFixed(2)}`;
    const group = groups.get(key) ?? { x: sx(p.x), y: sy(p.y), codes: [] };
    group.codes.push(p.code);
    groups.set(key, group);
  }
  const cornerBox = (x0: number, y0: number) => ({ x0, y0, x1: x0 + 170, y1: y0 + 22 });
  const placed = placeLabels(
    [...groups.values()].map((g) => ({ code: g.codes.join(', '), x: g.x, y: g.y })),
    {
      charWidth: 7,
      height: 14,
      radius: 4,
      area: { x0: left + 1, y0: top + 1, x1: width - right - 1, y1: height - bottom - 1 },
      obstacles: [
        cornerBox(left, top),
        cornerBox(width - right - 170, top),
        cornerBox(left, height - bottom - 22),
        cornerBox(width - right - 170, height - bottom - 22),
      ],
    },
  );
  for (const l of placed) {
    parts.push(`<circle cx="${l.x}" cy="${l.y}" r="4" fill="#1f4e8c"/>`);
    if (l.moved) parts.push(`<line x1="${l.x}" y1="${l.y}" x2="${l.lx}" y2="${l.ly - 4}" stroke="#8a96a3"/>`);
    parts.push(`<text x="${l.lx}" y="${l.ly}" font-size="13" fill="#1b2430">${esc(l.code)}</text>`);
  }
  parts.push(
    `<text x="${(width + left - right) / 2}" y="${height - 12}" font-size="15" text-anchor="middle" fill="#1b2430">${esc(labels.x)}</text>`,
    `<text x="18" y="${(height - bottom + top) / 2}" font-size="15" text-anchor="middle" fill="#1b2430" transform="rotate(-90 18 ${(height - bottom + top) / 2})">${esc(labels.y)}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Sarabun, 'TH Sarabun New', sans-serif" role="img" aria-label="${esc(labels.title)}"><title>${esc(labels.title)}</title>${parts.join('')}</svg>`;
  return { svg, width, height };
}
