/** A text in Thai and English side by side; an empty translation is flagged in words, not colour only. */
import { memo } from 'preact/compat';
import type { LocalizedText } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { describeMessage } from '../survey-words.js';
import { type Problem, problemsUnder } from './problems.js';

interface Props {
  /** The validator path of the text (`title`, `sections[0].questions[1].label`). */
  path: string;
  label: string;
  value: LocalizedText | undefined;
  /** An optional text may be left empty in both languages (it is then removed). */
  optional?: boolean;
  multiline?: boolean;
  problems?: readonly Problem[] | undefined;
  onChange(next: LocalizedText): void;
}

const LANGS = ['th', 'en'] as const;

/** Thai and English inputs of one text, with their missing-translation flags and problems. */
export const LocalizedField = memo(function LocalizedField({
  path,
  label,
  value,
  optional,
  multiline,
  problems,
  onChange,
}: Props) {
  const { t } = useT();
  const text = value ?? { th: '', en: '' };
  const inUse = !optional || text.th.trim() !== '' || text.en.trim() !== '';
  const domId = `f-${path.replace(/[^a-zA-Z0-9]/g, '-')}`;
  return (
    <fieldset class="builder-text">
      <legend>{label}</legend>
      <div class="builder-pair">
        {LANGS.map((lang) => {
          const missing = inUse && text[lang].trim() === '';
          const own = problemsUnder(problems ?? [], `${path}.${lang}`);
          const flagId = `${domId}-${lang}-flag`;
          const field = {
            id: `${domId}-${lang}`,
            'data-path': `${path}.${lang}`,
            lang,
            value: text[lang],
            'aria-invalid': missing || own.length > 0 ? ('true' as const) : undefined,
            'aria-describedby': missing || own.length ? flagId : undefined,
            onInput: (e: Event) => onChange({ ...text, [lang]: (e.currentTarget as HTMLInputElement).value }),
          };
          return (
            <div key={lang} class="builder-lang">
              <label class="builder-lang-name" for={`${domId}-${lang}`}>
                <span class="visually-hidden">{label} </span>
                {t(`admin.builder.lang.${lang}`)}
              </label>
              {multiline ? <textarea rows={2} {...field} /> : <input {...field} />}
              {(missing || own.length > 0) && (
                <span id={flagId} class="builder-flag">
                  {missing ? `⚠ ${t(`admin.builder.missing.${lang}`)}` : ''}
                  {own
                    .filter((p) => !missing || !/^(?:must not be empty|must be text)$/.test(p.message))
                    .map((p) => ` ${describeMessage(p.message, t)}`)
                    .join('')}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
});
