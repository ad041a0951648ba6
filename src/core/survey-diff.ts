/**
 * What publishing a draft changes against the newest published version (docs/survey-format.md,
 * "Changing a published survey"). Each change is `safe` (results and exports read the same way
 * across versions) or `breaking` (answers of earlier versions no longer line up with the new one,
 * or some stop counting): the builder lists them and asks an admin to confirm the breaking ones.
 * Question and option ids never change silently: a renamed id shows as a breaking change.
 */
import { canonicalJson } from './protocol.js';
import type { ListItem, LocalizedText, Option, Question, Section, SurveyDefinition } from './survey.js';

/** How a change affects responses of earlier versions. */
export type ChangeSeverity = 'safe' | 'breaking';

/** The kinds of change, each with one severity except where noted. */
export const CHANGE_CODES = {
  // safe
  text_changed: 'safe',
  setting_changed: 'safe',
  privacy_changed: 'safe',
  section_added: 'safe',
  section_removed: 'safe',
  sections_reordered: 'safe',
  question_added: 'safe',
  question_moved: 'safe',
  questions_reordered: 'safe',
  question_optional: 'safe',
  condition_changed: 'safe',
  validation_changed: 'safe',
  preset_changed: 'safe',
  option_added: 'safe',
  options_reordered: 'safe',
  other_added: 'safe',
  rating_labels_changed: 'safe',
  dimension_added: 'safe',
  dimensions_reordered: 'safe',
  list_values_added: 'safe',
  list_added: 'safe',
  /** Safe when no lookup uses the list, breaking when one does. */
  list_values_removed: 'breaking',
  /** Safe when the new list holds every value of the old one. */
  lookup_list_changed: 'breaking',
  // breaking
  kind_changed: 'breaking',
  question_removed: 'breaking',
  question_id_changed: 'breaking',
  question_retyped: 'breaking',
  required_question_added: 'breaking',
  question_required: 'breaking',
  personal_changed: 'breaking',
  option_removed: 'breaking',
  option_value_changed: 'breaking',
  other_removed: 'breaking',
  rating_scale_changed: 'breaking',
  dimension_changed: 'breaking',
  dimension_removed: 'breaking',
} as const satisfies Record<string, ChangeSeverity>;

/** A kind of change. */
export type ChangeCode = keyof typeof CHANGE_CODES;

/**
 * One change. `path` is where it is in the draft, as the validator names places
 * (`sections[1].questions[0].label`), or, for what the draft no longer has, where it was in the
 * published version.
 */
export interface SurveyChange {
  readonly severity: ChangeSeverity;
  readonly code: ChangeCode;
  readonly path: string;
  readonly question?: string;
  readonly option?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const arr = <T>(x: readonly T[] | undefined | null): readonly T[] => (Array.isArray(x) ? x : []);

interface Placed {
  q: Question;
  section: Section;
  path: string;
}

function placed(survey: SurveyDefinition): Map<string, Placed> {
  const out = new Map<string, Placed>();
  for (const [si, section] of arr(survey.sections).entries()) {
    for (const [qi, q] of arr(section?.questions).entries()) {
      if (q && typeof q.id === 'string' && !out.has(q.id))
        out.set(q.id, { q, section, path: `sections[${si}].questions[${qi}]` });
    }
  }
  return out;
}

/** The items of `before` and `after` keyed by `key`, with their positions. */
function byKey<T>(items: readonly T[], key: (x: T) => string | undefined): Map<string, { item: T; index: number }> {
  const out = new Map<string, { item: T; index: number }>();
  for (const [index, item] of items.entries()) {
    const k = item ? key(item) : undefined;
    if (k !== undefined && !out.has(k)) out.set(k, { item, index });
  }
  return out;
}

/** Whether the keys both sides share come in the same order. */
function sameOrder(before: readonly string[], after: readonly string[]): boolean {
  const common = new Set(before.filter((k) => after.includes(k)));
  return same(
    before.filter((k) => common.has(k)),
    after.filter((k) => common.has(k)),
  );
}

const labelMatch = (a: LocalizedText | undefined, b: LocalizedText | undefined) =>
  !!a && !!b && ((!!a.th && a.th.trim() === b.th?.trim()) || (!!a.en && a.en.trim() === b.en?.trim()));

/**
 * Pairs what was removed with what was added when they look like the same thing renamed (same
 * label, and `alike`): a renamed id is reported as such rather than as a removal and an addition.
 */
function pairRenames<T extends { label: LocalizedText }>(
  removed: T[],
  added: T[],
  alike: (a: T, b: T) => boolean = () => true,
): [T, T][] {
  const pairs: [T, T][] = [];
  for (const r of [...removed]) {
    const a = added.find((x) => alike(r, x) && labelMatch(r.label, x.label));
    if (!a) continue;
    pairs.push([r, a]);
    removed.splice(removed.indexOf(r), 1);
    added.splice(added.indexOf(a), 1);
  }
  return pairs;
}

/** The changes from `base` (the newest published version) to `draft`, in reading order. */
export function diffSurveys(base: SurveyDefinition, draft: SurveyDefinition): SurveyChange[] {
  const out: SurveyChange[] = [];
  const add = (code: ChangeCode, path: string, extra: Omit<SurveyChange, 'code' | 'path' | 'severity'> = {}) =>
    out.push({ severity: CHANGE_CODES[code], code, path, ...extra });
  const addAs = (
    code: ChangeCode,
    severity: ChangeSeverity,
    path: string,
    extra: Omit<SurveyChange, 'code' | 'path' | 'severity'> = {},
  ) => out.push({ severity, code, path, ...extra });
  const text = (path: string, before: unknown, after: unknown, extra: { question?: string; option?: string } = {}) => {
    if (!same(before, after)) add('text_changed', path, { ...extra, before: before ?? null, after: after ?? null });
  };

  if (base.kind !== draft.kind) add('kind_changed', 'kind', { before: base.kind, after: draft.kind });
  text('title', base.title, draft.title);
  text('description', base.description, draft.description);
  if (!same(base.estimatedMinutes, draft.estimatedMinutes))
    add('setting_changed', 'estimatedMinutes', { before: base.estimatedMinutes, after: draft.estimatedMinutes });
  if (!same(base.privacy, draft.privacy))
    add('privacy_changed', 'privacy', { before: base.privacy?.version, after: draft.privacy?.version });
  ratingLabels('ratingLabels', base.ratingLabels, draft.ratingLabels);

  // Dimensions
  const dimsBefore = byKey(arr(base.dimensions), (d) => d.id);
  const dimsAfter = byKey(arr(draft.dimensions), (d) => d.id);
  for (const [id, { index }] of dimsBefore)
    if (!dimsAfter.has(id)) add('dimension_removed', `dimensions[${index}]`, { before: id });
  for (const [id, { item, index }] of dimsAfter) {
    const was = dimsBefore.get(id);
    if (!was) add('dimension_added', `dimensions[${index}]`, { after: id });
    else text(`dimensions[${index}].label`, was.item.label, item.label);
  }
  if (!sameOrder([...dimsBefore.keys()], [...dimsAfter.keys()]))
    add('dimensions_reordered', 'dimensions', { before: [...dimsBefore.keys()], after: [...dimsAfter.keys()] });

  // Lists (values removed matter only where a lookup reads the list)
  const beforeQuestions = placed(base);
  const afterQuestions = placed(draft);
  const lookupLists = new Set(
    [...beforeQuestions.values(), ...afterQuestions.values()].flatMap(({ q }) => (q.type === 'lookup' ? [q.list] : [])),
  );
  const listsBefore = base.lists ?? {};
  const listsAfter = draft.lists ?? {};
  for (const name of Object.keys(listsAfter)) if (!(name in listsBefore)) add('list_added', `lists.${name}`);
  for (const name of Object.keys(listsBefore)) {
    const was = byKey(arr(listsBefore[name]), (x: ListItem) => x.value);
    const now = byKey(arr(listsAfter[name]), (x: ListItem) => x.value);
    const removed = [...was.keys()].filter((v) => !now.has(v));
    const added = [...now.keys()].filter((v) => !was.has(v));
    if (removed.length)
      addAs('list_values_removed', lookupLists.has(name) ? 'breaking' : 'safe', `lists.${name}`, {
        before: removed,
      });
    if (added.length && name in listsAfter) add('list_values_added', `lists.${name}`, { after: added });
    const relabelled = [...now].filter(([v, { item }]) => {
      const old = was.get(v)?.item;
      return old && (!same(old.label, item.label) || !same(old.detail, item.detail));
    });
    if (relabelled.length)
      add('text_changed', `lists.${name}`, { before: relabelled.length, after: relabelled.map(([v]) => v) });
  }

  // Sections
  const sectionsBefore = byKey(arr(base.sections), (s) => s.id);
  const sectionsAfter = byKey(arr(draft.sections), (s) => s.id);
  for (const [id, { item, index }] of sectionsAfter) {
    const was = sectionsBefore.get(id);
    const path = `sections[${index}]`;
    if (!was) {
      add('section_added', path, { after: id });
      continue;
    }
    text(`${path}.title`, was.item.title, item.title);
    text(`${path}.description`, was.item.description, item.description);
    if (!same(was.item.showIf, item.showIf)) add('condition_changed', `${path}.showIf`);
  }
  for (const [id, { index }] of sectionsBefore)
    if (!sectionsAfter.has(id)) add('section_removed', `sections[${index}]`, { before: id });
  if (!sameOrder([...sectionsBefore.keys()], [...sectionsAfter.keys()]))
    add('sections_reordered', 'sections', { before: [...sectionsBefore.keys()], after: [...sectionsAfter.keys()] });

  // Questions
  const removed = [...beforeQuestions.values()].filter((p) => !afterQuestions.has(p.q.id)).map((p) => p.q);
  const added = [...afterQuestions.values()].filter((p) => !beforeQuestions.has(p.q.id)).map((p) => p.q);
  for (const [was, now] of pairRenames(removed, added, (a, b) => a.type === b.type)) {
    add('question_id_changed', (afterQuestions.get(now.id) as Placed).path, {
      question: now.id,
      before: was.id,
      after: now.id,
    });
  }
  for (const q of removed)
    add('question_removed', (beforeQuestions.get(q.id) as Placed).path, { question: q.id, before: q.type });
  for (const q of added)
    add(q.required ? 'required_question_added' : 'question_added', (afterQuestions.get(q.id) as Placed).path, {
      question: q.id,
      after: q.type,
    });
  const reorderedSections = new Set<string>();
  for (const [id, now] of afterQuestions) {
    const was = beforeQuestions.get(id);
    if (!was) continue;
    if (was.section.id !== now.section.id)
      add('question_moved', now.path, { question: id, before: was.section.id, after: now.section.id });
    else reorderedSections.add(now.section.id);
    question(was.q, now.q, now.path);
  }
  for (const sectionId of reorderedSections) {
    const ids = (s: Section | undefined) => arr(s?.questions).map((q) => q.id);
    const before = ids(sectionsBefore.get(sectionId)?.item);
    const after = ids(sectionsAfter.get(sectionId)?.item);
    if (!sameOrder(before, after))
      add('questions_reordered', `sections[${sectionsAfter.get(sectionId)?.index}]`, { before, after });
  }
  return out;

  function ratingLabels(
    path: string,
    before: readonly LocalizedText[] | undefined,
    after: readonly LocalizedText[] | undefined,
    extra: { question?: string } = {},
  ) {
    if (same(before, after)) return;
    if (before && after && before.length !== after.length)
      add('rating_scale_changed', path, { ...extra, before: before.length, after: after.length });
    else add('rating_labels_changed', path, { ...extra, before, after });
  }

  function question(was: Question, now: Question, path: string) {
    const q = { question: now.id };
    if (was.type !== now.type) {
      add('question_retyped', path, { ...q, before: was.type, after: now.type });
      return;
    }
    text(`${path}.label`, was.label, now.label, q);
    text(`${path}.hint`, was.hint, now.hint, q);
    if (!!was.required !== !!now.required)
      add(now.required ? 'question_required' : 'question_optional', `${path}.required`, q);
    if (!!was.personal !== !!now.personal)
      add('personal_changed', `${path}.personal`, { ...q, before: !!was.personal, after: !!now.personal });
    if (!same(was.showIf, now.showIf)) add('condition_changed', `${path}.showIf`, q);
    const rules = (x: Question) => {
      const { id, type, label, hint, required, personal, showIf, ...rest } = x as Question & Record<string, unknown>;
      const { options, other, labels, dimension, list, preset, ...validation } = rest as Record<string, unknown>;
      return validation;
    };
    if (!same(rules(was), rules(now))) add('validation_changed', path, { ...q, before: rules(was), after: rules(now) });
    if ('preset' in was || 'preset' in now) {
      const a = (was as { preset?: string }).preset;
      const b = (now as { preset?: string }).preset;
      if (a !== b) add('preset_changed', `${path}.preset`, { ...q, before: a, after: b });
    }
    if ((was.type === 'single' || was.type === 'multiple') && (now.type === 'single' || now.type === 'multiple'))
      choice(was, now, path);
    if (
      (was.type === 'rating' || was.type === 'rating-pair') &&
      (now.type === 'rating' || now.type === 'rating-pair')
    ) {
      if ((was.dimension ?? null) !== (now.dimension ?? null))
        add('dimension_changed', `${path}.dimension`, {
          ...q,
          before: was.dimension ?? null,
          after: now.dimension ?? null,
        });
      // Own labels replace the survey's: compare what the respondent reads (the survey's own
      // labels are compared once, above).
      if (was.labels || now.labels)
        ratingLabels(`${path}.labels`, was.labels ?? base.ratingLabels, now.labels ?? draft.ratingLabels, q);
    }
    if (was.type === 'lookup' && now.type === 'lookup' && was.list !== now.list) {
      const values = (name: string) =>
        new Set(arr(name === now.list ? listsAfter[name] : listsBefore[name]).map((x) => x.value));
      const newValues = values(now.list);
      const lost = [...values(was.list)].some((v) => !newValues.has(v));
      addAs('lookup_list_changed', lost ? 'breaking' : 'safe', `${path}.list`, {
        ...q,
        before: was.list,
        after: now.list,
      });
    }
  }

  function choice(
    was: { options: readonly Option[]; other?: boolean },
    now: typeof was & { id: string },
    path: string,
  ) {
    const q = { question: now.id };
    const before = byKey(arr(was.options), (o) => o.value);
    const after = byKey(arr(now.options), (o) => o.value);
    const gone = [...before.values()].filter(({ item }) => !after.has(item.value)).map(({ item }) => item);
    const fresh = [...after.values()].filter(({ item }) => !before.has(item.value)).map(({ item }) => item);
    for (const [a, b] of pairRenames(gone, fresh))
      add('option_value_changed', `${path}.options[${after.get(b.value)?.index}].value`, {
        ...q,
        option: b.value,
        before: a.value,
        after: b.value,
      });
    for (const o of gone)
      add('option_removed', `${path}.options[${before.get(o.value)?.index}]`, { ...q, option: o.value });
    for (const o of fresh)
      add('option_added', `${path}.options[${after.get(o.value)?.index}]`, { ...q, option: o.value });
    for (const [value, { item, index }] of after) {
      const old = before.get(value);
      if (old) text(`${path}.options[${index}].label`, old.item.label, item.label, { ...q, option: value });
    }
    if (!sameOrder([...before.keys()], [...after.keys()]))
      add('options_reordered', `${path}.options`, { ...q, before: [...before.keys()], after: [...after.keys()] });
    if (!!was.other !== !!now.other) add(now.other ? 'other_added' : 'other_removed', `${path}.other`, q);
  }
}

/** How many changes of each severity. */
export function countChanges(changes: readonly SurveyChange[]): { safe: number; breaking: number } {
  let breaking = 0;
  for (const c of changes) if (c.severity === 'breaking') breaking += 1;
  return { safe: changes.length - breaking, breaking };
}
