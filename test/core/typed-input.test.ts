import { describe, expect, it } from 'vitest';
import { type Answers, checkAnswer, checkResponse } from '../../src/core/answers.js';
import { isEmail, isThaiPhone } from '../../src/core/contact.js';
import { readNumber } from '../../src/core/numbers.js';
import type { SurveyDefinition, TextQuestion } from '../../src/core/survey.js';
import { validateSurvey } from '../../src/core/survey-validate.js';

const t = (th: string, en: string = th) => ({ th, en });

describe('a number as people type it', () => {
  it('reads Thai digits and thousands separators', () => {
    expect(readNumber('1,850')).toBe(1850);
    expect(readNumber('๓๒๐๐')).toBe(3200);
    expect(readNumber('๑,๘๕๐')).toBe(1850);
    expect(readNumber(' 1 850 ')).toBe(1850);
    expect(readNumber('1,234,567.5')).toBe(1234567.5);
    expect(readNumber('7.5')).toBe(7.5);
    expect(readNumber('-3')).toBe(-3);
    expect(readNumber('0')).toBe(0);
  });

  it('is nothing when nothing was typed', () => {
    expect(readNumber('')).toBeUndefined();
    expect(readNumber('   ')).toBeUndefined();
  });

  it('is not a number when a comma is misplaced or letters are typed, rather than a guess', () => {
    for (const text of ['1,85', '18,50', '1.850,5', 'สิบ', '12a', '1..2', '-', '.', '1,,850']) {
      expect(readNumber(text), text).toBeNaN();
    }
  });
});

describe('a Thai phone number', () => {
  it('is accepted as people write it', () => {
    for (const text of [
      '0812345678',
      '081-234-5678',
      '081 234 5678',
      '02 123 4567',
      '032-123-456',
      '(032) 123456',
      '+66 81 234 5678',
      '+66812345678',
      '+66 (0) 81 234 5678',
      '0066 2 123 4567',
      '๐๘๑๒๓๔๕๖๗๘',
      '02 123 4567 ต่อ 12',
      '02-123-4567 ext. 104',
    ]) {
      expect(isThaiPhone(text), text).toBe(true);
    }
  });

  it('is refused when it cannot be dialled', () => {
    for (const text of [
      'โทรหาได้ตลอด',
      '081234567',
      '08123456789',
      '1111',
      '812345678',
      '+1 415 555 0100',
      'somsri@gmail.com',
      '0012345678',
    ]) {
      expect(isThaiPhone(text), text).toBe(false);
    }
  });
});

describe('an e-mail address', () => {
  it('is accepted with one @ and a domain with a dot', () => {
    for (const text of ['somsri@gmail.com', 'somchai.j+ita@obec.go.th', ' name@example.co.th ']) {
      expect(isEmail(text), text).toBe(true);
    }
  });

  it('is refused otherwise', () => {
    for (const text of [
      'somsri-at-gmail',
      'somsri@gmail',
      'somsri@@gmail.com',
      'som sri@gmail.com',
      '@gmail.com',
      'somsri@.com',
      'somsri@gmail..com',
    ]) {
      expect(isEmail(text), text).toBe(false);
    }
  });
});

const contact: SurveyDefinition = {
  format: 1,
  id: 'contact',
  version: 1,
  kind: 'complaint',
  title: t('ติดต่อ'),
  privacy: { version: '1', title: t('ประกาศ'), body: [t('ข้อความ')] },
  sections: [
    {
      id: 'contact',
      title: t('ติดต่อกลับ'),
      questions: [
        { id: 'phone', type: 'text', format: 'phone', label: t('โทรศัพท์') },
        { id: 'email', type: 'text', format: 'email', label: t('อีเมล') },
        { id: 'note', type: 'text', label: t('หมายเหตุ') },
      ],
    },
  ],
};

describe('a text question with a format', () => {
  const phone = contact.sections[0]?.questions[0] as TextQuestion;
  const email = contact.sections[0]?.questions[1] as TextQuestion;

  it('refuses a malformed phone or e-mail with its own code, on the page and on the server alike', () => {
    const answers: Answers = { phone: 'โทรหาได้ตลอด', email: 'somsri-at-gmail', note: 'โทรหาได้ตลอด' };
    expect(checkAnswer(contact, phone, answers)).toEqual({ question: 'phone', code: 'invalid_phone' });
    expect(checkAnswer(contact, email, answers)).toEqual({ question: 'email', code: 'invalid_email' });
    // What the server runs on every response it receives.
    expect(checkResponse(contact, answers)).toEqual([
      { question: 'phone', code: 'invalid_phone' },
      { question: 'email', code: 'invalid_email' },
    ]);
  });

  it('accepts a well-formed contact, and an optional one left empty', () => {
    expect(checkResponse(contact, { phone: '081-234-5678', email: 'somsri@gmail.com' })).toEqual([]);
    expect(checkResponse(contact, {})).toEqual([]);
  });

  it('is a valid definition; a format other than phone or email, or on another type, is refused', () => {
    expect(validateSurvey(contact).ok).toBe(true);
    const withFormat = (q: Record<string, unknown>) =>
      validateSurvey({ ...contact, sections: [{ ...contact.sections[0], questions: [q] }] });
    const fax = withFormat({ id: 'fax', type: 'text', format: 'fax', label: t('แฟกซ์') });
    expect(fax.ok ? [] : fax.problems).toEqual([
      { path: 'sections[0].questions[0].format', message: 'format must be "phone" or "email"' },
    ]);
    const onLongText = withFormat({ id: 'long', type: 'long-text', format: 'email', label: t('ยาว') });
    expect(onLongText.ok).toBe(false);
  });
});
