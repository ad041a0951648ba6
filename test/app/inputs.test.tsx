/**
 * What a respondent types or ticks is checked on the spot, and nothing is taken for an answer
 * that was not given: phone and e-mail, a choice past its maximum, a long list searched but not
 * picked, numbers in Thai digits, and dates chosen in the Buddhist era.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import thLater from '../../locales/th/later.json';
import thLookup from '../../locales/th/lookup.json';
import thOfficer from '../../locales/th/officer.json';
import th from '../../locales/th/translation.json';
import { App } from '../../src/app/App.js';
import { initI18n, setLanguage } from '../../src/app/i18n.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { createDb, getDb, useDb } from '../../src/db/db.js';
import { getKiosk } from '../../src/db/kiosk.js';
import { storeSurveys } from '../../src/db/surveys.js';

const t = (th: string, en: string) => ({ th, en });
const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{{${k}}}`, String(v)), text);

const survey: SurveyDefinition = {
  format: 1,
  id: 'inputs',
  version: 1,
  kind: 'complaint',
  title: t('ทดสอบการกรอก', 'Inputs'),
  privacy: { version: 'p1', title: t('ประกาศ', 'Notice'), body: [t('ข้อความ', 'Text')] },
  lists: {
    schools: [
      { value: 's1', label: t('โรงเรียนเบญจมเทพอุทิศ', 'Benchamathep School'), detail: t('เมือง', 'Mueang') },
      { value: 's2', label: t('โรงเรียนคงคาราม', 'Khongkharam School') },
    ],
  },
  sections: [
    {
      id: 'choices',
      title: t('ตัวเลือก', 'Choices'),
      questions: [
        {
          id: 'channels',
          type: 'multiple',
          max: 2,
          label: t('ช่องทาง', 'Channels'),
          options: [
            { value: 'web', label: t('เว็บ', 'Web') },
            { value: 'phone', label: t('โทรศัพท์', 'Phone') },
            { value: 'visit', label: t('มาเอง', 'Visit') },
          ],
        },
        { id: 'school', type: 'lookup', list: 'schools', label: t('โรงเรียน', 'School') },
      ],
    },
    {
      id: 'contact',
      title: t('ติดต่อกลับ', 'Contact'),
      questions: [
        { id: 'phone', type: 'text', format: 'phone', required: true, label: t('หมายเลขโทรศัพท์', 'Phone') },
        { id: 'email', type: 'text', format: 'email', label: t('อีเมล', 'Email') },
      ],
    },
    {
      id: 'numbers',
      title: t('จำนวน', 'Numbers'),
      questions: [{ id: 'pupils', type: 'number', integer: true, label: t('จำนวนนักเรียน', 'Pupils') }],
    },
    {
      id: 'dates',
      title: t('วันที่', 'Dates'),
      questions: [{ id: 'incident', type: 'date', max: 'today', label: t('วันที่เกิดเหตุ', 'Incident date') }],
    },
  ],
};

let n = 0;

beforeAll(async () => {
  await initI18n('th');
});

beforeEach(async () => {
  const db = createDb(`siang-inputs-${++n}`);
  useDb(db);
  await storeSurveys([survey], db);
  globalThis.fetch = async () => {
    throw new TypeError('offline');
  };
  history.replaceState(null, '', '/s/inputs');
});

afterEach(async () => {
  cleanup();
  await setLanguage('th');
});

async function start() {
  render(<App />);
  fireEvent.click(await screen.findByRole('button', { name: th.privacy.accept }));
  await screen.findByRole('heading', { name: 'ตัวเลือก' });
}

const next = () => fireEvent.click(screen.getByRole('button', { name: th.common.next }));

/** The draft's answers once the device holds `check`. */
async function stored(check: (answers: Record<string, unknown>) => void) {
  await waitFor(async () => {
    const [draft] = await getDb().responses.toArray();
    check(draft?.answers ?? {});
  });
}

describe('a multiple choice with a maximum', () => {
  it('does not take a tick past the maximum and says why at once, before "Next"', async () => {
    await start();
    const group = screen.getByRole('group', { name: /ช่องทาง/ });
    fireEvent.click(within(group).getByRole('checkbox', { name: 'เว็บ' }));
    fireEvent.click(within(group).getByRole('checkbox', { name: 'โทรศัพท์' }));
    const third = within(group).getByRole('checkbox', { name: 'มาเอง' }) as HTMLInputElement;
    fireEvent.click(third);
    expect(third.checked).toBe(false);
    expect(await within(group).findByText(fill(th.question.maxReached, { max: 2 }))).toBeTruthy();
    await stored((a) => expect(a.channels).toEqual(['web', 'phone']));
    // Taking one off makes room, and the message goes.
    fireEvent.click(within(group).getByRole('checkbox', { name: 'เว็บ' }));
    expect(within(group).queryByText(fill(th.question.maxReached, { max: 2 }))).toBeNull();
    fireEvent.click(third);
    expect(third.checked).toBe(true);
    await stored((a) => expect(a.channels).toEqual(['phone', 'visit']));
  });
});

describe('the school list', () => {
  it('gives one hint, never looks answered while nothing is picked, and asks to tap a school', async () => {
    await start();
    // The long list loads with its strings when first shown.
    const group = await screen.findByRole('group', { name: /โรงเรียน/ });
    const search = within(group).getByRole('searchbox', {
      name: fill(thLookup.question.searchSchools_other, { count: 2 }),
    });
    expect(within(group).queryByText(/พิมพ์ชื่อโรงเรียนบางส่วน/)).toBeNull();
    fireEvent.input(search, { target: { value: 'เบญจม' } });
    expect(within(group).queryByText(thLookup.question.selected, { exact: false })).toBeNull();
    next();
    expect(await within(group).findByText(thLookup.errors.pickSchool)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'ตัวเลือก' })).toBeTruthy();
    fireEvent.click(within(group).getByRole('radio', { name: /โรงเรียนเบญจมเทพอุทิศ/ }));
    await waitFor(() => expect(within(group).queryByText(thLookup.errors.pickSchool)).toBeNull());
    await stored((a) => expect(a.school).toBe('s1'));
    next();
    expect(await screen.findByRole('heading', { name: 'ติดต่อกลับ' })).toBeTruthy();
  });
});

describe('contact details', () => {
  it('bring up the phone and e-mail keyboards and are checked when the person leaves the box', async () => {
    await start();
    next();
    await screen.findByRole('heading', { name: 'ติดต่อกลับ' });
    const phone = screen.getByRole('textbox', { name: /หมายเลขโทรศัพท์/ }) as HTMLInputElement;
    const email = screen.getByRole('textbox', { name: /อีเมล/ }) as HTMLInputElement;
    expect([phone.type, phone.inputMode, phone.autocomplete]).toEqual(['tel', 'tel', 'tel']);
    expect([email.type, email.inputMode, email.autocomplete]).toEqual(['email', 'email', 'email']);

    fireEvent.input(phone, { target: { value: 'โทรหาได้ตลอด' } });
    fireEvent.blur(phone);
    expect(await screen.findByText(th.errors.invalid_phone)).toBeTruthy();
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(email, { target: { value: 'somsri-at-gmail' } });
    fireEvent.blur(email);
    expect(await screen.findByText(th.errors.invalid_email)).toBeTruthy();
    next();
    expect(await screen.findByText(fill(th.survey.fixCount_other, { count: 2 }))).toBeTruthy();

    fireEvent.input(phone, { target: { value: '081-234-5678' } });
    fireEvent.input(email, { target: { value: 'somsri@gmail.com' } });
    await waitFor(() => expect(screen.queryByText(th.errors.invalid_phone)).toBeNull());
    next();
    expect(await screen.findByRole('heading', { name: 'จำนวน' })).toBeTruthy();
  });
});

describe('a number', () => {
  it('reads Thai digits and thousands separators, and refuses what is not a number instead of keeping the last one', async () => {
    await start();
    next();
    await screen.findByRole('heading', { name: 'ติดต่อกลับ' });
    fireEvent.input(screen.getByRole('textbox', { name: /หมายเลขโทรศัพท์/ }), { target: { value: '0812345678' } });
    next();
    await screen.findByRole('heading', { name: 'จำนวน' });
    const box = await screen.findByRole('textbox', { name: /จำนวนนักเรียน/ });
    fireEvent.input(box, { target: { value: '1,850' } });
    await stored((a) => expect(a.pupils).toBe(1850));
    fireEvent.input(box, { target: { value: '๓๒๐๐' } });
    await stored((a) => expect(a.pupils).toBe(3200));
    fireEvent.input(box, { target: { value: '32oo' } });
    expect(await screen.findByText(thLater.errors.not_a_number)).toBeTruthy();
    next();
    expect(await screen.findByText(fill(th.survey.fixCount_other, { count: 1 }))).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'จำนวน' })).toBeTruthy();
  });
});

describe('a date', () => {
  it('is chosen as day, month and Buddhist-era year, stored ISO; a date left half chosen is refused', async () => {
    await start();
    next();
    await screen.findByRole('heading', { name: 'ติดต่อกลับ' });
    fireEvent.input(screen.getByRole('textbox', { name: /หมายเลขโทรศัพท์/ }), { target: { value: '0812345678' } });
    next();
    await screen.findByRole('heading', { name: 'จำนวน' });
    next();
    await screen.findByRole('heading', { name: 'วันที่' });
    const group = await screen.findByRole('group', { name: /วันที่เกิดเหตุ/ });
    const day = await within(group).findByRole('combobox', { name: thLater.date.day });
    const month = within(group).getByRole('combobox', { name: thLater.date.month });
    const year = within(group).getByRole('combobox', { name: thLater.date.year }) as HTMLSelectElement;
    // This year's entry reads in the Buddhist era.
    const thisYear = new Date().getFullYear();
    expect(within(year).getByRole('option', { name: String(thisYear + 543) })).toBeTruthy();
    expect(within(month).getByRole('option', { name: 'พฤศจิกายน' })).toBeTruthy();

    fireEvent.change(day, { target: { value: '20' } });
    fireEvent.change(month, { target: { value: '11' } });
    next();
    expect(await within(group).findByText(thLater.errors.invalid_date)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'วันที่' })).toBeTruthy();

    fireEvent.change(year, { target: { value: String(thisYear - 1) } });
    await stored((a) => expect(a.incident).toBe(`${thisYear - 1}-11-20`));
    next();
    expect(await screen.findByRole('heading', { name: thLater.review.title })).toBeTruthy();
  });
});

describe('kiosk settings', () => {
  it('take minutes typed in Thai digits, and a school typed but not tapped is no preset', async () => {
    history.replaceState(null, '', '/kiosk');
    render(<App />);
    fireEvent.change(await screen.findByLabelText(thOfficer.kiosk.setup.survey), { target: { value: 'inputs' } });
    // Text typed to search the school list is not a preset: only a tapped entry is.
    fireEvent.input(await screen.findByRole('searchbox'), { target: { value: 'เบญจม' } });
    fireEvent.input(screen.getByLabelText(thOfficer.kiosk.setup.idle), { target: { value: '๑๕' } });
    fireEvent.input(screen.getByLabelText(thOfficer.kiosk.setup.thanks), { target: { value: '๒๐' } });
    fireEvent.input(screen.getByLabelText(thOfficer.kiosk.setup.pin), { target: { value: '2468' } });
    fireEvent.input(screen.getByLabelText(thOfficer.kiosk.setup.pinAgain), { target: { value: '2468' } });
    fireEvent.click(screen.getByRole('button', { name: thOfficer.kiosk.setup.start }));
    await waitFor(async () => expect(await getKiosk()).toMatchObject({ idleMinutes: 15, thanksSeconds: 20 }));
    expect((await getKiosk())?.presets).toEqual({});
  });
});
