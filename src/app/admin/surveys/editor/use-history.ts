/**
 * The editor's undo stack over a controlled value: every edit goes through `apply`, which keeps
 * the value before it; keystrokes in one field within a moment make one step.
 */
import { useCallback, useRef, useState } from 'preact/hooks';

/** How close together two edits of the same field must be to make one undo step. */
const COALESCE_MS = 1500;
/** The most undo steps kept. */
const MAX_STEPS = 200;

/** An undo/redo history for a controlled value. */
export function useHistory<T>(value: T, onChange: (next: T) => void) {
  const current = useRef(value);
  current.current = value;
  const change = useRef(onChange);
  change.current = onChange;
  const past = useRef<T[]>([]);
  const future = useRef<T[]>([]);
  const last = useRef<{ key: string | undefined; at: number }>({ key: undefined, at: 0 });
  const [, setSteps] = useState(0);
  const refresh = () => setSteps(past.current.length * 1000 + future.current.length);

  const set = (next: T) => {
    current.current = next;
    change.current(next);
  };
  /** Applies an edit to the latest value; edits with the same `coalesce` key close together merge. */
  const apply = useCallback((fn: (value: T) => T, coalesce?: string) => {
    const before = current.current;
    const next = fn(before);
    if (next === before) return;
    const now = performance.now();
    const merge = coalesce !== undefined && last.current.key === coalesce && now - last.current.at < COALESCE_MS;
    last.current = { key: coalesce, at: now };
    if (!merge) {
      past.current.push(before);
      if (past.current.length > MAX_STEPS) past.current.shift();
    }
    future.current = [];
    set(next);
    if (!merge) refresh();
  }, []);
  const undo = useCallback(() => {
    const previous = past.current.pop();
    if (previous === undefined) return false;
    future.current.push(current.current);
    last.current = { key: undefined, at: 0 };
    set(previous);
    refresh();
    return true;
  }, []);
  const redo = useCallback(() => {
    const next = future.current.pop();
    if (next === undefined) return false;
    past.current.push(current.current);
    last.current = { key: undefined, at: 0 };
    set(next);
    refresh();
    return true;
  }, []);
  const read = useCallback(() => current.current, []);
  return {
    apply,
    undo,
    redo,
    current: read,
    canUndo: past.current.length > 0,
    canRedo: future.current.length > 0,
  };
}
