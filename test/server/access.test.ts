// @vitest-environment node
/**
 * Who may call what: every /api/v1 route that shows responses or staff data, walked with no
 * credentials, made-up credentials, the wrong role, the wrong school and the right ones. The walk
 * is checked against the server's own route table, so a new route that is not in it fails here.
 * Then sessions (cookie flags, sign-out, expiry), sign-in answers and their rate limit, and the
 * respondents' routes that must stay public.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../src/core/backup.js';
import { newId } from '../../src/core/ids.js';
import { readConfig } from '../../src/server/config.js';
import type { Db } from '../../src/server/db/database.js';
import { addUser, apiTokenId, createApiToken } from '../../src/server/store/staff.js';
import { deleteDraft, saveDraft } from '../../src/server/store/survey-drafts.js';
import { storeActivities, storeAttachment } from '../../src/server/store/activities.js';
import { addRow } from '../../src/server/store/plan.js';
import { saveRegister } from '../../src/server/store/register.js';
import { publishSummary } from '../../src/server/store/public.js';
import { setEmblem } from '../../src/server/store/report-assets.js';
import { apiRoutes } from './route-table.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { type TestDatabase, useBackends } from './backends.js';
import { aResponse, complaintAnswers } from './fixtures.js';
import {
  type Credentials,
  call,
  PASSWORD,
  responseTo,
  SCHOOL_X,
  SCHOOL_Y,
  type Staff,
  serverWith,
  signIn,
  stakeholderResponse,
  staffOf,
  storeAll,
} from './results-helpers.js';

const backends = useBackends();

/** What a test knows once the data is in. */
interface Context {
  complaintId: string;
  /** A response of school X made in training mode: marking it changes no figure below. */
  recordId: string;
  /** A backup file with no responses, as a device saves it. */
  backupFile: string;
  /** An API token's id, to revoke (again and again: revoking twice is harmless). */
  tokenId: number;
}

let added = 0;

/** A route that shows responses or staff data, and who may call it. */
interface StaffRoute {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** The route as Fastify names it. */
  path: string;
  /** A concrete address, with a body for PUT and PATCH. */
  url: (c: Context) => string;
  body?: unknown | ((c: Context) => unknown);
  /** `admin`: administrators only; `staff`: administrators and supervisors. */
  role: 'admin' | 'staff';
  /** Whether API tokens are admitted (the complaints inbox is for signed-in people only). */
  tokens: boolean;
  /** Whether the route takes a `school` filter. */
  schoolFilter: boolean;
  /** Puts the data the route needs in place before each call (a draft to publish, say). */
  prepare?: (db: Db) => Promise<void>;
}

/** A survey the builder's routes work on: the shipped stakeholder survey under another id. */
const BUILDER_SURVEY = {
  ...(shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition),
  id: 'access-check',
};
/** A fresh draft of BUILDER_SURVEY. */
const withDraft = async (db: Db) => {
  await deleteDraft(db, BUILDER_SURVEY.id);
  await saveDraft(db, BUILDER_SURVEY, undefined, 'test');
};
const builderRoute = (method: StaffRoute['method'], path: string, extra: Partial<StaffRoute> = {}): StaffRoute => ({
  method,
  path,
  url: () => path.replace(':id', BUILDER_SURVEY.id),
  role: 'admin',
  tokens: true,
  schoolFilter: false,
  prepare: withDraft,
  ...extra,
});

/** The committee, activity, attachment and device the participation routes work on, made afresh before each call. */
const COMMITTEE_ID = 990_001;
/** The reply template the complaint-template routes change and delete. */
const TEMPLATE_ID = '01900000-0000-7000-8000-0000000000f1';
const ACTIVITY_ID = '01900000-0000-7000-8000-000000000001';
const ATTACHMENT_ID = '01900000-0000-7000-8000-000000000002';
const DEVICE_ID = 990_002;
const PHOTO_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
const COMMITTEE = {
  fiscalYear: 2570,
  kind: 'committee',
  name: { th: 'คณะกรรมการทดสอบ', en: 'Test committee' },
  purpose: { th: '', en: '' },
  orderNumber: '1/2570',
  orderDate: null,
  termFrom: null,
  termTo: null,
  orderPublished: false,
  planRowIds: [],
  members: [],
};
const ACTIVITY = {
  id: ACTIVITY_ID,
  date: '2026-11-20',
  title: 'ประชุม',
  place: 'สำนักงาน',
  planRowId: null,
  level: 'consult',
  groups: ['parent'],
  participants: { parent: 10 },
  contributions: '',
  summary: '',
  result: '',
  followUp: '',
  public: false,
  recordedBy: 'เจ้าหน้าที่',
  recordedAt: '2026-11-20T08:00:00.000Z',
  attachments: [],
};
const withParticipation = async (db: Db) => {
  await db.query(
    `INSERT INTO committees (id, fiscal_year, kind, name_th) VALUES ($1, 2570, 'committee', 'ทดสอบ') ON CONFLICT (id) DO NOTHING`,
    [COMMITTEE_ID],
  );
  await storeActivities(db, [ACTIVITY], { name: 'test', deviceId: null, staff: true });
  await storeAttachment(
    db,
    ACTIVITY_ID,
    ATTACHMENT_ID,
    { kind: 'photo', name: 'p.jpg', takenAt: null, public: false, data: PHOTO_BYTES.toString('base64') },
    { name: 'test', deviceId: null, staff: true },
    1024,
  );
  await db.query(
    `INSERT INTO activity_devices (id, name, token_hash) VALUES ($1, 'tablet', 'hash-of-nothing')
     ON CONFLICT (id) DO UPDATE SET revoked_at = NULL`,
    [DEVICE_ID],
  );
};
const participationRoute = (
  method: StaffRoute['method'],
  path: string,
  extra: Partial<StaffRoute> = {},
): StaffRoute => ({
  method,
  path,
  url: () =>
    path
      .replace('/committees/:id', `/committees/${COMMITTEE_ID}`)
      .replace('/activities/:id', `/activities/${ACTIVITY_ID}`)
      .replace(':attachmentId', ATTACHMENT_ID)
      .replace('/attachments/:id', `/attachments/${ATTACHMENT_ID}`)
      .replace('/activity-devices/:id', `/activity-devices/${DEVICE_ID}`),
  role: 'admin',
  tokens: true,
  schoolFilter: false,
  prepare: withParticipation,
  ...extra,
});

/** A plan row of 2569 the plan's routes work on, in a register with one mission and one group. */
const PLAN_ROW = '0190a8e0-0000-7000-8000-000000000001';
const PLAN_INPUT = {
  mission: 'M1',
  group: 'parent',
  level: 'inform' as const,
  expectation: '',
  evidence: null,
  channels: [],
  frequency: 'yearly',
  practice: '',
  indicator: { what: '', target: null, unit: '', source: 'manual' },
  responsibleUnit: '',
  responsiblePerson: '',
  note: '',
};
const withPlan = async (db: Db) => {
  await db.query('DELETE FROM plan_rows');
  await db.query('DELETE FROM plan_missions WHERE fiscal_year = 2571');
  await db.query('DELETE FROM stakeholder_groups WHERE fiscal_year = 2571');
  await db.transaction((tx) =>
    saveRegister(tx, {
      fiscalYear: 2569,
      missions: [{ code: 'M1', kind: 'mission', title: { th: 'ด้านวิชาการ', en: 'Academic affairs' }, source: '' }],
      groups: [
        {
          id: 'parent',
          name: { th: 'ผู้ปกครอง', en: 'Parent' },
          definition: '',
          kind: 'stakeholder',
          population: null,
          interest: 3,
          influence: 2,
        },
      ],
      matrix: [],
    }),
  );
  await addRow(
    db,
    PLAN_ROW,
    2569,
    { ...PLAN_INPUT, level: 'consult', indicator: { ...PLAN_INPUT.indicator, source: { kind: 'manual' } } },
    'test',
  );
};
const planRoute = (method: StaffRoute['method'], path: string, extra: Partial<StaffRoute> = {}): StaffRoute => ({
  method,
  path,
  url: () => path.replace(':id', PLAN_ROW).replace(':round', '6'),
  role: 'admin',
  tokens: true,
  schoolFilter: false,
  prepare: withPlan,
  ...extra,
});

/** An improvement action of 2569 the actions' routes work on, made afresh before each call. */
const ACTION_ID = '0190a8e0-0000-7000-8000-0000000000ac';
const ACTION_INPUT = { fiscalYear: 2569, title: 'ปรับปรุงการแจ้งข่าวสาร', status: 'planned' };
const withAction = async (db: Db) => {
  await db.query('DELETE FROM improvement_actions');
  await db.query(
    `INSERT INTO improvement_actions (id, fiscal_year, title, created_by, updated_by) VALUES ($1, 2569, 'ทดสอบ', 'test', 'test')`,
    [ACTION_ID],
  );
};
const actionRoute = (method: StaffRoute['method'], path: string, extra: Partial<StaffRoute> = {}): StaffRoute => ({
  method,
  path,
  url: () => path.replace(':id', ACTION_ID),
  role: 'staff',
  tokens: true,
  schoolFilter: false,
  prepare: withAction,
  ...extra,
});

const OFFICE = {
  name: { th: 'สำนักงานเขตพื้นที่การศึกษาทดสอบ', en: 'Test area office' },
  bandSystem: 'B',
  sampleMethod: 'yamane',
};

/** A JPEG-looking emblem (the server tells the type by the first bytes). */
const EMBLEM = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const withEmblem = async (db: Db) => setEmblem(db, 'image/jpeg', new Uint8Array(EMBLEM), 'test');

const STAFF_ROUTES: StaffRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/auth/me',
    url: () => '/api/v1/auth/me',
    role: 'staff',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/office',
    url: () => '/api/v1/office',
    role: 'staff',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'PUT',
    path: '/api/v1/office',
    url: () => '/api/v1/office',
    body: OFFICE,
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/results',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/results',
    role: 'staff',
    tokens: true,
    schoolFilter: true,
  },
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/open-answers',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/open-answers',
    role: 'staff',
    tokens: true,
    schoolFilter: true,
  },
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/responses',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/responses?format=csv',
    role: 'staff',
    tokens: true,
    schoolFilter: true,
  },
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/targets',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/targets',
    role: 'staff',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'PUT',
    path: '/api/v1/surveys/:id/targets',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/targets',
    body: [{ school: SCHOOL_X, population: 500 }],
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/group-targets',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/group-targets',
    role: 'staff',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'PUT',
    path: '/api/v1/surveys/:id/group-targets',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/group-targets',
    body: [{ group: 'teacher', population: 500 }],
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/report',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/report?fiscalYear=2569&format=json',
    role: 'staff',
    tokens: true,
    schoolFilter: true,
  },
  {
    method: 'GET',
    path: '/api/v1/office/emblem',
    url: () => '/api/v1/office/emblem',
    role: 'staff',
    tokens: true,
    schoolFilter: false,
    prepare: withEmblem,
  },
  {
    method: 'PUT',
    path: '/api/v1/office/emblem',
    url: () => '/api/v1/office/emblem',
    body: { data: EMBLEM.toString('base64') },
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'DELETE',
    path: '/api/v1/office/emblem',
    url: () => '/api/v1/office/emblem',
    role: 'admin',
    tokens: true,
    schoolFilter: false,
    prepare: withEmblem,
  },
  {
    method: 'GET',
    path: '/api/v1/ita-items',
    url: () => '/api/v1/ita-items?fiscalYear=2569',
    role: 'staff',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'PUT',
    path: '/api/v1/ita-items',
    url: () => '/api/v1/ita-items?fiscalYear=2569',
    body: { items: [{ code: 'o25', title: { th: 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', en: '' }, purpose: 'participation' }] },
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'PUT',
    path: '/api/v1/surveys/:id/report',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/report?fy=2569',
    body: { usage: 'ใช้ปรับปรุงการให้บริการ' },
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/complaints',
    url: () => '/api/v1/complaints',
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'PATCH',
    path: '/api/v1/complaints/:id',
    url: (c) => `/api/v1/complaints/${c.complaintId}`,
    body: { status: 'in_progress' },
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  ...(['/api/v1/complaints/badge', '/api/v1/complaints/stats'] as const).map(
    (path): StaffRoute => ({
      method: 'GET',
      path,
      url: () => (path.endsWith('stats') ? `${path}?fiscalYear=2569` : path),
      role: 'staff',
      tokens: false,
      schoolFilter: false,
    }),
  ),
  {
    method: 'GET',
    path: '/api/v1/complaints/:id',
    url: (c) => `/api/v1/complaints/${c.complaintId}`,
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/complaints/:id/history',
    url: (c) => `/api/v1/complaints/${c.complaintId}/history`,
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/complaint-templates',
    url: () => '/api/v1/complaint-templates',
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/complaint-templates',
    url: () => '/api/v1/complaint-templates',
    body: { title: 'รับเรื่องแล้ว', body: 'สำนักงานได้รับเรื่องของท่านแล้ว' },
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  ...(['PUT', 'DELETE'] as const).map(
    (method): StaffRoute => ({
      method,
      path: '/api/v1/complaint-templates/:id',
      url: () => `/api/v1/complaint-templates/${TEMPLATE_ID}`,
      ...(method === 'PUT' ? { body: { title: 'รับเรื่องแล้ว', body: 'ข้อความใหม่' } } : {}),
      role: 'staff',
      tokens: false,
      schoolFilter: false,
      // The template, afresh before each call (a DELETE removes it).
      prepare: async (db) => {
        await db.query(
          `INSERT INTO complaint_reply_templates (id, title, body, updated_by) VALUES ($1, 'ทดสอบ', 'ข้อความ', 'test')
           ON CONFLICT (id) DO NOTHING`,
          [TEMPLATE_ID],
        );
      },
    }),
  ),
  {
    method: 'POST',
    path: '/api/v1/surveys/import',
    url: () => '/api/v1/surveys/import',
    // A real XLSForm (pyxform's example), checked and not published.
    body: {
      file: readFileSync(new URL('../fixtures/xlsform/text_and_integer.xlsx', import.meta.url)).toString('base64'),
    },
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/imports',
    url: () => '/api/v1/imports',
    body: (c: Context) => ({ file: c.backupFile }),
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  builderRoute('GET', '/api/v1/admin/surveys', { role: 'staff' }),
  builderRoute('POST', '/api/v1/surveys', {
    body: { definition: BUILDER_SURVEY },
    prepare: async (db) => void (await deleteDraft(db, BUILDER_SURVEY.id)),
  }),
  builderRoute('GET', '/api/v1/surveys/:id/draft'),
  builderRoute('DELETE', '/api/v1/surveys/:id/draft'),
  builderRoute('GET', '/api/v1/surveys/:id/diff'),
  builderRoute('POST', '/api/v1/surveys/:id/publish', { body: { confirmBreaking: true } }),
  builderRoute('POST', '/api/v1/surveys/:id/open'),
  builderRoute('POST', '/api/v1/surveys/:id/close'),
  builderRoute('PUT', '/api/v1/surveys/:id/window', {
    body: { opensAt: '2026-01-01T00:00:00.000Z', closesAt: '2027-01-01T00:00:00.000Z' },
  }),
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/records',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/records',
    role: 'staff',
    tokens: true,
    schoolFilter: true,
  },
  {
    method: 'GET',
    path: '/api/v1/responses/:id',
    url: (c) => `/api/v1/responses/${c.recordId}`,
    role: 'staff',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/responses/:id/exclusion',
    url: (c) => `/api/v1/responses/${c.recordId}/exclusion`,
    body: { exclusion: 'test', reason: 'ฝึกอบรม' },
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'DELETE',
    path: '/api/v1/responses/:id',
    url: (c) => `/api/v1/responses/${c.recordId}`,
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/responses/:id/restore',
    url: (c) => `/api/v1/responses/${c.recordId}/restore`,
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/surveys/:id/records/exclusion',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/records/exclusion',
    body: (c: Context) => ({ ids: [c.recordId], exclusion: 'test', reason: 'ฝึกอบรม' }),
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/users',
    url: () => '/api/v1/users',
    role: 'admin',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/users',
    url: () => '/api/v1/users',
    body: () => ({ name: `added-${++added}`, role: 'supervisor', schools: [SCHOOL_X] }),
    role: 'admin',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/:name',
    url: () => '/api/v1/users/spare',
    body: { disabled: false },
    role: 'admin',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/users/:name/password-reset',
    url: () => '/api/v1/users/spare/password-reset',
    body: { method: 'link' },
    role: 'admin',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/tokens',
    url: () => '/api/v1/tokens',
    role: 'admin',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/tokens',
    url: () => '/api/v1/tokens',
    body: () => ({ name: `made-${++added}`, role: 'supervisor', expires: '30d' }),
    role: 'admin',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/tokens/:id/revoke',
    url: (c) => `/api/v1/tokens/${c.tokenId}/revoke`,
    role: 'admin',
    tokens: false,
    schoolFilter: false,
  },
  {
    method: 'GET',
    path: '/api/v1/audit',
    url: () => '/api/v1/audit',
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password',
    url: () => '/api/v1/auth/password',
    // The same password again: allowed (as `siang user add` allows it) unless it was a temporary one.
    body: { current: PASSWORD, password: PASSWORD },
    role: 'staff',
    tokens: false,
    schoolFilter: false,
  },
  participationRoute('GET', '/api/v1/committees', { role: 'staff', url: () => '/api/v1/committees?fiscalYear=2570' }),
  participationRoute('POST', '/api/v1/committees', { body: COMMITTEE }),
  participationRoute('GET', '/api/v1/committees/:id', { role: 'staff' }),
  participationRoute('PUT', '/api/v1/committees/:id', { body: COMMITTEE }),
  participationRoute('DELETE', '/api/v1/committees/:id'),
  participationRoute('POST', '/api/v1/activities/submissions', {
    role: 'staff',
    body: { activities: [ACTIVITY] },
  }),
  participationRoute('PUT', '/api/v1/activities/:id/attachments/:attachmentId', {
    role: 'staff',
    body: { kind: 'photo', name: 'p.jpg', takenAt: null, public: false, data: PHOTO_BYTES.toString('base64') },
  }),
  participationRoute('GET', '/api/v1/activities', { role: 'staff', url: () => '/api/v1/activities?fiscalYear=2570' }),
  participationRoute('GET', '/api/v1/activities/:id', { role: 'staff' }),
  participationRoute('PATCH', '/api/v1/activities/:id', { body: { place: 'ห้องประชุม' } }),
  participationRoute('POST', '/api/v1/activities/:id/approve', { body: { position: 'ผู้อำนวยการ' } }),
  participationRoute('DELETE', '/api/v1/activities/:id'),
  participationRoute('GET', '/api/v1/attachments/:id', { role: 'staff' }),
  participationRoute('PATCH', '/api/v1/attachments/:id', { body: { public: true } }),
  participationRoute('DELETE', '/api/v1/attachments/:id'),
  participationRoute('GET', '/api/v1/activity-devices'),
  participationRoute('POST', '/api/v1/activity-devices', { body: { name: 'แท็บเล็ต' } }),
  participationRoute('DELETE', '/api/v1/activity-devices/:id'),
  planRoute('GET', '/api/v1/register', { url: () => '/api/v1/register?fiscalYear=2569', role: 'staff' }),
  planRoute('PUT', '/api/v1/register', {
    url: () => '/api/v1/register?fiscalYear=2569',
    body: { missions: [], groups: [], matrix: [] },
    prepare: async (db) => void (await db.query('DELETE FROM plan_rows')),
  }),
  planRoute('PUT', '/api/v1/register/channels', { body: { channels: [] } }),
  planRoute('GET', '/api/v1/register/reconcile', {
    url: () => '/api/v1/register/reconcile?fiscalYear=2569',
    role: 'staff',
  }),
  planRoute('POST', '/api/v1/register/import', {
    url: () => '/api/v1/register/import?fiscalYear=2570',
    body: { missions: [], groups: [], matrix: [], channels: [] },
  }),
  planRoute('GET', '/api/v1/plan', { url: () => '/api/v1/plan?fiscalYear=2569', role: 'staff' }),
  planRoute('POST', '/api/v1/plan/rows', { url: () => '/api/v1/plan/rows?fiscalYear=2569', body: PLAN_INPUT }),
  planRoute('PUT', '/api/v1/plan/rows/:id', { body: PLAN_INPUT }),
  planRoute('DELETE', '/api/v1/plan/rows/:id'),
  planRoute('PUT', '/api/v1/plan/rows/:id/progress/:round', { body: { value: 1, problem: '', done: '' } }),
  planRoute('POST', '/api/v1/plan/approve', {
    body: { fiscalYear: 2569, approval: { by: 'ผู้อำนวยการ', position: '', date: '2025-10-01' } },
  }),
  planRoute('POST', '/api/v1/plan/publish', { body: { fiscalYear: 2569 } }),
  planRoute('POST', '/api/v1/plan/unpublish', { body: { fiscalYear: 2569 } }),
  planRoute('POST', '/api/v1/plan/copy-forward', { body: { from: 2569, to: 2571 } }),
  planRoute('POST', '/api/v1/plan/import', { url: () => '/api/v1/plan/import?fiscalYear=2569', body: { rows: [] } }),
  actionRoute('GET', '/api/v1/findings', { url: () => '/api/v1/findings?fiscalYear=2569' }),
  actionRoute('GET', '/api/v1/actions', { url: () => '/api/v1/actions?fiscalYear=2569' }),
  actionRoute('POST', '/api/v1/actions', { body: ACTION_INPUT }),
  actionRoute('PUT', '/api/v1/actions/:id', { body: ACTION_INPUT }),
  actionRoute('DELETE', '/api/v1/actions/:id'),
  actionRoute('GET', '/api/v1/actions/export', { url: () => '/api/v1/actions/export?fiscalYear=2569&format=csv' }),
  actionRoute('POST', '/api/v1/actions/import', { body: { actions: [{ id: ACTION_ID, status: 'in_progress' }] } }),
  {
    method: 'GET',
    path: '/api/v1/surveys/:id/public-summaries',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/public-summaries',
    role: 'staff',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'PUT',
    path: '/api/v1/surveys/:id/public-summaries/:fiscalYear',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/public-summaries/2569',
    body: { items: false },
    role: 'admin',
    tokens: true,
    schoolFilter: false,
  },
  {
    method: 'DELETE',
    path: '/api/v1/surveys/:id/public-summaries/:fiscalYear',
    url: () => '/api/v1/surveys/stakeholder-satisfaction/public-summaries/2568',
    role: 'admin',
    tokens: true,
    schoolFilter: false,
    prepare: (db) => publishSummary(db, 'stakeholder-satisfaction', 2568, false, 'test'),
  },
];

/** Routes anyone may call: the respondents' app and signing in and out. */
const PUBLIC_ROUTES = [
  'GET /api/v1/surveys',
  'GET /api/v1/surveys/:id',
  'GET /api/v1/office/contact',
  'GET /api/v1/complaints/track/:code',
  'POST /api/v1/submissions',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/reset',
  'GET /api/v1/public/committees',
  'GET /api/v1/public/activities',
  'GET /api/v1/public/attachments/:id',
  'GET /api/v1/public/plan',
  'GET /api/v1/public/surveys',
  'GET /api/v1/public/surveys/:id',
  'GET /api/v1/public/actions',
];

const name = (r: StaffRoute) => `${r.method} ${r.path}`;
const schoolRoutes = STAFF_ROUTES.filter((r) => r.schoolFilter);
const adminRoutes = STAFF_ROUTES.filter((r) => r.role === 'admin');
const staffRoutes = STAFF_ROUTES.filter((r) => r.role === 'staff');
const withSchool = (url: string, school: string) =>
  `${url}${url.includes('?') ? '&' : '?'}school=${encodeURIComponent(school)}`;

describe.each(backends)('who may call what, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let staff: Staff;
  let adminToken: { token: string };
  const context: Context = { complaintId: '', recordId: '', backupFile: '', tokenId: 0 };
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db);
    staff = await staffOf(app, db);
    adminToken = { token: await createApiToken(db, { name: 'admin-script', role: 'admin' }) };
    await addUser(db, { name: 'spare', role: 'supervisor', password: PASSWORD });
    context.tokenId = await apiTokenId(db, await createApiToken(db, { name: 'to-revoke', role: 'supervisor' }));
    const complaint = responseTo(
      'complaint',
      complaintAnswers({ concerns: 'school', school: SCHOOL_X }),
      '2025-11-21T03:00:00.000Z',
    );
    context.complaintId = complaint.id as string;
    const training: Record<string, unknown> = {
      ...stakeholderResponse({ school: SCHOOL_X }),
      source: 'kiosk',
      training: true,
    };
    context.recordId = training.id as string;
    context.backupFile = await writeBackup([], { appVersion: '0.1.0', iterations: 2_000 });
    await storeAll(db, [
      ...[10, 11, 12, 13, 14].map((d) => stakeholderResponse({ school: SCHOOL_X, at: `2025-11-${d}T03:00:00.000Z` })),
      ...[15, 16, 17, 18, 19].map((d) => stakeholderResponse({ school: SCHOOL_Y, at: `2025-11-${d}T03:00:00.000Z` })),
      complaint,
      training,
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const bodyOf = (route: StaffRoute) => (typeof route.body === 'function' ? route.body(context) : route.body);
  const send = async (who: Credentials, route: StaffRoute, url = route.url(context)) => {
    await route.prepare?.(db);
    return call(app, who, route.method, url, bodyOf(route));
  };

  it('the walk below covers every /api/v1 route the server has', async () => {
    await app.ready();
    const table = [...STAFF_ROUTES.map(name), ...PUBLIC_ROUTES].sort();
    expect(new Set(table).size).toBe(table.length);
    expect(apiRoutes(app)).toEqual(table);
  });

  describe.each(STAFF_ROUTES)('$method $path', (route) => {
    it('answers 401 without credentials, with a made-up cookie and with a made-up Bearer token', async () => {
      const anonymous = await send(null, route);
      expect([anonymous.statusCode, anonymous.json().error]).toEqual([401, 'unauthorized']);
      for (const who of [
        { cookie: 'siang_session=not-a-session' },
        { cookie: 'siang_session=' },
        { token: 'not-a-token' },
        { token: '' },
      ] as Credentials[]) {
        const r = await send(who, route);
        expect([r.statusCode, r.json().error]).toEqual([401, 'unauthorized']);
      }
      const basic = await app.inject({
        method: route.method,
        url: route.url(context),
        headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` },
      });
      expect(basic.statusCode).toBe(401);
      if (route.method === 'GET') {
        const head = await app.inject({ method: 'HEAD', url: route.url(context) });
        expect([head.statusCode, head.body]).toEqual([401, '']);
      }
    });

    it('answers 401 to a session cookie sent as a Bearer token, and to an API token sent as a cookie', async () => {
      const session = staff.admin.cookie.slice('siang_session='.length);
      const asBearer = await send({ token: session }, route);
      expect(asBearer.statusCode).toBe(401);
      const asCookie = await send({ cookie: `siang_session=${adminToken.token}` }, route);
      expect(asCookie.statusCode).toBe(401);
    });

    it('answers 200 to an administrator signed in, with Cache-Control: no-store', async () => {
      const r = await send(staff.admin, route);
      expect(r.statusCode).toBe(200);
      // Personal data never stays in the browser's cache (the inbox did, after sign-out).
      expect(r.headers['cache-control']).toBe('no-store');
      const refused = await send(null, route);
      expect(refused.headers['cache-control']).toBe('no-store');
    });

    it(`answers ${route.tokens ? 200 : 403} to an administrator's API token`, async () => {
      const r = await send(adminToken, route);
      expect(r.statusCode).toBe(route.tokens ? 200 : 403);
      if (!route.tokens) expect(r.json().error).toBe('forbidden');
    });
  });

  it.each(staffRoutes)('$method $path answers 200 to a supervisor, and a limited one, signed in', async (route) => {
    for (const who of [staff.supervisor, staff.limited]) expect((await send(who, route)).statusCode).toBe(200);
    const viaToken = await send(staff.token, route);
    expect(viaToken.statusCode).toBe(route.tokens ? 200 : 403);
  });

  it.each(adminRoutes)('$method $path answers 403 to supervisors, by cookie or token', async (route) => {
    for (const who of [staff.supervisor, staff.limited, staff.token, staff.limitedToken]) {
      const r = await send(who, route);
      expect([r.statusCode, r.json()]).toEqual([403, { error: 'forbidden', message: 'your role may not do this' }]);
    }
  });

  it.each(schoolRoutes)(
    '$method $path answers 403 to a supervisor limited to school X asking for school Y',
    async (route) => {
      const url = route.url(context);
      for (const who of [staff.limited, staff.limitedToken]) {
        for (const asked of [SCHOOL_Y, `${SCHOOL_X},${SCHOOL_Y}`]) {
          const r = await send(who, route, withSchool(url, asked));
          expect([r.statusCode, r.json()]).toEqual([
            403,
            { error: 'forbidden', message: 'you may not see responses of that school' },
          ]);
        }
        const twice = await send(who, route, `${withSchool(url, SCHOOL_X)}&school=${encodeURIComponent(SCHOOL_Y)}`);
        expect(twice.statusCode).toBe(403);
        expect((await send(who, route, withSchool(url, SCHOOL_X))).statusCode).toBe(200);
      }
      // Supervisors of every school may ask for any.
      expect((await send(staff.supervisor, route, withSchool(url, SCHOOL_Y))).statusCode).toBe(200);
    },
  );

  it.each(STAFF_ROUTES.filter((r) => r.method === 'GET'))(
    '$method $path answers 200 or 400, never 500, to repeated or extreme query parameters',
    async (route) => {
      const odd = [
        'q=a&q=b',
        'offset=1e30',
        'offset=-1&limit=-1',
        'limit=1e30&offset=1e21',
        'limit=abc&offset=abc',
        'fy=2569&fy=2570',
        'fy=1e3',
        'from=2025-01-01&from=2025-02-01',
        'to=2025-02-30',
        `school=${encodeURIComponent(SCHOOL_X)}&school=${encodeURIComponent(SCHOOL_X)}`,
        'group=teacher&group=parent',
        'question=a&question=b',
        'status=new&status=closed',
        'format=csv&format=json',
        'format=toString',
        'format=__proto__',
        'labels=labels&labels=labels&lang=en&lang=th',
      ];
      const url = route.url(context);
      for (const query of odd) {
        const r = await send(staff.admin, route, `${url}${url.includes('?') ? '&' : '?'}${query}`);
        expect([query, [200, 400].includes(r.statusCode)]).toEqual([query, true]);
      }
    },
  );

  it("a limited supervisor's results count only their school's respondents", async () => {
    const mine = await call(app, staff.limited, 'GET', '/api/v1/surveys/stakeholder-satisfaction/results');
    const all = await call(app, staff.supervisor, 'GET', '/api/v1/surveys/stakeholder-satisfaction/results');
    expect([mine.json().total, all.json().total]).toEqual([5, 10]);
    expect((mine.json().bySchool as { key: string }[]).map((s) => s.key)).toEqual([SCHOOL_X]);
  });

  it('what a supervisor was refused changes nothing: office settings and targets stay as they were', async () => {
    const office = (await call(app, staff.admin, 'GET', '/api/v1/office')).json();
    const targets = (await call(app, staff.admin, 'GET', '/api/v1/surveys/stakeholder-satisfaction/targets')).json();
    const changed = { ...OFFICE, name: { th: 'เปลี่ยนโดยผู้ไม่มีสิทธิ์', en: 'Changed by someone not allowed' } };
    expect((await call(app, staff.supervisor, 'PUT', '/api/v1/office', changed)).statusCode).toBe(403);
    expect((await call(app, null, 'PUT', '/api/v1/office', changed)).statusCode).toBe(401);
    const population = [{ school: SCHOOL_Y, population: 9999 }];
    const putTargets = '/api/v1/surveys/stakeholder-satisfaction/targets';
    expect((await call(app, staff.limited, 'PUT', putTargets, population)).statusCode).toBe(403);
    expect((await call(app, { token: 'x' }, 'PUT', putTargets, population)).statusCode).toBe(401);
    expect((await call(app, staff.admin, 'GET', '/api/v1/office')).json()).toEqual(office);
    expect((await call(app, staff.admin, 'GET', putTargets)).json()).toEqual(targets);
  });

  it('an administrator can change the office settings and targets, and reads back what was saved', async () => {
    const saved = await call(app, adminToken, 'PUT', '/api/v1/office', OFFICE);
    // With the complaint reply settings the body left out: their defaults.
    const full = { ...OFFICE, replyDays: 15, followUp: { phone: '' } };
    expect(saved.json()).toEqual(full);
    expect((await call(app, staff.supervisor, 'GET', '/api/v1/office')).json()).toEqual(full);
    const targets = [{ school: SCHOOL_Y, population: 1000 }];
    const put = await call(app, staff.admin, 'PUT', '/api/v1/surveys/stakeholder-satisfaction/targets', targets);
    expect(put.json()).toEqual(targets);
  });

  it('targets and the report of a survey that was never published are 404, like its results', async () => {
    for (const url of [
      '/api/v1/surveys/no-such-survey/targets',
      '/api/v1/surveys/no-such-survey/report?fy=2569',
      '/api/v1/surveys/no-such-survey/results',
    ]) {
      const r = await call(app, staff.admin, 'GET', url);
      expect([url, r.statusCode, r.json().error]).toEqual([url, 404, 'not_found']);
    }
  });

  it('signing in, signing out and /auth/me answer with Cache-Control: no-store', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'admin', password: PASSWORD }),
    });
    expect([login.statusCode, login.headers['cache-control']]).toEqual([200, 'no-store']);
    for (const who of [staff.admin, adminToken]) {
      const me = await call(app, who, 'GET', '/api/v1/auth/me');
      expect([me.statusCode, me.headers['cache-control']]).toEqual([200, 'no-store']);
    }
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const logout = await call(app, { cookie }, 'POST', '/api/v1/auth/logout');
    expect([logout.statusCode, logout.headers['cache-control']]).toEqual([204, 'no-store']);
  });

  it('/auth/me tells a person and a script who they are, and with which schools', async () => {
    expect((await call(app, staff.limited, 'GET', '/api/v1/auth/me')).json()).toEqual({
      name: 'limited',
      role: 'supervisor',
      schools: [SCHOOL_X],
      kind: 'user',
    });
    expect((await call(app, adminToken, 'GET', '/api/v1/auth/me')).json()).toEqual({
      name: 'admin-script',
      role: 'admin',
      schools: null,
      kind: 'token',
    });
  });

  it('a revoked API token is refused', async () => {
    const token = await createApiToken(db, { name: 'old-script', role: 'admin' });
    expect((await call(app, { token }, 'GET', '/api/v1/office')).statusCode).toBe(200);
    await db.query("UPDATE api_tokens SET revoked_at = now() WHERE name = 'old-script'");
    expect((await call(app, { token }, 'GET', '/api/v1/office')).statusCode).toBe(401);
  });

  describe('sessions', () => {
    const login = (body: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', ...headers },
        payload: JSON.stringify(body),
      });

    it('signing in answers who signed in and sets an HttpOnly, SameSite=Strict cookie on / for 12 hours', async () => {
      const r = await login({ name: 'limited', password: PASSWORD });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ name: 'limited', role: 'supervisor', schools: [SCHOOL_X] });
      expect(r.cookies).toHaveLength(1);
      const cookie = r.cookies[0];
      expect({ ...cookie, value: cookie?.value.length }).toEqual({
        name: 'siang_session',
        value: 43, // 256 random bits, base64url
        path: '/',
        maxAge: 12 * 3600,
        httpOnly: true,
        sameSite: 'Strict',
      });
      // Over plain http (office networks) the cookie cannot be Secure, or browsers would drop it.
      expect(String(r.headers['set-cookie'])).not.toMatch(/secure/i);
    });

    it('a name with spaces around it signs in as the name', async () => {
      expect((await login({ name: '  admin ', password: PASSWORD })).statusCode).toBe(200);
    });

    it('over https the session cookie is also Secure', async () => {
      const tls = await serverWith(db);
      // What a TLS connection looks like to Fastify (request.protocol reads socket.encrypted).
      tls.addHook('onRequest', async (request) => {
        (request.raw.socket as unknown as { encrypted: boolean }).encrypted = true;
      });
      try {
        const r = await tls.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'admin', password: PASSWORD }),
        });
        expect(r.statusCode).toBe(200);
        expect(r.cookies[0]).toMatchObject({ name: 'siang_session', secure: true, httpOnly: true, sameSite: 'Strict' });
      } finally {
        await tls.close();
      }
    });

    it('behind a trusted reverse proxy that speaks https, the cookie is Secure; an untrusted X-Forwarded-Proto is ignored', async () => {
      const signIn = (server: Awaited<ReturnType<typeof serverWith>>, remoteAddress: string) =>
        server.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress,
          headers: {
            'content-type': 'application/json',
            'x-forwarded-proto': 'https',
            'x-forwarded-for': '203.0.113.9',
          },
          payload: JSON.stringify({ name: 'admin', password: PASSWORD }),
        });
      const proxied = await serverWith(db, { trustProxy: ['127.0.0.1'] });
      try {
        const r = await signIn(proxied, '127.0.0.1');
        expect(r.statusCode).toBe(200);
        expect(r.cookies[0]).toMatchObject({ name: 'siang_session', secure: true });
        // From anywhere but the proxy, the header is only a claim.
        const direct = await signIn(proxied, '198.51.100.7');
        expect(direct.statusCode).toBe(200);
        expect(direct.cookies[0]?.secure).toBeUndefined();
      } finally {
        await proxied.close();
      }
      const plain = await serverWith(db);
      try {
        expect((await signIn(plain, '127.0.0.1')).cookies[0]?.secure).toBeUndefined();
      } finally {
        await plain.close();
      }
    });

    it('a wrong password and an unknown name get the same 401, with no cookie', async () => {
      const wrong = await login({ name: 'admin', password: 'not the password' });
      const unknown = await login({ name: 'nobody-here', password: PASSWORD });
      for (const r of [wrong, unknown]) {
        expect(r.statusCode).toBe(401);
        expect(r.json()).toEqual({ error: 'unauthorized', message: 'wrong name or password' });
        expect(r.headers['set-cookie']).toBeUndefined();
      }
      expect(unknown.body).toBe(wrong.body);
    });

    it('a sign-in without a name or password, or with one far too long, is a 400', async () => {
      for (const body of [
        {},
        { name: 'admin' },
        { password: PASSWORD },
        { name: 'a'.repeat(65), password: PASSWORD },
      ]) {
        const r = await login(body);
        expect([r.statusCode, r.json().error]).toEqual([400, 'bad_request']);
      }
    });

    it('signing out ends that session (the next request is 401) and clears the cookie; other sessions go on', async () => {
      await addUser(db, { name: 'leaver', role: 'supervisor', password: PASSWORD });
      const phone = await signIn(app, 'leaver');
      const laptop = await signIn(app, 'leaver');
      expect((await call(app, phone, 'GET', '/api/v1/complaints')).statusCode).toBe(200);
      const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: phone.cookie } });
      expect(out.statusCode).toBe(204);
      expect(out.cookies).toMatchObject([{ name: 'siang_session', value: '', maxAge: 0 }]);
      for (const route of STAFF_ROUTES) expect((await send(phone, route)).statusCode).toBe(401);
      expect((await call(app, laptop, 'GET', '/api/v1/complaints')).statusCode).toBe(200);
      // Signing out again, or with no session at all, is harmless.
      expect(
        (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: phone.cookie } }))
          .statusCode,
      ).toBe(204);
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    });

    it('an expired session is refused', async () => {
      await addUser(db, { name: 'sleeper', role: 'admin', password: PASSWORD });
      const session = await signIn(app, 'sleeper');
      expect((await call(app, session, 'GET', '/api/v1/office')).statusCode).toBe(200);
      await db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_name = 'sleeper'");
      expect((await call(app, session, 'GET', '/api/v1/office')).statusCode).toBe(401);
    });

    it("changing a person's role or schools ends their sessions", async () => {
      await addUser(db, { name: 'demoted', role: 'admin', password: PASSWORD });
      const session = await signIn(app, 'demoted');
      expect((await call(app, session, 'PUT', '/api/v1/office', OFFICE)).statusCode).toBe(200);
      await addUser(db, { name: 'demoted', role: 'supervisor', password: PASSWORD, schools: [SCHOOL_X] });
      expect((await call(app, session, 'GET', '/api/v1/office')).statusCode).toBe(401);
      const again = await signIn(app, 'demoted');
      expect((await call(app, again, 'PUT', '/api/v1/office', OFFICE)).statusCode).toBe(403);
    });
  });

  describe("respondents' routes stay public, even with stale or made-up credentials", () => {
    const strangers: Credentials[] = [null, { cookie: 'siang_session=stale' }, { token: 'made-up' }];

    it('GET /api/v1/surveys and GET /api/v1/surveys/:id answer 200 to anyone', async () => {
      for (const who of strangers) {
        const list = await call(app, who, 'GET', '/api/v1/surveys');
        expect(list.statusCode).toBe(200);
        const ids = (list.json().surveys as { id: string }[]).map((s) => s.id);
        // The builder's routes above published a survey of their own.
        expect(ids.filter((id) => id !== BUILDER_SURVEY.id).sort()).toEqual(['complaint', 'stakeholder-satisfaction']);
        const one = await call(app, who, 'GET', '/api/v1/surveys/complaint');
        expect([one.statusCode, one.json().id]).toEqual([200, 'complaint']);
      }
    });

    it('POST /api/v1/submissions stores responses from anyone', async () => {
      for (const who of strangers) {
        const id = newId();
        const r = await call(app, who, 'POST', '/api/v1/submissions', { responses: [aResponse({ id })] });
        expect(r.statusCode).toBe(200);
        expect(r.json().results).toMatchObject([{ id, status: 'stored' }]);
      }
    });
  });
});

describe.each(backends)('sign-in attempts are limited, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db, { loginPerMinute: 3 });
    await addUser(db, { name: 'admin', role: 'admin', password: PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const attempt = (password: string, remoteAddress = '192.0.2.10') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'admin', password }),
    });

  it('after 3 attempts a minute from one address the 4th is 429, even with the right password', async () => {
    for (const guess of ['guess one!', 'guess two!', 'guess three'])
      expect((await attempt(guess)).statusCode).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: 'too_many_requests' });
    expect(blocked.json().message).toMatch(/^too many requests; try again in \d+ s$/);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('another address may still sign in, and the blocked address may still use the public routes', async () => {
    const other = await attempt(PASSWORD, '192.0.2.11');
    expect(other.statusCode).toBe(200);
    const surveys = await app.inject({ method: 'GET', url: '/api/v1/surveys', remoteAddress: '192.0.2.10' });
    expect(surveys.statusCode).toBe(200);
  });
});

describe.each(backends)('the general rate limit counts the API only, on $name', (backend) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    app = await serverWith(await t.open(), { rateLimitPerMinute: 5 });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it("a first visit's many file requests from one address are all served, and the API still stops at 5 a minute", async () => {
    // A school's Wi-Fi: every parent's phone has the same address, and each first visit fetches
    // the whole app for the service worker.
    for (let i = 0; i < 40; i += 1) {
      const file = await app.inject({ method: 'GET', url: '/', remoteAddress: '192.0.2.30' });
      expect(file.statusCode).toBe(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push(
        (await app.inject({ method: 'GET', url: '/api/v1/surveys', remoteAddress: '192.0.2.30' })).statusCode,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await app.inject({ method: 'GET', url: '/', remoteAddress: '192.0.2.30' })).statusCode).toBe(200);
  });
});

describe.each(backends)('sign-in failures are limited per account and behind a proxy, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    await addUser(db, { name: 'admin', role: 'admin', password: PASSWORD });
    await addUser(db, { name: 'other', role: 'supervisor', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const attempt = (
    app: FastifyInstance,
    name: string,
    password: string,
    remoteAddress: string,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ name, password }),
    });

  it('TRUST_PROXY=true is refused; behind a named proxy a caller cannot pick its own address through X-Forwarded-For', async () => {
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(/not accepted/);
    const app = await serverWith(db, {
      loginPerMinute: 3,
      trustProxy: readConfig({ TRUST_PROXY: 'loopback' }).trustProxy,
    });
    try {
      // The proxy (127.0.0.1) appends the real client's address to what the client sent.
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++) {
        const r = await attempt(app, 'admin', `guess ${i}!`, '127.0.0.1', {
          'x-forwarded-for': `203.0.113.${i}, 192.0.2.50`,
        });
        statuses.push(r.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // Another real client behind the same proxy is not affected.
      const other = await attempt(app, 'admin', PASSWORD, '127.0.0.1', { 'x-forwarded-for': '192.0.2.51' });
      expect(other.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('after 4 wrong passwords for one account from 4 addresses, it is paused for every address, with Retry-After', async () => {
    const app = await serverWith(db, { loginFailuresPerAccount: 4, loginPauseMinutes: 15 });
    try {
      for (let i = 1; i <= 4; i++)
        expect((await attempt(app, 'admin', `guess ${i}!`, `198.51.100.${i}`)).statusCode).toBe(401);
      for (const name of ['admin', ' ADMIN ']) {
        const paused = await attempt(app, name, PASSWORD, '198.51.100.99');
        expect(paused.statusCode).toBe(429);
        expect(paused.json()).toMatchObject({ error: 'account_paused' });
        expect(paused.json().message).toMatch(/^too many wrong passwords for this account; try again in 15 min$/);
        const retryAfter = Number(paused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(14 * 60);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
        expect(paused.json().retryAfter).toBe(retryAfter);
        expect(paused.headers['set-cookie']).toBeUndefined();
      }
      // Another account signs in as before.
      expect((await attempt(app, 'other', PASSWORD, '198.51.100.1')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('a right password clears the failures before the limit is reached', async () => {
    const app = await serverWith(db, { loginFailuresPerAccount: 3 });
    try {
      for (const password of ['guess 1!', 'guess 2!', PASSWORD, 'guess 3!', 'guess 4!'])
        await attempt(app, 'other', password, '198.51.100.7');
      expect((await attempt(app, 'other', PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
