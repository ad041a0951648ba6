/**
 * The state of one survey being answered on this device: its definition, the open draft and its
 * answers. Every answer is written to the device as it is given (in order, one at a time); an
 * answer that could not be written is kept in memory, shown as unsaved and retried.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AnswerValue } from '../core/answers.js';
import type { SurveyDefinition } from '../core/survey.js';
import type { ResponseRecord } from '../db/db.js';
import {
  abandonDraft,
  completeResponse,
  findDraft,
  saveAnswer,
  saveLocale,
  savePosition,
  addDraft,
  newDraft,
  type ResponseOrigin,
} from '../db/responses.js';
import { getSetting, TRAINING_KEY } from '../db/settings.js';
import { type StorageError, toStorageError } from '../db/storage-errors.js';
import { useT } from './hooks.js';
import { currentLanguage } from './i18n.js';
import { requestPersistence } from './persistence.js';
import { loadSurvey } from './surveys.js';

/** What a survey screen opens with: the survey's draft on this device, if any, and its survey. */
interface SessionStart {
  existing: ResponseRecord | undefined;
  definition: SurveyDefinition | undefined;
  /** This device is in training mode (set on the device screen). */
  training: boolean;
}

async function readSession(surveyId: string): Promise<SessionStart> {
  // Both at once: a draft keeps the version it was started under, which is nearly always the
  // newest; only when it is not does a second read follow.
  const [existing, newest, training] = await Promise.all([
    findDraft(surveyId),
    loadSurvey(surveyId),
    getSetting<boolean>(TRAINING_KEY),
  ]);
  const definition =
    existing && existing.surveyVersion !== newest?.version
      ? await loadSurvey(surveyId, existing.surveyVersion)
      : newest;
  return { existing, definition, training: training === true };
}

let prefetched: { surveyId: string; start: Promise<SessionStart> } | undefined;

/**
 * Starts reading a survey screen's draft and survey as the page starts, before anything renders,
 * so that the database opens and answers while the strings load and the first frame is drawn.
 * The screen's first mount takes the result; later mounts read afresh.
 */
export function prefetchSession(surveyId: string): void {
  const start = readSession(surveyId);
  start.catch(() => undefined); // a failure shows when the screen takes it
  prefetched = { surveyId, start };
}

/** Forgets what was read ahead (a kiosk sets stale drafts aside first: read them again after). */
export function dropPrefetchedSession(): void {
  prefetched = undefined;
}

function takePrefetched(surveyId: string): Promise<SessionStart> | undefined {
  const taken = prefetched?.surveyId === surveyId ? prefetched.start : undefined;
  prefetched = undefined;
  return taken;
}

/** The user-timing measure of each autosave. */
export const AUTOSAVE_MEASURE = 'siang:autosave';

/** Where loading a survey got to. */
export type SessionLoad = 'loading' | 'ready' | 'missing' | 'failed';

/** What the survey screens use. */
export interface SurveySession {
  load: SessionLoad;
  survey: SurveyDefinition | undefined;
  draft: ResponseRecord | undefined;
  answers: Record<string, AnswerValue>;
  /** A storage failure the person must be told about, with the answers not yet saved. */
  storageError: StorageError | undefined;
  unsaved: number;
  setAnswer: (key: string, value: AnswerValue | undefined) => void;
  retrySaving: () => Promise<void>;
  /** This device is in training mode: its responses are sent as test data. */
  training: boolean;
  /** Opens a draft, with answers filled in advance by a link or a kiosk, and where it is made. */
  start: (presets?: Readonly<Record<string, string>>, origin?: ResponseOrigin) => Promise<ResponseRecord | undefined>;
  /** Sets the open draft aside (kept on the device, never sent). */
  abandon: () => Promise<void>;
  moveTo: (position: string) => Promise<void>;
  /**
   * Waits for every answer to be saved, then completes and enqueues the response (a complaint with
   * the receipt number the submitting screen made).
   */
  complete: (receiptCode?: string) => Promise<ResponseRecord | undefined>;
  /** True from "send" until the response is completed or could not be: it is never set aside then. */
  completing: boolean;
}

/** Loads a survey and its draft (if any) and keeps the draft saved. */
export function useSurveySession(surveyId: string, appVersion: string): SurveySession {
  const [load, setLoad] = useState<SessionLoad>('loading');
  const [survey, setSurvey] = useState<SurveyDefinition>();
  const [draft, setDraft] = useState<ResponseRecord>();
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [storageError, setStorageError] = useState<StorageError>();
  const [unsavedCount, setUnsavedCount] = useState(0);
  const [completing, setCompleting] = useState(false);
  const [training, setTraining] = useState(false);
  const completingRef = useRef(false);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const unsaved = useRef(new Map<string, AnswerValue | undefined>());
  const draftRef = useRef<ResponseRecord | undefined>(undefined);
  // The draft exactly as the last save wrote it (never changed in place): the next save sends its
  // change with it and is committed in one round trip while nothing else has touched the draft.
  const saved = useRef<ResponseRecord | undefined>(undefined);
  /** What the next save of draft `id` refers to: the record last written, else the id. */
  const known = (id: string): string | ResponseRecord => (saved.current?.id === id ? saved.current : id);
  const remember = (record: ResponseRecord) => {
    saved.current = record;
    return record;
  };
  // A draft shown before it is stored: the first question appears at once when the notice is
  // accepted, while the draft is written; every save waits for that write, and retries it.
  const unstored = useRef<ResponseRecord | undefined>(undefined);
  const ensureStored = useCallback(async () => {
    const record = unstored.current;
    if (!record) return;
    await addDraft(record);
    if (unstored.current === record) unstored.current = undefined;
  }, []);
  const { lang } = useT();

  useEffect(() => {
    let live = true;
    setLoad('loading');
    (async () => {
      const { existing, definition, training } = await (takePrefetched(surveyId) ?? readSession(surveyId));
      if (!live) return;
      setTraining(training);
      if (!definition) return setLoad('missing');
      draftRef.current = existing;
      saved.current = existing && { ...existing, answers: { ...existing.answers } };
      setSurvey(definition);
      setDraft(existing);
      setAnswers({ ...(existing?.answers ?? {}) });
      setLoad('ready');
    })().catch((error: unknown) => {
      if (!live) return;
      setStorageError(toStorageError(error));
      setLoad('failed');
    });
    return () => {
      live = false;
    };
  }, [surveyId]);

  // The response records the language it was answered in: the one in use when it is submitted.
  useEffect(() => {
    const id = draftRef.current?.id;
    if (!id || draftRef.current?.locale === lang) return;
    const draft = draftRef.current;
    if (draft) draft.locale = lang;
    chain.current = chain.current
      .then(() => ensureStored())
      .then(() => saveLocale(known(id), lang).then(remember))
      .catch((error: unknown) => setStorageError(toStorageError(error)));
  }, [lang, draft?.id]);

  const enqueue = useCallback(<T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.current.then(work, work);
    chain.current = next.catch(() => undefined);
    return next;
  }, []);

  const persist = useCallback(
    (key: string, value: AnswerValue | undefined) => {
      const id = draftRef.current?.id;
      if (!id) return;
      unsaved.current.set(key, value);
      setUnsavedCount(unsaved.current.size);
      const started = performance.now();
      enqueue(() => ensureStored().then(() => saveAnswer(known(id), key, value).then(remember)))
        .then(() => {
          // From answer to committed on the device; read by `npm run bench` (user timing).
          performance.measure(AUTOSAVE_MEASURE, { start: started });
          // Only forget it if no newer value of the same key is still waiting.
          if (unsaved.current.get(key) === value) unsaved.current.delete(key);
          setUnsavedCount(unsaved.current.size);
          setStorageError(undefined);
          void requestPersistence();
        })
        .catch((error: unknown) => setStorageError(toStorageError(error)));
    },
    [enqueue],
  );

  const setAnswer = useCallback(
    (key: string, value: AnswerValue | undefined) => {
      // The write starts first; the screen updates while it runs.
      persist(key, value);
      setAnswers((previous) => {
        const next = { ...previous };
        if (value === undefined) delete next[key];
        else next[key] = value;
        return next;
      });
    },
    [persist],
  );

  const retrySaving = useCallback(async () => {
    if (unstored.current) enqueue(ensureStored).catch((error: unknown) => setStorageError(toStorageError(error)));
    for (const [key, value] of [...unsaved.current]) persist(key, value);
    await chain.current;
  }, [persist, enqueue, ensureStored]);

  const start = useCallback(
    async (presets?: Readonly<Record<string, string>>, origin?: ResponseOrigin) => {
      if (!survey) return undefined;
      const first = survey.sections[0]?.id ?? 'review';
      const record = newDraft({
        survey,
        locale: currentLanguage(),
        appVersion,
        position: first,
        ...(presets ? { presets } : {}),
        ...(origin ? { origin } : {}),
      });
      draftRef.current = record;
      saved.current = { ...record, answers: { ...record.answers } };
      unstored.current = record;
      setDraft(record);
      setAnswers({ ...record.answers });
      setStorageError(undefined);
      // Stored in the background; a failure shows at once, and each later save (or "try again")
      // tries again before it writes.
      enqueue(ensureStored).catch((error: unknown) => setStorageError(toStorageError(error)));
      return record;
    },
    [survey, appVersion, enqueue, ensureStored],
  );

  // A draft stays on the survey version it was started under; once it is completed or set aside,
  // the next response starts on the newest version on the device (one published meanwhile, say).
  const toNewest = useCallback(() => {
    loadSurvey(surveyId)
      .then((newest) => {
        if (newest) setSurvey(newest);
      })
      .catch((error: unknown) => console.warn('the newest version of the survey could not be loaded', error));
  }, [surveyId]);

  const abandon = useCallback(async () => {
    const id = draftRef.current?.id;
    // A response whose person pressed "send" is being completed: a kiosk's idle timer must not
    // set it aside.
    if (!id || completingRef.current) return;
    // Answers still being written, or waiting after a storage failure, go first, so the
    // set-aside draft holds all that was given.
    await retrySaving();
    try {
      await enqueue(() => ensureStored().then(() => abandonDraft(id)));
      draftRef.current = undefined;
      unsaved.current.clear();
      setUnsavedCount(0);
      setDraft(undefined);
      setAnswers({});
      toNewest();
    } catch (error) {
      setStorageError(toStorageError(error));
    }
  }, [enqueue, retrySaving, toNewest]);

  const moveTo = useCallback(
    async (position: string) => {
      const id = draftRef.current?.id;
      if (!id) return;
      await enqueue(() => ensureStored().then(() => savePosition(known(id), position).then(remember))).catch(
        (error: unknown) => setStorageError(toStorageError(error)),
      );
    },
    [enqueue],
  );

  const complete = useCallback(
    async (receiptCode?: string) => {
      const id = draftRef.current?.id;
      if (!id || !survey || completingRef.current) return undefined;
      completingRef.current = true;
      setCompleting(true);
      try {
        await retrySaving();
        if (unsaved.current.size) return undefined;
        const done = await enqueue(() =>
          ensureStored().then(() => completeResponse(id, survey, undefined, undefined, receiptCode)),
        );
        draftRef.current = undefined;
        setDraft(undefined);
        setAnswers({});
        toNewest();
        return done;
      } catch (error) {
        setStorageError(toStorageError(error));
        return undefined;
      } finally {
        completingRef.current = false;
        setCompleting(false);
      }
    },
    [survey, enqueue, retrySaving, toNewest],
  );

  return {
    load,
    survey,
    draft,
    answers,
    storageError,
    training,
    unsaved: unsavedCount,
    setAnswer,
    retrySaving,
    start,
    abandon,
    moveTo,
    complete,
    completing,
  };
}
