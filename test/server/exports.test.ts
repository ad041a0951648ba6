// @vitest-environment node
/**
 * Exports of a survey's responses (GET /api/v1/surveys/:id/responses): CSV for Excel, XLSX with a
 * summary and a raw sheet, and JSON; codes or labels in Thai or English; formulas neutralised;
 * filters and school limits; personal answers left out; 3,000 responses streamed whole.
 */
import { brotliDecompressSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { createApiToken } from '../../src/server/store/staff.js';
import { type TestDatabase, useBackends } from './backends.js';
import { complaintAnswers } from './fixtures.js';
import {
  type Credentials,
  call,
  responseTo,
  SCHOOL_GROUPS,
  SCHOOL_X,
  SCHOOL_Y,
  SCHOOLS,
  type Staff,
  serverWith,
  stakeholderResponse,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

const STAKEHOLDER = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;
const schoolLabel = (value: string, lang: 'th' | 'en') =>
  STAKEHOLDER.lists?.schools?.find((i) => i.value === value)?.label[lang] as string;

const RATING_IDS = [
  ...['inform', 'consult', 'involve', 'collaborate'].flatMap((d) => [1, 2, 3, 4].map((n) => `${d}_${n}`)),
  ...[1, 2, 3, 4, 5].map((n) => `service_${n}`),
];

/** The raw table's columns with codes: 4 about the response, then one per question (two per pair). */
const CODE_HEADER = [
  'response_id',
  'survey_version',
  'completed_at',
  'locale',
  'group',
  'group.other',
  'gender',
  'age',
  'school',
  'contact_channels',
  'contact_channels.other',
  ...RATING_IDS.flatMap((id) => [`${id}.expectation`, `${id}.satisfaction`]),
  'suggestions',
  'information_wanted',
];

/** The XLSX raw sheet's columns with codes: a multiple choice as one 0/1 column per option, ratings numbered. */
const CHANNELS = [
  'in_person',
  'phone',
  'official_letter',
  'website',
  'social_media',
  'email',
  'meeting',
  'school_visit',
  'other',
];
const XLSX_CODE_HEADER = CODE_HEADER.flatMap((h) => {
  if (h === 'contact_channels') return CHANNELS.map((c) => `contact_channels.${c}`);
  const rating = RATING_IDS.indexOf(h.replace(/\.(expectation|satisfaction)$/, ''));
  return rating >= 0 ? [`${rating + 1}. ${h}`] : [h];
});
/** Rows of the summary sheet before the results table: title, 7 lines of what the file holds, a blank, the header. */
const SUMMARY_HEAD = 10;
/** The summary line with the number of respondents. */
const RESPONDENTS = 6;

const at = (iso: string) => `${iso}.000Z`;

/** Ten responses to the stakeholder survey, named for the tests. */
const R = {
  // School X: three teachers in November 2025 and two parents in January 2026 (fiscal year 2569).
  x1: stakeholderResponse({ school: SCHOOL_X, at: at('2025-11-10T03:00:00'), answers: { suggestions: '=1+2' } }),
  x2: stakeholderResponse({ school: SCHOOL_X, at: at('2025-11-11T03:00:00'), answers: { suggestions: '+SUM(A1:A9)' } }),
  x3: stakeholderResponse({ school: SCHOOL_X, at: at('2025-11-12T03:00:00'), answers: { suggestions: '-3 ครูดี' } }),
  x4: stakeholderResponse({
    group: 'parent',
    school: SCHOOL_X,
    at: at('2026-01-05T03:00:00'),
    answers: { suggestions: '@cmd' },
  }),
  x5: stakeholderResponse({
    group: 'parent',
    school: SCHOOL_X,
    at: at('2026-01-06T03:00:00'),
    answers: { suggestions: '\tแท็บ' },
  }),
  // School Y: two teachers in fiscal year 2568 (the second a second before it ends, Bangkok time)
  // and a student in the first second of 2569.
  y1: stakeholderResponse({ school: SCHOOL_Y, at: at('2025-09-20T03:00:00'), answers: { suggestions: '\rขึ้นต้น' } }),
  y2: stakeholderResponse({ school: SCHOOL_Y, at: at('2025-09-30T16:59:59') }),
  y3: stakeholderResponse({ group: 'student', school: SCHOOL_Y, at: at('2025-09-30T17:00:00') }),
  // No school: community and an agency.
  c1: stakeholderResponse({
    group: 'community',
    at: at('2025-12-01T03:00:00'),
    answers: {
      contact_channels: ['website', 'other'],
      'contact_channels.other': '=HYPERLINK("http://example.org")',
      suggestions: 'ข้อความ, มี "คำพูด"\nและขึ้นบรรทัดใหม่',
    },
  }),
  c2: stakeholderResponse({
    group: 'agency',
    at: at('2026-02-01T03:00:00'),
    answers: { gender: 'male', age: '41_50', suggestions: ' =เว้นวรรคก่อน' },
  }),
};
type Name = keyof typeof R;
const ALL = Object.keys(R) as Name[];
const idOf = (n: Name) => R[n].id as string;
const ids = (...names: Name[]) => names.map(idOf).sort();

/** Complaints: one about school X with contact details, one about the office without. */
const CONTACT = { contact_name: 'สมหญิง รักเรียน', reply_channel: 'phone', contact_phone: '0899999999' };
const COMPLAINTS = [
  responseTo(
    'complaint',
    complaintAnswers({ concerns: 'school', school: SCHOOL_X, wants_reply: 'yes', ...CONTACT }),
    at('2025-11-21T03:00:00'),
  ),
  responseTo('complaint', complaintAnswers({ concerns: 'office', topic: 'ห้องน้ำสำนักงาน' }), at('2025-11-22T03:00:00')),
];

/** The CSV's rows (header first), after checking and removing the BOM. */
function csvRows(r: LightMyRequestResponse): string[][] {
  expect(r.statusCode).toBe(200);
  expect(r.body.startsWith('\uFEFF')).toBe(true);
  return parse(r.body.slice(1), { relaxColumnCount: false }) as string[][];
}

/** The data rows of a CSV by response id, as header → value. */
function csvById(rows: string[][]): Map<string, Record<string, string>> {
  const [header, ...data] = rows;
  return new Map(
    data.map((row) => [row[0] as string, Object.fromEntries((header ?? []).map((h, i) => [h, row[i] as string]))]),
  );
}

/** A workbook's sheets as rows of cell values (empty cells null). */
async function sheets(r: LightMyRequestResponse): Promise<Record<string, unknown[][]>> {
  expect(r.statusCode).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  book.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: unknown[] = [];
      for (let i = 1; i <= row.cellCount; i++) cells.push(row.getCell(i).value ?? null);
      rows.push(cells);
    });
    out[sheet.name] = rows;
  });
  return out;
}

describe.each(backends)('exports of responses, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    await storeAll(db, [...ALL.map((n) => R[n]), ...COMPLAINTS]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const exported = (query: string, who: Credentials = staff.supervisor, survey = 'stakeholder-satisfaction') =>
    call(app, who, 'GET', `/api/v1/surveys/${survey}/responses?${query}`);

  describe('CSV', () => {
    it('starts with the UTF-8 BOM, ends lines with CRLF, and has a header and one row per response', async () => {
      const r = await exported('format=csv');
      expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(r.body.split('\r\n')[0]).toBe(`\uFEFF${CODE_HEADER.join(',')}`);
      const rows = csvRows(r);
      expect(rows[0]).toEqual(CODE_HEADER);
      expect(rows).toHaveLength(1 + ALL.length);
      expect(rows.slice(1).map((row) => row[0])).toEqual(ids(...ALL)); // oldest first = by id
      for (const row of rows) expect(row).toHaveLength(CODE_HEADER.length);
    });

    it('without format the export is CSV; headers name the file by its kind, type and no caching', async () => {
      const r = await call(app, staff.supervisor, 'GET', '/api/v1/surveys/stakeholder-satisfaction/responses');
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['content-disposition']).toBe(
        'attachment; filename="siang-stakeholder-satisfaction-responses-codes-all-years.csv"',
      );
      expect(csvRows(r)).toHaveLength(1 + ALL.length);
      // CSV with labels, with codes, and with the excluded ones never share a name.
      const names = await Promise.all(
        ['format=csv&labels=labels&fy=2569', 'format=csv&fy=2569', 'format=csv&labels=labels&excluded=1'].map(
          async (q) => (await exported(q)).headers['content-disposition'],
        ),
      );
      expect(names).toEqual([
        'attachment; filename="siang-stakeholder-satisfaction-responses-labels-fy2569.csv"',
        'attachment; filename="siang-stakeholder-satisfaction-responses-codes-fy2569.csv"',
        'attachment; filename="siang-stakeholder-satisfaction-responses-labels-all-years-with-excluded.csv"',
      ]);
    });

    it('writes codes by default: choices, the school, ratings and the Bangkok time', async () => {
      const x1 = csvById(csvRows(await exported('format=csv'))).get(idOf('x1'));
      expect(x1).toMatchObject({
        response_id: idOf('x1'),
        survey_version: '1',
        completed_at: '2025-11-10 10:00:00',
        locale: 'th',
        group: 'teacher',
        'group.other': '',
        gender: 'female',
        age: '31_40',
        school: SCHOOL_X,
        contact_channels: 'website',
        'contact_channels.other': '',
        'inform_1.expectation': '4',
        'inform_1.satisfaction': '3',
        'service_5.satisfaction': '3',
        information_wanted: '',
      });
      const c1 = csvById(csvRows(await exported('format=csv'))).get(idOf('c1'));
      expect(c1).toMatchObject({ school: '', contact_channels: 'website; other', group: 'community' });
      // Commas, quotes and a line break survive the quoting.
      expect(c1?.suggestions).toBe('ข้อความ, มี "คำพูด"\nและขึ้นบรรทัดใหม่');
    });

    it('with labels=labels writes Thai labels, headers included', async () => {
      const rows = csvRows(await exported('format=csv&labels=labels'));
      expect(rows[0]?.slice(0, 12)).toEqual([
        'รหัสคำตอบ',
        'ฉบับของแบบสำรวจ',
        'เวลาที่ตอบเสร็จ',
        'ภาษา',
        'ท่านเป็นผู้มีส่วนได้ส่วนเสียกลุ่มใด',
        'ท่านเป็นผู้มีส่วนได้ส่วนเสียกลุ่มใด – โปรดระบุ',
        'เพศ',
        'อายุ',
        'โรงเรียนที่ท่านสังกัด หรือที่บุตรหลานของท่านศึกษาอยู่',
        'ท่านติดต่อหรือรับบริการจากสำนักงานเขตพื้นที่การศึกษาผ่านช่องทางใดบ่อยที่สุด',
        'ท่านติดต่อหรือรับบริการจากสำนักงานเขตพื้นที่การศึกษาผ่านช่องทางใดบ่อยที่สุด – โปรดระบุ',
        'สำนักงานเขตพื้นที่การศึกษาเผยแพร่ข้อมูลข่าวสาร ประกาศ และผลการดำเนินงานที่ถูกต้อง ครบถ้วน และเป็นปัจจุบัน – ความคาดหวัง',
      ]);
      expect(rows[0]).toHaveLength(CODE_HEADER.length);
      const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
      expect(byId.get(idOf('x1'))?.slice(4, 13)).toEqual([
        'ครูผู้สอน',
        '',
        'หญิง',
        '31–40 ปี',
        schoolLabel(SCHOOL_X, 'th'),
        'เว็บไซต์ของสำนักงาน',
        '',
        '4',
        '3',
      ]);
      expect(byId.get(idOf('c1'))?.slice(4, 11)).toEqual([
        'ชุมชน / องค์กรปกครองส่วนท้องถิ่น',
        '',
        'หญิง',
        '31–40 ปี',
        '',
        'เว็บไซต์ของสำนักงาน; อื่น ๆ',
        `'=HYPERLINK("http://example.org")`,
      ]);
      expect(byId.get(idOf('c2'))?.slice(6, 8)).toEqual(['ชาย', '41–50 ปี']);
    });

    it('with labels=labels&lang=en writes English labels', async () => {
      const rows = csvRows(await exported('format=csv&labels=labels&lang=en'));
      expect(rows[0]?.slice(0, 9)).toEqual([
        'Response id',
        'Survey version',
        'Completed at',
        'Language',
        'Which stakeholder group are you in?',
        'Which stakeholder group are you in? – other',
        'Gender',
        'Age',
        "Your school, or your child's school",
      ]);
      expect(rows[0]?.[11]).toBe(
        'The office publishes accurate, complete and up-to-date news, announcements and results of its work. – expectation',
      );
      const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
      expect(byId.get(idOf('x4'))?.slice(4, 10)).toEqual([
        'Parent or guardian',
        '',
        'Female',
        '31–40',
        schoolLabel(SCHOOL_X, 'en'),
        "The office's website",
      ]);
      expect(byId.get(idOf('c1'))?.[9]).toBe("The office's website; Other");
    });

    it('lang=en without labels still writes codes', async () => {
      expect(csvRows(await exported('format=csv&lang=en'))[0]).toEqual(CODE_HEADER);
    });

    it('puts an apostrophe before text starting with = + - @ (after spaces too), tab or carriage return, and only there', async () => {
      for (const labels of ['', '&labels=labels']) {
        const rows = csvById(csvRows(await exported(`format=csv${labels}`)));
        const suggestion = (n: Name) => Object.values(rows.get(idOf(n)) ?? {}).at(-2);
        expect(ALL.map((n) => [n, suggestion(n)])).toEqual([
          ['x1', "'=1+2"],
          ['x2', "'+SUM(A1:A9)"],
          ['x3', "'-3 ครูดี"],
          ['x4', "'@cmd"],
          ['x5', "'\tแท็บ"],
          ['y1', "'\rขึ้นต้น"],
          ['y2', ''],
          ['y3', ''],
          ['c1', 'ข้อความ, มี "คำพูด"\nและขึ้นบรรทัดใหม่'],
          ['c2', "' =เว้นวรรคก่อน"],
        ]);
      }
    });
  });

  describe('filters', () => {
    const rowsOf = async (query: string, who: Credentials = staff.supervisor) =>
      csvRows(await exported(`format=csv&${query}`, who))
        .slice(1)
        .map((row) => row[0])
        .sort();

    it.each([
      ['school=X', ['x1', 'x2', 'x3', 'x4', 'x5']],
      ['school=Y', ['y1', 'y2', 'y3']],
      ['school=X,Y', ['x1', 'x2', 'x3', 'x4', 'x5', 'y1', 'y2', 'y3']],
      ['group=teacher', ['x1', 'x2', 'x3', 'y1', 'y2']],
      ['group=teacher&school=Y', ['y1', 'y2']],
      ['group=community,agency', ['c1', 'c2']],
      ['fy=2568', ['y1', 'y2']],
      ['fy=2569', ['x1', 'x2', 'x3', 'x4', 'x5', 'y3', 'c1', 'c2']],
      ['fy=2570', []],
      ['from=2025-10-01&to=2025-12-01', ['x1', 'x2', 'x3', 'y3', 'c1']],
      ['to=2025-09-30', ['y1', 'y2']],
      ['from=2026-01-06', ['x5', 'c2']],
      ['fy=2569&group=parent&from=2026-01-06', ['x5']],
    ] as [string, Name[]][])('%s keeps exactly its rows', async (query, expected) => {
      const q = query
        .replace('X,Y', `${SCHOOL_X},${SCHOOL_Y}`)
        .replace('=X', `=${SCHOOL_X}`)
        .replace('=Y', `=${SCHOOL_Y}`);
      expect(await rowsOf(encodeURI(q))).toEqual(ids(...expected));
    });

    it('a supervisor limited to school X gets only X rows, by cookie or token, in every format', async () => {
      for (const who of [staff.limited, staff.limitedToken]) {
        expect(await rowsOf('', who)).toEqual(ids('x1', 'x2', 'x3', 'x4', 'x5'));
        expect(await rowsOf('group=teacher', who)).toEqual(ids('x1', 'x2', 'x3'));
        const json = (await exported('format=json', who)).json() as { id: string }[];
        expect(json.map((r) => r.id).sort()).toEqual(ids('x1', 'x2', 'x3', 'x4', 'x5'));
        const book = await sheets(await exported('format=xlsx', who));
        expect((book.ข้อมูลดิบ ?? []).slice(1).map((row) => row[0])).toEqual(ids('x1', 'x2', 'x3', 'x4', 'x5'));
        expect(book.สรุปผล?.[RESPONDENTS]).toEqual(['จำนวนผู้ตอบ', 5]);
        for (const format of ['csv', 'json', 'xlsx']) {
          const r = await exported(`format=${format}&school=${encodeURIComponent(SCHOOL_Y)}`, who);
          expect([r.statusCode, r.json().error]).toEqual([403, 'forbidden']);
        }
      }
    });

    it('malformed filters are a 400 that says which', async () => {
      for (const [query, message] of [
        ['fy=abc', 'fy must be a Buddhist-era fiscal year such as 2569'],
        ['fy=2025', 'fy must be a Buddhist-era fiscal year such as 2569'],
        ['from=2025-02-30', 'from must be a date written YYYY-MM-DD'],
        ['to=1/10/2568', 'to must be a date written YYYY-MM-DD'],
      ]) {
        const r = await exported(`format=csv&${query}`);
        expect([r.statusCode, r.json()]).toEqual([400, { error: 'bad_request', message }]);
      }
    });
  });

  describe('XLSX', () => {
    it('has a summary sheet saying which responses it holds, a profile sheet and a raw sheet with one row per response', async () => {
      const r = await exported('format=xlsx&labels=labels');
      expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(r.headers['content-disposition']).toBe(
        'attachment; filename="siang-stakeholder-satisfaction-results-all-years.xlsx"',
      );
      const book = await sheets(r);
      expect(Object.keys(book)).toEqual(['สรุปผล', 'ข้อมูลทั่วไป', 'ข้อมูลดิบ']);
      const summary = book.สรุปผล ?? [];
      expect(summary.slice(0, SUMMARY_HEAD - 1)).toEqual([
        [STAKEHOLDER.title.th],
        ['ปีงบประมาณ', 'ทุกปี'],
        ['ช่วงวันที่', 'ทุกวัน'],
        ['โรงเรียน', 'ทุกโรงเรียน'],
        ['กลุ่มผู้ตอบ', 'ทุกกลุ่ม'],
        ['คำตอบที่รวม', 'เฉพาะคำตอบที่นับในผล'],
        ['จำนวนผู้ตอบ', 10],
        ['ส่งออกเมื่อ', expect.any(Date)],
        [],
      ]);
      expect(summary[SUMMARY_HEAD - 1]).toEqual([
        'ข้อที่',
        'ข้อ / ด้าน',
        'ความคาดหวัง x̄',
        'ความคาดหวัง S.D.',
        'ความคาดหวัง ระดับ',
        'ความพึงพอใจ x̄',
        'ความพึงพอใจ S.D.',
        'ความพึงพอใจ ร้อยละ',
        'ความพึงพอใจ ระดับ',
        'ผลต่าง (พึงพอใจ − คาดหวัง)',
        'n',
      ]);
      expect(summary.flat()).not.toContain('ช่องว่าง');
      // Every rating is 4 (expectation) and 3 (satisfaction); items are numbered 1–21.
      expect(summary[SUMMARY_HEAD]).toEqual([null, 'ด้านการให้ข้อมูลข่าวสาร', 4, 0, 'มาก', 3, 0, 60, 'ปานกลาง', -1, 10]);
      expect(summary[SUMMARY_HEAD + 1]?.slice(0, 2)).toEqual([
        1,
        'สำนักงานเขตพื้นที่การศึกษาเผยแพร่ข้อมูลข่าวสาร ประกาศ และผลการดำเนินงานที่ถูกต้อง ครบถ้วน และเป็นปัจจุบัน',
      ]);
      expect(summary).toHaveLength(SUMMARY_HEAD + 5 + 21 + 1);
      expect(summary.map((row) => row[0]).filter((n) => typeof n === 'number')).toEqual(
        Array.from({ length: 21 }, (_, i) => i + 1),
      );
      expect(summary.at(-1)).toEqual([null, 'ภาพรวม', 4, 0, 'มาก', 3, 0, 60, 'ปานกลาง', -1, 10]);

      // The profile: จำนวนและร้อยละ, the first table of a Thai report.
      const profile = book.ข้อมูลทั่วไป ?? [];
      const gender = profile.findIndex((row) => row[0] === 'เพศ');
      expect(profile.slice(gender, gender + 6)).toEqual([
        ['เพศ'],
        ['รายการ', 'จำนวน (คน)', 'ร้อยละ'],
        ['ชาย', 'น้อยกว่า 5'],
        ['หญิง', 9, 90],
        ['ไม่ประสงค์ระบุ', 0, 0],
        ['รวม', 10, 100],
      ]);

      const raw = book.ข้อมูลดิบ ?? [];
      expect(raw).toHaveLength(1 + ALL.length);
      expect(raw[0]?.[0]).toBe('รหัสคำตอบ');
      expect(raw[0]).toHaveLength(XLSX_CODE_HEADER.length);
      const x1 = raw.find((row) => row[0] === idOf('x1'));
      // The completion time is a date of the same wall-clock time in Bangkok.
      expect(x1?.slice(0, 9)).toEqual([
        idOf('x1'),
        1,
        new Date('2025-11-10T10:00:00.000Z'),
        'th',
        'ครูผู้สอน',
        null,
        'หญิง',
        '31–40 ปี',
        schoolLabel(SCHOOL_X, 'th'),
      ]);
      const suggestions = XLSX_CODE_HEADER.indexOf('suggestions');
      expect(x1?.[suggestions]).toBe("'=1+2");
      // XML turns a written carriage return into a line feed on reading; the apostrophe is what counts.
      expect(raw.find((row) => row[0] === idOf('y1'))?.[suggestions]).toMatch(/^'[\r\n]ขึ้นต้น$/);
    });

    it('is ready for analysis: TH SarabunPSK, two-decimal figures, frozen headers, 0/1 columns per option, dates as dates', async () => {
      const r = await exported('format=xlsx&labels=labels&fy=2569&group=teacher,parent,community');
      expect(r.headers['content-disposition']).toBe(
        'attachment; filename="siang-stakeholder-satisfaction-results-fy2569.xlsx"',
      );
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const summary = book.getWorksheet('สรุปผล');
      const raw = book.getWorksheet('ข้อมูลดิบ');
      if (!summary || !raw) throw new Error('sheets missing');
      // The filters and the fiscal year are written in the file.
      expect(summary.getRow(2).values).toEqual([undefined, 'ปีงบประมาณ', 'พ.ศ. 2569']);
      expect(summary.getRow(5).values).toEqual([undefined, 'กลุ่มผู้ตอบ', 'ครูผู้สอน, ผู้ปกครอง, ชุมชน / องค์กรปกครองส่วนท้องถิ่น']);
      // Frozen panes: the summary below its header row, the raw sheet below row 1.
      expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: SUMMARY_HEAD });
      expect(raw.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      // Every written cell is in TH SarabunPSK; figures show two decimals.
      for (const sheet of [summary, raw])
        sheet.eachRow((row) => row.eachCell((cell) => expect(cell.font?.name, cell.address).toBe('TH SarabunPSK')));
      const overall = summary.getRow(summary.rowCount);
      expect(overall.getCell(2).value).toBe('ภาพรวม');
      for (const col of [3, 4, 6, 7, 8, 10]) expect(overall.getCell(col).numFmt).toBe('0.00');
      expect(overall.getCell(10).value).toBe(-1);
      // One 0/1 column per channel: c1 chose the website and "other".
      const header = (raw.getRow(1).values as unknown[]).slice(1) as string[];
      const channel = STAKEHOLDER.sections.flatMap((s) => s.questions).find((q) => q.id === 'contact_channels') as {
        label: { th: string };
      };
      const website = header.indexOf(`${channel.label.th}: เว็บไซต์ของสำนักงาน`) + 1;
      const phone = header.indexOf(`${channel.label.th}: โทรศัพท์`) + 1;
      const other = header.indexOf(`${channel.label.th}: อื่น ๆ`) + 1;
      expect([website, phone, other].every((c) => c > 0)).toBe(true);
      const c1 = raw.getRows(2, raw.rowCount - 1)?.find((row) => row.getCell(1).value === idOf('c1'));
      expect([c1?.getCell(website).value, c1?.getCell(phone).value, c1?.getCell(other).value]).toEqual([1, 0, 1]);
      // Rating columns are numbered as the results table numbers the items.
      expect(header.filter((h) => /^1\. /.test(h))).toHaveLength(2);
      // The completion time is a real date cell.
      const done = c1?.getCell(3);
      expect(done?.value).toBeInstanceOf(Date);
      expect(done?.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      expect(done?.value).toEqual(new Date('2025-12-01T10:00:00.000Z'));
    });

    it('in English with lang=en; with codes when labels are not asked for', async () => {
      const en = await sheets(await exported('format=xlsx&labels=labels&lang=en'));
      expect(Object.keys(en)).toEqual(['Summary', 'Profile', 'Responses']);
      expect(en.Summary?.[RESPONDENTS]).toEqual(['Respondents', 10]);
      expect(en.Summary?.at(-1)).toEqual([null, 'Overall', 4, 0, 'High', 3, 0, 60, 'Moderate', -1, 10]);
      expect(en.Responses?.[0]?.slice(0, 5)).toEqual([
        'Response id',
        'Survey version',
        'Completed at',
        'Language',
        'Which stakeholder group are you in?',
      ]);
      const codes = await sheets(await exported('format=xlsx'));
      expect(codes.ข้อมูลดิบ?.[0]).toEqual(XLSX_CODE_HEADER);
      expect(codes.ข้อมูลดิบ?.find((row) => row[0] === idOf('x1'))?.[4]).toBe('teacher');
    });

    it('the summary of a selection under 5 shows no figures', async () => {
      const book = await sheets(await exported(`format=xlsx&school=${encodeURIComponent(SCHOOL_Y)}&group=teacher`));
      const summary = book.สรุปผล ?? [];
      expect(summary[RESPONDENTS]).toEqual(['จำนวนผู้ตอบ', 'น้อยกว่า 5']);
      const figures = summary.slice(SUMMARY_HEAD).flatMap((row) => row.slice(2));
      expect(figures.filter((x) => x !== null)).toEqual([]);
      const profile = (book.ข้อมูลทั่วไป ?? []).flat();
      expect(profile.filter((x) => typeof x === 'number')).toEqual([]);
      expect(book.ข้อมูลดิบ).toHaveLength(3); // the rows themselves are the supervisor's to export
    });
  });

  describe('JSON', () => {
    it('is a valid JSON array of the responses as stored', async () => {
      const r = await exported('format=json');
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['content-disposition']).toBe(
        'attachment; filename="siang-stakeholder-satisfaction-responses-all-years.json"',
      );
      const items = JSON.parse(r.body) as Record<string, unknown>[];
      expect(items.map((i) => i.id)).toEqual(ids(...ALL));
      const x1 = items.find((i) => i.id === idOf('x1'));
      expect(x1).toEqual({
        id: idOf('x1'),
        surveyId: 'stakeholder-satisfaction',
        surveyVersion: 1,
        startedAt: R.x1.startedAt,
        completedAt: '2025-11-10T03:00:00.000Z',
        receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        locale: 'th',
        appVersion: R.x1.appVersion,
        privacyVersion: R.x1.privacyVersion,
        privacyAcceptedAt: R.x1.privacyAcceptedAt,
        answers: R.x1.answers,
      });
      // JSON is not opened by a spreadsheet: text stays exactly as given.
      const y1 = items.find((i) => i.id === idOf('y1')) as { answers: Record<string, unknown> };
      expect(y1.answers.suggestions).toBe('\rขึ้นต้น');
    });

    it('leaves out the personal answers of a complaint (name, phone) and keeps the rest', async () => {
      const r = await exported('format=json', staff.admin, 'complaint');
      const items = JSON.parse(r.body) as { id: string; answers: Record<string, unknown> }[];
      expect(items.map((i) => i.id)).toEqual(COMPLAINTS.map((c) => c.id as string).sort());
      const withContact = items.find((i) => i.id === COMPLAINTS[0]?.id);
      const sent = { ...(COMPLAINTS[0]?.answers as Record<string, unknown>) };
      delete sent.contact_name;
      delete sent.contact_phone;
      expect(withContact?.answers).toEqual(sent);
      expect(withContact?.answers.reply_channel).toBe('phone');
      expect(r.body).not.toContain(CONTACT.contact_name);
      expect(r.body).not.toContain(CONTACT.contact_phone);
    });

    it('an empty selection is an empty array', async () => {
      expect(JSON.parse((await exported('format=json&fy=2570')).body)).toEqual([]);
    });
  });

  it("the complaint form's CSV has no contact columns, and a limited supervisor sees only their school's complaint", async () => {
    const rows = csvRows(await exported('format=csv', staff.admin, 'complaint'));
    expect(rows[0]).toEqual([
      'response_id',
      'survey_version',
      'completed_at',
      'locale',
      'category',
      'category.other',
      'topic',
      'description',
      'incident_date',
      'concerns',
      'school',
      'wants_reply',
      'reply_channel',
    ]);
    expect(rows).toHaveLength(3);
    const mine = csvRows(await exported('format=csv', staff.limited, 'complaint'));
    expect(mine.slice(1).map((row) => row[0])).toEqual([COMPLAINTS[0]?.id]);
  });

  it('an unknown format is a 400 that names the formats; an unknown survey is a 404', async () => {
    for (const format of ['pdf', 'CSV', 'toString', '__proto__', 'constructor', '']) {
      const r = await exported(`format=${format}`);
      expect([format, r.statusCode, r.json()]).toEqual([
        format,
        400,
        { error: 'bad_request', message: 'format must be csv, xlsx or json' },
      ]);
    }
    for (const format of ['csv', 'xlsx', 'json']) {
      const r = await exported(`format=${format}`, staff.supervisor, 'no-such-survey');
      expect([r.statusCode, r.json()]).toEqual([
        404,
        { error: 'not_found', message: 'no published survey no-such-survey' },
      ]);
    }
  });
});

describe.each(backends)('an export of 3,000 responses, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let script: { token: string };
  const MANY = Array.from({ length: 3000 }, (_, i) => {
    const group = SCHOOL_GROUPS[i % SCHOOL_GROUPS.length] as string;
    const school = SCHOOLS[i % SCHOOLS.length] as string;
    const when = new Date(Date.UTC(2025, 9, 1) + i * 60_000).toISOString();
    return stakeholderResponse({ group, school, at: when, answers: { suggestions: `คำตอบที่ ${i}` } });
  });
  const allIds = MANY.map((r) => r.id as string).sort();
  const xIds = MANY.filter((r) => (r.answers as { school: string }).school === SCHOOL_X)
    .map((r) => r.id as string)
    .sort();
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    script = { token: await createApiToken(db, { name: 'script', role: 'supervisor' }) };
    await storeAll(db, MANY);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });
  const get = (query: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/surveys/stakeholder-satisfaction/responses?${query}`,
      headers: { authorization: `Bearer ${script.token}`, ...headers },
    });

  it('CSV has every row once, in id order, over several pages; a school filter keeps its share', async () => {
    const rows = csvRows(await get('format=csv'));
    expect(rows.slice(1).map((row) => row[0])).toEqual(allIds);
    expect(
      rows
        .slice(1)
        .map((row) => row.at(-2))
        .sort(),
    ).toEqual(MANY.map((_, i) => `คำตอบที่ ${i}`).sort());
    const x = csvRows(await get(`format=csv&school=${encodeURIComponent(SCHOOL_X)}`));
    expect(x.slice(1).map((row) => row[0])).toEqual(xIds);
    expect(xIds).toHaveLength(Math.ceil(3000 / SCHOOLS.length));
  });

  it('compressed with brotli, the CSV is the same text', async () => {
    const plain = await get('format=csv');
    const br = await get('format=csv', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('JSON has every response once', async () => {
    const items = JSON.parse((await get('format=json')).body) as { id: string }[];
    expect(items.map((i) => i.id)).toEqual(allIds);
  });

  it('XLSX has every response in its raw sheet and counts them all in its summary', async () => {
    const book = await sheets(await get('format=xlsx'));
    const raw = book.ข้อมูลดิบ ?? [];
    expect(raw).toHaveLength(3001);
    expect(raw.slice(1).map((row) => row[0])).toEqual(allIds);
    expect(book.สรุปผล?.[RESPONDENTS]).toEqual(['จำนวนผู้ตอบ', 3000]);
  });
});
