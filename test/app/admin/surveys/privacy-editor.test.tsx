/** An officer edits the privacy notice in Thai and English and gives the changed text a new version. */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyEditor } from '../../../../src/app/admin/surveys/editor/PrivacyEditor.js';
import { suggestVersion } from '../../../../src/core/privacy-notice.js';
import type { PrivacyNotice } from '../../../../src/core/survey.js';
import { startStrings } from './helpers.js';

const notice: PrivacyNotice = {
  version: '2567-1',
  title: { th: 'ประกาศ', en: 'Notice' },
  body: [
    { th: 'ย่อหน้าแรก', en: 'First' },
    { th: 'ย่อหน้าสอง', en: 'Second' },
  ],
};

let latest = notice;
function Host() {
  const [value, setValue] = useState(notice);
  latest = value;
  return <PrivacyEditor value={value} onChange={setValue} />;
}

beforeAll(() => startStrings('th'));
afterEach(cleanup);

describe('the privacy notice editor', () => {
  it('suggests the next version', () => {
    expect(suggestVersion('2567-1')).toBe('2567-2');
    expect(suggestVersion('v09')).toBe('v10');
    expect(suggestVersion('draft')).toBe('draft-2');
  });

  it('edits, reorders and removes paragraphs side by side, then suggests a new version', () => {
    render(<Host />);
    expect(screen.queryByRole('status')).toBeNull();
    fireEvent.input(screen.getByLabelText('ย่อหน้า 2 (ภาษาอังกฤษ)'), { target: { value: 'Second, edited' } });
    expect(latest.body[1]).toEqual({ th: 'ย่อหน้าสอง', en: 'Second, edited' });
    expect(screen.getByRole('status').textContent).toContain('เนื้อหาเปลี่ยนไปจากฉบับ 2567-1');
    fireEvent.click(screen.getByRole('button', { name: 'เลื่อนย่อหน้า 2 ขึ้น' }));
    expect(latest.body.map((p) => p.th)).toEqual(['ย่อหน้าสอง', 'ย่อหน้าแรก']);
    fireEvent.click(screen.getByRole('button', { name: 'เพิ่มย่อหน้า' }));
    expect(screen.getAllByText('ยังไม่ได้แปล')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'ลบย่อหน้า 3' }));
    fireEvent.click(screen.getByRole('button', { name: 'ใช้ฉบับ 2567-2' }));
    expect(latest.version).toBe('2567-2');
    expect(screen.queryByRole('status')).toBeNull();
    expect(latest.body).toHaveLength(2);
  });
});
