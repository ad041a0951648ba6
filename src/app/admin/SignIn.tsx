/** Sign-in for office staff: name and password. */
import { useState } from 'preact/hooks';
import { useT } from '../hooks.js';
import { ApiError, apiSend, type Me } from './api.js';

/** The sign-in form. */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await apiSend<Me>('POST', '/auth/login', { name, password }));
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      if (e instanceof ApiError && e.code === 'account_paused') {
        // Said for any address: the account itself waits, not this device.
        return setError(t('admin.signInPaused', { minutes: Math.max(1, Math.ceil((e.retryAfter ?? 60) / 60)) }));
      }
      if (e instanceof ApiError && e.code === 'account_disabled') return setError(t('admin.staff.signInDisabled'));
      setError(
        t(
          status === 401
            ? 'admin.signInWrong'
            : status === 429
              ? 'admin.signInTooMany'
              : status === 0
                ? 'admin.offline'
                : 'admin.signInFailed',
        ),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="signin-title" class="narrow">
      <h1 id="signin-title">{t('admin.signInTitle')}</h1>
      <p class="lead">{t('admin.signInIntro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label class="field-label" for="signin-name">
          {t('admin.name')}
        </label>
        <input
          id="signin-name"
          type="text"
          autocomplete="username"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label class="field-label" for="signin-password">
          {t('admin.password')}
        </label>
        <input
          id="signin-password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <p class="field-error" role="alert">
          {error}
        </p>
        <button type="submit" class="button" disabled={busy || !name || !password}>
          {t('admin.signIn')}
        </button>
      </form>
    </section>
  );
}
