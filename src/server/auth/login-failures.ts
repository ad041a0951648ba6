/**
 * Wrong passwords per account, read from the audit log (`sign_in_failed` entries, whose target is
 * the name as typed): after `max` of them within `windowMs`, and since the account's last
 * successful sign-in, the account is paused for every address (the per-address rate limit alone
 * lets a guesser spread attempts over many addresses). Kept in the database, the count survives a
 * restart and holds across several server processes on one PostgreSQL. Unknown names count the
 * same as real ones, so a pause tells nobody whether the account exists.
 */
import type { Queryable } from '../db/database.js';

/** The failures that pause an account, and for how long. */
export interface FailureRule {
  max: number;
  windowMs: number;
}

/** Milliseconds until `name` may try again; 0 when it may now. */
export async function accountPausedFor(db: Queryable, name: string, rule: FailureRule): Promise<number> {
  const rows = await db.query<{ n: string | number; wait_ms: string | number | null }>(
    `WITH since AS (
       SELECT greatest(now() - $2 * interval '1 millisecond',
         coalesce((SELECT max(at) FROM audit_log WHERE action = 'sign_in' AND lower(target) = $1
           AND at > now() - $2 * interval '1 millisecond'), '-infinity')) AS t
     ), recent AS (
       SELECT at FROM audit_log, since WHERE action = 'sign_in_failed' AND lower(target) = $1 AND at > since.t
         AND details ->> 'reason' IS DISTINCT FROM 'paused'
       ORDER BY at DESC LIMIT $3
     )
     SELECT count(*) AS n, extract(epoch FROM min(at) + $2 * interval '1 millisecond' - now()) * 1000 AS wait_ms
     FROM recent`,
    [keyOf(name), rule.windowMs, rule.max],
  );
  const row = rows[0];
  if (!row || Number(row.n) < rule.max) return 0;
  return Math.max(1, Math.ceil(Number(row.wait_ms)));
}

/** How names are compared: trimmed, in lower case. */
export function keyOf(name: string): string {
  return name.trim().toLowerCase();
}
