/**
 * On a kiosk, an unfinished response left alone is set aside so the next person starts clean:
 * after `idleMinutes` without a touch or a key, a prompt counts down `GRACE_SECONDS`; a tap keeps
 * the response, silence sets it aside (kept on the device, never sent).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../hooks.js';
import { Modal } from './Modal.js';
import { addLaterStrings } from '../later-strings.js';

addLaterStrings();

/** Seconds the "are you still answering?" prompt waits. */
export const GRACE_SECONDS = 30;

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/** Watches for activity while mounted. */
export function IdleGuard({ idleMinutes, onAbandon }: { idleMinutes: number; onAbandon: () => void }) {
  const { t } = useT();
  const [left, setLeft] = useState<number>();
  const last = useRef(Date.now());
  const abandon = useRef(onAbandon);
  abandon.current = onAbandon;

  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
    };
    for (const type of ACTIVITY) addEventListener(type, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      const idle = Date.now() - last.current;
      const limit = idleMinutes * 60_000;
      if (idle < limit) return setLeft(undefined);
      const remaining = Math.ceil((limit + GRACE_SECONDS * 1000 - idle) / 1000);
      if (remaining <= 0) {
        clearInterval(timer);
        abandon.current();
      } else setLeft(remaining);
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) removeEventListener(type, touch, { capture: true });
    };
  }, [idleMinutes]);

  if (left === undefined) return null;
  const stay = () => {
    last.current = Date.now();
    setLeft(undefined);
  };
  return (
    <Modal labelledBy="idle-title" onClose={stay}>
      <div class="stack" data-testid="idle-prompt">
        <h2 id="idle-title">{t('kiosk.idleTitle')}</h2>
        <p>{t('kiosk.idleBody', { count: left })}</p>
        <button type="button" class="button" onClick={stay}>
          {t('kiosk.idleStay')}
        </button>
      </div>
    </Modal>
  );
}
