/**
 * Windowing of the editor's question rows: on a long survey only the rows near the screen hold
 * their fields; the others are a light stand-in of the same height (the question's number, type
 * and label as text, see QuestionRow), so a keystroke's layout, paint and the browser's form
 * bookkeeping cover a few rows, not 200.
 *
 * Hand-written (a scroll listener and a small store) rather than a virtual-list library:
 * the rows are variable-height, nested in sections, scrolled by the page itself and must stay in
 * the document for drag and drop, find-in-page and screen readers, which is not the list shape
 * those libraries (react-window, @tanstack/virtual) handle; this is ~100 lines without a dependency.
 *
 * A row stays whole while it is near the screen (a screen's height either side), while it holds
 * (or last held) the focus, while it is dragged, and when the editor is asked to show one of its
 * fields (`focus`). A row the store has not seen before (added, duplicated, moved in from another
 * section, brought back by undo) starts whole, so the focus an action moves onto it finds it.
 */
import { useLayoutEffect, useState } from 'preact/hooks';

/** Surveys with more questions than this are windowed; smaller ones keep every row whole. */
export const WINDOW_FROM = 40;

/** A stand-in's height before its row was ever measured (as `contain-intrinsic-size` in editor.css). */
const ESTIMATE_PX = 520;

type Listener = (whole: boolean) => void;

/** How far beyond the screen, above and below, rows stay whole (in screen heights). */
const MARGIN = 1;

/** Which rows are whole, by question id; one per editor. */
export class RowWindow {
  private near = new Map<string, boolean>();
  private heights = new Map<string, number>();
  private listeners = new Map<string, Set<Listener>>();
  private elements = new Map<Element, string>();
  private focused: string | undefined;
  private dragged: string | undefined;
  private asked: string | undefined;
  private frame = 0;
  private attached = false;
  /** False until the editor's first rows were placed: before, unseen rows start as stand-ins. */
  started = false;

  /**
   * Whether windowing works here (a browser). The window follows scrolling and resizing only:
   * nothing is observed per frame, so a keystroke costs the window nothing (an
   * IntersectionObserver on 200 rows did cost each keystroke's frame its intersection checks).
   */
  get active(): boolean {
    return typeof window !== 'undefined' && typeof requestAnimationFrame === 'function';
  }

  /** Measures where the rows are after the next scroll, resize or placing of rows (once a frame). */
  private schedule = (): void => {
    if (this.frame || !this.active) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.measure();
    });
  };

  private measure(): void {
    const margin = window.innerHeight * MARGIN;
    const top = -margin;
    const bottom = window.innerHeight + margin;
    const changed: string[] = [];
    // Reads only (no style written in between): one layout at most, usually none after a scroll.
    for (const [el, id] of this.elements) {
      const box = el.getBoundingClientRect();
      // A row hidden with its list (the preview tab on a phone) has no box: it stays as it is.
      if (box.height === 0 && box.top === 0) continue;
      if (this.isWhole(id)) this.heights.set(id, box.height);
      const near = box.bottom >= top && box.top <= bottom;
      if (this.near.get(id) !== near) {
        this.near.set(id, near);
        changed.push(id);
      }
    }
    for (const id of changed) this.update(id);
    // Rows changed size as they turned whole or stand-in: look again once they are placed.
    if (changed.length) this.schedule();
  }

  /** Whether the row of `id` holds its fields now. */
  isWhole(id: string): boolean {
    if (id === this.focused || id === this.dragged || id === this.asked) return true;
    const near = this.near.get(id);
    return near ?? this.started;
  }

  /** The height its stand-in takes (its row's last measured height, else an estimate). */
  height(id: string): number {
    return this.heights.get(id) ?? ESTIMATE_PX;
  }

  /** Watches a row's element; returns the function that stops. */
  watch(id: string, el: Element, listener: Listener): () => void {
    const own = this.listeners.get(id) ?? new Set();
    own.add(listener);
    this.listeners.set(id, own);
    this.elements.set(el, id);
    if (!this.attached) {
      this.attached = true;
      addEventListener('scroll', this.schedule, { passive: true });
      addEventListener('resize', this.schedule, { passive: true });
    }
    this.schedule();
    return () => {
      this.elements.delete(el);
      if (!this.elements.size) this.detach();
      own.delete(listener);
      if (!own.size && this.listeners.get(id) === own) this.listeners.delete(id);
    };
  }

  /** Stops following the page (the editor left it). */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    removeEventListener('scroll', this.schedule);
    removeEventListener('resize', this.schedule);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** Looks again where the rows are (the list changed: a tab shown, rows added or moved). */
  refresh(): void {
    this.schedule();
  }

  private update(id: string | undefined): void {
    if (id === undefined) return;
    const whole = this.isWhole(id);
    for (const listener of this.listeners.get(id) ?? []) listener(whole);
  }

  /** The row that holds the focus (kept whole until the focus enters another row). */
  focus(id: string | undefined): void {
    if (id === undefined || id === this.focused) return;
    const was = this.focused;
    this.focused = id;
    this.update(was);
    this.update(id);
  }

  /** The row being dragged, or undefined once the drag ended. */
  drag(id: string | undefined): void {
    const was = this.dragged;
    this.dragged = id;
    this.update(was);
    this.update(id);
  }

  /** The row whose field the editor was asked to show. */
  ask(id: string | undefined): void {
    const was = this.asked;
    this.asked = id;
    this.update(was);
    this.update(id);
  }
}

/** Whether a row is whole, following the window; always true without one. */
export function useWhole(win: RowWindow | undefined, id: string, ref: { current: Element | null }): boolean {
  const [whole, setWhole] = useState(() => !win || win.isWhole(id));
  useLayoutEffect(() => {
    if (!win || !ref.current) return;
    setWhole(win.isWhole(id));
    return win.watch(id, ref.current, setWhole);
  }, [win, id]);
  return whole;
}
