/**
 * The editor's actions on questions and sections (add, move, duplicate, delete, rename), each one
 * undo step, announced to screen readers, with focus kept on what moved.
 */
import type { TFunction } from 'i18next';
import { useCallback, useMemo, useRef } from 'preact/hooks';
import { tr } from '../../../../core/answers.js';
import { allQuestions, type Lang, type Question, type SurveyDefinition } from '../../../../core/survey.js';
import {
  duplicateQuestion,
  insertQuestions,
  move,
  moveQuestion,
  newQuestion,
  newSection,
  questionIds,
  referencesTo,
  renameQuestion,
  setQuestion,
  setSection,
  without,
} from './edit-ops.js';
import type { SectionActions } from './SectionCard.js';
import type { At, RowContext } from './row-context.js';

type Apply = (fn: (s: SurveyDefinition) => SurveyDefinition, coalesce?: string) => void;

interface Deps {
  apply: Apply;
  current(): SurveyDefinition;
  t: TFunction;
  lang: Lang;
  announce(text: string): void;
  notify(text: string): void;
  /** A selector to focus after the next render. */
  focusNext: { current: string | null };
  toggleConditions(id: string): void;
  renameOpen(from: string, to: string): void;
}

const rowSel = (s: number, q: number) => `[data-path="sections[${s}].questions[${q}]"]`;

/** Builds the stable actions of the editor. */
export function useEditorActions(
  d: Deps,
  facts: Pick<RowContext, 'dimensions' | 'listNames' | 'sectionTitles' | 'publishedIds' | 'open' | 'rowWindow'>,
) {
  const deps = useRef(d);
  deps.current = d;
  const drag = useRef<{ kind: 'q'; at: At } | { kind: 's'; s: number } | null>(null);

  const name = (q: Question | undefined) => (q ? tr(q.label, deps.current.lang).trim() || q.id : '');
  const where = (s: number, q: number, survey: SurveyDefinition) =>
    deps.current.t('admin.builder.movedTo', {
      section: s + 1,
      n: q + 1,
      total: survey.sections[s]?.questions.length ?? 0,
    });

  const moveTo = useCallback((from: At, to: At, focus: string) => {
    const { apply, current, announce, focusNext } = deps.current;
    const question = current().sections[from.s]?.questions[from.q];
    apply((s) => moveQuestion(s, from, to));
    focusNext.current = `${rowSel(to.s, to.q)} ${focus}`;
    announce(`${name(question)}: ${where(to.s, to.q, current())}`);
  }, []);

  const row = useCallback(
    (): Omit<RowContext, keyof typeof facts> => ({
      edit: (at, fn, coalesce) => deps.current.apply((s) => setQuestion(s, at.s, at.q, fn), coalesce),
      rename: (at, id) => {
        const { apply, current, announce, t } = deps.current;
        const survey = current();
        const from = survey.sections[at.s]?.questions[at.q]?.id;
        if (from === undefined) return undefined;
        if (questionIds(survey).has(id)) return 'admin.builder.idTaken';
        const refs = referencesTo(survey, from);
        apply((s) => renameQuestion(s, from, id));
        deps.current.renameOpen(from, id);
        announce(t('admin.builder.renamed', { from, to: id, count: refs.length }));
        return undefined;
      },
      remove: (at) => {
        const { apply, current, notify, t, focusNext } = deps.current;
        const question = current().sections[at.s]?.questions[at.q];
        const refs = question ? referencesTo(current(), question.id) : [];
        apply((s) => setSection(s, at.s, (sec) => ({ ...sec, questions: without(sec.questions, at.q) })));
        focusNext.current = '.builder-notice button';
        const deleted = t('admin.builder.deleted', { name: name(question) });
        // Rules that named it now name nothing: say where, so undo is an informed choice.
        notify(
          refs.length
            ? `${deleted} ${t('admin.builder.deletedRefs', { count: refs.length, items: refs.join(', ') })}`
            : deleted,
        );
      },
      duplicate: (at) => {
        const { apply, current, announce, t, focusNext } = deps.current;
        const survey = current();
        const question = survey.sections[at.s]?.questions[at.q];
        if (!question) return;
        const copy = duplicateQuestion(question, questionIds(survey));
        apply((s) => insertQuestions(s, at.s, at.q + 1, [copy]));
        focusNext.current = `${rowSel(at.s, at.q + 1)} textarea`;
        announce(t('admin.builder.duplicated', { name: name(question), id: copy.id }));
      },
      shift: (at, by) => {
        const survey = deps.current.current();
        const count = survey.sections[at.s]?.questions.length ?? 0;
        const to =
          at.q + by < 0
            ? { s: at.s - 1, q: survey.sections[at.s - 1]?.questions.length ?? 0 }
            : at.q + by >= count
              ? { s: at.s + 1, q: 0 }
              : { s: at.s, q: at.q + by };
        if (!survey.sections[to.s]) return;
        moveTo(at, to, `[data-move="${by < 0 ? 'up' : 'down'}"]`);
      },
      moveTo: (at, section) => {
        const count = deps.current.current().sections[section]?.questions.length ?? 0;
        moveTo(at, { s: section, q: count }, '.builder-handle');
      },
      dragStart: (at) => {
        drag.current = { kind: 'q', at };
      },
      drop: (at) => {
        const from = drag.current;
        drag.current = null;
        if (from?.kind === 'q' && (from.at.s !== at.s || from.at.q !== at.q)) moveTo(from.at, at, '.builder-handle');
        // A section dropped on a question of another section takes that section's place.
        else if (from?.kind === 's' && from.s !== at.s)
          deps.current.apply((x) => ({ ...x, sections: move(x.sections, from.s, at.s) }));
      },
      toggleConditions: (id) => deps.current.toggleConditions(id),
      announce: (text) => deps.current.announce(text),
    }),
    [],
  );
  const base = useMemo(row, []);
  const ctx: RowContext = useMemo(
    () => ({ ...base, ...facts }),
    [facts.dimensions, facts.listNames, facts.sectionTitles, facts.publishedIds, facts.open, facts.rowWindow],
  );

  const sections: SectionActions = useMemo(
    () => ({
      edit: (s, fn, coalesce) => deps.current.apply((x) => setSection(x, s, fn), coalesce),
      shift: (s, by) => {
        const { apply, current, announce, t, focusNext } = deps.current;
        const to = s + by;
        if (!current().sections[to]) return;
        apply((x) => ({ ...x, sections: move(x.sections, s, to) }));
        focusNext.current = `[data-path="sections[${to}]"] > header [data-move="${by < 0 ? 'up' : 'down'}"]`;
        announce(t('admin.builder.sectionMoved', { n: to + 1, total: current().sections.length }));
      },
      remove: (s) => {
        const { apply, current, notify, t, lang, focusNext } = deps.current;
        const section = current().sections[s];
        apply((x) => ({ ...x, sections: without(x.sections, s) }));
        focusNext.current = '.builder-notice button';
        notify(t('admin.builder.sectionDeleted', { name: section ? tr(section.title, lang) || section.id : '' }));
      },
      add: (s, type) => {
        const { apply, current, announce, t, focusNext } = deps.current;
        const survey = current();
        const question = newQuestion(type, questionIds(survey), Object.keys(survey.lists ?? {})[0]);
        const at = survey.sections[s]?.questions.length ?? 0;
        apply((x) => insertQuestions(x, s, at, [question]));
        focusNext.current = `${rowSel(s, at)} textarea`;
        announce(t('admin.builder.added', { type: t(`admin.builder.type.${type}`), id: question.id }));
      },
      dragStart: (s) => {
        drag.current = { kind: 's', s };
      },
      drop: (s) => {
        const from = drag.current;
        drag.current = null;
        if (from?.kind === 's' && from.s !== s)
          deps.current.apply((x) => ({ ...x, sections: move(x.sections, from.s, s) }));
        else if (from?.kind === 'q' && from.at.s !== s) {
          const count = deps.current.current().sections[s]?.questions.length ?? 0;
          moveTo(from.at, { s, q: count }, '.builder-handle');
        }
      },
    }),
    [],
  );

  const addSection = useCallback(() => {
    const { apply, current, focusNext, announce, t } = deps.current;
    const n = current().sections.length;
    apply((x) => ({ ...x, sections: [...x.sections, newSection(x)] }));
    focusNext.current = `[data-path="sections[${n}].title.th"]`;
    announce(t('admin.builder.sectionAdded', { n: n + 1 }));
  }, []);

  // The library hands back the whole survey: an insert may also add a dimension, a list and labels.
  const insert = useCallback((next: SurveyDefinition) => {
    const { apply, current, announce, t } = deps.current;
    const added = allQuestions(next).length - allQuestions(current()).length;
    apply(() => next);
    announce(t('admin.builder.inserted', { count: added }));
  }, []);

  return { ctx, sections, addSection, insert };
}
