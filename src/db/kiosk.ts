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
  /** Training mode: every response is sent as test data. */
  training?: boolean;
  /** Wrong PINs in a row, and until when the next try must wait. */
  failures: number;
  lockedUntil?: string;
}

/** The settings key of the kiosk. */
export const KIOSK_KEY = 'kiosk';

/** Reads the kiosk settings; undefined when the kiosk is off. */
export async function getKiosk(db: SiangDb = getDb()): Promise<KioskSettings | undefined> {
  const record = await withStorage(db, () => db.settings.get(KIOSK_KEY));
  return record?.value as KioskSettings | undefined;
}

/** The kiosk settings, live (`null` when off, so that "off" differs from "not read yet"). */
export function observeKiosk(db: SiangDb = getDb()): Observable<KioskSettings | null> {
  return liveQuery(async () => ((await db.settings.get(KIOSK_KEY))?.value as KioskSettings | undefined) ?? null);
}
