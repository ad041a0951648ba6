/** The plan as a table grouped by mission then group, on screen (with state and progress) and on paper. */
import { tr } from '../../../core/answers.js';
import { FREQUENCIES, type Progress } from '../../../core/plan.js';
import { useT } from '../../hooks.js';
import type { PlanRowView, PlanView } from './plan-api.js';

/** A round's progress in a cell: value, % of target, on target or not. */
function ProgressCell({ p }: { p: Progress | undefined }) {
  const { t } = useT();
  if (!p || p.value === null) return <span class="muted">–</span>;
  return (
    <span>
      {p.value.toLocaleString('en', { maximumFractionDigits: 2 })}
      {p.percent !== null && ` (${p.percent.toLocaleString('en')}%)`}
      {p.onTarget !== null && (
        <span class={p.onTarget ? 'status status-ok' : 'status status-new'}>
          {' '}
          {p.onTarget ? t('admin.plan.onTarget') : t('admin.plan.belowTarget')}
        </span>
      )}
    </span>
  );
}

/** The plan's rows in the register's order of missions and groups. */
export function PlanTable({
  plan,
  print,
  onEdit,
}: {
  plan: PlanView;
  print?: boolean;
  onEdit?: ((row: PlanRowView) => void) | undefined;
}) {
  const { t, lang } = useT();
  const group = (id: string) => plan.groups.find((g) => g.id === id);
  const channel = (id: string) => plan.channels.find((c) => c.id === id);
  const frequency = (f: string) =>
    (FREQUENCIES as readonly string[]).includes(f) ? t(`admin.plan.frequency_${f}`) : f;
  const x = (n: number | null) => (n === null ? '–' : n.toFixed(2));
  const columns = print ? 8 : 11 + (onEdit ? 1 : 0);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: wider than a phone, the table scrolls in its box, which must take keyboard focus to scroll without a pointer (WCAG 2.1.1).
    <section class="table-wrap" aria-label={t('admin.plan.tableCaption', { year: plan.fiscalYear })} tabIndex={0}>
      <table class="counts plan-table">
        <caption>{t('admin.plan.tableCaption', { year: plan.fiscalYear })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.register.group')}</th>
            <th scope="col">{t('admin.plan.level')}</th>
            <th scope="col">{t('admin.plan.expectation')}</th>
            <th scope="col">{t('admin.plan.channels')}</th>
            <th scope="col">{t('admin.plan.frequency')}</th>
            <th scope="col">{t('admin.plan.practice')}</th>
            <th scope="col">{t('admin.plan.indicator')}</th>
            <th scope="col">{t('admin.plan.responsibleUnit')}</th>
            {!print && <th scope="col">{t('admin.plan.state')}</th>}
            {!print && <th scope="col">{t('admin.plan.round', { months: 6 })}</th>}
            {!print && <th scope="col">{t('admin.plan.round', { months: 12 })}</th>}
            {!print && onEdit && (
              <th scope="col">
                <span class="visually-hidden">{t('admin.plan.editRow')}</span>
              </th>
            )}
          </tr>
        </thead>
        {plan.missions.map((m) => {
          const rows = plan.rows.filter((r) => r.mission === m.code);
          if (!rows.length) return null;
          return (
            <tbody key={m.code}>
              <tr class="row-strong">
                <th scope="colgroup" colSpan={columns}>
                  {m.code} {tr(m.title, lang)}
                </th>
              </tr>
              {rows.map((r) => {
                const g = group(r.group);
                return (
                  <tr key={r.id}>
                    <th scope="row">{g ? tr(g.name, lang) : r.group}</th>
                    <td>{t(`admin.plan.level_${r.level}`)}</td>
                    <td>
                      {r.expectation}
                      {r.evidenceFigures && (
                        <span class="small muted evidence">
                          {' '}
                          {t('admin.plan.evidenceShort', {
                            label: tr(r.evidenceFigures.label, lang),
                            year: r.evidence?.fiscalYear,
                            mean: x(r.evidenceFigures.satisfaction ?? r.evidenceFigures.value),
                            gap: x(r.evidenceFigures.gap),
                          })}
                        </span>
                      )}
                    </td>
                    <td>
                      {r.channels
                        .map((c) =>
                          channel(c) ? tr((channel(c) as { name: { th: string; en: string } }).name, lang) : c,
                        )
                        .join(', ')}
                    </td>
                    <td>{frequency(r.frequency)}</td>
                    <td>{r.practice}</td>
                    <td>
                      {r.indicator.what}
                      {r.indicator.target !== null &&
                        ` ${t('admin.plan.targetIs', { target: r.indicator.target, unit: r.indicator.unit })}`}
                    </td>
                    <td>{r.responsibleUnit}</td>
                    {!print && (
                      <td>
                        <span class={`status status-${r.state}`}>{t(`admin.plan.state_${r.state}`)}</span>
                      </td>
                    )}
                    {!print && (
                      <td>
                        <ProgressCell p={r.progress.find((p) => p.round === 6)} />
                      </td>
                    )}
                    {!print && (
                      <td>
                        <ProgressCell p={r.progress.find((p) => p.round === 12)} />
                      </td>
                    )}
                    {!print && onEdit && (
                      <td>
                        <button
                          type="button"
                          class="link-button"
                          aria-label={t('admin.plan.editRowOf', {
                            group: g ? tr(g.name, lang) : r.group,
                            level: t(`admin.plan.level_${r.level}`),
                            mission: m.code,
                          })}
                          onClick={() => onEdit(r)}
                        >
                          {t('admin.plan.edit')}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          );
        })}
      </table>
    </section>
  );
}
