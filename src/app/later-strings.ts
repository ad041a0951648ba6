/**
 * The respondent's strings that no screen needs before the first question (review, thank-you,
 * the kiosk's idle prompt and countdown, the service worker's notices). They ship with the code
 * that uses them, which merges them into i18next when it loads, so a respondent's first load
 * carries only what the first question needs.
 */
import enLater from '../../locales/en/later.json';
import thLater from '../../locales/th/later.json';
import { stringsAdder } from './i18n.js';

/** Adds the later strings in both languages (once). */
export const addLaterStrings = stringsAdder(thLater, enLater);
