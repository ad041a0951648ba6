/**
 * Editing a survey (`/admin/surveys/:id`): the draft in the editor, saved as it is edited (with
 * the save status in words), the validator's problems beside it, a copy kept in this browser
 * until the server has it, the choice offered when another admin saved in between, and
 * publishing.
 */
import { useMemo, useState } from 'preact/hooks';
import { tr } from '../../../core/answers.js';
import { formatWhen } from '../../../core/format.js';
import { validateSurvey } from '../../../core/survey-validate.js';
import { useT } from '../../hooks.js';
import { navigate, onLinkClick } from '../../router.js';
import { SurveyEditor } from './editor/SurveyEditor.js';
import { OFFICE_ZONE } from './new-survey.js';
import { idProblem, suggestId } from './new-survey.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { PublishDialog } from './PublishDialog.js';
import { type DraftStamp, listAdminSurveys } from './survey-api.js';
import { type SaveStatus, useDraft } from './use-draft.js';
import './surveys.css';

/** The edit page of survey `id`. */
export function SurveyEditPage({ id }: { id: string }) {
  const { t, lang } = useT();
  const draft = useDraft(id);
  const { state } = draft;
  const [focus, setFocus] = useState<{ path: string; seq: number }>();
  const [publishing, setPublishing] = useState<number>();
  const [published, setPublished] = useState<number>();
  const [notice, setNotice] = useState('');
  const problems = useMemo(() => {
    if (!state.definition) return [];
    const checked = validateSurvey(state.definition);
    return checked.ok ? [] : checked.problems;
  }, [state.definition]);

  if (state.phase === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (state.phase === 'missing') return <p>{t('admin.surveys.notFound', { id })}</p>;
  if (state.phase === 'failed' || !state.definition)
    return (
      <p class="banner banner-error" role="alert">
        {t('admin.surveys.loadFailed')}
      </p>
    );
  if (published !== undefined)
    return (
      <section class="survey-edit" aria-labelledby="published-title">
        <h1 id="published-title" tabindex={-1}>
          {t('admin.surveys.publish.done', { version: published })}
        </h1>
        <p>{t('admin.surveys.publish.doneHelp')}</p>
        <div class="actions">
          <a class="button" href="/admin/surveys" onClick={onLinkClick}>
            {t('admin.surveys.backToList')}
          </a>
          <a class="button button-secondary" href={`/admin/s/${encodeURIComponent(id)}`} onClick={onLinkClick}>
            {t('admin.results')}
          </a>
        </div>
      </section>
    );

  const startPublish = async () => {
    setNotice('');
    if (problems.length) {
      setNotice(t('admin.surveys.publish.fixFirst', { count: problems.length }));
      document.getElementById('survey-problems')?.focus();
      return;
    }
    const revision = (await draft.flush()) ? draft.currentRevision() : undefined;
    if (revision === undefined) {
      setNotice(t('admin.surveys.publish.saveFirst'));
      return;
    }
    setPublishing(revision);
  };

  return (
    <section class="survey-edit" aria-labelledby="survey-edit-title">
      <div class="survey-edit-head">
        <h1 id="survey-edit-title">{t('admin.surveys.editTitle', { title: tr(state.definition.title, lang) })}</h1>
        <SaveLine status={state.status} />
        <div class="actions">
          <button type="button" class="button" disabled={publishing !== undefined} onClick={() => void startPublish()}>
            {t('admin.surveys.publish.button')}
          </button>
          <a class="button button-secondary" href="/admin/surveys" onClick={onLinkClick}>
            {t('admin.surveys.backToList')}
          </a>
          {state.status.kind !== 'unchanged' && (
            <DiscardDraft
              onDiscard={async () => {
                await draft.discardDraft();
                navigate('/admin/surveys');
              }}
            />
          )}
        </div>
      </div>
      {state.backupProblem && (
        <p class="banner banner-error" role="alert">
          {t('admin.surveys.backupFailed', { message: state.backupProblem })}
        </p>
      )}
      {state.restorable && (
        <div class="banner banner-warning" role="alert">
          <p>
            {t('admin.surveys.restoreOffer', {
              when: formatWhen(state.restorable.keptAt, lang, new Date(), OFFICE_ZONE),
            })}
          </p>
          <div class="actions">
            <button type="button" class="button button-small" onClick={draft.restore}>
              {t('admin.surveys.restore')}
            </button>
            <button type="button" class="button button-secondary button-small" onClick={draft.discardBackup}>
              {t('admin.surveys.discard')}
            </button>
          </div>
        </div>
      )}
      {state.status.kind === 'conflict' && (
        <ConflictBanner
          id={id}
          current={state.status.current}
          onLoadTheirs={draft.loadTheirs}
          onKeepMine={async (newId) => {
            await draft.keepMineAsCopy(newId);
            navigate(`/admin/surveys/${encodeURIComponent(newId)}`);
          }}
        />
      )}
      {notice && (
        <p class="banner banner-error" role="alert">
          {notice}
        </p>
      )}
      {publishing !== undefined && (
        <PublishDialog
          survey={state.definition}
          revision={publishing}
          onPublished={(version) => {
            setPublishing(undefined);
            setPublished(version);
          }}
          onCancel={() => setPublishing(undefined)}
        />
      )}
      <div class="survey-edit-body">
        <ProblemsPanel problems={problems} onGo={(path) => setFocus({ path, seq: (focus?.seq ?? 0) + 1 })} />
        <section class="survey-edit-editor" aria-label={t('admin.surveys.editorLabel')}>
          <SurveyEditor
            value={state.definition}
            onChange={draft.edit}
            problems={problems}
            {...(focus ? { focus } : {})}
          />
        </section>
      </div>
    </section>
  );
}

/** Throwing the draft away, asked twice. */
function DiscardDraft({ onDiscard }: { onDiscard(): Promise<void> }) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState('');
  if (!asking)
    return (
      <button type="button" class="link-button" onClick={() => setAsking(true)}>
        {t('admin.surveys.discardDraft')}
      </button>
    );
  return (
    <div class="banner banner-warning" role="alert">
      <p>{t('admin.surveys.discardDraftAsk')}</p>
      <div class="actions">
        <button
          type="button"
          class="button button-small"
          onClick={() => void onDiscard().catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)))}
        >
          {t('admin.surveys.discardDraftYes')}
        </button>
        <button type="button" class="button button-secondary button-small" onClick={() => setAsking(false)}>
          {t('admin.surveys.publish.cancel')}
        </button>
      </div>
      {problem && <p>{problem}</p>}
    </div>
  );
}

/** "บันทึกแล้ว 09.02 น.", "กำลังบันทึก…", "ยังไม่ได้บันทึก: ไม่มีการเชื่อมต่อ". */
function SaveLine({ status }: { status: SaveStatus }) {
  const { t, lang } = useT();
  let text: string;
  if (status.kind === 'saved')
    text = t('admin.surveys.save.saved', { when: formatWhen(status.at, lang, new Date(), OFFICE_ZONE) });
  else if (status.kind === 'unchanged') text = t('admin.surveys.save.unchanged', { version: status.version });
  else if (status.kind === 'offline') text = t('admin.surveys.save.offline');
  else if (status.kind === 'failed') text = t('admin.surveys.save.failed', { message: status.message });
  else if (status.kind === 'conflict') text = t('admin.surveys.save.conflict');
  else text = t('admin.surveys.save.saving');
  return (
    <p class={`save-status save-${status.kind}`} role="status">
      {text}
    </p>
  );
}

/** Another admin saved in between: who and when, and the two ways on. */
function ConflictBanner(props: {
  id: string;
  current: DraftStamp;
  onLoadTheirs(): Promise<void>;
  onKeepMine(newId: string): Promise<void>;
}) {
  const { t, lang } = useT();
  const [copying, setCopying] = useState(false);
  const [taken, setTaken] = useState<Set<string>>(new Set([props.id]));
  const [newId, setNewId] = useState('');
  const [problem, setProblem] = useState('');
  const bad = idProblem(newId, taken);
  const who = props.current.updatedBy ?? t('admin.surveys.someone');
  const run = (action: () => Promise<void>) =>
    action().catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  return (
    <div class="banner banner-error conflict" role="alert">
      <p>
        {t('admin.surveys.conflict.body', {
          who,
          when: formatWhen(props.current.updatedAt, lang, new Date(), OFFICE_ZONE),
        })}
      </p>
      <div class="actions">
        <button type="button" class="button button-small" onClick={() => void run(props.onLoadTheirs)}>
          {t('admin.surveys.conflict.loadTheirs', { who })}
        </button>
        <button
          type="button"
          class="button button-secondary button-small"
          onClick={() =>
            void run(async () => {
              const ids = new Set([props.id, ...(await listAdminSurveys()).map((s) => s.id)]);
              setTaken(ids);
              setNewId(suggestId(`${props.id}-copy`, ids));
              setCopying(true);
            })
          }
        >
          {t('admin.surveys.conflict.keepMine')}
        </button>
      </div>
      {copying && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!bad) void run(() => props.onKeepMine(newId));
          }}
        >
          <label for="conflict-new-id">{t('admin.surveys.newId')}</label>
          <input
            id="conflict-new-id"
            value={newId}
            aria-invalid={bad ? 'true' : undefined}
            onInput={(e) => setNewId(e.currentTarget.value.trim())}
          />
          {bad && <p class="field-error">{t(`admin.surveys.idProblem.${bad}`)}</p>}
          <button type="submit" class="button button-small" disabled={bad !== undefined}>
            {t('admin.surveys.conflict.saveCopy')}
          </button>
        </form>
      )}
      {problem && <p>{problem}</p>}
    </div>
  );
}
