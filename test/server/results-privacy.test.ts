// @vitest-environment node
/**
 * What a supervisor never sees (PDPA): counts of fewer than 5 respondents, figures of a
 * selection of fewer than 5, and personal answers (a complainant's name and phone) outside the
 * complaints inbox. Open answers are searched literally.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { type TestDatabase, useBackends } from './backends.js';
import { complaintAnswers } from './fixtures.js';
import {
  call,
  getJson,
  responseTo,
  SCHOOL_X,
  SCHOOL_Y,
  type Staff,
  serverWith,
  stakeholderResponse,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

const NAME = 'สมชาย ใจดีมาก';
const PHONE = '0812345678';
const EMAIL = 'somchai@example.org';

/** A complaint about school X from someone who wants a reply. */
function complaintWithContact(over: Record<string, unknown> = {}, at = '2025-11-21T03:00:00.000Z') {
  const answers = complaintAnswers({
    concerns: 'school',
    school: SCHOOL_X,
    wants_reply: 'yes',
    contact_name: NAME,
    reply_channel: 'phone',
    contact_phone: PHONE,
    ...over,
  });
  return responseTo('complaint', JSON.parse(JSON.stringify(answers)), at);
}

const SUGGESTIONS = [
  'ครูดีมาก พอใจ 100% ครับ',
  'อยากให้เว็บไซต์ใช้ชื่อไฟล์แบบ snake_case',
  'ประชุม 100 ครั้งต่อปี',
  'ชื่อแบบ snakeXcase ก็ได้',
  'ทางเข้า C:\\ ไม่ชัดเจน',
];

describe.each(backends)('what stays hidden from a supervisor, on $name', (backend) => {
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
    // School X: 4 teachers and 3 parents; school Y: 3 teachers. 10 in all.
    const at = (day: number) => `2025-11-${String(day).padStart(2, '0')}T03:00:00.000Z`;
    await storeAll(db, [
      ...[0, 1, 2, 3].map((i) =>
        stakeholderResponse({
          group: 'teacher',
          school: SCHOOL_X,
          at: at(10 + i),
          ...(SUGGESTIONS[i] ? { answers: { suggestions: SUGGESTIONS[i] } } : {}),
        }),
      ),
      ...[0, 1, 2].map((i) => stakeholderResponse({ group: 'parent', school: SCHOOL_X, at: at(15 + i) })),
      ...[0, 1, 2].map((i) =>
        stakeholderResponse({
          group: 'teacher',
          school: SCHOOL_Y,
          at: at(20 + i),
          ...(i === 0 ? { answers: { suggestions: SUGGESTIONS[4] } } : {}),
        }),
      ),
      complaintWithContact(),
      complaintWithContact({ reply_channel: 'email', contact_phone: undefined, contact_email: EMAIL }),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const results = (query = '', who: Staff[keyof Staff] = staff.supervisor) =>
    getJson(app, who, `/api/v1/surveys/stakeholder-satisfaction/results${query ? `?${encodeURI(query)}` : ''}`);

  it('a school with 3 respondents shows as hidden, with no count; a school with 7 shows its count', async () => {
    const r = await results();
    expect(r.total).toBe(10);
    const bySchool = r.bySchool as Record<string, unknown>[];
    expect(bySchool.find((s) => s.key === SCHOOL_X)).toMatchObject({ key: SCHOOL_X, n: 7 });
    const y = bySchool.find((s) => s.key === SCHOOL_Y);
    expect(y).toMatchObject({ key: SCHOOL_Y, hidden: true });
    expect(y).not.toHaveProperty('n');
  });

  it('a group with 3 respondents shows as hidden; teachers (7) show their count', async () => {
    const byGroup = (await results()).byGroup as Record<string, unknown>[];
    expect(byGroup.find((g) => g.key === 'teacher')).toMatchObject({ n: 7, label: { th: 'ครูผู้สอน' } });
    const parents = byGroup.find((g) => g.key === 'parent');
    expect(parents).toMatchObject({ hidden: true });
    expect(parents).not.toHaveProperty('n');
  });

  it('group × school cells follow the same rule: X teachers (4) are hidden when filtered to teachers', async () => {
    const bySchool = (await results('group=teacher')).bySchool as Record<string, unknown>[];
    expect(bySchool.filter((s) => s.key === SCHOOL_X || s.key === SCHOOL_Y).map((s) => [s.key, s.n, s.hidden])).toEqual(
      [
        [SCHOOL_X, undefined, true],
        [SCHOOL_Y, undefined, true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'th')),
    );
    // Under a group filter the schools at zero read the same, so the table does not tell which
    // schools' teachers took part.
    expect(bySchool.every((s) => s.hidden === true && !('n' in s))).toBe(true);
  });

  it('with fewer than 5 respondents in the selection, no x̄, S.D., ร้อยละ, level, frequency or gap is shown', async () => {
    const r = await results(`school=${SCHOOL_Y}`);
    const shown = ['mean', 'sd', 'percent', 'level', 'distribution'];
    const figures = [
      ...(r.items as Record<string, Record<string, unknown>>[]).flatMap((i) => [i.expectation, i.satisfaction]),
      ...(r.dimensions as Record<string, Record<string, unknown>>[]).flatMap((d) => [d.expectation, d.satisfaction]),
      (r.overall as Record<string, Record<string, unknown>>).expectation,
      (r.overall as Record<string, Record<string, unknown>>).satisfaction,
    ];
    expect(figures).toHaveLength(21 * 2 + 5 * 2 + 2);
    for (const f of figures) for (const key of shown) expect(f).not.toHaveProperty(key);
    for (const x of [...(r.items as object[]), ...(r.dimensions as object[]), r.overall as object])
      expect(x).not.toHaveProperty('gap');
  });

  it('with 5 or more respondents the figures are shown', async () => {
    const r = await results(`school=${SCHOOL_X}`);
    expect(r.total).toBe(7);
    expect((r.overall as { satisfaction: Record<string, unknown> }).satisfaction).toMatchObject({
      n: 7,
      mean: 3,
      level: 3,
    });
  });

  it('a school with 3 respondents: filtering to it does not reveal the count through total, n or days', async () => {
    const r = await results(`school=${SCHOOL_Y}`);
    const counts = [
      r.total,
      ...(r.items as { satisfaction: { n: number } }[]).map((i) => i.satisfaction.n),
      (r.byDay as { n: number }[]).reduce((a, d) => a + d.n, 0),
    ];
    expect(counts).not.toContain(3);
  });

  describe('open answers', () => {
    const open = async (q: string, who: Staff[keyof Staff] = staff.supervisor) =>
      getJson<{ total: number; answers: { question: string; text: string; completedAt: string }[] }>(
        app,
        who,
        `/api/v1/surveys/stakeholder-satisfaction/open-answers?q=${encodeURIComponent(q)}`,
      );

    it('searching "%" finds only the answer with a percent sign', async () => {
      expect((await open('%')).answers.map((a) => a.text)).toEqual([SUGGESTIONS[0]]);
    });

    it('searching "_" finds only the answer with an underscore, not every answer', async () => {
      expect((await open('_')).answers.map((a) => a.text)).toEqual([SUGGESTIONS[1]]);
      expect((await open('e_c')).answers.map((a) => a.text)).toEqual([SUGGESTIONS[1]]);
    });

    it('searching "100%" and a backslash match literally; case does not matter', async () => {
      expect((await open('100%')).answers.map((a) => a.text)).toEqual([SUGGESTIONS[0]]);
      expect((await open('C:\\')).answers.map((a) => a.text)).toEqual([SUGGESTIONS[4]]);
      expect((await open('SNAKE_CASE')).answers.map((a) => a.text)).toEqual([SUGGESTIONS[1]]);
    });

    it('every open answer is listed newest first, with its question and time but not who gave it', async () => {
      const all = await open('');
      expect(all.total).toBe(5);
      expect(all.answers.map((a) => a.text)).toEqual([
        SUGGESTIONS[4],
        SUGGESTIONS[3],
        SUGGESTIONS[2],
        SUGGESTIONS[1],
        SUGGESTIONS[0],
      ]);
      expect(Object.keys(all.answers[0] ?? {}).sort()).toEqual(['completedAt', 'question', 'text']);
    });

    it("a supervisor limited to school X reads only X's open answers", async () => {
      const mine = await open('', staff.limited);
      expect(mine.answers.map((a) => a.text).sort()).toEqual(SUGGESTIONS.slice(0, 4).sort());
      const other = await call(
        app,
        staff.limited,
        'GET',
        `/api/v1/surveys/stakeholder-satisfaction/open-answers?school=${encodeURIComponent(SCHOOL_Y)}`,
      );
      expect(other.statusCode).toBe(403);
    });
  });

  describe("a complainant's name, phone and e-mail", () => {
    const leaks = (text: string) => [NAME, PHONE, EMAIL].filter((secret) => text.includes(secret));

    it('never appear in the results of the complaint form', async () => {
      const r = await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/results');
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ hidden: true }); // 2 complaints: fewer than 5
      expect(leaks(r.body)).toEqual([]);
    });

    it('never appear in open answers, even when searched for', async () => {
      const all = await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/open-answers');
      expect(all.json()).toMatchObject({ total: 4 }); // topic and description of 2 complaints
      expect(leaks(all.body)).toEqual([]);
      for (const q of [NAME, PHONE, EMAIL, 'สมชาย']) {
        const found = await call(
          app,
          staff.admin,
          'GET',
          `/api/v1/surveys/complaint/open-answers?q=${encodeURIComponent(q)}`,
        );
        expect(found.json()).toEqual({ total: 0, answers: [] });
      }
      const asked = await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/open-answers?question=contact_name');
      expect(asked.json()).toEqual({ total: 0, answers: [] });
    });

    it.each(['csv', 'json'])('never appear in the %s export, with codes or with labels', async (format) => {
      for (const labels of ['', '&labels=labels', '&labels=labels&lang=en']) {
        const r = await call(app, staff.admin, 'GET', `/api/v1/surveys/complaint/responses?format=${format}${labels}`);
        expect(r.statusCode).toBe(200);
        expect(r.body).toContain('ถนนหน้าโรงเรียนมืด');
        expect(leaks(r.body)).toEqual([]);
        expect(r.body).not.toContain('contact_name');
      }
    });

    it('never appear in the XLSX export', async () => {
      const r = await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/responses?format=xlsx&labels=labels');
      expect(r.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value)))));
      expect(cells.join('\n')).toContain('ถนนหน้าโรงเรียนมืด');
      expect(leaks(cells.join('\n'))).toEqual([]);
    });

    it('are shown in the complaints inbox, to signed-in staff', async () => {
      const r = await call(app, staff.admin, 'GET', '/api/v1/complaints');
      expect(r.statusCode).toBe(200);
      expect(leaks(r.body).sort()).toEqual([NAME, PHONE, EMAIL].sort());
    });

    it('stay out of the JSON export after a new version of the form renames the question', async () => {
      const v1 = shippedSurveys().find((s) => s.id === 'complaint') as SurveyDefinition;
      const v2 = JSON.parse(JSON.stringify({ ...v1, version: 2 }).replaceAll('"contact_name"', '"contact_person"'));
      expect((await publishSurvey(db, v2)).status).toBe('published');
      const r = await call(app, staff.admin, 'GET', '/api/v1/surveys/complaint/responses?format=json');
      expect(r.statusCode).toBe(200);
      expect(leaks(r.body)).toEqual([]);
    });
  });
});
