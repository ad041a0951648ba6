/**
 * Inserting ready-made questions (the office's question library) into a survey: ids already in
 * use get a fresh id, and the dimensions, lists and rating labels the questions need come along.
 */
import type { Condition, Dimension, ListItem, LocalizedText, Question, Section, SurveyDefinition } from './survey.js';

/** What the inserted questions may need besides themselves. */
export interface InsertNeeds {
  readonly dimensions?: readonly Dimension[];
  readonly lists?: Readonly<Record<string, readonly ListItem[]>>;
  readonly ratingLabels?: readonly LocalizedText[];
}

/** Where to insert: an existing section by index, or a new section at the end. */
export type InsertTarget =
  | { readonly section: number }
  | { readonly newSection: { readonly id: string; readonly title: LocalizedText } };

/** The new definition and what changed on the way in. */
export interface InsertResult {
  readonly survey: SurveyDefinition;
  /** Question ids that were taken, and the id each inserted question got instead. */
  readonly renamed: readonly (readonly [string, string])[];
  readonly addedDimensions: readonly string[];
  readonly addedLists: readonly string[];
  readonly inserted: readonly string[];
}

/** `base`, or `base_2`, `base_3`, … : the first that is not taken (and takes it). */
export function freshId(base: string, taken: Set<string>, max = 64): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, max - String(n).length - 1)}_${n}`;
  taken.add(id);
  return id;
}

function renameIn(c: Condition, ids: ReadonlyMap<string, string>, known: ReadonlySet<string>): Condition | undefined {
  if ('all' in c || 'any' in c) {
    const list = ('all' in c ? c.all : c.any).map((x) => renameIn(x, ids, known)).filter((x) => x !== undefined);
    if (list.length === 0) return undefined;
    return 'all' in c ? { all: list } : { any: list };
  }
  if ('not' in c) {
    const inner = renameIn(c.not, ids, known);
    return inner && { not: inner };
  }
  const to = ids.get(c.question) ?? c.question;
  return known.has(to) ? { ...c, question: to } : undefined;
}

/**
 * Inserts copies of `questions` at the end of a section (or of a new last section). A condition
 * that looks at another inserted question follows its new id; one that looks at a question the
 * survey does not have before it is dropped rather than left dangling. Dimensions, lists and
 * rating labels the survey lacks are added; a list or dimension it already has is kept as it is.
 */
export function insertQuestions(
  survey: SurveyDefinition,
  questions: readonly Question[],
  target: InsertTarget,
  needs: InsertNeeds = {},
): InsertResult {
  const taken = new Set(survey.sections.flatMap((s) => s.questions.map((q) => q.id)));
  const ids = new Map<string, string>();
  const renamed: [string, string][] = [];
  for (const q of questions) {
    const id = freshId(q.id, taken);
    ids.set(q.id, id);
    if (id !== q.id) renamed.push([q.id, id]);
  }
  let sections = [...survey.sections];
  let index: number;
  if ('newSection' in target) {
    const sectionIds = new Set(sections.map((s) => s.id));
    sections.push({ id: freshId(target.newSection.id, sectionIds), title: target.newSection.title, questions: [] });
    index = sections.length - 1;
  } else {
    index = Math.min(Math.max(0, target.section), sections.length - 1);
  }
  // What a condition of an inserted question may look at: everything up to its own section's end
  // (the questions before it there), then the inserted questions before it.
  const known = new Set(sections.slice(0, index + 1).flatMap((s) => s.questions.map((q) => q.id)));
  const copies: Question[] = [];
  for (const q of questions) {
    const { showIf, constraint, ...rest } = q;
    const id = ids.get(q.id) ?? q.id;
    const self = new Set([...known, id]);
    const shown = showIf && renameIn(showIf, ids, known);
    const rule = constraint && renameIn(constraint.rule, ids, self);
    copies.push({
      ...rest,
      id,
      ...(shown ? { showIf: shown } : {}),
      ...(constraint && rule ? { constraint: { ...constraint, rule } } : {}),
    } as Question);
    known.add(id);
  }
  const section = sections[index] as Section;
  sections = sections.map((s, i) => (i === index ? { ...section, questions: [...section.questions, ...copies] } : s));

  const dimensions = [...(survey.dimensions ?? [])];
  const addedDimensions: string[] = [];
  for (const q of copies) {
    if ((q.type !== 'rating' && q.type !== 'rating-pair') || !q.dimension) continue;
    if (dimensions.some((d) => d.id === q.dimension)) continue;
    const wanted = needs.dimensions?.find((d) => d.id === q.dimension);
    if (!wanted) continue;
    dimensions.push(wanted);
    addedDimensions.push(wanted.id);
  }
  const lists: Record<string, readonly ListItem[]> = { ...(survey.lists ?? {}) };
  const addedLists: string[] = [];
  for (const q of copies) {
    if (q.type !== 'lookup' || Object.hasOwn(lists, q.list)) continue;
    const items = needs.lists?.[q.list];
    if (!items) continue;
    lists[q.list] = items;
    addedLists.push(q.list);
  }
  const rated = copies.some((q) => (q.type === 'rating' || q.type === 'rating-pair') && !q.labels);
  const next: SurveyDefinition = {
    ...survey,
    ...(rated && !survey.ratingLabels && needs.ratingLabels ? { ratingLabels: needs.ratingLabels } : {}),
    ...(dimensions.length ? { dimensions } : {}),
    ...(Object.keys(lists).length ? { lists } : {}),
    sections,
  };
  return { survey: next, renamed, addedDimensions, addedLists, inserted: copies.map((q) => q.id) };
}
