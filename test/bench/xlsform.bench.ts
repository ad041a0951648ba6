/**
 * Importing an XLSForm on the built server as `npm start` runs it (embedded database, fresh data
 * folder): `POST /api/v1/surveys/import` with a generated 1,000-row workbook, as an admin API token
 * would send it, checked only and with `?publish=1`, and `siang survey import FILE` on the command
 * line. pyxform's example workbooks (test/fixtures/xlsform/) are a smaller reference.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openPglite } from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrations.js';
import { createApiToken } from '../../src/server/store/staff.js';
import { convertXlsform } from '../../src/server/xlsform-import.js';
import { buildAll, ROOT, startServer } from '../helpers/server.js';
import { type BenchResult, type Budget, budget, budgetTable, fmt, kb, median, percentile, table } from './lib.js';
import { seeded } from './server-lib.js';

/** Data rows of the generated survey sheet (the header not counted). */
const SURVEY_ROWS = 1_000;
/** Rows per group: begin, a note, 17 questions, end. */
const GROUP_ROWS = 20;
/** Warm runs after the cold one, per figure. */
const RUNS = 8;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** pyxform's examples that Siang imports (the others are refused by design, docs/xlsform.md). */
const FIXTURES = ['text_and_integer', 'yes_or_no_question', 'specify_other'];

const TH = 'label::Thai (th)';
const EN = 'label::English (en)';

const PROVINCES = Array.from({ length: 77 }, (_, i) => [`p${i + 1}`, `จังหวัดที่ ${i + 1}`, `Province ${i + 1}`]);
const DISTRICTS = Array.from({ length: 180 }, (_, i) => [`d${i + 1}`, `อำเภอที่ ${i + 1}`, `District ${i + 1}`]);
const LISTS: Record<string, string[][]> = {
  yes_no: [
    ['yes', 'ใช่', 'Yes'],
    ['no', 'ไม่ใช่', 'No'],
  ],
  agree5: [
    ['1', 'ไม่เห็นด้วยอย่างยิ่ง', 'Strongly disagree'],
    ['2', 'ไม่เห็นด้วย', 'Disagree'],
    ['3', 'เฉย ๆ', 'Neutral'],
    ['4', 'เห็นด้วย', 'Agree'],
    ['5', 'เห็นด้วยอย่างยิ่ง', 'Strongly agree'],
  ],
  channels: [
    ['line', 'ไลน์', 'LINE'],
    ['facebook', 'เฟซบุ๊ก', 'Facebook'],
    ['website', 'เว็บไซต์', 'Website'],
    ['phone', 'โทรศัพท์', 'Telephone'],
    ['letter', 'หนังสือราชการ', 'Official letter'],
    ['visit', 'มาติดต่อด้วยตนเอง', 'In person'],
  ],
  occupation: [
    ['farmer', 'เกษตรกร', 'Farmer'],
    ['civil', 'ข้าราชการ', 'Civil servant'],
    ['trader', 'ค้าขาย', 'Trader'],
    ['employee', 'พนักงานบริษัท', 'Company employee'],
    ['student', 'นักเรียน นักศึกษา', 'Student'],
    ['other', 'อื่น ๆ', 'Other'],
  ],
  province: PROVINCES,
  district: DISTRICTS,
};

/**
 * A realistic form of `rows` survey rows: groups of 20 (a note and 18 questions of every kind
 * Siang reads: selects from shared lists, text, integer and decimal with constraints, dates,
 * questions shown by `relevant`), labels and hints in Thai and English, a choices and a settings
 * sheet.
 */
export async function generatedXlsform(formId: string, rows = SURVEY_ROWS): Promise<Buffer> {
  const rng = seeded(10);
  const workbook = new ExcelJS.Workbook();
  const survey = workbook.addWorksheet('survey');
  survey.addRow([
    'type',
    'name',
    TH,
    EN,
    'hint::Thai (th)',
    'hint::English (en)',
    'required',
    'relevant',
    'constraint',
    'constraint_message::Thai (th)',
    'constraint_message::English (en)',
  ]);
  const groups = Math.floor(rows / GROUP_ROWS);
  for (let g = 1; g <= groups; g++) {
    const p = `g${String(g).padStart(2, '0')}`;
    const at = (n: number) => `${p}_q${String(n).padStart(2, '0')}`;
    survey.addRow([
      'begin group',
      p,
      `ตอนที่ ${g} ความคิดเห็นต่อบริการ`,
      `Part ${g}: views on the service`,
      '',
      '',
      '',
      g > 1 ? `\${g01_q01} = 'yes'` : '',
    ]);
    survey.addRow(['note', `${p}_intro`, `โปรดตอบทุกข้อในตอนที่ ${g}`, `Please answer every question of part ${g}`]);
    for (let n = 1; n <= GROUP_ROWS - 3; n++) {
      const name = at(n);
      const kind = n % 9;
      const th = `คำถามข้อ ${g}.${n} ท่านได้รับบริการจากสำนักงานอย่างไร`;
      const en = `Question ${g}.${n}: how were you served by the office?`;
      const hintTh = rng() < 0.5 ? 'เลือกคำตอบที่ตรงกับท่านมากที่สุด' : '';
      const hintEn = hintTh ? 'Choose the answer closest to you' : '';
      const required = rng() < 0.6 ? 'yes' : '';
      const relevant = n > 2 && rng() < 0.3 ? `\${${at(1)}} = 'yes'` : '';
      switch (kind) {
        case 1:
          survey.addRow(['select_one yes_no', name, th, en, hintTh, hintEn, 'yes']);
          break;
        case 2:
          survey.addRow(['select_one agree5', name, th, en, hintTh, hintEn, required, relevant]);
          break;
        case 3:
          survey.addRow(['select_multiple channels', name, th, en, hintTh, hintEn, required, relevant]);
          break;
        case 4:
          survey.addRow([
            'integer',
            name,
            'อายุ (ปี)',
            'Age (years)',
            hintTh,
            hintEn,
            required,
            relevant,
            '. >= 15 and . <= 99',
            'อายุต้องอยู่ระหว่าง 15 ถึง 99 ปี',
            'Age must be from 15 to 99',
          ]);
          break;
        case 5:
          survey.addRow([
            'decimal',
            name,
            'ค่าใช้จ่ายในการเดินทาง (บาท)',
            'Travel cost (baht)',
            hintTh,
            hintEn,
            required,
            relevant,
            '. >= 0',
            'ต้องไม่ติดลบ',
            'Must not be negative',
          ]);
          break;
        case 6:
          survey.addRow([
            'date',
            name,
            'วันที่มาติดต่อ',
            'Date of the visit',
            hintTh,
            hintEn,
            required,
            relevant,
            ". >= '2024-01-01'",
            'ตั้งแต่ 1 มกราคม 2567',
            'From 1 January 2024',
          ]);
          break;
        case 7:
          survey.addRow([
            `select_one ${rng() < 0.5 ? 'province' : 'district'}`,
            name,
            th,
            en,
            hintTh,
            hintEn,
            required,
            relevant,
          ]);
          break;
        case 8:
          survey.addRow(['select_one occupation', name, th, en, hintTh, hintEn, required, relevant]);
          break;
        default:
          survey.addRow([
            'text',
            name,
            'ข้อเสนอแนะเพิ่มเติม',
            'Further suggestions',
            hintTh,
            hintEn,
            '',
            `\${${at(1)}} = 'no' or \${${at(2)}} = '1'`,
          ]);
      }
    }
    survey.addRow(['end group', p]);
  }
  const choices = workbook.addWorksheet('choices');
  choices.addRow(['list_name', 'name', TH, EN]);
  for (const [list, options] of Object.entries(LISTS))
    for (const [value, th, en] of options) choices.addRow([list, value, th, en]);
  const settings = workbook.addWorksheet('settings');
  settings.addRow(['form_id', 'form_title', 'version', 'default_language']);
  settings.addRow([formId, 'แบบสำรวจความพึงพอใจต่อการให้บริการ (ทดสอบ 1,000 แถว)', '3', 'Thai (th)']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Figure {
  label: string;
  coldMs: number;
  p50Ms: number;
  p95Ms: number;
  runs: number[];
}

const figure = (label: string, times: number[]): Figure => {
  const [cold = Number.NaN, ...warm] = times;
  return { label, coldMs: cold, p50Ms: median(warm), p95Ms: percentile(warm, 95), runs: times };
};

async function timeImport(url: string, token: string, bytes: Buffer, publish: boolean): Promise<number> {
  const started = performance.now();
  const r = await fetch(`${url}/api/v1/surveys/import${publish ? '?publish=1' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': XLSX },
    body: new Uint8Array(bytes),
  });
  const body = (await r.json()) as { status?: string; problems?: unknown };
  const ms = performance.now() - started;
  const expected = publish ? 'published' : 'checked';
  if (r.status !== 200 || body.status !== expected)
    throw new Error(`import answered ${r.status} ${JSON.stringify(body).slice(0, 500)}`);
  return ms;
}

function timeCli(dataDir: string, file: string, publish: boolean): number {
  const started = performance.now();
  execFileSync(
    process.execPath,
    [join(ROOT, 'bin/siang.js'), 'survey', 'import', file, ...(publish ? ['--publish'] : [])],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return performance.now() - started;
}

export async function run(): Promise<BenchResult> {
  buildAll();
  const work = mkdtempSync(join(tmpdir(), 'siang-bench-xlsform-'));
  const dataDir = join(work, 'data');
  // Every published run gets its own form id, so each one writes a new survey (the same form
  // again would be "unchanged", which writes nothing).
  const publishIds = Array.from({ length: RUNS + 1 }, (_, i) => `bench_form_${i + 1}`);
  const big = await generatedXlsform('bench_form');
  const bigForPublish = await Promise.all(publishIds.map((id) => generatedXlsform(id)));
  const bigFile = join(work, 'bench_form.xlsx');
  writeFileSync(bigFile, big);
  const checked = await convertXlsform(big);
  if (!checked.survey)
    throw new Error(`the generated form is refused: ${JSON.stringify(checked.problems.slice(0, 5))}`);
  const sections = checked.survey.sections.length;
  const questions = checked.survey.sections.reduce((n, s) => n + s.questions.length, 0);
  const options = Object.values(LISTS).reduce((n, l) => n + l.length, 0);

  const db = await openPglite(dataDir);
  let token: string;
  try {
    await migrate(db);
    token = await createApiToken(db, { name: 'bench', role: 'admin' });
  } finally {
    await db.close();
  }
  const server = await startServer({ dataDir, env: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' } });
  const figures: Figure[] = [];
  const reference: Figure[] = [];
  try {
    const checkTimes: number[] = [];
    for (let i = 0; i <= RUNS; i++) checkTimes.push(await timeImport(server.url, token, big, false));
    figures.push(figure('POST /api/v1/surveys/import (check only)', checkTimes));
    const publishTimes: number[] = [];
    for (const bytes of bigForPublish) publishTimes.push(await timeImport(server.url, token, bytes, true));
    figures.push(figure('POST /api/v1/surveys/import?publish=1', publishTimes));
    for (const name of FIXTURES) {
      const bytes = readFileSync(join(ROOT, `test/fixtures/xlsform/${name}.xlsx`));
      const times: number[] = [];
      for (let i = 0; i <= RUNS; i++) times.push(await timeImport(server.url, token, bytes, false));
      reference.push(figure(`${name}.xlsx (${kb(bytes.length)})`, times));
    }
    // The command line, with the server running: checking reads the file in the command itself;
    // `--publish` publishes through the server's control socket.
    const cliCheck: number[] = [];
    for (let i = 0; i <= 3; i++) cliCheck.push(timeCli(dataDir, bigFile, false));
    figures.push(figure('siang survey import FILE (check only, process wall time)', cliCheck));
    const cliPublish: number[] = [];
    for (let i = 0; i <= 3; i++) {
      const file = join(work, `cli_${i}.xlsx`);
      writeFileSync(file, await generatedXlsform(`bench_cli_${i}`));
      cliPublish.push(timeCli(dataDir, file, true));
    }
    figures.push(figure('siang survey import FILE --publish (process wall time)', cliPublish));
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }

  const warmMax = Math.max(...figures.slice(0, 2).map((f) => f.p95Ms));
  const budgets: Budget[] = [
    budget('1,000-row XLSForm import, server (p95 of warm runs, slower of check and publish)', warmMax / 1000, 2, 's'),
  ];
  const row = (f: Figure) => [f.label, `${fmt(f.coldMs, 0)} ms`, `${fmt(f.p50Ms, 0)} ms`, `${fmt(f.p95Ms, 0)} ms`];
  const markdown = [
    '### Budgets',
    '',
    budgetTable(budgets),
    '',
    `The budget figure is the p95 of the ${RUNS} warm runs of the slower of the two API figures below`,
    '(check only, and `?publish=1`), timed from sending the request to reading the whole answer.',
    '',
    `The workbook is generated with exceljs (${kb(big.length)}): ${SURVEY_ROWS.toLocaleString('en')} survey rows in`,
    `groups of ${GROUP_ROWS} (begin group, a note, ${GROUP_ROWS - 3} questions, end group): select_one and`,
    'select_multiple from shared lists (77 provinces, 180 districts, …), text, integer and decimal with',
    'constraints and their messages, dates, `relevant` on a third of the questions, labels, hints and',
    `messages in Thai and English; ${options} choice rows; a settings sheet. It imports as ${sections}`,
    `sections and ${questions} questions. The built server runs on a fresh data folder with the embedded`,
    'database; requests carry an admin API token and the `.xlsx` bytes as the body. The first run of',
    'each row is reported apart as cold (for the check row, the first import since the server started:',
    `it starts the reader thread and loads exceljs into it); p50/p95 are over the next ${RUNS}. Each published run has its own form id,`,
    'so each one writes a new survey. The command-line figures are whole process runs of',
    '`node bin/siang.js survey import FILE` (3 warm runs after the cold one) with the server running.',
    '',
    table(['1,000-row XLSForm', 'Cold', 'p50 (warm)', 'p95 (warm)'], figures.map(row)),
    '',
    "pyxform's example workbooks (test/fixtures/xlsform/), check only, for reference:",
    '',
    table(['Workbook', 'Cold', 'p50 (warm)', 'p95 (warm)'], reference.map(row)),
  ].join('\n');
  return { markdown, json: { budgets, figures, reference, workbookBytes: big.length, sections, questions } };
}
