/**
 * Committees and working groups of a fiscal year (announcement 2.3): the list, an editor for
 * admins (the committee, its appointment order, and its members with the group each represents),
 * and the year's list printed as a Thai official document (A4 landscape, Sarabun, BE dates,
 * page numbers, signature block). Members' contacts are shown to admins only and never printed.
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../../core/answers.js';
import type { Committee, CommitteeInput, MemberInput } from '../../../core/committees.js';
import type { LocalizedText } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { onLinkClick } from '../../router.js';
import { ApiError, apiDelete, apiGet, apiSend, type Me } from '../api.js';
import {
  dateText,
  groupLabel,
  PrintedOn,
  SignatureBlock,
  useGroups,
  useOfficeName,
  YearPicker,
  yearOf,
} from '../activities/shared.js';
import { PlanRowChecks } from '../plan/PlanRowPicker.js';

const emptyMember = (): MemberInput => ({
  name: '',
  role: { th: '', en: '' },
  group: null,
  organisation: '',
  appointedOn: null,
  endedOn: null,
  contact: '',
});

const emptyCommittee = (fiscalYear: number): CommitteeInput => ({
  fiscalYear,
  kind: 'committee',
  name: { th: '', en: '' },
  purpose: { th: '', en: '' },
  orderNumber: '',
  orderDate: null,
  termFrom: null,
  termTo: null,
  orderPublished: false,
  planRowIds: [],
  members: [emptyMember()],
});

function inputOf(c: Committee): CommitteeInput {
  const { id: _id, updatedAt: _at, updatedBy: _by, ...input } = c;
  return input;
}

/** The committees of a year. */
export function CommitteesScreen({ me, query }: { me: Me; query: URLSearchParams }) {
  const { t, lang } = useT();
  const year = yearOf(query);
  const groups = useGroups();
  const [list, setList] = useState<Committee[]>();
  const [editing, setEditing] = useState<{ id: number | null; input: CommitteeInput } | null>(null);
  const [error, setError] = useState('');
  const load = () =>
    apiGet<{ committees: Committee[] }>(`/committees?fiscalYear=${year}`)
      .then((r) => setList(r.committees))
      .catch(() => setList([]));
  useEffect(() => void load(), [year]);
  const admin = me.role === 'admin';

  if (editing)
    return (
      <CommitteeEditor
        initial={editing.input}
        groups={groups}
        onCancel={() => setEditing(null)}
        onSave={async (input) => {
          setError('');
          try {
            if (editing.id === null) await apiSend('POST', '/committees', input);
            else await apiSend('PUT', `/committees/${editing.id}`, input);
            setEditing(null);
            await load();
          } catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
          }
        }}
        onDelete={
          editing.id === null
            ? undefined
            : async () => {
                await apiDelete(`/committees/${editing.id}`);
                setEditing(null);
                await load();
              }
        }
        error={error}
      />
    );

  return (
    <section aria-labelledby="committees-title">
      <p class="no-print">
        <a href={`/admin/activities?fy=${year}`} onClick={onLinkClick}>
          {t('admin.activities.title')}
        </a>
      </p>
      <h1 id="committees-title">{t('admin.committees.title', { year })}</h1>
      <div class="actions no-print">
        <YearPicker year={year} base="/admin/committees" />
        {admin && (
          <button type="button" class="button" onClick={() => setEditing({ id: null, input: emptyCommittee(year) })}>
            {t('admin.committees.new')}
          </button>
        )}
        <a class="button button-secondary" href={`/admin/committees/print?fy=${year}`} onClick={onLinkClick}>
          {t('admin.committees.printYear')}
        </a>
      </div>
      {!list ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('admin.committees.none')}</p>
      ) : (
        <ul class="cards">
          {list.map((c) => (
            <li class="card" key={c.id}>
              <h2>{tr(c.name, lang)}</h2>
              <p class="muted">
                {t(`admin.committees.kind.${c.kind}`)} ·{' '}
                {t('admin.committees.order', { number: c.orderNumber || '–', date: dateText(c.orderDate, lang) })} ·{' '}
                {c.orderPublished ? t('admin.committees.published') : t('admin.committees.notPublished')}
              </p>
              <p>{t('admin.committees.memberCount', { count: c.members.length })}</p>
              <ul class="plain-list">
                {c.members.map((m, i) => (
                  <li key={`${i}-${m.name}`}>
                    {m.name} — {tr(m.role as LocalizedText, lang)}
                    {m.group ? ` (${groupLabel(groups, m.group, lang)})` : ''}
                  </li>
                ))}
              </ul>
              {admin && (
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() => setEditing({ id: c.id, input: inputOf(c) })}
                >
                  {t('admin.committees.edit')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CommitteeEditor({
  initial,
  groups,
  onSave,
  onCancel,
  onDelete,
  error,
}: {
  initial: CommitteeInput;
  groups: Map<string, LocalizedText>;
  onSave: (input: CommitteeInput) => Promise<void>;
  onCancel: () => void;
  onDelete: (() => Promise<void>) | undefined;
  error: string;
}) {
  const { t, lang } = useT();
  const [c, setC] = useState<CommitteeInput>(initial);
  const set = <K extends keyof CommitteeInput>(key: K, value: CommitteeInput[K]) =>
    setC((x) => ({ ...x, [key]: value }));
  const setMember = (i: number, change: Partial<MemberInput>) =>
    setC((x) => ({ ...x, members: x.members.map((m, j) => (j === i ? { ...m, ...change } : m)) }));
  const text = (id: string, label: string, value: string, onInput: (v: string) => void) => (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      <input id={id} type="text" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </div>
  );
  const date = (id: string, label: string, value: string | null, onInput: (v: string | null) => void) => (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      <input id={id} type="date" value={value ?? ''} onInput={(e) => onInput(e.currentTarget.value || null)} />
    </div>
  );
  return (
    <section aria-labelledby="committee-editor-title">
      <h1 id="committee-editor-title">{t('admin.committees.editorTitle')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSave({ ...c, members: c.members.filter((m) => m.name.trim()) });
        }}
      >
        <div class="field">
          <label class="field-label" for="committee-kind">
            {t('admin.committees.kindLabel')}
          </label>
          <select
            id="committee-kind"
            value={c.kind}
            onChange={(e) => set('kind', e.currentTarget.value as CommitteeInput['kind'])}
          >
            <option value="committee">{t('admin.committees.kind.committee')}</option>
            <option value="working_group">{t('admin.committees.kind.working_group')}</option>
          </select>
        </div>
        {text('committee-name-th', t('admin.committees.nameTh'), c.name.th, (v) => set('name', { ...c.name, th: v }))}
        {text('committee-name-en', t('admin.committees.nameEn'), c.name.en, (v) => set('name', { ...c.name, en: v }))}
        <div class="field">
          <label class="field-label" for="committee-purpose">
            {t('admin.committees.purpose')}
          </label>
          <textarea
            id="committee-purpose"
            rows={3}
            value={c.purpose.th}
            onInput={(e) => set('purpose', { ...c.purpose, th: e.currentTarget.value })}
          />
        </div>
        {text('committee-order', t('admin.committees.orderNumber'), c.orderNumber, (v) => set('orderNumber', v))}
        {date('committee-order-date', t('admin.committees.orderDate'), c.orderDate, (v) => set('orderDate', v))}
        {date('committee-from', t('admin.committees.termFrom'), c.termFrom, (v) => set('termFrom', v))}
        {date('committee-to', t('admin.committees.termTo'), c.termTo, (v) => set('termTo', v))}
        <PlanRowChecks
          legend={t('admin.committees.planRows')}
          fiscalYear={c.fiscalYear}
          value={c.planRowIds}
          onChange={(ids) => set('planRowIds', ids)}
        />
        <div class="field">
          <label class="inline-check">
            <input
              type="checkbox"
              checked={c.orderPublished}
              onChange={(e) => set('orderPublished', e.currentTarget.checked)}
            />
            {t('admin.committees.orderPublished')}
          </label>
          <p class="field-hint">{t('admin.committees.publishedHint')}</p>
        </div>
        <h2>{t('admin.committees.members')}</h2>
        <p class="field-hint">{t('admin.committees.contactHint')}</p>
        {c.members.map((m, i) => (
          <fieldset class="field" key={i}>
            <legend>{t('admin.committees.memberN', { n: i + 1 })}</legend>
            {text(`member-${i}-name`, t('admin.committees.memberName'), m.name, (v) => setMember(i, { name: v }))}
            {text(`member-${i}-role`, t('admin.committees.memberRole'), m.role.th, (v) =>
              setMember(i, { role: { ...m.role, th: v } }),
            )}
            {text(`member-${i}-role-en`, t('admin.committees.memberRoleEn'), m.role.en, (v) =>
              setMember(i, { role: { ...m.role, en: v } }),
            )}
            <div class="field">
              <label class="field-label" for={`member-${i}-group`}>
                {t('admin.committees.memberGroup')}
              </label>
              <select
                id={`member-${i}-group`}
                value={m.group ?? ''}
                onChange={(e) => setMember(i, { group: e.currentTarget.value || null })}
              >
                <option value="">{t('admin.committees.noGroup')}</option>
                {[...groups.keys()].map((id) => (
                  <option key={id} value={id}>
                    {groupLabel(groups, id, lang)}
                  </option>
                ))}
              </select>
            </div>
            {text(`member-${i}-org`, t('admin.committees.memberOrganisation'), m.organisation, (v) =>
              setMember(i, { organisation: v }),
            )}
            {date(`member-${i}-from`, t('admin.committees.memberAppointed'), m.appointedOn, (v) =>
              setMember(i, { appointedOn: v }),
            )}
            {date(`member-${i}-to`, t('admin.committees.memberEnded'), m.endedOn, (v) => setMember(i, { endedOn: v }))}
            {text(`member-${i}-contact`, t('admin.committees.memberContact'), m.contact, (v) =>
              setMember(i, { contact: v }),
            )}
            <button
              type="button"
              class="link-button"
              onClick={() => setC((x) => ({ ...x, members: x.members.filter((_, j) => j !== i) }))}
            >
              {t('admin.committees.removeMember')}
            </button>
          </fieldset>
        ))}
        <div class="actions">
          <button
            type="button"
            class="button button-secondary"
            onClick={() => setC((x) => ({ ...x, members: [...x.members, emptyMember()] }))}
          >
            {t('admin.committees.addMember')}
          </button>
        </div>
        {error && (
          <p class="form-summary" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="button">
            {t('admin.save')}
          </button>
          <button type="button" class="button button-secondary" onClick={onCancel}>
            {t('admin.committees.cancel')}
          </button>
          {onDelete && (
            <button type="button" class="link-button" onClick={() => void onDelete()}>
              {t('admin.committees.delete')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** The year's committees as a printed official document (A4 landscape). */
export function CommitteesPrint({ query }: { query: URLSearchParams }) {
  const { t, lang } = useT();
  const year = yearOf(query);
  const groups = useGroups();
  const office = useOfficeName();
  const [list, setList] = useState<Committee[]>();
  useEffect(() => {
    apiGet<{ committees: Committee[] }>(`/committees?fiscalYear=${year}`)
      .then((r) => setList(r.committees))
      .catch(() => setList([]));
  }, [year]);
  if (!list) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <article class="report official-doc print-landscape" aria-labelledby="committees-print-title">
      <div class="no-print actions">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('admin.print')}
        </button>
        <a href={`/admin/committees?fy=${year}`} onClick={onLinkClick}>
          {t('admin.committees.back')}
        </a>
      </div>
      <header class="report-head">
        <p>{office}</p>
        <h1 id="committees-print-title">{t('admin.committees.printTitle')}</h1>
        <p>{t('admin.fy', { year })}</p>
      </header>
      {list.length === 0 && <p>{t('admin.committees.none')}</p>}
      {list.map((c, n) => (
        <section key={c.id}>
          <h2>
            {n + 1}. {tr(c.name, lang)}
          </h2>
          <dl>
            <dt>{t('admin.committees.kindLabel')}</dt>
            <dd>{t(`admin.committees.kind.${c.kind}`)}</dd>
            <dt>{t('admin.committees.orderNumber')}</dt>
            <dd>{t('admin.committees.order', { number: c.orderNumber || '–', date: dateText(c.orderDate, lang) })}</dd>
            <dt>{t('admin.committees.term')}</dt>
            <dd>{c.termFrom || c.termTo ? `${dateText(c.termFrom, lang)} – ${dateText(c.termTo, lang)}` : '–'}</dd>
            {c.purpose.th || c.purpose.en ? (
              <>
                <dt>{t('admin.committees.purpose')}</dt>
                <dd>{tr(c.purpose, lang)}</dd>
              </>
            ) : null}
          </dl>
          <div class="table-wrap">
            <table class="member-table">
              <caption>{t('admin.committees.members')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.committees.number')}</th>
                  <th scope="col">{t('admin.committees.memberName')}</th>
                  <th scope="col">{t('admin.committees.memberRole')}</th>
                  <th scope="col">{t('admin.committees.memberGroup')}</th>
                  <th scope="col">{t('admin.committees.memberOrganisation')}</th>
                  <th scope="col">{t('admin.committees.memberAppointed')}</th>
                </tr>
              </thead>
              <tbody>
                {c.members.map((m, i) => (
                  <tr key={`${i}-${m.name}`}>
                    <td class="num">{i + 1}</td>
                    <td>{m.name}</td>
                    <td>{tr(m.role as LocalizedText, lang)}</td>
                    <td>{groupLabel(groups, m.group, lang)}</td>
                    <td>{m.organisation}</td>
                    <td>{dateText(m.appointedOn, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <SignatureBlock />
      <PrintedOn />
    </article>
  );
}
