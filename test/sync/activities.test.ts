/**
 * The activity sender's rules that must match the responses' (one lock per device, the same
 * backoff), and the checks an activity meets on the device and on the server alike.
 */
import { describe, expect, it } from 'vitest';
import { fiscalYearOf, parseActivity, sniffType } from '../../src/core/activities.js';
import { newId } from '../../src/core/ids.js';
import { ACTIVITY_SYNC_LOCK, activityBackoffMs } from '../../src/sync/activities.js';
import { backoffMs, SYNC_LOCK } from '../../src/sync/sync.js';

describe('activities on the device', () => {
  it('are sent under the same lock and backoff as responses, so one sync runs at a time', () => {
    expect(ACTIVITY_SYNC_LOCK).toBe(SYNC_LOCK);
    for (const attempt of [0, 1, 5, 20])
      for (const r of [0, 0.5, 0.999]) expect(activityBackoffMs(attempt, () => r)).toBe(backoffMs(attempt, () => r));
  });

  it('tells a file type by its first bytes, never by its name', () => {
    expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg');
    expect(sniffType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffType(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
  });

  it('names the fiscal year (BE) from 1 October', () => {
    expect(fiscalYearOf('2026-09-30')).toBe(2569);
    expect(fiscalYearOf('2026-10-01')).toBe(2570);
    expect(fiscalYearOf('2027-01-15')).toBe(2570);
  });

  it('refuses names in place of counts and a date that does not exist, naming the field', () => {
    const base = {
      id: newId(),
      date: '2026-11-20',
      title: 'ประชุม',
      place: '',
      planRowId: null,
      level: 'consult',
      groups: ['parent'],
      participants: { parent: 3 },
      contributions: '',
      summary: '',
      result: '',
      followUp: '',
      public: false,
      recordedBy: 'ครู',
      recordedAt: '2026-11-20T08:00:00.000Z',
      attachments: [],
    };
    expect(parseActivity(base).ok).toBe(true);
    const names = parseActivity({ ...base, participants: { parent: 'นายหนึ่ง, นางสอง' } });
    expect(names).toMatchObject({ ok: false, message: expect.stringContaining('participants') });
    expect(parseActivity({ ...base, date: '2026-02-30' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('date'),
    });
    expect(parseActivity({ ...base, phone: '0812345678' })).toMatchObject({ ok: false });
  });

  it("names its plan row by the row's UUID, never by a number", () => {
    const base = parseActivity({
      id: newId(),
      date: '2026-11-20',
      title: 'ประชุม',
      place: '',
      planRowId: newId(),
      level: 'consult',
      groups: [],
      participants: {},
      contributions: '',
      summary: '',
      result: '',
      followUp: '',
      public: false,
      recordedBy: 'ครู',
      recordedAt: '2026-11-20T08:00:00.000Z',
      attachments: [],
    });
    expect(base.ok).toBe(true);
    if (!base.ok) return;
    expect(parseActivity({ ...base.activity, planRowId: 7 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('planRowId'),
    });
  });
});
