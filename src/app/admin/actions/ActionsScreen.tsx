/**
 * "You said, we did" for staff (docs/actions.md): the findings of a fiscal year grouped by kind
 * with their figures and the actions that answer them, a button that turns a finding into an
 * action, the actions with their progress and a publish switch, the editor, and the progress
 * file out and back in (a refused file shows its row and column). Its own chunk.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Action } from '../../../core/actions.js';
import { FINDING_KINDS, type Finding } from '../../../core/findings.js';
import { formatDate, formatDateTime, formatNumber } from '../../../core/format.js';
import type { Lang } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { ImportFileButton } from '../controls.js';
import { ApiError, apiSend } from '../api.js';
import { YearField } from '../plan/parts.js';
import { type FileProblem, uploadFile } from '../plan/plan-api.js';
import { ActionEditor, findingLabel } from './ActionEditor.js';
import { bodyOf, exportUrl, loadYear } from './actions-api.js';
import '../plan/plan.css';
import './actions.css';

type T = ReturnType<typeof useT>['t'];

/** The file's columns whose problems the screen explains in the reader's language. */
const HINTED = ['progress', 'status', 'done_on', 'action_id', 'milestone_id'];

/** A finding's figures, written out. */
function figuresText(f: Finding, t: T, lang: Lang): string {
  // Means and gaps with 2 decimals, as the results and Thai reports write them.
  const n = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '–');
  const g = f.figures;
  if (f.kind === 'gap' || f.kind === 'ipa') {
    const base = t('admin.actions.figureGap', {
      expectation: n(g.expectation),
      satisfaction: n(g.satisfaction),
      gap: n(g.gap),
      n: g.n ?? '–',
    });
    return f.kind === 'ipa'
      ? `${base}; ${t('admin.actions.figureCentre', { x: n(g.centreExpectation), y: n(g.centreSatisfaction) })}`
      : base;
  }
  if (f.kind === 'topic') return t('admin.actions.figureTopic', { n: g.n, of: g.of });
  return t('admin.actions.figureActivity', {
    date: typeof g.heldOn === 'string' ? formatDate(g.heldOn, lang) : '',
    participants: typeof g.participants === 'number' ? formatNumber(g.participants, lang) : 0,
  });
}

/** A progress bar with its figure written beside it. */
function Progress({ percent }: { percent: number }) {
  const { t } = useT();
  return (
    <span class="action-progress">
      <span class="action-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
      </span>
      <span>{t('admin.actions.progressText', { percent })}</span>
    </span>
  );
}

function Findings(props: { findings: Finding[]; actions: Action[]; onCreate: (key: string) => void }) {
  const { t, lang } = useT();
  const titleOf = (id: string) => props.actions.find((a) => a.id === id)?.title ?? id;
  if (!props.findings.length) return <p>{t('admin.actions.noFindings')}</p>;
  return (
    <>
      {FINDING_KINDS.map((kind) => {
        const list = props.findings.filter((f) => f.kind === kind);
        if (!list.length) return null;
        // The survey a finding comes from: once in the caption, or under each finding when several.
        const sources = [...new Set(list.map((f) => (f.source ? (lang === 'en' && f.source.en) || f.source.th : '')))];
        const caption = [t(`admin.actions.kind.${kind}`), sources.length === 1 ? sources[0] : '']
          .filter(Boolean)
          .join(' · ');
        return (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls in its box on a phone, which must take keyboard focus to scroll without a pointer (WCAG 2.1.1).
          <section key={kind} class="table-wrap" aria-label={t(`admin.actions.kind.${kind}`)} tabIndex={0}>
            <table class="counts findings-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.actions.finding')}</th>
                  <th scope="col">{t('admin.actions.figures')}</th>
                  <th scope="col">{t('admin.actions.answeredBy')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('admin.actions.createFrom')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((f) => (
                  <tr key={f.key}>
                    <th scope="row">
                      {findingLabel(f, lang)}
                      {sources.length > 1 && f.source && (
                        <div class="small muted">{(lang === 'en' && f.source.en) || f.source.th}</div>
                      )}
                    </th>
                    <td data-label={t('admin.actions.figures')}>
                      {figuresText(f, t, lang)}
                      {f.detail && <div class="small">{f.detail}</div>}
                    </td>
                    <td data-label={t('admin.actions.answeredBy')}>
                      {f.actions.length ? f.actions.map(titleOf).join('; ') : t('admin.actions.notAnswered')}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="button button-secondary"
                        aria-label={t('admin.actions.createFromLabel', { label: findingLabel(f, lang) })}
                        onClick={() => props.onCreate(f.key)}
                      >
                        {t('admin.actions.createFrom')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}

function Files({ fiscalYear, onImported }: { fiscalYear: number; onImported: () => void }) {
  const { t } = useT();
  const [urls, setUrls] = useState<{ xlsx?: string; csv?: string }>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    void Promise.all([exportUrl(fiscalYear, 'xlsx'), exportUrl(fiscalYear, 'csv')]).then(([xlsx, csv]) =>
      setUrls({ xlsx, csv }),
    );
  }, [fiscalYear]);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setStatus(undefined);
    try {
      const r = (await uploadFile('actions', fiscalYear, file)) as { rows: number; changed: number };
      setStatus({ ok: true, text: t('admin.actions.imported', { name: file.name, ...r }) });
      onImported();
    } catch (error) {
      const problem = (error as ApiError & { problem?: FileProblem }).problem;
      const message = problem?.message ?? (error instanceof ApiError ? error.message : String(error));
      setStatus({
        ok: false,
        text:
          problem?.row == null
            ? t('admin.actions.importRefused', { message })
            : problem.column && HINTED.includes(problem.column)
              ? t('admin.actions.importRefusedHint', {
                  row: problem.row,
                  column: problem.column,
                  hint: t(`admin.actions.cellHint.${problem.column}`),
                  message,
                })
              : t('admin.actions.importRefusedAt', { row: problem.row, column: problem.column ?? '', message }),
      });
    }
  };
  return (
    <section aria-labelledby="action-files">
      <h2 id="action-files">{t('admin.actions.files')}</h2>
      <p class="muted">{t('admin.actions.filesHint')}</p>
      <div class="actions no-print">
        <a class="button button-secondary" href={urls.xlsx ?? '#'} download>
          {t('admin.actions.exportXlsx')}
        </a>
        <a class="button button-secondary" href={urls.csv ?? '#'} download>
          {t('admin.actions.exportCsv')}
        </a>
        <ImportFileButton label={t('admin.actions.importFile')} accept=".xlsx,.csv" onFile={upload} />
      </div>
      <p
        role={status && !status.ok ? 'alert' : 'status'}
        class={status && !status.ok ? 'banner banner-error' : 'muted'}
      >
        {status?.text ?? ''}
      </p>
    </section>
  );
}

/** The screen. */
export function ActionsScreen({ fiscalYear }: { fiscalYear: number }) {
  const { t, lang } = useT();
  const [data, setData] = useState<{ findings: Finding[]; actions: Action[] }>();
  const [failed, setFailed] = useState('');
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ action?: Action; preset?: string[] }>();
  const [status, setStatus] = useState('');
  useEffect(() => {
    loadYear(fiscalYear)
      .then(setData)
      .catch((e: unknown) => setFailed(e instanceof ApiError ? e.message : String(e)));
  }, [fiscalYear, version]);
  const reload = () => setVersion((v) => v + 1);
  const open = (value: { action?: Action; preset?: string[] }) => {
    setStatus('');
    setEditing(value);
    requestAnimationFrame(() => document.getElementById('action-editor-title')?.scrollIntoView({ block: 'start' }));
  };
  const togglePublic = async (a: Action) => {
    try {
      await apiSend('PUT', `/actions/${a.id}`, { ...bodyOf(a), public: !a.public });
      setStatus(t('admin.actions.saved'));
      reload();
    } catch (err) {
      setStatus(t('admin.actions.refused', { message: err instanceof ApiError ? err.message : String(err) }));
    }
  };
  if (failed) return <p class="banner banner-error">{t('admin.actions.loadFailed', { message: failed })}</p>;
  if (!data) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section class="plan-screen actions-screen" aria-labelledby="actions-title">
      <p class="eyebrow">{t('admin.actions.eyebrow')}</p>
      <h1 id="actions-title">{t('admin.actions.title', { year: fiscalYear })}</h1>
      <YearField fiscalYear={fiscalYear} path="/admin/actions" />
      <p class="muted">{t('admin.actions.intro')}</p>

      <h2>{t('admin.actions.findings')}</h2>
      <Findings findings={data.findings} actions={data.actions} onCreate={(key) => open({ preset: [key] })} />

      <h2>{t('admin.actions.list')}</h2>
      <p class="actions">
        <button type="button" class="button" onClick={() => open({})}>
          {t('admin.actions.add')}
        </button>
      </p>
      <p role="status" class="muted">
        {status}
      </p>
      {data.actions.length ? (
        <ul class="action-list">
          {data.actions.map((a) => (
            <li key={a.id} class="card">
              <h3>{a.title}</h3>
              <p class="muted">
                {[
                  a.owner,
                  a.startsOn && a.endsOn && `${formatDate(a.startsOn, lang)} – ${formatDate(a.endsOn, lang)}`,
                  t('admin.actions.updated', {
                    when: formatDateTime(a.updatedAt, lang, 'Asia/Bangkok'),
                    by: a.updatedBy,
                  }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <p>
                <strong>{t(`admin.actions.statuses.${a.status}`)}</strong> <Progress percent={a.progress} />
              </p>
              {a.findings.length > 0 && (
                <ul class="small">
                  {a.findings.map((f) => (
                    <li key={f.key}>
                      {t(`admin.actions.kind.${f.finding.kind}`)}: {findingLabel(f.finding, lang)}
                    </li>
                  ))}
                </ul>
              )}
              {a.milestones.length > 0 && (
                <ol class="small">
                  {a.milestones.map((m) => (
                    <li key={m.id}>
                      {m.title}
                      {m.dueOn && ` · ${t('admin.actions.dueOn')} ${formatDate(m.dueOn, lang)}`}
                      {m.doneOn && ` · ${t('admin.actions.doneOn')} ${formatDate(m.doneOn, lang)}`}
                    </li>
                  ))}
                </ol>
              )}
              <p class="actions">
                <span class={a.public ? 'chip chip-ok' : 'chip'}>
                  {t(a.public ? 'admin.actions.publicYes' : 'admin.actions.publicNo')}
                </span>
                <button
                  type="button"
                  class="button button-secondary"
                  aria-label={t('admin.actions.editLabel', { title: a.title })}
                  onClick={() => open({ action: a })}
                >
                  {t('admin.actions.edit')}
                </button>
                <button
                  type="button"
                  class="button button-secondary"
                  aria-label={t(a.public ? 'admin.actions.unpublishLabel' : 'admin.actions.publishLabel', {
                    title: a.title,
                  })}
                  onClick={() => void togglePublic(a)}
                >
                  {t(a.public ? 'admin.actions.unpublish' : 'admin.actions.publish')}
                </button>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('admin.actions.none')}</p>
      )}
      {editing && (
        <ActionEditor
          key={editing.action?.id ?? `new-${editing.preset?.join(',') ?? ''}`}
          fiscalYear={fiscalYear}
          action={editing.action}
          findings={data.findings}
          {...(editing.preset ? { preset: editing.preset } : {})}
          onDone={(message) => {
            setEditing(undefined);
            setStatus(message);
            reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      <Files fiscalYear={fiscalYear} onImported={reload} />
    </section>
  );
}
