/**
 * i18next setup: Thai by default, English when the browser asks for it first, and the person's
 * own choice (kept in localStorage, read synchronously so the first paint is in that language).
 */
import i18next, { type TFunction } from 'i18next';
import th from '../../locales/th/translation.json';
import { LANGUAGES, type Lang } from '../core/survey.js';

const STORAGE_KEY = 'siang.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language to start in: the saved choice, else English only if the browser prefers it. */
export function initialLanguage(
  saved: string | null = safeRead(),
  preferred: readonly string[] = globalThis.navigator?.languages ?? [],
): Lang {
  if (isLang(saved)) return saved;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'th') return 'th';
    if (base === 'en') return 'en';
  }
  return 'th';
}

function safeRead(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage blocked: fall back to the browser's preference
  }
}

// Thai ships in the main bundle; English is its own chunk (precached too, so it works offline),
// fetched only when someone reads in English.
const loaders: Record<Exclude<Lang, 'th'>, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('../../locales/en/translation.json'),
};

/** Loads a language's core strings (English is its own chunk) without switching to it. */
export async function ensureLoaded(lang: Lang): Promise<void> {
  // The staff screens may have added their own strings already: look for a core string.
  if (lang === 'th' || i18next.getResource(lang, 'translation', 'app.name') !== undefined) return;
  const strings = await loaders[lang]();
  i18next.addResourceBundle(lang, 'translation', strings.default, true, true);
}

/** Starts i18next; resolves once strings are ready. */
export async function initI18n(lang: Lang = initialLanguage()): Promise<TFunction> {
  const t = await i18next.init({
    lng: 'th',
    fallbackLng: 'th',
    supportedLngs: [...LANGUAGES],
    resources: { th: { translation: th } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (lang !== 'th') {
    await ensureLoaded(lang);
    await i18next.changeLanguage(lang);
  }
  applyDocumentLanguage(lang);
  return t;
}

// i18next's `t` with a memo. A screen asks for the same strings on every render, and each
// lookup walks i18next's resolution and interpolation: on a slow phone about a fifth of the time
// a section takes to render. The memo is emptied whenever strings are added or the language
// changes, so it never serves a stale string.
const memo = new Map<string, unknown>();
const MEMO_LIMIT = 2000;
const forget = () => memo.clear();
let watching = false;

function plain(options: unknown): boolean {
  if (options === undefined) return true;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
  return Object.values(options).every((v) => ['string', 'number', 'boolean'].includes(typeof v));
}

/** `i18next.t`, remembering each answer until strings or the language change. */
export const translate = ((key: unknown, options?: unknown): unknown => {
  const t = (k: unknown, o?: unknown): unknown =>
    (i18next.t as (k: unknown, o?: unknown) => unknown).call(i18next, k, o);
  if (!i18next.isInitialized || typeof key !== 'string' || !plain(options)) return t(key, options);
  if (!watching) {
    watching = true;
    i18next.on('languageChanged', forget);
    i18next.store.on('added', forget);
    i18next.store.on('removed', forget);
  }
  const id = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
  if (memo.has(id)) return memo.get(id);
  const text = t(key, options);
  // Strings with changing values (times, counts) add entries: start over rather than grow.
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(id, text);
  return text;
}) as TFunction;

function applyDocumentLanguage(lang: Lang) {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Switches language and remembers the choice on this device. */
export async function setLanguage(lang: Lang): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered when storage is blocked; the switch still applies now.
  }
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  applyDocumentLanguage(lang);
}

/**
 * A function that merges a set of strings (Thai and English) into i18next the first time it is
 * called: the screens that need them call it as they load.
 */
export function stringsAdder(th: Record<string, unknown>, en: Record<string, unknown>): () => void {
  let added = false;
  return () => {
    if (added) return;
    added = true;
    i18next.addResourceBundle('th', 'translation', th, true, false);
    i18next.addResourceBundle('en', 'translation', en, true, false);
  };
}

/** The language in use. */
export function currentLanguage(): Lang {
  return isLang(i18next.language) ? i18next.language : 'th';
}

export { i18next };
