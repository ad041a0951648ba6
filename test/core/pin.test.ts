import { describe, expect, it } from 'vitest';
import { hashPin, validPin, verifyPin } from '../../src/core/pin.js';

describe('the kiosk PIN', () => {
  it('accepts 4 to 8 digits only', () => {
    expect(['1234', '12345678'].map(validPin)).toEqual([true, true]);
    expect(['123', '123456789', '12a4', ' 1234', '١٢٣٤', ''].map(validPin)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('is kept as a salted hash that verifies the right PIN only', async () => {
    const stored = await hashPin('2468', 1000);
    expect(JSON.stringify(stored)).not.toContain('2468');
    expect(stored.iterations).toBe(1000);
    expect(await verifyPin('2468', stored)).toBe(true);
    expect(await verifyPin('2469', stored)).toBe(false);
    expect(await verifyPin('24680', stored)).toBe(false);
    expect(await verifyPin('', stored)).toBe(false);
    // A fresh salt each time: the same PIN never hashes alike.
    const again = await hashPin('2468', 1000);
    expect(again.salt).not.toBe(stored.salt);
    expect(again.hash).not.toBe(stored.hash);
  });

  it('refuses to hash a PIN that breaks the rule', async () => {
    await expect(hashPin('12')).rejects.toThrow('4 to 8 digits');
  });
});
