/**
 * One plan row's editor: mission, group, level, the expectation and its evidence (picked from a
 * survey's items and dimensions with last year's x̄ and gap, not retyped), channels from the
 * office's list, frequency, practice, the indicator and its source, who is responsible, and an
 * internal note; for a saved row, the progress of each round.
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../../core/answers.js';
import { readNumber } from '../../../core/numbers.js';
import { evidenceText, FREQUENCIES, LEVELS, type PlanRowInput, ROUNDS, sourceText } from '../../../core/plan.js';
import type { SurveyResults } from '../../../core/results.js';
import type { LocalizedText } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { ApiError, apiGet, apiSend } from '../api.js';
import type { PlanRowView, PlanView } from './plan-api.js';

/** A survey figure the pickers offer, with last year's x̄ and gap. */
interface Figure {
  surveyId: string;
  target: 'item' | 'dimension';
  id: string;
  label: LocalizedText;
  expectation?: number | undefined;
  satisfaction?: number | undefined;
  gap?: number | undefined;
}

/** Items and dimensions of the office's surveys with their figures in `fiscalYear`. */
function useFigures(fiscalYear: number): Figure[] {
  const [figures, setFigures] = useState<Figure[]>([]);
  useEffect(() => {
    void (async () => {
      const { surveys } = await apiGet<{ surveys: { id: string; kind: string }[] }>('/surveys');
      const all: Figure[] = [];
      for (const s of surveys.filter((x) => x.kind === 'survey')) {
        const r = await apiGet<SurveyResults>(`/surveys/${encodeURIComponent(s.id)}/results?fy=${fiscalYear}`).catch(
          () => undefined,
        );
        if (!r) continue;
        const of = (
          target: Figure['target'],
          id: string,
          e: SurveyResults['overall'] | SurveyResults['items'][number],
        ) => ({
          surveyId: s.id,
          target,
          id,
          label: e.label,
          expectation: e.expectation?.mean,
          satisfaction: (e.satisfaction ?? e.value)?.mean,
          gap: e.gap,
        });
        for (const d of r.dimensions) all.push(of('dimension', d.id, d));
        for (const i of r.items) all.push(of('item', i.question, i));
      }
      setFigures(all);
    })().catch(() => undefined);
  }, [fiscalYear]);
  return figures;
}

const blank = (plan: PlanView): PlanRowInput => ({
  mission: plan.missions[0]?.code ?? '',
  group: plan.groups[0]?.id ?? '',
  level: 'inform',
  expectation: '',
  evidence: null,
  channels: [],
  frequency: 'yearly',
  practice: '',
  indicator: { what: '', target: null, unit: '', source: { kind: 'manual' } },
  responsibleUnit: '',
  responsiblePerson: '',
  note: '',
});

/** The row editor; `row` undefined adds a row. */
export function PlanRowEditor({
  plan,
  row,
  onDone,
  onChanged,
}: {
  plan: PlanView;
  row: PlanRowView | undefined;
  onDone: (saved: boolean) => void;
  /** Progress was saved: the plan should be read again, the editor stays. */
  onChanged: () => void;
}) {
  const { t, lang } = useT();
  const [input, setInput] = useState<PlanRowInput>(row ?? blank(plan));
  const [evidence, setEvidence] = useState(evidenceText(input.evidence));
  const [source, setSource] = useState(sourceText(input.indicator.source));
  const [target, setTarget] = useState(input.indicator.target === null ? '' : String(input.indicator.target));
  const [error, setError] = useState('');
  const lastYear = useFigures(plan.fiscalYear - 1);
  const set = (part: Partial<PlanRowInput>) => setInput({ ...input, ...part });
  const x = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(2));
  const figureText = (f: Figure) =>
    `${t(`admin.plan.target_${f.target}`)}: ${tr(f.label, lang)} (x̄ ${x(f.satisfaction)}, ${t('admin.plan.gap')} ${x(f.gap)})`;
  const named = FREQUENCIES.includes(input.frequency as (typeof FREQUENCIES)[number]);
  const save = async () => {
    const n = readNumber(target);
    if (n !== undefined && Number.isNaN(n)) return setError(t('admin.plan.targetInvalid'));
    const body = {
      mission: input.mission,
      group: input.group,
      level: input.level,
      expectation: input.expectation,
      channels: input.channels,
      frequency: input.frequency,
      practice: input.practice,
      responsibleUnit: input.responsibleUnit,
      responsiblePerson: input.responsiblePerson,
      note: input.note,
      evidence: evidence || null,
      indicator: { what: input.indicator.what, unit: input.indicator.unit, target: n ?? null, source },
    };
    try {
      if (row) await apiSend('PUT', `/plan/rows/${row.id}`, body);
      else await apiSend('POST', `/plan/rows?fiscalYear=${plan.fiscalYear}`, body);
      onDone(true);
    } catch (e) {
      setError(t('admin.plan.saveRefused', { message: e instanceof ApiError ? e.message : '' }));
    }
  };
  return (
    <form
      class="card plan-editor no-print"
      aria-labelledby="plan-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="plan-editor-title">{row ? t('admin.plan.editRow') : t('admin.plan.addRow')}</h2>
      {row && row.state !== 'draft' && <p class="banner banner-warning">{t('admin.plan.editResets')}</p>}
      <div class="grid-fields">
        <div>
          <label for="plan-mission">{t('admin.register.mission')}</label>
          <select id="plan-mission" value={input.mission} onChange={(e) => set({ mission: e.currentTarget.value })}>
            {plan.missions.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} {tr(m.title, lang)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="plan-group">{t('admin.register.group')}</label>
          <select id="plan-group" value={input.group} onChange={(e) => set({ group: e.currentTarget.value })}>
            {plan.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {tr(g.name, lang)}
                {plan.matrix.some((l) => l.mission === input.mission && l.group === g.id) ? ' ✓' : ''}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="plan-level">{t('admin.plan.level')}</label>
          <select
            id="plan-level"
            value={input.level}
            onChange={(e) => set({ level: e.currentTarget.value as PlanRowInput['level'] })}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`admin.plan.level_${l}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label>
        {t('admin.plan.expectation')}
        <textarea rows={2} value={input.expectation} onInput={(e) => set({ expectation: e.currentTarget.value })} />
      </label>
      <div>
        <label for="plan-evidence">{t('admin.plan.evidence')}</label>
        <select id="plan-evidence" value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)}>
          <option value="">{t('admin.plan.noEvidence')}</option>
          {evidence &&
            !lastYear.some((f) => `${f.surveyId}/${plan.fiscalYear - 1}/${f.target}/${f.id}` === evidence) && (
              <option value={evidence}>{evidence}</option>
            )}
          {lastYear.map((f) => (
            <option key={`${f.target}/${f.id}`} value={`${f.surveyId}/${plan.fiscalYear - 1}/${f.target}/${f.id}`}>
              {figureText(f)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('admin.plan.channels')}</legend>
        <div class="check-grid">
          {plan.channels.map((c) => (
            <label key={c.id} class="check">
              <input
                type="checkbox"
                checked={input.channels.includes(c.id)}
                onChange={(e) =>
                  set({
                    channels: e.currentTarget.checked
                      ? plan.channels.map((x) => x.id).filter((id) => id === c.id || input.channels.includes(id))
                      : input.channels.filter((id) => id !== c.id),
                  })
                }
              />
              {tr(c.name, lang)}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="grid-fields">
        <div>
          <label for="plan-frequency">{t('admin.plan.frequency')}</label>
          <select
            id="plan-frequency"
            value={named ? input.frequency : 'other'}
            onChange={(e) => set({ frequency: e.currentTarget.value === 'other' ? '' : e.currentTarget.value })}
          >
            {FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`admin.plan.frequency_${f}`)}
              </option>
            ))}
            <option value="other">{t('admin.plan.frequencyOther')}</option>
          </select>
        </div>
        {!named && (
          <label>
            {t('admin.plan.frequencyText')}
            <input type="text" value={input.frequency} onInput={(e) => set({ frequency: e.currentTarget.value })} />
          </label>
        )}
      </div>
      <label>
        {t('admin.plan.practice')}
        <textarea rows={2} value={input.practice} onInput={(e) => set({ practice: e.currentTarget.value })} />
      </label>
      <fieldset>
        <legend>{t('admin.plan.indicator')}</legend>
        <label>
          {t('admin.plan.indicatorWhat')}
          <input
            type="text"
            value={input.indicator.what}
            onInput={(e) => set({ indicator: { ...input.indicator, what: e.currentTarget.value } })}
          />
        </label>
        <div class="grid-fields">
          <label>
            {t('admin.plan.indicatorTarget')}
            <input type="text" inputMode="decimal" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
          </label>
          <label>
            {t('admin.plan.indicatorUnit')}
            <input
              type="text"
              value={input.indicator.unit}
              onInput={(e) => set({ indicator: { ...input.indicator, unit: e.currentTarget.value } })}
            />
          </label>
        </div>
        <div>
          <label for="plan-indicatorSource">{t('admin.plan.indicatorSource')}</label>
          <select id="plan-indicatorSource" value={source} onChange={(e) => setSource(e.currentTarget.value)}>
            <option value="manual">{t('admin.plan.source_manual')}</option>
            <option value="activities">{t('admin.plan.source_activities')}</option>
            {lastYear.map((f) => (
              <option
                key={`${f.target}/${f.id}`}
                value={`survey:${f.surveyId}/${f.target}/${f.id}/${f.expectation === undefined ? 'value' : 'satisfaction'}`}
              >
                {t('admin.plan.source_survey')} {figureText(f)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <div class="grid-fields">
        <label>
          {t('admin.plan.responsibleUnit')}
          <input
            type="text"
            value={input.responsibleUnit}
            onInput={(e) => set({ responsibleUnit: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('admin.plan.responsiblePerson')}
          <input
            type="text"
            value={input.responsiblePerson}
            onInput={(e) => set({ responsiblePerson: e.currentTarget.value })}
          />
        </label>
      </div>
      <label>
        {t('admin.plan.note')}
        <textarea rows={2} value={input.note} onInput={(e) => set({ note: e.currentTarget.value })} />
      </label>
      <p role="alert" class="field-error">
        {error}
      </p>
      <div class="actions">
        <button type="submit" class="button">
          {t('admin.plan.saveRow')}
        </button>
        <button type="button" class="button button-secondary" onClick={() => onDone(false)}>
          {t('admin.plan.cancel')}
        </button>
      </div>
      {row && <ProgressEditor row={row} onSaved={onChanged} />}
    </form>
  );
}

/** Each round's value (typed only for a manual indicator), problem and what was done. */
function ProgressEditor({ row, onSaved }: { row: PlanRowView; onSaved: () => void }) {
  const { t } = useT();
  const [rounds, setRounds] = useState(
    ROUNDS.map((round) => {
      const p = row.progress.find((x) => x.round === round);
      return {
        round,
        value: p?.value === null || p?.value === undefined ? '' : String(p.value),
        problem: p?.problem ?? '',
        done: p?.done ?? '',
      };
    }),
  );
  const [status, setStatus] = useState('');
  const computed = row.indicator.source.kind !== 'manual';
  const save = async (i: number) => {
    const r = rounds[i];
    if (!r) return;
    const n = readNumber(r.value);
    try {
      await apiSend('PUT', `/plan/rows/${row.id}/progress/${r.round}`, {
        value: computed || n === undefined || Number.isNaN(n) ? null : n,
        problem: r.problem,
        done: r.done,
      });
      setStatus(t('admin.saved'));
      onSaved();
    } catch (e) {
      setStatus(t('admin.plan.saveRefused', { message: e instanceof ApiError ? e.message : '' }));
    }
  };
  const set = (i: number, part: Partial<(typeof rounds)[number]>) =>
    setRounds(rounds.map((r, k) => (k === i ? { ...r, ...part } : r)));
  return (
    <section aria-labelledby="progress-title">
      <h3 id="progress-title">{t('admin.plan.progress')}</h3>
      {rounds.map((r, i) => (
        <fieldset key={r.round}>
          <legend>{t('admin.plan.round', { months: r.round })}</legend>
          {computed ? (
            <p>
              {t('admin.plan.value')}: {r.value || '–'} ({t('admin.plan.computed')})
            </p>
          ) : (
            <label>
              {t('admin.plan.value')}
              <input
                type="text"
                inputMode="decimal"
                value={r.value}
                onInput={(e) => set(i, { value: e.currentTarget.value })}
              />
            </label>
          )}
          <label>
            {t('admin.plan.problem')}
            <textarea rows={2} value={r.problem} onInput={(e) => set(i, { problem: e.currentTarget.value })} />
          </label>
          <label>
            {t('admin.plan.done')}
            <textarea rows={2} value={r.done} onInput={(e) => set(i, { done: e.currentTarget.value })} />
          </label>
          <button type="button" class="button button-secondary" onClick={() => void save(i)}>
            {t('admin.plan.saveProgress', { months: r.round })}
          </button>
        </fieldset>
      ))}
      <p role="status" class="muted">
        {status}
      </p>
    </section>
  );
}
