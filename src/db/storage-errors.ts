/**
 * Turns IndexedDB failures into a few kinds a person can be told about in plain words. Nothing
 * here swallows an error: callers show it, and what was saved before stays saved.
 */

/** What went wrong with storage on this device. */
export type StorageErrorKind = 'quota' | 'unavailable' | 'closed' | 'unknown';

import { Dexie } from 'dexie';

/** A storage failure with its kind; `cause` keeps the original error. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly kind: StorageErrorKind,
    options?: { cause?: unknown },
  ) {
    super(`storage: ${kind}`, options);
  }
}

function names(error: unknown): string[] {
  const out: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { name, inner, cause } = e as { name?: unknown; inner?: unknown; cause?: unknown };
    if (typeof name === 'string') out.push(name);
    e = inner ?? cause;
  }
  return out;
}

/** Classifies any error thrown by Dexie or IndexedDB. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const all = names(error);
  const kind: StorageErrorKind = all.some((n) => n === 'QuotaExceededError')
    ? 'quota'
    : all.some((n) => n === 'MissingAPIError' || n === 'SecurityError' || n === 'OpenFailedError')
      ? 'unavailable'
      : all.some((n) => n === 'DatabaseClosedError' || n === 'InvalidStateError')
        ? 'closed'
        : 'unknown';
  return new StorageError(kind, { cause: error });
}

/** True for failures of storage itself (Dexie or IndexedDB), not of our own rules. */
export function isStorageFailure(error: unknown): boolean {
  return (
    error instanceof StorageError ||
    error instanceof Dexie.DexieError ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
  );
}

/**
 * Runs a storage operation; when the connection was closed under it (iOS Safari does this under
 * memory pressure, and so does a version change from another tab) reopens once and retries.
 */
export async function withStorage<T>(
  db: { isOpen(): boolean; open(): Promise<unknown> },
  op: () => Promise<T>,
): Promise<T> {
  try {
    return await op();
  } catch (first) {
    // Our own refusals (a completed response is frozen, say) pass through unchanged.
    if (!isStorageFailure(first)) throw first;
    const error = toStorageError(first);
    if (error.kind !== 'closed') throw error;
    try {
      if (!db.isOpen()) await db.open();
      return await op();
    } catch (second) {
      throw isStorageFailure(second) ? toStorageError(second) : second;
    }
  }
}
