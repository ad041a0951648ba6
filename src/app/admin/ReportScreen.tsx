/**
 * The annual participation report (ITA o25): the server writes it (GET
 * /api/v1/surveys/:id/report, four parts filled from the data) and this screen shows that very
 * document in a frame, prints it with the browser (to PDF: canvas PDF generators mis-stack Thai
 * marks) and downloads it as DOCX. Administrators may still add a free-text addendum to part 4.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { localIsoDay } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import { fiscalYearOf } from '../../core/results.js';
import { currentEndpoint } from '../sync-bridge.js';
import { useT } from '../hooks.js';
import { apiGet, apiSend } from './api.js';
import { filterFromQuery } from './ResultsScreen.js';
import './report.css';

interface ReportText {
  usage: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The report screen: the document, its fiscal year, print and DOCX. */
export function ReportScreen({
  surveyId,
  query,
  canEdit,
}: {
  surveyId: string;
  query: URLSearchParams;
  canEdit: boolean;
}) {
  const { t, lang } = useT();
  const filter = filterFromQuery(query);
  const thisYear = fiscalYearOf(localIsoDay());
  const [fiscalYear, setFiscalYear] = useState(filter.fiscalYear ?? thisYear);
  const [base, setBase] = useState<string>();
  const [loaded, setLoaded] = useState(0);
  const [failed, setFailed] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    void currentEndpoint().then(setBase);
  }, []);
  const url = (format: 'html' | 'docx') => {
    const q = new URLSearchParams({ fiscalYear: String(fiscalYear), format, lang });
    for (const s of filter.schools ?? []) q.append('school', s);
    return `${base}/surveys/${encodeURIComponent(surveyId)}/report?${q}`;
  };
  // The frame is as tall as its document, so the page scrolls as one.
  const fitFrame = () => {
    const doc = frame.current?.contentDocument;
    if (!frame.current || !doc?.documentElement) return;
    frame.current.style.height = `${doc.documentElement.scrollHeight + 4}px`;
  };
  useEffect(() => {
    window.addEventListener('resize', fitFrame);
    return () => window.removeEventListener('resize', fitFrame);
  }, []);
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].filter(
    (y, i, all) => all.indexOf(y) === i,
  );
  if (!years.includes(fiscalYear)) years.push(fiscalYear);
  return (
    <article class="annual-report-screen" aria-labelledby="report-title">
      <h1 id="report-title">{t('admin.annualReport.title')}</h1>
      <div class="actions no-print">
        <label class="inline-field">
          <span>{t('admin.fiscalYear')}</span>
          <select value={String(fiscalYear)} onChange={(e) => setFiscalYear(Number(e.currentTarget.value))}>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="button"
          disabled={loaded === 0}
          onClick={() => frame.current?.contentWindow?.print()}
        >
          {t('admin.annualReport.print')}
        </button>
        {base && (
          <a class="button button-secondary" href={url('docx')} download>
            {t('admin.annualReport.downloadDocx')}
          </a>
        )}
        {base && (
          <a href={url('html')} target="_blank" rel="noopener">
            {t('admin.annualReport.openHtml')}
          </a>
        )}
      </div>
      {failed && <p class="banner banner-error">{t('admin.annualReport.loadFailed')}</p>}
      {base && (
        <iframe
          ref={frame}
          key={`${fiscalYear}-${lang}`}
          class="report-frame"
          title={t('admin.annualReport.title')}
          src={url('html')}
          onLoad={() => {
            const ok = Boolean(frame.current?.contentDocument?.querySelector('section[data-part="4"]'));
            setFailed(!ok);
            fitFrame();
            // Sarabun arriving after the load event changes the document's height again.
            void frame.current?.contentDocument?.fonts.ready.then(fitFrame);
            setLoaded((n) => n + 1);
          }}
        />
      )}
      {canEdit && (
        <Addendum
          surveyId={surveyId}
          fiscalYear={fiscalYear}
          onSaved={() => frame.current?.contentWindow?.location.reload()}
        />
      )}
    </article>
  );
}

/** The free text of earlier versions, now an optional addendum after the actions of part 4. */
function Addendum({ surveyId, fiscalYear, onSaved }: { surveyId: string; fiscalYear: number; onSaved: () => void }) {
  const { t, lang } = useT();
  const [text, setText] = useState<ReportText>();
  const [draft, setDraft] = useState('');
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const path = `/surveys/${encodeURIComponent(surveyId)}/report?fy=${fiscalYear}`;
  useEffect(() => {
    apiGet<ReportText>(path)
      .then((r) => {
        setText(r);
        setDraft(r.usage);
      })
      .catch(() => undefined);
  }, [path]);
  if (!text) return null;
  const save = async () => {
    setSaved('saving');
    try {
      setText(await apiSend<ReportText>('PUT', path, { usage: draft }));
      setSaved('saved');
      onSaved();
    } catch {
      setSaved('failed');
    }
  };
  return (
    <details class="no-print report-addendum">
      <summary>{t('admin.annualReport.addendum')}</summary>
      <label class="field-label" for="usage">
        {t('admin.usageLabel')}
      </label>
      <textarea id="usage" rows={6} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      <div class="actions">
        <button type="button" class="button" disabled={saved === 'saving'} onClick={() => void save()}>
          {t('admin.saveUsage')}
        </button>
        <span role="status" class="muted">
          {saved === 'saved' ? t('admin.saved') : saved === 'failed' ? t('admin.saveFailed') : ''}
          {text.updatedAt
            ? ` ${t('admin.lastSaved', { when: formatDateTime(text.updatedAt, lang), by: text.updatedBy ?? '' })}`
            : ''}
        </span>
      </div>
    </details>
  );
}
