/**
 * The survey editor: a fully controlled editor of a survey definition (docs/survey-format.md).
 * Every edit calls `onChange` with a new definition that shares all it did not touch, so only the
 * edited question's row re-renders; the whole editor has one undo stack (Ctrl+Z, "เลิกทำ").
 * Thai and English sit side by side; problems from the validator show at their place, and
 * `focus` scrolls to and highlights the field of a validator path.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { tr } from '../../../../core/answers.js';
import type { SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { findField, groupProblems, type Problem } from './problems.js';
import { QuestionLibrary } from './QuestionLibrary.js';
import { RowWindow, WINDOW_FROM } from './row-window.js';
import { SectionCard } from './SectionCard.js';
import { SettingsPanel } from './SettingsPanel.js';
import { SurveyPreview } from './SurveyPreview.js';
import { useEditorActions } from './use-editor-actions.js';
import { useHistory } from './use-history.js';
import './editor.css';

/** What the editor is given. */
export interface SurveyEditorProps {
  value: SurveyDefinition;
  onChange(next: SurveyDefinition): void;
  problems: readonly Problem[];
  /** Asks the editor to scroll to and focus the field of a validator path (`seq` changes on every ask). */
  focus?: { path: string; seq: number } | undefined;
  /** The survey has a published version: its id is fixed. */
  published?: boolean;
  /** Ids of the questions in a published version: their ids are fixed, option values warn. */
  publishedIds?: readonly string[];
}

const NONE: readonly never[] = [];
const FOCUSABLE = 'input, textarea, select, button, summary';

/** The key of the conditions panel a path points into (`sections[1].questions[0].showIf…`), if any. */
function conditionOwner(survey: SurveyDefinition, path: string): string | undefined {
  const m = /^sections\[(\d+)\](?:\.questions\[(\d+)\])?\.(?:showIf|constraint)/.exec(path);
  if (!m) return undefined;
  const section = survey.sections[Number(m[1])];
  if (m[2] === undefined) return section ? `section:${section.id}` : undefined;
  return section?.questions[Number(m[2])]?.id;
}

/** Edits a whole survey definition. */
export function SurveyEditor({ value, onChange, problems, focus, published = false, publishedIds }: SurveyEditorProps) {
  const { t, lang } = useT();
  const history = useHistory(value, onChange);
  const [announcement, setAnnouncement] = useState('');
  const [notice, setNotice] = useState<string>();
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const [sectionIndex, setSectionIndex] = useState(0);
  const [tab, setTab] = useState<'edit' | 'preview'>('edit');
  const [library, setLibrary] = useState(false);
  const [compact, setCompact] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string | null>(null);

  const grouped = useMemo(() => groupProblems(problems), [problems]);
  const titlesKey = value.sections.map((s) => tr(s.title, lang) || s.id).join('\u0000');
  const sectionTitles = useMemo(() => titlesKey.split('\u0000'), [titlesKey]);
  const listsKey = Object.keys(value.lists ?? {}).join('\u0000');
  const listNames = useMemo(() => (listsKey ? listsKey.split('\u0000') : []), [listsKey]);
  const fixedIds = useMemo(() => new Set(publishedIds ?? []), [publishedIds]);
  // A long survey keeps only the rows near the screen whole (row-window.ts, docs/survey-editor.md).
  const rowWindow = useMemo(() => new RowWindow(), []);
  const windowed = rowWindow.active && value.sections.reduce((n, x) => n + x.questions.length, 0) > WINDOW_FROM;
  useEffect(() => {
    rowWindow.started = true;
    return () => rowWindow.detach();
  }, []);
  // Showing the editor again (a phone's tab) or the compact view moves every row.
  useEffect(() => rowWindow.refresh(), [tab, compact]);
  const announce = (text: string) => setAnnouncement((old) => (old === text ? `${text}\u00a0` : text));
  const { ctx, sections, addSection, insert } = useEditorActions(
    {
      apply: history.apply,
      current: history.current,
      t,
      lang,
      announce,
      notify: (text) => {
        setNotice(text);
        announce(text);
      },
      focusNext,
      toggleConditions: (id) =>
        setOpen((old) => {
          const next = new Set(old);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      renameOpen: (from, to) =>
        setOpen((old) => {
          if (!old.has(from)) return old;
          const next = new Set(old);
          next.delete(from);
          next.add(to);
          return next;
        }),
    },
    {
      dimensions: value.dimensions ?? NONE,
      listNames,
      sectionTitles,
      publishedIds: fixedIds,
      open,
      rowWindow: windowed ? rowWindow : undefined,
    },
  );

  // Focus what an action moved or created, once it is on the page.
  useEffect(() => {
    const selector = focusNext.current;
    if (!selector || !root.current) return;
    focusNext.current = null;
    const el = root.current.querySelector<HTMLElement>(selector);
    if (el && !(el as HTMLButtonElement).disabled) el.focus();
    else el?.closest('article, section')?.querySelector<HTMLElement>('.builder-handle')?.focus();
  });

  // Go to the field of a validator path when asked: first show the editor (a phone may be on
  // the preview tab) and open the conditions it points into, then, once rendered, the field.
  const wanted = useRef<string | undefined>(undefined);
  const [goTick, setGoTick] = useState(0);
  useEffect(() => {
    if (!focus) return;
    wanted.current = focus.path;
    // The row of the field must hold its fields (not be a stand-in) when the next render is done.
    const at = /^sections\[(\d+)\]\.questions\[(\d+)\]/.exec(focus.path);
    rowWindow.ask(at ? value.sections[Number(at[1])]?.questions[Number(at[2])]?.id : undefined);
    setTab('edit');
    const inCondition = conditionOwner(value, focus.path);
    if (inCondition) setOpen((old) => (old.has(inCondition) ? old : new Set(old).add(inCondition)));
    setGoTick((n) => n + 1);
  }, [focus?.seq]);
  useEffect(() => {
    const path = wanted.current;
    if (!path || !root.current) return;
    wanted.current = undefined;
    const el = findField(root.current, path);
    if (!el) return;
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
    el.scrollIntoView?.({ block: 'center' });
    // In the compact view a question shows its details only while focus is in it: enter it first.
    const row = el.closest('.builder-question');
    if (el.closest('.builder-details') && !row?.contains(document.activeElement))
      row?.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true });
    // A place that is not a field itself (a question's options) focuses its first field.
    const field = el.matches(FOCUSABLE) ? el : el.querySelector<HTMLElement>(FOCUSABLE);
    field?.focus({ preventScroll: true });
    el.classList.remove('builder-highlight');
    void el.offsetWidth; // restarts the highlight's animation when the same field is asked again
    el.classList.add('builder-highlight');
  }, [goTick]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      if (history.undo()) announce(t('admin.builder.undone'));
      setNotice(undefined);
    } else if (key === 'y' || (key === 'z' && e.shiftKey)) {
      e.preventDefault();
      if (history.redo()) announce(t('admin.builder.redone'));
    }
  };
  const onFocusIn = (e: FocusEvent) => {
    const at = (e.target as HTMLElement | null)?.closest?.('[data-section]')?.getAttribute('data-section');
    if (at != null) setSectionIndex(Number(at));
  };
  // A drag cancelled (Esc, dropped outside) leaves no drop place marked.
  const clearDropMarks = () => {
    rowWindow.drag(undefined);
    for (const el of root.current?.querySelectorAll('.builder-drop') ?? []) el.classList.remove('builder-drop');
  };
  const undo = () => {
    if (history.undo()) announce(t('admin.builder.undone'));
    setNotice(undefined);
  };
  const seen = new Set<string>();
  const sectionKeys = value.sections.map((section, i) => {
    const key = seen.has(section.id) ? `${section.id}#${i}` : section.id;
    seen.add(key);
    return key;
  });
  const shownSection = Math.min(sectionIndex, value.sections.length - 1);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the editor's shortcuts (Ctrl+Z, Ctrl+Y) and its preview's section follow key and focus events bubbling from any of its fields.
    <div
      class="builder"
      data-tab={tab}
      data-compact={compact ? '' : undefined}
      ref={root}
      onKeyDown={onKeyDown}
      onFocusIn={onFocusIn}
      onDragEnd={clearDropMarks}
    >
      <div class="builder-toolbar">
        <button type="button" class="button button-secondary" disabled={!history.canUndo} onClick={undo}>
          <span aria-hidden="true">↶ </span>
          {t('admin.builder.undo')}
        </button>
        <button
          type="button"
          class="button button-secondary"
          disabled={!history.canRedo}
          onClick={() => history.redo() && announce(t('admin.builder.redone'))}
        >
          <span aria-hidden="true">↷ </span>
          {t('admin.builder.redo')}
        </button>
        <button
          type="button"
          class="button button-small button-secondary"
          aria-pressed={compact}
          title={t('admin.builder.compactHint')}
          onClick={() => setCompact((c) => !c)}
        >
          {t('admin.builder.compact')}
        </button>
        <span class="muted builder-note">{t('admin.builder.keys')}</span>
        <span class="builder-tabs">
          {(['edit', 'preview'] as const).map((name) => (
            <button
              key={name}
              type="button"
              class="button button-small button-secondary"
              aria-pressed={tab === name}
              onClick={() => setTab(name)}
            >
              {t(`admin.builder.tab.${name}`)}
            </button>
          ))}
        </span>
      </div>
      <div role="status" aria-live="polite" class="visually-hidden">
        {announcement}
      </div>
      {notice && (
        <div class="banner banner-info builder-notice">
          <p>{notice}</p>
          <button type="button" class="button button-small" onClick={undo}>
            {t('admin.builder.undo')}
          </button>{' '}
          <button type="button" class="link-button" onClick={() => setNotice(undefined)}>
            {t('admin.builder.dismiss')}
          </button>
        </div>
      )}
      <div class="builder-columns">
        <div class="builder-main">
          <SettingsPanel
            survey={value}
            published={published}
            problems={grouped.get('') ?? NONE}
            current={history.current}
            onEdit={history.apply}
          />
          <details class="builder-extra" onToggle={(e) => setLibrary(e.currentTarget.open)}>
            <summary>{t('admin.builder.library.title')}</summary>
            {library && <QuestionLibrary survey={value} onInsert={insert} />}
          </details>
          {value.sections.map((section, s) => (
            <SectionCard
              key={sectionKeys[s]}
              section={section}
              s={s}
              count={value.sections.length}
              problems={grouped}
              ctx={ctx}
              actions={sections}
              survey={
                open.has(`section:${section.id}`) || section.questions.some((q) => open.has(q.id)) ? value : undefined
              }
            />
          ))}
          <button type="button" class="button button-secondary" onClick={addSection}>
            <span aria-hidden="true">+ </span>
            {t('admin.builder.addSection')}
          </button>
        </div>
        {/* The preview has its own title, section picker and language switch; it follows the section
            being edited (the focus moving into a section picks it). */}
        <aside class="builder-preview" aria-label={t('admin.builder.preview.title')}>
          {shownSection >= 0 && <SurveyPreview survey={value} lang={lang} sectionIndex={shownSection} />}
        </aside>
      </div>
    </div>
  );
}
