/** The tables Thai offices report with: x̄, S.D. and level per item, per dimension and overall. */
import type { TFunction } from 'i18next';
import { tr } from '../../core/answers.js';
import {
  LEVEL_KEYS,
  type Cell,
  type GroupResult,
  type ItemResult,
  type RatingStats,
  type SurveyResults,
} from '../../core/results.js';
import type { Lang } from '../../core/survey.js';

/** Two decimals, Arabic digits (the results' figures come rounded to 2 decimals, a half up). */
export const fixed2 = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(2));

function Stats({ s, t }: { s: RatingStats | undefined; t: TFunction }) {
  if (!s || s.mean === undefined) {
    return (
      <>
        <td class="num">{s && (s.hidden || (s.n ?? 0) > 0) ? t('admin.hidden') : '–'}</td>
        <td class="num">–</td>
        <td>–</td>
      </>
    );
  }
  return (
    <>
      <td class="num">{fixed2(s.mean)}</td>
      <td class="num">{fixed2(s.sd)}</td>
      <td>{s.level ? t(`rating.${LEVEL_KEYS[s.level]}`) : '–'}</td>
    </>
  );
}

function Row({ r, label, t, strong }: { r: ItemResult | GroupResult; label: string; t: TFunction; strong?: boolean }) {
  const pair = r.expectation !== undefined || r.satisfaction !== undefined;
  return (
    <tr class={strong ? 'row-strong' : ''}>
      <th scope="row">{label}</th>
      {pair ? <Stats s={r.expectation} t={t} /> : <td colSpan={3}>–</td>}
      <Stats s={pair ? r.satisfaction : r.value} t={t} />
      <td class="num">{r.gap === undefined ? '–' : (r.gap > 0 ? '+' : '') + r.gap.toFixed(2)}</td>
    </tr>
  );
}

/** Items grouped by dimension, each dimension's summary row first, the overall last. */
export function ResultsTable({ results, t, lang }: { results: SurveyResults; t: TFunction; lang: Lang }) {
  let number = 0;
  const codes = new Map(results.items.map((i) => [i.question, String(++number)]));
  const caption = t('admin.resultsCaption', { n: results.total ?? t('admin.fewerThan', { min: results.minCell }) });
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: wider than a phone, the table scrolls in its box, which must take keyboard focus to scroll without a pointer (WCAG 2.1.1).
    <section class="table-wrap" aria-label={caption} tabIndex={0}>
      <table class="results">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              {t('admin.item')}
            </th>
            <th colSpan={3} scope="colgroup">
              {t('rating.expectation')}
            </th>
            <th colSpan={3} scope="colgroup">
              {t('rating.satisfaction')}
            </th>
            <th rowSpan={2} scope="col">
              {t('admin.gap')}
            </th>
          </tr>
          <tr>
            <th scope="col">x̄</th>
            <th scope="col">S.D.</th>
            <th scope="col">{t('admin.level')}</th>
            <th scope="col">x̄</th>
            <th scope="col">S.D.</th>
            <th scope="col">{t('admin.level')}</th>
          </tr>
        </thead>
        {results.dimensions.map((d) => (
          <tbody key={d.id}>
            <Row r={d} label={tr(d.label, lang)} t={t} strong />
            {results.items
              .filter((i) => i.dimension === d.id)
              .map((i) => (
                <Row key={i.question} r={i} label={`${codes.get(i.question)}. ${tr(i.label, lang)}`} t={t} />
              ))}
          </tbody>
        ))}
        <tbody>
          {results.items
            .filter((i) => i.dimension === null)
            .map((i) => (
              <Row key={i.question} r={i} label={`${codes.get(i.question)}. ${tr(i.label, lang)}`} t={t} />
            ))}
          <Row r={results.overall} label={t('admin.overall')} t={t} strong />
        </tbody>
      </table>
    </section>
  );
}

/** The sentence Thai reports open with: "ในภาพรวมมีค่าเฉลี่ยอยู่ในระดับมาก (x̄ = 4.03, S.D. = 0.65)". */
export function overallSentence(results: SurveyResults, t: TFunction): string {
  const s = results.overall.satisfaction ?? results.overall.value;
  if (!s?.mean || !s.level) return t('admin.notEnough', { min: results.minCell });
  return t('admin.overallSentence', {
    level: t(`rating.${LEVEL_KEYS[s.level]}`),
    mean: fixed2(s.mean),
    sd: fixed2(s.sd),
  });
}

/** Counts by a breakdown, hidden cells shown as "fewer than 5". */
export function CountTable(props: {
  caption: string;
  head: string;
  cells: (Cell & { population?: number; required?: number })[];
  t: TFunction;
  lang: Lang;
  minCell: number;
  targets?: boolean;
}) {
  const { cells, t, lang } = props;
  return (
    <div class="table-wrap">
      <table class="counts">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col">{t('admin.respondents')}</th>
            {props.targets && <th scope="col">{t('admin.required')}</th>}
            {props.targets && <th scope="col">{t('admin.progress')}</th>}
          </tr>
        </thead>
        <tbody>
          {cells.length === 0 && (
            <tr>
              <td colSpan={props.targets ? 4 : 2} class="muted">
                {t('admin.noBreakdown')}
              </td>
            </tr>
          )}
          {cells.map((c) => (
            <tr key={c.key}>
              <th scope="row">{c.label ? tr(c.label, lang) : c.key}</th>
              <td class="num">{c.hidden ? t('admin.fewerThan', { min: props.minCell }) : c.n}</td>
              {props.targets && <td class="num">{c.required ?? '–'}</td>}
              {props.targets && (
                <td>
                  {c.required ? (
                    <progress
                      max={c.required}
                      value={Math.min(c.n ?? 0, c.required)}
                      aria-label={t('admin.progressOf', {
                        n: c.hidden ? `<${props.minCell}` : c.n,
                        required: c.required,
                      })}
                    />
                  ) : (
                    '–'
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
