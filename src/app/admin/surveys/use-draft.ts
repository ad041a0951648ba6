/**
 * A survey draft being edited: loaded from the server (or started from the newest published
 * version), saved back a moment after each edit with the revision it was edited from, and kept
 * in this browser's localStorage (`siang.survey-draft.<id>`) until the server has it, so nothing
 * typed is lost offline or on a reload. A save refused because another admin saved in between
 * (409) stops autosaving and says who; the person then chooses, nothing is overwritten.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { canonicalJson } from '../../../core/protocol.js';
import type { SurveyDefinition } from '../../../core/survey.js';
import { type DraftStamp, deleteDraft, getDraft, getPublished, SurveyApiError, saveDraft } from './survey-api.js';

/** How long after the last keystroke a draft is saved. */
export const AUTOSAVE_DELAY_MS = 800;

/** What the save status line says. */
export type SaveStatus =
  | { kind: 'saved'; at: string }
  /** No draft yet: the newest published version is shown; the first edit's save creates the draft. */
  | { kind: 'unchanged'; version: number }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'failed'; message: string }
  | { kind: 'conflict'; current: DraftStamp };

/** A definition kept in this browser because the server does not have it yet. */
export interface Backup {
  definition: SurveyDefinition;
  revision: number | undefined;
  keptAt: string;
}

const backupKey = (id: string) => `siang.survey-draft.${id}`;

/** The unsaved copy of a draft kept in this browser, if any. */
export function readBackup(id: string): Backup | undefined {
  try {
    const raw = localStorage.getItem(backupKey(id));
    return raw ? (JSON.parse(raw) as Backup) : undefined;
  } catch {
    return undefined;
  }
}

function writeBackup(id: string, backup: Backup): string | undefined {
  try {
    localStorage.setItem(backupKey(id), JSON.stringify(backup));
    return undefined;
  } catch (error) {
    // A full or blocked storage must be seen: the draft then lives only in this page.
    return error instanceof Error ? error.message : String(error);
  }
}

/** Forgets the unsaved copy of a draft. */
export function clearBackup(id: string): void {
  try {
    localStorage.removeItem(backupKey(id));
  } catch {
    // nothing kept, nothing to clear
  }
}

/** The state of the draft being edited. */
export interface DraftState {
  phase: 'loading' | 'missing' | 'ready' | 'failed';
  definition: SurveyDefinition | undefined;
  revision: number | undefined;
  status: SaveStatus;
  /** An unsaved copy found in this browser that differs from the server's draft. */
  restorable: Backup | undefined;
  /** Why this browser could not keep a copy, when it could not. */
  backupProblem: string | undefined;
}

/** Loads, autosaves and reconciles the draft of survey `id`. */
export function useDraft(id: string) {
  const [state, setState] = useState<DraftState>({
    phase: 'loading',
    definition: undefined,
    revision: undefined,
    status: { kind: 'pending' },
    restorable: undefined,
    backupProblem: undefined,
  });
  const revision = useRef<number | undefined>(undefined);
  const pending = useRef<SurveyDefinition | undefined>(undefined);
  const saving = useRef<Promise<boolean> | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const conflicted = useRef(false);
  const patch = (next: Partial<DraftState>) => setState((s) => ({ ...s, ...next }));

  const loaded = (definition: SurveyDefinition, stamp: DraftStamp) => {
    revision.current = stamp.revision;
    const backup = readBackup(id);
    // The server stores jsonb, which reorders keys: compare content, not text.
    const differs = backup && canonicalJson(backup.definition) !== canonicalJson(definition);
    if (backup && !differs) clearBackup(id);
    patch({
      phase: 'ready',
      definition,
      revision: stamp.revision,
      status: { kind: 'saved', at: stamp.updatedAt },
      restorable: differs ? backup : undefined,
    });
  };

  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const draft = await getDraft(id);
        if (!stop) loaded(draft.definition, draft);
      } catch (error) {
        if (!(error instanceof SurveyApiError) || error.status !== 404) throw error;
        // No draft: start one from the newest published version, as its next version.
        const published = await getPublished(id).catch((e: unknown) => {
          if (e instanceof SurveyApiError && e.status === 404) return undefined;
          throw e;
        });
        if (stop) return;
        if (!published) {
          const backup = readBackup(id);
          if (backup) return void patch({ phase: 'ready', definition: backup.definition, status: { kind: 'pending' } });
          return void patch({ phase: 'missing' });
        }
        // Nothing is saved until the first edit: only looking must not create a draft.
        const definition = { ...published, version: published.version + 1 };
        revision.current = undefined;
        const backup = readBackup(id);
        const differs = backup && canonicalJson(backup.definition) !== canonicalJson(definition);
        if (backup && !differs) clearBackup(id);
        patch({
          phase: 'ready',
          definition,
          revision: undefined,
          status: { kind: 'unchanged', version: published.version },
          restorable: differs ? backup : undefined,
        });
      }
    };
    load().catch((error: unknown) => {
      if (stop) return;
      // Offline on a reload: the copy kept in this browser is edited until the server answers.
      const backup = readBackup(id);
      if (backup && error instanceof SurveyApiError && error.status === 0) {
        revision.current = backup.revision;
        pending.current = backup.definition;
        patch({
          phase: 'ready',
          definition: backup.definition,
          revision: backup.revision,
          status: { kind: 'offline' },
        });
      } else patch({ phase: 'failed', status: { kind: 'failed', message: String(error) } });
    });
    return () => {
      stop = true;
      clearTimeout(timer.current);
    };
  }, [id]);

  /** Sends what is not saved yet; true when the server has everything. */
  const flush = async (): Promise<boolean> => {
    clearTimeout(timer.current);
    while (saving.current) await saving.current;
    const send = pending.current;
    if (!send) return true;
    if (conflicted.current) return false;
    pending.current = undefined;
    patch({ status: { kind: 'saving' } });
    const attempt = (async () => {
      try {
        const saved = await saveDraft(send, revision.current);
        revision.current = saved.revision;
        if (!pending.current) clearBackup(id);
        else
          writeBackup(id, { definition: pending.current, revision: saved.revision, keptAt: new Date().toISOString() });
        patch({
          revision: saved.revision,
          status: pending.current ? { kind: 'pending' } : { kind: 'saved', at: saved.updatedAt },
        });
        return !pending.current;
      } catch (error) {
        pending.current ??= send;
        const status = error instanceof SurveyApiError ? error.status : -1;
        const current = error instanceof SurveyApiError ? (error.body.current as DraftStamp | undefined) : undefined;
        if (status === 409 && current) {
          conflicted.current = true;
          patch({ status: { kind: 'conflict', current } });
        } else if (status === 0) patch({ status: { kind: 'offline' } });
        else patch({ status: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } });
        return false;
      }
    })();
    saving.current = attempt;
    const ok = await attempt;
    saving.current = undefined;
    // Edits made while it was on its way go next.
    return ok && pending.current ? flush() : ok;
  };

  // When this browser cannot keep a copy, leaving with unsaved edits would lose them: ask first.
  useEffect(() => {
    if (!state.backupProblem) return;
    const leaving = (event: BeforeUnloadEvent) => {
      if (pending.current) event.preventDefault();
    };
    addEventListener('beforeunload', leaving);
    return () => removeEventListener('beforeunload', leaving);
  }, [state.backupProblem]);

  // Back online: send what waited.
  useEffect(() => {
    const online = () => void flush();
    addEventListener('online', online);
    return () => removeEventListener('online', online);
  }, [id]);

  /** The editor's onChange: shows the edit, keeps it in this browser and saves it shortly. */
  const edit = (next: SurveyDefinition) => {
    pending.current = next;
    const problem = writeBackup(id, { definition: next, revision: revision.current, keptAt: new Date().toISOString() });
    setState((s) => ({
      ...s,
      definition: next,
      backupProblem: problem,
      status: s.status.kind === 'conflict' || s.status.kind === 'offline' ? s.status : { kind: 'pending' },
    }));
    clearTimeout(timer.current);
    if (!conflicted.current) timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  };

  /** Takes the copy kept in this browser (it is saved over the draft it was edited from). */
  const restore = () => {
    const backup = state.restorable;
    if (!backup) return;
    patch({ restorable: undefined });
    revision.current = backup.revision ?? revision.current;
    edit(backup.definition);
  };

  /** Throws away the copy kept in this browser. */
  const discardBackup = () => {
    clearBackup(id);
    patch({ restorable: undefined });
  };

  /** After a conflict: the other admin's draft replaces this one's edits. */
  const loadTheirs = async () => {
    const draft = await getDraft(id);
    conflicted.current = false;
    pending.current = undefined;
    clearTimeout(timer.current);
    clearBackup(id);
    revision.current = draft.revision;
    patch({ definition: draft.definition, revision: draft.revision, status: { kind: 'saved', at: draft.updatedAt } });
  };

  /** After a conflict: this one's edits become the draft of a new survey `newId`. */
  const keepMineAsCopy = async (newId: string) => {
    const mine = state.definition;
    if (!mine) return;
    await saveDraft({ ...mine, id: newId, version: 1 });
    clearTimeout(timer.current);
    pending.current = undefined;
    clearBackup(id);
  };

  /** Throws the draft away, on the server and in this browser. */
  const discardDraft = async () => {
    clearTimeout(timer.current);
    pending.current = undefined;
    conflicted.current = true; // nothing more is saved from this page
    await deleteDraft(id);
    clearBackup(id);
  };

  /** The revision the server holds of this draft, as last saved or loaded. */
  const currentRevision = () => revision.current;

  return { state, edit, flush, currentRevision, restore, discardBackup, discardDraft, loadTheirs, keepMineAsCopy };
}
