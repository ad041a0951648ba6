/**
 * What an officer does to the kiosk (see `kiosk.ts`): turn it on and off, and the PIN's
 * failure count. Loaded only with the officer's screens.
 */
import { getDb, type SiangDb } from './db.js';
import { KIOSK_KEY, type KioskSettings } from './kiosk.js';
import { withStorage } from './storage-errors.js';

/** The limits an officer may choose from. */
export const KIOSK_LIMITS = {
  idleMinutes: { min: 1, max: 60, default: 3 },
  thanksSeconds: { min: 3, max: 120, default: 10 },
} as const;

/** Turns the kiosk on. */
export async function startKiosk(
  settings: Omit<KioskSettings, 'failures' | 'since' | 'lockedUntil'>,
  db: SiangDb = getDb(),
  now: Date = new Date(),
): Promise<KioskSettings> {
  const value: KioskSettings = { ...settings, since: now.toISOString(), failures: 0 };
  await withStorage(db, () => db.settings.put({ key: KIOSK_KEY, value }));
  return value;
}

/** Turns the kiosk off. */
export async function endKiosk(db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () => db.settings.delete(KIOSK_KEY));
}

/** After a wrong PIN: counts it; from the fifth in a row each try waits 30 s more. */
export async function recordPinFailure(
  db: SiangDb = getDb(),
  now: Date = new Date(),
): Promise<KioskSettings | undefined> {
  return withStorage(db, () =>
    db.transaction('rw', db.settings, async () => {
      const current = (await db.settings.get(KIOSK_KEY))?.value as KioskSettings | undefined;
      if (!current) return undefined;
      const failures = current.failures + 1;
      const wait = failures >= 5 ? 30_000 * (failures - 4) : 0;
      const next: KioskSettings = { ...current, failures };
      if (wait) next.lockedUntil = new Date(now.getTime() + wait).toISOString();
      await db.settings.put({ key: KIOSK_KEY, value: next });
      return next;
    }),
  );
}

/** After the right PIN: forgets earlier failures. */
export async function clearPinFailures(db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.settings, async () => {
      const current = (await db.settings.get(KIOSK_KEY))?.value as KioskSettings | undefined;
      if (!current || (current.failures === 0 && !current.lockedUntil)) return;
      const { lockedUntil: _, ...rest } = current;
      await db.settings.put({ key: KIOSK_KEY, value: { ...rest, failures: 0 } });
    }),
  );
}
