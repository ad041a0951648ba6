/**
 * The public page /p as a parent reads it, against answers of the public routes built here (the
 * network stubbed, not our modules): the published plan by mission with the announcement's
 * level names, committees, activities and survey summaries, "fewer than 5" where the figures
 * are hidden, when the data was last updated, and English on request.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App.js';
import { initI18n, setLanguage } from '../../src/app/i18n.js';
import type { PublicSummary } from '../../src/core/public.js';

const SENT = 'Tue, 01 Dec 2026 03:00:00 GMT';

const PLAN = {
  fiscalYear: 2570,
  missions: [{ id: 1, code: 'M1', title: { th: 'จัดการศึกษาอย่างมีคุณภาพ', en: 'Quality education' } }],
  groups: [{ id: 'parent', name: { th: 'ผู้ปกครอง', en: 'Parents' }, definition: '', kind: 'recipient' }],
  rows: [
    {
      id: 11,
      mission: 1,
      group: 'parent',
      level: 'involve',
      expectation: { th: 'อยากมีส่วนร่วมในการวางแผน', en: 'To take part in planning' },
      channels: [{ id: 1, name: { th: 'ประชุมเครือข่าย', en: 'Network meeting' } }],
      frequency: 'ภาคเรียนละครั้ง',
      practice: 'ประชุมร่วม',
      indicator: { what: 'ร้อยละความพึงพอใจ', target: 80, unit: '%' },
      responsibleUnit: 'กลุ่มนโยบายและแผน',
      progress: [{ round: 6, value: 82, percent: 102.5, onTarget: true }],
    },
  ],
};

const SUMMARY: PublicSummary = {
  surveyId: 'stakeholder-satisfaction',
  fiscalYear: 2569,
  title: { th: 'แบบสำรวจความพึงพอใจ', en: 'Satisfaction survey' },
  publishedAt: '2026-11-01T03:00:00.000Z',
  bandSystem: 'A',
  minCell: 5,
  total: 120,
  byGroup: [
    { key: 'parent', label: { th: 'ผู้ปกครอง', en: 'Parents' }, n: 80 },
    { key: 'community', label: { th: 'ชุมชน', en: 'Community' }, hidden: true },
  ],
  overall: {
    id: 'overall',
    label: { th: 'ภาพรวม', en: 'Overall' },
    expectation: { n: 120, mean: 4.21 },
    satisfaction: { n: 120, mean: 3.87 },
    gap: -0.34,
  },
  dimensions: [],
};

const ACTION = {
  id: '0190a8e0-0000-7000-8000-0000000000ac',
  title: 'แจ้งผลการเรียนผ่านไลน์',
  description: 'ส่งผลการเรียนถึงผู้ปกครองทุกภาคเรียน',
  owner: 'กลุ่มส่งเสริมการจัดการศึกษา',
  startsOn: '2026-11-01',
  endsOn: '2027-03-31',
  status: 'in_progress',
  progress: 45,
  milestones: [
    { title: 'ทดลองกับ 3 โรงเรียน', dueOn: '2026-12-15', doneOn: '2026-12-10' },
    { title: 'ขยายทุกโรงเรียน', dueOn: '2027-03-01', doneOn: null },
  ],
  findings: [{ kind: 'gap', label: { th: 'การแจ้งข่าวสารทันเวลา', en: 'Timely information' } }],
};

let calls: string[] = [];

function answer(url: string): Response {
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', date: SENT } });
  const path = new URL(url, 'http://x').pathname;
  if (path === '/api/v1/public/plan') return json(PLAN);
  if (path === '/api/v1/public/committees')
    return json({
      fiscalYear: 2570,
      committees: [
        {
          id: 1,
          name: { th: 'คณะกรรมการเครือข่ายผู้ปกครอง', en: 'Parents network committee' },
          purpose: { th: '', en: '' },
          orderNumber: '12/2570',
          orderDate: '2026-10-15',
          termFrom: null,
          termTo: null,
          members: [{ name: 'นางสมศรี ใจดี', role: { th: 'ประธาน', en: 'Chair' }, group: 'parent', organisation: '' }],
        },
      ],
    });
  if (path === '/api/v1/public/activities') return json({ fiscalYear: 2570, activities: [] });
  if (path === '/api/v1/public/actions') return json({ fiscalYear: 2570, actions: [ACTION] });
  if (path === '/api/v1/public/surveys')
    return json({ office: { name: { th: 'สพม.ทดสอบ', en: 'Test office' } }, summaries: [SUMMARY] });
  return new Response('{}', { status: 404 });
}

beforeAll(async () => {
  await initI18n('th');
});
beforeEach(() => {
  calls = [];
  localStorage.clear();
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push(url);
    return answer(url);
  };
});
afterEach(async () => {
  cleanup();
  await setLanguage('th');
});

describe('the public page', () => {
  it('shows the published plan, committees and survey summary in Thai, with the date of the data', async () => {
    history.replaceState(null, '', '/p');
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: /การมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย/ });
    const plan = screen.getByRole('table', { name: /แผนการมีส่วนร่วม: M1 จัดการศึกษาอย่างมีคุณภาพ/ });
    expect(within(plan).getByRole('rowheader', { name: 'ผู้ปกครอง' })).toBeTruthy();
    expect(within(plan).getByText('ให้เข้ามามีบทบาท')).toBeTruthy();
    expect(within(plan).getByText('ประชุมเครือข่าย')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'คณะกรรมการเครือข่ายผู้ปกครอง' })).toBeTruthy();
    expect(screen.getByText('นางสมศรี ใจดี')).toBeTruthy();
    const figures = screen.getByRole('table', { name: /ค่าเฉลี่ยความคาดหวังและความพึงพอใจ/ });
    expect(within(figures).getByRole('row', { name: /ภาพรวม 4\.21 3\.87 -0\.34/ })).toBeTruthy();
    const groups = screen.getByRole('table', { name: /จำนวนผู้ตอบตามกลุ่ม/ });
    expect(within(groups).getByRole('row', { name: /ชุมชน น้อยกว่า 5/ })).toBeTruthy();
    // 1 Dec 2026 10:00 in Bangkok, in the Buddhist era.
    expect(screen.getByText(/ข้อมูล ณ 1 ธันวาคม 2569/)).toBeTruthy();
    expect(calls.some((u) => u.startsWith('/api/v1/public/plan'))).toBe(true);
  });

  it('switches to English', async () => {
    history.replaceState(null, '', '/p/2570');
    render(<App />);
    await screen.findByRole('table', { name: /แผนการมีส่วนร่วม/ });
    expect(calls).toContain('/api/v1/public/committees?fiscalYear=2570');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    await screen.findByRole('heading', { level: 1, name: /Stakeholder participation/ });
    // The heading may switch a frame before the rest of the page: each part is waited for.
    await screen.findByRole('table', { name: /Participation plan: M1 Quality education/ });
    await screen.findByText('Involve');
    await screen.findByText(/Information as of 1 December 2026/);
  });

  it('shows what the office did from what people said, with its progress written out', async () => {
    history.replaceState(null, '', '/p');
    render(<App />);
    const section = (await screen.findByRole('heading', { level: 2, name: 'สิ่งที่เราทำจากเสียงของท่าน' }))
      .parentElement as HTMLElement;
    const card = within(section).getByRole('article');
    expect(within(card).getByRole('heading', { name: 'แจ้งผลการเรียนผ่านไลน์' })).toBeTruthy();
    expect(card.textContent).toContain('กำลังดำเนินการ · ความคืบหน้าร้อยละ 45');
    expect(card.textContent).toContain('ระยะเวลา 1 พฤศจิกายน 2569 ถึง 31 มีนาคม 2570');
    expect(card.textContent).toContain('ความพึงพอใจต่ำกว่าความคาดหวัง: การแจ้งข่าวสารทันเวลา');
    expect(card.textContent).toContain('ทดลองกับ 3 โรงเรียน (กำหนด 15 ธันวาคม 2569, เสร็จแล้ว 10 ธันวาคม 2569)');
    expect(card.querySelector('.action-bar')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('says so, calmly, when nothing could be read', async () => {
    globalThis.fetch = async () => {
      throw new TypeError('offline');
    };
    history.replaceState(null, '', '/p');
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/ยังโหลดข้อมูลไม่ได้/);
  });
});
