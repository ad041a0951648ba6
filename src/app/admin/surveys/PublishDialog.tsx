/**
 * Publishing a draft: the changes against the newest published version, each safe or breaking in
 * plain words, with what a breaking one does to results across versions and to exports; breaking
 * changes need "เข้าใจผลกระทบแล้ว" ticked before the draft becomes the next version.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SurveyDefinition } from '../../../core/survey.js';
import type { DefinitionProblem } from '../../../core/survey-validate.js';
import { useT } from '../../hooks.js';
import { getDiff, publishDraft, SurveyApiError, type SurveyChange } from './survey-api.js';
import { describeChange, describeMessage, describePath } from './survey-words.js';

/** The publish dialog; `onPublished` gets the new version. */
export function PublishDialog(props: {
  survey: SurveyDefinition;
  revision: number;
  onPublished(version: number): void;
  onCancel(): void;
}) {
  const { t, lang } = useT();
  const [diff, setDiff] = useState<{ base: number | null; changes: SurveyChange[] }>();
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [problems, setProblems] = useState<DefinitionProblem[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    getDiff(props.survey.id)
      .then(setDiff)
      .catch((e: unknown) =>
        setProblem(e instanceof SurveyApiError && e.status === 0 ? t('admin.offline') : (e as Error).message),
      );
  }, []);
  const breaking = diff?.changes.filter((c) => c.severity === 'breaking') ?? [];
  const safe = diff?.changes.filter((c) => c.severity !== 'breaking') ?? [];
  const next = (diff?.base ?? 0) + 1;
  const publish = async () => {
    setBusy(true);
    setProblem('');
    try {
      const done = await publishDraft(props.survey.id, props.revision, breaking.length > 0 && understood);
      props.onPublished(done.version);
    } catch (e) {
      setBusy(false);
      if (!(e instanceof SurveyApiError)) return setProblem(String(e));
      if (e.status === 409 && e.body.error === 'breaking_changes' && Array.isArray(e.body.changes)) {
        setDiff({ base: diff?.base ?? null, changes: e.body.changes as SurveyChange[] });
        setUnderstood(false);
        setProblem(t('admin.surveys.publish.confirmFirst'));
      } else if (e.status === 422 && Array.isArray(e.body.problems))
        setProblems(e.body.problems as DefinitionProblem[]);
      else if (e.status === 409) setProblem(t('admin.surveys.publish.savedMeanwhile'));
      else setProblem(e.status === 0 ? t('admin.offline') : e.message);
    }
  };
  return (
    <section class="card publish-dialog" role="dialog" aria-labelledby="publish-title">
      <h2 id="publish-title" tabindex={-1} ref={heading}>
        {t('admin.surveys.publish.title')}
      </h2>
      {!diff && !problem && <p aria-busy="true">{t('common.loading')}</p>}
      {diff && (
        <>
          <p>
            {diff.base === null
              ? t('admin.surveys.publish.first')
              : t('admin.surveys.publish.against', { base: diff.base, next })}
          </p>
          {diff.base !== null && diff.changes.length === 0 && <p>{t('admin.surveys.publish.noChanges')}</p>}
          {breaking.length > 0 && (
            <div class="banner banner-warning">
              <h3>{t('admin.surveys.publish.breaking', { count: breaking.length })}</h3>
              <ul class="changes">
                {breaking.map((c, i) => {
                  const words = describeChange(c, t, lang, props.survey);
                  return (
                    <li key={i}>
                      <strong>{t('admin.surveys.publish.breakingTag')}</strong> {words.what}
                      <br />
                      <span>{words.effect}</span>
                    </li>
                  );
                })}
              </ul>
              <label class="check">
                <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} />{' '}
                {t('admin.surveys.publish.understood')}
              </label>
            </div>
          )}
          {safe.length > 0 && (
            <>
              <h3>{t('admin.surveys.publish.safe', { count: safe.length })}</h3>
              <ul class="changes">
                {safe.map((c, i) => (
                  <li key={i}>
                    <strong>{t('admin.surveys.publish.safeTag')}</strong>{' '}
                    {describeChange(c, t, lang, props.survey).what}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {problems.length > 0 && (
        <div class="banner banner-error" role="alert">
          <p>{t('admin.surveys.publish.invalid')}</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.path}|${p.message}`}>
                {describePath(p.path, t)}: {describeMessage(p.message, t)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem && (
        <p class="banner banner-error" role="alert">
          {problem}
        </p>
      )}
      <div class="actions">
        <button
          type="button"
          class="button"
          disabled={!diff || busy || (breaking.length > 0 && !understood)}
          onClick={() => void publish()}
        >
          {t('admin.surveys.publish.confirm', { version: next })}
        </button>
        <button type="button" class="button button-secondary" onClick={props.onCancel}>
          {t('admin.surveys.publish.cancel')}
        </button>
      </div>
    </section>
  );
}
