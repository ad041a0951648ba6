/** ไทย / English, remembered on this device. */
import { LANGUAGES } from '../../core/survey.js';
import { useT } from '../hooks.js';
import { setLanguage } from '../i18n.js';

/** Two buttons; the current language is pressed. */
export function LanguageSwitch({ onChange }: { onChange?: (lang: 'th' | 'en') => void }) {
  const { t, lang } = useT();
  return (
    <fieldset class="lang-switch">
      <legend class="visually-hidden">{t('language.label')}</legend>
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          onClick={() => {
            void setLanguage(l);
            onChange?.(l);
          }}
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </fieldset>
  );
}
