/**
 * What a respondent reads when the survey asked for is not on the device (offline, never
 * opened here). Loaded only when shown, with its strings (later.json).
 */
import { useT } from '../hooks.js';
import { addLaterStrings } from '../later-strings.js';

addLaterStrings();

/** The survey is not on this device. */
export function MissingSurvey() {
  const { t } = useT();
  return (
    <section>
      <h1>{t('survey.missingTitle')}</h1>
      <p>{t('survey.missingBody')}</p>
    </section>
  );
}
