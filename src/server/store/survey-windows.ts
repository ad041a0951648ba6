/**
 * Collection windows (table `survey_windows`): when a survey opens and closes, and whether an
 * admin closed it by hand. A survey with no row is open from publishing on, never closing. The
 * rules over a window are in src/core/survey-window.ts.
 */
import { closedByHand, NO_WINDOW, openedByHand, type SurveyWindow } from '../../core/survey-window.js';
import type { Db, Queryable } from '../db/database.js';

interface Row {
  id: string;
  opens_at: Date | string | null;
  closes_at: Date | string | null;
  closed_at: Date | string | null;
  updated_at: Date | string;
  updated_by: string | null;
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

/** A window with who changed it last. */
export interface StoredWindow extends SurveyWindow {
  updatedAt: string | null;
  updatedBy: string | null;
}

const toWindow = (r: Row): StoredWindow => ({
  opensAt: iso(r.opens_at),
  closesAt: iso(r.closes_at),
  closedAt: iso(r.closed_at),
  updatedAt: iso(r.updated_at),
  updatedBy: r.updated_by,
});

const NONE: StoredWindow = { ...NO_WINDOW, updatedAt: null, updatedBy: null };

/** The window of a survey (no window when none was set). */
export async function getWindow(db: Queryable, id: string): Promise<StoredWindow> {
  const rows = await db.query<Row>('SELECT * FROM survey_windows WHERE id = $1', [id]);
  return rows[0] ? toWindow(rows[0]) : NONE;
}

/** Every stored window by survey id. */
export async function allWindows(db: Queryable): Promise<Map<string, StoredWindow>> {
  const rows = await db.query<Row>('SELECT * FROM survey_windows');
  return new Map(rows.map((r) => [r.id, toWindow(r)]));
}

async function put(db: Queryable, id: string, w: SurveyWindow, actor: string | null): Promise<StoredWindow> {
  const rows = await db.query<Row>(
    `INSERT INTO survey_windows (id, opens_at, closes_at, closed_at, updated_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET opens_at = $2, closes_at = $3, closed_at = $4, updated_at = now(), updated_by = $5
     RETURNING *`,
    [id, w.opensAt, w.closesAt, w.closedAt, actor],
  );
  return toWindow(rows[0] as Row);
}

/** Sets the opening and closing times (a close by hand stays until the survey is opened again). */
export async function setWindow(
  db: Db,
  id: string,
  times: { opensAt: string | null; closesAt: string | null },
  actor: string | null,
): Promise<StoredWindow> {
  return db.transaction(async (tx) => {
    const current = await getWindow(tx, id);
    return put(tx, id, { ...times, closedAt: current.closedAt }, actor);
  });
}

/** Opens a survey by hand now. */
export async function openSurvey(db: Db, id: string, actor: string | null, now = new Date()): Promise<StoredWindow> {
  return db.transaction(async (tx) => put(tx, id, openedByHand(await getWindow(tx, id), now), actor));
}

/** Closes a survey by hand now. */
export async function closeSurvey(db: Db, id: string, actor: string | null, now = new Date()): Promise<StoredWindow> {
  return db.transaction(async (tx) => put(tx, id, closedByHand(await getWindow(tx, id), now), actor));
}
