/** CSV or pasted spreadsheet text into cells, with csv-parse's browser build (loaded on first use). */
import { delimiterOf } from '../../../../core/list-rows.js';

/**
 * Parses CSV or tab-separated text with the same parser the build uses for
 * `src/content/lists/*.csv` (csv-parse), in its browser build; its ~25 KB load only when
 * someone pastes, uploads or inserts a library question that needs a list.
 */
export async function parseCells(text: string): Promise<string[][]> {
  const { parse } = await import('csv-parse/browser/esm/sync');
  return parse(text.replace(/^\uFEFF/, ''), {
    delimiter: delimiterOf(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
}
