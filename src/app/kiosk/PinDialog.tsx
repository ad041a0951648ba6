/** The officer's PIN prompt: unlocks the kiosk; wrong PINs make the next try wait. */
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../core/format.js';
import { verifyPin } from '../../core/pin.js';
import { getKiosk } from '../../db/kiosk.js';
import { clearPinFailures, recordPinFailure } from '../../db/kiosk-officer.js';
import { useT } from '../hooks.js';
import { Modal } from './Modal.js';
import { addOfficerStrings } from '../officer-strings.js';

addOfficerStrings();

/** The prompt; `onUnlocked` runs after the right PIN. */
export function PinDialog({ onUnlocked, onClose }: { onUnlocked: () => void; onClose: () => void }) {
  const { t, lang } = useT();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [lockedUntil, setLockedUntil] = useState<string>();
  useEffect(() => {
    void getKiosk().then((k) => setLockedUntil(k?.lockedUntil));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const waiting = lockedUntil !== undefined && Date.parse(lockedUntil) > now;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || waiting) return;
    setBusy(true);
    try {
      const kiosk = await getKiosk();
      if (!kiosk) return onUnlocked();
      if (await verifyPin(pin, kiosk.pin)) {
        await clearPinFailures();
        onUnlocked();
        return;
      }
      const after = await recordPinFailure();
      setPin('');
      setLockedUntil(after?.lockedUntil);
      setMessage(t('kiosk.pinWrong'));
    } catch {
      setMessage(t('kiosk.pinError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="pin-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} class="stack">
        <h2 id="pin-title">{t('kiosk.pinTitle')}</h2>
        <p class="muted">{t('kiosk.pinBody')}</p>
        <label class="field-label" for="kiosk-pin">
          {t('kiosk.pin')}
        </label>
        <input
          id="kiosk-pin"
          type="password"
          inputMode="numeric"
          autocomplete="off"
          maxLength={8}
          value={pin}
          aria-describedby="pin-message"
          onInput={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))}
        />
        <p id="pin-message" class="field-error" role="alert">
          {waiting && lockedUntil ? t('kiosk.pinWait', { when: formatDateTime(lockedUntil, lang) }) : message}
        </p>
        <div class="nav-buttons">
          <button type="button" class="button button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="button" disabled={busy || waiting || pin.length < 4}>
            {t('kiosk.unlock')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
