/**
 * On the results screen: whether this survey's summary of the chosen fiscal year is on the public
 * page (/p), and for admins the switch ("เผยแพร่สรุปผลต่อสาธารณะ"), with or without the items.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../core/format.js';
import type { SummaryPublication } from '../../core/public.js';
import { useT } from '../hooks.js';
import { apiDelete, apiGet, apiSend } from './api.js';

type Publications = { publications: SummaryPublication[] };

/** The public summary switch of a survey and fiscal year. */
export function PublicSummaryControl({
  surveyId,
  fiscalYear,
  canPublish,
}: {
  surveyId: string;
  fiscalYear: number | undefined;
  canPublish: boolean;
}) {
  const { t, lang } = useT();
  const [list, setList] = useState<SummaryPublication[] | undefined>();
  const [items, setItems] = useState(false);
  const [error, setError] = useState('');
  const base = `/surveys/${encodeURIComponent(surveyId)}/public-summaries`;
  useEffect(() => {
    void apiGet<Publications>(base).then(
      (r) => setList(r.publications),
      () => setList([]),
    );
  }, [base]);
  if (!list) return null;
  const current = list.find((p) => p.fiscalYear === fiscalYear);
  const act = (run: () => Promise<Publications>) =>
    run().then(
      (r) => {
        setError('');
        setList(r.publications);
      },
      (e: Error) => setError(e.message),
    );
  return (
    <section class="card no-print" aria-labelledby="public-summary-title">
      <h2 id="public-summary-title">{t('admin.publicSummary.title')}</h2>
      {fiscalYear === undefined ? (
        <p class="muted">{t('admin.publicSummary.chooseYear')}</p>
      ) : current ? (
        <p role="status">
          {t('admin.publicSummary.published', {
            year: fiscalYear,
            when: formatDateTime(current.publishedAt, lang, 'Asia/Bangkok'),
            by: current.publishedBy,
          })}{' '}
          <a href={`/p/${fiscalYear}`}>{t('admin.publicSummary.open')}</a>
        </p>
      ) : (
        <p role="status">{t('admin.publicSummary.notPublished', { year: fiscalYear })}</p>
      )}
      {canPublish && fiscalYear !== undefined && (
        <div class="actions">
          {!current && (
            <label class="check">
              <input type="checkbox" checked={items} onChange={(e) => setItems(e.currentTarget.checked)} />{' '}
              {t('admin.publicSummary.items')}
            </label>
          )}
          {current ? (
            <button
              type="button"
              class="button button-secondary"
              onClick={() => void act(() => apiDelete<Publications>(`${base}/${fiscalYear}`))}
            >
              {t('admin.publicSummary.unpublish')}
            </button>
          ) : (
            <button
              type="button"
              class="button"
              onClick={() => void act(() => apiSend<Publications>('PUT', `${base}/${fiscalYear}`, { items }))}
            >
              {t('admin.publicSummary.publish')}
            </button>
          )}
        </div>
      )}
      <p class="muted">{t('admin.publicSummary.help')}</p>
      {error && <p class="banner banner-error">{error}</p>}
    </section>
  );
}
