/**
 * `/admin/account`: a person changes their own password. The same screen, `forced`, stands before
 * everything else after signing in with a temporary password.
 */
import { useState } from 'preact/hooks';
import { MIN_PASSWORD_LENGTH } from '../../../core/staff.js';
import { useT } from '../../hooks.js';
import { apiSend, type Me } from '../api.js';
import { roleText } from './shared.js';
import { PasswordForm } from './PasswordForm.js';

/** Change my password; `onChanged` gets who is signed in afterwards. */
export function AccountScreen({
  me,
  forced = false,
  onChanged,
}: {
  me: Me;
  forced?: boolean;
  onChanged: (me: Me) => void;
}) {
  const { t } = useT();
  const [done, setDone] = useState(false);
  return (
    <section aria-labelledby="account-title" class="narrow">
      <h1 id="account-title">{forced ? t('admin.staff.forcedTitle') : t('admin.staff.accountTitle')}</h1>
      {forced ? (
        <p class="lead">{t('admin.staff.forcedIntro')}</p>
      ) : (
        <p class="muted">
          {me.name} · {roleText(t, me.role, me.schools)}
        </p>
      )}
      {!forced && <h2>{t('admin.staff.changePassword')}</h2>}
      {done ? (
        <p role="status" class="banner banner-info">
          {t('admin.staff.passwordChanged')}
        </p>
      ) : (
        <PasswordForm
          withCurrent
          currentLabel={forced ? t('admin.staff.temporaryPassword') : t('admin.staff.currentPassword')}
          submitLabel={t('admin.staff.changePassword')}
          errors={{
            wrong_password: t('admin.staff.currentWrong'),
            same_password: t('admin.staff.samePassword'),
            weak_password: t('admin.staff.passwordTooShort', { min: MIN_PASSWORD_LENGTH }),
          }}
          submit={async (current, password) => {
            const next = await apiSend<Me>('POST', '/auth/password', { current, password });
            setDone(true);
            onChanged(next);
          }}
        />
      )}
    </section>
  );
}
