/** A section of the editor: its title, description and condition, its questions, and its tools. */
import { memo } from 'preact/compat';
import type { Question, QuestionType, Section } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { ConditionEditor } from './ConditionEditor.js';
import { describeCondition, optionalText, QUESTION_TYPES, withKey } from './edit-ops.js';
import { dragLeave, dragOver, ProblemList } from './fields.js';
import { LocalizedField } from './LocalizedField.js';
import type { Problem } from './problems.js';
import { QuestionRow } from './QuestionRow.js';
import type { RowContext, SurveyWhenOpen } from './row-context.js';

/** The section-level actions of the editor (stable). */
export interface SectionActions {
  edit(s: number, fn: (section: Section) => Section, coalesce?: string): void;
  shift(s: number, by: -1 | 1): void;
  remove(s: number): void;
  add(s: number, type: QuestionType): void;
  dragStart(s: number): void;
  drop(s: number): void;
}

interface Props {
  section: Section;
  s: number;
  count: number;
  /** Problems grouped by question path (and the section's own under its path). */
  problems: ReadonlyMap<string, Problem[]>;
  ctx: RowContext;
  actions: SectionActions;
  survey: SurveyWhenOpen;
}

/** Keys for question rows: ids, made unique when a draft holds a duplicate. */
function rowKeys(questions: readonly Question[]): string[] {
  const seen = new Set<string>();
  return questions.map((q, i) => {
    const key = seen.has(q.id) ? `${q.id}#${i}` : q.id;
    seen.add(key);
    return key;
  });
}

function SectionCardView({ section, s, count, problems, ctx, actions, survey }: Props) {
  const { t, lang } = useT();
  const path = `sections[${s}]`;
  const name = t('admin.builder.sectionN', { n: s + 1 });
  const open = ctx.open.has(`section:${section.id}`);
  const keys = rowKeys(section.questions);
  const own = problems.get(path) ?? [];
  return (
    <section
      class="builder-section"
      data-path={path}
      data-section={s}
      aria-label={name}
      onDragOver={dragOver}
      onDragLeave={dragLeave}
      onDrop={(e) => {
        e.preventDefault();
        dragLeave(e);
        actions.drop(s);
        ctx.rowWindow?.drag(undefined);
      }}
    >
      <header class="builder-section-head">
        <button
          type="button"
          class="builder-handle"
          draggable
          aria-label={t('admin.builder.dragHandle', { name })}
          title={t('admin.builder.dragHint')}
          onDragStart={(e) => {
            e.stopPropagation();
            e.dataTransfer?.setData('text/plain', section.id);
            actions.dragStart(s);
          }}
        >
          ⠿
        </button>
        <h2>{name}</h2>
        <label class="builder-id">
          <span>{t('admin.builder.id')}</span>
          <input
            data-path={`${path}.id`}
            value={section.id}
            size={14}
            spellcheck={false}
            onChange={(e) => {
              const id = e.currentTarget.value.trim();
              actions.edit(s, (x) => ({ ...x, id }));
            }}
          />
        </label>
        <span class="builder-tools">
          <button
            type="button"
            class="button button-small button-secondary"
            data-move="up"
            aria-label={`${t('admin.builder.moveUp')}: ${name}`}
            disabled={s === 0}
            onClick={() => actions.shift(s, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="button button-small button-secondary"
            data-move="down"
            aria-label={`${t('admin.builder.moveDown')}: ${name}`}
            disabled={s === count - 1}
            onClick={() => actions.shift(s, 1)}
          >
            ↓
          </button>
          <button
            type="button"
            class="button button-small button-secondary"
            aria-label={`${t('admin.builder.deleteSection')}: ${name}`}
            onClick={() => actions.remove(s)}
          >
            {t('admin.builder.deleteSection')}
          </button>
        </span>
      </header>
      <LocalizedField
        path={`${path}.title`}
        label={t('admin.builder.sectionTitle')}
        value={section.title}
        problems={own}
        onChange={(title) => actions.edit(s, (x) => ({ ...x, title }), `${path}.title`)}
      />
      <LocalizedField
        path={`${path}.description`}
        label={t('admin.builder.description')}
        value={section.description}
        optional
        multiline
        problems={own}
        onChange={(d) => actions.edit(s, (x) => withKey(x, 'description', optionalText(d)), `${path}.description`)}
      />
      <div class="builder-conditions">
        <button
          type="button"
          class="link-button"
          data-path={`${path}.showIf`}
          aria-expanded={open}
          onClick={() => ctx.toggleConditions(`section:${section.id}`)}
        >
          {t('admin.builder.sectionShowIf')}
        </button>
        {!open && section.showIf && <span class="muted"> {describeCondition(section.showIf)}</span>}
        {open && survey && (
          <ConditionEditor
            survey={survey}
            before={section.questions[0]?.id ?? ''}
            value={section.showIf}
            lang={lang}
            onChange={(c) => actions.edit(s, (x) => withKey(x, 'showIf', c))}
          />
        )}
      </div>
      <ProblemList problems={own.filter((p) => !/\.(title|description)\.(th|en)$/.test(p.path))} />
      {section.questions.map((question, q) => (
        <QuestionRow
          key={keys[q]}
          question={question}
          s={s}
          q={q}
          count={section.questions.length}
          problems={problems.get(`${path}.questions[${q}]`)}
          ctx={ctx}
          survey={ctx.open.has(question.id) ? survey : undefined}
        />
      ))}
      <label class="builder-add">
        <span>{t('admin.builder.addQuestion')}</span>
        <select
          data-path={`${path}.questions`}
          value=""
          onChange={(e) => {
            const type = e.currentTarget.value as QuestionType;
            e.currentTarget.value = '';
            if (QUESTION_TYPES.includes(type)) actions.add(s, type);
          }}
        >
          <option value="">{t('admin.builder.chooseType')}</option>
          {QUESTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`admin.builder.type.${type}`)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}

/** A section that re-renders only when it, its problems or the shared context change. */
export const SectionCard = memo(
  SectionCardView,
  (a, b) =>
    a.section === b.section &&
    a.s === b.s &&
    a.count === b.count &&
    a.ctx === b.ctx &&
    a.actions === b.actions &&
    a.survey === b.survey &&
    a.problems === b.problems,
);
