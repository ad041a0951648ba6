/**
 * What the annual report prints besides the data: the office's emblem or letterhead (table
 * `office_assets`) and the ITA item codes and titles of each fiscal year (table `ita_items`).
 */
import { createHash } from 'node:crypto';
import type { ItaItem } from '../../core/annual-report.js';
import type { Db, Queryable } from '../db/database.js';

/** The largest emblem kept: 1 MiB. */
export const MAX_EMBLEM_BYTES = 1024 * 1024;

/** The emblem's type told by its first bytes: PNG or JPEG, else undefined. */
export function emblemType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | undefined {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  return undefined;
}

/** A stored emblem. */
export interface Emblem {
  type: 'image/png' | 'image/jpeg';
  data: Uint8Array;
  sha256: string;
  updatedAt: string;
  updatedBy: string;
}

/** The office's emblem, or undefined. */
export async function getEmblem(db: Queryable): Promise<Emblem | undefined> {
  const rows = await db.query<{
    type: Emblem['type'];
    data: Uint8Array;
    sha256: string;
    updated_at: Date | string;
    updated_by: string;
  }>("SELECT type, data, sha256, updated_at, updated_by FROM office_assets WHERE key = 'emblem'");
  const r = rows[0];
  if (!r) return undefined;
  return {
    type: r.type,
    data: new Uint8Array(r.data),
    sha256: r.sha256,
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by,
  };
}

/** Replaces the emblem (bytes already checked by `emblemType` and the size limit). */
export async function setEmblem(db: Queryable, type: Emblem['type'], data: Uint8Array, by: string): Promise<void> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  await db.query(
    `INSERT INTO office_assets (key, type, size, sha256, data, updated_by) VALUES ('emblem', $1, $2, $3, $4, $5)
     ON CONFLICT (key) DO UPDATE SET type = EXCLUDED.type, size = EXCLUDED.size, sha256 = EXCLUDED.sha256,
       data = EXCLUDED.data, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [type, data.length, sha256, data, by],
  );
}

/** Removes the emblem; false when there was none. */
export async function deleteEmblem(db: Queryable): Promise<boolean> {
  return (await db.query("DELETE FROM office_assets WHERE key = 'emblem' RETURNING key")).length > 0;
}

/** The ITA items recorded for a fiscal year, by code. */
export async function getItaItems(db: Queryable, fiscalYear: number): Promise<ItaItem[]> {
  const rows = await db.query<{
    code: string;
    title_th: string;
    title_en: string;
    purpose: ItaItem['purpose'];
    seeded: boolean;
  }>('SELECT code, title_th, title_en, purpose, seeded FROM ita_items WHERE fiscal_year = $1 ORDER BY code', [
    fiscalYear,
  ]);
  return rows.map((r) => ({
    code: r.code,
    title: { th: r.title_th, en: r.title_en },
    purpose: r.purpose,
    seeded: r.seeded,
  }));
}

/** Replaces a fiscal year's ITA items (those saved by a person are no longer `seeded`). */
export async function setItaItems(
  db: Db,
  fiscalYear: number,
  items: readonly Omit<ItaItem, 'seeded'>[],
  by: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM ita_items WHERE fiscal_year = $1', [fiscalYear]);
    if (!items.length) return;
    await tx.query(
      `INSERT INTO ita_items (fiscal_year, code, title_th, title_en, purpose, seeded, updated_by)
       SELECT $1, code, title_th, title_en, purpose, false, $3
       FROM jsonb_to_recordset($2::jsonb) AS t(code text, title_th text, title_en text, purpose text)`,
      [
        fiscalYear,
        JSON.stringify(
          items.map((i) => ({ code: i.code, title_th: i.title.th, title_en: i.title.en, purpose: i.purpose })),
        ),
        by,
      ],
    );
  });
}

/**
 * The ITA item the participation report of a fiscal year is evidence for: the year's own, else
 * the latest earlier year's (codes are carried forward until an administrator records the year's).
 */
export async function participationItem(
  db: Queryable,
  fiscalYear: number,
): Promise<(ItaItem & { fiscalYear: number }) | null> {
  const rows = await db.query<{
    fiscal_year: number;
    code: string;
    title_th: string;
    title_en: string;
    seeded: boolean;
  }>(
    `SELECT fiscal_year, code, title_th, title_en, seeded FROM ita_items
     WHERE purpose = 'participation' AND fiscal_year <= $1 ORDER BY fiscal_year DESC, code LIMIT 1`,
    [fiscalYear],
  );
  const r = rows[0];
  return r
    ? {
        fiscalYear: Number(r.fiscal_year),
        code: r.code,
        title: { th: r.title_th, en: r.title_en },
        purpose: 'participation',
        seeded: r.seeded,
      }
    : null;
}
