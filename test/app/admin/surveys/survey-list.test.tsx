/**
 * The builder's list as an admin and a supervisor see it: each survey's state in words, its
 * versions with their responses, who changed it when (BE dates, "น."), and the admin's actions
 * (open and close by hand, the collection window chosen as BE dates, the XLSForm export).
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addAdminStrings } from '../../../../src/app/admin/strings.js';
import { initI18n, setLanguage } from '../../../../src/app/i18n.js';
import type { SurveyDefinition } from '../../../../src/core/survey.js';
import { ContractStub } from './contract-stub.js';

const t = (th: string, en: string) => ({ th, en });
const survey = (id: string, version: number, title = t('สำรวจความพึงพอใจ', 'Satisfaction')): SurveyDefinition => ({
  format: 1,
  id,
  version,
  kind: 'survey',
  title,
  privacy: { version: 'p1', title: t('ประกาศ', 'Notice'), body: [t('ข้อความ', 'Text')] },
  sections: [
    { id: 'a', title: t('ตอนที่ 1', 'Part 1'), questions: [{ id: 'q1', type: 'text', label: t('ถาม', 'Ask') }] },
  ],
});

let stub: ContractStub;
// The screens add their strings as they load, which needs i18next started first.
let SurveyList: typeof import('../../../../src/app/admin/surveys/SurveyList.js').SurveyList;
const admin = { name: 'admin', role: 'admin' as const, schools: null };

beforeAll(async () => {
  await initI18n('th');
  addAdminStrings();
  ({ SurveyList } = await import('../../../../src/app/admin/surveys/SurveyList.js'));
});
beforeEach(() => {
  stub = new ContractStub();
  stub.publish(survey('satisfaction-2569', 1), 120, '2026-10-05T02:02:00.000Z');
  stub.publish(survey('satisfaction-2569', 2), 35, '2026-11-01T03:15:00.000Z');
  stub.saveDraftAs(survey('new-form', 1, t('แบบใหม่', 'New form')), 'malee', '2026-11-25T02:02:00.000Z');
  vi.stubGlobal('fetch', stub.fetch);
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await setLanguage('th');
});

const card = async (name: string) => (await screen.findByRole('heading', { name })).closest('li') as HTMLElement;

describe('the survey list', () => {
  it('shows each survey with its state in words, versions, responses and who changed it when', async () => {
    render(<SurveyList me={admin} />);
    const published = within(await card('สำรวจความพึงพอใจ'));
    expect(published.getByText('Satisfaction')).toBeTruthy();
    expect(published.getByText('เปิดรับคำตอบ')).toBeTruthy();
    expect(published.getByText(/ฉบับที่ 1: 120 คำตอบ/)).toBeTruthy();
    expect(published.getByText(/ฉบับที่ 2: 35 คำตอบ/)).toBeTruthy();
    // BE dates and Thai official time.
    expect(published.getByText(/เผยแพร่ 1 พ.ย. 2569 10.15 น. โดย admin/)).toBeTruthy();
    expect((await published.findByRole('link', { name: 'ส่งออกเป็น XLSForm' })).getAttribute('href')).toMatch(
      /\/api\/v1\/surveys\/satisfaction-2569\?format=xlsform$/,
    );
    expect(published.getByRole('link', { name: 'ผลการสำรวจ' }).getAttribute('href')).toBe('/admin/s/satisfaction-2569');
    const draft = within(await card('แบบใหม่'));
    expect(draft.getByText('ร่าง')).toBeTruthy();
    expect(draft.getByText(/มีฉบับร่าง แก้ไขล่าสุด 25 พ.ย. 2569 09.02 น. โดย malee/)).toBeTruthy();
    expect(draft.getByRole('link', { name: 'แก้ไขฉบับร่าง' }).getAttribute('href')).toBe('/admin/surveys/new-form');
    expect(draft.queryByRole('button', { name: 'ปิดรับคำตอบ' })).toBeNull();
  });

  it('shows the title in the UI language first, the other language under it', async () => {
    await setLanguage('en');
    render(<SurveyList me={admin} />);
    const published = within(await card('Satisfaction'));
    expect(published.getByRole('heading', { level: 2 }).getAttribute('lang')).toBe('en');
    expect(published.getByText('สำรวจความพึงพอใจ').getAttribute('lang')).toBe('th');
  });

  it('closes and reopens a survey by hand, and the state follows', async () => {
    render(<SurveyList me={admin} />);
    fireEvent.click(within(await card('สำรวจความพึงพอใจ')).getByRole('button', { name: 'ปิดรับคำตอบ' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('heading', { name: 'สำรวจความพึงพอใจ' }).closest('li') as HTMLElement).getByText(
          'ปิดแล้ว',
        ),
      ).toBeTruthy(),
    );
    expect(stub.sent('POST', '/api/v1/surveys/satisfaction-2569/close')).toHaveLength(1);
    fireEvent.click(await screen.findByRole('button', { name: 'เปิดรับคำตอบ' }));
    await waitFor(() => expect(stub.sent('POST', '/api/v1/surveys/satisfaction-2569/open')).toHaveLength(1));
  });

  it('sets the collection window from BE dates, whole days in the office zone', async () => {
    render(<SurveyList me={admin} />);
    const box = within(await card('สำรวจความพึงพอใจ'));
    fireEvent.click(box.getByText('กำหนดช่วงเวลารับคำตอบ'));
    const opens = within(box.getByRole('group', { name: 'เปิดรับคำตอบวันที่' }));
    const closes = within(box.getByRole('group', { name: 'ปิดรับคำตอบวันที่ (ถึงสิ้นวัน)' }));
    const choose = (group: typeof opens, label: string, text: string) => {
      const select = group.getByLabelText(label) as HTMLSelectElement;
      const option = [...select.options].find((o) => o.text === text);
      fireEvent.change(select, { target: { value: option?.value } });
    };
    choose(opens, 'วัน', '1');
    choose(opens, 'เดือน', 'มกราคม');
    choose(opens, 'ปี พ.ศ.', '2570');
    choose(closes, 'วัน', '31');
    choose(closes, 'เดือน', 'มีนาคม');
    expect(box.getByText('เลือกวัน เดือน และปีให้ครบ')).toBeTruthy();
    choose(closes, 'ปี พ.ศ.', '2570');
    fireEvent.click(box.getByRole('button', { name: 'บันทึกช่วงเวลา' }));
    await waitFor(() => expect(stub.sent('PUT', '/api/v1/surveys/satisfaction-2569/window')).toHaveLength(1));
    expect(stub.sent('PUT', '/api/v1/surveys/satisfaction-2569/window')[0]?.body).toEqual({
      opensAt: '2026-12-31T17:00:00.000Z',
      closesAt: '2027-03-31T16:59:59.000Z',
    });
    expect(await screen.findByText(/รับคำตอบตั้งแต่ 1 มกราคม 2570 ถึง 31 มีนาคม 2570/)).toBeTruthy();
  });

  it('shows a supervisor the same list without the actions', async () => {
    render(<SurveyList me={{ name: 'malee', role: 'supervisor', schools: null }} />);
    const published = within(await card('สำรวจความพึงพอใจ'));
    expect(published.getByText('เปิดรับคำตอบ')).toBeTruthy();
    expect(published.getByRole('link', { name: 'ผลการสำรวจ' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'ปิดรับคำตอบ' })).toBeNull();
    expect(screen.queryByRole('link', { name: /แก้ไข/ })).toBeNull();
    expect(screen.queryByRole('link', { name: 'ส่งออกเป็น XLSForm' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'สร้างแบบสำรวจ' })).toBeNull();
  });
});
