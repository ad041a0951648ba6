/**
 * A new password typed twice, checked as the server checks it: used to change one's own password
 * (with the current one), after a temporary password (forced), and from a one-time link.
 */
import { useState } from 'preact/hooks';
import { MIN_PASSWORD_LENGTH } from '../../../core/staff.js';
import { useT } from '../../hooks.js';
import { ApiError } from '../api.js';
import './staff.css';

/** The form; `submit` sends it and throws an ApiError when refused. */
export function PasswordForm({
  withCurrent,
  currentLabel,
  submitLabel,
  submit,
  errors = {},
}: {
  withCurrent: boolean;
  /** What the current password is called (a temporary one, after a reset). */
  currentLabel?: string;
  submitLabel: string;
  submit: (current: string, password: string) => Promise<void>;
  /** The words for the server's error codes this form may meet. */
  errors?: Record<string, string>;
}) {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if ([...password].length < MIN_PASSWORD_LENGTH)
      return setError(t('admin.staff.passwordTooShort', { min: MIN_PASSWORD_LENGTH }));
    if (password !== repeat) return setError(t('admin.staff.passwordsDiffer'));
    setBusy(true);
    setError('');
    try {
      await submit(current, password);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : undefined;
      setError(
        code && errors[code]
          ? errors[code]
          : e instanceof ApiError && e.status === 0
            ? t('admin.offline')
            : t('admin.staff.error.failed'),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      {withCurrent && (
        <>
          <label class="field-label" for="password-current">
            {currentLabel ?? t('admin.staff.currentPassword')}
          </label>
          <input
            id="password-current"
            type="password"
            autocomplete="current-password"
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </>
      )}
      <label class="field-label" for="password-new">
        {t('admin.staff.newPassword')}
      </label>
      <input
        id="password-new"
        type="password"
        autocomplete="new-password"
        aria-describedby="password-new-hint"
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <p class="muted" id="password-new-hint">
        {t('admin.staff.newPasswordHint', { min: MIN_PASSWORD_LENGTH })}
      </p>
      <label class="field-label" for="password-repeat">
        {t('admin.staff.repeatPassword')}
      </label>
      <input
        id="password-repeat"
        type="password"
        autocomplete="new-password"
        value={repeat}
        onInput={(e) => setRepeat(e.currentTarget.value)}
      />
      <p class="field-error" role="alert">
        {error}
      </p>
      <button type="submit" class="button" disabled={busy || (withCurrent && !current) || !password || !repeat}>
        {submitLabel}
      </button>
    </form>
  );
}
