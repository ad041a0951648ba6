/**
 * The rules of "you said, we did" that need no server: the IPA quadrant the chart and the
 * findings share, the default progress of a status, recurring complaint topics, and the progress
 * file read back with the place of every bad cell.
 */
import { describe, expect, it } from 'vitest';
import { type Action, actionsTable, defaultProgress, parseProgressTable } from '../../src/core/actions.js';
import { topicFindings } from '../../src/core/findings.js';
import { ipaCentre, ipaQuadrant } from '../../src/core/ipa.js';
import { TableError } from '../../src/core/table.js';

const ID = '0190a8e0-0000-7000-8000-0000000000ac';
const STEP = '0190a8e0-0000-7000-8000-0000000000ad';
const ACTION: Action = {
  id: ID,
  fiscalYear: 2570,
  title: '=ประกาศผล',
  description: '',
  owner: 'กลุ่มอำนวยการ',
  startsOn: '2026-12-01',
  endsOn: null,
  status: 'planned',
  progress: 0,
  public: false,
  publishedAt: null,
  milestones: [{ id: STEP, title: 'ขั้นที่ 1', dueOn: '2027-01-15', doneOn: null }],
  findings: [],
  updatedAt: '2026-12-01T03:00:00.000Z',
  updatedBy: 'admin',
};

describe('the IPA quadrants', () => {
  it('splits at the mean of the points, a point on a line counting as high', () => {
    const points = [
      { x: 4, y: 2 },
      { x: 2, y: 4 },
      { x: 4, y: 4 },
      { x: 2, y: 2 },
      { x: 3, y: 3 },
    ];
    const centre = ipaCentre(points);
    expect(centre).toEqual({ x: 3, y: 3 });
    expect(points.map((p) => ipaQuadrant(p, centre))).toEqual(['concentrate', 'overkill', 'keep', 'low', 'keep']);
  });
});

describe('default progress', () => {
  it.each([
    ['planned', 40, 0],
    ['in_progress', 0, 10],
    ['in_progress', 40, 40],
    ['in_progress', 100, 10],
    ['done', 40, 100],
    ['delayed', 40, 40],
    ['cancelled', 70, 70],
  ] as const)('%s after %i is %i', (status, previous, expected) => {
    expect(defaultProgress(status, previous)).toBe(expected);
  });
});

describe('recurring complaint topics', () => {
  it('keeps the topics chosen twice or more, most first, with their labels', () => {
    const found = topicFindings(
      { id: 'complaint', title: { th: 'เรื่องร้องเรียน', en: 'Complaints' } },
      [{ value: 'staff_conduct', label: { th: 'พฤติกรรมเจ้าหน้าที่', en: 'Staff conduct' } }],
      [
        { value: 'suggestion', n: 2 },
        { value: 'staff_conduct', n: 3 },
        { value: 'compliment', n: 1 },
      ],
    );
    expect(found.map((f) => [f.key, f.figures, f.label.en])).toEqual([
      ['topic:complaint:staff_conduct', { n: 3, of: 6 }, 'Staff conduct'],
      ['topic:complaint:suggestion', { n: 2, of: 6 }, 'suggestion'],
    ]);
  });
});

describe('the progress file', () => {
  const known = new Map([[ID, { milestones: new Set([STEP]) }]]);
  const table = () => actionsTable([ACTION]).map((r) => [...r]);
  const col = (name: string) => (table()[0] as string[]).indexOf(name);

  it('reads back what the export wrote: status, progress and the done dates', () => {
    const t = table();
    (t[1] as unknown[])[col('status')] = 'in_progress';
    (t[1] as unknown[])[col('progress')] = '45 %';
    (t[2] as unknown[])[col('done_on')] = '46037';
    expect(parseProgressTable(t, known)).toEqual([
      { actionId: ID, status: 'in_progress', progress: 45, milestones: [{ id: STEP, doneOn: '2026-01-15' }] },
    ]);
  });

  it.each([
    [1, 'progress', '12.5', 'not a whole number'],
    [1, 'status', 'เสร็จแล้ว', 'is not one of'],
    [1, 'action_id', '0190a8e0-0000-7000-8000-0000000000ff', 'no action'],
    [2, 'milestone_id', '0190a8e0-0000-7000-8000-0000000000ff', 'has no milestone'],
    [2, 'done_on', '2027-02-30', 'is not a date'],
  ])('refuses row %i column %s = %s with its place', (row, column, value, reason) => {
    const t = table();
    (t[row] as unknown[])[col(column)] = value;
    let error: unknown;
    try {
      parseProgressTable(t, known);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TableError);
    expect(error).toMatchObject({ row: row + 1, column });
    expect((error as Error).message).toContain(reason);
  });
});
