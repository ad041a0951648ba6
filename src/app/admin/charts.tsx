/**
 * Charts in plain SVG: they scale with the screen, print sharp on paper, and need no library in
 * the supervisors' chunk. Each has a text alternative; the tables beside them hold the numbers.
 */
import { formatDate, formatNumber } from '../../core/format.js';
import { ipaCentre } from '../../core/ipa.js';
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

/**
 * Importance–performance: each item at (expectation, satisfaction). Lines at the means split four
 * quadrants: keep up the good work, concentrate here, low priority, possible overkill.
 */
export function IpaChart(props: {
  points: { code: string; x: number; y: number }[];
  title: string;
  axes: { x: string; y: string };
  quadrants: { concentrate: string; keep: string; low: string; overkill: string };
}) {
  const { points } = props;
  if (!points.length) return null;
  const size = 420;
  const pad = 44;
  // Room above and right of the plot for the number of an item rated 5.00 (drawn up and right of its dot).
  const edge = 26;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const lo = Math.max(1, Math.floor(Math.min(...xs, ...ys) * 2) / 2 - 0.5);
  const hi = Math.min(5, Math.ceil(Math.max(...xs, ...ys) * 2) / 2 + 0.5);
  const sx = (v: number) => pad + ((v - lo) / (hi - lo || 1)) * (size - pad - edge);
  const sy = (v: number) => size - pad - ((v - lo) / (hi - lo || 1)) * (size - pad - edge);
  // The quadrants' lines: the same rule as the findings' "concentrate here" (core/ipa.ts).
  const { x: mx, y: my } = ipaCentre(points);
  return (
    <figure class="chart chart-square">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={props.title}>
        <rect x={pad} y={edge} width={size - pad - edge} height={size - pad - edge} fill="#fbfcfe" stroke="#c9d2dc" />
        <line x1={sx(mx)} x2={sx(mx)} y1={edge} y2={size - pad} stroke="#a4161a" stroke-dasharray="4 3" />
        <line x1={pad} x2={size - edge} y1={sy(my)} y2={sy(my)} stroke="#a4161a" stroke-dasharray="4 3" />
        <text x={size - edge - 4} y={edge + 16} font-size="12" text-anchor="end" fill="#1e6b3a">
          {props.quadrants.keep}
        </text>
        <text x={size - edge - 4} y={size - pad - 8} font-size="12" text-anchor="end" fill="#a4161a">
          {props.quadrants.concentrate}
        </text>
        <text x={pad + 6} y={size - pad - 8} font-size="12" fill="#4e5a68">
          {props.quadrants.low}
        </text>
        <text x={pad + 6} y={edge + 16} font-size="12" fill="#7a4b00">
          {props.quadrants.overkill}
        </text>
        {points.map((p) => (
          <g key={p.code}>
            <circle cx={sx(p.x)} cy={sy(p.y)} r={5} fill={SAT} />
            <text x={sx(p.x) + 7} y={sy(p.y) - 5} font-size="12" fill="#1b2430">
              {p.code}
            </text>
          </g>
        ))}
        <text x={(size + pad) / 2} y={size - 8} font-size="13" text-anchor="middle" fill="#1b2430">
          {props.axes.x}
        </text>
        <text
          x={14}
          y={(size - pad) / 2}
          font-size="13"
          text-anchor="middle"
          fill="#1b2430"
          transform={`rotate(-90 14 ${(size - pad) / 2})`}
        >
          {props.axes.y}
        </text>
        {[lo, (lo + hi) / 2, hi].map((t) => (
          <g key={t}>
            <text x={sx(t)} y={size - pad + 16} font-size="11" text-anchor="middle" fill="#4e5a68">
              {t.toFixed(2)}
            </text>
            <text x={pad - 4} y={sy(t) + 4} font-size="11" text-anchor="end" fill="#4e5a68">
              {t.toFixed(2)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
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
