/**
 * The public page `/p` and `/p/<fiscal year>` (docs/participation.md "The public page"): what the
 * office published, for anyone, without signing in: the participation plan, committees, recent
 * activities and survey summaries. Its own chunk and strings; readable offline after one visit.
 */
import { useEffect, useState } from 'preact/hooks';
import enPublic from '../../../locales/en/public.json';
import thPublic from '../../../locales/th/public.json';
import { formatDate, formatDateTime } from '../../core/format.js';
import type { PublicGroup, PublicStats, PublicSummary } from '../../core/public.js';
import type { Lang } from '../../core/survey.js';
import { useOnline, useT } from '../hooks.js';
import { i18next } from '../i18n.js';
import { match, onLinkClick, useLocation } from '../router.js';
import { PublicActions } from './PublicActions.js';
import {
  loadPublicData,
  type PublicActivity,
  type PublicCommittee,
  type PublicData,
  type PublicPlan,
  type Text,
} from './public-data.js';

i18next.addResourceBundle('th', 'translation', { public: thPublic }, true, false);
i18next.addResourceBundle('en', 'translation', { public: enPublic }, true, false);

const LEVELS = ['inform', 'consult', 'involve', 'collaborate', 'empower'];

/** A text in the reader's language (Thai when there is no English). */
function say(text: Text | undefined | null, lang: Lang): string {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return (lang === 'en' && text.en) || text.th;
}

/** A table that may scroll sideways on a phone: a named region reachable by keyboard. */
function Wrap({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: wider than a phone, the table scrolls in its box, which must take keyboard focus to scroll without a pointer (WCAG 2.1.1).
    <section class="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

function Stat({ s, min }: { s: PublicStats | undefined; min: number }) {
  const { t } = useT();
  if (!s) return <td>–</td>;
  if (s.hidden) return <td>{t('public.surveys.hiddenCell', { min })}</td>;
  return <td>{s.mean === undefined ? '–' : s.mean.toFixed(2)}</td>;
}

function Gap({ g }: { g: PublicGroup }) {
  return <td>{g.gap === undefined ? '–' : `${g.gap > 0 ? '+' : ''}${g.gap.toFixed(2)}`}</td>;
}

function FigureRows({ rows, min }: { rows: PublicGroup[]; min: number }) {
  const { lang } = useT();
  return (
    <tbody>
      {rows.map((g) => (
        <tr key={g.id}>
          <th scope="row">{say(g.label, lang)}</th>
          {g.value ? (
            <>
              <Stat s={g.value} min={min} />
              <td>–</td>
              <td>–</td>
            </>
          ) : (
            <>
              <Stat s={g.expectation} min={min} />
              <Stat s={g.satisfaction} min={min} />
              <Gap g={g} />
            </>
          )}
        </tr>
      ))}
    </tbody>
  );
}

function SummaryHead({ first }: { first: string }) {
  const { t } = useT();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('public.surveys.expectation')}</th>
        <th scope="col">{t('public.surveys.satisfaction')}</th>
        <th scope="col">{t('public.surveys.gap')}</th>
      </tr>
    </thead>
  );
}

function Summary({ s }: { s: PublicSummary }) {
  const { t, lang } = useT();
  const title = say(s.title, lang);
  return (
    <article class="card public-card">
      <h3>
        {title} <span class="muted">({t('public.fiscalYear', { year: s.fiscalYear })})</span>
      </h3>
      {s.hidden ? (
        <p>{t('public.surveys.fewer', { min: s.minCell })}</p>
      ) : (
        <>
          <p>{t('public.surveys.respondents', { count: s.total ?? 0 })}</p>
          <Wrap label={t('public.surveys.caption')}>
            <table class="counts">
              <caption>{t('public.surveys.caption')}</caption>
              <SummaryHead first={t('public.surveys.topic')} />
              <FigureRows rows={[s.overall, ...s.dimensions]} min={s.minCell} />
            </table>
          </Wrap>
          <p class="muted">{t('public.surveys.gapNote')}</p>
          {s.byGroup.length > 0 && (
            <Wrap label={t('public.surveys.groupsCaption')}>
              <table class="counts">
                <caption>{t('public.surveys.groupsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('public.committees.group')}</th>
                    <th scope="col">{t('public.surveys.groupCount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.byGroup.map((c) => (
                    <tr key={c.key}>
                      <th scope="row">{c.label ? say(c.label, lang) : c.key}</th>
                      <td>{c.hidden ? t('public.surveys.hiddenCell', { min: s.minCell }) : c.n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Wrap>
          )}
          {s.items && s.items.length > 0 && (
            <details>
              <summary>{t('public.surveys.items')}</summary>
              <Wrap label={t('public.surveys.itemsCaption')}>
                <table class="counts">
                  <caption>{t('public.surveys.itemsCaption')}</caption>
                  <SummaryHead first={t('public.surveys.item')} />
                  <FigureRows rows={s.items.map((i) => ({ ...i, id: i.question }))} min={s.minCell} />
                </table>
              </Wrap>
            </details>
          )}
        </>
      )}
    </article>
  );
}

function Plan({ plan, groupName }: { plan: PublicPlan; groupName: (id: string) => string }) {
  const { t, lang } = useT();
  const missions = [...plan.missions];
  const known = new Set(missions.map((m) => String(m.id)));
  const orphans = plan.rows.filter((r) => !known.has(String(r.mission)));
  const blocks = [
    ...missions.map((m) => ({
      key: String(m.id),
      title: [m.code, say(m.title ?? m.name, lang)].filter(Boolean).join(' '),
      rows: plan.rows.filter((r) => String(r.mission) === String(m.id)),
    })),
    ...(orphans.length ? [{ key: '__other', title: t('public.plan.otherMission'), rows: orphans }] : []),
  ].filter((b) => b.rows.length);
  return (
    <>
      {blocks.map((b) => (
        <Wrap key={b.key} label={t('public.plan.caption', { mission: b.title })}>
          <table class="counts">
            <caption>{t('public.plan.caption', { mission: b.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('public.plan.group')}</th>
                <th scope="col">{t('public.plan.level')}</th>
                <th scope="col">{t('public.plan.expectation')}</th>
                <th scope="col">{t('public.plan.channels')}</th>
                <th scope="col">{t('public.plan.frequency')}</th>
                <th scope="col">{t('public.plan.practice')}</th>
                <th scope="col">{t('public.plan.indicator')}</th>
                <th scope="col">{t('public.plan.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {[...b.rows]
                .sort((x, y) => LEVELS.indexOf(x.level) - LEVELS.indexOf(y.level))
                .map((r) => (
                  <tr key={String(r.id)}>
                    <th scope="row">{groupName(String(r.group))}</th>
                    <td>{LEVELS.includes(r.level) ? t(`public.levels.${r.level}`) : r.level}</td>
                    <td>{say(r.expectation, lang)}</td>
                    <td>{(r.channels ?? []).map((c) => say(c.name, lang)).join(', ')}</td>
                    <td>{say(r.frequency, lang)}</td>
                    <td>{say(r.practice, lang)}</td>
                    <td>
                      {[say(r.indicator?.what, lang), r.indicator?.target, say(r.indicator?.unit, lang)]
                        .filter((x) => x !== undefined && x !== '')
                        .join(' ')}
                    </td>
                    <td>
                      {(r.progress ?? []).map((p) => (
                        <div key={String(p.round)}>
                          {t('public.plan.round', {
                            round: p.round,
                            value: p.value,
                            percent: p.percent ?? '–',
                            state: t(p.onTarget ? 'public.plan.onTarget' : 'public.plan.offTarget'),
                          })}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </Wrap>
      ))}
    </>
  );
}

function Committee({ c, groupName }: { c: PublicCommittee; groupName: (id: string) => string }) {
  const { t, lang } = useT();
  const name = say(c.name, lang);
  return (
    <article class="card public-card">
      <h3>{name}</h3>
      {say(c.purpose, lang) && <p>{say(c.purpose, lang)}</p>}
      <p class="muted">
        {[
          c.orderNumber && t('public.committees.order', { number: c.orderNumber }),
          c.orderDate && t('public.committees.orderDate', { date: formatDate(c.orderDate, lang) }),
          c.termFrom &&
            c.termTo &&
            t('public.committees.term', { from: formatDate(c.termFrom, lang), to: formatDate(c.termTo, lang) }),
        ]
          .filter(Boolean)
          .join(' ')}
      </p>
      {c.members.length > 0 && (
        <Wrap label={t('public.committees.caption', { name })}>
          <table class="counts">
            <caption>{t('public.committees.caption', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('public.committees.name')}</th>
                <th scope="col">{t('public.committees.role')}</th>
                <th scope="col">{t('public.committees.group')}</th>
                <th scope="col">{t('public.committees.organisation')}</th>
              </tr>
            </thead>
            <tbody>
              {c.members.map((m, i) => (
                <tr key={i}>
                  <th scope="row">{m.name}</th>
                  <td>{say(m.role, lang)}</td>
                  <td>{m.group ? groupName(m.group) : ''}</td>
                  <td>{m.organisation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wrap>
      )}
    </article>
  );
}

function Activity({ a, groupName }: { a: PublicActivity; groupName: (id: string) => string }) {
  const { t, lang } = useT();
  const count = Object.values(a.participants).reduce((x, y) => x + y, 0);
  const photos = a.attachments.filter((f) => f.kind === 'photo' && f.type.startsWith('image/'));
  return (
    <article class="card public-card">
      <h3>{a.title}</h3>
      <p class="muted">
        {formatDate(a.date, lang)}
        {a.place && ` · ${a.place}`}
      </p>
      <p>
        {t('public.activities.level', { level: LEVELS.includes(a.level) ? t(`public.levels.${a.level}`) : a.level })}
        {' · '}
        {t('public.activities.participants', { count })}
        {a.groups.length > 0 && ` (${a.groups.map(groupName).join(', ')})`}
      </p>
      {a.summary && <p>{a.summary}</p>}
      {a.result && <p>{t('public.activities.result', { result: a.result })}</p>}
      {photos.length > 0 && (
        <div class="public-photos">
          {photos.map((p) => (
            <img
              key={p.url}
              src={p.url}
              loading="lazy"
              width={320}
              height={240}
              alt={
                p.takenAt
                  ? t('public.activities.photoDated', { title: a.title, date: formatDate(p.takenAt, lang) })
                  : t('public.activities.photo', { title: a.title })
              }
            />
          ))}
        </div>
      )}
    </article>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="public-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The public page. */
export function PublicPage() {
  const { t, lang } = useT();
  const online = useOnline();
  const { path } = useLocation();
  const asked = Number(match('/p/:fy', path)?.fy) || undefined;
  const [data, setData] = useState<PublicData | null | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    void loadPublicData(asked).then((d) => live && setData((old) => d ?? old ?? null));
    return () => {
      live = false;
    };
  }, [asked, attempt]);
  // On the first visit the data may arrive before the service worker takes the page over: read
  // it again through the worker then, so that it keeps a copy for reading offline.
  useEffect(() => {
    const sw = globalThis.navigator?.serviceWorker;
    if (!sw || sw.controller) return;
    const again = () => setAttempt((n) => n + 1);
    sw.addEventListener('controllerchange', again, { once: true });
    return () => sw.removeEventListener('controllerchange', again);
  }, []);
  useEffect(() => {
    document.title = `${t('public.title')} · ${say(data?.office, lang) || t('app.name')}`;
  }, [data, lang]);

  if (data === undefined) return <p role="status">{t('public.loading')}</p>;
  if (data === null)
    return (
      <section>
        <h1>{t('public.title')}</h1>
        <p role="alert">{t('public.unavailable')}</p>
        <button
          type="button"
          class="button"
          onClick={() => {
            setData(undefined);
            setAttempt((n) => n + 1);
          }}
        >
          {t('public.retry')}
        </button>
      </section>
    );

  const names = new Map<string, string>();
  for (const s of data.summaries ?? []) for (const c of s.byGroup) if (c.label) names.set(c.key, say(c.label, lang));
  for (const g of data.plan?.groups ?? []) names.set(String(g.id), say(g.name, lang));
  const groupName = (id: string) => names.get(id) ?? id;
  const fy = data.fiscalYear;
  const when = data.updatedAt ? formatDateTime(data.updatedAt, lang, 'Asia/Bangkok') : '';
  const summaries = (data.summaries ?? []).filter((s) => !asked || s.fiscalYear === asked);
  const planRows = data.plan?.rows.length ? data.plan : null;
  const yearLink = (year: number, key: 'previousYear' | 'nextYear') => (
    <a href={`/p/${year}`} onClick={onLinkClick}>
      {t(`public.${key}`, { year })}
    </a>
  );

  return (
    <div class="public-page">
      {data.office && <p class="eyebrow">{say(data.office, lang)}</p>}
      <h1>{t('public.title')}</h1>
      <p>
        <strong>{t('public.fiscalYear', { year: fy })}</strong>
      </p>
      {when && (
        <p class="muted" role="status">
          {online ? t('public.updated', { when }) : t('public.offlineCopy', { when })}
        </p>
      )}
      <p>{t('public.intro')}</p>
      <nav aria-label={t('public.contents')}>
        <ul class="public-toc">
          <li>
            <a href="#p-surveys">{t('public.surveys.heading')}</a>
          </li>
          <li>
            <a href="#p-plan">{t('public.plan.heading')}</a>
          </li>
          <li>
            <a href="#p-committees">{t('public.committees.heading')}</a>
          </li>
          <li>
            <a href="#p-activities">{t('public.activities.heading')}</a>
          </li>
          <li>
            <a href="#p-actions">{t('public.actions.heading')}</a>
          </li>
        </ul>
      </nav>
      <Section id="p-surveys" title={t('public.surveys.heading')}>
        {summaries.length ? (
          summaries.map((s) => <Summary key={`${s.surveyId}-${s.fiscalYear}`} s={s} />)
        ) : (
          <p>{t('public.surveys.none')}</p>
        )}
      </Section>
      <Section id="p-plan" title={t('public.plan.heading')}>
        {planRows ? <Plan plan={planRows} groupName={groupName} /> : <p>{t('public.plan.none')}</p>}
      </Section>
      <Section id="p-committees" title={t('public.committees.heading')}>
        {data.committees?.length ? (
          data.committees.map((c) => <Committee key={c.id} c={c} groupName={groupName} />)
        ) : (
          <p>{t('public.committees.none')}</p>
        )}
      </Section>
      <Section id="p-activities" title={t('public.activities.heading')}>
        {data.activities?.length ? (
          data.activities.slice(0, 12).map((a) => <Activity key={a.id} a={a} groupName={groupName} />)
        ) : (
          <p>{t('public.activities.none')}</p>
        )}
      </Section>
      <Section id="p-actions" title={t('public.actions.heading')}>
        <PublicActions actions={data.actions} />
      </Section>
      <nav aria-label={t('public.yearNav')}>
        <p class="public-years">
          {yearLink(fy - 1, 'previousYear')}
          {asked && yearLink(fy + 1, 'nextYear')}
        </p>
      </nav>
    </div>
  );
}
