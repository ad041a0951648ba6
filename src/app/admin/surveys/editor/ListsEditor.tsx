/** Placeholder of the long lists' editor (built on the editor-extras branch): names and sizes only. */
import type { ListItem } from '../../../../core/survey.js';

/** Edits `survey.lists`. */
export function ListsEditor(props: {
  lists: Readonly<Record<string, readonly ListItem[]>> | undefined;
  onChange(next: Readonly<Record<string, readonly ListItem[]>> | undefined): void;
}) {
  return (
    <ul>
      {Object.entries(props.lists ?? {}).map(([name, items]) => (
        <li key={name}>
          <code>{name}</code> ({items.length})
        </li>
      ))}
    </ul>
  );
}
