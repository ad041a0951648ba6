/**
 * What a respondent reads in place of a survey that takes no responses now: closed, or not open
 * yet (with when it opens). Loaded only when shown, with its strings (later.json).
 */
import { tr } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { addLaterStrings } from '../later-strings.js';
import { onLinkClick } from '../router.js';

addLaterStrings();

/** The office's time zone: a closing time is read as the office means it. */
const OFFICE_TIME_ZONE = 'Asia/Bangkok';

/** The polite notice of a closed or not yet open survey. */
export function ClosedNotice({
  survey,
  notice,
  kiosk,
}: {
  survey: SurveyDefinition;
  notice: { state: 'closed' | 'scheduled'; at: string };
  kiosk: boolean;
}) {
  const { t, lang } = useT();
  const when = formatDateTime(notice.at, lang, OFFICE_TIME_ZONE);
  const closed = notice.state === 'closed';
  return (
    <section aria-labelledby="closed-title">
      <p class="muted">{tr(survey.title, lang)}</p>
      <h1 id="closed-title">{closed ? t('closed.title') : t('closed.notYetTitle')}</h1>
      <p class="lead">{closed ? t('closed.thanks') : t('closed.opens', { when })}</p>
      {closed && <p class="muted">{t('closed.since', { when })}</p>}
      {!kiosk && (
        <p>
          <a class="button" href="/" onClick={onLinkClick}>
            {t('closed.home')}
          </a>
        </p>
      )}
    </section>
  );
}
