/**
 * The editor's row window (row-window.ts): which question rows hold their fields. A row near the
 * screen is whole, the rest are stand-ins; a row with the focus, being dragged, or asked for by a
 * validator path stays whole wherever it is; a row first seen after the editor started is whole.
 * (Scrolling in a real page: test/e2e/survey-editor.e2e.ts.)
 */
import { describe, expect, it } from 'vitest';
import { RowWindow } from '../../../../src/app/admin/surveys/editor/row-window.js';

/** A row element at `top` (px from the top of the screen), `height` px tall. */
function rowAt(top: number, height = 400): Element {
  const el = document.createElement('article');
  el.getBoundingClientRect = () => new DOMRect(0, top, 800, height);
  return el;
}

/** Runs the window's pending measure (it waits for an animation frame). */
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

describe('row window', () => {
  it('keeps whole the rows near the screen, the focused, the dragged and the asked one', async () => {
    Object.defineProperty(window, 'innerHeight', { value: 900, configurable: true });
    const win = new RowWindow();
    const seen = new Map<string, boolean>();
    const rows = { near: rowAt(100), below: rowAt(1500), far: rowAt(9000), far2: rowAt(12000), far3: rowAt(15000) };
    expect(win.isWhole('far')).toBe(false); // before the first measure every row is a stand-in
    const stops = Object.entries(rows).map(([id, el]) => win.watch(id, el, (whole) => seen.set(id, whole)));
    await frame();
    await frame();
    expect(seen.get('near')).toBe(true);
    expect(seen.get('below')).toBe(true); // within a screen's height below
    expect(win.isWhole('far')).toBe(false);
    expect(win.height('near')).toBe(400); // a stand-in takes its row's last height

    win.focus('far');
    expect(seen.get('far')).toBe(true);
    win.focus('near'); // the focus moved on: the far row is a stand-in again
    expect(seen.get('far')).toBe(false);
    win.drag('far2');
    expect(seen.get('far2')).toBe(true);
    win.drag(undefined);
    expect(seen.get('far2')).toBe(false);
    win.ask('far3');
    expect(seen.get('far3')).toBe(true);

    // A question the window has not seen (added, duplicated) starts whole once the editor started.
    expect(win.isWhole('new')).toBe(false);
    win.started = true;
    expect(win.isWhole('new')).toBe(true);
    for (const stop of stops) stop();
  });
});
