/**
 * The home page's strings (the survey list), shipped with its chunk and merged into i18next when
 * it loads: a survey link's way to the first question does not carry them.
 */
import enHome from '../../locales/en/home.json';
import thHome from '../../locales/th/home.json';
import { stringsAdder } from './i18n.js';

/** Adds the home page's strings in both languages (once). */
export const addHomeStrings = stringsAdder(thHome, enHome);
