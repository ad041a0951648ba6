import { describe, expect, it } from 'vitest';
import { StorageError, toStorageError, withStorage } from '../../src/db/storage-errors.js';

const named = (name: string, inner?: unknown) => Object.assign(new DOMException(name, name), { inner });

describe('storage failures become something a person can be told', () => {
  it('recognises a full disk, even wrapped by Dexie', () => {
    expect(toStorageError(named('QuotaExceededError')).kind).toBe('quota');
    expect(toStorageError(named('AbortError', named('QuotaExceededError'))).kind).toBe('quota');
  });
  it('recognises a browser without IndexedDB and a closed connection', () => {
    expect(toStorageError(named('MissingAPIError')).kind).toBe('unavailable');
    expect(toStorageError(named('DatabaseClosedError')).kind).toBe('closed');
    expect(toStorageError(new Error('odd')).kind).toBe('unknown');
  });
  it('lets our own refusals through unchanged', async () => {
    const db = { isOpen: () => true, open: async () => undefined };
    const mine = new RangeError('frozen');
    await expect(withStorage(db, async () => Promise.reject(mine))).rejects.toBe(mine);
  });
  it('reopens a closed database once and retries', async () => {
    let open = false;
    let calls = 0;
    const db = {
      isOpen: () => open,
      open: async () => {
        open = true;
      },
    };
    const result = await withStorage(db, async () => {
      calls++;
      if (!open) throw named('DatabaseClosedError');
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(calls).toBe(2);
  });
  it('does not retry a full disk, and says so', async () => {
    let calls = 0;
    const db = { isOpen: () => true, open: async () => undefined };
    const failing = withStorage(db, async () => {
      calls++;
      throw named('QuotaExceededError');
    });
    await expect(failing).rejects.toBeInstanceOf(StorageError);
    expect(calls).toBe(1);
  });
});
