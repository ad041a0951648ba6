/** On every screen: online or offline, how many completed responses wait on this device, and
 * whether the browser keeps the device's data for good. */
import { observeOutboxCounts } from '../../db/outbox.js';
import { useObservable, useOnline, useT } from '../hooks.js';
import { usePersistence } from '../persistence.js';

/** The status line under the title bar. */
export function StatusBar() {
  const { t } = useT();
  const online = useOnline();
  const counts = useObservable(() => observeOutboxCounts()).value;
  const waiting = counts ? counts.waiting + counts.sending : undefined;
  const persistence = usePersistence();
  return (
    <div class="status-bar" role="status" aria-live="polite">
      <span class={`pill ${online ? 'pill-online' : 'pill-offline'}`}>
        <span class="dot" aria-hidden="true" />
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span class="pill" data-testid="waiting-count">
        {waiting === undefined ? t('status.waitingUnknown') : t('status.waiting', { count: waiting })}
      </span>
      {persistence !== 'unknown' && (
        <span class={`pill ${persistence === 'persisted' ? '' : 'pill-warn'}`} data-testid="persistence">
          {t(`status.persistence.${persistence}`)}
        </span>
      )}
    </div>
  );
}
