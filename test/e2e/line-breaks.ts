/**
 * Where the browser wraps Thai text: every line break inside a text node, found by measuring each
 * character's box (a new line starts where a character sits lower than the one before), and
 * whether it falls between two words. Words are Intl.Segmenter's (ICU's Thai dictionary), except
 * that ICU splits some compounds a Thai reader reads as one word ("ปาน|กลาง"); those are listed
 * here and count as one word.
 */
import type { Page } from 'playwright-core';

/** Compounds ICU's dictionary splits; a line must not break inside them. */
export const THAI_COMPOUNDS = [
  'ปานกลาง',
  'ร้องเรียน',
  'มีส่วนร่วม',
  'ส่วนร่วม',
  'ความคิดเห็น',
  'ท้องถิ่น',
  'งบประมาณ',
  'เพียงพอ',
  'พึงพอใจ',
  'ความพึงพอใจ',
  'ความคาดหวัง',
  'ผู้ตอบ',
  'ผู้ปกครอง',
  'ข้อเสนอแนะ',
  'สำนักงาน',
  'ข้อมูลข่าวสาร',
  'ส่วนบุคคล',
  'ผู้มีส่วนได้ส่วนเสีย',
  'ส่วนได้ส่วนเสีย',
  'ที่สุด',
] as const;

/** A line break found inside a word: the text around it, with "/" where the line breaks. */
export interface BadBreak {
  around: string;
  element: string;
}

/** Every line break inside a word in the visible text under `selector` (the whole page by default). */
export function badLineBreaks(page: Page, selector = 'body'): Promise<BadBreak[]> {
  return page.evaluate(
    ({ selector, compounds }) => {
      const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
      const found: { around: string; element: string }[] = [];
      const root = document.querySelector(selector);
      if (!root) return found;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const text = node.data;
        if (!/[\u0E00-\u0E7F]/.test(text)) continue;
        const parent = node.parentElement;
        if (!parent?.checkVisibility()) continue;
        // Word starts: ICU's boundaries, less those inside a listed compound.
        const starts = new Set<number>();
        for (const s of segmenter.segment(text)) starts.add(s.index);
        starts.add(text.length);
        for (const word of compounds) {
          for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            for (let i = at + 1; i < at + word.length; i++) starts.delete(i);
          }
        }
        let lastTop: number | undefined;
        let lastHeight = 0;
        for (let i = 0; i < text.length; i++) {
          const ch = text[i] ?? '';
          if (/\s/.test(ch)) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = [...range.getClientRects()].find((r) => r.width > 0 || r.height > 0);
          if (!rect) continue;
          // A combining mark (tone, vowel above or below) has the box of its base: skip on top.
          if (lastTop !== undefined && rect.top > lastTop + lastHeight / 2) {
            // A new line starts at i: fine after a space, or at a word start.
            if (!/\s/.test(text[i - 1] ?? ' ') && !starts.has(i)) {
              found.push({
                around: `${text.slice(Math.max(0, i - 12), i)}/${text.slice(i, i + 12)}`,
                element: `${parent.tagName.toLowerCase()}${parent.className ? `.${parent.className}` : ''}`,
              });
            }
          }
          lastTop = rect.top;
          lastHeight = rect.height;
        }
      }
      return found;
    },
    { selector, compounds: [...THAI_COMPOUNDS] },
  );
}
