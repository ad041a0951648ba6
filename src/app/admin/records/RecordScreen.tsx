/**
 * One response in full (`/admin/s/:id/responses/:response`): when and where it was made, whether
 * it counts (and why not), its answers by section with the questions' labels. Contact details are
 * not here: the complaints inbox alone shows them.
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../../core/answers.js';
import { formatDateTime } from '../../../core/format.js';
import type { RecordDetail } from '../../../core/records.js';
import { answerText } from '../../answer-text.js';
import { useT } from '../../hooks.js';
import { onLinkClick } from '../../router.js';
import { ApiError } from '../api.js';
import { ChangeButtons, ChangeNotice, useRecordChanges } from './RecordActions.js';
import { answerLabels, labelOf, reasonText, sourceText, statusText } from './record-labels.js';
import { loadRecord } from './records-api.js';
import './records.css';

/** One response. */
export function RecordScreen({
  surveyId,
  responseId,
  canEdit,
}: {
  surveyId: string;
  responseId: string;
  canEdit: boolean;
}) {
  const { t, lang } = useT();
  const [record, setRecord] = useState<RecordDetail>();
  const [error, setError] = useState<string>();
  const [reload, setReload] = useState(0);
  const changes = useRecordChanges(surveyId, () => setReload((n) => n + 1));
  useEffect(() => {
    loadRecord(responseId)
      .then(setRecord)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [responseId, reload]);
  const back = `/admin/s/${encodeURIComponent(surveyId)}/responses`;
  if (error && !record)
    return (
      <section>
        <p>
          <a href={back} onClick={onLinkClick}>
            {t('admin.records.backToList')}
          </a>
        </p>
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      </section>
    );
  if (!record) return <p aria-busy="true">{t('common.loading')}</p>;
  const survey = record.survey;
  const { groups, schools } = answerLabels(survey);
  const when = formatDateTime(record.completedAt, lang);
  const facts: [string, string][] = [
    [t('admin.records.completedAt'), when],
    [t('admin.records.receivedAt'), formatDateTime(record.receivedAt, lang)],
    [t('admin.school'), labelOf(schools, record.school, lang)],
    [t('admin.group'), labelOf(groups, record.group, lang)],
    [t('admin.records.sourceLabel'), sourceText(record, t)],
    [t('admin.records.version'), String(record.version)],
    [t('admin.records.id'), record.id],
  ];
  const status = statusText(record, t);
  const by = record.deletedAt
    ? t('admin.records.deletedBy', { who: record.deletedBy ?? '–', when: formatDateTime(record.deletedAt, lang) })
    : record.exclusion && record.exclusionAt
      ? t('admin.records.markedBy', {
          who: record.exclusionBy ?? t('admin.records.trainingDevice'),
          when: formatDateTime(record.exclusionAt, lang),
        })
      : '';
  return (
    <section aria-labelledby="record-title">
      <p class="no-print">
        <a href={back} onClick={onLinkClick}>
          {t('admin.records.backToList')}
        </a>
      </p>
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="record-title">{t('admin.records.one', { when })}</h1>
      <p data-testid="record-status">
        <span class="status">{status}</span>
        {record.exclusionReason && (
          <span> {t('admin.records.because', { reason: reasonText(record.exclusionReason, t) })}</span>
        )}
        {by && <small class="muted"> · {by}</small>}
      </p>
      {canEdit && <ChangeNotice state={changes} />}
      {canEdit && <ChangeButtons items={[record]} state={changes} />}
      <dl class="record-facts">
        {facts.map(([label, value]) => (
          <div class="review-item" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {record.personalLeftOut > 0 && (
        <p class="banner banner-info" role="note">
          {t('admin.records.personalLeftOut', { count: record.personalLeftOut })}{' '}
          <a href="/admin/complaints" onClick={onLinkClick}>
            {t('admin.complaints')}
          </a>
        </p>
      )}
      {survey.sections.map((section) => {
        const answered = section.questions.filter((q) => record.answers[q.id] !== undefined);
        if (!answered.length) return null;
        return (
          <div key={section.id}>
            <h2>{tr(section.title, lang)}</h2>
            <dl>
              {answered.map((q) => (
                <div class="review-item" key={q.id}>
                  <dt>{tr(q.label, lang)}</dt>
                  <dd>{answerText(survey, q, record.answers, lang, t)}</dd>
                </div>
              ))}
            </dl>
          </div>
        );
      })}
    </section>
  );
}
