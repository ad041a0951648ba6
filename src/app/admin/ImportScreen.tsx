/**
 * Importing a backup file that an officer saved on a device with no network: choose the file,
 * give its passphrase when it is encrypted, import, and see what was stored, what was already
 * there and what was refused, and why. The server reads the file; nothing is stored in the page.
 */
import { useRef, useState } from 'preact/hooks';
import { backupIsEncrypted, MAX_IMPORT_BYTES } from '../../core/backup.js';
import { useT } from '../hooks.js';
import { ApiError, apiSend, type Me } from './api.js';

interface Outcome {
  total: number;
  stored: number;
  duplicate: number;
  rejected: { id: string; code: string; message: string }[];
}

interface Chosen {
  name: string;
  text: string;
  encrypted: boolean;
}

/** How many refused responses are listed one by one; the rest are counted. */
const LISTED = 50;

const FILE_ERRORS = ['not_backup', 'unsupported_version', 'damaged', 'needs_passphrase', 'wrong_passphrase'];
const REASONS = [
  'invalid_response',
  'unknown_survey',
  'invalid_answers',
  'conflict',
  'outside_schools',
  'past_retention',
];

/** What went wrong, as a key of admin.importError. */
function problemOf(error: unknown): string {
  if (!(error instanceof ApiError)) return 'failed';
  if (error.status === 0) return 'offline';
  if (error.status === 413) return 'too_large';
  if (error.status === 400 && error.code && FILE_ERRORS.includes(error.code)) return error.code;
  return 'failed';
}

/** The import screen. */
export function ImportScreen({ me }: { me: Me }) {
  const { t } = useT();
  const [chosen, setChosen] = useState<Chosen>();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [problem, setProblem] = useState('');
  const passphraseInput = useRef<HTMLInputElement>(null);
  const maxMb = Math.round(MAX_IMPORT_BYTES / 1024 / 1024);

  const choose = async (input: HTMLInputElement) => {
    setChosen(undefined);
    setOutcome(undefined);
    setProblem('');
    setPassphrase('');
    const file = input.files?.[0];
    if (!file) return;
    // The request carries the file as JSON text: a little larger than the file itself.
    if (file.size > MAX_IMPORT_BYTES * 0.9) return setProblem('too_large');
    try {
      const text = await file.text();
      setChosen({ name: file.name, text, encrypted: backupIsEncrypted(text) });
    } catch {
      setProblem('unreadable');
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!chosen) return;
    if (chosen.encrypted && !passphrase) {
      setProblem('needs_passphrase');
      passphraseInput.current?.focus();
      return;
    }
    setBusy(true);
    setProblem('');
    setOutcome(undefined);
    try {
      setOutcome(
        await apiSend<Outcome>('POST', '/imports', {
          file: chosen.text,
          ...(chosen.encrypted ? { passphrase } : {}),
        }),
      );
    } catch (error) {
      const found = problemOf(error);
      setProblem(found);
      if (found === 'wrong_passphrase' || found === 'needs_passphrase') passphraseInput.current?.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-title" class="narrow">
      <h1 id="import-title">{t('admin.importTitle')}</h1>
      <p>{t('admin.importIntro')}</p>
      {me.schools && <p class="muted">{t('admin.importLimited', { schools: me.schools.join(', ') })}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="field">
          <label class="field-label" for="import-file">
            {t('admin.importFile')}
          </label>
          <input
            id="import-file"
            type="file"
            // The page's font, not the browser's small default (set through the DOM, which the CSP allows).
            style={{ font: 'inherit', maxWidth: '100%' }}
            accept=".json,application/json"
            disabled={busy}
            onChange={(e) => void choose(e.currentTarget)}
          />
        </div>
        {chosen?.encrypted && (
          <div class="field">
            <label class="field-label" for="import-passphrase">
              {t('admin.importPassphrase')}
            </label>
            <p class="field-hint" id="import-passphrase-hint">
              {t('admin.importEncrypted')}
            </p>
            <input
              id="import-passphrase"
              ref={passphraseInput}
              type="password"
              autocomplete="off"
              aria-describedby="import-passphrase-hint"
              value={passphrase}
              onInput={(e) => setPassphrase(e.currentTarget.value)}
            />
          </div>
        )}
        <p class="field-error" role="alert">
          {problem ? t(`admin.importError.${problem}`, { max: maxMb }) : ''}
        </p>
        <div class="actions">
          <button type="submit" class="button" disabled={busy || !chosen}>
            {t('admin.importButton')}
          </button>
          {busy && (
            <span class="muted" aria-busy="true">
              {t('admin.importing')}
            </span>
          )}
        </div>
      </form>
      <div role="status" aria-live="polite">
        {outcome && <Summary outcome={outcome} />}
      </div>
    </section>
  );
}

function Summary({ outcome }: { outcome: Outcome }) {
  const { t } = useT();
  const refused = outcome.rejected;
  return (
    <div class="card">
      <h2>{t('admin.importDone')}</h2>
      <ul class="import-counts">
        <li>{t('admin.importTotal', { count: outcome.total })}</li>
        <li>
          <strong>{t('admin.importStored', { count: outcome.stored })}</strong>
        </li>
        <li>{t('admin.importDuplicate', { count: outcome.duplicate })}</li>
        <li>{t('admin.importRejected', { count: refused.length })}</li>
      </ul>
      {refused.length > 0 && (
        <>
          <h3>{t('admin.importRejectedList')}</h3>
          <ul class="open-answers">
            {refused.slice(0, LISTED).map((r, i) => (
              <li key={`${r.id}-${i}`}>
                {/* The server's own message is English and technical: shown only for a reason this screen does not know. */}
                {REASONS.includes(r.code) ? t(`admin.importReason.${r.code}`) : r.message}
                <br />
                <small class="muted">{t('admin.importResponseId', { id: r.id })}</small>
              </li>
            ))}
          </ul>
          {refused.length > LISTED && <p class="muted">{t('admin.importMore', { count: refused.length - LISTED })}</p>}
        </>
      )}
    </div>
  );
}
