/**
 * The builder's list (`/admin/surveys`): every survey with its state in words, its versions and
 * their responses, who changed it when, and for admins the ways to edit, open or close it, set
 * its collection window (BE dates), export it as an XLSForm and see its results. Supervisors see
 * the same list without the actions.
 */
import { useEffect, useState } from 'preact/hooks';
import { localIsoDay } from '../../../core/answers.js';
import { formatDate, formatWhen } from '../../../core/format.js';
import { useT } from '../../hooks.js';
import { DateSelects } from '../../questions/DateSelects.js';
import { onLinkClick } from '../../router.js';
import type { Me } from '../api.js';
import { CreateSurvey } from './CreateSurvey.js';
import { OFFICE_ZONE } from './new-survey.js';
import { type AdminSurvey, listAdminSurveys, SurveyApiError, setOpen, setWindow, xlsformUrl } from './survey-api.js';
import './surveys.css';

const dayOf = (iso: string | null) => (iso ? localIsoDay(new Date(iso), OFFICE_ZONE) : undefined);
const startOf = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();
const endOf = (day: string) => new Date(`${day}T23:59:59+07:00`).toISOString();
const isDay = (day: string | undefined) => day === undefined || /^\d{4}-\d\d-\d\d$/.test(day);

/** The survey list with its actions. */
export function SurveyList({ me }: { me: Me }) {
  const { t } = useT();
  const [surveys, setSurveys] = useState<AdminSurvey[]>();
  const [problem, setProblem] = useState('');
  const reload = () =>
    listAdminSurveys()
      .then((list) => {
        setSurveys(list);
        setProblem('');
      })
      .catch((e: unknown) =>
        setProblem(e instanceof SurveyApiError && e.status === 0 ? t('admin.offline') : t('admin.surveys.loadFailed')),
      );
  useEffect(() => void reload(), []);
  const admin = me.role === 'admin';
  return (
    <section class="surveys-screen" aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t('admin.surveys.title')}</h1>
      {!admin && <p class="muted">{t('admin.surveys.readOnly')}</p>}
      {problem && (
        <p class="banner banner-error" role="alert">
          {problem}
        </p>
      )}
      {!surveys && !problem && <p aria-busy="true">{t('common.loading')}</p>}
      {surveys && surveys.length === 0 && <p>{t('admin.surveys.none')}</p>}
      {surveys && surveys.length > 0 && (
        <ul class="cards survey-cards">
          {surveys.map((s) => (
            <SurveyCard key={s.id} survey={s} admin={admin} onChanged={() => void reload()} />
          ))}
        </ul>
      )}
      {admin && surveys && <CreateSurvey surveys={surveys} />}
    </section>
  );
}

function SurveyCard({ survey: s, admin, onChanged }: { survey: AdminSurvey; admin: boolean; onChanged(): void }) {
  const { t, lang } = useT();
  const other = lang === 'th' ? 'en' : 'th';
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [exportHref, setExportHref] = useState<string>();
  useEffect(() => {
    if (admin && s.latestVersion !== null) void xlsformUrl(s.id).then(setExportHref);
  }, [s.id, s.latestVersion]);
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setProblem('');
    try {
      await action();
      onChanged();
    } catch (e) {
      setProblem(e instanceof SurveyApiError && e.status === 0 ? t('admin.offline') : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const titleId = `survey-${s.id}-title`;
  const published = s.latestVersion !== null;
  return (
    <li class="card survey-card" aria-labelledby={titleId}>
      <div class="survey-card-head">
        <h2 id={titleId} lang={lang}>
          {s.title[lang]}
        </h2>
        <span class={`survey-state survey-state-${s.state}`}>{t(`admin.surveys.state.${s.state}`)}</span>
      </div>
      <p class="muted" lang={other}>
        {s.title[other]}
      </p>
      <p class="muted">
        {t(`admin.surveys.kind.${s.kind}`)} · <code>{s.id}</code> ·{' '}
        <span class="nowrap">{t('admin.surveys.responsesTotal', { count: s.responses })}</span>
      </p>
      {s.versions.length > 0 && (
        <ul class="survey-versions">
          {s.versions.map((v) => (
            <li key={v.version}>
              {t('admin.surveys.versionLine', {
                version: v.version,
                responses: t('admin.surveys.responsesTotal', { count: v.responses }),
              })}
              {v.publishedAt && (
                <span class="muted">
                  {' '}
                  {t('admin.surveys.publishedWhen', {
                    when: formatWhen(v.publishedAt, lang, new Date(), OFFICE_ZONE),
                    by: v.publishedBy ?? t('admin.surveys.bySystem'),
                  })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {s.draft && (
        <p class="muted">
          {t('admin.surveys.draftLine', {
            when: formatWhen(s.draft.updatedAt, lang, new Date(), OFFICE_ZONE),
            by: s.draft.updatedBy ?? t('admin.surveys.bySystem'),
          })}
        </p>
      )}
      <WindowLine survey={s} />
      {s.changedAt && (
        <p class="muted">
          {t('admin.surveys.changedLine', {
            when: formatWhen(s.changedAt, lang, new Date(), OFFICE_ZONE),
            by: s.changedBy ?? t('admin.surveys.bySystem'),
          })}
        </p>
      )}
      {problem && (
        <p class="banner banner-error" role="alert">
          {problem}
        </p>
      )}
      <div class="actions">
        {admin && (
          <a
            class="button button-small"
            href={`/admin/surveys/${encodeURIComponent(s.id)}`}
            onClick={onLinkClick}
            aria-describedby={titleId}
          >
            {s.draft ? t('admin.surveys.editDraft') : t('admin.surveys.edit')}
          </a>
        )}
        {admin && published && (
          <button
            type="button"
            class="button button-secondary button-small"
            disabled={busy}
            aria-describedby={titleId}
            onClick={() => void act(() => setOpen(s.id, s.state !== 'open'))}
          >
            {s.state === 'open' ? t('admin.surveys.close') : t('admin.surveys.open')}
          </button>
        )}
        {admin && exportHref && (
          <a class="button button-secondary button-small" href={exportHref} download aria-describedby={titleId}>
            {t('admin.surveys.exportXlsform')}
          </a>
        )}
        {published && s.kind === 'survey' && (
          <a
            class="button button-secondary button-small"
            href={`/admin/s/${encodeURIComponent(s.id)}`}
            onClick={onLinkClick}
            aria-describedby={titleId}
          >
            {t('admin.results')}
          </a>
        )}
      </div>
      {admin && published && <WindowForm survey={s} onSave={(o, c) => act(() => setWindow(s.id, o, c))} />}
    </li>
  );
}

/** The collection window in words. */
function WindowLine({ survey: s }: { survey: AdminSurvey }) {
  const { t, lang } = useT();
  const opens = dayOf(s.window.opensAt);
  const closes = dayOf(s.window.closesAt);
  return (
    <p class="muted">
      {opens || closes
        ? t('admin.surveys.windowLine', {
            opens: opens ? formatDate(opens, lang) : '–',
            closes: closes ? formatDate(closes, lang) : '–',
          })
        : t('admin.surveys.noWindow')}
      {s.window.closedAt &&
        ` · ${t('admin.surveys.closedByHand', { when: formatWhen(s.window.closedAt, lang, new Date(), OFFICE_ZONE) })}`}
    </p>
  );
}

/** Sets the days a survey opens and closes, chosen as BE dates. */
function WindowForm({
  survey: s,
  onSave,
}: {
  survey: AdminSurvey;
  onSave(opensAt: string | null, closesAt: string | null): Promise<void>;
}) {
  const { t } = useT();
  const [opens, setOpens] = useState(dayOf(s.window.opensAt));
  const [closes, setCloses] = useState(dayOf(s.window.closesAt));
  const thisYear = Number(localIsoDay().slice(0, 4));
  const whole = isDay(opens) && isDay(closes);
  const order = !opens || !closes || opens <= closes;
  const idBase = `window-${s.id}`;
  return (
    <details class="survey-window">
      <summary>{t('admin.surveys.setWindow')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (whole && order) void onSave(opens ? startOf(opens) : null, closes ? endOf(closes) : null);
        }}
      >
        <fieldset class="filter-date">
          <legend>{t('admin.surveys.opensOn')}</legend>
          <DateSelects
            id={`${idBase}-opens`}
            value={opens}
            onChange={setOpens}
            min={`${thisYear - 1}-01-01`}
            max={`${thisYear + 3}-12-31`}
          />
        </fieldset>
        <fieldset class="filter-date">
          <legend>{t('admin.surveys.closesOn')}</legend>
          <DateSelects
            id={`${idBase}-closes`}
            value={closes}
            onChange={setCloses}
            min={`${thisYear - 1}-01-01`}
            max={`${thisYear + 3}-12-31`}
          />
        </fieldset>
        {!whole && <p class="field-error">{t('admin.surveys.windowIncomplete')}</p>}
        {whole && !order && <p class="field-error">{t('admin.surveys.windowOrder')}</p>}
        <div class="actions">
          <button type="submit" class="button button-small" disabled={!whole || !order}>
            {t('admin.surveys.saveWindow')}
          </button>
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() => {
              setOpens(undefined);
              setCloses(undefined);
              void onSave(null, null);
            }}
          >
            {t('admin.surveys.clearWindow')}
          </button>
        </div>
      </form>
    </details>
  );
}
