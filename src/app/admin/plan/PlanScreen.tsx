/**
 * The participation plan of a fiscal year (announcement 2.2): the table grouped by mission and
 * group, the row editor, approval (who, position, date in BE) and publication, progress per
 * round, files in and out. Admins change it; supervisors read it.
 */
import { useEffect, useState } from 'preact/hooks';
import { localIsoDay } from '../../../core/answers.js';
import { formatDate } from '../../../core/format.js';
import { useT } from '../../hooks.js';
import { onLinkClick } from '../../router.js';
import { ApiError, apiGet, apiSend } from '../api.js';
import { FileButtons, YearField } from './parts.js';
import type { PlanRowView, PlanView } from './plan-api.js';
import { PlanRowEditor } from './PlanRowEditor.js';
import { PlanTable } from './PlanTable.js';
import './plan.css';

/** The plan screen. */
export function PlanScreen({ fiscalYear, canEdit }: { fiscalYear: number; canEdit: boolean }) {
  const { t, lang } = useT();
  const [plan, setPlan] = useState<PlanView>();
  const [editing, setEditing] = useState<PlanRowView | 'new'>();
  const [version, setVersion] = useState(0);
  const [approval, setApproval] = useState({ by: '', position: '', date: localIsoDay() });
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    apiGet<PlanView>(`/plan?fiscalYear=${fiscalYear}`)
      .then(setPlan)
      .catch(() => undefined);
  }, [fiscalYear, version]);
  if (!plan) return <p aria-busy="true">{t('common.loading')}</p>;
  const reload = () => setVersion((v) => v + 1);
  const count = (state: string) => plan.rows.filter((r) => r.state === state).length;
  const move = async (action: 'approve' | 'publish' | 'unpublish') => {
    setStatus(undefined);
    try {
      const r = await apiSend<{ ids: string[] }>('POST', `/plan/${action}`, {
        fiscalYear,
        ...(action === 'approve' ? { approval } : {}),
      });
      setStatus({ ok: true, text: t(`admin.plan.moved_${action}`, { count: r.ids.length }) });
      reload();
    } catch (error) {
      setStatus({
        ok: false,
        text: t('admin.plan.saveRefused', { message: error instanceof ApiError ? error.message : '' }),
      });
    }
  };
  const editingRow = editing === 'new' ? undefined : editing;
  return (
    <section class="plan-screen" aria-labelledby="plan-title">
      <h1 id="plan-title">{t('admin.plan.title', { year: fiscalYear })}</h1>
      <YearField fiscalYear={fiscalYear} path="/admin/plan" />
      <p class="actions no-print">
        <a href={`/admin/register?fy=${fiscalYear}`} onClick={onLinkClick}>
          {t('admin.register.title', { year: fiscalYear })}
        </a>
        <a href={`/admin/plan/print?fy=${fiscalYear}`} onClick={onLinkClick}>
          {t('admin.plan.print')}
        </a>
      </p>
      <p role="status" class="muted">
        {t('admin.plan.counts', { draft: count('draft'), approved: count('approved'), published: count('published') })}
      </p>
      {!plan.missions.length || !plan.groups.length ? (
        <p class="banner banner-warning">
          {t('admin.plan.noRegister')}{' '}
          <a href={`/admin/register?fy=${fiscalYear}`} onClick={onLinkClick}>
            {t('admin.register.title', { year: fiscalYear })}
          </a>
        </p>
      ) : (
        canEdit &&
        !editing && (
          <div class="actions no-print">
            <button type="button" class="button" onClick={() => setEditing('new')}>
              {t('admin.plan.addRow')}
            </button>
          </div>
        )
      )}
      {editing && (
        <PlanRowEditor
          key={editingRow?.id ?? 'new'}
          plan={plan}
          row={editingRow}
          onChanged={reload}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) reload();
          }}
        />
      )}
      {plan.rows.length ? (
        <PlanTable plan={plan} onEdit={canEdit ? (r) => setEditing(r) : undefined} />
      ) : (
        <p class="muted">{t('admin.plan.noRows')}</p>
      )}

      {canEdit && plan.rows.length > 0 && (
        <section class="card no-print" aria-labelledby="approve-title">
          <h2 id="approve-title">{t('admin.plan.approveTitle')}</h2>
          <div class="grid-fields">
            <label>
              {t('admin.plan.approvedBy')}
              <input
                type="text"
                value={approval.by}
                onInput={(e) => setApproval({ ...approval, by: e.currentTarget.value })}
              />
            </label>
            <label>
              {t('admin.plan.approvedPosition')}
              <input
                type="text"
                value={approval.position}
                onInput={(e) => setApproval({ ...approval, position: e.currentTarget.value })}
              />
            </label>
            <div>
              <label for="plan-approved-on">{t('admin.plan.approvedOn')}</label>
              <input
                id="plan-approved-on"
                type="date"
                value={approval.date}
                onInput={(e) => setApproval({ ...approval, date: e.currentTarget.value })}
              />
              <span class="small muted">{approval.date ? formatDate(approval.date, lang) : ''}</span>
            </div>
          </div>
          <div class="actions">
            <button
              type="button"
              class="button"
              disabled={!count('draft') || !approval.by.trim() || !approval.date}
              onClick={() => void move('approve')}
            >
              {t('admin.plan.approve', { count: count('draft') })}
            </button>
            <button type="button" class="button" disabled={!count('approved')} onClick={() => void move('publish')}>
              {t('admin.plan.publish', { count: count('approved') })}
            </button>
            <button
              type="button"
              class="button button-secondary"
              disabled={!count('published')}
              onClick={() => void move('unpublish')}
            >
              {t('admin.plan.unpublish')}
            </button>
          </div>
          <p role="status" class={status && !status.ok ? 'field-error' : 'muted'}>
            {status?.text ?? ''}
          </p>
        </section>
      )}

      <h2>{t('admin.plan.files')}</h2>
      <FileButtons what="plan" fiscalYear={fiscalYear} canEdit={canEdit} onImported={reload} />
    </section>
  );
}
