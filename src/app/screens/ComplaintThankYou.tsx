/**
 * After submitting a complaint: its receipt number (เลขที่รับเรื่อง, made on this device, so shown
 * at once even offline) to copy or write down, the office's promised reply time, and how to follow
 * up (the tracking page, the office's phone). Its own screen and chunk, not the survey's thank-you;
 * the office's promise comes from the copy the device keeps (setting `office`), so it works offline.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import { formatDateTime } from '../../core/format.js';
import type { PublicOffice } from '../../core/office.js';
import type { SurveyDefinition } from '../../core/survey.js';
import type { KioskSettings } from '../../db/kiosk.js';
import { observeOutboxEntry } from '../../db/outbox-entries.js';
import { getResponse } from '../../db/responses.js';
import { observeSetting } from '../../db/settings.js';
import { useObservable, useOnline, useT } from '../hooks.js';
import { addLaterStrings } from '../later-strings.js';
import { OFFICE_SETTING } from '../surveys.js';
import { ThankYouActions } from './ThankYou.js';

addLaterStrings();

/**
 * A code as people read it, "7K3QM-2XW9D" (src/core/receipt.ts `formatReceipt`, written here so
 * that the receipt module stays inside the review screen's chunk, out of the first load's list).
 */
const formatReceipt = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** Copies text, by the Clipboard API where the page may use it, else by selecting it. */
async function copyText(text: string, element: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain http on an office network has no Clipboard API: select the number and copy that.
    if (!element) return false;
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return document.execCommand('copy');
  }
}

/** The receipt number, big, with a button that copies it. */
function Receipt({ code }: { code: string }) {
  const { t } = useT();
  const shown = formatReceipt(code);
  const element = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<boolean>();
  return (
    <div class="receipt">
      <p class="receipt-label">{t('complaintThanks.codeLabel')}</p>
      <p class="receipt-code" data-testid="receipt-code">
        <span ref={element}>{shown}</span>
      </p>
      <button
        type="button"
        class="button button-secondary"
        onClick={() => void copyText(shown, element.current).then(setCopied, () => setCopied(false))}
      >
        {t('complaintThanks.copy')}
      </button>
      <span role="status" class="muted">
        {copied === true ? t('complaintThanks.copied') : copied === false ? t('complaintThanks.copyFailed') : ''}
      </span>
      <p class="muted">{t('complaintThanks.keep')}</p>
    </div>
  );
}

/** The complaint thank-you screen. */
export function ComplaintThankYou({
  survey,
  responseId,
  kiosk,
}: {
  survey: SurveyDefinition;
  responseId: string | undefined;
  kiosk?: KioskSettings | undefined;
}) {
  const { t, lang } = useT();
  const online = useOnline();
  // A completed response never changes: read once (it stays on the device for a month after sending).
  const [code, setCode] = useState<string>();
  useEffect(() => {
    if (!responseId) return;
    getResponse(responseId)
      .then((record) => setCode(record?.receiptCode))
      .catch(() => undefined);
  }, [responseId]);
  const entry = useObservable(() => observeOutboxEntry(responseId ?? ''), [responseId]).value;
  const office = useObservable(() => observeSetting<PublicOffice>(OFFICE_SETTING)).value;
  let state: string;
  if (entry?.state === 'sent' && entry.sentAt)
    state = t('complaintThanks.sent', { when: formatDateTime(entry.sentAt, lang) });
  else if (entry?.state === 'rejected') state = t('complaintThanks.attention');
  else if (entry?.state === 'sending') state = t('complaintThanks.sending');
  else state = online ? t('complaintThanks.willSendOnline') : t('complaintThanks.willSendOffline');
  const days = office?.reply?.days;
  const phone = office?.reply?.phone.trim();
  const track = code ? `/track?code=${encodeURIComponent(formatReceipt(code))}` : '/track';
  return (
    <section aria-labelledby="thanks-title" class="thanks">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="thanks-title">{t('complaintThanks.title')}</h1>
      {code && <Receipt code={code} />}
      <p data-testid="response-state" aria-live="polite">
        {state}
      </p>
      <p class="lead" data-testid="reply-promise">
        {days ? t('complaintThanks.promise', { count: days }) : t('complaintThanks.promiseUnknown')}
      </p>
      <h2>{t('complaintThanks.followTitle')}</h2>
      <p>{t('complaintThanks.followTrack')}</p>
      {/* A page load, not the app's router: /track is the light public page (public.html). */}
      <p>
        <a class="button" href={track}>
          {t('complaintThanks.trackLink')}
        </a>
      </p>
      {phone && (
        <p>
          {t('complaintThanks.followPhone', { phone })
            .split(phone)
            .flatMap((part, i) =>
              i === 0
                ? [part]
                : [
                    <a key="phone" href={`tel:${phone.replace(/[^\d+]/g, '')}`}>
                      {phone}
                    </a>,
                    part,
                  ],
            )}
        </p>
      )}
      <ThankYouActions survey={survey} kiosk={kiosk} />
    </section>
  );
}
