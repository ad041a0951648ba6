/**
 * Tells the person, in plain words, that the device could not save, and what still is safe. The
 * words load only when there is a problem: they are not part of a respondent's first load.
 */
import type { StorageError } from '../../db/storage-errors.js';
import { lazy } from './lazy.js';

const StorageErrorMessage = lazy(() => import('./StorageErrorMessage.js').then((m) => m.StorageErrorMessage), {
  quiet: true,
});

/** A storage problem with a retry button (nothing when there is none). */
export function StorageErrorBanner({
  error,
  unsaved,
  onRetry,
}: {
  error: StorageError | undefined;
  unsaved?: number;
  onRetry?: () => void;
}) {
  if (!error) return null;
  return <StorageErrorMessage error={error} unsaved={unsaved} onRetry={onRetry} />;
}
