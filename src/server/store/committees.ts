/**
 * Committees and working groups (table `committees`) with their members (`committee_members`),
 * per fiscal year. Staff read everything; the public page reads only committees whose
 * appointment order is published, and of their members only name, position, group and
 * organisation (never the contact).
 */
import type { Committee, CommitteeInput, MemberInput } from '../../core/committees.js';
import type { Queryable } from '../db/database.js';

interface CommitteeRow {
  id: string | number;
  fiscal_year: number;
  kind: 'committee' | 'working_group';
  name_th: string;
  name_en: string;
  purpose_th: string;
  purpose_en: string;
  order_number: string;
  order_date: string | null;
  term_from: string | null;
  term_to: string | null;
  order_published: boolean;
  plan_row_ids: string[];
  updated_at: Date | string;
  updated_by: string | null;
}

interface MemberRow {
  committee_id: string | number;
  name: string;
  role_th: string;
  role_en: string;
  group_id: string | null;
  organisation: string;
  appointed_on: string | null;
  ended_on: string | null;
  contact: string;
}

// Dates come back as text (`::text`), so no time zone ever shifts a day.
const COLUMNS = `id, fiscal_year, kind, name_th, name_en, purpose_th, purpose_en, order_number,
  order_date::text AS order_date, term_from::text AS term_from, term_to::text AS term_to, order_published,
  plan_row_ids::text[] AS plan_row_ids, updated_at, updated_by`;
const MEMBER_COLUMNS = `committee_id, name, role_th, role_en, group_id, organisation,
  appointed_on::text AS appointed_on, ended_on::text AS ended_on, contact`;

function memberOf(r: MemberRow): MemberInput {
  return {
    name: r.name,
    role: { th: r.role_th, en: r.role_en },
    group: r.group_id,
    organisation: r.organisation,
    appointedOn: r.appointed_on,
    endedOn: r.ended_on,
    contact: r.contact,
  };
}

async function withMembers(db: Queryable, rows: CommitteeRow[]): Promise<Committee[]> {
  if (!rows.length) return [];
  const members = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM committee_members WHERE committee_id = ANY($1::bigint[]) ORDER BY committee_id, position`,
    [rows.map((r) => String(r.id))],
  );
  const byCommittee = new Map<string, MemberInput[]>();
  for (const m of members) {
    const key = String(m.committee_id);
    byCommittee.set(key, [...(byCommittee.get(key) ?? []), memberOf(m)]);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    fiscalYear: r.fiscal_year,
    kind: r.kind,
    name: { th: r.name_th, en: r.name_en },
    purpose: { th: r.purpose_th, en: r.purpose_en },
    orderNumber: r.order_number,
    orderDate: r.order_date,
    termFrom: r.term_from,
    termTo: r.term_to,
    orderPublished: r.order_published,
    planRowIds: r.plan_row_ids,
    members: byCommittee.get(String(r.id)) ?? [],
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by,
  }));
}

/** The committees of a fiscal year (all years when undefined), in the order they were made. */
export async function listCommittees(db: Queryable, fiscalYear?: number): Promise<Committee[]> {
  const rows = await db.query<CommitteeRow>(
    `SELECT ${COLUMNS} FROM committees ${fiscalYear ? 'WHERE fiscal_year = $1' : ''} ORDER BY fiscal_year, id`,
    fiscalYear ? [fiscalYear] : [],
  );
  return withMembers(db, rows);
}

/** One committee, or undefined. */
export async function getCommittee(db: Queryable, id: number): Promise<Committee | undefined> {
  const rows = await db.query<CommitteeRow>(`SELECT ${COLUMNS} FROM committees WHERE id = $1`, [id]);
  return (await withMembers(db, rows))[0];
}

async function writeMembers(db: Queryable, id: number, members: readonly MemberInput[]): Promise<void> {
  await db.query('DELETE FROM committee_members WHERE committee_id = $1', [id]);
  let position = 0;
  for (const m of members) {
    position += 1;
    await db.query(
      `INSERT INTO committee_members (committee_id, position, name, role_th, role_en, group_id, organisation,
         appointed_on, ended_on, contact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10)`,
      [id, position, m.name, m.role.th, m.role.en, m.group, m.organisation, m.appointedOn, m.endedOn, m.contact],
    );
  }
}

const FIELDS = (c: CommitteeInput) => [
  c.fiscalYear,
  c.kind,
  c.name.th,
  c.name.en,
  c.purpose.th,
  c.purpose.en,
  c.orderNumber,
  c.orderDate,
  c.termFrom,
  c.termTo,
  c.orderPublished,
  c.planRowIds,
];

/** Creates a committee with its members; returns its id. */
export async function createCommittee(db: Queryable, input: CommitteeInput, by: string): Promise<number> {
  const rows = await db.query<{ id: string | number }>(
    `INSERT INTO committees (fiscal_year, kind, name_th, name_en, purpose_th, purpose_en, order_number, order_date,
       term_from, term_to, order_published, plan_row_ids, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10::date, $11, $12::uuid[], $13, $13) RETURNING id`,
    [...FIELDS(input), by],
  );
  const id = Number(rows[0]?.id);
  await writeMembers(db, id, input.members);
  return id;
}

/** Replaces a committee and its members; false when there is no such committee. */
export async function updateCommittee(db: Queryable, id: number, input: CommitteeInput, by: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE committees SET fiscal_year = $1, kind = $2, name_th = $3, name_en = $4, purpose_th = $5, purpose_en = $6,
       order_number = $7, order_date = $8::date, term_from = $9::date, term_to = $10::date, order_published = $11,
       plan_row_ids = $12::uuid[], updated_by = $13, updated_at = now() WHERE id = $14 RETURNING id`,
    [...FIELDS(input), by, id],
  );
  if (!rows.length) return false;
  await writeMembers(db, id, input.members);
  return true;
}

/** Deletes a committee and its members; false when there was none. */
export async function deleteCommittee(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('DELETE FROM committees WHERE id = $1 RETURNING id', [id])).length > 0;
}

/** A committee as the public page shows it: published orders only, members without contact. */
export interface PublicCommittee {
  id: number;
  fiscalYear: number;
  kind: 'committee' | 'working_group';
  name: { th: string; en: string };
  purpose: { th: string; en: string };
  orderNumber: string;
  orderDate: string | null;
  termFrom: string | null;
  termTo: string | null;
  planRowIds: string[];
  members: { name: string; role: { th: string; en: string }; group: string | null; organisation: string }[];
}

/** The committees of a year whose appointment order is published, with their public fields only. */
export async function publicCommittees(db: Queryable, fiscalYear: number): Promise<PublicCommittee[]> {
  const rows = await db.query<CommitteeRow>(
    `SELECT ${COLUMNS} FROM committees WHERE fiscal_year = $1 AND order_published ORDER BY id`,
    [fiscalYear],
  );
  return (await withMembers(db, rows)).map((c) => ({
    id: c.id,
    fiscalYear: c.fiscalYear,
    kind: c.kind,
    name: c.name,
    purpose: c.purpose,
    orderNumber: c.orderNumber,
    orderDate: c.orderDate,
    termFrom: c.termFrom,
    termTo: c.termTo,
    planRowIds: c.planRowIds,
    members: c.members.map((m) => ({ name: m.name, role: m.role, group: m.group, organisation: m.organisation })),
  }));
}
