/**
 * Retention (PDPA): deleting responses older than the office keeps them, removing the contact
 * details of complaints sooner, and the record of each purge (table `retention_purges`). The
 * last purge's periods stay in force: an import refuses what a purge would delete.
 */
import type { Db, Queryable } from '../db/database.js';
import { personalQuestionIds } from './surveys.js';

/** A retention period: a whole number of years, months or days. */
export interface Period {
  readonly amount: number;
  readonly unit: 'y' | 'm' | 'd';
  /** As written: `5y`, `18m`, `90d`. */
  readonly text: string;
}

const MAX_AMOUNT = { y: 100, m: 1200, d: 36_500 } as const;

/** Reads `5y`, `18m` or `90d`; throws an Error saying how to write one for anything else. */
export function parsePeriod(text: string): Period {
  const m = /^([1-9][0-9]{0,4})([ymd])$/.exec(text);
  const unit = m?.[2] as Period['unit'] | undefined;
  const amount = Number(m?.[1]);
  if (!unit || amount > MAX_AMOUNT[unit])
    throw new Error(
      `"${text}" is not a period: write a whole number followed by y (years), m (months) or d (days), such as 5y, 18m or 90d (at most 100 years)`,
    );
  return { amount, unit, text };
}

/** The moment `period` before `now`, counted on the calendar (UTC); 31 March less 1m is 28 or 29 February. */
export function cutoffBefore(now: Date, period: Period): Date {
  if (period.unit === 'd') return new Date(now.getTime() - period.amount * 86_400_000);
  const months = period.unit === 'y' ? period.amount * 12 : period.amount;
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay));
  return cutoff;
}

/** What a purge asks for. */
export interface PurgeRequest {
  /** Responses completed longer ago than this are deleted. */
  olderThan: string;
  /** Personal answers (contact details) of responses completed longer ago than this are removed. */
  contactsOlderThan?: string | undefined;
  /** Count only: change nothing and record nothing. */
  dryRun?: boolean | undefined;
  /** Who or what ran it, for the record. */
  ranBy: string;
  now?: Date | undefined;
}

/** What a purge did (or, in a dry run, would do). */
export interface PurgeOutcome {
  dryRun: boolean;
  responsesCutoff: string;
  contactsCutoff: string | null;
  responsesDeleted: number;
  complaintHandlingDeleted: number;
  contactsAnonymised: number;
  /** Audit log entries older than the responses' cutoff (they name staff and their addresses). */
  auditEntriesDeleted: number;
}

class DryRun extends Error {
  constructor(readonly outcome: PurgeOutcome) {
    super('dry run');
  }
}

async function countOf(tx: Queryable, sql: string, params: readonly unknown[]): Promise<number> {
  const rows = await tx.query<{ n: number | string }>(
    `WITH changed AS (${sql} RETURNING 1) SELECT count(*) AS n FROM changed`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Removes the answers to personal questions (by any published version of their survey) from
 * responses completed before `cutoff`, or only from `ids` when given. The rest of each response
 * stays. Returns how many responses changed.
 */
export async function anonymiseContacts(tx: Queryable, cutoff: Date, ids?: readonly string[]): Promise<number> {
  const surveys = await tx.query<{ id: string }>('SELECT DISTINCT id FROM surveys ORDER BY id');
  let changed = 0;
  for (const { id } of surveys) {
    const personal = [...(await personalQuestionIds(tx, id))];
    if (!personal.length) continue;
    const params: unknown[] = [id, personal, cutoff.toISOString()];
    if (ids) params.push(ids);
    changed += await countOf(
      tx,
      `UPDATE responses SET answers = answers - $2::text[]
       WHERE survey_id = $1 AND completed_at < $3 AND answers ?| $2::text[]${ids ? ' AND id = ANY($4::uuid[])' : ''}`,
      params,
    );
  }
  return changed;
}

/**
 * Deletes old responses (with their complaint handling) and removes old contact details, in one
 * transaction, and records it. A dry run does the same work and rolls it back, so its counts are
 * exactly what a real run would do at that moment.
 */
export async function purge(db: Db, request: PurgeRequest): Promise<PurgeOutcome> {
  const responsesPeriod = parsePeriod(request.olderThan);
  const contactsPeriod = request.contactsOlderThan === undefined ? undefined : parsePeriod(request.contactsOlderThan);
  const now = request.now ?? new Date();
  const responsesCutoff = cutoffBefore(now, responsesPeriod);
  const contactsCutoff = contactsPeriod ? cutoffBefore(now, contactsPeriod) : undefined;
  try {
    const done = await db.transaction(async (tx) => {
      const old = [responsesCutoff.toISOString()];
      const complaintHandlingDeleted = await countOf(
        tx,
        'DELETE FROM complaint_handling WHERE response_id IN (SELECT id FROM responses WHERE completed_at < $1)',
        old,
      );
      const responsesDeleted = await countOf(tx, 'DELETE FROM responses WHERE completed_at < $1', old);
      const contactsAnonymised = contactsCutoff ? await anonymiseContacts(tx, contactsCutoff) : 0;
      // The log is kept as long as the responses it is about, and no longer.
      const auditEntriesDeleted = await countOf(tx, 'DELETE FROM audit_log WHERE at < $1', old);
      const outcome: PurgeOutcome = {
        dryRun: request.dryRun === true,
        responsesCutoff: responsesCutoff.toISOString(),
        contactsCutoff: contactsCutoff?.toISOString() ?? null,
        responsesDeleted,
        complaintHandlingDeleted,
        contactsAnonymised,
        auditEntriesDeleted,
      };
      if (request.dryRun) throw new DryRun(outcome);
      await tx.query(
        `INSERT INTO retention_purges (ran_at, ran_by, responses_older_than, responses_cutoff, contacts_older_than,
           contacts_cutoff, responses_deleted, complaint_handling_deleted, contacts_anonymised)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          now.toISOString(),
          request.ranBy,
          responsesPeriod.text,
          outcome.responsesCutoff,
          contactsPeriod?.text ?? null,
          outcome.contactsCutoff,
          responsesDeleted,
          complaintHandlingDeleted,
          contactsAnonymised,
        ],
      );
      return outcome;
    });
    // The periods may have changed: this process's next sync batch reads them again.
    recentCutoffs.delete(db);
    return done;
  } catch (error) {
    if (error instanceof DryRun) return error.outcome;
    throw error;
  }
}

/** The cutoffs of the retention periods in force (those the latest purges set). */
export interface RetentionCutoffs {
  /** Responses completed before this are not kept. */
  responsesCutoff: Date;
  /** Contact details of responses completed before this are not kept. */
  contactsCutoff: Date | undefined;
}

/** How long a process reuses the retention periods it read (see `recentRetention`). */
export const RETENTION_REREAD_MS = 30_000;

const recentCutoffs = new WeakMap<object, { readAt: number; cutoffs: Promise<RetentionCutoffs | undefined> }>();

/**
 * `retentionInForce` for a device's every sync batch: read from the database at most every
 * `RETENTION_REREAD_MS` per database (the periods change only when a purge runs). A purge run by
 * this process is seen at once; one run by another process (the `siang` command on a shared
 * PostgreSQL) within that time, and anything that slipped in meanwhile goes with the next purge.
 * The cutoffs themselves move with the clock: they are at most that much behind.
 */
export function recentRetention(db: Queryable, now: number = Date.now()): Promise<RetentionCutoffs | undefined> {
  const known = recentCutoffs.get(db);
  if (known && now - known.readAt < RETENTION_REREAD_MS) return known.cutoffs;
  const cutoffs = retentionInForce(db, new Date(now));
  recentCutoffs.set(db, { readAt: now, cutoffs });
  cutoffs.catch(() => recentCutoffs.delete(db)); // a failed read is not kept
  return cutoffs;
}

/** The cutoffs of the periods the latest purges set, counted back from `now`; undefined before any purge. */
export async function retentionInForce(db: Queryable, now: Date = new Date()): Promise<RetentionCutoffs | undefined> {
  const rows = await db.query<{ responses: string; contacts: string | null }>(
    `SELECT (SELECT responses_older_than FROM retention_purges ORDER BY ran_at DESC, id DESC LIMIT 1) AS responses,
       (SELECT contacts_older_than FROM retention_purges WHERE contacts_older_than IS NOT NULL
        ORDER BY ran_at DESC, id DESC LIMIT 1) AS contacts`,
  );
  const row = rows[0];
  if (!row?.responses) return undefined;
  return {
    responsesCutoff: cutoffBefore(now, parsePeriod(row.responses)),
    contactsCutoff: row.contacts ? cutoffBefore(now, parsePeriod(row.contacts)) : undefined,
  };
}
