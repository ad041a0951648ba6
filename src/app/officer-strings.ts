/**
 * The officers' strings (device screen, kiosk set-up and panel, PIN, links, backups), shipped
 * with the screens that use them and merged into i18next when one of them loads, so that a
 * respondent's first load carries only the respondent's strings.
 */
import enOfficer from '../../locales/en/officer.json';
import thOfficer from '../../locales/th/officer.json';
import { stringsAdder } from './i18n.js';

/** Adds the officers' strings in both languages (once). */
export const addOfficerStrings = stringsAdder(thOfficer, enOfficer);
