/**
 * The calm notice shown while a kiosk, a link or a device is in training mode: what is answered
 * here reaches the office as test data and is not counted. Loaded only in training mode.
 */
import { useT } from '../hooks.js';
import { addOfficerStrings } from '../officer-strings.js';

addOfficerStrings();

/** "Training mode" and what it means. */
export function TrainingNotice() {
  const { t } = useT();
  return (
    <p class="banner banner-info" role="note" data-testid="training-notice">
      <strong>{t('training.title')}</strong> {t('training.body')}
    </p>
  );
}
