/**
 * Editing a draft as an admin does: each edit is saved a moment later with the revision it was
 * edited from; offline nothing is lost (the edit waits in this browser, is offered back after a
 * reload and is sent when the connection returns); when another admin saved in between, the page
 * says who and when and offers their version or a copy, never overwriting; the problems panel
 * takes the admin to each problem; publishing shows the changes and asks to confirm breaking ones.
 *
 * The editor here is the real one (src/app/admin/surveys/editor); these tests read only its
 * survey title fields (labelled by the field and the language) and the region that holds it.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addAdminStrings } from '../../../../src/app/admin/strings.js';
import { initI18n } from '../../../../src/app/i18n.js';
import type { SurveyDefinition } from '../../../../src/core/survey.js';
import { ContractStub } from './contract-stub.js';

const t = (th: string, en: string) => ({ th, en });
const survey: SurveyDefinition = {
  format: 1,
  id: 'parents',
  version: 1,
  kind: 'survey',
  title: t('ความพึงพอใจของผู้ปกครอง', 'Parents’ satisfaction'),
  privacy: { version: 'p1', title: t('ประกาศ', 'Notice'), body: [t('ข้อความ', 'Text')] },
  sections: [
    { id: 'a', title: t('ตอนที่ 1', 'Part 1'), questions: [{ id: 'q1', type: 'text', label: t('ถาม', 'Ask') }] },
  ],
};

let stub: ContractStub;
let SurveyEditPage: typeof import('../../../../src/app/admin/surveys/SurveyEditPage.js').SurveyEditPage;

beforeAll(async () => {
  await initI18n('th');
  addAdminStrings();
  ({ SurveyEditPage } = await import('../../../../src/app/admin/surveys/SurveyEditPage.js'));
});
beforeEach(() => {
  localStorage.clear();
  stub = new ContractStub();
  stub.publish(survey, 12);
  stub.saveDraftAs({ ...survey, version: 2 }, 'admin');
  vi.stubGlobal('fetch', stub.fetch);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const titleTh = () => screen.findByLabelText('ชื่อแบบสำรวจ ไทย') as Promise<HTMLInputElement>;
const titleEn = () => screen.findByLabelText('ชื่อแบบสำรวจ อังกฤษ') as Promise<HTMLInputElement>;
const type = async (field: Promise<HTMLInputElement>, value: string) =>
  fireEvent.input(await field, { target: { value } });
/** The page's save status (the editor inside has its own live regions: a library's, an undo's). */
const status = () => {
  const editor = screen.getByRole('region', { name: 'ตัวแก้ไขแบบสำรวจ' });
  const own = screen.getAllByRole('status').filter((s) => !editor.contains(s));
  expect(own).toHaveLength(1);
  return own[0] as HTMLElement;
};
const saves = () =>
  stub.sent('POST', '/api/v1/surveys') as { body: { definition: SurveyDefinition; revision?: number } }[];

describe('the edit page', () => {
  it('saves each edit with the revision it was edited from and says when', async () => {
    render(<SurveyEditPage id="parents" />);
    await type(titleTh(), 'ความพึงพอใจของผู้ปกครอง 2570');
    expect(status().textContent).toBe('กำลังบันทึก…');
    await waitFor(() => expect(status().textContent).toMatch(/^บันทึกแล้ว \d\d\.\d\d น\.$/));
    expect(saves()[0]?.body).toMatchObject({ revision: 1, definition: { title: { th: 'ความพึงพอใจของผู้ปกครอง 2570' } } });
    await type(titleTh(), 'ผู้ปกครอง 2570');
    await waitFor(() => expect(saves()).toHaveLength(2));
    expect(saves()[1]?.body.revision).toBe(2);
    expect(stub.surveys.get('parents')?.draft?.definition.title.th).toBe('ผู้ปกครอง 2570');
    await waitFor(() => expect(localStorage.getItem('siang.survey-draft.parents')).toBeNull());
    expect(status().textContent).toMatch(/^บันทึกแล้ว/);
  });

  it('keeps an edit made offline, offers it back after a reload, and saves it when online', async () => {
    const page = render(<SurveyEditPage id="parents" />);
    await titleTh();
    stub.offline = true;
    await type(titleTh(), 'แก้ไขตอนไม่มีเน็ต');
    await waitFor(() =>
      expect(status().textContent).toBe('ยังไม่ได้บันทึก: ไม่มีการเชื่อมต่อ (เก็บไว้ในเครื่องนี้แล้ว จะบันทึกเมื่อเชื่อมต่อได้)'),
    );
    page.unmount();
    // The page is opened again once the connection is back.
    stub.offline = false;
    render(<SurveyEditPage id="parents" />);
    expect(await screen.findByText(/พบการแก้ไขที่ยังไม่ได้บันทึกในเครื่องนี้/)).toBeTruthy();
    expect((await titleTh()).value).toBe('ความพึงพอใจของผู้ปกครอง');
    fireEvent.click(screen.getByRole('button', { name: 'ใช้การแก้ไขนั้นต่อ' }));
    expect((await titleTh()).value).toBe('แก้ไขตอนไม่มีเน็ต');
    await waitFor(() => expect(stub.surveys.get('parents')?.draft?.definition.title.th).toBe('แก้ไขตอนไม่มีเน็ต'));
    await waitFor(() => expect(status().textContent).toMatch(/^บันทึกแล้ว/));
  });

  it('offers no copy back when the one kept here is the draft the server has, its keys reordered', async () => {
    // The server keeps jsonb, which gives keys back in its own order.
    const reordered = Object.fromEntries(
      Object.entries({ ...survey, version: 2 }).reverse(),
    ) as unknown as SurveyDefinition;
    stub.saveDraftAs(reordered, 'admin');
    localStorage.setItem(
      'siang.survey-draft.parents',
      JSON.stringify({ definition: { ...survey, version: 2 }, revision: 1, keptAt: '2026-12-01T02:00:00.000Z' }),
    );
    render(<SurveyEditPage id="parents" />);
    await titleTh();
    expect(screen.queryByText(/พบการแก้ไขที่ยังไม่ได้บันทึกในเครื่องนี้/)).toBeNull();
    expect(localStorage.getItem('siang.survey-draft.parents')).toBeNull();
  });

  it('sends an edit that waited offline when the connection returns', async () => {
    render(<SurveyEditPage id="parents" />);
    await titleTh();
    stub.offline = true;
    await type(titleTh(), 'รอส่ง');
    await waitFor(() => expect(status().textContent).toMatch(/^ยังไม่ได้บันทึก: ไม่มีการเชื่อมต่อ/));
    stub.offline = false;
    dispatchEvent(new Event('online'));
    await waitFor(() => expect(stub.surveys.get('parents')?.draft?.definition.title.th).toBe('รอส่ง'));
  });

  it('says plainly who saved in between, and loads their version only when asked', async () => {
    render(<SurveyEditPage id="parents" />);
    await titleTh();
    stub.saveDraftAs({ ...survey, version: 2, title: t('ฉบับของมาลี', 'Malee’s') }, 'malee', '2026-11-25T02:02:00.000Z');
    await type(titleTh(), 'ฉบับของฉัน');
    const alert = await screen.findByText(/malee บันทึกฉบับร่างนี้เมื่อ .*09\.02 น\. ระหว่างที่คุณกำลังแก้ไข/);
    expect(status().textContent).toBe('ยังไม่ได้บันทึก: มีผู้อื่นบันทึกฉบับร่างนี้ก่อน');
    // Nothing of theirs was overwritten, and further edits wait.
    await type(titleTh(), 'ฉบับของฉัน ต่อ');
    expect(stub.surveys.get('parents')?.draft?.definition.title.th).toBe('ฉบับของมาลี');
    fireEvent.click(
      within(alert.closest('[role=alert]') as HTMLElement).getByRole('button', {
        name: 'โหลดฉบับของ malee (ทิ้งการแก้ไขของฉัน)',
      }),
    );
    await waitFor(async () => expect((await titleTh()).value).toBe('ฉบับของมาลี'));
    expect(stub.surveys.get('parents')?.draft?.updatedBy).toBe('malee');
  });

  it('keeps my version as a new survey after a conflict', async () => {
    history.replaceState(null, '', '/admin/surveys/parents');
    render(<SurveyEditPage id="parents" />);
    await titleTh();
    stub.saveDraftAs({ ...survey, version: 2, title: t('ฉบับของมาลี', 'Malee’s') }, 'malee');
    await type(titleTh(), 'ฉบับของฉัน');
    fireEvent.click(await screen.findByRole('button', { name: 'เก็บฉบับของฉันเป็นแบบสำรวจใหม่' }));
    const id = (await screen.findByLabelText('รหัสแบบสำรวจ (ใช้ในลิงก์และไฟล์ส่งออก)')) as HTMLInputElement;
    expect(id.value).toMatch(/^parents-copy-25\d\d$/);
    fireEvent.input(id, { target: { value: 'parents' } });
    expect(screen.getByText('มีแบบสำรวจรหัสนี้แล้ว โปรดใช้รหัสอื่น')).toBeTruthy();
    fireEvent.input(id, { target: { value: 'parents-mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'บันทึกเป็นแบบสำรวจใหม่' }));
    await waitFor(() => expect(location.pathname).toBe('/admin/surveys/parents-mine'));
    expect(stub.surveys.get('parents-mine')?.draft?.definition).toMatchObject({
      version: 1,
      title: { th: 'ฉบับของฉัน' },
    });
    expect(stub.surveys.get('parents')?.draft?.definition.title.th).toBe('ฉบับของมาลี');
  });

  it('lists a missing translation as a problem that takes the admin to its place and blocks publishing', async () => {
    render(<SurveyEditPage id="parents" />);
    expect(await screen.findByRole('heading', { name: 'ไม่พบปัญหา พร้อมเผยแพร่' })).toBeTruthy();
    await type(titleEn(), '');
    const panel = within(
      (await screen.findByRole('heading', { name: 'ต้องแก้ 1 ข้อก่อนเผยแพร่' })).closest('section') as HTMLElement,
    );
    const problem = panel.getByRole('button', { name: /^ชื่อ ภาษาอังกฤษ\s*: ยังไม่ได้กรอก$/ });
    (await titleTh()).focus();
    fireEvent.click(problem);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('ชื่อแบบสำรวจ อังกฤษ')));
    expect(screen.getByRole('region', { name: 'ตัวแก้ไขแบบสำรวจ' }).contains(document.activeElement)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'เผยแพร่' }));
    expect(await screen.findByText('แก้ปัญหา 1 ข้อในรายการก่อนเผยแพร่')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(stub.sent('GET', '/api/v1/surveys/parents/diff')).toHaveLength(0);
  });

  it('publishes only after breaking changes are read and confirmed, and shows the new version', async () => {
    stub.changes = [
      { severity: 'safe', code: 'text_changed', path: 'sections[0].questions[0].label.th', question: 'q1' },
      {
        severity: 'breaking',
        code: 'option_value_changed',
        path: 'sections[0].questions[0].options[1].value',
        question: 'q1',
        option: 'y',
        before: 'yes',
        after: 'y',
      },
      {
        severity: 'breaking',
        code: 'question_removed',
        path: 'sections[0].questions[1]',
        question: 'q2',
        before: 'text',
      },
    ];
    render(<SurveyEditPage id="parents" />);
    await titleTh();
    fireEvent.click(screen.getByRole('button', { name: 'เผยแพร่' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'ตรวจการเปลี่ยนแปลงก่อนเผยแพร่' }));
    expect(await dialog.findByText('เทียบกับฉบับที่ 1 ที่เผยแพร่อยู่ การเผยแพร่จะสร้างฉบับที่ 2')).toBeTruthy();
    expect(dialog.getByText('การเปลี่ยนแปลงที่มีผลต่อข้อมูล 2 รายการ')).toBeTruthy();
    expect(dialog.getByText(/เปลี่ยนรหัสตัวเลือกของคำถาม q1 \(ถาม\) จาก yes เป็น y/)).toBeTruthy();
    expect(dialog.getByText(/การแจกแจงจะแยกกัน และคำตอบเดิมแสดงเป็นรหัส yes/)).toBeTruthy();
    expect(dialog.getByText(/ลบคำถาม q2/)).toBeTruthy();
    expect(dialog.getByText(/ข้อนี้จะหายไปจากผลการสำรวจและจากคอลัมน์ของไฟล์ส่งออกสำหรับทุกฉบับ/)).toBeTruthy();
    expect(dialog.getByText(/แก้ถ้อยคำ: ตอนที่ 1 ข้อ 1 ข้อความ ภาษาไทย/)).toBeTruthy();
    const publish = dialog.getByRole('button', { name: 'เผยแพร่เป็นฉบับที่ 2' }) as HTMLButtonElement;
    expect(publish.disabled).toBe(true);
    fireEvent.click(dialog.getByLabelText('เข้าใจผลกระทบแล้ว'));
    expect(publish.disabled).toBe(false);
    fireEvent.click(publish);
    expect(await screen.findByRole('heading', { name: 'เผยแพร่ฉบับที่ 2 แล้ว' })).toBeTruthy();
    expect(stub.sent('POST', '/api/v1/surveys/parents/publish')[0]?.body).toEqual({
      revision: 1,
      confirmBreaking: true,
    });
    expect(stub.surveys.get('parents')?.published.map((v) => v.definition.version)).toEqual([1, 2]);
  });

  it('throws the draft away only when asked twice, and goes back to the list', async () => {
    history.replaceState(null, '', '/admin/surveys/parents');
    render(<SurveyEditPage id="parents" />);
    await titleTh();
    fireEvent.click(screen.getByRole('button', { name: 'ทิ้งฉบับร่างนี้' }));
    expect(stub.surveys.get('parents')?.draft).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'ทิ้งฉบับร่าง' }));
    await waitFor(() => expect(location.pathname).toBe('/admin/surveys'));
    expect(stub.sent('DELETE', '/api/v1/surveys/parents/draft')).toHaveLength(1);
    expect(stub.surveys.get('parents')?.draft).toBeUndefined();
    expect(stub.surveys.get('parents')?.published).toHaveLength(1);
  });

  it('starts a draft from the newest published version when there is none', async () => {
    const stored = stub.surveys.get('parents');
    if (stored) stored.draft = undefined;
    render(<SurveyEditPage id="parents" />);
    expect((await titleTh()).value).toBe('ความพึงพอใจของผู้ปกครอง');
    // Only looking creates nothing: the list would otherwise say the survey has a draft.
    expect(status().textContent).toBe('ยังไม่มีการแก้ไข (แสดงฉบับที่เผยแพร่ล่าสุด ฉบับที่ 1)');
    expect(screen.queryByRole('button', { name: 'ทิ้งฉบับร่างนี้' })).toBeNull();
    expect(saves()).toHaveLength(0);
    expect(stub.surveys.get('parents')?.draft).toBeUndefined();
    // The first edit's save creates it, as the published survey's next version.
    await type(titleTh(), 'ผู้ปกครอง 2570');
    await waitFor(() => expect(stub.surveys.get('parents')?.draft?.definition.title.th).toBe('ผู้ปกครอง 2570'));
    expect(saves()).toHaveLength(1);
    expect(saves()[0]?.body.definition.version).toBe(2);
    expect(saves()[0]?.body.revision).toBeUndefined();
    await waitFor(() => expect(status().textContent).toMatch(/^บันทึกแล้ว/));
  });
});
