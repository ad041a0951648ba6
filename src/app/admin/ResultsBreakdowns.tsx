/**
 * The tables supervisors copy into a Thai report: the respondent profile (จำนวนและร้อยละ), sample
 * progress as numbers for the area, each group and every school, the groups side by side, and
 * this fiscal year beside the last. The server computes every figure; these only lay them out.
 */
import type { TFunction } from 'i18next';
import { useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { formatNumber } from '../../core/format.js';
import type {
  GroupCell,
  GroupResult,
  ItemResult,
  ProfileTable,
  RatingStats,
  SchoolProgress,
  SurveyResults,
  YearRow,
} from '../../core/results.js';
import type { Lang } from '../../core/survey.js';
import { fixed2 } from './ResultsTables.js';

/** ร้อยละ with two decimals, as Thai reports print it. */
const pct = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2));

/** A wide table scrolls inside its own box, which takes keyboard focus to scroll without a pointer. */
function Wrap({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the box scrolls sideways on a phone and must be reachable by keyboard (WCAG 2.1.1).
    <section class="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** One profile table: each option's count and ร้อยละ of those who answered the question. */
function Profile({ p, t, lang, minCell }: { p: ProfileTable; t: TFunction; lang: Lang; minCell: number }) {
  const few = t('admin.fewerThan', { min: minCell });
  return (
    <table class="profile">
      <caption>{tr(p.title, lang)}</caption>
      <thead>
        <tr>
          <th scope="col">{t('admin.tables.option')}</th>
          <th scope="col">{t('admin.tables.count')}</th>
          <th scope="col">{t('admin.tables.percent')}</th>
        </tr>
      </thead>
      <tbody>
        {p.options.map((o) => (
          <tr key={o.value}>
            <th scope="row">{tr(o.label, lang)}</th>
            <td class="num">{o.hidden ? few : formatNumber(o.count ?? 0, lang)}</td>
            <td class="num">{o.hidden ? '–' : pct(o.percent)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr class="row-strong">
          <th scope="row">{p.multiple ? t('admin.tables.answered') : t('admin.tables.totalRow')}</th>
          <td class="num">{p.hidden ? few : formatNumber(p.n ?? 0, lang)}</td>
          <td class="num">{p.hidden || !p.n || p.multiple ? '–' : '100.00'}</td>
        </tr>
        {p.multiple && (
          <tr>
            <td colSpan={3} class="muted">
              {t('admin.tables.multipleNote')}
            </td>
          </tr>
        )}
      </tfoot>
    </table>
  );
}

/** จำนวนและร้อยละ of every choice question, the first table of a Thai report. */
export function ProfileTables({ results, t, lang }: { results: SurveyResults; t: TFunction; lang: Lang }) {
  if (!results.profile.length) return null;
  return (
    <section aria-labelledby="profile-title">
      <h3 id="profile-title">{t('admin.tables.profile')}</h3>
      <div class="profile-grid">
        {results.profile.map((p) => (
          <Wrap key={p.questionId} label={tr(p.title, lang)}>
            <Profile p={p} t={t} lang={lang} minCell={results.minCell} />
          </Wrap>
        ))}
      </div>
    </section>
  );
}

/** "เก็บได้ 9 จาก 207 คน (ร้อยละ 4.35)", or the count alone without a target. */
export function progressText(c: SchoolProgress, t: TFunction, lang: Lang, minCell: number): string {
  const n = c.hidden ? t('admin.fewerThan', { min: minCell }) : formatNumber(c.n ?? 0, lang);
  if (c.required === undefined) return t('admin.tables.collected', { n });
  if (c.percent === undefined) return t('admin.tables.collectedOf', { n, required: formatNumber(c.required, lang) });
  return t('admin.tables.progressText', {
    n,
    required: formatNumber(c.required, lang),
    percent: pct(c.percent),
  });
}

function ProgressRows({
  rows,
  t,
  lang,
  minCell,
  strongFirst,
}: {
  rows: (SchoolProgress & { name: string })[];
  t: TFunction;
  lang: Lang;
  minCell: number;
  strongFirst?: boolean;
}) {
  return (
    <tbody>
      {rows.map((c, i) => (
        <tr key={c.key} class={strongFirst && i === 0 ? 'row-strong' : c.n === 0 ? 'row-zero' : ''}>
          <th scope="row">{c.name}</th>
          <td class="num">{c.hidden ? t('admin.fewerThan', { min: minCell }) : formatNumber(c.n ?? 0, lang)}</td>
          <td class="num">{c.population === undefined ? '–' : formatNumber(c.population, lang)}</td>
          <td class="num">{c.required === undefined ? '–' : formatNumber(c.required, lang)}</td>
          <td>
            {/* Without a target the count column says it all. */}
            <span class="progress-text">{c.required === undefined ? '–' : progressText(c, t, lang, minCell)}</span>
            {c.required ? (
              <progress
                max={c.required}
                value={Math.min(c.n ?? 0, c.required)}
                aria-label={t('admin.progressOf', { n: c.hidden ? `<${minCell}` : c.n, required: c.required })}
              />
            ) : null}
          </td>
        </tr>
      ))}
    </tbody>
  );
}

function ProgressHead({ first, t }: { first: string; t: TFunction }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('admin.respondents')}</th>
        <th scope="col">{t('admin.tables.population')}</th>
        <th scope="col">{t('admin.required')}</th>
        <th scope="col">{t('admin.progress')}</th>
      </tr>
    </thead>
  );
}

/** Sample progress for the whole area and each group, then every school (zeros too). */
export function ProgressTables({ results, t, lang }: { results: SurveyResults; t: TFunction; lang: Lang }) {
  const { minCell } = results;
  const groups = [
    { ...results.area, name: t('admin.tables.area') },
    ...results.byGroup.map((g) => ({ ...g, name: g.label ? tr(g.label, lang) : g.key })),
  ];
  const schools = results.bySchool.map((s) => ({ ...s, name: s.label ? tr(s.label, lang) : s.key }));
  const zero = schools.filter((s) => s.n === 0);
  const groupCaption = t('admin.tables.progressGroups');
  const schoolCaption = t('admin.bySchool');
  return (
    <section aria-labelledby="progress-title">
      <h3 id="progress-title">{t('admin.tables.progressHeading')}</h3>
      <p class="lead" data-testid="area-progress">
        {t('admin.tables.area')}: {progressText(results.area, t, lang, minCell)}
      </p>
      <Wrap label={groupCaption}>
        <table class="counts progress-table">
          <caption>{groupCaption}</caption>
          <ProgressHead first={t('admin.group')} t={t} />
          <ProgressRows rows={groups} t={t} lang={lang} minCell={minCell} strongFirst />
        </table>
      </Wrap>
      {schools.length > 0 && (
        <>
          <p class="muted" role="status">
            {zero.length
              ? t('admin.tables.zeroSchools', { count: zero.length, of: schools.length })
              : t('admin.tables.noZeroSchools')}
          </p>
          <Wrap label={schoolCaption}>
            <table class="counts progress-table">
              <caption>{schoolCaption}</caption>
              <ProgressHead first={t('admin.school')} t={t} />
              <ProgressRows rows={schools} t={t} lang={lang} minCell={minCell} />
            </table>
          </Wrap>
        </>
      )}
    </section>
  );
}

type Part = 'satisfaction' | 'expectation';

function pick(r: ItemResult | GroupResult | undefined, part: Part): RatingStats | undefined {
  if (!r) return undefined;
  return part === 'expectation' ? r.expectation : (r.satisfaction ?? r.value);
}

/** One table, a column pair (x̄, S.D.) per stakeholder group with figures, and the whole selection. */
export function GroupsSideBySide({ results, t, lang }: { results: SurveyResults; t: TFunction; lang: Lang }) {
  const [part, setPart] = useState<Part>('satisfaction');
  const shown = results.byGroup.filter((g): g is GroupCell & { overall: GroupResult } => g.overall !== undefined);
  const hidden = results.byGroup.filter((g) => g.overall === undefined);
  const pairs = results.items.some((i) => i.kind === 'rating-pair');
  if (results.total === undefined) return null;
  const caption = t(part === 'satisfaction' ? 'admin.tables.byGroupCaption' : 'admin.tables.byGroupCaptionE');
  let number = 0;
  const codes = new Map(results.items.map((i) => [i.question, String(++number)]));
  const row = (
    id: string,
    label: string,
    all: ItemResult | GroupResult,
    of: (g: GroupCell) => ItemResult | GroupResult | undefined,
    strong: boolean,
  ) => (
    <tr key={id} class={strong ? 'row-strong' : ''}>
      <th scope="row">{label}</th>
      {shown.map((g) => {
        const s = pick(of(g), part);
        return [
          <td key={`${g.key}-m`} class="num">
            {fixed2(s?.mean)}
          </td>,
          <td key={`${g.key}-s`} class="num">
            {fixed2(s?.sd)}
          </td>,
        ];
      })}
      <td class="num">{fixed2(pick(all, part)?.mean)}</td>
      <td class="num">{fixed2(pick(all, part)?.sd)}</td>
    </tr>
  );
  return (
    <section aria-labelledby="groups-title">
      <h3 id="groups-title">{t('admin.tables.byGroupHeading')}</h3>
      {pairs && (
        <fieldset class="segmented no-print">
          <legend>{t('admin.tables.show')}</legend>
          {(['satisfaction', 'expectation'] as const).map((p) => (
            <label key={p}>
              <input type="radio" name="group-part" checked={part === p} onChange={() => setPart(p)} />{' '}
              {t(`rating.${p}`)}
            </label>
          ))}
        </fieldset>
      )}
      {shown.length === 0 ? (
        <p class="muted">{t('admin.tables.byGroupNone', { min: results.minCell })}</p>
      ) : (
        <Wrap label={caption}>
          <table class="side-by-side">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th rowSpan={2} scope="col">
                  {t('admin.item')}
                </th>
                {shown.map((g) => (
                  <th key={g.key} colSpan={2} scope="colgroup">
                    {g.label ? tr(g.label, lang) : g.key} <span class="muted n-line">(n = {g.n})</span>
                  </th>
                ))}
                <th colSpan={2} scope="colgroup">
                  {t('admin.overall')} <span class="muted n-line">(n = {results.total})</span>
                </th>
              </tr>
              <tr>
                {[...shown, { key: '__all' }].map((g) => [
                  <th key={`${g.key}-m`} scope="col">
                    x̄
                  </th>,
                  <th key={`${g.key}-s`} scope="col">
                    S.D.
                  </th>,
                ])}
              </tr>
            </thead>
            {results.dimensions.map((d, di) => (
              <tbody key={d.id}>
                {row(d.id, tr(d.label, lang), d, (g) => g.dimensions?.[di], true)}
                {results.items
                  .map((item, ii) => [item, ii] as const)
                  .filter(([item]) => item.dimension === d.id)
                  .map(([item, ii]) =>
                    row(
                      item.question,
                      `${codes.get(item.question)}. ${tr(item.label, lang)}`,
                      item,
                      (g) => g.items?.[ii],
                      false,
                    ),
                  )}
              </tbody>
            ))}
            <tbody>
              {results.items
                .map((item, ii) => [item, ii] as const)
                .filter(([item]) => item.dimension === null)
                .map(([item, ii]) =>
                  row(
                    item.question,
                    `${codes.get(item.question)}. ${tr(item.label, lang)}`,
                    item,
                    (g) => g.items?.[ii],
                    false,
                  ),
                )}
              {row('__overall', t('admin.overall'), results.overall, (g) => g.overall, true)}
            </tbody>
          </table>
        </Wrap>
      )}
      {hidden.length > 0 && (
        <p class="muted">
          {t('admin.tables.byGroupHidden', {
            min: results.minCell,
            groups: hidden.map((g) => (g.label ? tr(g.label, lang) : g.key)).join(', '),
          })}
        </p>
      )}
    </section>
  );
}

const signed = (x: number | undefined) => (x === undefined ? '–' : (x > 0 ? '+' : '') + x.toFixed(2));

/** This fiscal year's x̄ beside last year's, and the change, per dimension and item. */
export function YearTable({ results, t, lang }: { results: SurveyResults; t: TFunction; lang: Lang }) {
  const fy = results.filter.fiscalYear;
  const prev = results.previousYear;
  if (fy === undefined || !prev) {
    return (
      <section aria-labelledby="year-title">
        <h3 id="year-title">{t('admin.tables.yoyHeading')}</h3>
        <p class="muted">{t('admin.tables.yoyPick')}</p>
      </section>
    );
  }
  const caption = t('admin.tables.yoyCaption', { now: fy, last: prev.fiscalYear });
  let number = 0;
  const codes = new Map(results.items.map((i) => [i.question, String(++number)]));
  const line = (r: YearRow, label: string, strong: boolean) => (
    <tr key={r.id} class={strong ? 'row-strong' : ''}>
      <th scope="row">{label}</th>
      <td class="num">{fixed2(r.last)}</td>
      <td class="num">{fixed2(r.now)}</td>
      <td class={`num ${r.change !== undefined && r.change < 0 ? 'negative' : ''}`}>{signed(r.change)}</td>
    </tr>
  );
  return (
    <section aria-labelledby="year-title">
      <h3 id="year-title">{t('admin.tables.yoyHeading')}</h3>
      {prev.total === 0 ? (
        <p class="muted">{t('admin.tables.yoyNone', { year: prev.fiscalYear })}</p>
      ) : (
        <Wrap label={caption}>
          <table class="year-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.item')}</th>
                <th scope="col">{t('admin.tables.fyMean', { year: prev.fiscalYear })}</th>
                <th scope="col">{t('admin.tables.fyMean', { year: fy })}</th>
                <th scope="col">{t('admin.tables.change')}</th>
              </tr>
            </thead>
            {results.dimensions.map((d, di) => (
              <tbody key={d.id}>
                {prev.dimensions[di] && line(prev.dimensions[di], tr(d.label, lang), true)}
                {results.items
                  .map((item, ii) => [item, ii] as const)
                  .filter(([item]) => item.dimension === d.id)
                  .map(([item, ii]) => {
                    const r = prev.items[ii];
                    return r ? line(r, `${codes.get(item.question)}. ${tr(item.label, lang)}`, false) : null;
                  })}
              </tbody>
            ))}
            <tbody>
              {results.items
                .map((item, ii) => [item, ii] as const)
                .filter(([item]) => item.dimension === null)
                .map(([item, ii]) => {
                  const r = prev.items[ii];
                  return r ? line(r, `${codes.get(item.question)}. ${tr(item.label, lang)}`, false) : null;
                })}
              {line(prev.overall, t('admin.overall'), true)}
            </tbody>
          </table>
        </Wrap>
      )}
      {prev.hidden && <p class="muted">{t('admin.tables.yoyHidden', { min: results.minCell })}</p>}
    </section>
  );
}
