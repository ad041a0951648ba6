// @vitest-environment node
/**
 * A fiscal year's complaint statistics (GET /api/v1/complaints/stats and complaintStats): cases
 * received from 1 October to 30 September on the Bangkok calendar, by type, status and unit, the
 * days to finish and the share finished within the promised time; limited to a supervisor's
 * schools; exported as CSV and XLSX with Thai headers for the annual complaints report.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintStats } from '../../src/core/complaint-cases.js';
import type { Db } from '../../src/server/db/database.js';
import { complaintStats } from '../../src/server/store/complaint-stats.js';
import { type TestDatabase, useBackends } from './backends.js';
import { complaintAnswers } from './fixtures.js';
import { call, responseTo, SCHOOL_X, SCHOOL_Y, type Staff, serverWith, staffOf, storeAll } from './results-helpers.js';

const backends = useBackends();

const at = (school: string | undefined, category: string, completedAt: string) =>
  responseTo(
    'complaint',
    complaintAnswers({ category, topic: category, ...(school ? { concerns: 'school', school } : {}) }),
    completedAt,
  );

/** Fiscal year 2569 runs from 1 October 2025 to 30 September 2026, Bangkok time (UTC+7). */
const C = {
  a: at(SCHOOL_X, 'service_complaint', '2025-10-01T02:00:00.000Z'),
  b: at(undefined, 'compliment', '2025-09-30T18:00:00.000Z'), // 1 October, 01.00 in Bangkok
  c: at(SCHOOL_X, 'suggestion', '2026-03-02T03:00:00.000Z'),
  d: at(undefined, 'information_request', '2026-09-30T16:59:00.000Z'), // 30 September, 23.59
  g: at(SCHOOL_Y, 'staff_conduct', '2025-11-03T03:00:00.000Z'),
  nextYear: at(undefined, 'service_complaint', '2026-09-30T17:00:00.000Z'), // 1 October 2026
  lastYear: at(undefined, 'service_complaint', '2025-09-30T16:00:00.000Z'), // 30 September 2025
};
type Name = keyof typeof C;
const idOf = (n: Name) => C[n].id as string;

describe.each(backends)('complaint statistics, on $name', (backend) => {
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
    await storeAll(db, Object.values(C));
    const patch = async (n: Name, body: Record<string, unknown>, finishedAt?: string) => {
      const r = await call(app, staff.admin, 'PATCH', `/api/v1/complaints/${idOf(n)}`, body);
      expect(r.statusCode, r.body).toBe(200);
      // The day it was answered or closed, as if it happened then.
      if (finishedAt)
        await db.query("UPDATE complaint_events SET at = $2 WHERE response_id = $1 AND kind = 'status'", [
          idOf(n),
          finishedAt,
        ]);
    };
    await patch('a', { assigneeUnit: 'กลุ่มนิเทศ', status: 'answered' }, '2025-10-08T04:00:00.000Z'); // 7 days, due 22 Oct
    await patch('b', { status: 'closed' }, '2025-11-30T04:00:00.000Z'); // 60 days, due 22 Oct: late
    await patch('c', { assigneeUnit: 'กลุ่มนิเทศ', status: 'in_progress' });
    await patch(
      'g',
      { assigneeUnit: 'กลุ่มอำนวยการ', dueOn: '2025-12-01', status: 'answered' },
      '2025-12-01T09:00:00.000Z',
    );
    await patch('nextYear', { status: 'closed' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const EXPECTED: ComplaintStats = {
    fiscalYear: 2569,
    total: 5,
    byType: { complaint: 1, suggestion: 1, compliment: 1, information: 1, misconduct: 1 },
    byStatus: { new: 1, in_progress: 1, answered: 2, closed: 1 },
    byUnit: [
      { unit: 'กลุ่มนิเทศ', n: 2 },
      { unit: '', n: 2 },
      { unit: 'กลุ่มอำนวยการ', n: 1 },
    ],
    closed: 3,
    daysToClose: { median: 28, mean: 31.67 },
    withinPromise: { n: 2, of: 3, percent: 66.67 },
  };

  it('counts the cases received in the fiscal year, on the Bangkok calendar', async () => {
    expect(await complaintStats(db, 2569)).toEqual(EXPECTED);
    const r = await call(app, staff.supervisor, 'GET', '/api/v1/complaints/stats?fiscalYear=2569');
    expect([r.statusCode, r.json()]).toEqual([200, EXPECTED]);
    expect(await complaintStats(db, 2570)).toMatchObject({ total: 1, closed: 1, byStatus: { closed: 1 } });
    expect(await complaintStats(db, 2568)).toMatchObject({ total: 1, byStatus: { new: 1 } });
  });

  it('a year with no cases has zeros and no averages', async () => {
    expect(await complaintStats(db, 2560)).toEqual({
      fiscalYear: 2560,
      total: 0,
      byType: { complaint: 0, suggestion: 0, compliment: 0, information: 0, misconduct: 0 },
      byStatus: { new: 0, in_progress: 0, answered: 0, closed: 0 },
      byUnit: [],
      closed: 0,
      daysToClose: { median: null, mean: null },
      withinPromise: { n: 0, of: 0, percent: null },
    });
  });

  it("a supervisor limited to school X counts only X's cases", async () => {
    const r = await call(app, staff.limited, 'GET', '/api/v1/complaints/stats?fiscalYear=2569');
    expect(r.json()).toMatchObject({ total: 2, byUnit: [{ unit: 'กลุ่มนิเทศ', n: 2 }], closed: 1 });
    expect(await complaintStats(db, 2569, [SCHOOL_X])).toEqual(r.json());
  });

  it('exports CSV and XLSX with Thai headers, named by their kind and year', async () => {
    const csv = await call(app, staff.admin, 'GET', '/api/v1/complaints/stats?fiscalYear=2569&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="complaint-stats-2569.csv"');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const lines = csv.body.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toContain('ปีงบประมาณ พ.ศ. 2569');
    expect(lines[1]).toBe('หัวข้อ,รายการ,จำนวน (เรื่อง),ร้อยละ');
    expect(lines).toContain('ประเภท,แจ้งเบาะแสการทุจริต/ประพฤติมิชอบ,1,20');
    expect(lines).toContain('หน่วยงานที่รับผิดชอบ,ยังไม่มอบหมาย,2,40');
    expect(lines).toContain('ผลการดำเนินการ,แล้วเสร็จภายในเวลาที่กำหนด,2,66.67');
    const xlsx = await call(app, staff.admin, 'GET', '/api/v1/complaints/stats?fiscalYear=2569&format=xlsx&lang=en');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="complaint-stats-2569.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[1]).toEqual(['Section', 'Item', 'Cases', 'Percent']);
    expect(rows).toContainEqual(['Days to finish', 'Median', 28]);
  });

  it('refuses a missing or odd fiscal year or format, and API tokens', async () => {
    for (const query of ['', 'fiscalYear=2026', 'fiscalYear=2569&fiscalYear=2570', 'fiscalYear=2569&format=pdf']) {
      const r = await call(app, staff.admin, 'GET', `/api/v1/complaints/stats?${query}`);
      expect([query, r.statusCode]).toEqual([query, 400]);
    }
    expect((await call(app, staff.token, 'GET', '/api/v1/complaints/stats?fiscalYear=2569')).statusCode).toBe(403);
    expect((await call(app, null, 'GET', '/api/v1/complaints/stats?fiscalYear=2569')).statusCode).toBe(401);
  });
});
