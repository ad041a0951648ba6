/**
 * The kiosk as the page sees it: its settings (live, from the device database) and whether the
 * officer has unlocked it on this page. Unlocking lasts until the officer resumes the kiosk or
 * the page reloads: a reload always comes back locked.
 */
import { useEffect, useState } from 'preact/hooks';
import { type KioskSettings, observeKiosk } from '../../db/kiosk.js';
import { useObservable } from '../hooks.js';

let unlocked = false;
const listeners = new Set<() => void>();

/** Whether the officer has unlocked the kiosk on this page. */
export function kioskUnlocked(): boolean {
  return unlocked;
}

/** Unlocks (after the right PIN) or locks again. */
export function setKioskUnlocked(value: boolean): void {
  unlocked = value;
  for (const listener of listeners) listener();
}

const HINT_KEY = 'siang.kiosk';

/**
 * Whether this device was a kiosk when last seen (read synchronously, so a device that is not a
 * kiosk shows its first screen without waiting for the database; the database stays the truth).
 */
export function kioskHint(): boolean {
  try {
    return globalThis.localStorage?.getItem(HINT_KEY) === '1';
  } catch {
    return true; // storage blocked: wait for the database rather than guess
  }
}

function rememberHint(on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(HINT_KEY, '1');
    else globalThis.localStorage?.removeItem(HINT_KEY);
  } catch {
    // the hint is only a shortcut
  }
}

/** The kiosk settings (`undefined` while reading, `null` when off) and the unlocked flag. */
export function useKiosk(): { kiosk: KioskSettings | null | undefined; unlocked: boolean; error: unknown } {
  const { value, error } = useObservable(() => observeKiosk());
  useEffect(() => {
    if (value !== undefined) rememberHint(value !== null);
  }, [value]);
  const [open, setOpen] = useState(unlocked);
  useEffect(() => {
    const update = () => setOpen(unlocked);
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return { kiosk: value, unlocked: open, error };
}
