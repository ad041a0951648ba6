import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStartOfToday } from '../../src/app/kiosk/today.js';

function Today() {
  return <p>{useStartOfToday().toDateString()}</p>;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useStartOfToday (the kiosk panel counts what was taken today)', () => {
  it('moves to the next day at midnight while the screen stays open', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date(2026, 10, 30, 23, 59, 30));
    render(<Today />);
    expect(screen.getByText(new Date(2026, 10, 30).toDateString())).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(20_000);
    });
    expect(screen.getByText(new Date(2026, 10, 30).toDateString())).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(15_000);
    });
    expect(screen.getByText(new Date(2026, 11, 1).toDateString())).toBeTruthy();
    // And again the next night.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
    });
    expect(screen.getByText(new Date(2026, 11, 2).toDateString())).toBeTruthy();
  });
});
