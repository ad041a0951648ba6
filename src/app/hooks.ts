/** Small Preact hooks: translation that follows the language, live queries, online state. */
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../core/survey.js';
import type { Observable } from '../db/live.js';
import { currentLanguage, i18next, translate } from './i18n.js';

/** The translate function and language; re-renders when the language changes. */
export function useT(): { t: TFunction; lang: Lang } {
  const [lang, setLang] = useState<Lang>(currentLanguage());
  useEffect(() => {
    const onChange = () => setLang(currentLanguage());
    i18next.on('languageChanged', onChange);
    // The language may have changed between the first render and this effect (effects run after
    // paint): read it again, or this component would keep the old language until the next switch.
    onChange();
    return () => i18next.off('languageChanged', onChange);
  }, []);
  return { t: translate, lang };
}

/** The latest value of an observable (a Dexie live query), and its error if it failed. */
export function useObservable<T>(
  make: () => Observable<T>,
  deps: readonly unknown[] = [],
): { value: T | undefined; error: unknown } {
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>({ value: undefined, error: undefined });
  useEffect(() => {
    const subscription = make().subscribe({
      next: (value) => setState({ value, error: undefined }),
      error: (error) => setState((s) => ({ value: s.value, error })),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return state;
}

/** Whether the browser believes it has a network connection. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => globalThis.navigator?.onLine ?? true);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);
  return online;
}
