/**
 * Starting a survey from the list: blank (a skeleton the validator accepts), from the shipped
 * survey, or as a copy of last year's under a new id suggested from the fiscal year (editable,
 * checked for uniqueness), and from an XLSForm (its problems one per line at their sheet, row
 * and column; its warnings; then a draft).
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addAdminStrings } from '../../../../src/app/admin/strings.js';
import { i18next, initI18n } from '../../../../src/app/i18n.js';
import { localIsoDay } from '../../../../src/core/answers.js';
import { fiscalYearOf } from '../../../../src/core/results.js';
import type { SurveyDefinition } from '../../../../src/core/survey.js';
import { validateSurvey } from '../../../../src/core/survey-validate.js';
import { importXlsform } from '../../../../src/core/xlsform.js';
import { ContractStub } from './contract-stub.js';

const t = (th: string, en: string) => ({ th, en });
const lastYear: SurveyDefinition = {
  format: 1,
  id: 'satisfaction-2569',
  version: 3,
  kind: 'survey',
  title: t('สำรวจความพึงพอใจ ปี 2569', 'Satisfaction 2569'),
  privacy: { version: 'p1', title: t('ประกาศ', 'Notice'), body: [t('ข้อความ', 'Text')] },
  sections: [
    { id: 'a', title: t('ตอนที่ 1', 'Part 1'), questions: [{ id: 'q1', type: 'text', label: t('ถาม', 'Ask') }] },
  ],
};
const fy = fiscalYearOf(localIsoDay(new Date(), 'Asia/Bangkok'));

let stub: ContractStub;
let SurveyList: typeof import('../../../../src/app/admin/surveys/SurveyList.js').SurveyList;
const admin = { name: 'admin', role: 'admin' as const, schools: null };

beforeAll(async () => {
  await initI18n('th');
  addAdminStrings();
  ({ SurveyList } = await import('../../../../src/app/admin/surveys/SurveyList.js'));
});
beforeEach(() => {
  stub = new ContractStub();
  stub.publish(lastYear, 40);
  vi.stubGlobal('fetch', stub.fetch);
  history.replaceState(null, '', '/admin/surveys');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const saved = () =>
  stub.sent('POST', '/api/v1/surveys').map((r) => (r.body as { definition: SurveyDefinition }).definition);

async function startForm() {
  render(<SurveyList me={admin} />);
  return within((await screen.findByRole('heading', { name: 'เริ่มแบบสำรวจใหม่' })).closest('form') as HTMLElement);
}

describe('creating a survey', () => {
  it("duplicates last year's survey under a new id from the fiscal year, as version 1", async () => {
    const form = await startForm();
    fireEvent.change(form.getByLabelText('เริ่มจาก'), { target: { value: 'office:satisfaction-2569' } });
    const id = form.getByLabelText('รหัสแบบสำรวจ (ใช้ในลิงก์และไฟล์ส่งออก)') as HTMLInputElement;
    expect(id.value).toBe(`satisfaction-${fy}`);
    fireEvent.click(form.getByRole('button', { name: 'สร้างฉบับร่าง' }));
    await waitFor(() => expect(location.pathname).toBe(`/admin/surveys/satisfaction-${fy}`));
    const [copy] = saved();
    expect(copy).toMatchObject({ id: `satisfaction-${fy}`, version: 1, title: lastYear.title });
    expect(copy?.sections).toEqual(lastYear.sections);
  });

  it('refuses an id that is taken or not an id, and says why', async () => {
    const form = await startForm();
    const id = form.getByLabelText('รหัสแบบสำรวจ (ใช้ในลิงก์และไฟล์ส่งออก)');
    fireEvent.input(id, { target: { value: 'satisfaction-2569' } });
    expect(form.getByText('มีแบบสำรวจรหัสนี้แล้ว โปรดใช้รหัสอื่น')).toBeTruthy();
    expect((form.getByRole('button', { name: 'สร้างฉบับร่าง' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(id, { target: { value: 'แบบสำรวจ' } });
    expect(form.getByText(/รหัสต้องเป็นอักษรภาษาอังกฤษตัวเล็ก/)).toBeTruthy();
    fireEvent.input(id, { target: { value: 'training-day' } });
    expect((form.getByRole('button', { name: 'สร้างฉบับร่าง' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('starts a blank survey that the validator accepts', async () => {
    const form = await startForm();
    fireEvent.input(form.getByLabelText('รหัสแบบสำรวจ (ใช้ในลิงก์และไฟล์ส่งออก)'), { target: { value: 'parents' } });
    fireEvent.click(form.getByRole('button', { name: 'สร้างฉบับร่าง' }));
    await waitFor(() => expect(location.pathname).toBe('/admin/surveys/parents'));
    const [blank] = saved();
    expect(validateSurvey(blank)).toMatchObject({ ok: true });
    expect(blank?.id).toBe('parents');
  });

  it('starts from the shipped survey, keeping its id when the office has none', async () => {
    const form = await startForm();
    const source = form.getByLabelText('เริ่มจาก') as HTMLSelectElement;
    await waitFor(() =>
      expect([...source.options].some((o) => o.value === 'shipped:stakeholder-satisfaction')).toBe(true),
    );
    fireEvent.change(source, { target: { value: 'shipped:stakeholder-satisfaction' } });
    fireEvent.click(form.getByRole('button', { name: 'สร้างฉบับร่าง' }));
    await waitFor(() => expect(location.pathname).toBe('/admin/surveys/stakeholder-satisfaction'));
    expect(saved()[0]?.sections.length).toBeGreaterThan(3);
  });

  it('lists the problems of a refused XLSForm one per line, then opens a good one as a draft', async () => {
    render(<SurveyList me={admin} />);
    const form = within((await screen.findByRole('heading', { name: 'นำเข้า XLSForm' })).closest('form') as HTMLElement);
    const file = new File([new Uint8Array([80, 75, 3, 4])], 'form.xlsx');
    fireEvent.change(form.getByLabelText('ไฟล์ XLSForm (.xlsx)'), { target: { files: [file] } });
    stub.importAnswer = {
      status: 422,
      body: {
        error: 'invalid_xlsform',
        problems: [
          { sheet: 'survey', row: 4, column: 'type', message: 'repeats are not supported' },
          { sheet: 'choices', row: 9, column: 'name', message: 'the choice has no name' },
        ],
        warnings: [{ sheet: 'survey', row: 2, message: 'metadata row start is ignored' }],
      },
    };
    fireEvent.click(form.getByRole('button', { name: 'ตรวจไฟล์' }));
    const refused = await form.findByText('นำเข้าไม่ได้ พบปัญหา 2 ข้อ (ไม่มีสิ่งใดถูกบันทึก):');
    const lines = within(refused.parentElement as HTMLElement)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines).toEqual([
      'ชีต survey แถว 4 คอลัมน์ type: repeats are not supported',
      'ชีต choices แถว 9 คอลัมน์ name: the choice has no name',
    ]);
    expect(form.getByText('ชีต survey แถว 2')).toBeTruthy();

    stub.importAnswer = {
      status: 200,
      body: {
        status: 'checked',
        survey: { ...lastYear, id: 'kobo_form', version: 1, title: t('แบบจาก Kobo', 'From Kobo') },
        warnings: [{ sheet: 'settings', message: 'the form is in one language; English is a copy of Thai' }],
      },
    };
    fireEvent.click(form.getByRole('button', { name: 'ตรวจไฟล์' }));
    expect(await form.findByText('อ่านไฟล์ได้: แบบจาก Kobo')).toBeTruthy();
    expect(form.getByText(/English is a copy of Thai/)).toBeTruthy();
    expect(stub.sent('POST', '/api/v1/surveys/import?name=form.xlsx')[1]?.body).toBe(file);
    fireEvent.click(form.getByRole('button', { name: 'เปิดเป็นฉบับร่าง' }));
    await waitFor(() => expect(location.pathname).toBe('/admin/surveys/kobo_form'));
    expect(saved()[0]).toMatchObject({ id: 'kobo_form', version: 1 });
  });

  it('words the problems and warnings of an XLSForm in the UI language, by their codes', async () => {
    // What the server answers is what the importer says of such a form.
    const read = importXlsform([
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label'],
          ['begin repeat', 'kids', 'เด็ก'],
          ['select_one nowhere', 'q1', 'ถาม'],
          ['deviceid', 'dev', null],
        ],
      },
      { name: 'choices', rows: [['list_name', 'name', 'label']] },
    ]);
    stub.importAnswer = { status: 422, body: { error: 'invalid_xlsform', ...read } };
    render(<SurveyList me={admin} />);
    const form = within((await screen.findByRole('heading', { name: 'นำเข้า XLSForm' })).closest('form') as HTMLElement);
    fireEvent.change(form.getByLabelText('ไฟล์ XLSForm (.xlsx)'), {
      target: { files: [new File([new Uint8Array([80, 75, 3, 4])], 'form.xlsx')] },
    });
    fireEvent.click(form.getByRole('button', { name: 'ตรวจไฟล์' }));
    const refused = await form.findByText(/^นำเข้าไม่ได้ พบปัญหา/);
    const lines = within(refused.parentElement as HTMLElement)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines).toContain('ชีต survey แถว 2 คอลัมน์ type: ระบบยังไม่รองรับการถามซ้ำ (repeat)');
    expect(lines).toContain('ชีต survey แถว 3 คอลัมน์ type: ไม่พบรายการ "nowhere" ในชีต choices');
    expect(form.getByText(/"deviceid" เป็นข้อมูลของอุปกรณ์หรือผู้ตอบที่ระบบไม่เก็บ จึงข้ามไป/)).toBeTruthy();
    expect(form.queryByText(/not supported|not in the choices sheet/)).toBeNull();
    await i18next.changeLanguage('en');
    try {
      expect(await form.findByText(/The list “nowhere” is not in the choices sheet/)).toBeTruthy();
    } finally {
      await i18next.changeLanguage('th');
    }
  });
});
