/**
 * Wrong passwords per account, kept in this process's memory: after `max` of them within
 * `windowMs` the account is paused for every address (the per-address rate limit alone lets a
 * guesser spread attempts over many addresses). Unknown names count the same as real ones, so a
 * pause tells nobody whether the account exists.
 */

/** The most accounts remembered; the oldest is forgotten first. */
const MAX_ACCOUNTS = 10_000;

/** Counts sign-in failures per account name. */
export class LoginFailures {
  readonly #failures = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly now: () => number = Date.now,
  ) {}

  #recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.#failures.get(key) ?? []).filter((at) => at > since);
    if (list.length) this.#failures.set(key, list);
    else this.#failures.delete(key);
    return list;
  }

  /** Milliseconds until `name` may try again; 0 when it may now. */
  pausedFor(name: string): number {
    const list = this.#recent(keyOf(name));
    if (list.length < this.max) return 0;
    return Math.max(1, (list[list.length - this.max] as number) + this.windowMs - this.now());
  }

  /** Records a wrong password (or an unknown name). */
  failed(name: string): void {
    const key = keyOf(name);
    const list = this.#recent(key);
    list.push(this.now());
    this.#failures.delete(key); // re-inserted last: the map's order is oldest activity first
    this.#failures.set(key, list.slice(-this.max));
    if (this.#failures.size > MAX_ACCOUNTS) this.#failures.delete(this.#failures.keys().next().value as string);
  }

  /** Forgets the failures of an account that signed in. */
  succeeded(name: string): void {
    this.#failures.delete(keyOf(name));
  }
}

function keyOf(name: string): string {
  return name.trim().toLowerCase();
}
