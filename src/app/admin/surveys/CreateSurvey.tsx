/**
 * Starting a survey: blank, from a survey shipped with the app, or as a copy of one of the
 * office's surveys (last year's is the usual start) under a new id; or from an XLSForm workbook,
 * checked by the server, its problems listed one per line at their sheet, row and column. Each
 * way ends in a new draft opened in the editor.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { tr } from '../../../core/answers.js';
import type { LocalizedText, SurveyDefinition } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { i18next } from '../../i18n.js';
import { navigate } from '../../router.js';
import { blankSurvey, duplicateSurvey, idProblem, suggestId } from './new-survey.js';
import {
  type AdminSurvey,
  getDraft,
  getPublished,
  importXlsform,
  SurveyApiError,
  saveDraft,
  type XlsformIssue,
} from './survey-api.js';

interface Shipped {
  id: string;
  version: number;
  title: LocalizedText;
  file: string;
}

const BLANK = 'blank';

/** The ways to start a survey. */
export function CreateSurvey({ surveys }: { surveys: AdminSurvey[] }) {
  const { t } = useT();
  return (
    <section class="survey-create" aria-labelledby="survey-create-title">
      <h2 id="survey-create-title">{t('admin.surveys.createTitle')}</h2>
      <div class="survey-create-ways">
        <StartForm surveys={surveys} />
        <ImportForm surveys={surveys} />
      </div>
    </section>
  );
}

function problemText(error: unknown, t: (k: string) => string): string {
  if (error instanceof SurveyApiError && error.status === 0) return t('admin.offline');
  return error instanceof Error ? error.message : String(error);
}

/** Blank, shipped or a copy. */
function StartForm({ surveys }: { surveys: AdminSurvey[] }) {
  const { t, lang } = useT();
  const [shipped, setShipped] = useState<Shipped[]>([]);
  const [source, setSource] = useState(BLANK);
  const taken = useMemo(() => new Set(surveys.map((s) => s.id)), [surveys]);
  const [id, setId] = useState(() => suggestId('survey', taken));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    fetch('/surveys/index.json')
      .then((r) => (r.ok ? (r.json() as Promise<Shipped[]>) : []))
      .then((entries) => setShipped(entries.filter((e, i, all) => all.findIndex((o) => o.id === e.id) === i)))
      .catch(() => setShipped([]));
  }, []);
  const choose = (value: string) => {
    setSource(value);
    const [kind, from = 'survey'] = value.split(':');
    // A shipped survey the office has not published keeps its id; a copy gets a new one.
    setId(kind === 'shipped' && !taken.has(from) ? from : suggestId(kind === BLANK ? 'survey' : from, taken));
  };
  const bad = idProblem(id, taken);
  const create = async () => {
    setBusy(true);
    setProblem('');
    try {
      const [kind, from = ''] = source.split(':');
      let definition: SurveyDefinition;
      if (kind === 'shipped') {
        const entry = shipped.find((s) => s.id === from);
        const response = await fetch(`/${entry?.file ?? ''}`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        definition = duplicateSurvey((await response.json()) as SurveyDefinition, id);
      } else if (kind === 'office') {
        const entry = surveys.find((s) => s.id === from);
        const original = entry?.latestVersion != null ? await getPublished(from) : (await getDraft(from)).definition;
        definition = duplicateSurvey(original, id);
      } else definition = blankSurvey(id);
      await saveDraft(definition);
      navigate(`/admin/surveys/${encodeURIComponent(id)}`);
    } catch (e) {
      setProblem(problemText(e, t));
      setBusy(false);
    }
  };
  return (
    <form
      class="card"
      aria-labelledby="survey-start-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!bad) void create();
      }}
    >
      <h3 id="survey-start-title">{t('admin.surveys.startTitle')}</h3>
      <label>
        {t('admin.surveys.startFrom')}
        <select value={source} onChange={(e) => choose(e.currentTarget.value)}>
          <option value={BLANK}>{t('admin.surveys.blank')}</option>
          {surveys.length > 0 && (
            <optgroup label={t('admin.surveys.copyOf')}>
              {surveys.map((s) => (
                <option key={s.id} value={`office:${s.id}`}>
                  {tr(s.title, lang)} ({s.id})
                </option>
              ))}
            </optgroup>
          )}
          {shipped.length > 0 && (
            <optgroup label={t('admin.surveys.shipped')}>
              {shipped.map((s) => (
                <option key={s.id} value={`shipped:${s.id}`}>
                  {tr(s.title, lang)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <IdField id={id} onInput={setId} bad={bad} fieldId="survey-new-id" />
      {problem && (
        <p class="banner banner-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="button" disabled={busy || bad !== undefined}>
        {t('admin.surveys.createDraft')}
      </button>
    </form>
  );
}

/** The new survey's id, with its rules and why it cannot be used. */
function IdField(props: { id: string; onInput(id: string): void; bad: string | undefined; fieldId: string }) {
  const { t } = useT();
  return (
    <>
      <label for={props.fieldId}>{t('admin.surveys.newId')}</label>
      <input
        id={props.fieldId}
        value={props.id}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={props.bad ? 'true' : undefined}
        aria-describedby={`${props.fieldId}-help`}
        onInput={(e) => props.onInput(e.currentTarget.value.trim())}
      />
      <p id={`${props.fieldId}-help`} class={props.bad ? 'field-error' : 'muted'}>
        {props.bad ? t(`admin.surveys.idProblem.${props.bad}`) : t('admin.surveys.idHelp')}
      </p>
    </>
  );
}

/** An issue in the UI's language, by its code (the server's English for a code this page does not know). */
function issueText(t: ReturnType<typeof useT>['t'], issue: XlsformIssue): string {
  const key = `admin.surveys.xls.issue.${issue.code}`;
  if (!issue.code || !i18next.exists(key)) return issue.message;
  const params: Record<string, string | number> = { ...issue.params };
  const { feature, language } = params;
  if (feature !== undefined) params.feature = t(`admin.surveys.xls.feature.${feature}`);
  if (issue.code === 'one_language' && language !== undefined)
    params.language = t(`admin.surveys.xls.language.${language}`);
  return t(key, params);
}

/** "ชีต survey แถว 12 คอลัมน์ type: …" */
function IssueLine({ issue }: { issue: XlsformIssue }) {
  const { t } = useT();
  const place = [
    t('admin.surveys.xls.sheet', { sheet: issue.sheet }),
    issue.row !== undefined ? t('admin.surveys.xls.row', { row: issue.row }) : '',
    issue.column ? t('admin.surveys.xls.column', { column: issue.column }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li>
      <strong>{place}</strong>: {issueText(t, issue)}
    </li>
  );
}

/** An XLSForm workbook, checked by the server, opened as a draft. */
function ImportForm({ surveys }: { surveys: AdminSurvey[] }) {
  const { t } = useT();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<XlsformIssue[]>([]);
  const [warnings, setWarnings] = useState<XlsformIssue[]>([]);
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [id, setId] = useState('');
  const [problem, setProblem] = useState('');
  const existing = surveys.find((s) => s.id === id);
  const bad = idProblem(id, new Set(surveys.filter((s) => s.draft).map((s) => s.id)));
  const check = async () => {
    if (!file) return;
    setBusy(true);
    setProblem('');
    setProblems([]);
    setWarnings([]);
    setSurvey(undefined);
    try {
      const result = await importXlsform(file, file.name);
      setSurvey(result.survey);
      setWarnings(result.warnings);
      setId(result.survey.id);
    } catch (e) {
      if (e instanceof SurveyApiError && Array.isArray(e.body.problems)) {
        setProblems(e.body.problems as XlsformIssue[]);
        setWarnings(Array.isArray(e.body.warnings) ? (e.body.warnings as XlsformIssue[]) : []);
      } else if (e instanceof SurveyApiError && e.status === 413) setProblem(t('admin.surveys.xls.tooLarge'));
      else setProblem(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const open = async () => {
    if (!survey) return;
    setBusy(true);
    try {
      const version = existing?.latestVersion != null ? existing.latestVersion + 1 : 1;
      await saveDraft({ ...survey, id, version });
      navigate(`/admin/surveys/${encodeURIComponent(id)}`);
    } catch (e) {
      setProblem(problemText(e, t));
      setBusy(false);
    }
  };
  return (
    <form
      class="card"
      aria-labelledby="survey-import-title"
      onSubmit={(e) => {
        e.preventDefault();
        void check();
      }}
    >
      <h3 id="survey-import-title">{t('admin.surveys.xls.title')}</h3>
      <p class="muted">{t('admin.surveys.xls.help')}</p>
      <label>
        {t('admin.surveys.xls.file')}
        <input
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0]);
            setSurvey(undefined);
            setProblems([]);
            setWarnings([]);
          }}
        />
      </label>
      <button type="submit" class="button button-secondary" disabled={!file || busy}>
        {t('admin.surveys.xls.check')}
      </button>
      {problem && (
        <p class="banner banner-error" role="alert">
          {problem}
        </p>
      )}
      {problems.length > 0 && (
        <div class="banner banner-error" role="alert">
          <p>{t('admin.surveys.xls.refused', { count: problems.length })}</p>
          <ul class="xls-issues">
            {problems.map((p, i) => (
              <IssueLine key={i} issue={p} />
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div class="banner banner-warning">
          <p>{t('admin.surveys.xls.warnings', { count: warnings.length })}</p>
          <ul class="xls-issues">
            {warnings.map((w, i) => (
              <IssueLine key={i} issue={w} />
            ))}
          </ul>
        </div>
      )}
      {survey && (
        <div class="stack">
          <p role="status">{t('admin.surveys.xls.ready', { title: survey.title.th })}</p>
          <IdField id={id} onInput={setId} bad={bad} fieldId="survey-import-id" />
          {existing && !bad && (
            <p class="muted">
              {t('admin.surveys.xls.newVersionOf', { id, version: (existing.latestVersion ?? 0) + 1 })}
            </p>
          )}
          <button type="button" class="button" disabled={busy || bad !== undefined} onClick={() => void open()}>
            {t('admin.surveys.xls.openDraft')}
          </button>
        </div>
      )}
    </form>
  );
}
