/** One question of the editor: memoised, so a keystroke re-renders only the question it edits. */
import { memo } from 'preact/compat';
import { useRef } from 'preact/hooks';
import type { Condition, Question } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { ConditionEditor } from './ConditionEditor.js';
import { describeCondition, optionalText, withKey } from './edit-ops.js';
import { Check, dragLeave, dragOver, ProblemList, Select } from './fields.js';
import { IdField } from './IdField.js';
import { LocalizedField } from './LocalizedField.js';
import { type Problem, sameProblems } from './problems.js';
import { QuestionTypeFields } from './QuestionTypeFields.js';
import type { RowContext, SurveyWhenOpen } from './row-context.js';
import { useWhole } from './row-window.js';

interface Props {
  question: Question;
  s: number;
  q: number;
  count: number;
  problems: readonly Problem[] | undefined;
  ctx: RowContext;
  survey: SurveyWhenOpen;
}

/** A path of a text in one language, shown beside its own input. */
const TEXT_PATH = /\.(label|hint)\.(th|en)$/;

function QuestionRowView({ question, s, q, count, problems = [], ctx, survey }: Props) {
  const { t, lang } = useT();
  const at = { s, q };
  const path = `sections[${s}].questions[${q}]`;
  const published = ctx.publishedIds.has(question.id);
  const edit = (fn: (x: Question) => Question, coalesce?: string) => ctx.edit(at, fn, coalesce);
  const set = (key: string, value: unknown) =>
    edit((x) => withKey(x as unknown as Record<string, unknown>, key, value) as unknown as Question);
  const number = t('admin.builder.questionN', { n: q + 1 });
  const name = `${number} (${question.id})`;
  const open = ctx.open.has(question.id);
  const ref = useRef<HTMLElement>(null);
  // On a long survey a row far from the screen is a stand-in (row-window.ts): the same element,
  // the same height, its number, type and label as text, still a place to drop on.
  const whole = useWhole(ctx.rowWindow, question.id, ref);
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    ctx.shift(at, e.key === 'ArrowUp' ? -1 : 1);
  };
  const place = {
    ref,
    'data-path': path,
    'data-section': s,
    'aria-label': name,
    onDragOver: dragOver,
    onDragLeave: dragLeave,
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      dragLeave(e);
      e.stopPropagation();
      ctx.drop(at);
      ctx.rowWindow?.drag(undefined);
    },
  };
  if (!whole) {
    return (
      <article
        class="builder-question builder-standin"
        style={{ height: `${ctx.rowWindow?.height(question.id) ?? 0}px` }}
        {...place}
      >
        <header class="builder-question-head">
          <strong>{number}</strong>
          <span class="builder-type">{t(`admin.builder.type.${question.type}`)}</span>
          <span class="muted">{question.id}</span>
        </header>
        <p lang="th">{question.label.th}</p>
        <p lang="en">{question.label.en}</p>
        <ProblemList problems={problems} />
      </article>
    );
  }
  return (
    <article
      class="builder-question"
      {...place}
      onKeyDown={onKeyDown}
      onFocusIn={() => ctx.rowWindow?.focus(question.id)}
    >
      <header class="builder-question-head">
        <button
          type="button"
          class="builder-handle"
          draggable
          aria-label={t('admin.builder.dragHandle', { name })}
          title={t('admin.builder.dragHint')}
          onDragStart={(e) => {
            e.dataTransfer?.setData('text/plain', question.id);
            ctx.dragStart(at);
            ctx.rowWindow?.drag(question.id);
          }}
        >
          ⠿
        </button>
        <strong>{number}</strong>
        <span class="builder-type">{t(`admin.builder.type.${question.type}`)}</span>
        <IdField question={question} path={path} published={published} ctx={ctx} at={at} />
        <span class="builder-tools">
          <button
            type="button"
            class="button button-small button-secondary"
            data-move="up"
            aria-label={`${t('admin.builder.moveUp')}: ${name}`}
            disabled={s === 0 && q === 0}
            onClick={() => ctx.shift(at, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="button button-small button-secondary"
            data-move="down"
            aria-label={`${t('admin.builder.moveDown')}: ${name}`}
            disabled={s === ctx.sectionTitles.length - 1 && q === count - 1}
            onClick={() => ctx.shift(at, 1)}
          >
            ↓
          </button>
          <button
            type="button"
            class="button button-small button-secondary"
            aria-label={`${t('admin.builder.duplicate')}: ${name}`}
            onClick={() => ctx.duplicate(at)}
          >
            {t('admin.builder.duplicate')}
          </button>
          <button
            type="button"
            class="button button-small button-secondary"
            aria-label={`${t('admin.builder.delete')}: ${name}`}
            onClick={() => ctx.remove(at)}
          >
            {t('admin.builder.delete')}
          </button>
          <select
            aria-label={`${t('admin.builder.moveToSection')}: ${name}`}
            value=""
            onChange={(e) => {
              const target = Number(e.currentTarget.value);
              e.currentTarget.value = '';
              if (Number.isInteger(target)) ctx.moveTo(at, target);
            }}
          >
            <option value="">{t('admin.builder.moveToSection')}…</option>
            {ctx.sectionTitles.map((title, i) =>
              i === s ? null : (
                <option key={i} value={i}>
                  {i + 1}. {title}
                </option>
              ),
            )}
          </select>
        </span>
      </header>
      <LocalizedField
        path={`${path}.label`}
        label={t('admin.builder.label')}
        value={question.label}
        multiline
        problems={problems}
        onChange={(label) => edit((x) => ({ ...x, label }), `${path}.label`)}
      />
      <div class="builder-details">
        <LocalizedField
          path={`${path}.hint`}
          label={t('admin.builder.hint')}
          value={question.hint}
          optional
          problems={problems}
          onChange={(hint) => edit((x) => withKey(x, 'hint', optionalText(hint)), `${path}.hint`)}
        />
        <div class="builder-row">
          <Check
            path={`${path}.required`}
            label={t('admin.builder.required')}
            checked={question.required === true}
            onChange={(on) => set('required', on || undefined)}
          />
          <Check
            path={`${path}.personal`}
            label={t('admin.builder.personal')}
            checked={question.personal === true}
            onChange={(on) => set('personal', on || undefined)}
          />
          {(question.type === 'single' || question.type === 'lookup') && (
            <Select
              path={`${path}.preset`}
              label={t('admin.builder.preset')}
              value={question.preset ?? 'editable'}
              onChange={(v) => set('preset', v === 'editable' ? undefined : v)}
            >
              {(['editable', 'locked', 'never'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`admin.builder.presetRule.${p}`)}
                </option>
              ))}
            </Select>
          )}
        </div>
        <QuestionTypeFields
          path={path}
          question={question}
          dimensions={ctx.dimensions}
          listNames={ctx.listNames}
          published={published}
          problems={problems}
          onChange={(next) => edit(() => next)}
          announce={ctx.announce}
        />
        <section class="builder-conditions" aria-label={t('admin.builder.conditions')}>
          <button
            type="button"
            class="link-button"
            data-path={`${path}.showIf`}
            aria-expanded={open}
            onClick={() => ctx.toggleConditions(question.id)}
          >
            {t('admin.builder.conditions')}
          </button>
          {!open && (
            <span class="muted" data-path={`${path}.constraint`}>
              {' '}
              {question.showIf ? `${t('admin.builder.showIf')}: ${describeCondition(question.showIf)}` : ''}
              {question.constraint
                ? ` ${t('admin.builder.constraint')}: ${describeCondition(question.constraint.rule)}`
                : ''}
            </span>
          )}
          {open && survey && (
            <div class="builder-condition-body">
              <h4>{t('admin.builder.showIf')}</h4>
              <ConditionEditor
                survey={survey}
                before={question.id}
                value={question.showIf}
                lang={lang}
                onChange={(c: Condition | undefined) => set('showIf', c)}
              />
              <h4>{t('admin.builder.constraint')}</h4>
              <ConditionEditor
                survey={survey}
                before={question.id}
                value={question.constraint?.rule}
                lang={lang}
                kind="constraint"
                onChange={(rule) => set('constraint', rule ? { ...question.constraint, rule } : undefined)}
              />
              {question.constraint && (
                <LocalizedField
                  path={`${path}.constraint.message`}
                  label={t('admin.builder.constraintMessage')}
                  value={question.constraint.message}
                  optional
                  problems={problems}
                  onChange={(m) =>
                    edit((x) =>
                      x.constraint ? { ...x, constraint: withKey(x.constraint, 'message', optionalText(m)) } : x,
                    )
                  }
                />
              )}
            </div>
          )}
        </section>
      </div>
      {/* Problems of a text are shown beside its input; the rest here, under the question. */}
      <ProblemList problems={problems.filter((p) => !TEXT_PATH.test(p.path))} />
    </article>
  );
}

/** A question row that re-renders only when its own props change. */
export const QuestionRow = memo(
  QuestionRowView,
  (a, b) =>
    a.question === b.question &&
    a.s === b.s &&
    a.q === b.q &&
    a.count === b.count &&
    a.ctx === b.ctx &&
    a.survey === b.survey &&
    sameProblems(a.problems, b.problems),
);
