import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDb, SCHEMA_VERSIONS } from '../../src/db/db.js';

describe('schema versions', () => {
  it('are only ever added, in order', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('a database written by every earlier version opens with nothing lost', async () => {
    for (const earlier of SCHEMA_VERSIONS) {
      const name = `siang-migrate-${earlier.version}`;
      const old = new Dexie(name);
      for (const v of SCHEMA_VERSIONS.filter((s) => s.version <= earlier.version))
        old.version(v.version).stores(v.stores);
      await old.open();
      await old
        .table('responses')
        .add({ id: 'r1', surveyId: 's', status: 'draft', answers: { q: 'a' }, updatedAt: 'x' });
      await old.table('outbox').add({ responseId: 'r0', state: 'waiting', enqueuedAt: 'x', attempts: 0 });
      old.close();

      const db = createDb(name);
      await db.open();
      expect((await db.responses.get('r1'))?.answers).toEqual({ q: 'a' });
      expect((await db.outbox.get('r0'))?.state).toBe('waiting');
      db.close();
      await Dexie.delete(name);
    }
  });
});
