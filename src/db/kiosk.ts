/**
 * Kiosk mode (setting `kiosk`): the device is locked to one survey for respondents who pass a
 * tablet from hand to hand. Only the officer's PIN (kept hashed) unlocks it; wrong PINs slow the
 * next try down.
 */
import { liveQuery, type Observable } from 'dexie';
import type { PinHash } from '../core/pin.js';
import { getDb, type SiangDb } from './db.js';
import { withStorage } from './storage-errors.js';

/** The kiosk's settings while it is on. */
export interface KioskSettings {
  surveyId: string;
  /** Answers every response starts with (the school, the group), checked against the survey. */
  presets: Record<string, string>;
  pin: PinHash;
  /** An unfinished response untouched for this long is set aside. */
  idleMinutes: number;
  /** The thank-you screen returns to a fresh response after this many seconds. */
  thanksSeconds: number;
  /** When the kiosk was turned on. */
  since: string;
  /** Wrong PINs in a row, and until when the next try must wait. */
  failures: number;
  lockedUntil?: string;
}

const KEY = 'kiosk';

/** The limits an officer may choose from. */
export const KIOSK_LIMITS = {
  idleMinutes: { min: 1, max: 60, default: 3 },
  thanksSeconds: { min: 3, max: 120, default: 10 },
} as const;

/** Reads the kiosk settings; undefined when the kiosk is off. */
export async function getKiosk(db: SiangDb = getDb()): Promise<KioskSettings | undefined> {
  const record = await withStorage(db, () => db.settings.get(KEY));
  return record?.value as KioskSettings | undefined;
}

/** The kiosk settings, live (`null` when off, so that "off" differs from "not read yet"). */
export function observeKiosk(db: SiangDb = getDb()): Observable<KioskSettings | null> {
  return liveQuery(async () => ((await db.settings.get(KEY))?.value as KioskSettings | undefined) ?? null);
}

/** Turns the kiosk on. */
export async function startKiosk(
  settings: Omit<KioskSettings, 'failures' | 'since' | 'lockedUntil'>,
  db: SiangDb = getDb(),
  now: Date = new Date(),
): Promise<KioskSettings> {
  const value: KioskSettings = { ...settings, since: now.toISOString(), failures: 0 };
  await withStorage(db, () => db.settings.put({ key: KEY, value }));
  return value;
}

/** Turns the kiosk off. */
export async function endKiosk(db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () => db.settings.delete(KEY));
}

/** After a wrong PIN: counts it; from the fifth in a row each try waits 30 s more. */
export async function recordPinFailure(
  db: SiangDb = getDb(),
  now: Date = new Date(),
): Promise<KioskSettings | undefined> {
  return withStorage(db, () =>
    db.transaction('rw', db.settings, async () => {
      const current = (await db.settings.get(KEY))?.value as KioskSettings | undefined;
      if (!current) return undefined;
      const failures = current.failures + 1;
      const wait = failures >= 5 ? 30_000 * (failures - 4) : 0;
      const next: KioskSettings = { ...current, failures };
      if (wait) next.lockedUntil = new Date(now.getTime() + wait).toISOString();
      await db.settings.put({ key: KEY, value: next });
      return next;
    }),
  );
}

/** After the right PIN: forgets earlier failures. */
export async function clearPinFailures(db: SiangDb = getDb()): Promise<void> {
  await withStorage(db, () =>
    db.transaction('rw', db.settings, async () => {
      const current = (await db.settings.get(KEY))?.value as KioskSettings | undefined;
      if (!current || (current.failures === 0 && !current.lockedUntil)) return;
      const { lockedUntil: _, ...rest } = current;
      await db.settings.put({ key: KEY, value: { ...rest, failures: 0 } });
    }),
  );
}
