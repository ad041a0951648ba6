/**
 * The device screen: every completed response on this device and where it is (waiting, sent,
 * needs attention with the server's reason), "Send now", the last successful sync, storage
 * persistence, and an export of the responses set aside, which are never deleted.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import type { LocalizedText } from '../../core/survey.js';
import { formatDateTime } from '../../core/format.js';
import { type OutboxItem, observeOutboxOverview, outboxItems } from '../../db/outbox-entries.js';
import { observeSyncStatus } from '../../db/outbox.js';
import { observeSetting, setSetting, TRAINING_KEY } from '../../db/settings.js';
import { type StorageError, toStorageError } from '../../db/storage-errors.js';
import { StorageErrorBanner } from '../components/StorageErrorBanner.js';
import { useObservable, useOnline, useT } from '../hooks.js';
import { BackupSection, download } from '../components/BackupSection.js';
import { StorageSection } from '../components/StorageSection.js';
import { listSurveys } from '../surveys.js';
import { onLinkClick } from '../router.js';
import { sendNow } from '../sync-bridge.js';
import { addOfficerStrings } from '../officer-strings.js';

addOfficerStrings();

/** At most this many of each list are shown; the rest are counted. */
const SHOWN = 50;

/**
 * The device screen, or the officer's activity log at /device/activity, loaded from here so
 * that nothing in a respondent's first load names it (App re-renders this on every navigation).
 */
export function DeviceScreen() {
  return location.pathname === '/device/activity' ? <ActivityLoader /> : <DeviceOutbox />;
}

function ActivityLoader() {
  const [screen, setScreen] = useState<{ Screen: ComponentType } | undefined>(undefined);
  useEffect(() => {
    import('../activity/ActivityScreen.js')
      .then((m) => setScreen({ Screen: m.ActivityScreen }))
      .catch((error: unknown) => console.error('the activity screen could not load', error));
  }, []);
  return screen ? <screen.Screen /> : null;
}

/** The device and its outbox. */
function DeviceOutbox() {
  const { t, lang } = useT();
  const online = useOnline();
  const overview = useObservable(() => observeOutboxOverview(SHOWN)).value;
  const sync = useObservable(() => observeSyncStatus()).value;
  const training = useObservable(() => observeSetting<boolean>(TRAINING_KEY)).value === true;
  const [trainingError, setTrainingError] = useState<StorageError>();
  const [busy, setBusy] = useState(false);
  const [titles, setTitles] = useState<Map<string, LocalizedText>>(new Map());
  useEffect(() => {
    listSurveys()
      .then((all) => setTitles(new Map(all.map((s) => [s.id, s.title]))))
      .catch(() => undefined); // ids are shown instead
  }, []);
  const none = { count: 0, items: [] as OutboxItem[] };
  const { waiting, attention, sent } = overview ?? { waiting: none, attention: none, sent: none };
  const list = (group: { count: number; items: OutboxItem[] }) => (
    <>
      <ul class="outbox-list">{group.items.map(row)}</ul>
      {group.count > group.items.length && (
        <p class="muted">{t('device.more', { count: group.count - group.items.length })}</p>
      )}
    </>
  );

  const row = (item: OutboxItem) => (
    <li key={item.response.id} class="outbox-item">
      <span>
        {t('device.completedAt', { when: formatDateTime(item.response.completedAt ?? item.response.updatedAt, lang) })}
      </span>
      <small class="muted">
        {titles.has(item.response.surveyId)
          ? tr(titles.get(item.response.surveyId) as LocalizedText, lang)
          : item.response.surveyId}{' '}
        · {t('device.version', { version: item.response.surveyVersion })} · {item.response.id.slice(0, 8)}
      </small>
      {item.entry.state === 'sent' && item.entry.sentAt && (
        <small>{t('device.sentAt', { when: formatDateTime(item.entry.sentAt, lang) })}</small>
      )}
      {item.entry.reason && (
        <small class="field-error">
          {t(`device.reason.${item.entry.reason.code}`, { defaultValue: t('device.reason.other') })}:{' '}
          {item.entry.reason.message}
        </small>
      )}
    </li>
  );

  return (
    <section aria-labelledby="device-title">
      <h1 id="device-title">{t('device.title')}</h1>
      <p class="lead">
        {sync?.state === 'sending' && sync.total
          ? t('status.sending', { done: sync.done ?? 0, total: sync.total })
          : waiting.count
            ? t('status.waiting', { count: waiting.count })
            : t('device.nothingWaiting')}
      </p>
      <p class="muted">
        {sync?.lastSuccessAt
          ? t('device.lastSync', { when: formatDateTime(sync.lastSuccessAt, lang) })
          : t('device.neverSynced')}
      </p>
      {sync?.lastError && waiting.count > 0 && (
        <p class="muted" data-testid="sync-error">
          {t(`device.error.${sync.lastError}`)}
          {sync.nextAttemptAt ? ` ${t('device.nextAttempt', { when: formatDateTime(sync.nextAttemptAt, lang) })}` : ''}
        </p>
      )}
      <button
        type="button"
        class="button"
        disabled={busy || !online || waiting.count === 0}
        onClick={() => {
          setBusy(true);
          void sendNow().finally(() => setBusy(false));
        }}
      >
        {busy ? t('device.sending') : t('device.sendNow')}
      </button>
      {!online && <p class="muted">{t('device.offlineHint')}</p>}

      <h2>{t('device.attentionTitle', { count: attention.count })}</h2>
      {attention.count ? (
        <>
          <p>{t('device.attentionBody')}</p>
          {list(attention)}
          <button
            type="button"
            class="button button-secondary"
            onClick={() =>
              void outboxItems(['rejected']).then((all) =>
                download(
                  `siang-set-aside-${new Date().toISOString().slice(0, 10)}.json`,
                  JSON.stringify(
                    all.map((i) => ({ reason: i.entry.reason, response: i.response })),
                    null,
                    2,
                  ),
                ),
              )
            }
          >
            {t('device.export')}
          </button>
        </>
      ) : (
        <p class="muted">{t('device.noneAttention')}</p>
      )}

      <h2>{t('device.waitingTitle', { count: waiting.count })}</h2>
      {waiting.count ? list(waiting) : <p class="muted">{t('device.noneWaiting')}</p>}

      <h2>{t('device.sentTitle', { count: sent.count })}</h2>
      <p class="muted">{t('device.sentBody')}</p>
      {sent.count > 0 && list(sent)}

      <BackupSection />

      <StorageSection />

      <h2>{t('training.deviceTitle')}</h2>
      <p class={training ? 'banner banner-info' : 'muted'} data-testid="device-training">
        {training ? t('training.deviceOn') : t('training.deviceOff')}
      </p>
      <button
        type="button"
        class="button button-secondary"
        onClick={() => {
          setTrainingError(undefined);
          setSetting(TRAINING_KEY, !training).catch((e: unknown) => setTrainingError(toStorageError(e)));
        }}
      >
        {training ? t('training.deviceStop') : t('training.deviceStart')}
      </button>

      <StorageErrorBanner error={trainingError} />

      <h2>{t('device.toolsTitle')}</h2>
      <ul class="plain-list link-list">
        <li>
          <a href="/kiosk" onClick={onLinkClick}>
            {t('device.kioskLink')}
          </a>
        </li>
        <li>
          <a href="/links" onClick={onLinkClick}>
            {t('device.linksLink')}
          </a>
        </li>
        <li>
          <a href="/device/activity" onClick={onLinkClick}>
            {t('device.activityLink')}
          </a>
        </li>
      </ul>
    </section>
  );
}
