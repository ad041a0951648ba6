import { describe, expect, it } from 'vitest';
import {
  formatReceipt,
  isReceiptCode,
  newReceiptCode,
  normalizeReceipt,
  RECEIPT_ALPHABET,
} from '../../src/core/receipt.js';

describe('receipt numbers of complaints', () => {
  it('are 10 symbols of Crockford base32, without letters that look alike', () => {
    expect(RECEIPT_ALPHABET).toHaveLength(32);
    for (let i = 0; i < 200; i++) {
      const code = newReceiptCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(isReceiptCode(code)).toBe(true);
    }
  });

  it('are not guessable: every symbol appears, and 2,000 codes never repeat', () => {
    const codes = Array.from({ length: 2000 }, newReceiptCode);
    expect(new Set(codes).size).toBe(codes.length);
    const seen = new Set(codes.join(''));
    expect(seen.size).toBe(32);
  });

  it('read as two groups of five', () => {
    expect(formatReceipt('7K3QM2XW9D')).toBe('7K3QM-2XW9D');
  });

  it('are read back however they are typed: spaces, dashes, lower case, O for 0, I or L for 1, Thai digits', () => {
    expect(normalizeReceipt('7K3QM-2XW9D')).toBe('7K3QM2XW9D');
    expect(normalizeReceipt('  7k3qm 2xw9d ')).toBe('7K3QM2XW9D');
    expect(normalizeReceipt('7k3qm–2xw9d')).toBe('7K3QM2XW9D');
    expect(normalizeReceipt('O1IL0-AAAAA')).toBe('01110AAAAA');
    expect(normalizeReceipt('๗K๓QM-๒XW๙D')).toBe('7K3QM2XW9D');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeReceipt('')).toBeNull();
    expect(normalizeReceipt('7K3QM-2XW9')).toBeNull();
    expect(normalizeReceipt('7K3QM-2XW9DD')).toBeNull();
    expect(normalizeReceipt('7K3QM-2XW9U')).toBeNull();
    expect(normalizeReceipt('7K3QM/2XW9D')).toBeNull();
    expect(normalizeReceipt('x'.repeat(1000))).toBeNull();
    expect(isReceiptCode('7k3qm2xw9d')).toBe(false);
  });
});
