/**
 * `/admin/reset#token=…`: set a new password from a one-time link an administrator made. The
 * token rides in the fragment, so it never reaches a server log; it is sent once, in the body.
 */
import { useState } from 'preact/hooks';
import { MIN_PASSWORD_LENGTH } from '../../../core/staff.js';
import { useT } from '../../hooks.js';
import { navigate } from '../../router.js';
import { apiSend } from '../api.js';
import { PasswordForm } from './PasswordForm.js';

/** The link's token, read once from the address (and then taken out of it). */
function tokenFromHash(): string {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  if (token) history.replaceState(history.state, '', location.pathname);
  return token;
}

/** The reset screen. */
export function ResetScreen() {
  const { t } = useT();
  const [token] = useState(tokenFromHash);
  const [state, setState] = useState<'form' | 'done' | 'invalid'>(token ? 'form' : 'invalid');
  return (
    <section aria-labelledby="reset-title" class="narrow">
      <h1 id="reset-title">{t('admin.staff.resetPageTitle')}</h1>
      {state === 'form' && (
        <>
          <p class="lead">{t('admin.staff.resetPageIntro')}</p>
          <PasswordForm
            withCurrent={false}
            submitLabel={t('admin.staff.resetPageTitle')}
            errors={{ weak_password: t('admin.staff.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) }}
            submit={async (_current, password) => {
              try {
                await apiSend('POST', '/auth/reset', { token, password });
                setState('done');
              } catch (e) {
                if ((e as { code?: string }).code === 'link_invalid') return setState('invalid');
                throw e;
              }
            }}
          />
        </>
      )}
      {state !== 'form' && (
        <>
          <p role="status" class={`banner ${state === 'done' ? 'banner-info' : 'banner-error'}`}>
            {state === 'done' ? t('admin.staff.resetDone') : t('admin.staff.resetInvalid')}
          </p>
          <p>
            <button type="button" class="button" onClick={() => navigate('/admin')}>
              {t('admin.staff.goSignIn')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
