/** What the respondent app makes of a survey's window as the office's list gave it. */
import { describe, expect, it } from 'vitest';
import { windowNotice } from '../../src/app/surveys.js';

describe('the window a phone knows of', () => {
  const now = Date.parse('2026-12-02T03:00:00.000Z');
  const hour = 3_600_000;
  const at = (offset: number) => new Date(now + offset).toISOString();

  it('no window, or a window around now: the survey can be started', () => {
    expect(windowNotice(undefined, now)).toBeUndefined();
    expect(windowNotice({ opensAt: null, closesAt: null }, now)).toBeUndefined();
    expect(windowNotice({ opensAt: at(-hour), closesAt: at(hour) }, now)).toBeUndefined();
  });

  it('past its closing time it is closed; before its opening time it says when it opens', () => {
    expect(windowNotice({ opensAt: null, closesAt: at(-1) }, now)).toEqual({ state: 'closed', at: at(-1) });
    expect(windowNotice({ opensAt: at(hour), closesAt: at(2 * hour) }, now)).toEqual({
      state: 'scheduled',
      at: at(hour),
    });
    // Judged when asked, against the window kept on the phone: no connection needed.
    expect(windowNotice({ opensAt: null, closesAt: at(hour) }, now + hour)).toEqual({ state: 'closed', at: at(hour) });
  });
});
