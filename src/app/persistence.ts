/**
 * Persistent storage: once there is something to lose, ask the browser not to evict this
 * origin's data, and let every screen show whether it agreed.
 */
import { useEffect, useState } from 'preact/hooks';

/** Whether the device keeps our data even when space runs low. */
export type Persistence = 'persisted' | 'not-persisted' | 'unsupported' | 'unknown';

let current: Persistence = 'unknown';
const listeners = new Set<(p: Persistence) => void>();
let asked = false;

function set(p: Persistence) {
  current = p;
  for (const l of listeners) l(p);
}

/** Reads the current state without asking. */
export async function checkPersistence(): Promise<Persistence> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persisted) {
    set('unsupported');
    return current;
  }
  set((await storage.persisted()) ? 'persisted' : 'not-persisted');
  return current;
}

/**
 * Asks for persistent storage (once per page load, now that there is something to lose; `again`
 * when the person asks from the device screen).
 */
export async function requestPersistence(again = false): Promise<Persistence> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return checkPersistence();
  if (current === 'persisted' || (asked && !again)) return current;
  asked = true;
  try {
    set((await storage.persist()) ? 'persisted' : 'not-persisted');
  } catch {
    set('not-persisted');
  }
  return current;
}

/** The persistence state, live. */
export function usePersistence(): Persistence {
  const [p, setP] = useState(current);
  useEffect(() => {
    listeners.add(setP);
    if (current === 'unknown') void checkPersistence();
    else setP(current);
    return () => {
      listeners.delete(setP);
    };
  }, []);
  return p;
}
