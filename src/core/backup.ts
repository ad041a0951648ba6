/**
 * The backup file (docs/operations.md, "Backup files"): the unsent responses of a device saved to
 * a file, so a supervisor can import them on the server when the device never reaches a network.
 * Plain JSON with a SHA-256 checksum of its responses, optionally encrypted with a passphrase
 * (PBKDF2-SHA-256 → AES-256-GCM). Runs in the browser, the service worker and Node (Web Crypto).
 */
import { fromBase64, toBase64 } from './base64.js';
import { canonicalJson } from './protocol.js';
import type { CompletedResponse } from './response.js';

/** The `format` field of every backup file. */
export const BACKUP_FORMAT = 'siang-backup';
/** The newest format this code reads and the one it writes. */
export const BACKUP_FORMAT_VERSION = 1;
/** PBKDF2 iterations written by default (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256). */
export const DEFAULT_KDF_ITERATIONS = 600_000;
/** More iterations than this are refused when reading: a crafted file must not hold a CPU for minutes. */
export const MAX_KDF_ITERATIONS = 10_000_000;

/**
 * The largest import request the server accepts. A backup of 20,000 stakeholder responses
 * measured 28.5 MB plain and 38 MB encrypted (59 MB encrypted with a 270-character suggestion in
 * every response); devices hold far fewer.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const SALT_BYTES = 16;
const IV_BYTES = 12;

/** Why a backup could not be read. */
export type BackupErrorCode =
  | 'not_backup'
  | 'unsupported_version'
  | 'damaged'
  | 'needs_passphrase'
  | 'wrong_passphrase';

/** A backup that could not be read, with a machine-readable code and an English message. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a backup holds. */
export interface BackupContents {
  createdAt: string;
  appVersion: string;
  responses: CompletedResponse[];
}

interface PlainDocument {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  appVersion: string;
  count: number;
  checksum: { algorithm: 'SHA-256'; value: string };
  responses: CompletedResponse[];
}

interface EncryptedDocument {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  encrypted: true;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  data: string;
}

// Named through globalThis: Node's types and the DOM's declare Web Crypto under different names.
type Subtle = typeof globalThis.crypto.subtle;
type Key = Awaited<ReturnType<Subtle['deriveKey']>>;

function subtle(): Subtle {
  const s = globalThis.crypto?.subtle;
  // Browsers offer Web Crypto only on secure origins (https or localhost).
  if (!s) throw new Error('this page cannot encrypt or check files: open it over https');
  return s;
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function checksumOf(responses: readonly CompletedResponse[]): Promise<string> {
  return toHex(await subtle().digest('SHA-256', new TextEncoder().encode(canonicalJson(responses))));
}

async function keyFrom(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Key> {
  // NFC, so the same passphrase typed on two keyboards gives the same key.
  const material = await subtle().importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Writes a backup of `responses`: plain, or encrypted when a passphrase is given. */
export async function writeBackup(
  responses: CompletedResponse[],
  options: { appVersion: string; passphrase?: string; now?: Date; iterations?: number },
): Promise<string> {
  const plain: PlainDocument = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    appVersion: options.appVersion,
    count: responses.length,
    checksum: { algorithm: 'SHA-256', value: await checksumOf(responses) },
    responses,
  };
  const text = JSON.stringify(plain);
  if (options.passphrase === undefined) return text;
  if (options.passphrase === '') throw new TypeError('a passphrase must not be empty');
  const iterations = options.iterations ?? DEFAULT_KDF_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_KDF_ITERATIONS)
    throw new RangeError(`iterations must be a whole number from 1 to ${MAX_KDF_ITERATIONS}`);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await keyFrom(options.passphrase, salt, iterations);
  const data = await subtle().encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text));
  const encrypted: EncryptedDocument = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    encrypted: true,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64(iv) },
    data: toBase64(new Uint8Array(data)),
  };
  return JSON.stringify(encrypted);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const damaged = (detail: string) => new BackupError('damaged', `the backup file is damaged: ${detail}`);

/** How deep a backup may nest; a real one goes about 6 levels (responses, a response, answers, a pair). */
const MAX_DEPTH = 32;

/** Whether a parsed value nests deeper than `max`; iterative, so it never overflows the stack. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The parsed JSON of a file, or undefined when it is not JSON. JSON that nests deeper than any
 * backup does is refused here: checksums and checks walk it recursively and would overflow.
 */
function parseJson(text: string): unknown {
  let parsed: unknown;
  try {
    // A byte-order mark (a file re-saved by Notepad) is not part of the JSON.
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    return undefined;
  }
  if (nestsDeeperThan(parsed, MAX_DEPTH)) throw damaged(`it nests more than ${MAX_DEPTH} levels deep`);
  return parsed;
}

/** The top level of a backup, or the reason it is not one we can read. */
function backupDocument(value: unknown): Record<string, unknown> {
  if (!isRecord(value) || value.format !== BACKUP_FORMAT)
    throw new BackupError('not_backup', 'this file is not a Siang backup');
  const version = value.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_FORMAT_VERSION)
    throw new BackupError(
      'unsupported_version',
      `this backup was written in format ${version}, newer than this server reads (${BACKUP_FORMAT_VERSION}); update Siang first`,
    );
  if (version !== BACKUP_FORMAT_VERSION) throw damaged('formatVersion is missing or wrong');
  return value;
}

const STRING_FIELDS = [
  'id',
  'surveyId',
  'startedAt',
  'completedAt',
  'locale',
  'appVersion',
  'privacyVersion',
  'privacyAcceptedAt',
] as const;

/**
 * Whether `value` has the fields and types of a CompletedResponse. The server checks each
 * response fully on import and refuses bad ones one by one; this only catches a file that is not
 * what it says.
 */
function shapedLikeResponse(value: unknown): value is CompletedResponse {
  return (
    isRecord(value) &&
    STRING_FIELDS.every((f) => typeof value[f] === 'string') &&
    typeof value.surveyVersion === 'number' &&
    isRecord(value.answers)
  );
}

async function readPlain(doc: Record<string, unknown>): Promise<BackupContents> {
  const { createdAt, appVersion, count, checksum, responses } = doc;
  if (typeof createdAt !== 'string' || typeof appVersion !== 'string') throw damaged('createdAt or appVersion missing');
  if (!Array.isArray(responses)) throw damaged('responses missing');
  if (count !== responses.length) throw damaged(`it says ${String(count)} responses but holds ${responses.length}`);
  if (!isRecord(checksum) || checksum.algorithm !== 'SHA-256' || typeof checksum.value !== 'string')
    throw damaged('checksum missing');
  const index = responses.findIndex((r) => !shapedLikeResponse(r));
  if (index >= 0) throw damaged(`response ${index + 1} is not a survey response`);
  if ((await checksumOf(responses as CompletedResponse[])) !== checksum.value.toLowerCase())
    throw damaged('the checksum does not match its responses');
  return { createdAt, appVersion, responses: responses as CompletedResponse[] };
}

function base64Field(value: unknown, what: string, bytes?: number): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw damaged(`${what} is not base64`);
  const decoded = fromBase64(value);
  if (bytes !== undefined && decoded.length !== bytes) throw damaged(`${what} has the wrong length`);
  return decoded;
}

async function decrypt(doc: Record<string, unknown>, passphrase: string): Promise<unknown> {
  const { kdf, cipher } = doc;
  if (!isRecord(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw damaged('kdf is not PBKDF2-SHA-256');
  const iterations = kdf.iterations;
  if (
    typeof iterations !== 'number' ||
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    iterations > MAX_KDF_ITERATIONS
  )
    throw damaged('kdf iterations out of range');
  if (!isRecord(cipher) || cipher.name !== 'AES-GCM') throw damaged('cipher is not AES-GCM');
  const salt = base64Field(kdf.salt, 'salt');
  const iv = base64Field(cipher.iv, 'iv', IV_BYTES);
  const data = base64Field(doc.data, 'data');
  const key = await keyFrom(passphrase, salt, iterations);
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt({ name: 'AES-GCM', iv }, key, data);
  } catch {
    // AES-GCM cannot tell a wrong key from changed bytes: both fail its authentication.
    throw new BackupError('wrong_passphrase', 'wrong passphrase or damaged file');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw damaged('the decrypted content is not text');
  }
  const inner = parseJson(text);
  if (inner === undefined) throw damaged('the decrypted content is not JSON');
  return inner;
}

/** Reads a backup; throws a BackupError saying why when it cannot. */
export async function readBackup(text: string, passphrase?: string): Promise<BackupContents> {
  const parsed = parseJson(text);
  if (parsed === undefined) throw new BackupError('not_backup', 'this file is not a Siang backup (not JSON)');
  const doc = backupDocument(parsed);
  if (doc.encrypted === undefined) return readPlain(doc);
  if (doc.encrypted !== true) throw damaged('encrypted must be true or absent');
  if (!passphrase) throw new BackupError('needs_passphrase', 'this backup is encrypted: give its passphrase');
  const inner = await decrypt(doc, passphrase);
  if (!isRecord(inner) || inner.format !== BACKUP_FORMAT || inner.encrypted !== undefined)
    throw damaged('the decrypted content is not a plain backup');
  return readPlain(backupDocument(inner));
}

/** Whether `text` is an encrypted backup (false for anything that is not a readable backup). */
export function backupIsEncrypted(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch {
    return false; // nested too deep: not a readable backup
  }
  return isRecord(parsed) && parsed.format === BACKUP_FORMAT && parsed.encrypted === true;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The file name for a backup made at `createdAt`, in the device's local time:
 * `siang-backup-2026-11-30-1405.json`, or `siang-backup-2026-11-30-1405.siang-enc.json` when
 * encrypted (still JSON, so any editor opens it; the suffix tells people a passphrase is needed).
 */
export function backupFileName(createdAt: Date, encrypted: boolean): string {
  const day = `${createdAt.getFullYear()}-${two(createdAt.getMonth() + 1)}-${two(createdAt.getDate())}`;
  const time = `${two(createdAt.getHours())}${two(createdAt.getMinutes())}`;
  return `siang-backup-${day}-${time}${encrypted ? '.siang-enc' : ''}.json`;
}
