import { render } from '@testing-library/preact';
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { keepThaiWordsWhole, keepWords } from '../../src/app/thai-words.js';

/** The parts of `keepWords`' answer as text, with the kept compounds in brackets. */
function shape(text: string): string {
  const kept = keepWords(text);
  if (typeof kept === 'string') return kept;
  const parts = (kept.props as { children: (string | { props: { children: string } })[] }).children;
  return parts.map((p) => (typeof p === 'string' ? p : `[${p.props.children}]`)).join('');
}

describe('keepWords', () => {
  it('keeps the compounds ICU splits in one unbreakable piece, leaving the rest as it is', () => {
    expect(shape('ระดับปานกลาง')).toBe('ระดับ[ปานกลาง]');
    expect(shape('ช่องทางแสดงความคิดเห็นและร้องเรียน')).toBe('ช่องทางแสดง[ความคิดเห็น]และ[ร้องเรียน]');
    expect(shape('ชุมชน / องค์กรปกครองส่วนท้องถิ่น')).toBe('ชุมชน / องค์กรปกครองส่วน[ท้องถิ่น]');
    expect(shape('ผู้รับบริการและผู้มีส่วนได้ส่วนเสีย')).toBe('ผู้รับบริการและ[ผู้มีส่วนได้ส่วนเสีย]');
  });

  it('returns text without Thai compounds unchanged', () => {
    expect(keepWords('Moderate')).toBe('Moderate');
    expect(keepWords('แบบสำรวจ')).toBe('แบบสำรวจ');
  });
});

describe('keepThaiWordsWhole', () => {
  it('leaves the text of an SVG chart plain: an HTML span inside SVG text is never drawn', () => {
    keepThaiWordsWhole();
    const { container } = render(
      h('div', null, [
        h('p', null, 'ระดับปานกลาง'),
        h('svg', { role: 'img', 'aria-label': 'IPA' }, h('text', { x: 0, y: 10 }, 'ความคาดหวัง (x̄)')),
      ]),
    );
    expect(container.querySelector('p span.w')?.textContent).toBe('ปานกลาง');
    const text = container.querySelector('svg text');
    expect(text?.children).toHaveLength(0);
    expect(text?.textContent).toBe('ความคาดหวัง (x̄)');
  });
});
