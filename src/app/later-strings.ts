/**
 * The respondent's strings that no screen needs before the first question (review, thank-you,
 * the kiosk's idle prompt and countdown, the service worker's notices). They ship with the code
 * that uses them, which merges them into i18next when it loads, so a respondent's first load
 * carries only what the first question needs.
 */
import enLater from '../../locales/en/later.json';
import thLater from '../../locales/th/later.json';
import { i18next } from './i18n.js';

let added = false;

/** Adds the later strings in both languages (once). */
export function addLaterStrings(): void {
  if (added) return;
  added = true;
  i18next.addResourceBundle('th', 'translation', thLater, true, false);
  i18next.addResourceBundle('en', 'translation', enLater, true, false);
}
