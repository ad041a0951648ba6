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
import type { CasesRoute } from './complaints/complaints.js';
import { CASES_CHANGED, loadBadge } from './complaints/complaints-api.js';
import './complaints/complaints.css';
import type { ParticipationRoute } from './participation.js';
import { AdminHome } from './AdminHome.js';
import { ImportScreen } from './ImportScreen.js';
import { OfficeSettingsScreen } from './OfficeSettingsScreen.js';
import { RecordScreen } from './records/RecordScreen.js';
import { RecordsScreen } from './records/RecordsScreen.js';
import { PlanPrint, RegisterPrint } from './plan/PlanPrint.js';
import { yearOf } from './plan/plan-api.js';
import { PlanScreen } from './plan/PlanScreen.js';
import { RegisterScreen } from './register/RegisterScreen.js';
import { ReportScreen } from './ReportScreen.js';
import { ResultsScreen } from './ResultsScreen.js';
import { SignIn } from './SignIn.js';
import { AccountScreen } from './staff/AccountScreen.js';
import { AuditScreen } from './staff/AuditScreen.js';
import { ResetScreen } from './staff/ResetScreen.js';
import { StaffScreen } from './staff/StaffScreen.js';
import { TokensScreen } from './staff/TokensScreen.js';
import { addAdminStrings } from './strings.js';
import { SurveyEditPage } from './surveys/SurveyEditPage.js';
import { SurveyList } from './surveys/SurveyList.js';
import { TargetsScreen } from './TargetsScreen.js';

addAdminStrings();

/** The committees and activities screens' route, from the address. */
function participationRoute(path: string): ParticipationRoute | undefined {
  if (path === '/admin/committees') return { view: 'committees' };
  if (path === '/admin/committees/print') return { view: 'committees-print' };
  if (path === '/admin/activities') return { view: 'activities' };
  if (path === '/admin/activities/print') return { view: 'activities-print' };
  const evidence = match('/admin/activities/:id/evidence', path);
  if (evidence) return { view: 'evidence', id: evidence.id };
  const one = match('/admin/activities/:id', path);
  return one ? { view: 'activity', id: one.id } : undefined;
}

/** Loads the committees and activities screens (their own chunk) and shows one. */
function Participation(props: { route: ParticipationRoute; me: Me; query: URLSearchParams }) {
  const { t } = useT();
  const [loaded, setLoaded] = useState<typeof import('./participation.js')>();
  useEffect(() => {
    import('./participation.js')
      .then(setLoaded)
      .catch((error: unknown) => console.error('the participation screens could not load', error));
  }, []);
  return loaded ? <loaded.ParticipationScreen {...props} /> : <p aria-busy="true">{t('common.loading')}</p>;
}

/** Loads the "you said, we did" screen (its own chunk) and shows it. */
function Actions(props: { fiscalYear: number }) {
  const { t } = useT();
  const [loaded, setLoaded] = useState<typeof import('./actions/ActionsScreen.js')>();
  useEffect(() => {
    import('./actions/ActionsScreen.js')
      .then(setLoaded)
      .catch((error: unknown) => console.error('the actions screen could not load', error));
  }, []);
  return loaded ? <loaded.ActionsScreen {...props} /> : <p aria-busy="true">{t('common.loading')}</p>;
}

/** The case tracker's route, from the address. */
function casesRoute(path: string, query: URLSearchParams): CasesRoute | undefined {
  if (path === '/admin/complaints') return { view: 'list' };
  if (path === '/admin/complaints/templates') return { view: 'templates' };
  if (path === '/admin/complaints/stats') {
    const current = fiscalYearOf(localIsoDay());
    return { view: 'stats', fiscalYear: yearOf(query, current), current };
  }
  const one = match('/admin/complaints/:id', path);
  return one?.id ? { view: 'case', id: one.id } : undefined;
}

/** Loads the case tracker's screens (their own chunk) and shows one. */
function Cases(props: { route: CasesRoute; query: URLSearchParams }) {
  const { t } = useT();
  const [loaded, setLoaded] = useState<typeof import('./complaints/complaints.js')>();
  useEffect(() => {
    import('./complaints/complaints.js')
      .then(setLoaded)
      .catch((error: unknown) => console.error('the complaints screens could not load', error));
  }, []);
  return loaded ? <loaded.CasesScreens {...props} /> : <p aria-busy="true">{t('common.loading')}</p>;
}

/** The complaints link with the number of cases nobody has opened yet. */
function CasesLink() {
  const { t } = useT();
  const [fresh, setFresh] = useState(0);
  useEffect(() => {
    const count = () =>
      void loadBadge().then(
        (b) => setFresh(b.new),
        () => undefined,
      );
    count();
    window.addEventListener(CASES_CHANGED, count);
    // New complaints arrive while the screen is open: count again every two minutes it is seen.
    const timer = setInterval(() => document.visibilityState === 'visible' && count(), 120_000);
    return () => {
      window.removeEventListener(CASES_CHANGED, count);
      clearInterval(timer);
    };
  }, []);
  return (
    <a href="/admin/complaints" onClick={onLinkClick}>
      {t('admin.complaints')}
      {fresh > 0 && (
        <span class="nav-badge" data-testid="cases-badge" title={t('admin.cases.badgeNew', { count: fresh })}>
          <span aria-hidden="true">{fresh}</span>
          <span class="visually-hidden">{t('admin.cases.badgeNew', { count: fresh })}</span>
        </span>
      )}
    </a>
  );
}

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
  // A one-time password link works without signing in.
  if (path === '/admin/reset') return <ResetScreen />;
  if (me === undefined) return <p aria-busy="true">{t('common.loading')}</p>;
  if (offline) return <p class="banner banner-error">{t('admin.offline')}</p>;
  if (me === null) return <SignIn onSignedIn={setMe} />;

  const signOut = async () => {
    await apiSend('POST', '/auth/logout', {}).catch(() => undefined);
    setMe(null);
    navigate('/admin');
  };
  // After a temporary password, choosing one's own comes before anything else.
  if (me.mustChangePassword)
    return (
      <div class="admin">
        <AccountScreen me={me} forced onChanged={setMe} />
        <button type="button" class="link-button" onClick={() => void signOut()}>
          {t('admin.signOut')}
        </button>
      </div>
    );
  const survey = match('/admin/s/:id/:view?', path);
  const edited = match('/admin/surveys/:id', path);
  const record = match('/admin/s/:id/responses/:response', path);
  let screen: JSX.Element;
  if (path === '/admin' || path === '/admin/') screen = <AdminHome me={me} />;
  else if (casesRoute(path, query)) screen = <Cases route={casesRoute(path, query) as CasesRoute} query={query} />;
  else if (path === '/admin/import') screen = <ImportScreen me={me} />;
  else if (path === '/admin/office' && me.role === 'admin') screen = <OfficeSettingsScreen />;
  else if (path === '/admin/surveys') screen = <SurveyList me={me} />;
  else if (edited?.id && me.role === 'admin') screen = <SurveyEditPage key={edited.id} id={edited.id} />;
  else if (record?.id && record.response)
    screen = <RecordScreen surveyId={record.id} responseId={record.response} canEdit={me.role === 'admin'} />;
  else if (survey?.id && survey.view === 'responses')
    screen = <RecordsScreen surveyId={survey.id} query={query} canEdit={me.role === 'admin'} />;
  else if (path === '/admin/staff' && me.role === 'admin') screen = <StaffScreen me={me} />;
  else if (path === '/admin/tokens' && me.role === 'admin') screen = <TokensScreen />;
  else if (path === '/admin/audit' && me.role === 'admin') screen = <AuditScreen />;
  else if (path === '/admin/account') screen = <AccountScreen me={me} onChanged={setMe} />;
  else if (participationRoute(path))
    screen = <Participation route={participationRoute(path) as ParticipationRoute} me={me} query={query} />;
  else if (path === '/admin/register')
    screen = <RegisterScreen fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} canEdit={me.role === 'admin'} />;
  else if (path === '/admin/register/print')
    screen = <RegisterPrint fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} />;
  else if (path === '/admin/plan')
    screen = <PlanScreen fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} canEdit={me.role === 'admin'} />;
  else if (path === '/admin/actions') screen = <Actions fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} />;
  else if (path === '/admin/plan/print') screen = <PlanPrint fiscalYear={yearOf(query, fiscalYearOf(localIsoDay()))} />;
  else if (survey?.id && !survey.view)
    screen = <ResultsScreen surveyId={survey.id} query={query} canPublish={me.role === 'admin'} />;
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
        <CasesLink />
        <a href="/admin/import" onClick={onLinkClick}>
          {t('admin.import')}
        </a>
        <a href="/admin/surveys" onClick={onLinkClick}>
          {t('admin.surveys.nav')}
        </a>
        {me.role === 'admin' && (
          <a href="/admin/staff" onClick={onLinkClick}>
            {t('admin.staff.nav')}
          </a>
        )}
        <a href="/admin/plan" onClick={onLinkClick}>
          {t('admin.plan.nav')}
        </a>
        <a href="/admin/activities" onClick={onLinkClick}>
          {t('admin.activities.nav')}
        </a>
        <a href="/admin/actions" onClick={onLinkClick}>
          {t('admin.actions.nav')}
        </a>
        <a href="/admin/account" onClick={onLinkClick} class="muted" title={t('admin.staff.account')}>
          {me.name} ({t(`admin.role.${me.role}`)})
        </a>
        <button type="button" class="link-button" onClick={() => void signOut()}>
          {t('admin.signOut')}
        </button>
      </nav>
      {screen}
    </div>
  );
}
