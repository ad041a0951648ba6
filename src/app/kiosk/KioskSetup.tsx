/** The officer turns kiosk mode on: which survey, its presets (school, group), a PIN, timings. */
import { SurveySelect, useSurveyChoice } from '../components/SurveyChoice.js';
import { useState } from 'preact/hooks';
import { hashPin, validPin } from '../../core/pin.js';
import { readPresets } from '../../core/presets.js';
import { readNumber } from '../../core/numbers.js';
import { KIOSK_LIMITS, startKiosk } from '../../db/kiosk-officer.js';
import { type StorageError, toStorageError } from '../../db/storage-errors.js';
import { PresetPicker } from '../components/PresetPicker.js';
import { StorageErrorBanner } from '../components/StorageErrorBanner.js';
import { useT } from '../hooks.js';
import { navigate } from '../router.js';
import { setKioskUnlocked } from './state.js';
import { addOfficerStrings } from '../officer-strings.js';

addOfficerStrings();

/** A whole number within the limits, typed in Arabic or Thai digits; `undefined` otherwise. */
function clamp(text: string, limits: { min: number; max: number }): number | undefined {
  const n = readNumber(text);
  return n !== undefined && Number.isInteger(n) && n >= limits.min && n <= limits.max ? n : undefined;
}

/** The set-up form. */
export function KioskSetup() {
  const { t } = useT();
  const { surveys, survey, surveyId, choose, presets, setPresets, error: loadError } = useSurveyChoice();
  const [idle, setIdle] = useState(String(KIOSK_LIMITS.idleMinutes.default));
  const [thanks, setThanks] = useState(String(KIOSK_LIMITS.thanksSeconds.default));
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<StorageError>();
  const [busy, setBusy] = useState(false);
  const [training, setTraining] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const idleMinutes = clamp(idle, KIOSK_LIMITS.idleMinutes);
    const thanksSeconds = clamp(thanks, KIOSK_LIMITS.thanksSeconds);
    if (!survey) found.survey = t('kiosk.setup.chooseSurvey');
    if (idleMinutes === undefined) found.idle = t('kiosk.setup.idleRange', KIOSK_LIMITS.idleMinutes);
    if (thanksSeconds === undefined) found.thanks = t('kiosk.setup.thanksRange', KIOSK_LIMITS.thanksSeconds);
    if (!validPin(pin)) found.pin = t('kiosk.setup.pinRule');
    else if (pin !== again) found.again = t('kiosk.setup.pinMismatch');
    setProblems(found);
    if (Object.keys(found).length || !survey || idleMinutes === undefined || thanksSeconds === undefined) {
      const first = Object.keys(found)[0];
      if (first) document.getElementById(`kiosk-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await startKiosk({
        surveyId: survey.id,
        presets: readPresets(survey, presets),
        pin: await hashPin(pin),
        idleMinutes,
        thanksSeconds,
        ...(training ? { training: true } : {}),
      });
      setKioskUnlocked(false);
      navigate(`/s/${encodeURIComponent(survey.id)}`, { replace: true });
    } catch (e) {
      setError(toStorageError(e));
    } finally {
      setBusy(false);
    }
  };

  const problem = (key: string) =>
    problems[key] ? (
      <p class="field-error" id={`kiosk-${key}-error`}>
        {problems[key]}
      </p>
    ) : null;
  const described = (key: string) => (problems[key] ? `kiosk-${key}-error` : undefined);

  return (
    <section aria-labelledby="kiosk-title">
      <h1 id="kiosk-title">{t('kiosk.setup.title')}</h1>
      <p class="lead">{t('kiosk.setup.intro')}</p>
      <StorageErrorBanner error={error ?? loadError} />
      {surveys === undefined && !loadError && <p aria-busy="true">{t('common.loading')}</p>}
      {surveys && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div class="field">
            <label class="field-label" for="kiosk-survey">
              {t('kiosk.setup.survey')}
            </label>
            <SurveySelect
              id="kiosk-survey"
              surveys={surveys}
              value={surveyId}
              onChange={choose}
              describedBy={described('survey')}
            />
            {problem('survey')}
          </div>
          {survey && <PresetPicker survey={survey} value={presets} onChange={setPresets} />}
          <div class="field">
            <label class="field-label" for="kiosk-idle">
              {t('kiosk.setup.idle')}
            </label>
            <input
              id="kiosk-idle"
              type="text"
              inputMode="numeric"
              value={idle}
              aria-describedby={['kiosk-idle-hint', described('idle')].filter(Boolean).join(' ')}
              onInput={(e) => setIdle(e.currentTarget.value)}
            />
            <p class="field-hint" id="kiosk-idle-hint">
              {t('kiosk.setup.idleHint')}
            </p>
            {problem('idle')}
          </div>
          <div class="field">
            <label class="field-label" for="kiosk-thanks">
              {t('kiosk.setup.thanks')}
            </label>
            <input
              id="kiosk-thanks"
              type="text"
              inputMode="numeric"
              value={thanks}
              aria-describedby={described('thanks')}
              onInput={(e) => setThanks(e.currentTarget.value)}
            />
            {problem('thanks')}
          </div>
          <div class="field">
            <label class="field-label" for="kiosk-pin">
              {t('kiosk.setup.pin')}
            </label>
            <input
              id="kiosk-pin"
              type="password"
              inputMode="numeric"
              autocomplete="new-password"
              maxLength={8}
              value={pin}
              aria-describedby={['kiosk-pin-hint', described('pin')].filter(Boolean).join(' ')}
              onInput={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))}
            />
            <p class="field-hint" id="kiosk-pin-hint">
              {t('kiosk.setup.pinHint')}
            </p>
            {problem('pin')}
          </div>
          <div class="field">
            <label class="field-label" for="kiosk-again">
              {t('kiosk.setup.pinAgain')}
            </label>
            <input
              id="kiosk-again"
              type="password"
              inputMode="numeric"
              autocomplete="new-password"
              maxLength={8}
              value={again}
              aria-describedby={described('again')}
              onInput={(e) => setAgain(e.currentTarget.value.replace(/\D/g, ''))}
            />
            {problem('again')}
          </div>
          <div class="field">
            <label class="choice">
              <input
                type="checkbox"
                checked={training}
                aria-describedby="kiosk-training-hint"
                onChange={(e) => setTraining(e.currentTarget.checked)}
              />
              <span>{t('training.option')}</span>
            </label>
            <p class="field-hint" id="kiosk-training-hint">
              {t('training.kioskHint')}
            </p>
          </div>
          <button type="submit" class="button" disabled={busy}>
            {t('kiosk.setup.start')}
          </button>
        </form>
      )}
    </section>
  );
}
