import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import thLater from '../../locales/th/later.json';
import th from '../../locales/th/translation.json';
import { App } from '../../src/app/App.js';
import { initI18n, setLanguage } from '../../src/app/i18n.js';
import { navigate } from '../../src/app/router.js';
import { createDb, getDb, useDb } from '../../src/db/db.js';
import { storeSurveys } from '../../src/db/surveys.js';
import { sampleSurvey } from '../fixtures.js';

let n = 0;

beforeAll(async () => {
  await initI18n('th');
});

beforeEach(async () => {
  const db = createDb(`siang-app-${++n}`);
  useDb(db);
  await storeSurveys([sampleSurvey], db);
  // No server in unit tests: the catalogue refresh fails quietly and the device's copy is used.
  globalThis.fetch = async () => {
    throw new TypeError('offline');
  };
  history.replaceState(null, '', '/s/sample');
});

afterEach(async () => {
  cleanup();
  await setLanguage('th');
});

async function acceptNotice() {
  render(<App />);
  fireEvent.click(await screen.findByRole('button', { name: th.privacy.accept }));
  await screen.findByRole('heading', { name: 'ผู้ตอบ' });
}

describe('answering a survey', () => {
  it('shows the privacy notice first, then the first section with its questions labelled', async () => {
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'ประกาศ' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: th.privacy.accept }));
    expect(await screen.findByRole('heading', { name: 'ผู้ตอบ' })).toBeTruthy();
    expect(screen.getByRole('group', { name: /กลุ่ม/ })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'ผู้ปกครอง' })).toBeTruthy();
  });

  it('a missing required answer shows its message next to the field and blocks Next', async () => {
    await acceptNotice();
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    const group = await screen.findByRole('group', { name: /กลุ่ม/ });
    expect(await within(group).findByText(th.errors.required)).toBeTruthy();
    expect(group.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('heading', { name: 'ผู้ตอบ' })).toBeTruthy();
  });

  it('shows a question only when an earlier answer calls for it, and searches the long list', async () => {
    await acceptNotice();
    expect(screen.queryByRole('group', { name: /โรงเรียน/ })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'ผู้ปกครอง' }));
    const school = await screen.findByRole('group', { name: /โรงเรียน/ });
    fireEvent.input(within(school).getByRole('searchbox'), { target: { value: 'สอง' } });
    await waitFor(() => expect(within(school).queryByRole('radio', { name: /โรงเรียนหนึ่ง/ })).toBeNull());
    fireEvent.click(within(school).getByRole('radio', { name: /โรงเรียนสอง/ }));
    await waitFor(() => expect(within(school).getByText('โรงเรียนสอง', { selector: 'strong' })).toBeTruthy());
  });

  it('asks for the text of "other, please specify"', async () => {
    await acceptNotice();
    fireEvent.click(screen.getByRole('radio', { name: th.question.other }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'เว็บ' }));
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    expect(await screen.findByText(th.errors.other_required)).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: th.question.otherSpecify }), { target: { value: 'อสม.' } });
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    expect(await screen.findByRole('heading', { name: 'ความคิดเห็น' })).toBeTruthy();
  });

  it('goes to the end, reviews and submits; the thank-you leads home and the response waits to be sent', async () => {
    await acceptNotice();
    fireEvent.click(screen.getByRole('radio', { name: 'ครู' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'เว็บ' }));
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: 'ความคิดเห็น' });
    const expectation = screen.getByRole('radiogroup', { name: th.rating.expectation });
    fireEvent.click(within(expectation).getByRole('radio', { name: /มากที่สุด/ }));
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    expect(await screen.findByText(th.errors.rating_pair_incomplete)).toBeTruthy();
    const satisfaction = screen.getByRole('radiogroup', { name: th.rating.satisfaction });
    fireEvent.click(within(satisfaction).getByRole('radio', { name: /^4/ }));
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    // The teachers' section appears because the group is "teacher".
    await screen.findByRole('heading', { name: 'สำหรับครู' });
    fireEvent.input(await screen.findByRole('textbox', { name: /อายุงาน/ }), { target: { value: '7.5' } });
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    expect(await screen.findByText(thLater.errors.not_integer)).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: /อายุงาน/ }), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: 'ข้อเสนอแนะ' });
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: thLater.review.title });
    expect(screen.getByText('ความคาดหวัง: 5 – มากที่สุด; ความพึงพอใจ: 4 – มาก')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: thLater.review.submit }));
    expect(await screen.findByRole('heading', { name: thLater.thanks.title })).toBeTruthy();
    expect(screen.getByRole('link', { name: thLater.thanks.home })).toBeTruthy();
    await waitFor(async () => expect(await getDb().outbox.count()).toBe(1));
  });

  it('speaks English after the switch, and the choice is remembered', async () => {
    await acceptNotice();
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'About you' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Parent' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' })).toBeTruthy();
    expect(localStorage.getItem('siang.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('when the device cannot store the new draft', () => {
  it('still shows the first question, says so, keeps the answers and stores everything on "try again"', async () => {
    // The platform refuses every new record, as a full disk does.
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      render(<App />);
      fireEvent.click(await screen.findByRole('button', { name: th.privacy.accept }));
      expect(await screen.findByRole('heading', { name: 'ผู้ตอบ' })).toBeTruthy();
      expect(await screen.findByText(thLater.storage.quota.title)).toBeTruthy();
      fireEvent.click(screen.getByRole('radio', { name: 'ผู้ปกครอง' }));
      await screen.findByText(thLater.storage.unsaved_other.replace('{{count}}', '1'));
      expect(await getDb().responses.count()).toBe(0);
    } finally {
      IDBObjectStore.prototype.add = add;
    }
    fireEvent.click(screen.getByRole('button', { name: thLater.storage.retry }));
    await waitFor(() => expect(screen.queryByText(thLater.storage.quota.title)).toBeNull());
    const [stored] = await getDb().responses.toArray();
    expect(stored?.status).toBe('draft');
    expect(stored?.answers).toMatchObject({ group: 'parent' });
  });
});

describe('changing an earlier answer', () => {
  it('a parent who picked a school and then chose "other" submits; the hidden school is not kept', async () => {
    await acceptNotice();
    fireEvent.click(screen.getByRole('radio', { name: 'ผู้ปกครอง' }));
    const school = await screen.findByRole('group', { name: /โรงเรียน/ });
    fireEvent.click(within(school).getByRole('radio', { name: /โรงเรียนสอง/ }));
    await waitFor(async () => expect((await getDb().responses.toArray())[0]?.answers).toHaveProperty('school', 's2'));
    fireEvent.click(screen.getByRole('radio', { name: th.question.other }));
    fireEvent.input(screen.getByRole('textbox', { name: th.question.otherSpecify }), { target: { value: 'อสม.' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'เว็บ' }));
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: 'ความคิดเห็น' });
    fireEvent.click(
      within(screen.getByRole('radiogroup', { name: th.rating.expectation })).getByRole('radio', { name: /^5/ }),
    );
    fireEvent.click(
      within(screen.getByRole('radiogroup', { name: th.rating.satisfaction })).getByRole('radio', { name: /^4/ }),
    );
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: 'ข้อเสนอแนะ' });
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: thLater.review.title });
    // The draft still holds the school (choosing "parent" again would bring it back) …
    expect((await getDb().responses.toArray())[0]?.answers).toHaveProperty('school', 's2');
    fireEvent.click(screen.getByRole('button', { name: thLater.review.submit }));
    expect(await screen.findByRole('heading', { name: thLater.thanks.title })).toBeTruthy();
    // … and the completed response does not.
    const [done] = await getDb().responses.toArray();
    expect(done?.status).toBe('completed');
    expect(done?.answers).toEqual({
      group: 'other',
      'group.other': 'อสม.',
      channels: ['web'],
      r1: { expectation: 5, satisfaction: 4 },
    });
  });

  it('a response that cannot be sent says why and where on the review page, and leads there', async () => {
    await acceptNotice();
    fireEvent.click(screen.getByRole('radio', { name: 'ครู' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'เว็บ' }));
    // Straight to the review (the address, or the back button), with the ratings not answered.
    navigate('/s/sample/review');
    await screen.findByRole('heading', { name: thLater.review.title });
    fireEvent.click(screen.getByRole('button', { name: thLater.review.submit }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(thLater.review.cannotSend)).toBeTruthy();
    expect(within(alert).getByText(thLater.review.problemSection.replace('{{section}}', 'ความคิดเห็น'))).toBeTruthy();
    expect(
      within(alert).getByText(
        thLater.review.problemAt.replace('{{question}}', 'ข้อมูลถูกต้อง').replace('{{problem}}', th.errors.required),
      ),
    ).toBeTruthy();
    expect(screen.getByRole('heading', { name: thLater.review.title })).toBeTruthy();
    expect(await getDb().outbox.count()).toBe(0);
    fireEvent.click(
      within(alert).getByRole('button', { name: thLater.review.goTo.replace('{{section}}', 'ความคิดเห็น') }),
    );
    await screen.findByRole('heading', { name: 'ความคิดเห็น' });
    expect(await screen.findByText(th.errors.required)).toBeTruthy();
  });
});
