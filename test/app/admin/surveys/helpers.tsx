/** What the builder's component tests share: strings in both languages and a controlled host. */
import { initI18n } from '../../../../src/app/i18n.js';
import { addAdminStrings } from '../../../../src/app/admin/strings.js';
import en from '../../../../locales/en/translation.json';
import { i18next } from '../../../../src/app/i18n.js';

/** Starts i18next in a language with the staff strings (and the English respondent strings). */
export async function startStrings(lang: 'th' | 'en' = 'th'): Promise<void> {
  await initI18n('th');
  i18next.addResourceBundle('en', 'translation', en, true, false);
  addAdminStrings();
  if (lang !== 'th') await i18next.changeLanguage(lang);
}
