/**
 * Pieces the staff screens share: a secret shown once with a copy button, the school picker of a
 * role's scope, a person's role as the office words it, and the API's refusals in plain words.
 */
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SurveyDefinition } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { onLinkClick } from '../../router.js';
import { ApiError, apiGet } from '../api.js';
import './staff.css';

/** A password, link or token shown once, with a copy button. */
export function ShownOnce({ title, value, onClose }: { title: string; value: string; onClose: () => void }) {
  const { t } = useT();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section class="card once" aria-label={title}>
      <h2>{title}</h2>
      <p class="once-warning">{t('admin.staff.onceWarning')}</p>
      <output class="once-value" data-testid="shown-once">
        {value}
      </output>
      <div class="actions">
        <button type="button" class="button" onClick={() => void copy()}>
          {t('admin.staff.copy')}
        </button>
        <button type="button" class="button button-secondary" onClick={onClose}>
          {t('admin.staff.close')}
        </button>
        <span role="status" class="muted">
          {copied === 'copied' ? t('admin.staff.copied') : copied === 'failed' ? t('admin.staff.copyFailed') : ''}
        </span>
      </div>
    </section>
  );
}

/** The schools of the published surveys' school lists, in their order, once. */
export function useSchools(): string[] {
  const [schools, setSchools] = useState<string[]>([]);
  useEffect(() => {
    (async () => {
      const { surveys } = await apiGet<{ surveys: { id: string }[] }>('/surveys');
      const found = new Set<string>();
      for (const s of surveys) {
        const definition = await apiGet<SurveyDefinition>(`/surveys/${encodeURIComponent(s.id)}`);
        for (const item of definition.lists?.schools ?? []) found.add(item.value);
      }
      setSchools([...found]);
    })().catch(() => undefined);
  }, []);
  return schools;
}

/** All schools (null) or some: radio buttons, then a searchable list of checkboxes. */
export function SchoolScope({
  id,
  value,
  onChange,
  schools,
}: {
  id: string;
  value: string[] | null;
  onChange: (next: string[] | null) => void;
  schools: readonly string[];
}) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const shown = useMemo(() => schools.filter((s) => s.includes(q.trim())), [schools, q]);
  return (
    <fieldset class="field">
      <legend>{t('admin.staff.scope')}</legend>
      <label class="choice">
        <input type="radio" name={`${id}-scope`} checked={value === null} onChange={() => onChange(null)} />
        <span>{t('admin.staff.scopeAll')}</span>
      </label>
      <label class="choice">
        <input type="radio" name={`${id}-scope`} checked={value !== null} onChange={() => onChange(value ?? [])} />
        <span>{t('admin.staff.scopeSome')}</span>
      </label>
      {value !== null && (
        <div class="school-picker">
          <label class="field-label" for={`${id}-search`}>
            {t('admin.staff.searchSchools')}
          </label>
          <input id={`${id}-search`} type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          <p class="muted" aria-live="polite">
            {value.length ? t('admin.staff.chosen', { count: value.length }) : t('admin.staff.chooseSchool')}
          </p>
          <div class="school-list">
            {shown.map((s) => (
              <label class="choice" key={s}>
                <input
                  type="checkbox"
                  checked={value.includes(s)}
                  onChange={(e) => onChange(e.currentTarget.checked ? [...value, s] : value.filter((x) => x !== s))}
                />
                <span>{s}</span>
              </label>
            ))}
          </div>
        </div>
      )}
    </fieldset>
  );
}

/** A role and scope as the office says it. */
export function roleText(t: TFunction, role: 'admin' | 'supervisor', schools: string[] | null): string {
  if (role === 'admin') return t('admin.staff.roleAdmin');
  return schools ? t('admin.staff.roleLimited') : t('admin.staff.roleAll');
}

/** The words for a refused or failed call. */
export function errorText(t: TFunction, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('admin.offline');
    const known = ['exists', 'bad_request', 'self', 'last_admin', 'not_found'];
    if (e.code && known.includes(e.code)) return t(`admin.staff.error.${e.code}`, { message: e.message });
  }
  return t('admin.staff.error.failed');
}

/** The tabs of the staff screens. */
export function StaffTabs({ current }: { current: 'staff' | 'tokens' | 'audit' }) {
  const { t } = useT();
  const tabs = [
    ['staff', '/admin/staff', t('admin.staff.people')],
    ['tokens', '/admin/tokens', t('admin.staff.tokens')],
    ['audit', '/admin/audit', t('admin.staff.audit')],
  ] as const;
  return (
    <nav class="staff-tabs" aria-label={t('admin.staff.tabs')}>
      {tabs.map(([key, href, label]) => (
        <a key={key} href={href} aria-current={key === current ? 'page' : undefined} onClick={onLinkClick}>
          {label}
        </a>
      ))}
    </nav>
  );
}
