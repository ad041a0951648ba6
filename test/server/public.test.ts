// @vitest-environment node
/**
 * The public page's data on both databases: admins publish a survey's summary of a fiscal year
 * (in the audit log) and the public route shows the staff results' figures with their small-cell
 * suppression; and nothing unpublished leaks: with unpublished and internal values in every
 * table, every GET /api/v1/public/* route of the server's own route table is walked and no
 * response body holds any of them.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '../../src/core/ids.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { storeActivities, storeAttachment } from '../../src/server/store/activities.js';
import { publishSurvey } from '../../src/server/store/surveys.js';
import { type TestDatabase, useBackends } from './backends.js';
import { ROOT } from '../helpers/server.js';
import { aResponse, complaintAnswers } from './fixtures.js';
import { call, responseTo, type Staff, serverWith, stakeholderResponse, staffOf, storeAll } from './results-helpers.js';
import { apiRoutes } from './route-table.js';

const backends = useBackends();

/** Values that must never appear on a public route. */
const SECRETS = {
  unpublishedSurvey: 'LEAK-UNPUBLISHED-SURVEY-TITLE',
  openAnswer: 'LEAK-OPEN-ANSWER',
  excludedReason: 'LEAK-EXCLUSION-REASON',
  complaintPhone: '099-555-0142',
  complaintTopic: 'LEAK-COMPLAINT-TOPIC',
  unpublishedCommittee: 'LEAK-UNPUBLISHED-COMMITTEE',
  memberContact: 'leak-member@example.org',
  privateActivity: 'LEAK-PRIVATE-ACTIVITY',
  unapprovedActivity: 'LEAK-UNAPPROVED-ACTIVITY',
  contributions: 'LEAK-INTERNAL-CONTRIBUTIONS',
  followUp: 'LEAK-INTERNAL-FOLLOW-UP',
  recorder: 'LEAK-RECORDER-NAME',
  privateAttachmentName: 'LEAK-PRIVATE-ATTACHMENT.jpg',
  privateAttachmentBytes: 'LEAKBYTES',
  school: 'LEAK-SCHOOL-NAME',
  draftPlanRow: 'LEAK-DRAFT-PLAN-ROW',
  approvedPlanRow: 'LEAK-APPROVED-UNPUBLISHED-PLAN-ROW',
  planNote: 'LEAK-PLAN-INTERNAL-NOTE',
  planPerson: 'LEAK-PLAN-RESPONSIBLE-PERSON',
  planApprover: 'LEAK-PLAN-APPROVER',
  planApproverPosition: 'LEAK-PLAN-APPROVER-POSITION',
  planProblem: 'LEAK-PLAN-PROGRESS-PROBLEM',
  planDone: 'LEAK-PLAN-PROGRESS-DONE',
  unpublishedAction: 'LEAK-UNPUBLISHED-ACTION',
  unpublishedActionText: 'LEAK-UNPUBLISHED-ACTION-DESCRIPTION',
  unpublishedMilestone: 'LEAK-UNPUBLISHED-MILESTONE',
  actionEditor: 'LEAK-ACTION-EDITOR',
};

/** The public fields of the published improvement action: on the public route. */
const PUBLISHED_ACTION = {
  title: 'ปรับปรุงการแจ้งข่าวสารที่เผยแพร่',
  owner: 'กลุ่มอำนวยการที่เผยแพร่',
  milestone: 'ขั้นตอนที่เผยแพร่',
};

/** The public fields of the published plan row: on the public route. */
const PUBLISHED_PLAN = {
  expectation: 'ความคาดหวังที่เผยแพร่ของผู้ปกครอง',
  practice: 'แนวปฏิบัติที่เผยแพร่',
  indicator: 'ตัวชี้วัดที่เผยแพร่',
  responsibleUnit: 'กลุ่มงานที่รับผิดชอบที่เผยแพร่',
};

const SHIPPED = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;
const HIDDEN_SURVEY: SurveyDefinition = {
  ...SHIPPED,
  id: 'never-summarised',
  title: { th: SECRETS.unpublishedSurvey, en: SECRETS.unpublishedSurvey },
};
const PUBLIC_ACTIVITY = '01900000-0000-7000-8000-0000000000a1';
const PRIVATE_ATTACHMENT = '01900000-0000-7000-8000-0000000000a2';
const PUBLIC_ATTACHMENT = '01900000-0000-7000-8000-0000000000a3';
/** FY 2569 runs 1 Oct 2025 – 30 Sep 2026. */
const IN_2569 = '2025-11-20T03:00:00.000Z';

const activity = (over: Record<string, unknown>) => ({
  id: newId(),
  date: '2025-12-01',
  title: 'ประชุมผู้ปกครอง',
  place: 'ห้องประชุม',
  planRowId: null,
  level: 'consult',
  groups: ['parent'],
  participants: { parent: 12 },
  contributions: SECRETS.contributions,
  summary: 'สรุปสาธารณะ',
  result: 'ผลสาธารณะ',
  followUp: SECRETS.followUp,
  public: true,
  recordedBy: SECRETS.recorder,
  recordedAt: '2025-12-01T08:00:00.000Z',
  attachments: [],
  ...over,
});

/** Puts published and unpublished data of every kind in the database. */
async function seed(app: FastifyInstance, db: Db, staff: Staff): Promise<void> {
  // Counted responses (7 teachers, 2 parents) and 3 excluded ones that would change the figures.
  const counted = [
    ...Array.from({ length: 7 }, () =>
      stakeholderResponse({ group: 'teacher', at: IN_2569, answers: { suggestions: SECRETS.openAnswer } }),
    ),
    ...Array.from({ length: 2 }, () => stakeholderResponse({ group: 'parent', at: IN_2569 })),
  ];
  const excluded = Array.from({ length: 3 }, () =>
    stakeholderResponse({
      group: 'community',
      at: IN_2569,
      answers: Object.fromEntries(
        ['inform_1', 'inform_2', 'service_1'].map((id) => [id, { expectation: 1, satisfaction: 1 }]),
      ),
    }),
  );
  await storeAll(db, [...counted, ...excluded]);
  await db.query(
    `UPDATE responses SET exclusion = 'excluded', exclusion_reason = $2, exclusion_at = now(), exclusion_by = 'admin'
     WHERE id::text = ANY($1::text[])`,
    [excluded.map((r) => r.id), SECRETS.excludedReason],
  );
  await storeAll(db, [
    aResponse({
      answers: complaintAnswers({
        topic: SECRETS.complaintTopic,
        wants_reply: 'yes',
        contact_name: 'นายร้องเรียน',
        reply_channel: 'phone',
        contact_phone: SECRETS.complaintPhone,
      }),
    }),
  ]);
  // A survey with responses whose summary is never published.
  await publishSurvey(db, HIDDEN_SURVEY);
  await storeAll(
    db,
    Array.from({ length: 6 }, () => responseTo(HIDDEN_SURVEY.id, stakeholderResponse().answers as never, IN_2569)),
  );
  // Committees: one published with a member's contact, one unpublished.
  const committee = (name: string, orderPublished: boolean) => ({
    fiscalYear: 2569,
    kind: 'committee',
    name: { th: name, en: name },
    purpose: { th: '', en: '' },
    orderNumber: '1/2569',
    orderDate: null,
    termFrom: null,
    termTo: null,
    orderPublished,
    planRowIds: [],
    members: [
      {
        name: 'นางตัวแทน ผู้ปกครอง',
        role: { th: 'กรรมการ', en: 'Member' },
        group: 'parent',
        organisation: 'เครือข่ายผู้ปกครอง',
        appointedOn: null,
        endedOn: null,
        contact: SECRETS.memberContact,
      },
    ],
  });
  for (const c of [committee('คณะกรรมการที่เผยแพร่', true), committee(SECRETS.unpublishedCommittee, false)])
    expect((await call(app, staff.admin, 'POST', '/api/v1/committees', c)).statusCode).toBe(200);
  // Activities: a public approved one with a public and a private photo, a private one, an unapproved one.
  const sender = { name: 'test', deviceId: null, staff: true };
  await storeActivities(
    db,
    [
      activity({ id: PUBLIC_ACTIVITY }),
      activity({ title: SECRETS.privateActivity, public: false }),
      activity({ title: SECRETS.unapprovedActivity }),
    ] as never,
    sender,
  );
  for (const [id, name, data, pub] of [
    [PUBLIC_ATTACHMENT, 'public.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9]), true],
    [PRIVATE_ATTACHMENT, SECRETS.privateAttachmentName, Buffer.from(SECRETS.privateAttachmentBytes), false],
  ] as const) {
    await storeAttachment(
      db,
      PUBLIC_ACTIVITY,
      id,
      { kind: 'photo', name, takenAt: null, public: pub, data: Buffer.from(data).toString('base64') },
      sender,
      1024,
    );
  }
  await db.query(
    `UPDATE activities SET approved_at = now(), approved_by = 'admin', approved_position = 'ผอ.' WHERE title <> $1`,
    [SECRETS.unapprovedActivity],
  );
  await db.query('UPDATE activity_attachments SET public = (id::text = $1)', [PUBLIC_ATTACHMENT]);
  // The office names a school on the results; the public summary never does.
  await db.query('UPDATE responses SET school = $1 WHERE respondent_group = $2', [SECRETS.school, 'parent']);
  // Only the stakeholder survey's summary of 2569 is published.
  const published = await call(
    app,
    staff.admin,
    'PUT',
    '/api/v1/surveys/stakeholder-satisfaction/public-summaries/2569',
    { items: true },
  );
  expect(published.statusCode).toBe(200);
  await seedActions(app, db, staff);
}

/**
 * Improvement actions of 2569: a published one answering a gap and the private activity's result
 * (whose title must not show), and an unpublished one with internal text; both last changed by a
 * person whose name must not show.
 */
async function seedActions(app: FastifyInstance, db: Db, staff: Staff): Promise<void> {
  const [privateActivity] = await db.query<{ id: string }>('SELECT id::text AS id FROM activities WHERE title = $1', [
    SECRETS.privateActivity,
  ]);
  const save = async (body: Record<string, unknown>) => {
    const r = await call(app, staff.admin, 'POST', '/api/v1/actions', {
      fiscalYear: 2569,
      status: 'in_progress',
      ...body,
    });
    expect(r.statusCode, r.body).toBe(200);
  };
  await save({
    title: PUBLISHED_ACTION.title,
    owner: PUBLISHED_ACTION.owner,
    progress: 45,
    public: true,
    milestones: [{ title: PUBLISHED_ACTION.milestone, dueOn: '2026-01-15', doneOn: null }],
    findings: [{ key: 'gap:stakeholder-satisfaction:inform_1' }, { key: `activity:${privateActivity?.id}` }],
  });
  await save({
    title: SECRETS.unpublishedAction,
    description: SECRETS.unpublishedActionText,
    owner: SECRETS.unpublishedAction,
    milestones: [{ title: SECRETS.unpublishedMilestone, dueOn: null, doneOn: null }],
    findings: [{ key: 'gap:stakeholder-satisfaction:inform_2' }],
  });
  await db.query('UPDATE improvement_actions SET created_by = $1, updated_by = $1', [SECRETS.actionEditor]);
}

/**
 * The plan of 2569: a draft row, an approved row never published, and a published row with an
 * internal note, a responsible person, an approver, evidence and a round's problem and what was
 * done (docs/participation.md "The public plan": none of these is public).
 */
async function seedPlan(app: FastifyInstance, staff: Staff): Promise<void> {
  const start = JSON.parse(readFileSync(join(ROOT, 'src/content/plan/starting-register-2570.json'), 'utf8')) as {
    missions: unknown[];
    groups: unknown[];
    channels: unknown[];
  };
  const channels = await call(app, staff.admin, 'PUT', '/api/v1/register/channels', { channels: start.channels });
  expect(channels.statusCode, channels.body).toBe(200);
  const register = await call(app, staff.admin, 'PUT', '/api/v1/register?fiscalYear=2569', {
    missions: start.missions,
    groups: start.groups,
    matrix: [{ mission: 'M1', group: 'parent', reason: 'ผู้ปกครองได้รับผลจากงานวิชาการโดยตรง' }],
  });
  expect(register.statusCode, register.body).toBe(200);
  const add = async (level: string, expectation: string, practice: string) => {
    const r = await call(app, staff.admin, 'POST', '/api/v1/plan/rows?fiscalYear=2569', {
      mission: 'M1',
      group: 'parent',
      level,
      expectation,
      evidence: 'stakeholder-satisfaction/2569/dimension/inform',
      channels: ['website'],
      frequency: 'per_term',
      practice,
      indicator: { what: PUBLISHED_PLAN.indicator, target: 20, unit: 'ครั้ง', source: 'manual' },
      responsibleUnit: PUBLISHED_PLAN.responsibleUnit,
      responsiblePerson: SECRETS.planPerson,
      note: SECRETS.planNote,
    });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { id: string }).id;
  };
  const published = await add('consult', PUBLISHED_PLAN.expectation, PUBLISHED_PLAN.practice);
  const approvedOnly = await add('involve', SECRETS.approvedPlanRow, SECRETS.approvedPlanRow);
  const approval = { by: SECRETS.planApprover, position: SECRETS.planApproverPosition, date: '2025-10-15' };
  const approved = await call(app, staff.admin, 'POST', '/api/v1/plan/approve', { fiscalYear: 2569, approval });
  expect((approved.json() as { ids: string[] }).ids.sort()).toEqual([published, approvedOnly].sort());
  const shown = await call(app, staff.admin, 'POST', '/api/v1/plan/publish', { fiscalYear: 2569, ids: [published] });
  expect((shown.json() as { ids: string[] }).ids).toEqual([published]);
  const progress = await call(app, staff.admin, 'PUT', `/api/v1/plan/rows/${published}/progress/6`, {
    value: 11,
    problem: SECRETS.planProblem,
    done: SECRETS.planDone,
  });
  expect(progress.statusCode, progress.body).toBe(200);
  // Added after the approval: it stays a draft.
  await add('inform', SECRETS.draftPlanRow, SECRETS.draftPlanRow);
}

describe.each(backends)('the public page data, on $name', (backend) => {
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
    await seed(app, db, staff);
    await seedPlan(app, staff);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('answers /p and /p/<year> with the public page’s own light page, other addresses with the app shell', async () => {
    for (const url of ['/p', '/p/2570', '/p?lang=en']) {
      const r = await app.inject({ method: 'GET', url });
      expect([url, r.statusCode, r.body]).toEqual([url, 200, expect.stringContaining('Siang public page')]);
    }
    for (const url of ['/', '/s/stakeholder-satisfaction', '/pdpa', '/admin']) {
      const r = await app.inject({ method: 'GET', url });
      expect([url, r.statusCode, r.body]).toEqual([url, 200, '<!doctype html><title>Siang</title>']);
    }
  });

  it('publishes a summary with the staff results figures and suppression, and withdraws it, in the audit log', async () => {
    const staffResults = (
      await call(app, staff.admin, 'GET', '/api/v1/surveys/stakeholder-satisfaction/results?fy=2569')
    ).json();
    const r = await call(app, null, 'GET', '/api/v1/public/surveys/stakeholder-satisfaction?fiscalYear=2569');
    expect(r.statusCode).toBe(200);
    const summary = r.json();
    // 9 counted responses: the 3 excluded ones are not in the figures.
    expect(summary).toMatchObject({ surveyId: 'stakeholder-satisfaction', fiscalYear: 2569, total: 9, minCell: 5 });
    expect(summary.overall.satisfaction.mean).toBe(staffResults.overall.satisfaction.mean);
    expect(summary.overall.gap).toBe(staffResults.overall.gap);
    expect(summary.dimensions.map((d: { gap: number }) => d.gap)).toEqual(
      staffResults.dimensions.map((d: { gap: number }) => d.gap),
    );
    expect(summary.items).toHaveLength(staffResults.items.length);
    // 2 parents are "fewer than 5", as on the staff results.
    expect(summary.byGroup).toContainEqual({ key: 'parent', label: expect.anything(), hidden: true });
    expect(summary.byGroup).toContainEqual({ key: 'teacher', label: expect.anything(), n: 7 });
    expect(JSON.stringify(summary)).not.toContain('distribution');
    expect(summary).not.toHaveProperty('bySchool');

    expect(
      (await call(app, staff.supervisor, 'PUT', '/api/v1/surveys/stakeholder-satisfaction/public-summaries/2568', {}))
        .statusCode,
    ).toBe(403);
    expect(
      (await call(app, staff.admin, 'PUT', '/api/v1/surveys/complaint/public-summaries/2569', {})).statusCode,
    ).toBe(400);
    const put = await call(app, staff.admin, 'PUT', '/api/v1/surveys/stakeholder-satisfaction/public-summaries/2568', {
      items: false,
    });
    expect(put.json().publications.map((p: { fiscalYear: number }) => p.fiscalYear)).toEqual([2569, 2568]);
    expect(
      (await call(app, staff.admin, 'DELETE', '/api/v1/surveys/stakeholder-satisfaction/public-summaries/2568'))
        .statusCode,
    ).toBe(200);
    expect(
      (await call(app, null, 'GET', '/api/v1/public/surveys/stakeholder-satisfaction?fiscalYear=2568')).statusCode,
    ).toBe(404);
    const log = await db.query<{ action: string; details: { fiscalYear: number } }>(
      "SELECT action, details FROM audit_log WHERE action LIKE 'summary_%' ORDER BY id",
    );
    expect(log.map((e) => [e.action, e.details.fiscalYear])).toEqual([
      ['summary_published', 2569],
      ['summary_published', 2568],
      ['summary_unpublished', 2568],
    ]);
  });

  it('hides every figure of a published summary with fewer than 5 counted responses', async () => {
    await call(app, staff.admin, 'PUT', `/api/v1/surveys/${HIDDEN_SURVEY.id}/public-summaries/2569`, {});
    await db.query(
      "UPDATE responses SET exclusion = 'test' WHERE id IN (SELECT id FROM responses WHERE survey_id = $1 LIMIT 2)",
      [HIDDEN_SURVEY.id],
    );
    const r = (await call(app, null, 'GET', `/api/v1/public/surveys/${HIDDEN_SURVEY.id}?fiscalYear=2569`)).json();
    expect(r).toMatchObject({ hidden: true, overall: { satisfaction: { hidden: true } } });
    expect(r).not.toHaveProperty('total');
    expect(r.overall.satisfaction).not.toHaveProperty('mean');
    await call(app, staff.admin, 'DELETE', `/api/v1/surveys/${HIDDEN_SURVEY.id}/public-summaries/2569`);
  });

  it('shows nothing unpublished, internal or personal on any public route of the route table', async () => {
    const routes = apiRoutes(app).filter((r) => r.startsWith('GET /api/v1/public/'));
    expect(routes.length).toBeGreaterThanOrEqual(5);
    const ids: Record<string, string[]> = {
      '/api/v1/public/surveys/:id': ['stakeholder-satisfaction', HIDDEN_SURVEY.id, 'complaint'],
      '/api/v1/public/attachments/:id': [PUBLIC_ATTACHMENT, PRIVATE_ATTACHMENT],
    };
    const bodies: string[] = [];
    for (const route of routes) {
      const path = route.slice('GET '.length);
      const params = path.match(/:\w+/g) ?? [];
      expect(
        params.length <= 1 && (params.length === 0 || ids[path]),
        `values for the parameters of ${path}`,
      ).toBeTruthy();
      const urls = params.length ? (ids[path] ?? []).map((id) => path.replace(/:\w+/, id)) : [path];
      for (const url of urls)
        for (const query of ['', '?fiscalYear=2569', '?fiscalYear=2570', '?fiscalYear=2568']) {
          const r = await call(app, null, 'GET', url + query);
          expect([200, 404], `${url}${query}`).toContain(r.statusCode);
          bodies.push(r.body);
        }
    }
    // The published data is there (the walk did read it) …
    const all = bodies.join('\n');
    expect(all).toContain('คณะกรรมการที่เผยแพร่');
    expect(all).toContain('สรุปสาธารณะ');
    expect(all).toContain('"surveyId":"stakeholder-satisfaction"');
    for (const text of Object.values(PUBLISHED_PLAN)) expect(all, text).toContain(text);
    expect(all).toContain('"percent":55');
    for (const text of Object.values(PUBLISHED_ACTION)) expect(all, text).toContain(text);
    expect(all).toContain('"progress":45');
    // … and nothing else.
    for (const secret of Object.values(SECRETS)) expect(all, secret).not.toContain(secret);
    expect(all).not.toContain(PRIVATE_ATTACHMENT);
    // The plan's evidence (a survey figure the office looked at) and its approval stay inside.
    expect(all).not.toMatch(/"evidence|"approv|"note"|responsiblePerson|"problem"|"done"/i);
    expect(all).not.toContain(HIDDEN_SURVEY.id.replace('never-', '"surveyId":"never-'));
  });
});
