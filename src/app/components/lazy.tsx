/**
 * Screens loaded when first shown, each its own chunk (precached by the service worker, so they
 * open offline too): what a respondent needs before the first question stays small.
 */
import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../hooks.js';

/**
 * A component that loads `load()` on first render and shows a loading line meanwhile (or nothing,
 * with `quiet`, for a part of a screen rather than a screen).
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  { quiet = false }: { quiet?: boolean } = {},
): FunctionComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  return function Lazy(props: P) {
    const { t } = useT();
    const [Component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      pending ??= load();
      pending
        .then((c) => {
          loaded = c;
          setComponent(() => c);
        })
        .catch(() => {
          pending = undefined;
          setFailed(true);
        });
    }, []);
    if (failed) return quiet ? null : <p class="banner banner-error">{t('common.loadFailed')}</p>;
    if (Component) return <Component {...props} />;
    return quiet ? null : <p aria-busy="true">{t('common.loading')}</p>;
  };
}
