/** The first screen: the surveys on this device, with "continue" for a draft left open. */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { observeDrafts } from '../../db/responses.js';
import { type StorageError, toStorageError } from '../../db/storage-errors.js';
import { StorageErrorBanner } from '../components/StorageErrorBanner.js';
import { addHomeStrings } from '../home-strings.js';
import { useObservable, useT } from '../hooks.js';
import { isOfficerDevice } from '../officer-device.js';
import { onLinkClick } from '../router.js';
import { listSurveys, observeWindows, windowNotice } from '../surveys.js';

addHomeStrings();

/** Lists surveys, then the complaint and suggestion channel; on officers' devices, their tools. */
export function SurveyList() {
  const { t, lang } = useT();
  const [surveys, setSurveys] = useState<SurveyDefinition[]>();
  const [error, setError] = useState<StorageError>();
  const drafts = useObservable(() => observeDrafts()).value ?? [];
  const windows = useObservable(observeWindows).value;
  useEffect(() => {
    listSurveys(setSurveys)
      .then(setSurveys)
      .catch((e: unknown) => setError(toStorageError(e)));
  }, []);

  const card = (s: SurveyDefinition) => {
    const draft = drafts
      .filter((d) => d.surveyId === s.id)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .at(-1);
    const notice = windowNotice(windows?.[s.id]);
    return (
      <li class="card" key={s.id}>
        <h3>{tr(s.title, lang)}</h3>
        {s.description && <p>{tr(s.description, lang)}</p>}
        {s.estimatedMinutes && <p class="muted">{t('list.minutes', { count: s.estimatedMinutes })}</p>}
        {draft && <p class="muted">{t('list.draftSaved', { when: formatDateTime(draft.updatedAt, lang) })}</p>}
        {/* A survey that takes no new responses says so; a response already begun may still be finished. */}
        {notice && !draft ? (
          <p class="muted">
            <strong>
              {notice.state === 'closed'
                ? t('list.closed')
                : t('list.opens', { when: formatDateTime(notice.at, lang, 'Asia/Bangkok') })}
            </strong>
          </p>
        ) : (
          <a class="button" href={`/s/${encodeURIComponent(s.id)}`} onClick={onLinkClick}>
            {draft ? t('list.continue') : t('list.start')}
            <span class="visually-hidden">: {tr(s.title, lang)}</span>
          </a>
        )}
      </li>
    );
  };

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t('list.title')}</h1>
      <p class="lead">{t('list.intro')}</p>
      <StorageErrorBanner error={error} />
      {surveys === undefined && !error && <p aria-busy="true">{t('common.loading')}</p>}
      {surveys && surveys.length === 0 && <p>{t('list.empty')}</p>}
      {surveys?.some((s) => s.kind === 'survey') && (
        <>
          <h2>{t('list.surveys')}</h2>
          <ul class="cards">{surveys.filter((s) => s.kind === 'survey').map(card)}</ul>
        </>
      )}
      {surveys?.some((s) => s.kind === 'complaint') && (
        <>
          <h2>{t('list.channels')}</h2>
          <ul class="cards">{surveys.filter((s) => s.kind === 'complaint').map(card)}</ul>
        </>
      )}
      {/* Under the list, so only once the list is in: it would be pushed down as the cards arrive. */}
      {(surveys || error) && isOfficerDevice() && (
        <p class="officers-link">
          <a href="/device" onClick={onLinkClick}>
            {t('list.officers')}
          </a>
        </p>
      )}
    </section>
  );
}
