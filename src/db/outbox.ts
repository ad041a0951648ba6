/**
 * The outbox (table `outbox`): one entry per completed response, from "waiting" until the
 * server has acknowledged it. Entries are added only by `completeResponse`.
 */
import { liveQuery, type Observable } from 'dexie';
import { getDb, type OutboxState, type SiangDb } from './db.js';

/** How many responses are in each sending state. */
export type OutboxCounts = Record<OutboxState, number>;

/** Counts per state, live, for the status shown on every screen. */
export function observeOutboxCounts(db: SiangDb = getDb()): Observable<OutboxCounts> {
  return liveQuery(async () => {
    const counts: OutboxCounts = { waiting: 0, sending: 0, sent: 0, rejected: 0 };
    await db.outbox.each((entry) => {
      counts[entry.state] += 1;
    });
    return counts;
  });
}
