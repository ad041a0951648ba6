/**
 * The supervisors' side, loaded only when /admin is opened (its own chunk), so a respondent's
 * first load never carries it. Signs in, then routes to the office's screens.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { localIsoDay } from '../../core/answers.js';
import { fiscalYearOf } from '../../core/results.js';
import { useT } from '../hooks.js';
import { match, navigate, onLinkClick, useLocation } from '../router.js';
import { ApiError, apiGet, apiSend, type Me } from './api.js';
import { ComplaintsInbox } from './ComplaintsInbox.js';
import { AdminHome } from './AdminHome.js';
import { ImportScreen } from './ImportScreen.js';
import { OfficeSettingsScreen } from './OfficeSettingsScreen.js';
import { PlanPrint, RegisterPrint } from './plan/PlanPrint.js';
import { yearOf } from './plan/plan-api.js';
import { PlanScreen } from './plan/PlanScreen.js';
import { RegisterScreen } from './register/RegisterScreen.js';
import { ReportScreen } from './ReportScreen.js';
import { ResultsScreen } from './ResultsScreen.js';
import { SignIn } from './SignIn.js';
import { addAdminStrings } from './strings.js';
import { TargetsScreen } from './TargetsScreen.js';

addAdminStrings();

/** The supervisors' app. */
export function AdminApp() {
  const { t } = useT();
  const { path, query } = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    apiGet<Me>('/auth/me')
      .then(setMe)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 0) setOffline(true);
        setMe(null);
      });
  }, []);
  if (me === undefined) return <p aria-busy="true">{t('common.loading')}</p>;
  if (offline) return <p class="banner banner-error">{t('admin.offline')}</p>;
  if (me === null) return <SignIn onSignedIn={setMe} />;

  const signOut = async () => {
    await apiSend('POST', '/auth/logout', {}).catch(() => undefined);
    setMe(null);
    navigate('/admin');
  };
  const survey = match('/admin/s/:id/:view?', path);
  let screen: JSX.Element;
  if (path === '/admin' || path === '/admin/') screen = <AdminHome me={me} />;
  else if (path === '/admin/complaints') screen = <ComplaintsInbox />;
  else if (path === '/admin/import') screen = <ImportScreen me={me} />;
  else if (path === '/admin/office' && me.role === 'admin') screen = <OfficeSettingsScreen />;
  else if (path === '/admin/register')
    screen = <RegisterScreen fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} canEdit={me.role === 'admin'} />;
  else if (path === '/admin/register/print')
    screen = <RegisterPrint fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} />;
  else if (path === '/admin/plan')
    screen = <PlanScreen fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} canEdit={me.role === 'admin'} />;
  else if (path === '/admin/plan/print') screen = <PlanPrint fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} />;
  else if (survey?.id && !survey.view) screen = <ResultsScreen surveyId={survey.id} query={query} />;
  else if (survey?.id && survey.view === 'report')
    screen = <ReportScreen surveyId={survey.id} query={query} canEdit={me.role === 'admin'} />;
  else if (survey?.id && survey.view === 'targets')
    screen = <TargetsScreen surveyId={survey.id} canEdit={me.role === 'admin'} />;
  else screen = <p>{t('notFound.title')}</p>;
  return (
    <div class="admin">
      <nav class="admin-nav no-print" aria-label={t('admin.nav')}>
        <a href="/admin" onClick={onLinkClick}>
          {t('admin.home')}
        </a>
        <a href="/admin/complaints" onClick={onLinkClick}>
          {t('admin.complaints')}
        </a>
        <a href="/admin/import" onClick={onLinkClick}>
          {t('admin.import')}
        </a>
        <a href="/admin/plan" onClick={onLinkClick}>
          {t('admin.plan.nav')}
        </a>
        <span class="muted">
          {me.name} ({t(`admin.role.${me.role}`)})
        </span>
        <button type="button" class="link-button" onClick={() => void signOut()}>
          {t('admin.signOut')}
        </button>
      </nav>
      {screen}
    </div>
  );
}
