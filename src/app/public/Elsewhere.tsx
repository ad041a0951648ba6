/**
 * The screens of addresses that are neither the respondents', the officers' nor the staff's: the
 * public page (`/p`, `/p/<fiscal year>`) and "not found". A chunk of its own, so that neither
 * adds to a respondent's first load.
 */
import { useT } from '../hooks.js';
import { onLinkClick } from '../router.js';
import { PublicPage } from './PublicPage.js';

/** The public page, or "not found". */
export function Elsewhere({ path }: { path: string }) {
  const { t } = useT();
  if (/^\/p(\/|$)/.test(path)) return <PublicPage />;
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <a class="button" href="/" onClick={onLinkClick}>
        {t('notFound.home')}
      </a>
    </section>
  );
}
