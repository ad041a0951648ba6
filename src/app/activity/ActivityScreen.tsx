/**
 * The officer's activity log (`/device/activity`): record a participation activity in the field, with
 * or without a connection, with photos from the camera or files. Saved on the device first,
 * then sent once when the office can be reached (src/sync/activities.ts); the lists below show
 * what waits, what arrived and what the office refused. The device sends with the code an
 * admin made for it (or a staff member's session on the office's address).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type ActivityInput,
  type AttachmentDeclaration,
  type AttachmentKind,
  fiscalYearOf,
  PARTICIPATION_LEVELS,
  type ParticipationLevel,
  parseActivity,
} from '../../core/activities.js';
import { tr } from '../../core/answers.js';
import { formatDate, formatDateTime } from '../../core/format.js';
import { newId } from '../../core/ids.js';
import { type PlanForPicker, type PlanRowChoice, planRowChoices, planRowLabel } from '../../core/plan.js';
import type { LocalizedText, SurveyDefinition } from '../../core/survey.js';
import {
  type ActivityRecord,
  DEVICE_CODE_KEY,
  getActivitySetting,
  getDeviceCode,
  observeActivityQueue,
  saveActivity,
  setActivitySetting,
} from '../../db/activities.js';
import { StorageError, toStorageError } from '../../db/storage-errors.js';
import { ACTIVITY_SYNC_TAG, type ActivitySyncOutcome } from '../../sync/activities.js';
import { ActivitySender } from './sender.js';
import { StorageErrorMessage } from '../components/StorageErrorMessage.js';
import { useObservable, useOnline, useT } from '../hooks.js';
import { addOfficerStrings } from '../officer-strings.js';
import { currentEndpoint } from '../sync-bridge.js';
import { prepareFile } from './photos.js';

addOfficerStrings();

/** A stakeholder group as the device knows it. */
interface Group {
  id: string;
  label: LocalizedText;
}
/** A file chosen for the activity, ready to save. */
interface Chosen {
  id: string;
  blob: Blob;
  url: string;
  declaration: AttachmentDeclaration;
}

const GROUPS_KEY = 'groups';
/** The plan rows of a fiscal year last read from the office: `planRows:<year>`. */
const planKey = (fiscalYear: number) => `planRows:${fiscalYear}`;

/** Today in the device's own time zone, as YYYY-MM-DD. */
function today(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** The office's group list (from the survey), kept for offline use. */
async function refreshGroups(): Promise<void> {
  const base = await currentEndpoint();
  const survey = await fetch(`${base}/surveys/stakeholder-satisfaction`).then((r) =>
    r.ok ? (r.json() as Promise<SurveyDefinition>) : undefined,
  );
  const question = survey?.sections.flatMap((s) => s.questions).find((q) => q.id === 'group');
  if (question && 'options' in question && Array.isArray(question.options)) {
    const groups: Group[] = question.options.map((o: { value: string; label: LocalizedText }) => ({
      id: o.value,
      label: o.label,
    }));
    await setActivitySetting(GROUPS_KEY, groups);
  }
}

/**
 * The plan rows of a fiscal year, kept for offline use: the whole plan where the device has a
 * staff session (`GET /plan`), else the published plan (`GET /public/plan`). Nothing is kept
 * when neither answers, so the rows of the last visit stay.
 */
async function refreshPlan(fiscalYear: number): Promise<void> {
  const base = await currentEndpoint();
  const read = (path: string) =>
    fetch(`${base}${path}?fiscalYear=${fiscalYear}`, { credentials: 'include' })
      .then((r) => (r.ok ? (r.json() as Promise<PlanForPicker>) : undefined))
      .catch(() => undefined);
  const plan = (await read('/plan')) ?? (await read('/public/plan'));
  if (plan?.rows) await setActivitySetting(planKey(fiscalYear), planRowChoices(plan));
}

async function requestBackgroundSync(): Promise<void> {
  const registration = await navigator.serviceWorker?.getRegistration();
  const sync = (
    registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
  )?.sync;
  await sync?.register(ACTIVITY_SYNC_TAG);
}

/** The officer's activity form and the device's activities. */
export function ActivityScreen() {
  const { t, lang } = useT();
  const online = useOnline();
  const queue = useObservable(() => observeActivityQueue()).value;
  const [groups, setGroups] = useState<Group[]>([]);
  const [planRows, setPlanRows] = useState<PlanRowChoice[] | undefined>(undefined);
  const [code, setCode] = useState<{ token: string } | null | undefined>(undefined);
  const [codeDraft, setCodeDraft] = useState('');
  const [outcome, setOutcome] = useState<ActivitySyncOutcome | undefined>(undefined);
  const sender = useRef<ActivitySender | undefined>(undefined);

  const [date, setDate] = useState(today());
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [level, setLevel] = useState<ParticipationLevel>('consult');
  const [planRow, setPlanRow] = useState('');
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [contributions, setContributions] = useState('');
  const [summary, setSummary] = useState('');
  const [result, setResult] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [recordedBy, setRecordedBy] = useState('');
  const [files, setFiles] = useState<Chosen[]>([]);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [storage, setStorage] = useState<StorageError | undefined>(undefined);
  const [saved, setSaved] = useState(false);

  const loadSettings = async () => {
    const [device, knownGroups, who] = await Promise.all([
      getActivitySetting<{ token: string }>(DEVICE_CODE_KEY),
      getActivitySetting<Group[]>(GROUPS_KEY),
      getActivitySetting<string>('recordedBy'),
    ]);
    setCode(device ?? null);
    setGroups(knownGroups ?? []);
    if (who) setRecordedBy(who);
  };

  useEffect(() => {
    loadSettings().catch((e: unknown) => setStorage(toStorageError(e)));
    if (navigator.onLine) refreshGroups().then(loadSettings, () => undefined);
    const s = new ActivitySender(
      async () => ({
        endpoint: await currentEndpoint(),
        token: await getDeviceCode(),
      }),
      setOutcome,
    );
    sender.current = s;
    s.start();
    return () => s.stop();
  }, []);

  // The plan rows of the activity's fiscal year: as kept on the device, then as the office has them now.
  const fiscalYear = fiscalYearOf(/^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today());
  useEffect(() => {
    let live = true;
    const load = () =>
      getActivitySetting<PlanRowChoice[]>(planKey(fiscalYear)).then((rows) => live && setPlanRows(rows ?? []));
    load().catch((e: unknown) => setStorage(toStorageError(e)));
    if (online) refreshPlan(fiscalYear).then(load, () => undefined);
    return () => {
      live = false;
    };
  }, [fiscalYear, online]);
  const chosenRow = planRows?.find((r) => r.id === planRow);
  // A row of another year's plan is not this activity's.
  useEffect(() => {
    if (planRows && planRow && !planRows.some((r) => r.id === planRow)) setPlanRow('');
  }, [planRows]);

  const saveCode = async () => {
    const token = codeDraft.trim();
    if (!token) return;
    await setActivitySetting(DEVICE_CODE_KEY, { token });
    setCode({ token });
    setCodeDraft('');
    void sender.current?.kick();
  };

  const choose = async (list: FileList | null, kind: AttachmentKind) => {
    setProblem(undefined);
    for (const file of Array.from(list ?? [])) {
      const ready = await prepareFile(file);
      if (!ready.ok) {
        setProblem(t(ready.problem === 'type' ? 'activity.fileType' : 'activity.fileSize', { name: file.name }));
        continue;
      }
      const id = newId();
      const takenAt = today(new Date(file.lastModified || Date.now()));
      setFiles((all) => [
        ...all,
        {
          id,
          blob: ready.blob,
          url: URL.createObjectURL(ready.blob),
          declaration: {
            id,
            kind,
            name: file.name.slice(0, 200),
            type: ready.type,
            size: ready.blob.size,
            sha256: ready.sha256,
            takenAt,
            public: false,
          },
        },
      ]);
    }
  };

  const reset = () => {
    for (const f of files) URL.revokeObjectURL(f.url);
    setTitle('');
    setPlace('');
    setPlanRow('');
    setCounts({});
    setContributions('');
    setSummary('');
    setResult('');
    setFollowUp('');
    setPublic(false);
    setFiles([]);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    setStorage(undefined);
    const participants: Record<string, number> = {};
    for (const [group, value] of Object.entries(counts)) {
      const n = Number(value);
      if (value.trim() && Number.isInteger(n) && n >= 0) participants[group] = n;
    }
    const activity: ActivityInput = {
      id: newId(),
      date,
      title: title.trim(),
      place: place.trim(),
      planRowId: planRow || null,
      level,
      groups: Object.keys(participants),
      participants,
      contributions,
      summary,
      result,
      followUp,
      public: isPublic,
      recordedBy: recordedBy.trim(),
      recordedAt: new Date().toISOString(),
      attachments: files.map((f) => f.declaration),
    };
    const checked = parseActivity(activity);
    if (!checked.ok) {
      const field = checked.message.split(/[.:]/)[0] ?? '';
      setProblem(t('activity.invalid', { field: t(`activity.field.${field}`, { defaultValue: field }) }));
      return;
    }
    setProblem(undefined);
    try {
      await saveActivity(
        activity,
        files.map((f) => ({ id: f.id, blob: f.blob })),
      );
      await setActivitySetting('recordedBy', activity.recordedBy).catch(() => undefined);
    } catch (error) {
      // Nothing was saved and the form keeps everything typed: the officer can free space and retry.
      // saveActivity turns every storage failure into a StorageError.
      if (error instanceof StorageError) setStorage(error);
      else setProblem(String(error));
      return;
    }
    reset();
    setSaved(true);
    void sender.current?.kick();
    // If the page is closed before a connection returns, the browser wakes the service worker.
    requestBackgroundSync().catch(() => undefined); // not every browser has Background Sync
  };

  const row = (r: ActivityRecord) => (
    <li key={r.id} class="outbox-item">
      <span>
        {r.activity.title} · {formatDate(r.activity.date, lang)}
      </span>
      <small class="muted">
        {t(`activity.level.${r.activity.level}`)} ·{' '}
        {t('activity.people', { count: Object.values(r.activity.participants).reduce((a, b) => a + b, 0) })} ·{' '}
        {t('activity.files', { count: r.activity.attachments.length })}
      </small>
      {r.state === 'sent' && r.receivedAt && (
        <small class="muted">{t('activity.receivedAt', { when: formatDateTime(r.receivedAt, lang) })}</small>
      )}
      {r.reason && (
        <small class="field-error">
          {t('activity.refused')}: {r.reason.message}
        </small>
      )}
    </li>
  );

  const failure = outcome?.kind === 'retry' ? outcome.reason : undefined;
  return (
    <section class="activity-screen" aria-labelledby="activity-title">
      <h1 id="activity-title">{t('activity.title')}</h1>
      <p class="muted">{t('activity.intro')}</p>
      {queue && (
        <p>
          <a href="#activity-queue">
            {t('activity.waitingTitle', { count: queue.waiting.length })} ·{' '}
            {t('activity.sentTitle', { count: queue.sent.length })}
          </a>
        </p>
      )}

      {code === null && (
        <div class="banner" role="note">
          <p>
            <strong>{t('activity.code.missing')}</strong>
          </p>
          <p>{t('activity.code.hint')}</p>
        </div>
      )}

      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="field">
          <label class="field-label" for="activity-date">
            {t('activity.field.date')}
          </label>
          <input id="activity-date" type="date" required value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          {date && <p class="field-hint">{formatDate(date, lang)}</p>}
        </div>
        <div class="field">
          <label class="field-label" for="activity-topic">
            {t('activity.field.title')}
          </label>
          <input
            id="activity-topic"
            type="text"
            required
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label class="field-label" for="activity-place">
            {t('activity.field.place')}
          </label>
          <input id="activity-place" type="text" value={place} onInput={(e) => setPlace(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label class="field-label" for="activity-level">
            {t('activity.field.level')}
          </label>
          <select
            id="activity-level"
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value as ParticipationLevel)}
          >
            {PARTICIPATION_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`activity.level.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field-label" for="activity-plan">
            {t('activity.field.planRowId')} <span class="optional">{t('activity.optional')}</span>
          </label>
          <p class="field-hint" id="activity-plan-hint">
            {planRows?.length === 0
              ? t('activity.planUnknown', { year: fiscalYear })
              : t('activity.planHint', { year: fiscalYear })}
          </p>
          <select
            id="activity-plan"
            aria-describedby="activity-plan-hint"
            value={planRow}
            onChange={(e) => setPlanRow(e.currentTarget.value)}
          >
            <option value="">{t('activity.planNone')}</option>
            {planRows?.map((r) => (
              <option key={r.id} value={r.id}>
                {planRowLabel(r, lang, (l) => t(`activity.level.${l}`))}
              </option>
            ))}
          </select>
          {/* A phone cuts the chosen row short in the closed select: the whole name is shown under it. */}
          {chosenRow && <p class="field-hint">{planRowLabel(chosenRow, lang, (l) => t(`activity.level.${l}`))}</p>}
        </div>
        <fieldset class="field">
          <legend>{t('activity.field.participants')}</legend>
          <p class="field-hint">{t('activity.participantsHint')}</p>
          <div class="count-grid">
            {(groups.length ? groups : [{ id: 'other', label: { th: 'อื่น ๆ', en: 'Other' } }]).map((g) => (
              <label key={g.id} class="count-row">
                <span>{tr(g.label, lang)}</span>
                <input
                  type="text"
                  inputMode="numeric"
                  value={counts[g.id] ?? ''}
                  onInput={(e) => {
                    const value = e.currentTarget.value.replace(/\D/g, '');
                    setCounts((c) => ({ ...c, [g.id]: value }));
                  }}
                />
              </label>
            ))}
          </div>
        </fieldset>
        {(
          [
            ['contributions', contributions, setContributions],
            ['summary', summary, setSummary],
            ['result', result, setResult],
            ['followUp', followUp, setFollowUp],
          ] as const
        ).map(([key, value, set]) => (
          <div class="field" key={key}>
            <label class="field-label" for={`activity-${key}`}>
              {t(`activity.field.${key}`)}
            </label>
            <textarea id={`activity-${key}`} rows={3} value={value} onInput={(e) => set(e.currentTarget.value)} />
          </div>
        ))}
        <fieldset class="field">
          <legend>{t('activity.field.attachments')}</legend>
          <p class="field-hint">{t('activity.filesHint')}</p>
          <div class="actions">
            <label class="button button-secondary file-button">
              {t('activity.addPhoto')}
              <input
                type="file"
                accept="image/*"
                multiple
                class="visually-hidden"
                onChange={(e) => {
                  const input = e.currentTarget;
                  void choose(input.files, 'photo').finally(() => {
                    input.value = '';
                  });
                }}
              />
            </label>
            <label class="button button-secondary file-button">
              {t('activity.addDocument')}
              <input
                type="file"
                accept="image/*,application/pdf"
                multiple
                class="visually-hidden"
                onChange={(e) => {
                  const input = e.currentTarget;
                  void choose(input.files, 'signin').finally(() => {
                    input.value = '';
                  });
                }}
              />
            </label>
          </div>
          {files.length > 0 && (
            <ul class="plain-list thumbs">
              {files.map((f) => (
                <li key={f.id}>
                  {f.declaration.type === 'application/pdf' ? (
                    <span class="thumb-doc">PDF</span>
                  ) : (
                    <img src={f.url} alt={f.declaration.name} width={96} height={72} />
                  )}
                  <small>
                    {t(`activity.kind.${f.declaration.kind}`)} · {Math.ceil(f.declaration.size / 1024)} KB
                  </small>
                  <label class="inline-check">
                    <input
                      type="checkbox"
                      checked={f.declaration.public}
                      onChange={(e) => {
                        const value = e.currentTarget.checked;
                        setFiles((all) =>
                          all.map((x) =>
                            x.id === f.id ? { ...x, declaration: { ...x.declaration, public: value } } : x,
                          ),
                        );
                      }}
                    />
                    {t('activity.filePublic')}
                  </label>
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => {
                      URL.revokeObjectURL(f.url);
                      setFiles((all) => all.filter((x) => x.id !== f.id));
                    }}
                  >
                    {t('activity.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <div class="field">
          <label class="inline-check">
            <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} />
            {t('activity.field.public')}
          </label>
          <p class="field-hint">{t('activity.publicHint')}</p>
        </div>
        <div class="field">
          <label class="field-label" for="activity-by">
            {t('activity.field.recordedBy')}
          </label>
          <input
            id="activity-by"
            type="text"
            value={recordedBy}
            onInput={(e) => setRecordedBy(e.currentTarget.value)}
          />
        </div>
        {problem && (
          <p class="form-summary" role="alert">
            {problem}
          </p>
        )}
        {storage && <StorageErrorMessage error={storage} onRetry={() => void submit(new Event('submit'))} />}
        <div class="actions">
          <button type="submit" class="button">
            {t('activity.save')}
          </button>
          <span role="status" class="muted">
            {saved ? t(online ? 'activity.savedOnline' : 'activity.savedOffline') : ''}
          </span>
        </div>
      </form>

      <h2 id="activity-queue" tabIndex={-1}>
        {t('activity.waitingTitle', { count: queue?.waiting.length ?? 0 })}
      </h2>
      {failure && (
        <p class="muted" role="status">
          {t(`activity.error.${failure}`)}
        </p>
      )}
      {queue?.waiting.length ? <ul class="outbox-list">{queue.waiting.map(row)}</ul> : <p>{t('activity.none')}</p>}
      {!!queue?.rejected.length && (
        <>
          <h2>{t('activity.rejectedTitle', { count: queue.rejected.length })}</h2>
          <p>{t('activity.rejectedBody')}</p>
          <ul class="outbox-list">{queue.rejected.map(row)}</ul>
        </>
      )}
      <h2>{t('activity.sentTitle', { count: queue?.sent.length ?? 0 })}</h2>
      {queue?.sent.length ? <ul class="outbox-list">{queue.sent.map(row)}</ul> : <p>{t('activity.none')}</p>}

      <details class="field">
        <summary>{t('activity.code.title')}</summary>
        <p class="field-hint">{code ? t('activity.code.set') : t('activity.code.hint')}</p>
        <label class="field-label" for="activity-code">
          {t('activity.code.label')}
        </label>
        <input
          id="activity-code"
          type="text"
          autoComplete="off"
          value={codeDraft}
          onInput={(e) => setCodeDraft(e.currentTarget.value)}
        />
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={() => void saveCode()}>
            {t('activity.code.save')}
          </button>
        </div>
      </details>
      <p class="muted">{groups.length ? '' : t('activity.groupsUnknown')}</p>
    </section>
  );
}
