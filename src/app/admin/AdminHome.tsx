/** The office's home: its surveys with links to results and reports, and the inbox. */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import type { LocalizedText } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { onLinkClick } from '../router.js';
import { apiGet, type Me } from './api.js';

interface Entry {
  id: string;
  version: number;
  kind: 'survey' | 'complaint';
  title: LocalizedText;
  versions: number[];
}

/** Lists the published surveys. */
export function AdminHome({ me }: { me: Me }) {
  const { t, lang } = useT();
  const [surveys, setSurveys] = useState<Entry[]>();
  useEffect(() => {
    apiGet<{ surveys: Entry[] }>('/surveys')
      .then((r) => setSurveys(r.surveys))
      .catch(() => setSurveys([]));
  }, []);
  return (
    <section aria-labelledby="admin-home-title">
      <h1 id="admin-home-title">{t('admin.homeTitle')}</h1>
      {me.schools && <p class="muted">{t('admin.limitedTo', { schools: me.schools.join(', ') })}</p>}
      <ul class="cards">
        {surveys?.map((s) => (
          <li class="card" key={s.id}>
            <h2>{tr(s.title, lang)}</h2>
            <p class="muted">{t('admin.versions', { versions: s.versions.join(', ') })}</p>
            {s.kind === 'survey' ? (
              <div class="stack">
                <a class="button" href={`/admin/s/${encodeURIComponent(s.id)}`} onClick={onLinkClick}>
                  {t('admin.results')}
                </a>
                <a
                  class="button button-secondary"
                  href={`/admin/s/${encodeURIComponent(s.id)}/targets`}
                  onClick={onLinkClick}
                >
                  {t('admin.targets')}
                </a>
              </div>
            ) : (
              <a class="button" href="/admin/complaints" onClick={onLinkClick}>
                {t('admin.complaints')}
              </a>
            )}
          </li>
        ))}
        <li class="card">
          <h2>{t('admin.surveys.cardTitle')}</h2>
          <p class="muted">{t('admin.surveys.cardBody')}</p>
          <a class="button button-secondary" href="/admin/surveys" onClick={onLinkClick}>
            {t('admin.surveys.nav')}
          </a>
        </li>
        <li class="card">
          <h2>{t('admin.importCardTitle')}</h2>
          <p class="muted">{t('admin.importCardBody')}</p>
          <a class="button button-secondary" href="/admin/import" onClick={onLinkClick}>
            {t('admin.import')}
          </a>
        </li>
        <li class="card">
          <h2>{t('admin.linksCardTitle')}</h2>
          <p class="muted">{t('admin.linksCardBody')}</p>
          <a class="button button-secondary" href="/links" onClick={onLinkClick}>
            {t('admin.links')}
          </a>
        </li>
      </ul>
      {me.role === 'admin' && (
        <p>
          <a href="/admin/office" onClick={onLinkClick}>
            {t('admin.officeSettings')}
          </a>
        </p>
      )}
    </section>
  );
}
