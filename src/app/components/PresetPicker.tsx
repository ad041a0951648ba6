/**
 * Chooses the answers a link or a kiosk fills in advance: every question of the survey that may
 * be preset (a single choice as a list box, a long list with search), each optional.
 */
import { tr } from '../../core/answers.js';
import { presetRule, presettableQuestions } from '../../core/presets.js';
import type { Question, SurveyDefinition } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { LookupField } from '../questions/LookupField.js';

/** The picker; `value` holds the chosen presets by question id. */
export function PresetPicker({
  survey,
  value,
  onChange,
}: {
  survey: SurveyDefinition;
  value: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
}) {
  const { t, lang } = useT();
  const set = (id: string, v: string | undefined) => {
    const next = { ...value };
    if (v === undefined || v === '') delete next[id];
    else next[id] = v;
    onChange(next);
  };
  const note = (q: Question) => (presetRule(q) === 'locked' ? t('presets.lockedNote') : t('presets.editableNote'));
  return (
    <div class="preset-picker">
      {presettableQuestions(survey).map((q) => {
        if (q.type === 'lookup') {
          return (
            <div key={q.id}>
              <LookupField
                survey={survey}
                question={{ ...q, required: false }}
                answers={value}
                error={undefined}
                lang={lang}
                t={t}
                // Only an entry tapped in the list is a preset; text typed to search is not.
                onAnswer={(_, v) =>
                  set(q.id, survey.lists?.[q.list]?.some((item) => item.value === v) ? (v as string) : undefined)
                }
              />
              <p class="field-hint">{note(q)}</p>
            </div>
          );
        }
        if (q.type !== 'single') return null;
        const selectId = `preset-${q.id}`;
        return (
          <div class="field" key={q.id}>
            <label class="field-label" for={selectId}>
              {tr(q.label, lang)}
            </label>
            <select id={selectId} value={value[q.id] ?? ''} onChange={(e) => set(q.id, e.currentTarget.value)}>
              <option value="">{t('presets.none')}</option>
              {q.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {tr(o.label, lang)}
                </option>
              ))}
            </select>
            <p class="field-hint">{note(q)}</p>
          </div>
        );
      })}
    </div>
  );
}
