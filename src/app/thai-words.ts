/**
 * Thai has no spaces between words: the browser breaks lines where ICU's dictionary sees a word
 * end, and that dictionary splits compounds a Thai reader reads as one word ("ปาน|กลาง",
 * "ร้อง|เรียน", "ความ|คิดเห็น"). Every Thai text the app renders passes through `keepWords`
 * (a Preact `options.vnode` hook, installed by the entry point), which wraps those compounds in a
 * span that does not wrap (`.w`), so a line breaks before or after them, never inside. The text
 * and its spans go in one more span, so that in a flex container (a button) they stay one item.
 */
import { type ComponentChildren, h, options, type VNode } from 'preact';
import { THAI_COMPOUNDS } from '../core/thai-compounds.js';

const COMPOUNDS = THAI_COMPOUNDS;
const THAI = /[\u0E00-\u0E7F]/;
/** Elements whose content must stay plain text (an HTML span inside SVG text is not drawn). */
const PLAIN = new Set(['option', 'textarea', 'title', 'style', 'script', 'text', 'tspan']);
const KEEP = 'w';
const KEEP_ALL = 'wt';

/** `text` with its Thai compounds in unbreakable spans; `text` itself when there are none. */
export function keepWords(text: string): string | VNode {
  if (!THAI.test(text)) return text;
  const parts: (string | VNode)[] = [];
  let last = 0;
  for (const m of text.matchAll(COMPOUNDS)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(h('span', { class: KEEP }, m[0]) as VNode);
    last = m.index + m[0].length;
  }
  if (!parts.length) return text;
  if (last < text.length) parts.push(text.slice(last));
  return h('span', { class: KEEP_ALL }, parts) as VNode;
}

function keepIn(children: ComponentChildren): ComponentChildren {
  if (typeof children === 'string') return keepWords(children);
  if (!Array.isArray(children)) return children;
  let changed = false;
  const out = children.map((c: ComponentChildren) => {
    const kept = keepIn(c);
    if (kept !== c) changed = true;
    return kept;
  });
  return changed ? out : children;
}

/** Makes every element's Thai text keep its compounds whole (once, at start). */
export function keepThaiWordsWhole(): void {
  const previous = options.vnode;
  options.vnode = (vnode) => {
    const props = vnode.props as { children?: ComponentChildren; class?: unknown };
    if (
      typeof vnode.type === 'string' &&
      !PLAIN.has(vnode.type) &&
      props.class !== KEEP &&
      props.class !== KEEP_ALL &&
      props.children != null
    ) {
      props.children = keepIn(props.children);
    }
    previous?.(vnode);
  };
}
