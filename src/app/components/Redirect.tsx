/** Replaces the current screen's address (used when a step is not reachable). */
import { useEffect } from 'preact/hooks';
import { navigate } from '../router.js';

/** Goes to `to` without leaving a history entry. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
