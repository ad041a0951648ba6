/**
 * One-time and occasional notices: the app now works offline; a new version is ready; this
 * address cannot offer offline work.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../hooks.js';
import { applyUpdate, dismissOfflineReady, useSwState } from '../sw-bridge.js';

/**
 * True where the browser gives the app no service worker: plain http off loopback (not a secure
 * context), or a browser that allows none.
 */
const offlineImpossible = typeof window !== 'undefined' && (!window.isSecureContext || !('serviceWorker' in navigator));

let Insecure: ComponentType | undefined;

/** The insecure-address notice, loaded (with its strings) only where it is needed. */
function InsecureContext() {
  const [Notice, setNotice] = useState(() => Insecure);
  useEffect(() => {
    if (Notice) return;
    import('./InsecureNotice.js')
      .then((m) => {
        Insecure = m.InsecureNotice;
        setNotice(() => m.InsecureNotice);
      })
      // Without it the app still works; there is nothing more to say where the chunk cannot load.
      .catch(() => undefined);
  }, []);
  return Notice ? <Notice /> : null;
}

/**
 * Shows what the service worker has to say, at the right moment: "works offline" waits until the
 * person is not inside a survey (it would push the questions down) and is never shown on the staff
 * screens (it would float over their editor; it is for respondents and officers), an update until
 * no response is open.
 */
export function Notices({ inSurvey = false, staff = false }: { inSurvey?: boolean; staff?: boolean }) {
  const { t } = useT();
  const sw = useSwState();
  return (
    <>
      {offlineImpossible && <InsecureContext />}
      {sw.offlineReady && !inSurvey && !staff && (
        <div class="banner banner-info" role="status">
          <p>{t('sw.offlineReady')}</p>
          <button type="button" class="button button-secondary" onClick={dismissOfflineReady}>
            {t('sw.ok')}
          </button>
        </div>
      )}
      {sw.updateWaiting && !sw.responseOpen && (
        <div class="banner banner-info" role="status" data-testid="update-offer">
          <p>{t('sw.updateReady')}</p>
          <button type="button" class="button" onClick={() => applyUpdate()}>
            {t('sw.updateNow')}
          </button>
        </div>
      )}
    </>
  );
}
