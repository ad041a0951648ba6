/**
 * "Show when": a condition built from menus (question, comparison, value), with "all of" / "any
 * of" groups and "not", read back as a sentence; a reference to a deleted or later question is
 * flagged where it is.
 */
import { useMemo } from 'preact/hooks';
import {
  choicesIn,
  conditionProblems,
  conditionSentence,
  defaultValue,
  earlierQuestions,
  isLeaf,
  type LeafCondition,
  type Operator,
  operatorOf,
  operatorsFor,
  questionNumbers,
  comparedValue,
  withOperator,
  withValue,
} from '../../../../core/condition-text.js';
import { type Condition, type Lang, OTHER, type Question, type SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import './builder-extras.css';

const K = 'admin.builder.condition.';

type Props = {
  survey: SurveyDefinition;
  /** The question (or `section:<id>`) being edited: only questions before it may be referenced. */
  before: string;
  value: Condition | undefined;
  onChange(next: Condition | undefined): void;
  lang: Lang;
  /** What the condition is for: when to show (default), or the rule an answer must keep. */
  kind?: 'showIf' | 'constraint';
};

interface Context {
  survey: SurveyDefinition;
  lang: Lang;
  groups: ReturnType<typeof earlierQuestions>;
  byId: Map<string, Question>;
  numbers: Map<string, number>;
  problems: Map<string, string>;
  uid: string;
  t: ReturnType<typeof useT>['t'];
  /** A new condition on the nearest earlier question. */
  fresh(): Condition | undefined;
  setRoot(next: Condition | undefined): void;
}

/** The condition editor of one question or section. */
export function ConditionEditor(props: Props) {
  const { t } = useT();
  const { survey, before, value, lang } = props;
  const kind = props.kind ?? 'showIf';
  const ctx = useMemo<Context>(() => {
    const byId = new Map(survey.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
    const numbers = questionNumbers(survey);
    const problems = new Map<string, string>();
    for (const p of value ? conditionProblems(survey, before, value) : []) {
      problems.set(p.path, t(`${K}problem.${p.kind}`, { number: numbers.get(p.question) ?? '' }));
    }
    return {
      survey,
      lang,
      groups: earlierQuestions(survey, before),
      byId,
      numbers,
      problems,
      uid: `cond-${kind === 'showIf' ? '' : `${kind}-`}${before.replace(/[^a-z0-9_-]/gi, '_')}`,
      t,
      fresh() {
        const last = this.groups.at(-1)?.questions.at(-1);
        return last && defaultValue(survey, last, operatorsFor(last.type)[0] ?? 'answered');
      },
      setRoot: props.onChange,
    };
  }, [survey, before, value, lang, t, props.onChange, kind]);
  const fresh = () => ctx.fresh();
  const say = (key: string, values: Record<string, string> = {}) => t(`${K}${key}`, values);

  return (
    <fieldset class="condition-editor">
      <legend>{kind === 'showIf' ? t(`${K}label`) : t('admin.builder.constraint')}</legend>
      {value ? (
        <p class="condition-sentence" aria-live="polite">
          {t(`${K}${kind === 'showIf' ? 'showWhen' : 'acceptWhen'}`, {
            sentence: conditionSentence(survey, value, lang, say),
          })}
        </p>
      ) : (
        <p class="muted">{t(`${K}${kind === 'showIf' ? 'always' : 'noRule'}`)}</p>
      )}
      {ctx.groups.length === 0 && !value && <p class="muted">{t(`${K}noEarlier`)}</p>}
      {value && <Node ctx={ctx} node={value} path="" onChange={props.onChange} root />}
      <div class="condition-actions">
        {!value && ctx.groups.length > 0 && (
          <button type="button" class="button button-secondary button-small" onClick={() => props.onChange(fresh())}>
            {t(`${K}add`)}
          </button>
        )}
        {value && (
          <button type="button" class="link-button" onClick={() => props.onChange(undefined)}>
            {t(`${K}removeAll`)}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function Node(p: {
  ctx: Context;
  negated?: boolean;
  node: Condition;
  path: string;
  onChange(next: Condition | undefined): void;
  root?: boolean;
}) {
  const { node, path } = p;
  if ('not' in node && !p.negated) {
    return (
      <Node ctx={p.ctx} node={node.not} path={join(path, 'not')} root={p.root ?? false} onChange={p.onChange} negated />
    );
  }
  return <Inner {...p} negated={p.negated ?? false} />;
}

function Inner(p: {
  ctx: Context;
  node: Condition;
  path: string;
  onChange(next: Condition | undefined): void;
  root?: boolean;
  negated: boolean;
}): preact.JSX.Element {
  const { node, path, negated, ctx } = p;
  const { t } = ctx;
  const fresh = () => ctx.fresh();
  const wrap = (next: Condition | undefined) => p.onChange(next && (negated ? { not: next } : next));
  const id = `${ctx.uid}-${path.replace(/[^a-z0-9]/gi, '_') || 'root'}`;
  const negate = (
    <label class="condition-not">
      <input
        type="checkbox"
        checked={negated}
        onChange={(e) => p.onChange(e.currentTarget.checked ? { not: node } : node)}
      />{' '}
      {t(`${K}negate`)}
    </label>
  );
  if (!isLeaf(node)) {
    const all = 'all' in node;
    const list = 'all' in node ? node.all : 'any' in node ? node.any : [];
    const set = (items: Condition[], isAll = all) =>
      wrap(
        items.length === 0
          ? undefined
          : items.length === 1 && !p.root
            ? items[0]
            : isAll
              ? { all: items }
              : { any: items },
      );
    return (
      <fieldset class="condition-group">
        <legend class="visually-hidden">{t(`${K}group`)}</legend>
        <div class="condition-row">
          <label for={`${id}-kind`} class="visually-hidden">
            {t(`${K}group`)}
          </label>
          <select
            id={`${id}-kind`}
            value={all ? 'all' : 'any'}
            onChange={(e) => set([...list], e.currentTarget.value === 'all')}
          >
            <option value="all">{t(`${K}groupAll`)}</option>
            <option value="any">{t(`${K}groupAny`)}</option>
          </select>
          {negate}
          {!p.root && <RemoveButton t={t} onClick={() => p.onChange(undefined)} />}
        </div>
        <ul class="condition-children">
          {list.map((child, i) => (
            <li key={i}>
              <Node
                ctx={ctx}
                node={child}
                path={join(path, `${all ? 'all' : 'any'}[${i}]`)}
                onChange={(next) =>
                  set(next ? list.map((c, j) => (j === i ? next : c)) : list.filter((_, j) => j !== i))
                }
              />
            </li>
          ))}
        </ul>
        <div class="condition-actions">
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() => {
              const f = fresh();
              if (f) set([...list, f]);
            }}
          >
            {t(`${K}add`)}
          </button>
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() => {
              const f = fresh();
              if (f) set([...list, all ? { any: [f] } : { all: [f] }]);
            }}
          >
            {t(`${K}addGroup`)}
          </button>
        </div>
      </fieldset>
    );
  }
  return (
    <Leaf
      ctx={ctx}
      node={node}
      id={id}
      problem={ctx.problems.get(path)}
      negate={negate}
      onChange={wrap}
      onGroup={
        p.root
          ? () => {
              const f = fresh();
              if (f) ctx.setRoot({ all: [negated ? { not: node } : node, f] });
            }
          : undefined
      }
      onRemove={p.root ? undefined : () => p.onChange(undefined)}
    />
  );
}

function RemoveButton(p: { t: Context['t']; onClick(): void }) {
  return (
    <button type="button" class="link-button" onClick={p.onClick}>
      {p.t(`${K}remove`)}
    </button>
  );
}

function Leaf(p: {
  ctx: Context;
  node: LeafCondition;
  id: string;
  problem: string | undefined;
  negate: preact.JSX.Element;
  onChange(next: Condition | undefined): void;
  onGroup: (() => void) | undefined;
  onRemove: (() => void) | undefined;
}) {
  const { node, id, ctx } = p;
  const { t, survey, lang } = ctx;
  const q = ctx.byId.get(node.question);
  const op = operatorOf(node);
  const ops = q ? operatorsFor(q.type) : [op];
  const label = (x: Question) => `${ctx.numbers.get(x.id)}. ${x.label[lang] || x.label.th}`;
  const known = ctx.groups.some((g) => g.questions.some((x) => x.id === node.question));
  return (
    <div class={`condition-leaf${p.problem ? ' condition-problem' : ''}`}>
      <div class="condition-row">
        <span class="condition-cell">
          <label for={`${id}-q`}>{t(`${K}question`)}</label>
          <select
            id={`${id}-q`}
            value={node.question}
            aria-invalid={p.problem ? true : undefined}
            aria-describedby={p.problem ? `${id}-problem` : undefined}
            onChange={(e) => {
              const next = ctx.byId.get(e.currentTarget.value);
              if (!next) return;
              const nextOps = operatorsFor(next.type);
              p.onChange(defaultValue(survey, next, nextOps.includes(op) ? op : (nextOps[0] ?? 'answered')));
            }}
          >
            {!known && (
              <option value={node.question}>{q ? label(q) : t(`${K}goneQuestion`, { id: node.question })}</option>
            )}
            {ctx.groups.map((g) => (
              <optgroup key={g.section.id} label={g.section.title[lang] || g.section.title.th}>
                {g.questions.map((x) => (
                  <option key={x.id} value={x.id}>
                    {label(x)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </span>
        <span class="condition-cell">
          <label for={`${id}-op`}>{t(`${K}operator`)}</label>
          <select
            id={`${id}-op`}
            value={op}
            onChange={(e) => q && p.onChange(withOperator(survey, q, node, e.currentTarget.value as Operator))}
          >
            {ops.map((o) => (
              <option key={o} value={o}>
                {t(`${K}op.${o}`)}
              </option>
            ))}
          </select>
        </span>
        {q && <ValueControl ctx={ctx} q={q} node={node} id={id} onChange={p.onChange} />}
      </div>
      {p.problem && (
        <p class="field-error" id={`${id}-problem`} role="alert">
          {p.problem}
        </p>
      )}
      <div class="condition-row">
        {p.negate}
        {p.onGroup && (
          <button type="button" class="link-button" onClick={p.onGroup}>
            {t(`${K}add`)}
          </button>
        )}
        {p.onRemove && <RemoveButton t={t} onClick={p.onRemove} />}
      </div>
    </div>
  );
}

function ValueControl(p: {
  ctx: Context;
  q: Question;
  node: LeafCondition;
  id: string;
  onChange(next: Condition): void;
}) {
  const { q, node, id } = p;
  const { t, survey, lang } = p.ctx;
  const op = operatorOf(node);
  if (op === 'answered' || op === 'notAnswered') return null;
  const current = comparedValue(node);
  const choices = choicesIn(survey, q, lang).map((c) =>
    c.value === OTHER && c.label === '' ? { ...c, label: t(`${K}sentence.other`) } : c,
  );
  const labelEl = (
    <label for={`${id}-v`} id={`${id}-vl`}>
      {t(op === 'in' ? `${K}values` : `${K}value`)}
    </label>
  );
  if (q.type === 'number' || (q.type === 'date' && op !== 'in')) {
    return (
      <span class="condition-cell">
        {labelEl}
        <input
          id={`${id}-v`}
          type={q.type === 'date' ? 'date' : 'number'}
          value={String(current ?? '')}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            if (q.type === 'date') return raw && p.onChange(withValue(node, raw));
            const n = Number(raw);
            if (raw !== '' && Number.isFinite(n)) p.onChange(withValue(node, n));
          }}
        />
      </span>
    );
  }
  const decode = (raw: string): string | number => (q.type === 'rating' ? Number(raw) : raw);
  if (op === 'in' && q.type !== 'lookup') {
    // A few options: checkboxes, each one click (a list box needs Ctrl+click to choose several).
    const chosen = Array.isArray(current) ? current : [];
    const all = [
      ...chosen
        .filter((v) => !choices.some((c) => c.value === v))
        .map((v) => ({
          value: v,
          label: t(`${K}goneValue`, { value: String(v) }),
        })),
      ...choices,
    ];
    const toggle = (value: string | number, on: boolean) => {
      const next = on ? [...chosen, value] : chosen.filter((v) => v !== value);
      // Kept in the options' order; an empty list is not a condition, so the last one stays.
      const ordered = all.map((c) => c.value).filter((v) => next.includes(v));
      if (ordered.length) p.onChange(withValue(node, ordered));
    };
    return (
      <fieldset class="condition-cell condition-values">
        <legend>{t(`${K}values`)}</legend>
        {all.map((c) => (
          <label key={String(c.value)}>
            <input
              type="checkbox"
              checked={chosen.includes(c.value)}
              onChange={(e) => toggle(c.value, e.currentTarget.checked)}
            />{' '}
            {c.label}
          </label>
        ))}
      </fieldset>
    );
  }
  if (op === 'in') {
    // A long list (schools): a list box.
    const chosen = Array.isArray(current) ? current : [];
    const gone = chosen.filter((v) => !choices.some((c) => c.value === v));
    return (
      <span class="condition-cell">
        {labelEl}
        <select
          id={`${id}-v`}
          multiple
          size={Math.min(6, choices.length + gone.length)}
          onChange={(e) => {
            const picked = [...e.currentTarget.selectedOptions].map((o) => o.value);
            if (picked.length) p.onChange(withValue(node, picked));
          }}
        >
          {gone.map((v) => (
            <option key={`gone-${v}`} value={String(v)} selected>
              {t(`${K}goneValue`, { value: String(v) })}
            </option>
          ))}
          {choices.map((c) => (
            <option key={c.value} value={String(c.value)} selected={chosen.includes(c.value)}>
              {c.label}
            </option>
          ))}
        </select>
      </span>
    );
  }
  const single = current as string | number | undefined;
  const missing = single !== undefined && !choices.some((c) => c.value === single);
  return (
    <span class="condition-cell">
      {labelEl}
      <select
        id={`${id}-v`}
        value={String(single ?? '')}
        aria-invalid={missing ? true : undefined}
        onChange={(e) => p.onChange(withValue(node, decode(e.currentTarget.value)))}
      >
        {missing && <option value={String(single)}>{t(`${K}goneValue`, { value: String(single) })}</option>}
        {choices.map((c) => (
          <option key={c.value} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    </span>
  );
}

function join(path: string, part: string): string {
  return path ? `${path}.${part}` : part;
}
