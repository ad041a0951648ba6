/** One-time and occasional notices: the app now works offline; a new version is ready. */
import { useT } from '../hooks.js';
import { applyUpdate, dismissOfflineReady, useSwState } from '../sw-bridge.js';

/**
 * Shows what the service worker has to say, at the right moment: "works offline" waits until the
 * person is not inside a survey (it would push the questions down), an update until no response
 * is open.
 */
export function Notices({ inSurvey = false }: { inSurvey?: boolean }) {
  const { t } = useT();
  const sw = useSwState();
  return (
    <>
      {sw.offlineReady && !inSurvey && (
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
