import { describe, expect, it } from 'vitest';
import { LoginFailures } from '../../src/server/auth/login-failures.js';

describe('sign-in failures per account', () => {
  it('pauses an account after max failures within the window, until the oldest of them is out of it', () => {
    let now = 1_000_000;
    const failures = new LoginFailures(3, 60_000, () => now);
    failures.failed('admin');
    now += 10_000;
    failures.failed('Admin');
    expect(failures.pausedFor('admin')).toBe(0);
    now += 10_000;
    failures.failed(' admin ');
    expect(failures.pausedFor('admin')).toBe(40_000);
    expect(failures.pausedFor('other')).toBe(0);
    now += 40_000;
    expect(failures.pausedFor('admin')).toBe(0);
  });

  it('forgets an account that signed in', () => {
    const failures = new LoginFailures(2, 60_000);
    failures.failed('admin');
    failures.succeeded('admin');
    failures.failed('admin');
    expect(failures.pausedFor('admin')).toBe(0);
  });
});
