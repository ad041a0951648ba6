/** Small controls the staff screens share: a list's pager and a file-import button. */

/** "Previous" and "next" under a list shown `page` at a time; hidden when one page holds it all. */
export function Pager(props: {
  offset: number;
  total: number;
  page: number;
  onOffset: (offset: number) => void;
  previous: string;
  next: string;
}) {
  const { offset, total, page, onOffset } = props;
  if (total <= page) return null;
  return (
    <div class="actions">
      <button
        type="button"
        class="button button-secondary"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - page))}
      >
        {props.previous}
      </button>
      <button
        type="button"
        class="button button-secondary"
        disabled={offset + page >= total}
        onClick={() => onOffset(offset + page)}
      >
        {props.next}
      </button>
    </div>
  );
}

/**
 * A button that opens the file picker and hands the chosen file to `onFile`; the picker is
 * emptied afterwards, so the same file can be chosen again after fixing it.
 */
export function ImportFileButton(props: { label: string; accept: string; onFile: (file?: File) => Promise<unknown> }) {
  return (
    <label class="button button-secondary file-button">
      {props.label}
      <input
        type="file"
        accept={props.accept}
        class="visually-hidden"
        onChange={(e) => {
          const input = e.currentTarget;
          void props.onFile(input.files?.[0]).finally(() => {
            input.value = '';
          });
        }}
      />
    </label>
  );
}
