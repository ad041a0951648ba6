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

async function ensureLoaded(lang: Lang): Promise<void> {
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

/** The language in use. */
export function currentLanguage(): Lang {
  return isLang(i18next.language) ? i18next.language : 'th';
}

export { i18next };
