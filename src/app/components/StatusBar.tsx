/**
 * On officers' screens, one honest line: online or offline; waiting to send / sending (n of m) /
 * all sent (when) / needs attention; and whether the browser keeps the device's data for good.
 */
import { formatWhen } from '../../core/format.js';
import { observeOutboxCounts, observeSyncStatus } from '../../db/outbox.js';
import { useObservable, useOnline, useT } from '../hooks.js';
import { addOfficerStrings } from '../officer-strings.js';
import { usePersistence } from '../persistence.js';
import { onLinkClick } from '../router.js';

addOfficerStrings();

/** The status line under the title bar of officers' screens; it links to the device screen. */
export function StatusBar() {
  const { t, lang } = useT();
  const online = useOnline();
  const counts = useObservable(() => observeOutboxCounts()).value;
  const sync = useObservable(() => observeSyncStatus()).value;
  const persistence = usePersistence();
  const waiting = counts ? counts.waiting + counts.sending : undefined;
  let sending: string;
  if (waiting === undefined) sending = t('status.waitingUnknown');
  else if (sync?.state === 'sending' && sync.total)
    sending = t('status.sending', { done: sync.done ?? 0, total: sync.total });
  else if (waiting > 0) sending = t('status.waiting', { count: waiting });
  else if (sync?.lastSuccessAt) sending = t('status.allSent', { when: formatWhen(sync.lastSuccessAt, lang) });
  else sending = t('status.nothingWaiting');
  return (
    <div class="status-bar" role="status" aria-live="polite">
      <span class={`pill ${online ? 'pill-online' : 'pill-offline'}`}>
        <span class="dot" aria-hidden="true" />
        {online ? t('status.online') : t('status.offline')}
      </span>
      <a class="pill pill-link" href="/device" onClick={onLinkClick} data-testid="waiting-count">
        {sending}
      </a>
      {counts && counts.rejected > 0 && (
        <a class="pill pill-warn pill-link" href="/device" onClick={onLinkClick} data-testid="attention-count">
          {t('status.attention', { count: counts.rejected })}
        </a>
      )}
      {persistence !== 'unknown' && persistence !== 'persisted' && (
        <a class="pill pill-warn pill-link" href="/device" onClick={onLinkClick} data-testid="persistence">
          {t(`status.persistenceShort.${persistence}`)}
        </a>
      )}
    </div>
  );
}
