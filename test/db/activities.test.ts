/**
 * The device's activities (src/db/activities.ts) and their sending (src/sync/activities.ts):
 * an activity is saved with its files at once or not at all (a full disk loses nothing saved
 * before and says so), and it reaches the office once whatever the network does: a reply lost
 * after the office stored it is resent and answered as a duplicate, the photo is sent once, a
 * device without a valid code keeps everything waiting.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivityInput, ActivityResult } from '../../src/core/activities.js';
import { newId } from '../../src/core/ids.js';
import {
  type ActivityDb,
  activitiesToSend,
  createActivityDb,
  saveActivity,
  useActivityDb,
} from '../../src/db/activities.js';
import { StorageError } from '../../src/db/storage-errors.js';
import { syncActivities } from '../../src/sync/activities.js';

const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

function anActivity(fileId: string): ActivityInput {
  return {
    id: newId(),
    date: '2026-12-02',
    title: 'ประชุมผู้ปกครอง',
    place: 'โรงเรียน',
    planRowId: null,
    level: 'consult',
    groups: ['parent'],
    participants: { parent: 20 },
    contributions: '',
    summary: '',
    result: '',
    followUp: '',
    public: false,
    recordedBy: 'ครู',
    recordedAt: '2026-12-02T03:00:00.000Z',
    attachments: [
      {
        id: fileId,
        kind: 'photo',
        name: 'p.jpg',
        type: 'image/jpeg',
        size: PHOTO.length,
        sha256: 'a'.repeat(64),
        takenAt: '2026-12-02',
        public: false,
      },
    ],
  };
}

/** The office as the device sees it: stores by id, reports missing files, can lose a reply. */
function anOffice() {
  const activities = new Map<string, string>();
  const files = new Map<string, number>();
  const log: string[] = [];
  let loseNextReply = false;
  let refuse = false;
  const office = {
    activities,
    files,
    log,
    loseNextReply: () => {
      loseNextReply = true;
    },
    refuseAll: (on: boolean) => {
      refuse = on;
    },
    fetch: (async (url: string, init: RequestInit) => {
      log.push(`${init.method} ${new URL(url).pathname}`);
      if (refuse) return new Response('{"error":"unauthorized"}', { status: 401 });
      const body = JSON.parse(String(init.body));
      if (init.method === 'PUT') {
        const id = new URL(url).pathname.split('/').at(-1) as string;
        // The bytes the device saved, not an empty or lost file.
        if (atob(body.data) !== String.fromCharCode(...PHOTO)) return new Response('{}', { status: 409 });
        files.set(id, (files.get(id) ?? 0) + 1);
        return new Response(JSON.stringify({ status: 'stored' }), { status: 201 });
      }
      const results: ActivityResult[] = body.activities.map((a: ActivityInput) => {
        const seen = activities.get(a.id);
        activities.set(a.id, seen ?? JSON.stringify(a));
        const missing = a.attachments.map((f) => f.id).filter((id) => !files.has(id));
        return { id: a.id, status: seen ? 'duplicate' : 'stored', receivedAt: '2026-12-02T04:00:00.000Z', missing };
      });
      if (loseNextReply) {
        loseNextReply = false;
        throw new TypeError('the connection dropped after the office stored it');
      }
      return new Response(JSON.stringify({ results, serverTime: '2026-12-02T04:00:00.000Z' }));
    }) as unknown as typeof fetch,
  };
  return office;
}

describe('activities on the device', () => {
  let db: ActivityDb;
  beforeEach(async () => {
    db = createActivityDb(`activities-${newId()}`);
    useActivityDb(db);
  });

  it('saves an activity with its photo and queues it', async () => {
    const fileId = newId();
    const a = anActivity(fileId);
    await saveActivity(a, [{ id: fileId, blob: new Blob([PHOTO]) }]);
    expect((await activitiesToSend()).map((r) => [r.id, r.state])).toEqual([[a.id, 'waiting']]);
    expect(await db.files.get(fileId)).toMatchObject({ activityId: a.id, sent: false });
  });

  it('on a full disk saves nothing of the activity, says the storage is full, and keeps what was saved before', async () => {
    const before = anActivity(newId());
    await saveActivity(before, []);
    db.files.hook('creating', () => {
      throw new DOMException('the disk is full', 'QuotaExceededError');
    });
    const fileId = newId();
    const failing = saveActivity(anActivity(fileId), [{ id: fileId, blob: new Blob([PHOTO]) }]);
    await expect(failing).rejects.toBeInstanceOf(StorageError);
    await expect(failing).rejects.toMatchObject({ kind: 'quota' });
    expect((await db.activities.toArray()).map((r) => r.id)).toEqual([before.id]);
    expect(await db.files.count()).toBe(0);
  });

  it('reaches the office once: a reply lost after the office stored it is resent as a duplicate, the photo sent once', async () => {
    const office = anOffice();
    const fileId = newId();
    const a = anActivity(fileId);
    await saveActivity(a, [{ id: fileId, blob: new Blob([PHOTO]) }]);
    office.loseNextReply();
    const first = await syncActivities({ endpoint: 'https://office.example/api/v1', fetch: office.fetch });
    expect(first).toEqual({ kind: 'retry', reason: 'offline' });
    expect((await activitiesToSend()).map((r) => r.state)).toEqual(['waiting']);
    const second = await syncActivities({ endpoint: 'https://office.example/api/v1', fetch: office.fetch });
    expect(second).toEqual({ kind: 'done', sent: 1, rejected: 0 });
    expect([...office.activities.keys()]).toEqual([a.id]);
    expect(office.files.get(fileId)).toBe(1);
    expect(await db.activities.get(a.id)).toMatchObject({ state: 'sent', receivedAt: '2026-12-02T04:00:00.000Z' });
    expect(await syncActivities({ endpoint: 'https://office.example/api/v1', fetch: office.fetch })).toEqual({
      kind: 'nothing',
    });
    expect(office.log.filter((l) => l.startsWith('PUT'))).toHaveLength(1);
  });

  it('keeps everything waiting while the office refuses the device', async () => {
    const office = anOffice();
    office.refuseAll(true);
    const a = anActivity(newId());
    await saveActivity(a, []);
    expect(await syncActivities({ endpoint: 'https://office.example/api/v1', fetch: office.fetch })).toEqual({
      kind: 'retry',
      reason: 'unauthorized',
    });
    expect(await db.activities.get(a.id)).toMatchObject({ state: 'waiting' });
  });
});
