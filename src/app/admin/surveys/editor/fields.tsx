/** Small inputs of the editor: numbers, checkboxes, problems shown at their place. */
import type { ComponentChildren } from 'preact';
import { useT } from '../../../hooks.js';
import { describeMessage, describePath } from '../survey-words.js';
import type { Problem } from './problems.js';

/** A number box; empty means absent. */
export function NumberField(props: {
  path: string;
  label: string;
  value: number | undefined;
  min?: number;
  step?: number;
  onChange(next: number | undefined): void;
}) {
  return (
    <label class="builder-small">
      <span>{props.label}</span>
      <input
        type="number"
        data-path={props.path}
        value={props.value ?? ''}
        min={props.min}
        step={props.step ?? 1}
        onInput={(e) => {
          const raw = e.currentTarget.value.trim();
          const n = raw === '' ? undefined : Number(raw);
          if (n === undefined || Number.isFinite(n)) props.onChange(n);
        }}
      />
    </label>
  );
}

/** A checkbox for a boolean flag; unchecked means absent. */
export function Check(props: { path: string; label: string; checked: boolean; onChange(next: boolean): void }) {
  return (
    <label class="builder-check">
      <input
        type="checkbox"
        data-path={props.path}
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}

/** A labelled select. */
export function Select(props: {
  path: string;
  label: string;
  value: string;
  onChange(next: string): void;
  children: ComponentChildren;
}) {
  return (
    <label class="builder-small">
      <span>{props.label}</span>
      <select data-path={props.path} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.children}
      </select>
    </label>
  );
}

/** The validator's problems of a place, in words. */
export function ProblemList({ problems }: { problems: readonly Problem[] }) {
  const { t } = useT();
  if (!problems.length) return null;
  return (
    <ul class="builder-problems">
      {problems.map((p) => (
        <li key={`${p.path}:${p.message}`}>
          ⚠ {describePath(p.path, t)}: {describeMessage(p.message, t)}
        </li>
      ))}
    </ul>
  );
}

/** Marks a place a dragged question or section may be dropped on (a class, so nothing re-renders). */
export function dragOver(e: DragEvent): void {
  e.preventDefault();
  e.stopPropagation();
  (e.currentTarget as HTMLElement).classList.add('builder-drop');
}

/** Unmarks a drop place once the pointer leaves it or drops. */
export function dragLeave(e: DragEvent): void {
  const place = e.currentTarget as HTMLElement;
  if (e.type === 'drop' || !place.contains(e.relatedTarget as Node | null)) place.classList.remove('builder-drop');
}
