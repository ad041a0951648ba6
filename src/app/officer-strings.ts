/**
 * The officers' strings (device screen, kiosk set-up and panel, PIN, links, backups), shipped
 * with the screens that use them and merged into i18next when one of them loads, so that a
 * respondent's first load carries only the respondent's strings.
 */
import enOfficer from '../../locales/en/officer.json';
import thOfficer from '../../locales/th/officer.json';
import { i18next } from './i18n.js';

let added = false;

/** Adds the officers' strings in both languages (once). */
export function addOfficerStrings(): void {
  if (added) return;
  added = true;
  i18next.addResourceBundle('th', 'translation', thOfficer, true, false);
  i18next.addResourceBundle('en', 'translation', enOfficer, true, false);
}
