/** `/admin/tokens`: API tokens for scripts: create (shown once), list with last use, revoke. */
import { useEffect, useState } from 'preact/hooks';
import { formatStamp } from '../../../core/format.js';
import { useT } from '../../hooks.js';
import { apiGet, apiSend } from '../api.js';
import { errorText, roleText, SchoolScope, ShownOnce, StaffTabs, useSchools } from './shared.js';

interface Token {
  id: number;
  name: string;
  role: 'admin' | 'supervisor';
  schools: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const EXPIRIES = [
  ['30d', 'expires30'],
  ['90d', 'expires90'],
  ['1y', 'expires365'],
  ['', 'expiresNever'],
] as const;

/** The tokens list and the form that makes one. */
export function TokensScreen() {
  const { t, lang } = useT();
  const schools = useSchools();
  const [tokens, setTokens] = useState<Token[]>();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'supervisor'>('supervisor');
  const [scope, setScope] = useState<string[] | null>(null);
  const [expires, setExpires] = useState('90d');
  const [secret, setSecret] = useState<{ title: string; value: string }>();
  const [confirming, setConfirming] = useState<Token>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () =>
    apiGet<{ tokens: Token[] }>('/tokens')
      .then((r) => setTokens(r.tokens))
      .catch((e: unknown) => setError(errorText(t, e)));
  useEffect(() => {
    void load();
  }, []);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
      await load();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const create = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const r = await apiSend<Token & { token: string }>('POST', '/tokens', {
        name: name.trim(),
        role,
        schools: role === 'admin' ? null : scope,
        expires: expires || null,
      });
      setSecret({ title: t('admin.staff.onceToken', { name: r.name }), value: r.token });
      setName('');
    });
  };
  const state = (k: Token) =>
    k.revokedAt
      ? `${t('admin.staff.revoked')} ${formatStamp(k.revokedAt, lang)}`
      : k.expiresAt && Date.parse(k.expiresAt) < Date.now()
        ? t('admin.staff.expired')
        : t('admin.staff.active');
  return (
    <section aria-labelledby="tokens-title" class="staff-wide">
      <StaffTabs current="tokens" />
      <h1 id="tokens-title">{t('admin.staff.tokens')}</h1>
      <p class="muted">{t('admin.staff.tokensIntro')}</p>
      {secret && <ShownOnce title={secret.title} value={secret.value} onClose={() => setSecret(undefined)} />}
      <form class="card staff-form" onSubmit={create}>
        <h2>{t('admin.staff.createToken')}</h2>
        <label class="field-label" for="token-name">
          {t('admin.staff.tokenName')}
        </label>
        <input
          id="token-name"
          type="text"
          autocomplete="off"
          aria-describedby="token-name-hint"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <p class="muted" id="token-name-hint">
          {t('admin.staff.tokenNameHint')}
        </p>
        <fieldset class="field">
          <legend>{t('admin.staff.colRole')}</legend>
          {(['supervisor', 'admin'] as const).map((r) => (
            <label class="choice" key={r}>
              <input type="radio" name="token-role" checked={role === r} onChange={() => setRole(r)} />
              <span>{r === 'admin' ? t('admin.staff.roleAdmin') : t('admin.staff.roleViewer')}</span>
            </label>
          ))}
        </fieldset>
        {role === 'supervisor' && <SchoolScope id="token" value={scope} onChange={setScope} schools={schools} />}
        <label class="field-label" for="token-expires">
          {t('admin.staff.expires')}
        </label>
        <select id="token-expires" value={expires} onChange={(e) => setExpires(e.currentTarget.value)}>
          {EXPIRIES.map(([value, key]) => (
            <option key={key} value={value}>
              {t(`admin.staff.${key}`)}
            </option>
          ))}
        </select>
        <div class="actions">
          <button
            type="submit"
            class="button"
            disabled={busy || !name.trim() || (role === 'supervisor' && scope?.length === 0)}
          >
            {t('admin.staff.createToken')}
          </button>
        </div>
      </form>
      {confirming && (
        <div class="card staff-form">
          <p>{t('admin.staff.revokeConfirm', { name: confirming.name })}</p>
          <div class="actions">
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await apiSend('POST', `/tokens/${confirming.id}/revoke`, {});
                  setConfirming(undefined);
                })
              }
            >
              {t('admin.staff.revoke')}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setConfirming(undefined)}>
              {t('admin.staff.cancel')}
            </button>
          </div>
        </div>
      )}
      <p class="field-error" role="alert">
        {error}
      </p>
      {!tokens ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : tokens.length === 0 ? (
        <p class="muted">{t('admin.staff.noTokens')}</p>
      ) : (
        <div class="table-wrap">
          <table class="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.staff.tokenName')}</th>
                <th scope="col">{t('admin.staff.colRole')}</th>
                <th scope="col">{t('admin.staff.colCreated')}</th>
                <th scope="col">{t('admin.staff.colExpires')}</th>
                <th scope="col">{t('admin.staff.colLastUse')}</th>
                <th scope="col">{t('admin.staff.colState')}</th>
                <th scope="col">{t('admin.staff.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {[...tokens].reverse().map((k) => (
                <tr key={k.id} class={k.revokedAt ? 'is-disabled' : ''}>
                  <th scope="row">{k.name}</th>
                  <td data-label={t('admin.staff.colRole')}>
                    {roleText(t, k.role, k.schools)}
                    {k.schools && (
                      <>
                        <br />
                        <small class="muted">
                          {k.schools.length <= 2
                            ? k.schools.join(', ')
                            : t('admin.staff.schoolsCount', { count: k.schools.length })}
                        </small>
                      </>
                    )}
                  </td>
                  <td data-label={t('admin.staff.colCreated')}>{formatStamp(k.createdAt, lang)}</td>
                  <td data-label={t('admin.staff.colExpires')}>
                    {k.expiresAt ? formatStamp(k.expiresAt, lang) : t('admin.staff.expiresNever')}
                  </td>
                  <td data-label={t('admin.staff.colLastUse')}>
                    {k.lastUsedAt ? formatStamp(k.lastUsedAt, lang) : t('admin.staff.never')}
                  </td>
                  <td data-label={t('admin.staff.colState')}>{state(k)}</td>
                  <td class="staff-actions">
                    <div class="row-actions">
                      {!k.revokedAt && (
                        <button
                          type="button"
                          class="button button-small button-secondary"
                          aria-label={`${t('admin.staff.revoke')} ${k.name}`}
                          onClick={() => setConfirming(k)}
                        >
                          {t('admin.staff.revoke')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
