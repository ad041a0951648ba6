/**
 * `/admin/staff`: the office's staff. Add a person (they get a temporary password shown once),
 * change their role and schools, disable or enable them, or give them a new password (a temporary
 * one, or a one-time link).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatStamp } from '../../../core/format.js';
import { useT } from '../../hooks.js';
import { apiGet, apiSend, type Me } from '../api.js';
import { errorText, roleText, SchoolScope, ShownOnce, StaffTabs, useSchools } from './shared.js';

type Role = 'admin' | 'supervisor';

interface User {
  name: string;
  role: Role;
  schools: string[] | null;
  createdAt: string;
  disabledAt: string | null;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
}

type Panel =
  | { kind: 'add' }
  | { kind: 'edit'; user: User }
  | { kind: 'disable'; user: User }
  | { kind: 'reset'; user: User };

/** Role and scope of a person, edited together. */
function RoleFields({
  id,
  role,
  schools,
  onChange,
  all,
}: {
  id: string;
  role: Role;
  schools: string[] | null;
  onChange: (role: Role, schools: string[] | null) => void;
  all: readonly string[];
}) {
  const { t } = useT();
  return (
    <>
      <fieldset class="field">
        <legend>{t('admin.staff.colRole')}</legend>
        {(['supervisor', 'admin'] as const).map((r) => (
          <label class="choice" key={r}>
            <input type="radio" name={`${id}-role`} checked={role === r} onChange={() => onChange(r, schools)} />
            <span>{r === 'admin' ? t('admin.staff.roleAdmin') : t('admin.staff.roleViewer')}</span>
          </label>
        ))}
        <p class="muted">{t('admin.staff.roleHint')}</p>
      </fieldset>
      {role === 'supervisor' && (
        <SchoolScope id={id} value={schools} onChange={(s) => onChange(role, s)} schools={all} />
      )}
    </>
  );
}

/** The staff list and its actions. */
export function StaffScreen({ me }: { me: Me }) {
  const { t, lang } = useT();
  const schools = useSchools();
  const [users, setUsers] = useState<User[]>();
  const [panel, setPanel] = useState<Panel>();
  const [secret, setSecret] = useState<{ title: string; value: string }>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('supervisor');
  const [scope, setScope] = useState<string[] | null>(null);
  const panelRef = useRef<HTMLHeadingElement>(null);

  const load = () =>
    apiGet<{ users: User[] }>('/users')
      .then((r) => setUsers(r.users))
      .catch((e: unknown) => setError(errorText(t, e)));
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => panelRef.current?.focus(), [panel]);

  const open = (next: Panel | undefined) => {
    setError('');
    setPanel(next);
    if (next?.kind === 'add') {
      setName('');
      setRole('supervisor');
      setScope(null);
    }
    if (next?.kind === 'edit') {
      setRole(next.user.role);
      setScope(next.user.schools);
    }
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
      setPanel(undefined);
      await load();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const scopeMissing = role === 'supervisor' && scope !== null && scope.length === 0;
  const body = () => ({ role, schools: role === 'admin' ? null : scope });

  return (
    <section aria-labelledby="staff-title" class="staff-wide">
      <StaffTabs current="staff" />
      <h1 id="staff-title">{t('admin.staff.people')}</h1>
      <p class="muted">{t('admin.staff.peopleIntro')}</p>
      {secret && <ShownOnce title={secret.title} value={secret.value} onClose={() => setSecret(undefined)} />}
      <div class="actions">
        <button type="button" class="button" onClick={() => open({ kind: 'add' })}>
          {t('admin.staff.add')}
        </button>
      </div>
      {panel && (
        <div class="card staff-form">
          {panel.kind === 'add' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void run(async () => {
                  const r = await apiSend<{ name: string; temporaryPassword: string }>('POST', '/users', {
                    name: name.trim(),
                    ...body(),
                  });
                  setSecret({ title: t('admin.staff.onceTemporary', { name: r.name }), value: r.temporaryPassword });
                });
              }}
            >
              <h2 tabIndex={-1} ref={panelRef}>
                {t('admin.staff.addTitle')}
              </h2>
              <label class="field-label" for="new-name">
                {t('admin.staff.colName')}
              </label>
              <input
                id="new-name"
                type="text"
                autocomplete="off"
                aria-describedby="new-name-hint"
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
              <p class="muted" id="new-name-hint">
                {t('admin.staff.nameHint')}
              </p>
              <RoleFields
                id="new"
                role={role}
                schools={scope}
                all={schools}
                onChange={(r, s) => {
                  setRole(r);
                  setScope(s);
                }}
              />
              <div class="actions">
                <button type="submit" class="button" disabled={busy || !name.trim() || scopeMissing}>
                  {t('admin.staff.add')}
                </button>
                <button type="button" class="button button-secondary" onClick={() => open(undefined)}>
                  {t('admin.staff.cancel')}
                </button>
              </div>
            </form>
          )}
          {panel.kind === 'edit' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => apiSend('PATCH', `/users/${encodeURIComponent(panel.user.name)}`, body()));
              }}
            >
              <h2 tabIndex={-1} ref={panelRef}>
                {t('admin.staff.editTitle', { name: panel.user.name })}
              </h2>
              <RoleFields
                id="edit"
                role={role}
                schools={scope}
                all={schools}
                onChange={(r, s) => {
                  setRole(r);
                  setScope(s);
                }}
              />
              <div class="actions">
                <button type="submit" class="button" disabled={busy || scopeMissing}>
                  {t('admin.staff.save')}
                </button>
                <button type="button" class="button button-secondary" onClick={() => open(undefined)}>
                  {t('admin.staff.cancel')}
                </button>
              </div>
            </form>
          )}
          {panel.kind === 'disable' && (
            <div>
              <h2 tabIndex={-1} ref={panelRef}>
                {t('admin.staff.disable')}
              </h2>
              <p>{t('admin.staff.disableConfirm', { name: panel.user.name })}</p>
              <div class="actions">
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  onClick={() =>
                    void run(() =>
                      apiSend('PATCH', `/users/${encodeURIComponent(panel.user.name)}`, { disabled: true }),
                    )
                  }
                >
                  {t('admin.staff.disable')}
                </button>
                <button type="button" class="button button-secondary" onClick={() => open(undefined)}>
                  {t('admin.staff.cancel')}
                </button>
              </div>
            </div>
          )}
          {panel.kind === 'reset' && (
            <div>
              <h2 tabIndex={-1} ref={panelRef}>
                {t('admin.staff.resetTitle', { name: panel.user.name })}
              </h2>
              <p class="muted">{t('admin.staff.resetTemporaryHint')}</p>
              <p class="muted">{t('admin.staff.resetLinkHint')}</p>
              <div class="actions">
                {(['temporary', 'link'] as const).map((method) => (
                  <button
                    key={method}
                    type="button"
                    class="button"
                    disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        const r = await apiSend<{ temporaryPassword?: string; link?: string; expiresAt?: string }>(
                          'POST',
                          `/users/${encodeURIComponent(panel.user.name)}/password-reset`,
                          { method },
                        );
                        setSecret(
                          r.link
                            ? {
                                title: t('admin.staff.onceLink', {
                                  name: panel.user.name,
                                  until: formatStamp(r.expiresAt ?? '', lang),
                                }),
                                value: `${location.origin}${r.link}`,
                              }
                            : {
                                title: t('admin.staff.onceTemporary', { name: panel.user.name }),
                                value: r.temporaryPassword ?? '',
                              },
                        );
                      })
                    }
                  >
                    {method === 'link' ? t('admin.staff.resetLink') : t('admin.staff.resetTemporary')}
                  </button>
                ))}
                <button type="button" class="button button-secondary" onClick={() => open(undefined)}>
                  {t('admin.staff.cancel')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      <p class="field-error" role="alert">
        {error}
      </p>
      {!users ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : (
        <div class="table-wrap">
          <table class="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.staff.colName')}</th>
                <th scope="col">{t('admin.staff.colRole')}</th>
                <th scope="col">{t('admin.staff.colLastSignIn')}</th>
                <th scope="col">{t('admin.staff.colState')}</th>
                <th scope="col">{t('admin.staff.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.name} class={u.disabledAt ? 'is-disabled' : ''}>
                  <th scope="row">
                    {u.name} {u.name === me.name && <span class="muted">{t('admin.staff.you')}</span>}
                  </th>
                  <td data-label={t('admin.staff.colRole')}>
                    {roleText(t, u.role, u.schools)}
                    {u.schools && (
                      <>
                        <br />
                        <small class="muted" title={u.schools.join(', ')}>
                          {u.schools.length <= 2
                            ? u.schools.join(', ')
                            : t('admin.staff.schoolsCount', { count: u.schools.length })}
                        </small>
                      </>
                    )}
                  </td>
                  <td data-label={t('admin.staff.colLastSignIn')}>
                    {u.lastSignInAt ? formatStamp(u.lastSignInAt, lang) : t('admin.staff.never')}
                  </td>
                  <td data-label={t('admin.staff.colState')}>
                    {u.disabledAt
                      ? t('admin.staff.disabled')
                      : u.mustChangePassword
                        ? t('admin.staff.mustChange')
                        : t('admin.staff.active')}
                  </td>
                  <td class="staff-actions">
                    <div class="row-actions">
                      <button
                        type="button"
                        class="button button-small button-secondary"
                        aria-label={`${t('admin.staff.edit')} ${u.name}`}
                        onClick={() => open({ kind: 'edit', user: u })}
                      >
                        {t('admin.staff.edit')}
                      </button>
                      <button
                        type="button"
                        class="button button-small button-secondary"
                        aria-label={`${t('admin.staff.reset')} ${u.name}`}
                        onClick={() => open({ kind: 'reset', user: u })}
                      >
                        {t('admin.staff.reset')}
                      </button>
                      {u.name !== me.name &&
                        (u.disabledAt ? (
                          <button
                            type="button"
                            class="button button-small button-secondary"
                            aria-label={`${t('admin.staff.enable')} ${u.name}`}
                            disabled={busy}
                            onClick={() =>
                              void run(() =>
                                apiSend('PATCH', `/users/${encodeURIComponent(u.name)}`, { disabled: false }),
                              )
                            }
                          >
                            {t('admin.staff.enable')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            class="button button-small button-secondary"
                            aria-label={`${t('admin.staff.disable')} ${u.name}`}
                            onClick={() => open({ kind: 'disable', user: u })}
                          >
                            {t('admin.staff.disable')}
                          </button>
                        ))}
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
