/** Backup files: what an officer saves from a device and a supervisor imports on the server. */
import { describe, expect, it } from 'vitest';
import {
  BackupError,
  type BackupErrorCode,
  backupFileName,
  backupIsEncrypted,
  readBackup,
  writeBackup,
} from '../../src/core/backup.js';
import { canonicalJson } from '../../src/core/protocol.js';
import type { CompletedResponse } from '../../src/core/response.js';

/** A few iterations keep the tests fast; the format and code path are the same. */
const FAST = { appVersion: '0.1.0', iterations: 1_000 };
const NOW = new Date('2026-11-30T07:05:00.000Z');

function response(n: number, over: Partial<CompletedResponse> = {}): CompletedResponse {
  return {
    id: `0b6f9a52-1c1d-4c4e-9a1e-${String(n).padStart(12, '0')}`,
    surveyId: 'stakeholder-satisfaction',
    surveyVersion: 1,
    answers: {
      group: 'parent',
      school: 'โรงเรียนแก่งกระจานวิทยา',
      inform_1: { expectation: 5, satisfaction: 4 },
      contact_channels: ['website', 'line'],
      suggestions: 'อยากให้มีการประชุมผู้ปกครอง "ทุกภาคเรียน"\nขอบคุณครับ',
    },
    startedAt: '2026-11-20T03:00:00.000Z',
    completedAt: '2026-11-20T03:05:00.000Z',
    locale: 'th',
    appVersion: '0.1.0',
    privacyVersion: '2567-1',
    privacyAcceptedAt: '2026-11-20T03:00:10.000Z',
    ...over,
  };
}

const responses = [response(1), response(2, { locale: 'en', answers: { group: 'teacher' } }), response(3)];

/**
 * Encrypts `inner` the way docs/operations.md says, written here apart from src/core/backup.ts:
 * PBKDF2-SHA-256 (UTF-8 passphrase) → AES-256-GCM with a 12-byte iv, no additional data.
 */
async function encryptAsDocumented(inner: string, passphrase: string, iterations = 1_000): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, [
    'deriveKey',
  ]);
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(inner));
  const b64 = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes as ArrayBuffer).toString('base64');
  return JSON.stringify({
    format: 'siang-backup',
    formatVersion: 1,
    encrypted: true,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: b64(salt) },
    cipher: { name: 'AES-GCM', iv: b64(iv) },
    data: b64(data),
  });
}

/** The code readBackup refuses `text` with. */
async function refusal(text: string, passphrase?: string): Promise<BackupErrorCode | 'accepted'> {
  try {
    await readBackup(text, passphrase);
    return 'accepted';
  } catch (error) {
    if (error instanceof BackupError) return error.code;
    throw error;
  }
}

/** The plain document, changed by `change`, as text again. */
async function edited(change: (doc: Record<string, unknown>) => void): Promise<string> {
  const doc = JSON.parse(await writeBackup(responses, { ...FAST, now: NOW })) as Record<string, unknown>;
  change(doc);
  return JSON.stringify(doc);
}

describe('a plain backup', () => {
  it('reads back the same responses, time and app version it was written with', async () => {
    const text = await writeBackup(responses, { appVersion: '0.1.0', now: NOW });

    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc).toMatchObject({
      format: 'siang-backup',
      formatVersion: 1,
      createdAt: '2026-11-30T07:05:00.000Z',
      appVersion: '0.1.0',
      count: 3,
      checksum: { algorithm: 'SHA-256', value: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(backupIsEncrypted(text)).toBe(false);
    expect(await readBackup(text)).toEqual({ createdAt: '2026-11-30T07:05:00.000Z', appVersion: '0.1.0', responses });
  });

  it('an empty device makes a valid, empty backup', async () => {
    expect((await readBackup(await writeBackup([], FAST))).responses).toEqual([]);
  });

  it('a passphrase given for a plain file is not needed and does no harm', async () => {
    expect((await readBackup(await writeBackup(responses, FAST), 'unused')).responses).toEqual(responses);
  });

  it('keys in another order (a file re-saved by an editor) still match the checksum', async () => {
    const text = await edited((doc) => {
      doc.responses = (doc.responses as Record<string, unknown>[]).map((r) =>
        Object.fromEntries(Object.entries(r).reverse()),
      );
    });
    expect((await readBackup(text)).responses).toEqual(responses);
  });
});

describe('an encrypted backup', () => {
  it('reads back with its passphrase, and shows nothing of the answers without it', async () => {
    const text = await writeBackup(responses, { ...FAST, passphrase: 'ครูสมศรี 2569', now: NOW });

    expect(backupIsEncrypted(text)).toBe(true);
    expect(text).not.toContain('แก่งกระจาน');
    expect(text).not.toContain(responses[0]?.id);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc).toMatchObject({
      format: 'siang-backup',
      formatVersion: 1,
      encrypted: true,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1_000, salt: expect.any(String) },
      cipher: { name: 'AES-GCM', iv: expect.any(String) },
      data: expect.any(String),
    });
    expect(await readBackup(text, 'ครูสมศรี 2569')).toEqual({
      createdAt: '2026-11-30T07:05:00.000Z',
      appVersion: '0.1.0',
      responses,
    });
  });

  it('uses 600,000 PBKDF2 iterations unless told otherwise, and a new salt and iv each time', async () => {
    const a = JSON.parse(await writeBackup([], { appVersion: 'x', passphrase: 'p' })) as {
      kdf: { iterations: number; salt: string };
      cipher: { iv: string };
    };
    const b = JSON.parse(await writeBackup([], { appVersion: 'x', passphrase: 'p' })) as typeof a;
    expect(a.kdf.iterations).toBe(600_000);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
  });

  it('is refused without a passphrase, and with a wrong one', async () => {
    const text = await writeBackup(responses, { ...FAST, passphrase: 'right horse' });
    expect(await refusal(text)).toBe('needs_passphrase');
    expect(await refusal(text, '')).toBe('needs_passphrase');
    expect(await refusal(text, 'wrong horse')).toBe('wrong_passphrase');
  });

  it('a flipped byte of the encrypted data is caught (reported as wrong passphrase or damage)', async () => {
    const text = await writeBackup(responses, { ...FAST, passphrase: 'right horse' });
    const doc = JSON.parse(text) as { data: string };
    const bytes = Uint8Array.from(atob(doc.data), (c) => c.charCodeAt(0));
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0x01;
    doc.data = btoa(String.fromCharCode(...bytes));

    expect(await refusal(JSON.stringify(doc), 'right horse')).toBe('wrong_passphrase');
    await expect(readBackup(JSON.stringify(doc), 'right horse')).rejects.toThrow('wrong passphrase or damaged file');
  });

  it('an empty passphrase is a mistake of the caller, not an unencrypted file', async () => {
    await expect(writeBackup(responses, { ...FAST, passphrase: '' })).rejects.toThrow(TypeError);
  });

  it('the passphrase is compared after Unicode normalisation (NFC)', async () => {
    const text = await writeBackup(responses, { ...FAST, passphrase: 'cafe\u0301' });
    expect((await readBackup(text, 'caf\u00e9')).responses).toHaveLength(3);
  });
});

describe('files that are refused, and why', () => {
  it('JSON nested far deeper than a backup is refused as damaged, not a stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const inAnswer = (await edited(() => undefined)).replace('"answers":{', `"answers":{"x":${deep},`);
    expect(await refusal(inAnswer)).toBe('damaged');
    expect(await refusal(deep)).toBe('damaged');
    expect(backupIsEncrypted(deep)).toBe(false);
  });

  it('not JSON, or JSON that is not a backup', async () => {
    expect(await refusal('')).toBe('not_backup');
    expect(await refusal('name,school\nสมชาย,ก')).toBe('not_backup');
    expect(await refusal('[1,2,3]')).toBe('not_backup');
    expect(await refusal('null')).toBe('not_backup');
    expect(await refusal(JSON.stringify({ responses }))).toBe('not_backup');
    expect(
      await refusal(
        await edited((d) => {
          d.format = 'other-app';
        }),
      ),
    ).toBe('not_backup');
    expect(backupIsEncrypted('{not json')).toBe(false);
    expect(backupIsEncrypted(JSON.stringify({ encrypted: true }))).toBe(false);
  });

  it('a newer format version', async () => {
    const text = await edited((d) => {
      d.formatVersion = 2;
    });
    expect(await refusal(text)).toBe('unsupported_version');
    await expect(readBackup(text)).rejects.toThrow(/format 2/);
  });

  it('a missing or odd format version', async () => {
    expect(await refusal(await edited((d) => delete d.formatVersion))).toBe('damaged');
    expect(
      await refusal(
        await edited((d) => {
          d.formatVersion = '1';
        }),
      ),
    ).toBe('damaged');
  });

  it('a checksum that does not match: one answer changed by hand', async () => {
    const text = await edited((d) => {
      const first = (d.responses as { answers: Record<string, unknown> }[])[0];
      if (first) first.answers.group = 'teacher';
    });
    expect(await refusal(text)).toBe('damaged');
    await expect(readBackup(text)).rejects.toThrow(/checksum/);
  });

  it('a flipped byte of a plain file', async () => {
    const text = await writeBackup(responses, FAST);
    const at = text.indexOf('parent') + 2;
    const flipped = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 0x01) + text.slice(at + 1);
    expect(flipped).not.toBe(text);
    expect(await refusal(flipped)).toBe('damaged');
  });

  it('a response left out (the count does not match)', async () => {
    const text = await edited((d) => void (d.responses as unknown[]).pop());
    expect(await refusal(text)).toBe('damaged');
    await expect(readBackup(text)).rejects.toThrow(/says 3 responses but holds 2/);
  });

  it('a response that is not shaped like a response, even with a matching checksum and count', async () => {
    for (const bad of [
      { ...response(9), answers: 'none' },
      { ...response(9), surveyVersion: '1' },
      { ...response(9), completedAt: undefined },
      'a string',
      null,
    ]) {
      const list = [response(1), bad] as unknown as CompletedResponse[];
      const text = await writeBackup(list, FAST);
      expect(await refusal(text), JSON.stringify(bad)).toBe('damaged');
    }
  });

  it('a missing checksum or responses list', async () => {
    expect(await refusal(await edited((d) => delete d.checksum))).toBe('damaged');
    const md5 = await edited((d) => {
      d.checksum = { algorithm: 'MD5', value: 'x' };
    });
    expect(await refusal(md5)).toBe('damaged');
    expect(await refusal(await edited((d) => delete d.responses))).toBe('damaged');
  });

  it('an encrypted file with broken parameters', async () => {
    const text = await writeBackup(responses, { ...FAST, passphrase: 'p' });
    const broken: Record<string, (d: Record<string, Record<string, unknown>>) => void> = {
      'a trillion iterations': (d) => {
        d.kdf = { ...d.kdf, iterations: 1e12 };
      },
      'another key derivation': (d) => {
        d.kdf = { ...d.kdf, name: 'scrypt' };
      },
      'a short iv': (d) => {
        d.cipher = { ...d.cipher, iv: 'AAAA' };
      },
      'data that is not base64': (d) => {
        (d as Record<string, unknown>).data = '%%%';
      },
    };
    for (const [what, change] of Object.entries(broken)) {
      const doc = JSON.parse(text) as Record<string, Record<string, unknown>>;
      change(doc);
      expect(await refusal(JSON.stringify(doc), 'p'), what).toBe('damaged');
    }
  });

  it('an encrypted file whose content is not a plain backup inside', async () => {
    const plain = await writeBackup(responses, FAST);
    const encrypted = await writeBackup(responses, { ...FAST, passphrase: 'p' });
    expect(await refusal(await encryptAsDocumented('just text', 'p'), 'p')).toBe('damaged');
    expect(await refusal(await encryptAsDocumented('{"format":"other"}', 'p'), 'p')).toBe('damaged');
    expect(await refusal(await encryptAsDocumented(encrypted, 'p'), 'p')).toBe('damaged');
    expect(await refusal(await encryptAsDocumented(plain.replace('"count":3', '"count":4'), 'p'), 'p')).toBe('damaged');
  });
});

describe('the format as docs/operations.md describes it', () => {
  it('a file encrypted by another program that follows the description reads back', async () => {
    const plain = await writeBackup(responses, { ...FAST, now: NOW });
    const text = await encryptAsDocumented(plain, 'ครูสมศรี');
    expect(await readBackup(text, 'ครูสมศรี')).toEqual(await readBackup(plain));
  });

  it("the checksum is the SHA-256 of the responses' canonical JSON, in hex", async () => {
    const doc = JSON.parse(await writeBackup(responses, FAST)) as { checksum: { value: string } };
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(responses)));
    expect(doc.checksum.value).toBe(Buffer.from(digest).toString('hex'));
  });
});

describe('file names', () => {
  it('name the local day and minute, and mark encrypted files', () => {
    const at = new Date(2026, 10, 30, 14, 5);
    expect(backupFileName(at, false)).toBe('siang-backup-2026-11-30-1405.json');
    expect(backupFileName(at, true)).toBe('siang-backup-2026-11-30-1405.siang-enc.json');
    expect(backupFileName(new Date(2027, 0, 2, 9, 7), false)).toBe('siang-backup-2027-01-02-0907.json');
  });
});
