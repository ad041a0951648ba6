/**
 * The officer's screen's side of sending activities: when to run src/sync/activities.ts.
 */
import {
  type ActivitySyncOptions,
  type ActivitySyncOutcome,
  activityBackoffMs,
  syncActivities,
} from '../../sync/activities.js';

/**
 * Runs `syncActivities` while an officer's screen is open: at once, when the connection comes
 * back, when the page becomes visible, after a save, and on a backoff timer while anything waits.
 */
export class ActivitySender {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private running: Promise<ActivitySyncOutcome> | undefined;
  private readonly onWake = () => {
    if (document.visibilityState !== 'hidden') void this.kick();
  };

  constructor(
    private readonly options: () => Promise<ActivitySyncOptions>,
    private readonly onOutcome: (outcome: ActivitySyncOutcome) => void = () => undefined,
  ) {}

  /** Starts listening and sends what waits. */
  start(): void {
    addEventListener('online', this.onWake);
    document.addEventListener('visibilitychange', this.onWake);
    void this.kick();
  }

  /** Stops listening. */
  stop(): void {
    removeEventListener('online', this.onWake);
    document.removeEventListener('visibilitychange', this.onWake);
    clearTimeout(this.timer);
  }

  /** Sends now (one run at a time; a call during a run waits for it). */
  kick(): Promise<ActivitySyncOutcome> {
    this.running ??= (async () => {
      clearTimeout(this.timer);
      let outcome: ActivitySyncOutcome;
      try {
        outcome = await syncActivities(await this.options());
      } catch {
        outcome = { kind: 'retry', reason: 'storage' };
      }
      this.running = undefined;
      if (outcome.kind === 'retry' || outcome.kind === 'busy') {
        this.failures += 1;
        this.timer = setTimeout(() => void this.kick(), activityBackoffMs(this.failures - 1));
      } else this.failures = 0;
      this.onOutcome(outcome);
      return outcome;
    })();
    return this.running;
  }
}
