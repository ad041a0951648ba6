/**
 * When the page syncs: at start, when the connection returns (`online`), when the app becomes
 * visible, on a timer with jittered exponential backoff while anything waits, after a submit,
 * and when the person presses "Send now". The service worker adds Background Sync.
 */
import { updateSyncStatus } from '../db/outbox-entries.js';
import { backoffMs, type SyncOutcome, type SyncOptions, syncOutbox } from '../sync/sync.js';

/** Drives syncs in a page. */
export class SyncScheduler {
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<SyncOutcome> | undefined;
  private again = false;

  constructor(
    private readonly options: () => Promise<SyncOptions>,
    private readonly hasWaiting: () => Promise<boolean>,
  ) {}

  /** Listens for the moments worth a sync, and syncs once now. */
  start(): void {
    addEventListener('online', () => void this.kick());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.kick();
    });
    void this.kick();
  }

  /** Syncs now, or right after the sync under way. */
  kick(): Promise<SyncOutcome> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** "Send now": forget the backoff and try at once. */
  sendNow(): Promise<SyncOutcome> {
    this.failures = 0;
    return this.kick();
  }

  private async run(): Promise<SyncOutcome> {
    const outcome = await syncOutbox(await this.options());
    if (outcome.kind === 'retry') {
      this.failures += 1;
      const wait = backoffMs(this.failures - 1);
      this.schedule(wait);
      await updateSyncStatus({ nextAttemptAt: new Date(Date.now() + wait).toISOString() }).catch(() => undefined);
    } else if (outcome.kind !== 'busy') {
      this.failures = 0;
    }
    if (this.again || (outcome.kind === 'done' && (await this.hasWaiting()))) {
      this.again = false;
      queueMicrotask(() => void this.kick());
    } else if (outcome.kind === 'busy') {
      // Another tab or the service worker is sending; look again shortly.
      this.schedule(5_000);
    }
    return outcome;
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.kick(), ms);
  }
}
