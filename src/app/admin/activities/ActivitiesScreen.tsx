/**
 * Participation activities for staff: the year's list, one activity with its attachments (admins
 * edit, approve, choose what is public, add files), the devices allowed to send activities, and
 * the printed outputs: an activity's evidence pack for ITA o25 (topic, who took part by group,
 * minutes, result and how it was used, dated photos, who approved; A4) and the year's activities
 * (A4 landscape).
 */
import { useEffect, useState } from 'preact/hooks';
import {
  type Activity,
  type AttachmentKind,
  PARTICIPATION_LEVELS,
  type ParticipationLevel,
} from '../../../core/activities.js';
import { toBase64 } from '../../../core/base64.js';
import { formatDateTime } from '../../../core/format.js';
import { newId } from '../../../core/ids.js';
import type { LocalizedText } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { onLinkClick } from '../../router.js';
import { currentEndpoint } from '../../sync-bridge.js';
import { ApiError, apiDelete, apiGet, apiSend, type Me } from '../api.js';
import { PlanRowName, PlanRowSelect } from '../plan/PlanRowPicker.js';
import {
  dateText,
  groupLabel,
  PrintedOn,
  SignatureBlock,
  useGroups,
  useOfficeName,
  YearPicker,
  yearOf,
} from './shared.js';

interface Device {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const total = (a: Activity) => Object.values(a.participants).reduce((x, y) => x + y, 0);

/** The address of an attachment's bytes for an <img> or a link. */
function useEndpoint(): string {
  const [base, setBase] = useState('/api/v1');
  useEffect(() => {
    currentEndpoint()
      .then(setBase)
      .catch(() => undefined);
  }, []);
  return base;
}

function useActivities(year: number) {
  const [list, setList] = useState<Activity[]>();
  const load = () =>
    apiGet<{ activities: Activity[] }>(`/activities?fiscalYear=${year}`)
      .then((r) => setList(r.activities))
      .catch(() => setList([]));
  useEffect(() => void load(), [year]);
  return { list, load };
}

/** The year's activities and the devices. */
export function ActivitiesScreen({ me, query }: { me: Me; query: URLSearchParams }) {
  const { t, lang } = useT();
  const year = yearOf(query);
  const groups = useGroups();
  const { list } = useActivities(year);
  return (
    <section aria-labelledby="activities-title">
      <p class="no-print">
        <a href={`/admin/committees?fy=${year}`} onClick={onLinkClick}>
          {t('admin.committees.link')}
        </a>
      </p>
      <h1 id="activities-title">{t('admin.activities.heading', { year })}</h1>
      <div class="actions no-print">
        <YearPicker year={year} base="/admin/activities" />
        <a class="button" href="/device/activity">
          {t('admin.activities.record')}
        </a>
        <a class="button button-secondary" href={`/admin/activities/print?fy=${year}`} onClick={onLinkClick}>
          {t('admin.activities.printYear')}
        </a>
      </div>
      {!list ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('admin.activities.none')}</p>
      ) : (
        <ul class="cards">
          {list.map((a) => (
            <li class="card" key={a.id}>
              <h2>
                <a href={`/admin/activities/${a.id}`} onClick={onLinkClick}>
                  {a.title}
                </a>
              </h2>
              <p class="muted">
                {dateText(a.date, lang)} · {a.place} · {t(`admin.activities.level.${a.level}`)}
              </p>
              <p>
                {t('admin.activities.people', { count: total(a) })} ·{' '}
                {a.groups.map((g) => groupLabel(groups, g, lang)).join(', ')}
              </p>
              <p>
                <span class="status">
                  {a.approval ? t('admin.activities.approved') : t('admin.activities.notApproved')}
                </span>{' '}
                {a.public && <span class="status">{t('admin.activities.public')}</span>}{' '}
                {a.missing.length > 0 && (
                  <span class="status status-new">{t('admin.activities.missing', { count: a.missing.length })}</span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {me.role === 'admin' && <Devices />}
    </section>
  );
}

/** The devices allowed to send activities: made and revoked by admins; a code is shown once. */
function Devices() {
  const { t, lang } = useT();
  const [devices, setDevices] = useState<Device[]>([]);
  const [name, setName] = useState('');
  const [made, setMade] = useState<{ name: string; token: string }>();
  const load = () =>
    apiGet<{ devices: Device[] }>('/activity-devices')
      .then((r) => setDevices(r.devices))
      .catch(() => undefined);
  useEffect(() => void load(), []);
  return (
    <section class="no-print" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('admin.activities.devices.title')}</h2>
      <p class="field-hint">{t('admin.activities.devices.hint')}</p>
      <div class="field">
        <label class="field-label" for="device-name">
          {t('admin.activities.devices.name')}
        </label>
        <input id="device-name" type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <div class="actions">
          <button
            type="button"
            class="button button-secondary"
            onClick={async () => {
              if (!name.trim()) return;
              const r = await apiSend<{ name: string; token: string }>('POST', '/activity-devices', { name });
              setMade(r);
              setName('');
              await load();
            }}
          >
            {t('admin.activities.devices.make')}
          </button>
        </div>
        {made && (
          <div class="banner" role="status">
            <p>{t('admin.activities.devices.made', { name: made.name })}</p>
            <p>
              <code class="device-code">{made.token}</code>
            </p>
          </div>
        )}
      </div>
      <ul class="plain-list">
        {devices.map((d) => (
          <li key={d.id}>
            {d.name} · {formatDateTime(d.createdAt, lang)}
            {d.revokedAt ? (
              ` · ${t('admin.activities.devices.revoked')}`
            ) : (
              <button
                type="button"
                class="link-button"
                onClick={async () => {
                  await apiDelete(`/activity-devices/${d.id}`);
                  await load();
                }}
              >
                {t('admin.activities.devices.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One activity: its record, attachments, edits and approval. */
export function ActivityView({ id, me }: { id: string; me: Me }) {
  const { t, lang } = useT();
  const groups = useGroups();
  const base = useEndpoint();
  const [a, setA] = useState<Activity | null>();
  const [error, setError] = useState('');
  const [position, setPosition] = useState('');
  const [edit, setEdit] = useState<Partial<Activity>>({});
  const admin = me.role === 'admin';
  const load = () =>
    apiGet<Activity>(`/activities/${id}`)
      .then((x) => {
        setA(x);
        setEdit({});
      })
      .catch(() => setA(null));
  useEffect(() => void load(), [id]);
  if (a === undefined) return <p aria-busy="true">{t('common.loading')}</p>;
  if (a === null) return <p>{t('notFound.title')}</p>;
  const run = async (work: () => Promise<unknown>) => {
    setError('');
    try {
      await work();
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const value = <K extends keyof Activity>(k: K) => (edit[k] ?? a[k]) as Activity[K];
  const area = (key: 'contributions' | 'summary' | 'result' | 'followUp') => (
    <div class="field" key={key}>
      <label class="field-label" for={`edit-${key}`}>
        {t(`admin.activities.field.${key}`)}
      </label>
      <textarea
        id={`edit-${key}`}
        rows={3}
        readOnly={!admin}
        value={value(key)}
        onInput={(e) => setEdit((x) => ({ ...x, [key]: e.currentTarget.value }))}
      />
    </div>
  );
  return (
    <section aria-labelledby="activity-view-title">
      <p class="no-print">
        <a href={`/admin/activities?fy=${a.fiscalYear}`} onClick={onLinkClick}>
          {t('admin.activities.back')}
        </a>
      </p>
      <h1 id="activity-view-title">{a.title}</h1>
      <p class="muted">
        {dateText(a.date, lang)} · {a.place} · {t(`admin.activities.level.${a.level}`)}
      </p>
      <p class="muted">
        {t('admin.activities.recorded', {
          by: a.recordedBy,
          when: formatDateTime(a.recordedAt, lang),
          received: formatDateTime(a.receivedAt, lang),
        })}
      </p>
      <div class="actions">
        <a class="button" href={`/admin/activities/${a.id}/evidence`} onClick={onLinkClick}>
          {t('admin.activities.evidence')}
        </a>
      </div>
      <h2>{t('admin.activities.field.participants')}</h2>
      <ParticipantsTable a={a} groups={groups} />
      {area('contributions')}
      {area('summary')}
      {area('result')}
      {area('followUp')}
      {admin && (
        <PlanRowSelect
          id="edit-plan-row"
          label={t('admin.activities.field.planRowId')}
          fiscalYear={value('fiscalYear')}
          value={value('planRowId')}
          onChange={(planRowId) => setEdit((x) => ({ ...x, planRowId }))}
        />
      )}
      {admin && (
        <div class="field">
          <label class="field-label" for="edit-level">
            {t('admin.activities.field.level')}
          </label>
          <select
            id="edit-level"
            value={value('level')}
            onChange={(e) => setEdit((x) => ({ ...x, level: e.currentTarget.value as ParticipationLevel }))}
          >
            {PARTICIPATION_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`admin.activities.level.${l}`)}
              </option>
            ))}
          </select>
          <label class="inline-check">
            <input
              type="checkbox"
              checked={value('public')}
              onChange={(e) => setEdit((x) => ({ ...x, public: e.currentTarget.checked }))}
            />
            {t('admin.activities.field.public')}
          </label>
          <div class="actions">
            <button
              type="button"
              class="button button-secondary"
              disabled={Object.keys(edit).length === 0}
              onClick={() => void run(() => apiSend('PATCH', `/activities/${a.id}`, edit))}
            >
              {t('admin.save')}
            </button>
          </div>
        </div>
      )}
      <h2>{t('admin.activities.attachments')}</h2>
      {a.missing.length > 0 && <p class="muted">{t('admin.activities.missing', { count: a.missing.length })}</p>}
      <ul class="plain-list thumbs">
        {a.attachments.map((f) => (
          <li key={f.id}>
            {f.type.startsWith('image/') ? (
              <img src={`${base}/attachments/${f.id}`} alt={f.name} width={140} height={105} loading="lazy" />
            ) : (
              <a class="thumb-doc" href={`${base}/attachments/${f.id}`}>
                PDF
              </a>
            )}
            <small>
              {t(`admin.activities.kind.${f.kind}`)} · {dateText(f.takenAt, lang)}
            </small>
            {admin && (
              <label class="inline-check">
                <input
                  type="checkbox"
                  checked={f.public}
                  onChange={(e) => {
                    const pub = e.currentTarget.checked;
                    void run(() => apiSend('PATCH', `/attachments/${f.id}`, { public: pub }));
                  }}
                />
                {t('admin.activities.filePublic')}
              </label>
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <label class="button button-secondary file-button no-print">
          {t('admin.activities.addFile')}
          <input
            type="file"
            accept="image/*,application/pdf"
            class="visually-hidden"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              void run(async () => {
                // Loaded when used: the officer's form shares it, and a shared chunk would be listed in the first load.
                const { prepareFile } = await import('../../activity/photos.js');
                const ready = await prepareFile(file);
                if (!ready.ok) throw new Error(t('admin.activities.fileRefused'));
                const data = toBase64(new Uint8Array(await ready.blob.arrayBuffer()));
                const kind: AttachmentKind = ready.type === 'application/pdf' ? 'minutes' : 'photo';
                await apiSend('PUT', `/activities/${a.id}/attachments/${newId()}`, {
                  kind,
                  name: file.name.slice(0, 200),
                  takenAt: new Date(file.lastModified || Date.now()).toISOString().slice(0, 10),
                  public: false,
                  data,
                });
              });
            }}
          />
        </label>
      )}
      <h2>{t('admin.activities.approval')}</h2>
      {a.approval ? (
        <p>
          {t('admin.activities.approvedBy', {
            by: a.approval.by,
            position: a.approval.position,
            when: formatDateTime(a.approval.at, lang),
          })}
        </p>
      ) : (
        <p>{t('admin.activities.notApproved')}</p>
      )}
      {admin && (
        <div class="field">
          <label class="field-label" for="approve-position">
            {t('admin.activities.position')}
          </label>
          <input
            id="approve-position"
            type="text"
            value={position}
            onInput={(e) => setPosition(e.currentTarget.value)}
          />
          <div class="actions">
            <button
              type="button"
              class="button"
              onClick={() => void run(() => apiSend('POST', `/activities/${a.id}/approve`, { position }))}
            >
              {t('admin.activities.approve')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="form-summary" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function ParticipantsTable({ a, groups }: { a: Activity; groups: Map<string, LocalizedText> }) {
  const { t, lang } = useT();
  return (
    <div class="table-wrap">
      <table class="counts">
        <thead>
          <tr>
            <th scope="col">{t('admin.group')}</th>
            <th scope="col">{t('admin.activities.count')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(a.participants).map(([g, n]) => (
            <tr key={g}>
              <th scope="row">{groupLabel(groups, g, lang)}</th>
              <td class="num">{n}</td>
            </tr>
          ))}
          <tr class="row-strong">
            <th scope="row">{t('admin.activities.total')}</th>
            <td class="num">{total(a)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** An activity's evidence pack for ITA o25, printed on A4 with its dated photos. */
export function EvidencePack({ id }: { id: string }) {
  const { t, lang } = useT();
  const groups = useGroups();
  const office = useOfficeName();
  const base = useEndpoint();
  const [a, setA] = useState<Activity | null>();
  useEffect(() => {
    apiGet<Activity>(`/activities/${id}`)
      .then(setA)
      .catch(() => setA(null));
  }, [id]);
  if (a === undefined) return <p aria-busy="true">{t('common.loading')}</p>;
  if (a === null) return <p>{t('notFound.title')}</p>;
  const photos = a.attachments.filter((f) => f.type.startsWith('image/'));
  const documents = a.attachments.filter((f) => !f.type.startsWith('image/'));
  return (
    <article class="report official-doc print-portrait" aria-labelledby="evidence-title">
      <div class="no-print actions">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('admin.print')}
        </button>
        <a href={`/admin/activities/${a.id}`} onClick={onLinkClick}>
          {t('admin.activities.backToActivity')}
        </a>
      </div>
      <header class="report-head">
        <p>{office}</p>
        <h1 id="evidence-title">{t('admin.activities.evidenceTitle')}</h1>
        <p>{t('admin.fy', { year: a.fiscalYear })}</p>
      </header>
      <h2>{t('admin.activities.part1')}</h2>
      <dl>
        <dt>{t('admin.activities.field.title')}</dt>
        <dd>{a.title}</dd>
        <dt>{t('admin.activities.field.date')}</dt>
        <dd>{dateText(a.date, lang)}</dd>
        <dt>{t('admin.activities.field.place')}</dt>
        <dd>{a.place || '–'}</dd>
        <dt>{t('admin.activities.field.level')}</dt>
        <dd>{t(`admin.activities.level.${a.level}`)}</dd>
        {a.planRowId !== null && (
          <>
            <dt>{t('admin.activities.field.planRowId')}</dt>
            <dd>
              <PlanRowName fiscalYear={a.fiscalYear} id={a.planRowId} />
            </dd>
          </>
        )}
      </dl>
      <h2>{t('admin.activities.part2')}</h2>
      <ParticipantsTable a={a} groups={groups} />
      <h2>{t('admin.activities.part3')}</h2>
      <dl>
        <dt>{t('admin.activities.field.contributions')}</dt>
        <dd>{a.contributions || '–'}</dd>
        <dt>{t('admin.activities.field.summary')}</dt>
        <dd>{a.summary || '–'}</dd>
        <dt>{t('admin.activities.field.result')}</dt>
        <dd>{a.result || '–'}</dd>
      </dl>
      <h2>{t('admin.activities.part4')}</h2>
      <p class="pre-wrap">{a.followUp || '–'}</p>
      {documents.length > 0 && (
        <>
          <h2>{t('admin.activities.documents')}</h2>
          <ul>
            {documents.map((f) => (
              <li key={f.id}>
                {t(`admin.activities.kind.${f.kind}`)}: {f.name} ({dateText(f.takenAt, lang)})
              </li>
            ))}
          </ul>
        </>
      )}
      {photos.length > 0 && (
        <>
          <h2>{t('admin.activities.photos')}</h2>
          <div class="evidence-photos">
            {photos.map((f) => (
              <figure key={f.id}>
                <img src={`${base}/attachments/${f.id}`} alt={`${t(`admin.activities.kind.${f.kind}`)} ${f.name}`} />
                <figcaption>
                  {t(`admin.activities.kind.${f.kind}`)} ·{' '}
                  {t('admin.activities.takenOn', { date: dateText(f.takenAt, lang) })}
                </figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
      <p>{t('admin.activities.recordedShort', { by: a.recordedBy, when: formatDateTime(a.recordedAt, lang) })}</p>
      {a.approval ? (
        <p>
          {t('admin.activities.approvedBy', {
            by: a.approval.by,
            position: a.approval.position,
            when: formatDateTime(a.approval.at, lang),
          })}
        </p>
      ) : (
        <p class="muted">{t('admin.activities.notApproved')}</p>
      )}
      <SignatureBlock name={a.approval?.by} position={a.approval?.position} />
      <PrintedOn />
    </article>
  );
}

/** The year's activities as a printed table (A4 landscape). */
export function ActivitiesPrint({ query }: { query: URLSearchParams }) {
  const { t, lang } = useT();
  const year = yearOf(query);
  const groups = useGroups();
  const office = useOfficeName();
  const { list } = useActivities(year);
  if (!list) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <article class="report official-doc print-landscape" aria-labelledby="activities-print-title">
      <div class="no-print actions">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('admin.print')}
        </button>
        <a href={`/admin/activities?fy=${year}`} onClick={onLinkClick}>
          {t('admin.activities.back')}
        </a>
      </div>
      <header class="report-head">
        <p>{office}</p>
        <h1 id="activities-print-title">{t('admin.activities.printTitle')}</h1>
        <p>{t('admin.fy', { year })}</p>
      </header>
      <div class="table-wrap">
        <table class="activity-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.committees.number')}</th>
              <th scope="col">{t('admin.activities.field.date')}</th>
              <th scope="col">{t('admin.activities.field.title')}</th>
              <th scope="col">{t('admin.activities.field.level')}</th>
              <th scope="col">{t('admin.activities.field.participants')}</th>
              <th scope="col">{t('admin.activities.field.result')}</th>
              <th scope="col">{t('admin.activities.field.followUp')}</th>
              <th scope="col">{t('admin.activities.approval')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a, i) => (
              <tr key={a.id}>
                <td class="num">{i + 1}</td>
                <td>{dateText(a.date, lang)}</td>
                <td>
                  {a.title}
                  {a.place ? ` (${a.place})` : ''}
                </td>
                <td>{t(`admin.activities.level.${a.level}`)}</td>
                <td>
                  {Object.entries(a.participants)
                    .map(([g, n]) => `${groupLabel(groups, g, lang)} ${n}`)
                    .join(', ')}
                  {` (${t('admin.activities.total')} ${total(a)})`}
                </td>
                <td>{a.result}</td>
                <td>{a.followUp}</td>
                <td>{a.approval ? `${a.approval.by} ${dateText(a.approval.at, lang)}` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.length === 0 && <p>{t('admin.activities.none')}</p>}
      <SignatureBlock />
      <PrintedOn />
    </article>
  );
}
