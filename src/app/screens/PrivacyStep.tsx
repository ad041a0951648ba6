/**
 * The survey's privacy notice, read and accepted before the first question: a short summary
 * (who, what for, how long, the person's rights, how to reach the data protection officer), then
 * the full text, folded.
 */
import { tr } from '../../core/answers.js';
import { hasDpoContact, type PublicOffice } from '../../core/office.js';
import type { Lang, SurveyDefinition } from '../../core/survey.js';
import { observeSetting } from '../../db/settings.js';
import { presetSummary } from '../components/preset-summary.js';
import { useObservable, useT } from '../hooks.js';
import { onLinkClick } from '../router.js';
import { OFFICE_SETTING } from '../surveys.js';

/** A paragraph "Label: text" as its label and its text (no label when there is none). */
function labelled(text: string): { label?: string; text: string } {
  const m = /^([^:：]{2,40})[:：]\s*/.exec(text);
  return m?.[1] ? { label: m[1], text: text.slice(m[0].length) } : { text };
}

/** The notice's paragraph on how long data are kept (labelled "ระยะเวลาการเก็บรักษา" / "Retention"). */
function retentionOf(survey: SurveyDefinition, lang: Lang): string | undefined {
  const paragraphs = survey.privacy.body.map((p) => labelled(tr(p, lang)));
  const text = paragraphs.find((p) => p.label && /ระยะเวลา|retention/i.test(p.label))?.text;
  // Read on its own, the paragraph's text starts a sentence ("the office keeps…" → "The office…").
  return text && text.charAt(0).toUpperCase() + text.slice(1);
}

/** "2567-1" read as the year (B.E.) and revision of the notice; anything else as it is. */
function versionText(version: string, t: ReturnType<typeof useT>['t']): string {
  const m = /^(\d{4})-(\d+)$/.exec(version);
  return m ? t('privacy.version', { year: m[1], revision: m[2] }) : t('privacy.versionOther', { version });
}

/** How to reach the DPO, from the office's settings; says so plainly when the office has set none. */
function DpoContactLines({ office, lang }: { office: PublicOffice | undefined; lang: Lang }) {
  const { t } = useT();
  const dpo = office?.dpo;
  if (!hasDpoContact(dpo)) return <p data-testid="dpo-contact">{t('privacy.dpoMissing')}</p>;
  return (
    <div data-testid="dpo-contact">
      <p>{t('privacy.dpo', { office: office ? tr(office.name, lang) : '' })}</p>
      <ul class="plain-list">
        {dpo.phone && (
          <li>
            {t('privacy.phone')} <a href={`tel:${dpo.phone.replace(/[^\d+]/g, '')}`}>{dpo.phone}</a>
          </li>
        )}
        {dpo.email && (
          <li>
            {t('privacy.email')} <a href={`mailto:${dpo.email}`}>{dpo.email}</a>
          </li>
        )}
        {dpo.address && (
          <li>
            {t('privacy.address')} {dpo.address}
          </li>
        )}
      </ul>
    </div>
  );
}

/** The notice with "accept and start" and "back". */
export function PrivacyStep({
  survey,
  onAccept,
  busy,
  presets = {},
  kiosk = false,
}: {
  survey: SurveyDefinition;
  onAccept: () => void;
  busy: boolean;
  /** Answers a link or the kiosk fills in advance, shown before the person starts. */
  presets?: Readonly<Record<string, string>>;
  /** On a kiosk there is nowhere to go back to. */
  kiosk?: boolean;
}) {
  const { t, lang } = useT();
  const office = useObservable(() => observeSetting<PublicOffice>(OFFICE_SETTING)).value;
  const preset = presetSummary(survey, presets, lang);
  const retention = retentionOf(survey, lang);
  return (
    <section aria-labelledby="privacy-title">
      <p class="eyebrow">{tr(survey.title, lang)}</p>
      <h1 id="privacy-title">{tr(survey.privacy.title, lang)}</h1>
      <div class="notice" data-testid="privacy-summary">
        <h2>{t('privacy.summaryTitle')}</h2>
        <dl class="summary-list">
          <dt>{t('privacy.who')}</dt>
          <dd>{office ? tr(office.name, lang) : t('privacy.officeUnknown')}</dd>
          <dt>{t('privacy.what')}</dt>
          <dd>{t(`privacy.purpose.${survey.kind}`)}</dd>
          <dt>{t('privacy.howLong')}</dt>
          <dd>{retention ?? t('privacy.howLongFull')}</dd>
          <dt>{t('privacy.rightsTitle')}</dt>
          <dd>{t('privacy.rights')}</dd>
          <dt>{t('privacy.contactTitle')}</dt>
          <dd>
            <DpoContactLines office={office} lang={lang} />
          </dd>
        </dl>
      </div>
      <details class="notice notice-full">
        <summary>{t('privacy.full')}</summary>
        {survey.privacy.body.map((p, i) => {
          const { label, text } = labelled(tr(p, lang));
          // Paragraphs have no id of their own; their order is fixed by the notice's version.
          return (
            <p key={i}>
              {label && <strong>{label}: </strong>}
              {text}
            </p>
          );
        })}
      </details>
      <p class="muted">{versionText(survey.privacy.version, t)}</p>
      {preset.length > 0 && (
        <div class="banner banner-info" data-testid="presets">
          <p>{t('presets.intro')}</p>
          <ul class="plain-list">
            {preset.map((p) => (
              <li key={p.label}>
                <span class="preset-label">{p.label}</span> <strong>{p.value}</strong>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="nav-buttons">
        {!kiosk && (
          <a class="button button-secondary" href="/" onClick={onLinkClick}>
            {t('common.back')}
          </a>
        )}
        <button type="button" class="button" onClick={onAccept} disabled={busy}>
          {t('privacy.accept')}
        </button>
      </div>
    </section>
  );
}
