/** Small pieces the case tracker's screens share. */
import { useT } from '../../hooks.js';
import { onLinkClick } from '../../router.js';
import './complaints.css';

/** The tracker's own links: the cases, the year's statistics, the reply templates. */
export function CasesNav({ current }: { current: 'list' | 'stats' | 'templates' | 'case' }) {
  const { t } = useT();
  const links = [
    ['list', '/admin/complaints', t('admin.cases.title')],
    ['stats', '/admin/complaints/stats', t('admin.cases.navStats')],
    ['templates', '/admin/complaints/templates', t('admin.cases.navTemplates')],
  ] as const;
  return (
    <nav class="cases-nav no-print" aria-label={t('admin.cases.title')}>
      {links.map(([key, href, label]) => (
        <a key={key} href={href} onClick={onLinkClick} aria-current={current === key ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
