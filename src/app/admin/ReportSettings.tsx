/**
 * What the annual participation report prints besides the data, set by administrators in the
 * office settings: who signs it, the office's emblem, and the ITA items of each fiscal year.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ItaItem, ReportSignatures } from '../../core/annual-report.js';
import { localIsoDay } from '../../core/answers.js';
import { toBase64 } from '../../core/base64.js';
import { fiscalYearOf } from '../../core/results.js';
import { currentEndpoint } from '../sync-bridge.js';
import { useT } from '../hooks.js';
import { apiDelete, apiGet, apiSend } from './api.js';
import './report.css';

/** No one named yet. */
export const NO_SIGNATURES: ReportSignatures = {
  reporter: { name: '', position: '' },
  director: { name: '', position: '' },
};

/** The signature block's names and positions (saved with the office settings). */
export function SignatureFields({
  value,
  onChange,
}: {
  value: ReportSignatures | undefined;
  onChange: (next: ReportSignatures) => void;
}) {
  const { t } = useT();
  const v = value ?? NO_SIGNATURES;
  const field = (who: 'reporter' | 'director', part: 'name' | 'position', label: string) => (
    <>
      <label class="field-label" for={`sign-${who}-${part}`}>
        {label}
      </label>
      <input
        id={`sign-${who}-${part}`}
        type="text"
        autoComplete="off"
        value={v[who][part]}
        onInput={(e) => onChange({ ...v, [who]: { ...v[who], [part]: e.currentTarget.value } })}
      />
    </>
  );
  return (
    <fieldset class="field">
      <legend>{t('admin.annualReport.signatureTitle')}</legend>
      <p class="field-hint">{t('admin.annualReport.signatureHint')}</p>
      {field('reporter', 'name', t('admin.annualReport.reporterName'))}
      {field('reporter', 'position', t('admin.annualReport.reporterPosition'))}
      {field('director', 'name', t('admin.annualReport.directorName'))}
      {field('director', 'position', t('admin.annualReport.directorPosition'))}
    </fieldset>
  );
}

/** Upload, see and remove the office's emblem (PNG or JPEG, at most 1 MiB, checked by the server). */
export function EmblemField() {
  const { t } = useT();
  const [src, setSrc] = useState<string | null>();
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'removed' | 'refused'>('idle');
  const reload = async () => {
    const base = await currentEndpoint();
    const r = await fetch(`${base}/office/emblem`, { credentials: 'include' });
    setSrc(r.ok ? URL.createObjectURL(await r.blob()) : null);
  };
  useEffect(() => {
    void reload().catch(() => setSrc(null));
  }, []);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setState('saving');
    try {
      if (file.size > 1024 * 1024) throw new Error('too large');
      const data = toBase64(new Uint8Array(await file.arrayBuffer()));
      await apiSend('PUT', '/office/emblem', { data });
      await reload();
      setState('saved');
    } catch {
      setState('refused');
    }
  };
  const remove = async () => {
    await apiDelete('/office/emblem');
    setSrc(null);
    setState('removed');
  };
  return (
    <fieldset class="field">
      <legend>{t('admin.annualReport.emblemTitle')}</legend>
      <p class="field-hint">{t('admin.annualReport.emblemHint')}</p>
      {src ? (
        <img class="emblem-preview" src={src} alt={t('admin.annualReport.emblemAlt')} />
      ) : (
        <p class="muted">{src === null ? t('admin.annualReport.emblemNone') : ''}</p>
      )}
      <div class="actions">
        <label class="button button-secondary file-button">
          {t('admin.annualReport.emblemUpload')}
          <input
            type="file"
            accept="image/png,image/jpeg"
            class="visually-hidden"
            onChange={(e) => void upload(e.currentTarget.files?.[0])}
          />
        </label>
        {src && (
          <button type="button" class="button button-secondary" onClick={() => void remove()}>
            {t('admin.annualReport.emblemRemove')}
          </button>
        )}
        <span role="status" class={state === 'refused' ? 'error' : 'muted'}>
          {state === 'saved'
            ? t('admin.annualReport.emblemSaved')
            : state === 'removed'
              ? t('admin.annualReport.emblemRemoved')
              : state === 'refused'
                ? t('admin.annualReport.emblemRefused')
                : ''}
        </span>
      </div>
    </fieldset>
  );
}

type EditableItem = Omit<ItaItem, 'seeded'> & { seeded?: boolean };

/** The ITA item codes and titles of a fiscal year (they change every year). */
export function ItaItemsField() {
  const { t } = useT();
  const [year, setYear] = useState(fiscalYearOf(localIsoDay()));
  const [items, setItems] = useState<EditableItem[]>();
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  useEffect(() => {
    setItems(undefined);
    apiGet<{ items: ItaItem[] }>(`/ita-items?fiscalYear=${year}`)
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [year]);
  const change = (i: number, next: Partial<EditableItem>) =>
    setItems(items?.map((item, k) => (k === i ? { ...item, ...next, seeded: false } : item)));
  const save = async () => {
    if (!items) return;
    setState('saving');
    try {
      const body = { items: items.map(({ code, title, purpose }) => ({ code, title, purpose })) };
      setItems((await apiSend<{ items: ItaItem[] }>('PUT', `/ita-items?fiscalYear=${year}`, body)).items);
      setState('saved');
    } catch {
      setState('failed');
    }
  };
  return (
    <fieldset class="field">
      <legend>{t('admin.annualReport.itaTitle', { year })}</legend>
      <p class="field-hint">{t('admin.annualReport.itaHint')}</p>
      <label class="inline-field">
        <span>{t('admin.fiscalYear')}</span>
        <select value={String(year)} onChange={(e) => setYear(Number(e.currentTarget.value))}>
          {[0, 1, -1, -2]
            .map((d) => fiscalYearOf(localIsoDay()) + d)
            .map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
        </select>
      </label>
      {items?.map((item, i) => (
        <div class="ita-item" key={`${year}-${i}`}>
          <label class="field-label" for={`ita-code-${i}`}>
            {t('admin.annualReport.itaCode')}
            {item.seeded ? <span class="muted"> ({t('admin.annualReport.itaDefault')})</span> : null}
          </label>
          <input
            id={`ita-code-${i}`}
            type="text"
            value={item.code}
            onInput={(e) => change(i, { code: e.currentTarget.value })}
          />
          <label class="field-label" for={`ita-th-${i}`}>
            {t('admin.annualReport.itaName')}
          </label>
          <input
            id={`ita-th-${i}`}
            type="text"
            value={item.title.th}
            onInput={(e) => change(i, { title: { ...item.title, th: e.currentTarget.value } })}
          />
          <label class="field-label" for={`ita-en-${i}`}>
            {t('admin.annualReport.itaNameEn')}
          </label>
          <input
            id={`ita-en-${i}`}
            type="text"
            value={item.title.en}
            onInput={(e) => change(i, { title: { ...item.title, en: e.currentTarget.value } })}
          />
          <label class="choice">
            <input
              type="radio"
              name={`ita-participation-${year}`}
              checked={item.purpose === 'participation'}
              onChange={() =>
                setItems(items.map((x, k) => ({ ...x, purpose: k === i ? 'participation' : '', seeded: false })))
              }
            />
            <span>{t('admin.annualReport.itaParticipation')}</span>
          </label>
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() => setItems(items.filter((_, k) => k !== i))}
          >
            {t('admin.annualReport.itaRemove')}
          </button>
        </div>
      ))}
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          onClick={() => setItems([...(items ?? []), { code: '', title: { th: '', en: '' }, purpose: '' }])}
        >
          {t('admin.annualReport.itaAdd')}
        </button>
        <button type="button" class="button" disabled={state === 'saving' || !items} onClick={() => void save()}>
          {t('admin.annualReport.itaSave')}
        </button>
        <span role="status" class="muted">
          {state === 'saved' ? t('admin.annualReport.itaSaved') : state === 'failed' ? t('admin.saveFailed') : ''}
        </span>
      </div>
    </fieldset>
  );
}
