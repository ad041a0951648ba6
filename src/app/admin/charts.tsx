/**
 * Charts in plain SVG: they scale with the screen, print sharp on paper, and need no library in
 * the supervisors' chunk. Each has a text alternative; the tables beside them hold the numbers.
 */
import { formatDate, formatNumber } from '../../core/format.js';
import { fitAxis, placeLabels } from '../../core/ipa-layout.js';
import { type IpaQuadrant, ipaCentre, ipaQuadrant } from '../../core/ipa.js';
import type { Lang } from '../../core/survey.js';

const EXP = '#8fb3de';
const SAT = '#1d4e89';

/** Expectation beside satisfaction, one pair of bars per row, on the 1–5 scale. */
export function PairBars(props: {
  rows: { label: string; expectation?: number | undefined; satisfaction?: number | undefined }[];
  title: string;
  legend: { expectation: string; satisfaction: string };
  lang: Lang;
}) {
  const { rows, lang } = props;
  const rowH = 46;
  const left = 0;
  const width = 600;
  const height = rows.length * rowH + 40;
  const x = (v: number) => left + (v / 5) * (width - 40);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title} preserveAspectRatio="xMinYMin meet">
        {[1, 2, 3, 4, 5].map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 30} stroke="#d5dce4" />
            <text x={x(t)} y={height - 12} font-size="14" text-anchor="middle" fill="#4e5a68">
              {t}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = i * rowH + 4;
          return (
            <g key={r.label}>
              <text x={2} y={y + 11} font-size="13" fill="#1b2430">
                {r.label}
              </text>
              {r.expectation !== undefined && (
                <>
                  <rect x={left} y={y + 15} width={x(r.expectation) - left} height={11} fill={EXP} />
                  <text x={x(r.expectation) + 4} y={y + 25} font-size="12" fill="#1b2430">
                    {formatNumber(r.expectation, lang)}
                  </text>
                </>
              )}
              {r.satisfaction !== undefined && (
                <>
                  <rect x={left} y={y + 28} width={x(r.satisfaction) - left} height={11} fill={SAT} />
                  <text x={x(r.satisfaction) + 4} y={y + 38} font-size="12" fill="#1b2430">
                    {formatNumber(r.satisfaction, lang)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="swatch" style={{ background: EXP }} /> {props.legend.expectation}{' '}
        <span class="swatch" style={{ background: SAT }} /> {props.legend.satisfaction}
      </figcaption>
    </figure>
  );
}

/** An item on the importance–performance chart: its number in the table, label and two x̄. */
export interface IpaPoint {
  code: string;
  label: string;
  x: number;
  y: number;
}

/**
 * Importance–performance: each item at (expectation, satisfaction), numbered as in the table.
 * Lines at the means split four quadrants (`ipaQuadrant`): keep up the good work, concentrate
 * here, low priority, possible overkill. Each axis is fitted to its values (`fitAxis`), and the
 * numbers are placed clear of each other and of the dots (`placeLabels`); one moved away from its
 * dot is joined to it by a thin line. The items of each quadrant are listed beside the chart.
 */
export function IpaChart(props: {
  points: IpaPoint[];
  title: string;
  axes: { x: string; y: string };
  quadrants: Record<IpaQuadrant, string>;
  listTitle: string;
  none: string;
}) {
  const { points } = props;
  if (!points.length) return null;
  const width = 480;
  const height = 440;
  const left = 64;
  const bottom = 48;
  const top = 10;
  const right = 12;
  const ax = fitAxis(points.map((p) => p.x));
  const ay = fitAxis(points.map((p) => p.y));
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const sx = (v: number) => left + ((v - ax.lo) / (ax.hi - ax.lo || 1)) * plotW;
  const sy = (v: number) => top + plotH - ((v - ay.lo) / (ay.hi - ay.lo || 1)) * plotH;
  // The quadrants' lines: the same rule as the findings' "concentrate here" (core/ipa.ts).
  const centre = ipaCentre(points);
  const { x: mx, y: my } = centre;
  // Quadrant names sit in the plot's corners; numbers are kept off them.
  const corner = 14;
  const cornerBoxes = [
    { x0: left, y0: top, x1: left + 140, y1: top + corner + 6 },
    { x0: width - right - 140, y0: top, x1: width - right, y1: top + corner + 6 },
    { x0: left, y0: top + plotH - corner - 6, x1: left + 140, y1: top + plotH },
    { x0: width - right - 140, y0: top + plotH - corner - 6, x1: width - right, y1: top + plotH },
  ];
  const labels = placeLabels(
    points.map((p) => ({ code: p.code, x: sx(p.x), y: sy(p.y) })),
    {
      charWidth: 7.2,
      height: 13,
      radius: 4,
      area: { x0: left + 1, y0: top + 1, x1: width - right - 1, y1: top + plotH - 1 },
      obstacles: cornerBoxes,
    },
  );
  const groups: Record<IpaQuadrant, IpaPoint[]> = { concentrate: [], keep: [], low: [], overkill: [] };
  for (const p of points) groups[ipaQuadrant(p, centre)].push(p);
  const order: IpaQuadrant[] = ['concentrate', 'keep', 'overkill', 'low'];
  return (
    <div class="ipa">
      <figure class="chart chart-square">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
          <rect x={left} y={top} width={plotW} height={plotH} fill="#fbfcfe" stroke="#c9d2dc" />
          <rect x={sx(mx)} y={sy(my)} width={left + plotW - sx(mx)} height={top + plotH - sy(my)} fill="#fdeeee" />
          {ax.ticks.map((v) => (
            <g key={`x${v}`}>
              <line x1={sx(v)} x2={sx(v)} y1={top} y2={top + plotH} stroke="#eef1f5" />
              <text x={sx(v)} y={top + plotH + 16} font-size="11" text-anchor="middle" fill="#4e5a68">
                {v.toFixed(2)}
              </text>
            </g>
          ))}
          {ay.ticks.map((v) => (
            <g key={`y${v}`}>
              <line x1={left} x2={left + plotW} y1={sy(v)} y2={sy(v)} stroke="#eef1f5" />
              <text x={left - 5} y={sy(v) + 4} font-size="11" text-anchor="end" fill="#4e5a68">
                {v.toFixed(2)}
              </text>
            </g>
          ))}
          <line x1={sx(mx)} x2={sx(mx)} y1={top} y2={top + plotH} stroke="#a4161a" stroke-dasharray="4 3" />
          <line x1={left} x2={left + plotW} y1={sy(my)} y2={sy(my)} stroke="#a4161a" stroke-dasharray="4 3" />
          <text x={left + 6} y={top + corner} font-size="12" fill="#7a4b00">
            {props.quadrants.overkill}
          </text>
          <text x={width - right - 6} y={top + corner} font-size="12" text-anchor="end" fill="#1e6b3a">
            {props.quadrants.keep}
          </text>
          <text x={left + 6} y={top + plotH - 8} font-size="12" fill="#4e5a68">
            {props.quadrants.low}
          </text>
          <text x={width - right - 6} y={top + plotH - 8} font-size="12" text-anchor="end" fill="#a4161a">
            {props.quadrants.concentrate}
          </text>
          {labels.map((l) => (
            <g key={l.code}>
              {l.moved && <line x1={l.x} y1={l.y} x2={l.lx + 3} y2={l.ly - 4} stroke="#8a96a3" stroke-width="0.8" />}
              <circle cx={l.x} cy={l.y} r={4} fill={SAT} />
              <text x={l.lx} y={l.ly} font-size="12" fill="#1b2430">
                {l.code}
              </text>
            </g>
          ))}
          <text x={left + plotW / 2} y={height - 8} font-size="13" text-anchor="middle" fill="#1b2430">
            {props.axes.x}
          </text>
          <text
            x={16}
            y={top + plotH / 2}
            font-size="13"
            text-anchor="middle"
            fill="#1b2430"
            transform={`rotate(-90 16 ${top + plotH / 2})`}
          >
            {props.axes.y}
          </text>
        </svg>
      </figure>
      <section class="ipa-lists" aria-label={props.listTitle}>
        <h4>{props.listTitle}</h4>
        {order.map((q) => (
          <div key={q} class={`ipa-list ipa-${q}`} data-quadrant={q}>
            <h5>
              {props.quadrants[q]} ({groups[q].length})
            </h5>
            {groups[q].length ? (
              <ul>
                {groups[q].map((p) => (
                  <li key={p.code}>
                    <strong>{p.code}.</strong> {p.label}{' '}
                    <span class="muted">
                      ({p.x.toFixed(2)}, {p.y.toFixed(2)})
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{props.none}</p>
            )}
          </div>
        ))}
      </section>
    </div>
  );
}

/** Responses per day, first and last day written under the bars. */
export function DayBars({ days, title, lang }: { days: { day: string; n: number }[]; title: string; lang: Lang }) {
  if (!days.length) return null;
  const width = 600;
  const height = 140;
  const base = height - 24;
  const max = Math.max(...days.map((d) => d.n));
  const w = Math.min(40, Math.max(2, (width - 10) / days.length - 2));
  const first = days[0] as { day: string; n: number };
  const last = days.at(-1) as { day: string; n: number };
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <text x={5} y={14} font-size="12" fill="#4e5a68">
          {formatNumber(max, lang)}
        </text>
        <line x1={0} x2={width} y1={base} y2={base} stroke="#c9d2dc" />
        {days.map((d, i) => {
          const h = (d.n / max) * (base - 20);
          return <rect key={d.day} x={5 + i * (w + 2)} y={base - h} width={w} height={h} fill={SAT} />;
        })}
        <text x={5} y={height - 6} font-size="12" fill="#4e5a68">
          {formatDate(first.day, lang)}
        </text>
        {days.length > 1 && (
          <text x={width - 5} y={height - 6} font-size="12" text-anchor="end" fill="#4e5a68">
            {formatDate(last.day, lang)}
          </text>
        )}
      </svg>
      <figcaption class="muted">{title}</figcaption>
    </figure>
  );
}
