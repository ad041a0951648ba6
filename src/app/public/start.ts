/**
 * Starts i18next for the public page's own entry. Imported before the page, whose module adds its
 * strings as it loads (as it does in the app, where i18next has started long before).
 */
import { initI18n } from '../i18n.js';

/** Resolves once the strings of the reader's language are ready. */
export const i18nReady = initI18n();
