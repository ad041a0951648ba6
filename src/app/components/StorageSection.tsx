/**
 * How the device keeps responses: space used and available, whether the browser keeps the data
 * for good, and how many drafts, waiting, sent, needing attention and set-aside responses it holds.
 */
import { useEffect, useState } from 'preact/hooks';
import { observeOutboxCounts } from '../../db/outbox.js';
import { observeResponseCounts } from '../../db/response-counts.js';
import { useObservable, useT } from '../hooks.js';
import { requestPersistence, usePersistence } from '../persistence.js';

/** Bytes as "1.2 MB" in the reader's language. */
export function formatBytes(bytes: number, lang: 'th' | 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(lang === 'th' ? 'th-TH' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** The storage section. */
export function StorageSection() {
  const { t, lang } = useT();
  const persistence = usePersistence();
  const responses = useObservable(() => observeResponseCounts()).value;
  const outbox = useObservable(() => observeOutboxCounts()).value;
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>();
  // Re-read the estimate whenever the counts change (a response saved or sent).
  const key = JSON.stringify([responses, outbox]);
  useEffect(() => {
    const storage = globalThis.navigator?.storage;
    if (!storage?.estimate) return setEstimate(null);
    storage
      .estimate()
      .then((e) => setEstimate({ usage: e.usage ?? 0, quota: e.quota ?? 0 }))
      .catch(() => setEstimate(null));
  }, [key]);
  const share = estimate && estimate.quota > 0 ? estimate.usage / estimate.quota : undefined;
  const rows: [string, number | undefined, string][] = [
    [t('deviceStorage.drafts'), responses?.draft, 'drafts'],
    [t('deviceStorage.waiting'), outbox ? outbox.waiting + outbox.sending : undefined, 'waiting'],
    [t('deviceStorage.sent'), outbox?.sent, 'sent'],
    [t('deviceStorage.attention'), outbox?.rejected, 'attention'],
    [t('deviceStorage.setAside'), responses?.abandoned, 'set-aside'],
  ];
  return (
    <section aria-labelledby="storage-title" class="storage">
      <h2 id="storage-title">{t('deviceStorage.title')}</h2>
      {estimate ? (
        <>
          <p data-testid="storage-usage">
            {t('deviceStorage.usage', {
              used: formatBytes(estimate.usage, lang),
              available: formatBytes(Math.max(0, estimate.quota - estimate.usage), lang),
            })}
          </p>
          {share !== undefined && (
            <meter
              min={0}
              max={1}
              low={0.7}
              high={0.9}
              optimum={0}
              value={share}
              aria-label={t('deviceStorage.meter', { percent: Math.round(share * 100) })}
            />
          )}
          {share !== undefined && share >= 0.9 && (
            <p class="banner banner-error" role="alert">
              {t('deviceStorage.nearlyFull')}
            </p>
          )}
        </>
      ) : (
        estimate === null && <p class="muted">{t('deviceStorage.unknown')}</p>
      )}
      <p data-testid="storage-persistence">
        {t(`status.persistence.${persistence === 'unknown' ? 'unsupported' : persistence}`)}
      </p>
      {persistence === 'not-persisted' && (
        <button type="button" class="button button-secondary" onClick={() => void requestPersistence(true)}>
          {t('deviceStorage.askPersist')}
        </button>
      )}
      <dl class="figures" data-testid="storage-counts">
        {rows.map(([label, count, id]) => (
          <div key={id} data-count={id}>
            <dt class="figure-label">{label}</dt>
            <dd class="figure-value">{count ?? '…'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
