/**
 * The stakeholder register of a fiscal year (announcement 2.1): missions and strategies, groups,
 * the mission × group matrix with its reasons, the interest/influence map (with its table), the
 * office's channels, and the check that the surveys offer the same groups. Admins edit; a year
 * with nothing starts from OBEC's list or from last year.
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../../core/answers.js';
import type { Channel, Mission, MissionGroup, Register, StakeholderGroup } from '../../../core/register.js';
import starting from '../../../content/plan/starting-register-2570.json';
import { useT } from '../../hooks.js';
import { onLinkClick } from '../../router.js';
import { ApiError, apiGet, apiSend } from '../api.js';
import { FileButtons, YearField } from '../plan/parts.js';
import { GroupsTable, InfluenceMap, MissionsTable } from './RegisterTables.js';

interface Reconcile {
  surveys: { surveyId: string; onlyInSurvey: string[]; onlyInRegister: string[] }[];
}

/** The register screen. */
export function RegisterScreen({ fiscalYear, canEdit }: { fiscalYear: number; canEdit: boolean }) {
  const { t, lang } = useT();
  const [register, setRegister] = useState<Register>();
  const [channels, setChannels] = useState<Channel[]>([]);
  const [check, setCheck] = useState<Reconcile>();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    setRegister(undefined);
    apiGet<Register>(`/register?fiscalYear=${fiscalYear}`)
      .then((r) => {
        setRegister(r);
        setChannels(r.channels);
      })
      .catch(() => undefined);
    apiGet<Reconcile>(`/register/reconcile?fiscalYear=${fiscalYear}`)
      .then(setCheck)
      .catch(() => undefined);
  }, [fiscalYear, version]);
  if (!register) return <p aria-busy="true">{t('common.loading')}</p>;
  const reload = () => setVersion((v) => v + 1);
  const change = (part: Partial<Register>) => setRegister({ ...register, ...part });
  const failed = (error: unknown) =>
    setStatus({
      ok: false,
      text: t('admin.plan.saveRefused', { message: error instanceof ApiError ? error.message : '' }),
    });
  const save = async () => {
    setStatus(undefined);
    try {
      const { missions, groups, matrix } = register;
      setRegister(await apiSend<Register>('PUT', `/register?fiscalYear=${fiscalYear}`, { missions, groups, matrix }));
      setStatus({ ok: true, text: t('admin.saved') });
      reload();
    } catch (error) {
      failed(error);
    }
  };
  const saveChannels = async () => {
    setStatus(undefined);
    try {
      await apiSend('PUT', '/register/channels', { channels });
      setStatus({ ok: true, text: t('admin.saved') });
    } catch (error) {
      failed(error);
    }
  };
  const copyForward = async () => {
    try {
      await apiSend('POST', '/plan/copy-forward', { from: fiscalYear - 1, to: fiscalYear });
      reload();
    } catch (error) {
      failed(error);
    }
  };
  const empty = !register.missions.length && !register.groups.length;
  const linked = (m: string, g: string) => register.matrix.find((l) => l.mission === m && l.group === g);
  const setLink = (m: string, g: string, link: MissionGroup | undefined) =>
    change({
      matrix: [...register.matrix.filter((l) => !(l.mission === m && l.group === g)), ...(link ? [link] : [])],
    });
  const mismatches = check?.surveys.filter((s) => s.onlyInSurvey.length || s.onlyInRegister.length) ?? [];
  return (
    <section class="plan-screen" aria-labelledby="register-title">
      <h1 id="register-title">{t('admin.register.title', { year: fiscalYear })}</h1>
      <YearField fiscalYear={fiscalYear} path="/admin/register" />
      <p class="actions no-print">
        <a href={`/admin/plan?fy=${fiscalYear}`} onClick={onLinkClick}>
          {t('admin.plan.title', { year: fiscalYear })}
        </a>
        <a href={`/admin/register/print?fy=${fiscalYear}`} onClick={onLinkClick}>
          {t('admin.register.print')}
        </a>
      </p>
      {empty && canEdit && (
        <div class="card no-print">
          <p>{t('admin.register.emptyYear', { year: fiscalYear })}</p>
          <div class="actions">
            <button type="button" class="button" onClick={() => void copyForward()}>
              {t('admin.register.copyForward', { from: fiscalYear - 1 })}
            </button>
            <button
              type="button"
              class="button button-secondary"
              onClick={() => {
                change({
                  missions: starting.missions as Mission[],
                  groups: starting.groups as StakeholderGroup[],
                });
                if (!channels.length) setChannels(starting.channels);
              }}
            >
              {t('admin.register.startingList')}
            </button>
          </div>
          <p class="muted">{t('admin.register.startingListNote')}</p>
        </div>
      )}
      {mismatches.map((s) => (
        <p class="banner banner-warning" key={s.surveyId}>
          {t('admin.register.mismatch', {
            survey: s.surveyId,
            onlyInSurvey: s.onlyInSurvey.join(', ') || '–',
            onlyInRegister: s.onlyInRegister.join(', ') || '–',
          })}
        </p>
      ))}

      <h2>{t('admin.register.missions')}</h2>
      <MissionsTable missions={register.missions} canEdit={canEdit} onChange={(missions) => change({ missions })} />

      <h2>{t('admin.register.groups')}</h2>
      <GroupsTable groups={register.groups} canEdit={canEdit} onChange={(groups) => change({ groups })} />

      <h2 id="matrix-title">{t('admin.register.matrix')}</h2>
      <div class="table-wrap">
        <table class="counts matrix" aria-labelledby="matrix-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.register.mission')}</th>
              {register.groups.map((g) => (
                <th scope="col" key={g.id}>
                  {tr(g.name, lang)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {register.missions.map((m) => (
              <tr key={m.code}>
                <th scope="row">
                  {m.code} {tr(m.title, lang)}
                </th>
                {register.groups.map((g) => {
                  const link = linked(m.code, g.id);
                  const name = `${m.code} × ${tr(g.name, lang)}`;
                  return (
                    <td key={g.id}>
                      {canEdit ? (
                        <input
                          type="checkbox"
                          aria-label={t('admin.register.concerns', { pair: name })}
                          checked={Boolean(link)}
                          onChange={(e) =>
                            setLink(
                              m.code,
                              g.id,
                              e.currentTarget.checked ? { mission: m.code, group: g.id, reason: '' } : undefined,
                            )
                          }
                        />
                      ) : (
                        link && (
                          <span>
                            <span aria-hidden="true">✓</span>
                            <span class="visually-hidden">{t('admin.register.concerns', { pair: name })}</span>
                          </span>
                        )
                      )}
                      {link &&
                        (canEdit ? (
                          <input
                            type="text"
                            aria-label={t('admin.register.reasonOf', { pair: name })}
                            placeholder={t('admin.register.reason')}
                            value={link.reason}
                            onInput={(e) => setLink(m.code, g.id, { ...link, reason: e.currentTarget.value })}
                          />
                        ) : (
                          <span class="small"> {link.reason}</span>
                        ))}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <div class="actions no-print">
          <button type="button" class="button" onClick={() => void save()}>
            {t('admin.register.save')}
          </button>
        </div>
      )}
      <p role="status" class={status && !status.ok ? 'field-error' : 'muted'}>
        {status?.text ?? ''}
      </p>

      <h2 id="map-title">{t('admin.register.map')}</h2>
      <InfluenceMap groups={register.groups} />

      <h2>{t('admin.register.channels')}</h2>
      <ChannelsEditor channels={channels} canEdit={canEdit} onChange={setChannels} onSave={() => void saveChannels()} />

      <h2>{t('admin.plan.files')}</h2>
      <FileButtons what="register" fiscalYear={fiscalYear} canEdit={canEdit} onImported={reload} />
    </section>
  );
}

function ChannelsEditor({
  channels,
  canEdit,
  onChange,
  onSave,
}: {
  channels: Channel[];
  canEdit: boolean;
  onChange: (c: Channel[]) => void;
  onSave: () => void;
}) {
  const { t, lang } = useT();
  if (!canEdit)
    return (
      <ul>
        {channels.map((c) => (
          <li key={c.id}>{tr(c.name, lang)}</li>
        ))}
      </ul>
    );
  const set = (i: number, c: Channel) => onChange(channels.map((x, k) => (k === i ? c : x)));
  return (
    <div class="no-print">
      <ul class="edit-list">
        {channels.map((c, i) => (
          <li key={i}>
            <input
              aria-label={t('admin.register.code')}
              value={c.id}
              onInput={(e) => set(i, { ...c, id: e.currentTarget.value })}
            />
            <input
              aria-label={t('admin.register.nameTh')}
              value={c.name.th}
              onInput={(e) => set(i, { ...c, name: { ...c.name, th: e.currentTarget.value } })}
            />
            <input
              aria-label={t('admin.register.nameEn')}
              value={c.name.en}
              onInput={(e) => set(i, { ...c, name: { ...c.name, en: e.currentTarget.value } })}
            />
            <button type="button" class="link-button" onClick={() => onChange(channels.filter((_, k) => k !== i))}>
              {t('admin.register.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          onClick={() => onChange([...channels, { id: '', name: { th: '', en: '' } }])}
        >
          {t('admin.register.addChannel')}
        </button>
        <button type="button" class="button" onClick={onSave}>
          {t('admin.register.saveChannels')}
        </button>
      </div>
    </div>
  );
}
