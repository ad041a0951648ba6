/**
 * The office's own settings (table `office_settings`): its name for reports, the band system and
 * sample-size method it reports with; per survey, school populations (`school_targets`), group
 * populations (a setting `group-targets:<survey>`) and the
 * text of how the office will use the results (`report_texts`).
 */
import type { ReportSignatures } from '../../core/annual-report.js';
import type { DpoContact, PublicOffice } from '../../core/office.js';
import { DEFAULT_REPLY_DAYS } from '../../core/office-reply.js';
import type { BandSystem, SampleMethod } from '../../core/results.js';
import type { LocalizedText } from '../../core/survey.js';
import type { Queryable } from '../db/database.js';

/** What reports need to know about the office, and the contact its privacy notices give. */
export interface OfficeSettings {
  name: LocalizedText;
  bandSystem: BandSystem;
  sampleMethod: SampleMethod;
  /** How respondents reach the data protection officer; not set until an administrator fills it in. */
  dpo?: DpoContact;
  /** Working days within which the office promises to answer a complaint (shown on its thank-you). */
  replyDays: number;
  /** How a complaint's sender follows it up besides /track: the office's phone (empty: not set). */
  followUp: { phone: string; text?: LocalizedText };
  /** Who signs the annual participation report; not set until an administrator fills it in. */
  report?: ReportSignatures;
}

/** The defaults before an administrator sets anything. */
export const DEFAULT_OFFICE: OfficeSettings = {
  name: { th: 'สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาเพชรบุรี', en: 'Phetchaburi Secondary Educational Service Area Office' },
  bandSystem: 'A',
  sampleMethod: 'krejcie-morgan',
  replyDays: DEFAULT_REPLY_DAYS,
  followUp: { phone: '' },
};

/** The office's settings. */
export async function getOffice(db: Queryable): Promise<OfficeSettings> {
  const rows = await db.query<{ value: Partial<OfficeSettings> }>(
    "SELECT value FROM office_settings WHERE key = 'office'",
  );
  return { ...DEFAULT_OFFICE, ...(rows[0]?.value ?? {}) };
}

/** The office's name, DPO contact and reply promise, as the app shows them to respondents. */
export async function getPublicOffice(db: Queryable): Promise<PublicOffice> {
  const office = await getOffice(db);
  return {
    name: office.name,
    dpo: office.dpo ?? { phone: '', email: '', address: '' },
    reply: { days: office.replyDays, phone: office.followUp.phone },
  };
}

/** Saves the office's settings. */
export async function setOffice(db: Queryable, settings: OfficeSettings): Promise<void> {
  await db.query(
    `INSERT INTO office_settings (key, value) VALUES ('office', $1::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify(settings)],
  );
}

/** School populations of a survey. */
export async function getTargets(db: Queryable, surveyId: string): Promise<{ school: string; population: number }[]> {
  return db.query('SELECT school, population FROM school_targets WHERE survey_id = $1 ORDER BY school', [surveyId]);
}

/** Replaces the school populations of a survey. */
export async function setTargets(
  db: Queryable & { transaction?: unknown },
  surveyId: string,
  targets: { school: string; population: number }[],
): Promise<void> {
  await db.query('DELETE FROM school_targets WHERE survey_id = $1', [surveyId]);
  if (!targets.length) return;
  await db.query(
    `INSERT INTO school_targets (survey_id, school, population)
     SELECT $1, school, population FROM jsonb_to_recordset($2::jsonb) AS t(school text, population integer)`,
    [surveyId, JSON.stringify(targets)],
  );
}

/** A stakeholder group's population for a survey (the area's target is their sum). */
export interface GroupTarget {
  group: string;
  population: number;
}

// Group populations are a few numbers per survey: kept as a setting (key per survey), no table.
const groupTargetsKey = (surveyId: string) => `group-targets:${surveyId}`;

/** Stakeholder-group populations of a survey, in the order saved. */
export async function getGroupTargets(db: Queryable, surveyId: string): Promise<GroupTarget[]> {
  const rows = await db.query<{ value: GroupTarget[] }>('SELECT value FROM office_settings WHERE key = $1', [
    groupTargetsKey(surveyId),
  ]);
  return rows[0]?.value ?? [];
}

/** Replaces the stakeholder-group populations of a survey. */
export async function setGroupTargets(db: Queryable, surveyId: string, targets: GroupTarget[]): Promise<void> {
  await db.query(
    `INSERT INTO office_settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [groupTargetsKey(surveyId), JSON.stringify(targets)],
  );
}

/** How the office will use a fiscal year's results (ITA o25 part 4). */
export interface ReportText {
  usage: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The saved text, or an empty one. */
export async function getReportText(db: Queryable, surveyId: string, fiscalYear: number): Promise<ReportText> {
  const rows = await db.query<{ usage: string; updated_at: Date | string; updated_by: string | null }>(
    'SELECT usage, updated_at, updated_by FROM report_texts WHERE survey_id = $1 AND fiscal_year = $2',
    [surveyId, fiscalYear],
  );
  const r = rows[0];
  return r
    ? { usage: r.usage, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by }
    : { usage: '', updatedAt: null, updatedBy: null };
}

/** Saves the text. */
export async function setReportText(
  db: Queryable,
  surveyId: string,
  fiscalYear: number,
  usage: string,
  by: string,
): Promise<void> {
  await db.query(
    `INSERT INTO report_texts (survey_id, fiscal_year, usage, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (survey_id, fiscal_year) DO UPDATE SET usage = EXCLUDED.usage, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [surveyId, fiscalYear, usage, by],
  );
}
