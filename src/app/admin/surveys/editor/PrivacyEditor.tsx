/**
 * The privacy notice: title and paragraphs in Thai and English side by side, paragraphs added,
 * removed and reordered, and its version, with a new version suggested once the text changes.
 */
import { useRef } from 'preact/hooks';
import { noticeTextChanged, suggestVersion } from '../../../../core/privacy-notice.js';
import type { LocalizedText, PrivacyNotice } from '../../../../core/survey.js';
import { LANGUAGES } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import './builder-extras.css';

const K = 'admin.builder.privacy.';

/** The privacy notice editor; fully controlled. */
export function PrivacyEditor(props: { value: PrivacyNotice; onChange(next: PrivacyNotice): void }) {
  const { t } = useT();
  const notice = props.value;
  // The notice as it was when the editor opened: what respondents may have accepted.
  const accepted = useRef(notice);
  const changed = notice.version === accepted.current.version && noticeTextChanged(notice, accepted.current);
  const suggested = suggestVersion(notice.version);
  const set = (next: Partial<PrivacyNotice>) => props.onChange({ ...notice, ...next });
  const setBody = (body: LocalizedText[]) => set({ body });
  const move = (from: number, to: number) => {
    const body = [...notice.body];
    const [p] = body.splice(from, 1);
    if (!p) return;
    body.splice(to, 0, p);
    setBody(body);
  };
  const pair = (id: string, label: string, text: LocalizedText, onText: (next: LocalizedText) => void, rows = 0) => (
    <div class="side-by-side">
      {LANGUAGES.map((lang) => {
        const missing = text[lang].trim() === '';
        const common = {
          id: `${id}-${lang}`,
          value: text[lang],
          class: missing ? 'missing' : undefined,
          'aria-invalid': missing ? true : undefined,
          'aria-describedby': missing ? `${id}-${lang}-missing` : undefined,
          lang,
          onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
            onText({ ...text, [lang]: e.currentTarget.value }),
        };
        return (
          <div key={lang} class="field">
            <label for={`${id}-${lang}`}>
              {label} ({t(`${K}${lang}`)})
            </label>
            {rows ? <textarea rows={rows} {...common} /> : <input type="text" {...common} />}
            {missing && (
              <p class="field-error" id={`${id}-${lang}-missing`}>
                {t(`${K}missing`)}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
  return (
    <section class="privacy-editor" aria-labelledby="privacy-editor-title">
      <h2 id="privacy-editor-title">{t(`${K}title`)}</h2>
      <div class="field">
        <label for="privacy-version">{t(`${K}version`)}</label>
        <input
          id="privacy-version"
          type="text"
          value={notice.version}
          aria-describedby="privacy-version-hint"
          onInput={(e) => set({ version: e.currentTarget.value })}
        />
        <p class="field-hint" id="privacy-version-hint">
          {t(`${K}versionHint`)}
        </p>
      </div>
      {changed && (
        <div class="banner banner-warning" role="status">
          <p>{t(`${K}changed`, { version: accepted.current.version })}</p>
          <button type="button" class="button button-small" onClick={() => set({ version: suggested })}>
            {t(`${K}useSuggested`, { version: suggested })}
          </button>
        </div>
      )}
      {pair('privacy-title', t(`${K}heading`), notice.title, (title) => set({ title }))}
      {notice.body.map((p, i) => (
        <div key={i} class="paragraph">
          {pair(
            `privacy-p${i}`,
            t(`${K}paragraph`, { n: i + 1 }),
            p,
            (next) => setBody(notice.body.map((x, j) => (j === i ? next : x))),
            4,
          )}
          <div class="actions">
            <button
              type="button"
              class="button button-secondary button-small"
              disabled={i === 0}
              onClick={() => move(i, i - 1)}
            >
              {t(`${K}up`, { n: i + 1 })}
            </button>
            <button
              type="button"
              class="button button-secondary button-small"
              disabled={i === notice.body.length - 1}
              onClick={() => move(i, i + 1)}
            >
              {t(`${K}down`, { n: i + 1 })}
            </button>
            <button type="button" class="link-button" onClick={() => setBody(notice.body.filter((_, j) => j !== i))}>
              {t(`${K}remove`, { n: i + 1 })}
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        class="button button-secondary"
        onClick={() => setBody([...notice.body, { th: '', en: '' }])}
      >
        {t(`${K}add`)}
      </button>
    </section>
  );
}
