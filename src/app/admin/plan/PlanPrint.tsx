/**
 * Printed register and plan in Thai official style: the office's name, the title with the fiscal
 * year in BE, the tables (the plan on A4 landscape), page numbers, and the signature block of who
 * approved it. Printed with the browser (canvas PDF generators mis-stack Thai marks).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { localIsoDay, tr } from '../../../core/answers.js';
import { formatDate } from '../../../core/format.js';
import type { Approval } from '../../../core/plan.js';
import type { Register } from '../../../core/register.js';
import type { LocalizedText } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { apiGet } from '../api.js';
import { GroupsTable, InfluenceMap, MissionsTable } from '../register/RegisterTables.js';
import type { PlanView } from './plan-api.js';
import { PlanTable } from './PlanTable.js';
import './plan.css';

/** The page around a printed table: print button, heading, the content, signature, date. */
function Printed({
  title,
  fiscalYear,
  landscape,
  approval,
  draft,
  children,
}: {
  title: string;
  fiscalYear: number;
  landscape?: boolean;
  approval: Approval | undefined;
  draft: boolean;
  children: ComponentChildren;
}) {
  const { t, lang } = useT();
  const [office, setOffice] = useState<{ name: LocalizedText }>();
  useEffect(() => {
    apiGet<{ name: LocalizedText }>('/office')
      .then(setOffice)
      .catch(() => undefined);
  }, []);
  return (
    <article class={`report plan-print${landscape ? ' print-landscape' : ''}`} aria-labelledby="print-title">
      <div class="no-print actions">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('admin.print')}
        </button>
      </div>
      <header class="report-head">
        <p>{office ? tr(office.name, lang) : ''}</p>
        <h1 id="print-title">{title}</h1>
        <p>{t('admin.fy', { year: fiscalYear })}</p>
        {draft && <p class="draft-mark">{t('admin.plan.draftMark')}</p>}
      </header>
      {children}
      <div class="signature">
        <p>{t('admin.plan.signature')}</p>
        <p>({approval?.by || '.'.repeat(40)})</p>
        <p>{approval?.position || t('admin.plan.approvedPosition')}</p>
        <p>{approval ? t('admin.plan.approvedOnDate', { date: formatDate(approval.date, lang) }) : ''}</p>
      </div>
      <p class="report-date">{t('admin.printedOn', { date: formatDate(localIsoDay(), lang) })}</p>
    </article>
  );
}

/** The approval most rows carry (the plan is approved at once, as a rule). */
function approvalOf(plan: PlanView): Approval | undefined {
  const counts = new Map<string, { approval: Approval; n: number }>();
  for (const r of plan.rows) {
    if (!r.approval) continue;
    const key = JSON.stringify(r.approval);
    counts.set(key, { approval: r.approval, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.approval;
}

/** The printed plan (A4 landscape). */
export function PlanPrint({ fiscalYear }: { fiscalYear: number }) {
  const { t } = useT();
  const [plan, setPlan] = useState<PlanView>();
  useEffect(() => {
    apiGet<PlanView>(`/plan?fiscalYear=${fiscalYear}`)
      .then(setPlan)
      .catch(() => undefined);
  }, [fiscalYear]);
  if (!plan) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <Printed
      title={t('admin.plan.printTitle')}
      fiscalYear={fiscalYear}
      landscape
      approval={approvalOf(plan)}
      draft={plan.rows.some((r) => r.state === 'draft')}
    >
      <PlanTable plan={plan} print />
    </Printed>
  );
}

/** The printed register. */
export function RegisterPrint({ fiscalYear }: { fiscalYear: number }) {
  const { t, lang } = useT();
  const [register, setRegister] = useState<Register>();
  useEffect(() => {
    apiGet<Register>(`/register?fiscalYear=${fiscalYear}`)
      .then(setRegister)
      .catch(() => undefined);
  }, [fiscalYear]);
  if (!register) return <p aria-busy="true">{t('common.loading')}</p>;
  const none = () => undefined;
  return (
    <Printed
      title={t('admin.register.printTitle')}
      fiscalYear={fiscalYear}
      landscape
      approval={undefined}
      draft={false}
    >
      <h2>{t('admin.register.missions')}</h2>
      <MissionsTable missions={register.missions} canEdit={false} onChange={none} />
      <h2>{t('admin.register.groups')}</h2>
      <GroupsTable groups={register.groups} canEdit={false} onChange={none} />
      <h2>{t('admin.register.matrix')}</h2>
      <div class="table-wrap">
        <table class="counts">
          <thead>
            <tr>
              <th scope="col">{t('admin.register.mission')}</th>
              <th scope="col">{t('admin.register.group')}</th>
              <th scope="col">{t('admin.register.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {register.matrix.map((l) => {
              const m = register.missions.find((x) => x.code === l.mission);
              const g = register.groups.find((x) => x.id === l.group);
              return (
                <tr key={`${l.mission}|${l.group}`}>
                  <th scope="row">
                    {l.mission} {m ? tr(m.title, lang) : ''}
                  </th>
                  <td>{g ? tr(g.name, lang) : l.group}</td>
                  <td>{l.reason}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>{t('admin.register.map')}</h2>
      <InfluenceMap groups={register.groups} />
    </Printed>
  );
}
