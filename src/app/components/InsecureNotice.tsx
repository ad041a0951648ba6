/**
 * Said where the app cannot work offline: a page opened over plain http on the office network is
 * not a secure context, so the browser gives it no service worker and no Web Crypto (no offline
 * work, no encrypted backups). Loaded only there, with its strings.
 */
import { useT } from '../hooks.js';
import { addLaterStrings } from '../later-strings.js';

addLaterStrings();

/** The notice, naming the cause (plain http, or a browser that allows no service worker). */
export function InsecureNotice() {
  const { t } = useT();
  return (
    <div class="banner banner-warning" role="status" data-testid="insecure-notice">
      <p>
        <strong>{t('insecure.title')}</strong>
      </p>
      <p>{t(window.isSecureContext ? 'insecure.browser' : 'insecure.http')}</p>
      <p>{t('insecure.action')}</p>
    </div>
  );
}
