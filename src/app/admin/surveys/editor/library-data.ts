/**
 * The office's standard questions, taken from the shipped stakeholder survey (never retyped): its
 * profile questions and its rating items by dimension. Staff chunk only.
 */
import stakeholder from '../../../../content/surveys/stakeholder-satisfaction.json';
import { checkRows } from '../../../../core/list-rows.js';
import type { Dimension, ListItem, LocalizedText, Question, Section } from '../../../../core/survey.js';
import { parseCells } from './list-parse.js';

/** The shipped survey as written: lists may name a CSV file of `src/content/lists/`. */
interface Source {
  readonly ratingLabels?: readonly LocalizedText[];
  readonly dimensions?: readonly Dimension[];
  readonly lists?: Readonly<Record<string, string | readonly ListItem[]>>;
  readonly sections: readonly Section[];
}

const source = stakeholder as unknown as Source;

/** The CSV list files, read only when a question that needs one is inserted. */
const listFiles = import.meta.glob<string>('../../../../content/lists/*.csv', { query: '?raw', import: 'default' });

/** A group of rating items of one dimension. */
export interface LibraryDimension {
  readonly dimension: Dimension;
  /** The section the items come from (its id and title name a new section). */
  readonly section: Section;
  readonly questions: readonly Question[];
}

/** The section holding the profile questions (group, school, gender, age, channels). */
export const profileSection: Section = source.sections.find((s) =>
  s.questions.some((q) => q.type === 'lookup'),
) as Section;

/** The rating items of the shipped survey by dimension, in its order. */
export const ratingDimensions: readonly LibraryDimension[] = (source.dimensions ?? []).map((dimension) => {
  const section =
    source.sections.find((s) =>
      s.questions.some((q) => (q.type === 'rating' || q.type === 'rating-pair') && q.dimension === dimension.id),
    ) ?? profileSection;
  const questions = source.sections
    .flatMap((s) => s.questions)
    .filter((q) => (q.type === 'rating' || q.type === 'rating-pair') && q.dimension === dimension.id);
  return { dimension, section, questions };
});

/** The rating labels of the shipped survey. */
export const libraryRatingLabels = source.ratingLabels;

/** The shipped survey's lists, read from their CSV files where they name one. */
export async function libraryLists(names: readonly string[]): Promise<Record<string, ListItem[]>> {
  const out: Record<string, ListItem[]> = {};
  for (const name of names) {
    const list = source.lists?.[name];
    if (list === undefined) continue;
    if (typeof list !== 'string') {
      out[name] = [...list];
      continue;
    }
    const load = listFiles[`../../../../content/lists/${list}`];
    if (!load) continue;
    const { rows } = checkRows(await parseCells(await load()));
    out[name] = rows.filter((r) => r.problems.length === 0).map((r) => r.item);
  }
  return out;
}

/** The list a question chooses from, if it is a lookup. */
export function listNameOf(q: Question): string | undefined {
  return q.type === 'lookup' ? q.list : undefined;
}
