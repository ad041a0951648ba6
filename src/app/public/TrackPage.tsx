/**
 * `/track`: a complaint's sender types its receipt number (or arrives from the complaint's
 * thank-you with `?code=`) and reads its status, the date of each change, the due date and the
 * office's public reply (`GET /api/v1/complaints/track/:code`). Part of the light public entry
 * (public.html), so it opens quickly on a weak phone. A number that cannot exist and one that does
 * not get the same message; so do the server's answers for both.
 */
import { useEffect, useState } from 'preact/hooks';
import enPublic from '../../../locales/en/public.json';
import thPublic from '../../../locales/th/public.json';
import { formatDate, formatDateTime } from '../../core/format.js';
import { formatReceipt, normalizeReceipt } from '../../core/receipt.js';
import { useT } from '../hooks.js';
import { i18next } from '../i18n.js';

i18next.addResourceBundle('th', 'translation', { public: thPublic }, true, false);
i18next.addResourceBundle('en', 'translation', { public: enPublic }, true, false);

/** What the server tells a complaint's sender. */
interface Tracked {
  code: string;
  receivedAt: string;
  status: string;
  dueOn: string;
  history: { at: string; status: string }[];
  reply: { text: string; at: string } | null;
}

type Outcome =
  | { kind: 'idle' | 'checking' | 'empty' | 'notFound' | 'offline' | 'tooMany' | 'failed' }
  | { kind: 'found'; tracked: Tracked };

/** Asks the office's server about a code (normalized); says what came of it. */
async function check(code: string): Promise<Outcome> {
  if (globalThis.navigator?.onLine === false) return { kind: 'offline' };
  let response: Response;
  try {
    response = await fetch(`/api/v1/complaints/track/${encodeURIComponent(code)}`, {
      headers: { accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { kind: 'offline' };
  }
  if (response.status === 404) return { kind: 'notFound' };
  if (response.status === 429) return { kind: 'tooMany' };
  if (!response.ok) return { kind: 'failed' };
  try {
    return { kind: 'found', tracked: (await response.json()) as Tracked };
  } catch {
    return { kind: 'failed' };
  }
}

function Result({ tracked }: { tracked: Tracked }) {
  const { t, lang } = useT();
  const state = (s: string) => t(`public.track.states.${s}`, { defaultValue: s });
  return (
    <section class="card public-card" aria-labelledby="track-result" data-testid="track-result">
      <h2 id="track-result">{t('public.track.resultTitle', { code: tracked.code })}</h2>
      <dl class="track-facts">
        <dt>{t('public.track.status')}</dt>
        <dd class="track-fact">
          <strong data-testid="track-status">{state(tracked.status)}</strong>
        </dd>
        <dt>{t('public.track.received')}</dt>
        <dd class="track-fact">{formatDateTime(tracked.receivedAt, lang)}</dd>
        {tracked.dueOn && (
          <>
            <dt>{t('public.track.due')}</dt>
            <dd class="track-fact">{formatDate(tracked.dueOn, lang)}</dd>
          </>
        )}
      </dl>
      <h3>{t('public.track.history')}</h3>
      <ol class="track-history">
        {tracked.history.map((h) => (
          <li key={`${h.at}-${h.status}`}>
            <strong class="w">{state(h.status)}</strong>
            <br />
            <time class="muted" dateTime={h.at}>
              {formatDateTime(h.at, lang)}
            </time>
          </li>
        ))}
      </ol>
      <h3>{t('public.track.reply')}</h3>
      {tracked.reply ? (
        <>
          <p class="track-reply" data-testid="track-reply">
            {tracked.reply.text}
          </p>
          <p class="muted">{t('public.track.replyAt', { when: formatDateTime(tracked.reply.at, lang) })}</p>
        </>
      ) : (
        <p>{t('public.track.noReply')}</p>
      )}
    </section>
  );
}

/** The tracking page. */
export function TrackPage() {
  const { t } = useT();
  const [typed, setTyped] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const submit = async (value: string) => {
    if (!value.trim()) return setOutcome({ kind: 'empty' });
    // A number that cannot be one is not sent: it is simply not found (the same words as unknown).
    const code = normalizeReceipt(value);
    if (!code) return setOutcome({ kind: 'notFound' });
    setOutcome({ kind: 'checking' });
    // The address keeps the number, so a reload checks it again.
    history.replaceState(null, '', `/track?code=${encodeURIComponent(formatReceipt(code))}`);
    setOutcome(await check(code));
  };
  useEffect(() => {
    if (typed) void submit(typed);
  }, []);

  const message =
    outcome.kind === 'empty' ||
    outcome.kind === 'notFound' ||
    outcome.kind === 'offline' ||
    outcome.kind === 'tooMany' ||
    outcome.kind === 'failed'
      ? t(`public.track.${outcome.kind}`)
      : '';
  return (
    <div class="public-page track-page">
      <h1>{t('public.track.title')}</h1>
      <p>{t('public.track.intro')}</p>
      <form
        class="track-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(typed);
        }}
      >
        <label class="field-label" for="track-code">
          {t('public.track.label')}
        </label>
        <p class="field-hint" id="track-hint">
          {t('public.track.hint')}
        </p>
        <input
          id="track-code"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={40}
          aria-describedby={message ? 'track-hint track-message' : 'track-hint'}
          aria-invalid={outcome.kind === 'empty' || outcome.kind === 'notFound'}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={outcome.kind === 'checking'}>
          {outcome.kind === 'checking' ? t('public.track.checking') : t('public.track.submit')}
        </button>
      </form>
      <p id="track-message" role="alert" class={message ? 'banner banner-warning' : ''} data-testid="track-message">
        {message}
      </p>
      {outcome.kind === 'found' && <Result tracked={outcome.tracked} />}
    </div>
  );
}
