/**
 * Respondents see only what is theirs: no device status or officers' tools on their screens, one
 * count of pages, a privacy notice that opens with a summary and the office's real DPO contact,
 * and no "next respondent" on a personal phone.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import enHome from '../../locales/en/home.json';
import thHome from '../../locales/th/home.json';
import thLater from '../../locales/th/later.json';
import th from '../../locales/th/translation.json';
import { App } from '../../src/app/App.js';
import { initI18n, setLanguage } from '../../src/app/i18n.js';
import { createDb, useDb } from '../../src/db/db.js';
import { setSetting } from '../../src/db/settings.js';
import { storeSurveys } from '../../src/db/surveys.js';
import { sampleSurvey } from '../fixtures.js';

let n = 0;

beforeAll(async () => {
  await initI18n('th');
});

beforeEach(async () => {
  const db = createDb(`siang-respondent-${++n}`);
  useDb(db);
  await storeSurveys([{ ...sampleSurvey, privacy: { ...sampleSurvey.privacy, version: '2567-1' } }], db);
  localStorage.clear();
  globalThis.fetch = async () => {
    throw new TypeError('offline');
  };
});

afterEach(async () => {
  cleanup();
  await setLanguage('th');
});

const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replace(`{{${k}}}`, String(v)), text);

async function openSurvey() {
  history.replaceState(null, '', '/s/sample');
  render(<App />);
  await screen.findByRole('heading', { name: 'ประกาศ' });
}

async function firstSection() {
  await openSurvey();
  fireEvent.click(screen.getByRole('button', { name: th.privacy.accept }));
  await screen.findByRole('heading', { name: 'ผู้ตอบ' });
}

describe("respondents' screens", () => {
  it('the home page shows no sending status, no storage warning and no way into the officers’ tools', async () => {
    history.replaceState(null, '', '/');
    render(<App />);
    await screen.findByRole('heading', { name: thHome.list.title });
    await screen.findByRole('link', { name: new RegExp(thHome.list.start) });
    expect(screen.queryByTestId('waiting-count')).toBeNull();
    expect(screen.queryByTestId('persistence')).toBeNull();
    expect(screen.queryByRole('link', { name: thHome.list.officers })).toBeNull();
    expect(document.querySelector('a[href="/device"]')).toBeNull();
  });

  it('on a device where an officers’ screen was opened, the home page offers the officers’ tools', async () => {
    history.replaceState(null, '', '/device');
    const { unmount } = render(<App />);
    // The officers' screens keep the status line.
    await screen.findByTestId('waiting-count');
    unmount();
    history.replaceState(null, '', '/');
    render(<App />);
    expect(await screen.findByRole('link', { name: thHome.list.officers })).toBeTruthy();
  });

  it('a survey section shows no device status, and the page count stays the same when an answer adds a section', async () => {
    await firstSection();
    expect(screen.queryByTestId('waiting-count')).toBeNull();
    expect(document.querySelector('a[href="/device"]')).toBeNull();
    const pages = sampleSurvey.sections.length;
    const progress = fill(th.survey.progress, { current: 1, total: pages });
    expect(screen.getByText(new RegExp(progress))).toBeTruthy();
    // "teacher" shows the teachers' section: the count does not change.
    fireEvent.click(screen.getByRole('radio', { name: 'ครู' }));
    await screen.findByRole('checkbox', { name: 'เว็บ' });
    expect(screen.getByText(new RegExp(progress))).toBeTruthy();
    expect(screen.queryByText(/ส่วนที่/)).toBeNull();
  });

  it('the staff screens carry neither the device status line nor the respondents’ offline note', async () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      history.replaceState(null, '', '/admin');
      render(<App />);
      await waitFor(() => expect(document.querySelector('main')?.textContent).not.toBe(''));
      expect(screen.queryByTestId('waiting-count')).toBeNull();
      expect(screen.queryByText(th.status.offline)).toBeNull();
    } finally {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    }
  });

  it('a respondent offline is told it does not matter, and nothing more', async () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      await firstSection();
      expect(screen.getByText(th.status.offline)).toBeTruthy();
      expect(screen.queryByTestId('waiting-count')).toBeNull();
    } finally {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    }
  });

  it('the home page tells a person who left a survey half-done that they have not finished, and when it was saved', async () => {
    await firstSection();
    fireEvent.click(screen.getByRole('radio', { name: 'ผู้ปกครอง' }));
    cleanup();
    history.replaceState(null, '', '/');
    render(<App />);
    expect(await screen.findByText(/^ท่านยังตอบไม่เสร็จ \(บันทึกไว้เมื่อวันที่ .+\)$/)).toBeTruthy();
    expect(screen.getByRole('link', { name: new RegExp(thHome.list.continue) })).toBeTruthy();
  });

  it('a survey not on the device, offline, is said so in words (its screen and strings load when needed)', async () => {
    history.replaceState(null, '', '/s/not-here');
    render(<App />);
    await screen.findByRole('heading', { name: thLater.survey.missingTitle });
    expect(screen.getByText(thLater.survey.missingBody)).toBeTruthy();
  });

  it('says "* must be answered" only on a page that has a required question', async () => {
    await firstSection();
    expect(screen.getByText(th.survey.requiredNote)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'ผู้ปกครอง' }));
    history.replaceState(null, '', '/s/sample/open');
    cleanup();
    render(<App />);
    await screen.findByRole('heading', { name: 'ข้อเสนอแนะ' });
    expect(screen.queryByText(th.survey.requiredNote)).toBeNull();
  });
});

describe('the privacy notice', () => {
  it('opens with a summary, folds the full text under "read the full notice", and dates its version', async () => {
    await openSurvey();
    const summary = screen.getByTestId('privacy-summary');
    for (const term of [th.privacy.who, th.privacy.what, th.privacy.howLong, th.privacy.rightsTitle]) {
      expect(within(summary).getByText(term)).toBeTruthy();
    }
    expect(within(summary).getByText(th.privacy.contactTitle)).toBeTruthy();
    const full = screen.getByText(th.privacy.full).closest('details');
    expect(full?.open).toBe(false);
    expect(within(full as HTMLElement).getByText('ข้อความ')).toBeTruthy();
    expect(screen.getByText(fill(th.privacy.version, { year: 2567, revision: 1 }))).toBeTruthy();
    expect(screen.queryByText(/ประกาศฉบับที่/)).toBeNull();
  });

  it('says plainly when the office has not set its DPO contact', async () => {
    await openSurvey();
    expect(within(screen.getByTestId('dpo-contact')).getByText(th.privacy.dpoMissing)).toBeTruthy();
  });

  it("shows the office's DPO phone, e-mail and address from the office settings kept on the device", async () => {
    await setSetting('office', {
      name: { th: 'สำนักงานทดสอบ', en: 'Test office' },
      dpo: { phone: '0 3242 5123', email: 'dpo@example.go.th', address: 'ถนนทดสอบ เพชรบุรี' },
    });
    await openSurvey();
    const contact = await screen.findByRole('link', { name: 'dpo@example.go.th' });
    expect(contact.getAttribute('href')).toBe('mailto:dpo@example.go.th');
    expect(screen.getByRole('link', { name: '0 3242 5123' }).getAttribute('href')).toBe('tel:032425123');
    expect(screen.getByText(/ถนนทดสอบ เพชรบุรี/)).toBeTruthy();
    expect(within(screen.getByTestId('privacy-summary')).getByText('สำนักงานทดสอบ')).toBeTruthy();
    expect(screen.queryByText(th.privacy.dpoMissing)).toBeNull();
  });
});

describe('the thank-you', () => {
  async function submit() {
    await firstSection();
    fireEvent.click(screen.getByRole('radio', { name: 'ครู' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'เว็บ' }));
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: 'ความคิดเห็น' });
    for (const part of [th.rating.expectation, th.rating.satisfaction]) {
      fireEvent.click(within(screen.getByRole('radiogroup', { name: part })).getByRole('radio', { name: /^4/ }));
    }
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: 'สำหรับครู' });
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    await screen.findByRole('heading', { name: 'ข้อเสนอแนะ' });
    fireEvent.click(screen.getByRole('button', { name: th.common.next }));
    fireEvent.click(await screen.findByRole('button', { name: thLater.review.submit }));
    await screen.findByRole('heading', { name: thLater.thanks.title });
  }

  it('on a personal phone offers the way home, not a next respondent', async () => {
    await submit();
    expect(screen.getByRole('link', { name: thLater.thanks.home })).toBeTruthy();
    expect(screen.queryByRole('link', { name: thLater.thanks.another })).toBeNull();
    expect(screen.queryByTestId('waiting-count')).toBeNull();
  });

  it('on a device officers use, also lets the next respondent start', async () => {
    localStorage.setItem('siang.officer', '1');
    await submit();
    expect(screen.getByRole('link', { name: thLater.thanks.another })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('link', { name: thLater.thanks.home })).toBeTruthy());
  });
});

describe('in English', () => {
  it('the home page has no officers’ link and the section says "Page 1 of n"', async () => {
    await setLanguage('en');
    history.replaceState(null, '', '/');
    render(<App />);
    await screen.findByRole('heading', { name: enHome.list.title });
    expect(screen.queryByRole('link', { name: enHome.list.officers })).toBeNull();
    cleanup();
    await firstSectionEn();
    expect(screen.getByText(new RegExp(`Page 1 of ${sampleSurvey.sections.length}`))).toBeTruthy();
  });
});

async function firstSectionEn() {
  history.replaceState(null, '', '/s/sample');
  render(<App />);
  fireEvent.click(await screen.findByRole('button', { name: 'I understand, start' }));
  await screen.findByRole('heading', { name: 'About you' });
}
