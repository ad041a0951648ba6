// @vitest-environment node
/**
 * The annual participation report (ITA o25) on both databases: its four parts are filled from the
 * data (responses and their channels, school targets, approved activities, open answers,
 * complaints, improvement actions), a limited supervisor's report counts only their schools, the
 * HTML has every part on A4 with page numbers, and the DOCX opens as a Word file with the text of
 * every part, real tables, an A4 page, a page number in the footer, the emblem and the chart. The
 * emblem and the ITA items are the office's data, written by administrators only.
 */
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnualReport } from '../../src/core/annual-report.js';
import { newId } from '../../src/core/ids.js';
import type { Db } from '../../src/server/db/database.js';
import { type TestDatabase, useBackends } from './backends.js';
import { complaintAnswers, stakeholderAnswers } from './fixtures.js';
import {
  call,
  getJson,
  responseTo,
  SCHOOL_X,
  SCHOOL_Y,
  type Staff,
  serverWith,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

/** A 2 × 1 PNG (the emblem). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGNgYGD4z8DAwMAAAA4AAf8Ax2sAAAAASUVORK5CYII=',
  'base64',
);
const SURVEY = 'stakeholder-satisfaction';
const URL = `/api/v1/surveys/${SURVEY}/report?fiscalYear=2570`;
const SUGGESTION = 'ขอให้เพิ่มช่องทางออนไลน์';

/** Responses of fiscal year 2570: 8 at school X, 6 at school Y; some by kiosk. */
function responses() {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 14; i++) {
    const x = i < 8;
    const answers = stakeholderAnswers({
      group: i % 2 ? 'parent' : 'teacher',
      gender: i % 3 ? 'female' : 'male',
      school: x ? SCHOOL_X : SCHOOL_Y,
      inform_1: { expectation: 5, satisfaction: i % 2 ? 2 : 3 },
      service_1: { expectation: 3, satisfaction: 5 },
      suggestions: i < 3 ? `  ${SUGGESTION} ` : i === 3 ? 'ครูควรได้รับการอบรมเพิ่ม' : '',
    });
    out.push(responseTo(SURVEY, answers, `2026-11-${String(10 + i).padStart(2, '0')}T03:00:00.000Z`));
  }
  return out;
}

describe.each(backends)('the annual participation report, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  const actionId = newId();
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    const stored = responses();
    await storeAll(db, stored);
    await db.query("UPDATE responses SET source = 'kiosk' WHERE id = ANY($1::uuid[])", [
      stored.slice(0, 5).map((r) => r.id),
    ]);
    await db.query("UPDATE responses SET source = 'link' WHERE source IS NULL AND survey_id = $1", [SURVEY]);
    // Complaints: one closed within its due date, one new.
    const complaints = [
      responseTo('complaint', complaintAnswers({ category: 'service_complaint' }), '2026-12-01T02:00:00.000Z'),
      responseTo('complaint', complaintAnswers(), '2026-12-02T02:00:00.000Z'),
    ];
    await storeAll(db, complaints);
    await db.query(
      `INSERT INTO complaint_handling (response_id, status, case_type, assignee_unit, due_on, closed_at, updated_by)
       VALUES ($1::uuid, 'closed', 'complaint', 'กลุ่มอำนวยการ', '2026-12-20', '2026-12-05T02:00:00Z', 'admin')`,
      [complaints[0]?.id],
    );
    expect(
      (
        await call(app, staff.admin, 'PUT', `/api/v1/surveys/${SURVEY}/targets`, [
          { school: SCHOOL_X, population: 100 },
          { school: SCHOOL_Y, population: 50 },
        ])
      ).statusCode,
    ).toBe(200);
    await db.query(
      `INSERT INTO activities (id, fiscal_year, held_on, title, place, level, groups, participants, recorded_by,
         recorded_at, sent_by, content_hash, approved_by, approved_position, approved_at)
       VALUES ($1::uuid, 2570, '2026-12-10', 'ประชุมรับฟังความคิดเห็นผู้ปกครอง', 'หอประชุม', 'consult', '{parent}',
         '{"parent": 34, "teacher": 12}', 'ครู', now(), 'admin', 'h1', 'ผอ.', 'ผู้อำนวยการ', now()),
         ($2::uuid, 2570, '2026-12-11', 'กิจกรรมที่ยังไม่อนุมัติ', '', 'inform', '{}', '{"parent": 99}', 'ครู', now(),
         'admin', 'h2', NULL, NULL, NULL)`,
      [newId(), newId()],
    );
    await db.query(
      `INSERT INTO improvement_actions (id, fiscal_year, title, description, owner, starts_on, ends_on, status,
         progress, created_by, updated_by)
       VALUES ($1::uuid, 2570, 'เพิ่มช่องทางรับเรื่องออนไลน์', 'เปิดแบบฟอร์มออนไลน์', 'กลุ่มส่งเสริมการศึกษาทางไกล',
         '2027-01-01', '2027-03-31', 'in_progress', 40, 'admin', 'admin')`,
      [actionId],
    );
    await db.query(
      `INSERT INTO action_milestones (id, action_id, position, title, due_on, done_on) VALUES
         ($1::uuid, $3::uuid, 1, 'ออกแบบแบบฟอร์ม', '2027-01-31', '2027-01-20'),
         ($2::uuid, $3::uuid, 2, 'เปิดใช้งาน', '2027-03-31', NULL)`,
      [newId(), newId(), actionId],
    );
    await db.query(`INSERT INTO action_findings (action_id, finding_key, finding) VALUES ($1::uuid, $2, $3::jsonb)`, [
      actionId,
      `gap:${SURVEY}:inform_1`,
      JSON.stringify({ label: 'ข้อ 1 ผลต่าง −2.50' }),
    ]);
    const office = await getJson(app, staff.admin, '/api/v1/office');
    const saved = await call(app, staff.admin, 'PUT', '/api/v1/office', {
      ...office,
      report: {
        reporter: { name: 'นางสาวรายงาน ตัวอย่าง', position: 'นักวิเคราะห์นโยบายและแผน' },
        director: { name: 'นายผู้อำนวยการ ตัวอย่าง', position: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา' },
      },
    });
    expect(saved.statusCode).toBe(200);
    const emblem = await call(app, staff.admin, 'PUT', '/api/v1/office/emblem', { data: PNG.toString('base64') });
    expect(emblem.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('fills the four parts of the JSON model from the data', async () => {
    const r = await getJson<AnnualReport>(app, staff.supervisor, URL);
    expect(r.fiscalYear).toBe(2570);
    expect(r.ita).toMatchObject({ code: 'o25', seeded: true });
    expect(r.office.emblem).toBe(true);
    expect(r.office.signatures.director.position).toBe('ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา');
    // Part 1: method.
    expect(r.part1.instrument.version).toBe(1);
    expect(r.part1.scale.labels).toHaveLength(5);
    expect(r.part1.bands[0]).toEqual({ level: 5, from: 4.51, to: 5 });
    expect(r.part1.sample).toMatchObject({ population: 150, collected: 14, schools: 2 });
    expect(r.part1.sample.required).toBeGreaterThan(0);
    expect(r.part1.collection.first).toBe('2026-11-10T03:00:00.000Z');
    expect(r.part1.collection.last).toBe('2026-11-23T03:00:00.000Z');
    expect(r.part1.channels).toEqual([
      { channel: 'link', n: 9 },
      { channel: 'kiosk', n: 5 },
    ]);
    expect(r.part1.levels).toEqual(['inform', 'consult', 'involve', 'collaborate', 'empower']);
    // Part 2: who took part.
    expect(r.part2.total).toBe(14);
    const group = r.part2.profile.find((p) => p.questionId === 'group');
    expect(group?.options.find((o) => o.value === 'parent')).toMatchObject({ count: 7, percent: 50 });
    // Every school of the survey's list is there, those at zero too.
    expect(r.part2.bySchool.filter((s) => s.n).map((s) => [s.key, s.n])).toEqual(
      [
        [SCHOOL_X, 8],
        [SCHOOL_Y, 6],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'th')),
    );
    expect(r.part2.bySchool.length).toBeGreaterThan(2);
    expect(r.part2.bySchool.filter((s) => !s.n).every((s) => s.n === 0)).toBe(true);
    const consult = r.part2.activities.find((a) => a.level === 'consult');
    expect(consult).toMatchObject({ attendance: 46 });
    expect(consult?.items[0]?.title).toBe('ประชุมรับฟังความคิดเห็นผู้ปกครอง');
    // The activity not yet approved is not reported.
    expect(r.part2.activities.find((a) => a.level === 'inform')?.items).toEqual([]);
    // Part 3: results.
    expect(r.part3.items).toHaveLength(21);
    const inform1 = r.part3.items.find((i) => i.question === 'inform_1');
    expect(inform1).toMatchObject({ code: '1', gap: -2.5 });
    expect(r.part3.ipa.points).toHaveLength(21);
    expect(r.part3.ipa.points.find((p) => p.question === 'inform_1')?.quadrant).toBe('concentrate');
    expect(r.part3.ipa.points.find((p) => p.question === 'service_1')?.quadrant).toBe('overkill');
    const suggestions = r.part3.suggestions.find((s) => s.question === 'suggestions');
    expect(suggestions).toMatchObject({ answered: 4, others: 0 });
    expect(suggestions?.topics[0]).toEqual({ text: SUGGESTION, n: 3 });
    expect(r.part3.complaints).toMatchObject({
      fiscalYear: 2570,
      total: 2,
      closed: 1,
      byType: { complaint: 1, suggestion: 1 },
      byStatus: { closed: 1, new: 1 },
      withinPromise: { n: 1, of: 1, percent: 100 },
    });
    expect(r.part3.complaints.daysToClose.median).toBe(4);
    // Part 4: the actions, not free text.
    expect(r.part4.actions).toEqual([
      expect.objectContaining({
        title: 'เพิ่มช่องทางรับเรื่องออนไลน์',
        status: 'in_progress',
        progress: 40,
        startsOn: '2027-01-01',
        milestones: [
          { title: 'ออกแบบแบบฟอร์ม', dueOn: '2027-01-31', doneOn: '2027-01-20' },
          { title: 'เปิดใช้งาน', dueOn: '2027-03-31', doneOn: null },
        ],
        findings: [{ key: `gap:${SURVEY}:inform_1`, label: 'ข้อ 1 ผลต่าง −2.50' }],
      }),
    ]);
    expect(r.part4.addendum).toBeNull();
  });

  it("a supervisor limited to one school reads that school's report and may not ask for another", async () => {
    const mine = await getJson<AnnualReport>(app, staff.limited, URL);
    expect(mine.schools).toEqual([SCHOOL_X]);
    expect(mine.part2.total).toBe(8);
    expect(mine.part2.bySchool.map((s) => s.key)).toEqual([SCHOOL_X]);
    expect((await call(app, staff.limited, 'GET', `${URL}&school=${encodeURIComponent(SCHOOL_Y)}`)).statusCode).toBe(
      403,
    );
    expect((await call(app, null, 'GET', URL)).statusCode).toBe(401);
  });

  it('the HTML is one A4 document with every part, the emblem, page numbers and the signature block', async () => {
    const r = await call(app, staff.supervisor, 'GET', `${URL}&format=html`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const html = r.body;
    for (const part of [1, 2, 3, 4]) expect(html).toContain(`<section data-part="${part}">`);
    expect(html).toContain('size: A4 portrait');
    expect(html).toContain('counter(page)');
    expect(html).toContain('data:image/png;base64,');
    // The words as a reader sees them (Thai compounds sit in spans that keep them on one line).
    const words = html.replace(/<span class="w">|<\/span>/g, '');
    expect(html).toContain('<span class="w">มีส่วนร่วม</span>');
    expect(words).toContain('o25 การเปิดโอกาสให้เกิดการมีส่วนร่วม');
    expect(words).toContain('ตารางที่ 1');
    expect(html).toContain('data-chart="ipa"');
    expect(words).toContain('ควรเร่งปรับปรุง');
    expect(words).toContain(SUGGESTION);
    expect(words).toContain('เพิ่มช่องทางรับเรื่องออนไลน์');
    expect(words).toContain('นายผู้อำนวยการ ตัวอย่าง');
    expect(words).toContain('ประชุมรับฟังความคิดเห็นผู้ปกครอง');
    const en = (await call(app, staff.supervisor, 'GET', `${URL}&format=html&lang=en`)).body;
    expect(en).toContain('Part 4. How the results were used');
  });

  it('the DOCX opens as an A4 Word file with the text of every part, tables, a page number, the emblem and the chart', async () => {
    const r = await call(app, staff.supervisor, 'GET', `${URL}&format=docx`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.headers['content-disposition']).toContain('.docx');
    const zip = await JSZip.loadAsync(r.rawPayload);
    const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = doc.replace(/<[^>]+>/g, '');
    for (const words of [
      'ส่วนที่ 1 ประเด็นและวิธีการมีส่วนร่วม',
      'ส่วนที่ 2 ผู้มีส่วนร่วม',
      'ส่วนที่ 3 ผลการมีส่วนร่วม',
      'ส่วนที่ 4 การนำผลการมีส่วนร่วมไปปรับปรุงการดำเนินงาน',
      'o25 การเปิดโอกาสให้เกิดการมีส่วนร่วม',
      'เกณฑ์ของบุญชม ศรีสะอาด',
      'ประชุมรับฟังความคิดเห็นผู้ปกครอง',
      SUGGESTION,
      'เพิ่มช่องทางรับเรื่องออนไลน์',
      'นางสาวรายงาน ตัวอย่าง',
      'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา',
    ])
      expect(text).toContain(words);
    expect((doc.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toContain('<w:tblHeader/>');
    const footers = Object.keys(zip.files).filter((f) => /^word\/footer\d*\.xml$/.test(f));
    const footer = (await Promise.all(footers.map((f) => zip.file(f)?.async('string')))).join('');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
    expect(Object.keys(zip.files).some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true);
    expect(Object.keys(zip.files).some((f) => /^word\/charts\/chart\d+\.xml$/.test(f))).toBe(true);
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    expect(styles).toContain('TH Sarabun New');
    expect(styles).toContain('w:val="32"');
  });

  it('the emblem is a PNG or JPEG of at most 1 MiB, told by its content, and only administrators change it', async () => {
    const got = await call(app, staff.supervisor, 'GET', '/api/v1/office/emblem');
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.rawPayload, PNG)).toBe(0);
    const text = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    expect((await call(app, staff.admin, 'PUT', '/api/v1/office/emblem', { data: text })).statusCode).toBe(415);
    const big = Buffer.alloc(1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(
      (await call(app, staff.admin, 'PUT', '/api/v1/office/emblem', { data: big.toString('base64') })).statusCode,
    ).toBe(413);
    const pngData = { data: PNG.toString('base64') };
    expect((await call(app, staff.supervisor, 'PUT', '/api/v1/office/emblem', pngData)).statusCode).toBe(403);
    expect((await call(app, staff.supervisor, 'DELETE', '/api/v1/office/emblem')).statusCode).toBe(403);
    expect((await call(app, staff.admin, 'DELETE', '/api/v1/office/emblem')).json()).toEqual({ removed: true });
    expect((await call(app, staff.supervisor, 'GET', '/api/v1/office/emblem')).statusCode).toBe(404);
    expect((await getJson<AnnualReport>(app, staff.supervisor, URL)).office.emblem).toBe(false);
    expect((await call(app, staff.admin, 'PUT', '/api/v1/office/emblem', pngData)).statusCode).toBe(200);
  });

  it('ITA codes are data per fiscal year: seeded defaults, edited by an administrator, printed on the cover', async () => {
    const seeded = await getJson<{ items: unknown[] }>(app, staff.supervisor, '/api/v1/ita-items?fiscalYear=2569');
    expect(seeded.items).toEqual([
      {
        code: 'o25',
        title: { th: 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', en: 'Opening opportunities for participation' },
        purpose: 'participation',
        seeded: true,
      },
    ]);
    const items = [
      { code: 'o12', title: { th: 'การเปิดโอกาสให้เกิดการมีส่วนร่วม (ปีใหม่)', en: '' }, purpose: 'participation' },
      { code: 'o1', title: { th: 'โครงสร้าง', en: 'Structure' }, purpose: '' },
    ];
    expect((await call(app, staff.supervisor, 'PUT', '/api/v1/ita-items?fiscalYear=2570', { items })).statusCode).toBe(
      403,
    );
    const bad = [{ ...items[0], code: 'no code!' }];
    expect((await call(app, staff.admin, 'PUT', '/api/v1/ita-items?fiscalYear=2570', { items: bad })).statusCode).toBe(
      400,
    );
    const saved = await call(app, staff.admin, 'PUT', '/api/v1/ita-items?fiscalYear=2570', { items });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().items).toHaveLength(2);
    const r = await getJson<AnnualReport>(app, staff.supervisor, URL);
    expect(r.ita).toMatchObject({ code: 'o12', seeded: false });
    // A year with no items of its own carries the latest earlier year's forward.
    const later = await getJson<AnnualReport>(
      app,
      staff.supervisor,
      `/api/v1/surveys/${SURVEY}/report?fiscalYear=2571`,
    );
    expect(later.ita?.code).toBe('o12');
  });

  it('a signer with no position set has the role printed once, in the HTML and in the DOCX', async () => {
    const office = await getJson<Record<string, unknown>>(app, staff.admin, '/api/v1/office');
    const report = office.report;
    const unset = { reporter: { name: '', position: '' }, director: { name: '', position: '' } };
    expect((await call(app, staff.admin, 'PUT', '/api/v1/office', { ...office, report: unset })).statusCode).toBe(200);
    try {
      const html = (await call(app, staff.supervisor, 'GET', `${URL}&format=html`)).body;
      const signatures = html.slice(html.indexOf('<div class="signatures">'));
      expect(signatures.split('ผู้รายงาน').length - 1).toBe(1);
      expect(signatures.split('ผู้อำนวยการ<').length - 1).toBe(1);
      const r = await call(app, staff.supervisor, 'GET', `${URL}&format=docx`);
      const doc = (await (await JSZip.loadAsync(r.rawPayload)).file('word/document.xml')?.async('string')) ?? '';
      expect(doc.split('>ผู้รายงาน<').length - 1).toBe(1);
    } finally {
      await call(app, staff.admin, 'PUT', '/api/v1/office', { ...office, report });
    }
  });

  it('the office settings keep the signature block when a screen saves without it; the old text stays an addendum', async () => {
    const { report: _report, ...office } = await getJson<Record<string, unknown>>(app, staff.admin, '/api/v1/office');
    expect((await call(app, staff.admin, 'PUT', '/api/v1/office', office)).statusCode).toBe(200);
    const after = await getJson<{ report?: { reporter: { name: string } } }>(app, staff.admin, '/api/v1/office');
    expect(after.report?.reporter.name).toBe('นางสาวรายงาน ตัวอย่าง');
    await call(app, staff.admin, 'PUT', `/api/v1/surveys/${SURVEY}/report?fy=2570`, { usage: 'บันทึกเพิ่มเติม' });
    expect((await getJson<AnnualReport>(app, staff.supervisor, URL)).part4.addendum).toBe('บันทึกเพิ่มเติม');
    expect(
      (await getJson<{ usage: string }>(app, staff.supervisor, `/api/v1/surveys/${SURVEY}/report?fy=2570`)).usage,
    ).toBe('บันทึกเพิ่มเติม');
  });
});
