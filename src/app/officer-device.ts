/**
 * Whether officers use this device (localStorage `siang.officer`): set when an officers' screen
 * (device, links, kiosk, staff) is opened. The home page offers the officers' tools only on such a
 * device, so a respondent's own phone never shows them.
 */
const KEY = 'siang.officer';

/** The paths of officers' and staff screens. */
export function isOfficerPath(path: string): boolean {
  return ['/device', '/links', '/kiosk'].includes(path) || path === '/admin' || path.startsWith('/admin/');
}

/** Remembers that officers use this device. */
export function markOfficerDevice(): void {
  try {
    globalThis.localStorage?.setItem(KEY, '1');
  } catch {
    // storage blocked: the tools stay reachable by their addresses
  }
}

/** Whether an officers' screen was ever opened on this device. */
export function isOfficerDevice(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}
