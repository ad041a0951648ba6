import { describe, expect, it } from 'vitest';
import { canonicalJson, parseResponse } from '../../src/core/protocol.js';

/** The plain definition: JSON.stringify with every object's keys sorted. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

describe('canonical JSON (what a response hash is computed over)', () => {
  it('is the same for the same content whatever the order of keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('writes what JSON.stringify with sorted keys writes, for awkward keys and values too', () => {
    const values: unknown[] = [
      { 'q.other': 'อื่น ๆ "quoted"\n', z: -0, y: 1e21, x: 0.1, w: true, v: false, u: [] },
      { 'ข้อ 1': 1, 'a b': 2, '': 3, '\u2028': 'line\u2028sep', 'a"b': 'x' },
      [{ expectation: 5, satisfaction: 4 }, 'ข้อความ', 3.5, null],
      { nested: { deeper: { deepest: ['a', { k: 'v' }] } } },
      'text',
      42,
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(reference(value));
  });

  it('leaves out keys whose value is undefined, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('a response as the server first reads it', () => {
  const good = {
    id: '01a21278-6dfd-77ae-baa9-0bd7850b52e4',
    surveyId: 'complaint',
    surveyVersion: 1,
    answers: { topic: 'ถนนมืด' },
    startedAt: '2026-11-20T03:00:00.000Z',
    completedAt: '2026-11-20T03:05:00.000Z',
    locale: 'th',
    appVersion: '0.1.0',
    privacyVersion: '2567-1',
    privacyAcceptedAt: '2026-11-20T03:00:10.000Z',
  };

  it('is accepted when well formed, emoji and Thai included', () => {
    expect(parseResponse({ ...good, answers: { topic: 'ขอบคุณ 🙏' } }).ok).toBe(true);
  });

  it('may say how it was collected and that it was made in training mode; an old device sends neither', () => {
    expect(parseResponse(good).ok).toBe(true);
    for (const source of ['link', 'kiosk', 'device'])
      expect(parseResponse({ ...good, source, training: true }).ok, source).toBe(true);
    for (const bad of [{ source: 'import' }, { source: 'email' }, { training: false }, { training: 'yes' }])
      expect(parseResponse({ ...good, ...bad }).ok, JSON.stringify(bad)).toBe(false);
  });

  it('is refused with a message when text holds half of an emoji or a NUL, in a value or a key', () => {
    for (const answers of [{ topic: 'ขอบคุณ \ud83d' }, { topic: 'x\u0000y' }, { '\udc00': 'x' }]) {
      const parsed = parseResponse({ ...good, answers });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/Unicode|U\+0000/);
    }
  });

  it('is refused when a date does not exist on the calendar', () => {
    for (const startedAt of ['2026-02-30T10:00:00.000Z', '2026-13-01T00:00:00.000Z', '2025-02-29T00:00:00Z']) {
      expect(parseResponse({ ...good, startedAt }).ok, startedAt).toBe(false);
    }
    expect(parseResponse({ ...good, startedAt: '2028-02-29T00:00:00+07:00' }).ok).toBe(true);
  });
});
