/** The supervisors' strings, shipped with their chunk and merged into i18next when it loads. */
import enAdmin from '../../../locales/en/admin.json';
import thAdmin from '../../../locales/th/admin.json';
import { i18next } from '../i18n.js';

/** Adds the staff screens' strings in both languages. */
export function addAdminStrings(): void {
  i18next.addResourceBundle('th', 'translation', { admin: thAdmin }, true, false);
  i18next.addResourceBundle('en', 'translation', { admin: enAdmin }, true, false);
}
