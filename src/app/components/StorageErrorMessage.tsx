/** The words of a storage problem: what happened, what is still safe, and a retry button. */
import type { StorageError } from '../../db/storage-errors.js';
import { useT } from '../hooks.js';
import { addLaterStrings } from '../later-strings.js';

addLaterStrings();

/** A storage problem with a retry button. */
export function StorageErrorMessage({
  error,
  unsaved,
  onRetry,
}: {
  error: StorageError;
  unsaved?: number | undefined;
  onRetry?: (() => void) | undefined;
}) {
  const { t } = useT();
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
