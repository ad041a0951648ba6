/**
 * A survey from notice to thank-you. The address names the step (`/s/:survey/:step`), so the
 * phone's back button walks back through sections; the draft remembers the step for a reload.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { visibleSections } from '../../core/answers.js';
import { readPresets } from '../../core/presets.js';
import type { KioskSettings } from '../../db/kiosk.js';
import { lazy } from '../components/lazy.js';
import { Redirect } from '../components/Redirect.js';
import { StorageErrorBanner } from '../components/StorageErrorBanner.js';
import { useObservable, useT } from '../hooks.js';
import { navigate } from '../router.js';
import { observeWindows, windowNotice } from '../surveys.js';
import { setResponseOpen } from '../sw-bridge.js';
import { afterSubmit } from '../sync-bridge.js';
import { useSurveySession } from '../use-survey-session.js';
import { PrivacyStep } from './PrivacyStep.js';
import { SectionStep } from './SectionStep.js';

// Only a kiosk watches for a respondent who walked away: its code loads on kiosks only.
type IdleGuardType = typeof import('../kiosk/IdleGuard.js').IdleGuard;
let IdleGuard: IdleGuardType | undefined;

function useIdleGuard(on: boolean): IdleGuardType | undefined {
  const [component, setComponent] = useState<IdleGuardType | undefined>(() => IdleGuard);
  useEffect(() => {
    if (!on || IdleGuard) return;
    void import('../kiosk/IdleGuard.js').then((m) => {
      IdleGuard = m.IdleGuard;
      setComponent(() => m.IdleGuard);
    });
  }, [on]);
  return component;
}

// The review and thank-you screens come after the first question: loaded when reached.
// Only in training mode: its notice and strings load then.
const TrainingNotice = lazy(() => import('./TrainingNotice.js').then((m) => m.TrainingNotice));
const ReviewStep = lazy(() => import('./ReviewStep.js').then((m) => m.ReviewStep));
const ThankYou = lazy(() => import('./ThankYou.js').then((m) => m.ThankYou));
// Shown in place of the start of a closed survey: rare, so loaded when needed.
const ClosedNotice = lazy(() => import('./ClosedNotice.js').then((m) => m.ClosedNotice));
// A survey not on this device: rare too.
const MissingSurvey = lazy(() => import('./MissingSurvey.js').then((m) => m.MissingSurvey));

/** Routes the steps of one survey. */
export function SurveyScreen({
  surveyId,
  step,
  check,
  responseId,
  query,
  kiosk,
}: {
  surveyId: string;
  step: string | undefined;
  check: boolean;
  /** The response just submitted, for the thank-you screen. */
  responseId?: string | undefined;
  /** The address's query: a survey link's presets (`?school=…&group=…`). */
  query?: URLSearchParams | undefined;
  /** The kiosk this device is locked in, if any. */
  kiosk?: KioskSettings | undefined;
}) {
  const { t } = useT();
  const session = useSurveySession(surveyId, __APP_VERSION__);
  const queryText = query?.toString() ?? '';
  const Guard = useIdleGuard(kiosk !== undefined);
  const [starting, setStarting] = useState(false);
  const windows = useObservable(observeWindows).value;
  const base = `/s/${encodeURIComponent(surveyId)}`;
  const open = session.draft !== undefined;
  useEffect(() => {
    setResponseOpen(open);
    return () => setResponseOpen(false);
  }, [open]);

  // A kiosk set to training, a training link (`&training=1`) or a device in training mode.
  const training = kiosk ? kiosk.training === true : session.training || query?.get('training') === '1';
  const marked = session.draft ? session.draft.training === true : training;
  const banner = (
    <>
      {marked && <TrainingNotice />}
      <StorageErrorBanner
        error={session.storageError}
        unsaved={session.unsaved}
        onRetry={() => void session.retrySaving()}
      />
    </>
  );
  const presets = useMemo(() => {
    if (!session.survey) return {};
    return readPresets(session.survey, kiosk ? kiosk.presets : new URLSearchParams(queryText));
  }, [session.survey, kiosk, queryText]);
  if (session.load === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (session.load === 'failed') return banner;
  const survey = session.survey;
  if (session.load === 'missing' || !survey) {
    return <MissingSurvey />;
  }
  if (step === 'done') return <ThankYou survey={survey} responseId={responseId} kiosk={kiosk} />;

  const draft = session.draft;
  if (!draft) {
    if (step && step !== 'privacy') return <Redirect to={base} />;
    // A response begun before the survey closed may still be finished; a new one is not started.
    const notice = windowNotice(windows?.[surveyId]);
    if (notice) return <ClosedNotice survey={survey} notice={notice} kiosk={kiosk !== undefined} />;
    const accept = async () => {
      setStarting(true);
      const record = await session.start(presets, {
        source: kiosk ? 'kiosk' : queryText ? 'link' : 'device',
        training,
      });
      setStarting(false);
      if (record) navigate(`${base}/${record.position}`);
    };
    return (
      <>
        {banner}
        <PrivacyStep
          survey={survey}
          presets={presets}
          kiosk={kiosk !== undefined}
          busy={starting}
          onAccept={() => void accept()}
        />
      </>
    );
  }

  // A kiosk sets an unfinished response aside when it is left alone, or when the person stops.
  const setAside = () => void session.abandon().then(() => navigate(base, { replace: true }));
  // Not while a response whose person pressed "send" is being completed.
  const guard =
    kiosk && Guard && !session.completing ? <Guard idleMinutes={kiosk.idleMinutes} onAbandon={setAside} /> : null;
  const sections = visibleSections(survey, session.answers);
  const go = (position: string, options: { check?: boolean } = {}) => {
    void session.moveTo(position);
    navigate(`${base}/${position}${options.check ? '?check=1' : ''}`);
  };
  if (!step || step === 'privacy') {
    const resume =
      draft.position === 'review' || sections.some((s) => s.id === draft.position) ? draft.position : sections[0]?.id;
    return <Redirect to={`${base}/${resume ?? 'review'}`} />;
  }
  if (step === 'review') {
    return (
      <>
        {banner}
        {guard}
        <ReviewStep
          session={session}
          onEdit={(id) => go(id)}
          onFix={(id) => go(id, { check: true })}
          onSubmitted={(id) => {
            afterSubmit();
            navigate(`${base}/done?r=${encodeURIComponent(id)}`, { replace: true });
          }}
        />
      </>
    );
  }
  const index = sections.findIndex((s) => s.id === step);
  const section = sections[index];
  if (!section) return <Redirect to={`${base}/${sections[0]?.id ?? 'review'}`} />;
  return (
    <>
      {banner}
      {guard}
      <SectionStep
        key={`${section.id}:${check}`}
        session={session}
        section={section}
        check={check}
        onStop={kiosk ? setAside : undefined}
        onBack={() => (index === 0 ? navigate(kiosk ? base : '/') : go(sections[index - 1]?.id ?? ''))}
        onNext={() => {
          // Answers on this screen may have shown or hidden later sections: recompute.
          const now = visibleSections(survey, session.answers);
          const at = now.findIndex((s) => s.id === section.id);
          go(now[at + 1]?.id ?? 'review');
        }}
      />
    </>
  );
}
