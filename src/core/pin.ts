/**
 * The kiosk officer's PIN, kept only as a salted PBKDF2 hash (WebCrypto), so a respondent who
 * opens the browser's storage cannot read it. A PIN has 4 to 8 digits.
 */
import { fromBase64, toBase64 } from './base64.js';

/** A stored PIN: never the PIN itself. */
export interface PinHash {
  readonly algorithm: 'PBKDF2-SHA-256';
  readonly iterations: number;
  /** base64 */
  readonly salt: string;
  /** base64 */
  readonly hash: string;
}

/** Whether a string is an acceptable PIN. */
export function validPin(pin: string): boolean {
  return /^[0-9]{4,8}$/.test(pin);
}

const DEFAULT_ITERATIONS = 150_000;

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** Hashes a new PIN with a fresh salt. */
export async function hashPin(pin: string, iterations: number = DEFAULT_ITERATIONS): Promise<PinHash> {
  if (!validPin(pin)) throw new Error('a PIN has 4 to 8 digits');
  const salt = new Uint8Array(16);
  crypto.getRandomValues(salt);
  return {
    algorithm: 'PBKDF2-SHA-256',
    iterations,
    salt: toBase64(salt),
    hash: toBase64(await derive(pin, salt, iterations)),
  };
}

/** Whether `pin` matches the stored hash (compared in constant time). */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (!validPin(pin)) return false;
  const got = await derive(pin, fromBase64(stored.salt), stored.iterations);
  const want = fromBase64(stored.hash);
  if (got.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < got.length; i++) diff |= (got[i] ?? 0) ^ (want[i] ?? 0);
  return diff === 0;
}
