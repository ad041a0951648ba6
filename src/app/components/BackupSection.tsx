/**
 * For schools that never get a network: every response not yet acknowledged by the office
 * (waiting, or needing attention) saved to one file, optionally encrypted with a passphrase
 * (AES-GCM, key from PBKDF2). A supervisor imports it on the server; importing twice adds nothing.
 * Saving a backup changes nothing on the device: the responses keep waiting to be sent.
 */
import { useState } from 'preact/hooks';
import { backupFileName, writeBackup } from '../../core/backup.js';
import { formatDateTime } from '../../core/format.js';
import { observeOutboxCounts } from '../../db/outbox.js';
import { outboxItems, toCompleted } from '../../db/outbox-entries.js';
import { observeSetting, setSetting } from '../../db/settings.js';
import { useObservable, useT } from '../hooks.js';

/** The smallest passphrase accepted. */
const MIN_PASSPHRASE = 8;

/** Saves `text` as a file the person downloads. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const LAST_BACKUP = 'lastBackup';

interface LastBackup {
  at: string;
  count: number;
  encrypted: boolean;
}

/** The backup section of the device screen. */
export function BackupSection() {
  const { t, lang } = useT();
  const counts = useObservable(() => observeOutboxCounts()).value;
  const last = useObservable(() => observeSetting<LastBackup>(LAST_BACKUP)).value;
  const [protect, setProtect] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<LastBackup>();
  const unsent = counts ? counts.waiting + counts.sending + counts.rejected : 0;

  const save = async (event: Event) => {
    event.preventDefault();
    setDone(undefined);
    if (protect && [...passphrase].length < MIN_PASSPHRASE) {
      setProblem(t('backup.passphraseShort', { count: MIN_PASSPHRASE }));
      return;
    }
    if (protect && passphrase !== again) {
      setProblem(t('backup.passphraseMismatch'));
      return;
    }
    setProblem('');
    setBusy(true);
    try {
      const items = await outboxItems(['waiting', 'sending', 'rejected']);
      const now = new Date();
      const text = await writeBackup(
        items.map((i) => toCompleted(i.response)),
        { appVersion: __APP_VERSION__, now, ...(protect ? { passphrase } : {}) },
      );
      download(backupFileName(now, protect), text);
      const record: LastBackup = { at: now.toISOString(), count: items.length, encrypted: protect };
      await setSetting(LAST_BACKUP, record);
      setDone(record);
      setPassphrase('');
      setAgain('');
    } catch {
      setProblem(t('backup.failed'));
    } finally {
      setBusy(false);
    }
  };

  const shown = done ?? last;
  return (
    <section aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backup.title')}</h2>
      <p>{t('backup.intro')}</p>
      {shown && (
        <p class="muted" data-testid="last-backup" role="status">
          {t('backup.last', { when: formatDateTime(shown.at, lang), count: shown.count })}
        </p>
      )}
      <form onSubmit={(e) => void save(e)} noValidate class="stack">
        <label class="choice">
          <input type="checkbox" checked={protect} onChange={(e) => setProtect(e.currentTarget.checked)} />
          <span>{t('backup.protect')}</span>
        </label>
        {protect && (
          <>
            <p class="field-hint" id="backup-hint">
              {t('backup.passphraseHint')}
            </p>
            <label class="field-label" for="backup-passphrase">
              {t('backup.passphrase')}
            </label>
            <input
              id="backup-passphrase"
              type="password"
              autocomplete="new-password"
              value={passphrase}
              aria-describedby="backup-hint"
              onInput={(e) => setPassphrase(e.currentTarget.value)}
            />
            <label class="field-label" for="backup-again">
              {t('backup.passphraseAgain')}
            </label>
            <input
              id="backup-again"
              type="password"
              autocomplete="new-password"
              value={again}
              onInput={(e) => setAgain(e.currentTarget.value)}
            />
          </>
        )}
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="button" disabled={busy || unsent === 0}>
          {busy ? t('backup.saving') : t('backup.save', { count: unsent })}
        </button>
        {unsent === 0 && <p class="muted">{t('backup.nothing')}</p>}
      </form>
    </section>
  );
}
