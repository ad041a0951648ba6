/**
 * The office's name for reports, the band system and sample-size method it reports with, how
 * respondents reach its data protection officer (shown in every privacy notice), and what it
 * promises complainants (a reply within so many working days, a phone to follow up).
 */
import { useEffect, useState } from 'preact/hooks';
import type { DpoContact } from '../../core/office.js';
import { DEFAULT_REPLY_DAYS, isPhoneText, MAX_REPLY_DAYS } from '../../core/office-reply.js';
import type { BandSystem, SampleMethod } from '../../core/results.js';
import { useT } from '../hooks.js';
import { apiGet, apiSend } from './api.js';
import type { ReportSignatures } from '../../core/annual-report.js';
import { EmblemField, ItaItemsField, SignatureFields } from './ReportSettings.js';

interface Office {
  name: { th: string; en: string };
  bandSystem: BandSystem;
  sampleMethod: SampleMethod;
  dpo?: DpoContact;
  replyDays?: number;
  followUp?: { phone: string; text?: { th: string; en: string } };
  report?: ReportSignatures;
}

const NO_DPO: DpoContact = { phone: '', email: '', address: '' };

/** Administrators' settings. */
export function OfficeSettingsScreen() {
  const { t } = useT();
  const [office, setOffice] = useState<Office>();
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  // The working days as typed: checked before saving, not coerced.
  const [daysText, setDaysText] = useState<string>();
  useEffect(() => {
    apiGet<Office>('/office')
      .then(setOffice)
      .catch(() => undefined);
  }, []);
  if (!office) return <p aria-busy="true">{t('common.loading')}</p>;
  const dpo = office.dpo ?? NO_DPO;
  const setDpo = (part: keyof DpoContact, value: string) => setOffice({ ...office, dpo: { ...dpo, [part]: value } });
  const days = daysText ?? String(office.replyDays ?? DEFAULT_REPLY_DAYS);
  const daysValue = /^\s*\d+\s*$/.test(days) ? Number(days) : Number.NaN;
  const daysBad = !(Number.isInteger(daysValue) && daysValue >= 1 && daysValue <= MAX_REPLY_DAYS);
  const phone = office.followUp?.phone ?? '';
  const phoneBad = !isPhoneText(phone);
  const save = async () => {
    if (daysBad || phoneBad) {
      setState('idle');
      return;
    }
    setState('saving');
    try {
      setOffice(await apiSend<Office>('PUT', '/office', { ...office, replyDays: daysValue }));
      setDaysText(undefined);
      setState('saved');
    } catch {
      setState('failed');
    }
  };
  return (
    <section aria-labelledby="office-title" class="narrow">
      <h1 id="office-title">{t('admin.officeSettings')}</h1>
      <label class="field-label" for="office-th">
        {t('admin.officeNameTh')}
      </label>
      <input
        id="office-th"
        type="text"
        value={office.name.th}
        onInput={(e) => setOffice({ ...office, name: { ...office.name, th: e.currentTarget.value } })}
      />
      <label class="field-label" for="office-en">
        {t('admin.officeNameEn')}
      </label>
      <input
        id="office-en"
        type="text"
        value={office.name.en}
        onInput={(e) => setOffice({ ...office, name: { ...office.name, en: e.currentTarget.value } })}
      />
      <fieldset class="field">
        <legend>{t('admin.bandSystem')}</legend>
        {(['A', 'B'] as const).map((b) => (
          <label class="choice" key={b}>
            <input
              type="radio"
              name="band"
              checked={office.bandSystem === b}
              onChange={() => setOffice({ ...office, bandSystem: b })}
            />
            <span>{t(`admin.band.${b}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset class="field">
        <legend>{t('admin.sampleMethod')}</legend>
        {(['krejcie-morgan', 'yamane'] as const).map((m) => (
          <label class="choice" key={m}>
            <input
              type="radio"
              name="method"
              checked={office.sampleMethod === m}
              onChange={() => setOffice({ ...office, sampleMethod: m })}
            />
            <span>{t(`admin.method.${m}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset class="field">
        <legend>{t('admin.dpoTitle')}</legend>
        <p class="field-hint">{t('admin.dpoHint')}</p>
        <label class="field-label" for="dpo-phone">
          {t('admin.dpoPhone')}
        </label>
        <input
          id="dpo-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={dpo.phone}
          onInput={(e) => setDpo('phone', e.currentTarget.value)}
        />
        <label class="field-label" for="dpo-email">
          {t('admin.dpoEmail')}
        </label>
        <input
          id="dpo-email"
          type="email"
          autoComplete="off"
          value={dpo.email}
          onInput={(e) => setDpo('email', e.currentTarget.value)}
        />
        <label class="field-label" for="dpo-address">
          {t('admin.dpoAddress')}
        </label>
        <textarea
          id="dpo-address"
          rows={3}
          value={dpo.address}
          onInput={(e) => setDpo('address', e.currentTarget.value)}
        />
      </fieldset>
      <fieldset class="field">
        <legend>{t('admin.complaintReply.title')}</legend>
        <p class="field-hint">{t('admin.complaintReply.hint')}</p>
        <label class="field-label" for="reply-days">
          {t('admin.complaintReply.days')}
        </label>
        <input
          id="reply-days"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={daysBad ? 'true' : undefined}
          aria-describedby={daysBad ? 'reply-days-error' : undefined}
          value={days}
          onInput={(e) => setDaysText(e.currentTarget.value)}
        />
        {daysBad && (
          <p class="field-error" id="reply-days-error">
            {t('admin.complaintReply.daysError')}
          </p>
        )}
        <label class="field-label" for="reply-phone">
          {t('admin.complaintReply.phone')}
        </label>
        <input
          id="reply-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          aria-invalid={phoneBad ? 'true' : undefined}
          aria-describedby={phoneBad ? 'reply-phone-error' : undefined}
          value={phone}
          onInput={(e) => setOffice({ ...office, followUp: { ...office.followUp, phone: e.currentTarget.value } })}
        />
        {phoneBad && (
          <p class="field-error" id="reply-phone-error">
            {t('admin.complaintReply.phoneError')}
          </p>
        )}
      </fieldset>
      <SignatureFields value={office.report} onChange={(report) => setOffice({ ...office, report })} />
      <div class="actions">
        <button
          type="button"
          class="button"
          disabled={state === 'saving' || daysBad || phoneBad}
          onClick={() => void save()}
        >
          {t('admin.save')}
        </button>
        <span role="status" class="muted">
          {state === 'saved' ? t('admin.saved') : state === 'failed' ? t('admin.saveFailed') : ''}
        </span>
      </div>
      <EmblemField />
      <ItaItemsField />
    </section>
  );
}
