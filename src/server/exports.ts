/**
 * Exports of a survey's filtered responses: CSV (UTF-8 with BOM, for Excel), XLSX (a raw sheet
 * and a summary sheet) and JSON. Rows are read in pages by id and written a page at a time, so an
 * export of 100,000 responses never holds them all in memory, and the compression behind it gets
 * large chunks (a chunk per row costs a round trip to zlib's thread each). exceljs' streaming
 * writer makes the XLSX package; CSV lines are written here (RFC 4180, checked against csv-stringify).
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AnswerValue, RatingPairAnswer } from '../core/answers.js';
import { answerOf, tr } from '../core/answers.js';
import type { SurveyResults } from '../core/results.js';
import { type Lang, OTHER, otherKey, type Question, type SurveyDefinition } from '../core/survey.js';
import type { Queryable } from './db/database.js';
import type { Where } from './store/results.js';
import { OFFICE_TIME_ZONE } from './store/submissions.js';

/** The export formats. */
export type ExportFormat = 'csv' | 'xlsx' | 'json';

/**
 * How choices are written: their codes, or their labels in a language; `flagged`: the export
 * holds excluded and test responses too, with columns saying which (and why).
 */
export interface ExportOptions {
  labels: boolean;
  lang: Lang;
  flagged?: boolean;
}

/** One column of the raw table. */
export interface ExportColumn {
  key: string;
  header: string;
  value: (row: ExportRow) => string | number | null;
}

/** A response as read for the raw table (CSV and XLSX). */
export interface ExportRow {
  id: string;
  survey_version: number;
  answers: Record<string, AnswerValue>;
  /** Completion time in the office's zone, written `2026-11-25 10:05:00`. */
  completed_local: string;
  locale: string;
  exclusion: string | null;
  exclusion_reason: string | null;
}

/** A response as read for the JSON export. */
export interface StoredRow {
  id: string;
  survey_version: number;
  answers: Record<string, AnswerValue>;
  started_at: Date | string;
  completed_at: Date | string;
  locale: string;
  app_version: string;
  privacy_version: string;
  privacy_accepted_at: Date | string;
  received_at: Date | string;
  exclusion: string | null;
  exclusion_reason: string | null;
}

/** What the raw table reads of each response. */
export const TABLE_FIELDS = `id, survey_version, answers, locale, exclusion, exclusion_reason,
  to_char(completed_at AT TIME ZONE '${OFFICE_TIME_ZONE}', 'YYYY-MM-DD HH24:MI:SS') AS completed_local`;
/** What the JSON export reads of each response. */
export const STORED_FIELDS =
  'id, survey_version, answers, started_at, completed_at, locale, app_version, privacy_version, privacy_accepted_at, received_at, exclusion, exclusion_reason';

const PAGE = 1000;

/**
 * Text a spreadsheet may run as a formula: =, +, -, @ (or their full-width forms ＝ ＋ － ＠, and
 * the minus sign −) as the first character after any spaces, line breaks or invisible characters
 * (NBSP, zero-width space, BOM…, which spreadsheets may trim), or a tab or line break first.
 */
const FORMULA = /^(?:[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212]|[\t\r\n])/;

/**
 * Neutralises text that a spreadsheet would run as a formula (see FORMULA) by putting an
 * apostrophe in front, as OWASP advises for CSV injection.
 */
export function neutralise(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

function cellText(value: string | number | null): string | number | null {
  return typeof value === 'string' ? neutralise(value) : value;
}

/**
 * A CSV field as RFC 4180 writes it: quoted when it holds a quote, a comma or a line break.
 * Written here rather than with csv-stringify: per record, the library cost 2 s per 100,000 rows
 * and enough garbage to push the server past 300 MB during an export. The output is csv-stringify's
 * byte for byte, except that a lone LF or CR is quoted too (test/server/csv.test.ts).
 */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV record, ended with CRLF as Excel expects. */
export function csvLine(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * The raw table's columns for a survey. Personal questions are left out: those of this version
 * and `personal`, the ids any published version marks personal (see `personalQuestionIds`), so
 * answers kept under an older version stay out after a new version drops `personal`.
 */
export function exportColumns(
  survey: SurveyDefinition,
  options: ExportOptions,
  personal: ReadonlySet<string> = new Set(),
): ExportColumn[] {
  const { labels, lang } = options;
  const head = (q: Question, suffix = '') =>
    labels ? `${tr(q.label, lang)}${suffix}` : q.id + (suffix ? `.${suffix}` : '');
  // A code's label, looked up once per question rather than searched for every cell.
  const choices = new Map<string, Map<string, string>>();
  const choice = (q: Question, v: string) => {
    if (!labels) return v;
    if (v === OTHER) return lang === 'th' ? 'อื่น ๆ' : 'Other';
    let known = choices.get(q.id);
    if (!known) {
      const items =
        'options' in q
          ? q.options
          : q.type === 'lookup'
            ? ((survey.lists && Object.hasOwn(survey.lists, q.list) ? survey.lists[q.list] : undefined) ?? [])
            : [];
      known = new Map(items.map((i) => [i.value, tr(i.label, lang)]));
      choices.set(q.id, known);
    }
    return known.get(v) ?? v;
  };
  const columns: ExportColumn[] = [
    {
      key: 'response_id',
      header: labels ? (lang === 'th' ? 'รหัสคำตอบ' : 'Response id') : 'response_id',
      value: (r) => r.id,
    },
    {
      key: 'survey_version',
      header: labels ? (lang === 'th' ? 'ฉบับของแบบสำรวจ' : 'Survey version') : 'survey_version',
      value: (r) => r.survey_version,
    },
    {
      key: 'completed_at',
      header: labels ? (lang === 'th' ? 'เวลาที่ตอบเสร็จ' : 'Completed at') : 'completed_at',
      value: (r) => r.completed_local,
    },
    { key: 'locale', header: labels ? (lang === 'th' ? 'ภาษา' : 'Language') : 'locale', value: (r) => r.locale },
  ];
  if (options.flagged) {
    const flags: Record<string, Record<Lang, string>> = {
      test: { th: 'ข้อมูลทดสอบ', en: 'Test' },
      excluded: { th: 'คัดออก', en: 'Excluded' },
    };
    columns.push(
      {
        key: 'exclusion',
        header: labels ? (lang === 'th' ? 'ไม่นับในผล' : 'Not counted') : 'exclusion',
        value: (r) => {
          const flag = r.exclusion ? flags[r.exclusion] : undefined;
          return labels && flag ? flag[lang] : r.exclusion;
        },
      },
      {
        key: 'exclusion_reason',
        header: labels ? (lang === 'th' ? 'เหตุผลที่ไม่นับ' : 'Reason not counted') : 'exclusion_reason',
        value: (r) => r.exclusion_reason,
      },
    );
  }
  for (const q of survey.sections.flatMap((s) => s.questions)) {
    if (q.personal || personal.has(q.id)) continue;
    const get = (r: ExportRow) => answerOf(r.answers, q.id);
    switch (q.type) {
      case 'rating-pair':
        for (const part of ['expectation', 'satisfaction'] as const) {
          const suffix = labels
            ? ` – ${lang === 'th' ? (part === 'expectation' ? 'ความคาดหวัง' : 'ความพึงพอใจ') : part}`
            : part;
          columns.push({
            key: `${q.id}.${part}`,
            header: labels ? head(q, suffix) : `${q.id}.${part}`,
            value: (r) => (get(r) as RatingPairAnswer | undefined)?.[part] ?? null,
          });
        }
        break;
      case 'multiple':
        columns.push({
          key: q.id,
          header: head(q),
          value: (r) => {
            const v = get(r);
            return Array.isArray(v) ? v.map((x) => choice(q, x)).join('; ') : null;
          },
        });
        break;
      case 'single':
      case 'lookup':
        columns.push({
          key: q.id,
          header: head(q),
          value: (r) => {
            const v = get(r);
            return typeof v === 'string' ? choice(q, v) : null;
          },
        });
        break;
      default:
        columns.push({
          key: q.id,
          header: head(q),
          value: (r) => {
            const v = get(r);
            return typeof v === 'string' || typeof v === 'number' ? v : null;
          },
        });
    }
    if ((q.type === 'single' || q.type === 'multiple') && q.other) {
      columns.push({
        key: otherKey(q.id),
        header: labels ? head(q, ` – ${lang === 'th' ? 'โปรดระบุ' : 'other'}`) : otherKey(q.id),
        value: (r) => {
          const v = answerOf(r.answers, otherKey(q.id));
          return typeof v === 'string' ? v : null;
        },
      });
    }
  }
  return columns;
}

/** Reads `fields` of the filtered responses page by page (keyset on id), oldest first. */
export async function* readPages<T extends { id: string }>(
  db: Queryable,
  where: Where,
  fields: string,
): AsyncGenerator<T[]> {
  const next = where.params.length + 1;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db.query<T>(
      `SELECT ${fields} FROM responses WHERE ${where.sql} AND id > $${next}::uuid ORDER BY id LIMIT ${PAGE}`,
      [...where.params, after],
    );
    yield rows;
    const last = rows.at(-1);
    if (rows.length < PAGE || !last) return;
    after = last.id;
  }
}

/** A CSV stream: BOM, a header row, one row per response; each chunk is a page of rows. */
export function csvStream(pages: AsyncIterable<ExportRow[]>, columns: ExportColumn[]): Readable {
  async function* generate() {
    yield `\uFEFF${csvLine(columns.map((c) => neutralise(c.header)))}`;
    for await (const rows of pages) {
      // A page of rows is one chunk: one record per chunk made compression the bottleneck.
      let text = '';
      for (const row of rows) text += csvLine(columns.map((c) => cellText(c.value(row))));
      yield text;
    }
  }
  return Readable.from(generate(), { objectMode: false });
}

/**
 * A JSON array stream of the responses as stored, without the answers to `personal` questions
 * (those of every version of the survey, see `personalQuestionIds`).
 */
export function jsonStream(
  pages: AsyncIterable<StoredRow[]>,
  survey: SurveyDefinition,
  personal: ReadonlySet<string>,
  flagged = false,
): Readable {
  async function* generate() {
    yield '[';
    let first = true;
    for await (const rows of pages) {
      let text = '';
      for (const r of rows) {
        const answers =
          personal.size === 0
            ? r.answers
            : Object.fromEntries(Object.entries(r.answers).filter(([k]) => !personal.has(k.replace(/\.other$/, ''))));
        const item = {
          id: r.id,
          surveyId: survey.id,
          surveyVersion: r.survey_version,
          startedAt: new Date(r.started_at).toISOString(),
          completedAt: new Date(r.completed_at).toISOString(),
          receivedAt: new Date(r.received_at).toISOString(),
          locale: r.locale,
          appVersion: r.app_version,
          privacyVersion: r.privacy_version,
          privacyAcceptedAt: new Date(r.privacy_accepted_at).toISOString(),
          answers,
          ...(flagged ? { exclusion: r.exclusion, exclusionReason: r.exclusion_reason } : {}),
        };
        text += `${first ? '' : ','}\n${JSON.stringify(item)}`;
        first = false;
      }
      yield text;
    }
    yield '\n]\n';
  }
  return Readable.from(generate(), { objectMode: false });
}

/** An XLSX stream: a summary sheet (the results, Thai labels) and a raw sheet. */
export function xlsxStream(
  pages: AsyncIterable<ExportRow[]>,
  columns: ExportColumn[],
  summary: SurveyResults,
  options: ExportOptions,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const th = options.lang === 'th';
  (async () => {
    const sheet = workbook.addWorksheet(th ? 'สรุปผล' : 'Summary');
    sheet.columns = [
      { width: 60 },
      { width: 10 },
      { width: 10 },
      { width: 10 },
      { width: 10 },
      { width: 10 },
      { width: 10 },
      { width: 10 },
      { width: 10 },
    ];
    sheet.addRow([tr(summary.title, options.lang)]).commit();
    sheet
      .addRow([
        th ? 'จำนวนผู้ตอบ' : 'Respondents',
        summary.total ?? (th ? `น้อยกว่า ${summary.minCell}` : `fewer than ${summary.minCell}`),
      ])
      .commit();
    sheet.addRow([]).commit();
    sheet
      .addRow(
        th
          ? [
              'ข้อ / ด้าน',
              'ความคาดหวัง x̄',
              'S.D.',
              'ความพึงพอใจ x̄',
              'S.D.',
              'ร้อยละ',
              'ระดับ',
              'ผลต่าง (พึงพอใจ − คาดหวัง)',
              'n',
            ]
          : [
              'Item / dimension',
              'Expectation x̄',
              'S.D.',
              'Satisfaction x̄',
              'S.D.',
              'Percent',
              'Level',
              'Gap (satisfaction − expectation)',
              'n',
            ],
      )
      .commit();
    const levelNames = th
      ? ['', 'น้อยที่สุด', 'น้อย', 'ปานกลาง', 'มาก', 'มากที่สุด']
      : ['', 'Very low', 'Low', 'Moderate', 'High', 'Very high'];
    // The results' figures come rounded to 2 decimals from their exact values (a half rounds up):
    // the sheet shows them as they are, as the results page does.
    const figure = (x: number | undefined) => x ?? null;
    const line = (
      label: string,
      r: {
        value?: SurveyResults['overall']['value'];
        expectation?: SurveyResults['overall']['value'];
        satisfaction?: SurveyResults['overall']['value'];
        gap?: number;
      },
    ) => {
      const main = r.satisfaction ?? r.value;
      sheet
        .addRow([
          neutralise(label),
          figure(r.expectation?.mean),
          figure(r.expectation?.sd),
          figure(main?.mean),
          figure(main?.sd),
          figure(main?.percent),
          main?.level ? levelNames[main.level] : null,
          figure(r.gap),
          main?.n ?? null,
        ])
        .commit();
    };
    for (const d of summary.dimensions) {
      line(tr(d.label, options.lang), d);
      for (const item of summary.items.filter((i) => i.dimension === d.id))
        line(`   ${tr(item.label, options.lang)}`, item);
    }
    line(th ? 'ภาพรวม' : 'Overall', summary.overall);
    await sheet.commit();

    const raw = workbook.addWorksheet(th ? 'ข้อมูลดิบ' : 'Responses');
    raw.columns = columns.map((c) => ({ header: neutralise(c.header), key: c.key, width: 18 }));
    for await (const rows of pages) {
      for (const row of rows) raw.addRow(columns.map((c) => cellText(c.value(row)))).commit();
    }
    await raw.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
