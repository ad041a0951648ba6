/** "Today" for the officer's panel, which counts the responses taken today. */
import { useEffect, useState } from 'preact/hooks';

/** The start of the local day, for "taken today". */
export function startOfToday(now: Date = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** The start of the local day, changing at midnight while a screen stays open. */
export function useStartOfToday(): Date {
  const [today, setToday] = useState(() => startOfToday());
  useEffect(() => {
    const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
    // A second past midnight, and never sooner than a second from now (a clock set back).
    const timer = setTimeout(() => setToday(startOfToday()), Math.max(1000, tomorrow.getTime() - Date.now() + 1000));
    return () => clearTimeout(timer);
  }, [today.getTime()]);
  return today;
}
