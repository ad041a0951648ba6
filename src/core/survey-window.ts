/**
 * A survey's collection window (docs/survey-format.md, docs/sync-protocol.md): when it opens and
 * closes, and whether an admin closed it by hand. Pure rules, shared by the server (state, the
 * acceptance of synced responses) and the app (the closed notice).
 */

/** What the staff list shows for a survey. */
export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';

/** A survey's window as stored: ISO times or null. */
export interface SurveyWindow {
  readonly opensAt: string | null;
  readonly closesAt: string | null;
  /** Set when an admin closed the survey by hand; cleared when it is opened again. */
  readonly closedAt: string | null;
}

/** No window: open from publishing on, never closing. */
export const NO_WINDOW: SurveyWindow = { opensAt: null, closesAt: null, closedAt: null };

const time = (iso: string | null): number | undefined => (iso === null ? undefined : Date.parse(iso));

/** When the survey stops taking responses (the earlier of its closing time and a close by hand), if ever. */
export function closesAtOf(window: SurveyWindow): number | undefined {
  const a = time(window.closesAt);
  const b = time(window.closedAt);
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** The state of a survey now: `draft` until a version is published, then from its window. */
export function surveyState(published: boolean, window: SurveyWindow, now: Date): SurveyState {
  if (!published) return 'draft';
  const closes = closesAtOf(window);
  if (closes !== undefined && closes <= now.getTime()) return 'closed';
  const opens = time(window.opensAt);
  if (opens !== undefined && opens > now.getTime()) return 'scheduled';
  return 'open';
}

/** Whether a survey takes new responses now. */
export function isOpen(window: SurveyWindow, now: Date): boolean {
  return surveyState(true, window, now) === 'open';
}

/**
 * Where a response completed at `completedAt` stands against the window: `in_window` is counted;
 * `after_close` and `before_open` are still stored (never lost) but marked so they stay out of
 * the results until an admin includes them.
 */
export function admission(window: SurveyWindow, completedAt: string): 'in_window' | 'after_close' | 'before_open' {
  const at = Date.parse(completedAt);
  const closes = closesAtOf(window);
  if (closes !== undefined && at >= closes) return 'after_close';
  const opens = time(window.opensAt);
  if (opens !== undefined && at < opens) return 'before_open';
  return 'in_window';
}

/** The window after an admin opens the survey by hand at `now`. */
export function openedByHand(window: SurveyWindow, now: Date): SurveyWindow {
  const opens = time(window.opensAt);
  const closes = time(window.closesAt);
  return {
    // A future opening moves to now (responses completed before it stay "before it opened").
    opensAt: opens !== undefined && opens > now.getTime() ? now.toISOString() : window.opensAt,
    // A closing time already past would close it again at once.
    closesAt: closes !== undefined && closes <= now.getTime() ? null : window.closesAt,
    closedAt: null,
  };
}

/** The window after an admin closes the survey by hand at `now` (a survey closed already stays as it was). */
export function closedByHand(window: SurveyWindow, now: Date): SurveyWindow {
  const closes = closesAtOf(window);
  if (closes !== undefined && closes <= now.getTime()) return window;
  return { ...window, closedAt: now.toISOString() };
}
