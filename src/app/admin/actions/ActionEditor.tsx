/**
 * An improvement action's form: title, description, owner, dates, status (which sets a default
 * progress), progress, steps with dates, the findings it answers and whether it is public.
 */
import { useState } from 'preact/hooks';
import { ACTION_STATUSES, type Action, defaultProgress } from '../../../core/actions.js';
import { FINDING_KINDS, type Finding } from '../../../core/findings.js';
import { formatDate } from '../../../core/format.js';
import type { Lang } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { ApiError, apiDelete, apiSend } from '../api.js';
import { type ActionBody, bodyOf } from './actions-api.js';

/** A finding's label in a language (the item's wording, the topic or the activity's title). */
export function findingLabel(f: Pick<Finding, 'label'>, lang: Lang): string {
  return (lang === 'en' && f.label.en) || f.label.th;
}

const blank = (fiscalYear: number, findings: string[]): ActionBody => ({
  fiscalYear,
  title: '',
  description: '',
  owner: '',
  startsOn: null,
  endsOn: null,
  status: 'planned',
  progress: 0,
  public: false,
  milestones: [],
  findings: findings.map((key) => ({ key })),
});

/** The editor of a new action (`action` absent, perhaps with findings chosen) or of an action. */
export function ActionEditor(props: {
  fiscalYear: number;
  action?: Action | undefined;
  findings: Finding[];
  preset?: string[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useT();
  const { action } = props;
  const [body, setBody] = useState<ActionBody>(() =>
    action ? bodyOf(action) : blank(props.fiscalYear, props.preset ?? []),
  );
  const [error, setError] = useState('');
  const set = (change: Partial<ActionBody>) => setBody((b) => ({ ...b, ...change }));
  const setMilestone = (i: number, change: Partial<ActionBody['milestones'][number]>) =>
    set({ milestones: body.milestones.map((m, k) => (k === i ? { ...m, ...change } : m)) });
  const linked = new Set(body.findings.map((f) => f.key));
  // The year's findings, and those linked before that the data no longer shows (their copy).
  const choices = [
    ...props.findings.map((f) => ({ key: f.key, text: findingLabel(f, lang), kind: f.kind, copy: false })),
    ...(action?.findings ?? [])
      .filter((l) => !props.findings.some((f) => f.key === l.key))
      .map((l) => ({ key: l.key, text: findingLabel(l.finding, lang), kind: l.finding.kind, copy: true })),
  ];
  const save = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      if (action) await apiSend('PUT', `/actions/${action.id}`, body);
      else await apiSend('POST', '/actions', body);
      props.onDone(t('admin.actions.saved'));
    } catch (err) {
      setError(t('admin.actions.refused', { message: err instanceof ApiError ? err.message : String(err) }));
    }
  };
  const remove = async () => {
    if (!action || !confirm(t('admin.actions.confirmDelete', { title: action.title }))) return;
    try {
      await apiDelete(`/actions/${action.id}`);
      props.onDone(t('admin.actions.deleted'));
    } catch (err) {
      setError(t('admin.actions.refused', { message: err instanceof ApiError ? err.message : String(err) }));
    }
  };
  const date = (value: string | null, onChange: (v: string | null) => void, label: string, id: string) => (
    <div>
      <label for={id}>{label}</label>
      <input id={id} type="date" value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value || null)} />
      <span class="small muted">{value ? formatDate(value, lang) : ''}</span>
    </div>
  );
  return (
    <form class="card plan-editor action-editor" aria-labelledby="action-editor-title" onSubmit={(e) => void save(e)}>
      <h2 id="action-editor-title">{t(action ? 'admin.actions.editTitle' : 'admin.actions.newTitle')}</h2>
      <label>
        {t('admin.actions.actionTitle')}
        <input type="text" required value={body.title} onInput={(e) => set({ title: e.currentTarget.value })} />
      </label>
      <label>
        {t('admin.actions.description')}
        <textarea rows={3} value={body.description} onInput={(e) => set({ description: e.currentTarget.value })} />
      </label>
      <label>
        {t('admin.actions.owner')}
        <input type="text" value={body.owner} onInput={(e) => set({ owner: e.currentTarget.value })} />
      </label>
      <div class="grid-fields">
        {date(body.startsOn, (v) => set({ startsOn: v }), t('admin.actions.startsOn'), 'action-starts')}
        {date(body.endsOn, (v) => set({ endsOn: v }), t('admin.actions.endsOn'), 'action-ends')}
        <label>
          {t('admin.actions.status')}
          <select
            value={body.status}
            onChange={(e) => {
              const status = e.currentTarget.value as ActionBody['status'];
              set({ status, progress: defaultProgress(status, body.progress) });
            }}
          >
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.actions.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.actions.progress')}
          <input
            type="number"
            min={0}
            max={100}
            step={1}
            value={body.progress}
            onInput={(e) => set({ progress: Math.round(Number(e.currentTarget.value) || 0) })}
          />
        </label>
      </div>
      <p class="small muted">{t('admin.actions.progressHint')}</p>
      <fieldset>
        <legend>{t('admin.actions.milestones')}</legend>
        {body.milestones.map((m, i) => (
          <div class="milestone-row" key={m.id ?? `new-${i}`}>
            <label>
              {t('admin.actions.milestoneTitle', { n: i + 1 })}
              <input
                type="text"
                required
                value={m.title}
                onInput={(e) => setMilestone(i, { title: e.currentTarget.value })}
              />
            </label>
            {date(m.dueOn, (v) => setMilestone(i, { dueOn: v }), t('admin.actions.dueOn'), `milestone-due-${i}`)}
            {date(m.doneOn, (v) => setMilestone(i, { doneOn: v }), t('admin.actions.doneOn'), `milestone-done-${i}`)}
            <button
              type="button"
              class="link-button"
              onClick={() => set({ milestones: body.milestones.filter((_, k) => k !== i) })}
            >
              {t('admin.actions.removeMilestone', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          class="button button-secondary"
          onClick={() => set({ milestones: [...body.milestones, { title: '', dueOn: null, doneOn: null }] })}
        >
          {t('admin.actions.addMilestone')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('admin.actions.linkFindings')}</legend>
        {FINDING_KINDS.filter((kind) => choices.some((c) => c.kind === kind)).map((kind) => (
          <div class="finding-choices" key={kind}>
            <p class="finding-kind">{t(`admin.actions.kind.${kind}`)}</p>
            {choices
              .filter((c) => c.kind === kind)
              .map((c) => (
                <label class="check" key={c.key}>
                  <input
                    type="checkbox"
                    checked={linked.has(c.key)}
                    onChange={(e) =>
                      set({
                        findings: e.currentTarget.checked
                          ? [...body.findings, { key: c.key }]
                          : body.findings.filter((f) => f.key !== c.key),
                      })
                    }
                  />
                  <span>
                    {c.text}
                    {c.copy && <span class="small muted"> {t('admin.actions.linkedCopy')}</span>}
                  </span>
                </label>
              ))}
          </div>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" checked={body.public} onChange={(e) => set({ public: e.currentTarget.checked })} />
        <span>{t('admin.actions.public')}</span>
      </label>
      <div class="actions">
        <button type="submit" class="button">
          {t('admin.actions.save')}
        </button>
        <button type="button" class="button button-secondary" onClick={props.onCancel}>
          {t('admin.actions.cancel')}
        </button>
        {action && (
          <button type="button" class="button button-secondary danger" onClick={() => void remove()}>
            {t('admin.actions.delete')}
          </button>
        )}
      </div>
      <p role="alert" class="field-error">
        {error}
      </p>
    </form>
  );
}
