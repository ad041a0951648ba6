/**
 * What an admin does to one or several responses: mark as test, exclude with a reason, count
 * again, delete, restore. Each change is followed by a notice with an Undo button; the state stays
 * visible in the list, so it can be reverted later too.
 */
import { useState } from 'preact/hooks';
import { MAX_REASON_LENGTH, type RecordItem, statusOf } from '../../../core/records.js';
import { useT } from '../../hooks.js';
import { ApiError } from '../api.js';
import { applyChange, type Change, undoChange } from './records-api.js';
import './records.css';

/** The last change, for its notice and Undo. */
export interface Done {
  change: Change;
  before: RecordItem[];
  count: number;
  undone?: boolean;
}

/** Runs changes and keeps the last one for Undo; `onChanged` reloads what shows them. */
export function useRecordChanges(surveyId: string, onChanged: () => void) {
  const [done, setDone] = useState<Done>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const guard = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const run = (change: Change, items: readonly RecordItem[]) =>
    guard(async () => {
      const changed = await applyChange(
        surveyId,
        items.map((i) => i.id),
        change,
      );
      const ids = new Set(changed.map((c) => c.id));
      setDone({ change, before: items.filter((i) => ids.has(i.id)), count: changed.length });
    });
  const undo = () =>
    guard(async () => {
      if (!done) return;
      await undoChange(surveyId, done.change, done.before);
      setDone({ ...done, undone: true });
    });
  return { done, busy, error, run, undo };
}

function doneKey(change: Change): string {
  if (change.kind !== 'exclusion') return change.kind === 'delete' ? 'deleted' : 'restored';
  return change.exclusion ?? 'included';
}

/** The notice after a change, with Undo (and after Undo, that it was undone). */
export function ChangeNotice({ state }: { state: ReturnType<typeof useRecordChanges> }) {
  const { t } = useT();
  const { done, busy, error, undo } = state;
  if (error)
    return (
      <p class="banner banner-error" role="alert">
        {t('admin.records.failed', { message: error })}
      </p>
    );
  if (!done) return <p role="status" class="visually-hidden" />;
  return (
    <p class="banner banner-info records-notice" role="status">
      <span>
        {done.undone
          ? t('admin.records.undone')
          : t(`admin.records.done.${doneKey(done.change)}`, { count: done.count })}
      </span>{' '}
      {!done.undone && done.count > 0 && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void undo()}>
          {t('admin.records.undo')}
        </button>
      )}
    </p>
  );
}

/** The buttons for the chosen responses, by their states; excluding asks for a reason first. */
export function ChangeButtons({
  items,
  state,
}: {
  items: readonly RecordItem[];
  state: ReturnType<typeof useRecordChanges>;
}) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const statuses = new Set(items.map(statusOf));
  const live = items.filter((i) => !i.deletedAt);
  const none = items.length === 0 || state.busy;
  const exclude = (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById('records-reason')?.focus();
      return;
    }
    setAsking(false);
    setMissing(false);
    setReason('');
    void state.run({ kind: 'exclusion', exclusion: 'excluded', reason: reason.trim() }, live);
  };
  return (
    <div class="records-actions">
      <div class="actions">
        {(statuses.has('included') || statuses.has('excluded')) && (
          <button
            type="button"
            class="button button-secondary"
            disabled={none}
            onClick={() => void state.run({ kind: 'exclusion', exclusion: 'test' }, live)}
          >
            {t('admin.records.markTest')}
          </button>
        )}
        {(statuses.has('included') || statuses.has('test')) && (
          <button
            type="button"
            class="button button-secondary"
            disabled={none}
            aria-expanded={asking}
            onClick={() => setAsking(!asking)}
          >
            {t('admin.records.exclude')}
          </button>
        )}
        {(statuses.has('test') || statuses.has('excluded')) && (
          <button
            type="button"
            class="button button-secondary"
            disabled={none}
            onClick={() => void state.run({ kind: 'exclusion', exclusion: null }, live)}
          >
            {t('admin.records.include')}
          </button>
        )}
        {live.length > 0 && (
          <button
            type="button"
            class="button button-secondary"
            disabled={none}
            onClick={() => void state.run({ kind: 'delete' }, live)}
          >
            {t('admin.records.delete')}
          </button>
        )}
        {statuses.has('deleted') && (
          <button
            type="button"
            class="button button-secondary"
            disabled={none}
            onClick={() =>
              void state.run(
                { kind: 'restore' },
                items.filter((i) => i.deletedAt),
              )
            }
          >
            {t('admin.records.restore')}
          </button>
        )}
      </div>
      {asking && (
        <form class="stack records-reason" onSubmit={exclude} noValidate>
          <label class="field-label" for="records-reason">
            {t('admin.records.reason')}
          </label>
          <input
            id="records-reason"
            type="text"
            maxLength={MAX_REASON_LENGTH}
            value={reason}
            aria-invalid={missing}
            aria-describedby={missing ? 'records-reason-error' : 'records-reason-hint'}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <p
            class={missing ? 'field-error' : 'field-hint'}
            id={missing ? 'records-reason-error' : 'records-reason-hint'}
          >
            {missing ? t('admin.records.reasonMissing') : t('admin.records.reasonHint')}
          </p>
          <div class="actions">
            <button type="submit" class="button" disabled={state.busy}>
              {t('admin.records.excludeConfirm', { count: live.length })}
            </button>
            <button type="button" class="link-button" onClick={() => setAsking(false)}>
              {t('admin.records.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
