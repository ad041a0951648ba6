/** Tells the person, in plain words, that the device could not save, and what still is safe. */
import type { StorageError } from '../../db/storage-errors.js';
import { useT } from '../hooks.js';

/** A storage problem with a retry button. */
export function StorageErrorBanner({
  error,
  unsaved,
  onRetry,
}: {
  error: StorageError | undefined;
  unsaved?: number;
  onRetry?: () => void;
}) {
  const { t } = useT();
  if (!error) return null;
  return (
    <div class="banner banner-error" role="alert">
      <p>
        <strong>{t(`storage.${error.kind}.title`)}</strong>
      </p>
      <p>{t(`storage.${error.kind}.body`)}</p>
      {unsaved ? <p>{t('storage.unsaved', { count: unsaved })}</p> : null}
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          {t('storage.retry')}
        </button>
      )}
    </div>
  );
}
