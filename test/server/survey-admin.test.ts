// @vitest-environment node
/**
 * The survey builder's server side, as admins and devices meet it: drafts saved as they are
 * edited, two admins on one draft, publishing with breaking changes, the collection window, and
 * responses arriving from devices around a close.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/core/survey.js';
import { shippedSurveys } from '../../src/server/content.js';
import type { Db } from '../../src/server/db/database.js';
import { AFTER_CLOSE_REASON, BEFORE_OPEN_REASON } from '../../src/server/store/submissions.js';
import { addUser } from '../../src/server/store/staff.js';
import { type TestDatabase, useBackends } from './backends.js';
import { aResponse, postOne, serverOn, stakeholderAnswers } from './fixtures.js';
import { call, PASSWORD, signIn } from './results-helpers.js';

const backends = useBackends();
const stakeholder = shippedSurveys().find((s) => s.id === 'stakeholder-satisfaction') as SurveyDefinition;

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
const copy = (s: SurveyDefinition) => structuredClone(s) as Mutable<SurveyDefinition>;

/** A small new survey, as the builder makes one from blank. */
function blank(id: string): SurveyDefinition {
  return {
    format: 1,
    id,
    version: 1,
    kind: 'survey',
    title: { th: 'แบบสำรวจความพึงพอใจงานวันเด็ก', en: "Children's day satisfaction" },
    privacy: { version: '1', title: { th: 'ความเป็นส่วนตัว', en: 'Privacy' }, body: [{ th: 'ไม่ระบุชื่อ', en: 'Anonymous' }] },
    sections: [
      {
        id: 'main',
        title: { th: 'คำถาม', en: 'Questions' },
        questions: [
          {
            id: 'liked',
            type: 'single',
            required: true,
            label: { th: 'ชอบงานไหม', en: 'Did you like it?' },
            options: [
              { value: 'yes', label: { th: 'ชอบ', en: 'Yes' } },
              { value: 'no', label: { th: 'ไม่ชอบ', en: 'No' } },
            ],
          },
        ],
      },
    ],
  };
}

describe.each(backends)('the survey builder on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let somchai: { cookie: string };
  let malee: { cookie: string };
  let supervisor: { cookie: string };

  beforeAll(() => backend.start());
  const open = async () => {
    t = await backend.fresh();
    db = await t.open();
    app = await serverOn(db);
    await addUser(db, { name: 'somchai', role: 'admin', password: PASSWORD });
    await addUser(db, { name: 'malee', role: 'admin', password: PASSWORD });
    await addUser(db, { name: 'sup', role: 'supervisor', password: PASSWORD });
    somchai = await signIn(app, 'somchai');
    malee = await signIn(app, 'malee');
    supervisor = await signIn(app, 'sup');
  };
  afterEach(async () => {
    await app?.close();
    await t?.dispose();
  });
  const list = async (who = somchai) =>
    (await call(app, who, 'GET', '/api/v1/admin/surveys')).json().surveys as Array<Record<string, unknown>>;
  const entry = async (id: string) => (await list()).find((s) => s.id === id) as Record<string, unknown>;
  const publicEntry = async (id: string) =>
    ((await call(app, null, 'GET', '/api/v1/surveys')).json().surveys as Array<Record<string, unknown>>).find(
      (s) => s.id === id,
    );
  const audit = async (action: string) =>
    db.query<{ actor: string; target: string; details: Record<string, unknown> }>(
      'SELECT actor, target, details FROM audit_log WHERE action = $1 ORDER BY id',
      [action],
    );

  it('a blank survey saved as a draft is listed as a draft, with its problems, and nobody else sees it', async () => {
    await open();
    const made = await call(app, somchai, 'POST', '/api/v1/surveys', { definition: blank('childrens-day') });
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ id: 'childrens-day', revision: 1, problems: [] });
    const draft = await call(app, somchai, 'GET', '/api/v1/surveys/childrens-day/draft');
    expect(draft.json()).toMatchObject({ revision: 1, updatedBy: 'somchai', problems: [] });
    expect(draft.json().definition).toEqual(blank('childrens-day'));
    expect(await entry('childrens-day')).toMatchObject({
      state: 'draft',
      latestVersion: null,
      versions: [],
      draft: { revision: 1, updatedBy: 'somchai' },
      window: { opensAt: null, closesAt: null, closedAt: null },
      responses: 0,
      changedBy: 'somchai',
    });
    // Supervisors read the list but may not edit; respondents never see a draft.
    expect((await list(supervisor)).map((s) => s.id)).toContain('childrens-day');
    expect((await call(app, supervisor, 'POST', '/api/v1/surveys', blank('x'))).statusCode).toBe(403);
    expect(await publicEntry('childrens-day')).toBeUndefined();
    expect(await audit('survey_created')).toMatchObject([{ actor: 'somchai', target: 'childrens-day' }]);

    // A draft with a missing translation is saved, with the validator's problem at its place.
    const broken = copy(blank('childrens-day'));
    broken.title.en = '';
    const saved = await call(app, somchai, 'POST', '/api/v1/surveys', { definition: broken, revision: 1 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().problems).toEqual([{ path: 'title.en', message: expect.any(String) }]);
  });

  it('two admins saving the same draft: the second is told who saved first and when, and nothing is overwritten', async () => {
    await open();
    await call(app, somchai, 'POST', '/api/v1/surveys', { definition: blank('childrens-day') });
    const mine = copy(blank('childrens-day'));
    mine.title.th = 'ฉบับของสมชาย';
    const theirs = copy(blank('childrens-day'));
    theirs.title.th = 'ฉบับของมาลี';
    const first = await call(app, somchai, 'POST', '/api/v1/surveys', { definition: mine, revision: 1 });
    expect(first.json().revision).toBe(2);
    const second = await call(app, malee, 'POST', '/api/v1/surveys', { definition: theirs, revision: 1 });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      error: 'conflict',
      current: { revision: 2, updatedBy: 'somchai', updatedAt: first.json().updatedAt },
    });
    expect(second.json().message).toContain('somchai');
    // A create over an existing draft (no revision) is refused the same way.
    expect((await call(app, malee, 'POST', '/api/v1/surveys', theirs)).statusCode).toBe(409);
    const kept = await call(app, malee, 'GET', '/api/v1/surveys/childrens-day/draft');
    expect(kept.json().definition.title.th).toBe('ฉบับของสมชาย');
    // Once she has loaded the newest revision, her save goes through.
    const retry = await call(app, malee, 'POST', '/api/v1/surveys', { definition: theirs, revision: 2 });
    expect([retry.statusCode, retry.json().revision]).toEqual([200, 3]);
  });

  it('saving a draft many times leaves one audit entry per person per ten minutes', async () => {
    await open();
    await call(app, somchai, 'POST', '/api/v1/surveys', { definition: stakeholder });
    for (let revision = 1; revision <= 4; revision++)
      await call(app, somchai, 'POST', '/api/v1/surveys', { definition: stakeholder, revision });
    await call(app, malee, 'POST', '/api/v1/surveys', { definition: stakeholder, revision: 5 });
    expect((await audit('survey_draft_saved')).map((e) => [e.actor, e.target])).toEqual([
      ['somchai', 'stakeholder-satisfaction'],
      ['malee', 'stakeholder-satisfaction'],
    ]);
    // A published survey's new draft is not a new survey.
    expect(await audit('survey_created')).toEqual([]);
  });

  it('publishing with a removed question asks to confirm, then makes version 2; answers to version 1 still arrive', async () => {
    await open();
    const next = copy(stakeholder);
    const profile = next.sections[0] as Mutable<SurveyDefinition['sections'][number]>;
    const removed = profile.questions.findIndex((q) => q.id === 'contact_channels');
    expect(removed).toBeGreaterThanOrEqual(0);
    const gone = profile.questions.splice(removed, 1);
    next.title.en = `${stakeholder.title.en} 2570`;
    const saved = await call(app, somchai, 'POST', '/api/v1/surveys', { definition: next });
    expect(saved.statusCode).toBe(200);

    const diff = await call(app, somchai, 'GET', '/api/v1/surveys/stakeholder-satisfaction/diff');
    expect(diff.json().base).toBe(1);
    expect(diff.json().changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'safe', code: 'text_changed', path: 'title' }),
        expect.objectContaining({ severity: 'breaking', code: 'question_removed', question: gone[0]?.id }),
      ]),
    );

    const refused = await call(app, somchai, 'POST', '/api/v1/surveys/stakeholder-satisfaction/publish', {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'breaking_changes' });
    expect(refused.json().changes).toEqual(diff.json().changes);
    expect((await publicEntry('stakeholder-satisfaction'))?.version).toBe(1);

    const published = await call(app, somchai, 'POST', '/api/v1/surveys/stakeholder-satisfaction/publish', {
      revision: 1,
      confirmBreaking: true,
    });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ id: 'stakeholder-satisfaction', version: 2 });
    expect((await call(app, somchai, 'GET', '/api/v1/surveys/stakeholder-satisfaction/draft')).statusCode).toBe(404);
    const v2 = await call(app, null, 'GET', '/api/v1/surveys/stakeholder-satisfaction');
    expect(v2.json()).toMatchObject({ version: 2, title: next.title });
    expect(await publicEntry('stakeholder-satisfaction')).toMatchObject({ version: 2, versions: [2, 1], open: true });
    expect(await entry('stakeholder-satisfaction')).toMatchObject({
      state: 'open',
      latestVersion: 2,
      draft: null,
      versions: [
        { version: 2, publishedBy: 'somchai', responses: 0 },
        { version: 1, publishedBy: null, responses: 0 },
      ],
    });
    expect(await audit('survey_published')).toMatchObject([
      { actor: 'somchai', target: 'stakeholder-satisfaction', details: { version: 2, base: 1, breaking: 1, safe: 1 } },
    ]);

    // A phone that began on version 1 sends it now: accepted and counted under version 1.
    const old = aResponse({ surveyId: 'stakeholder-satisfaction', surveyVersion: 1, answers: stakeholderAnswers() });
    expect((await postOne(app, old)).status).toBe('stored');
    expect((await entry('stakeholder-satisfaction')).versions).toMatchObject([
      { version: 2, responses: 0 },
      { version: 1, responses: 1 },
    ]);
  });

  it('an invalid draft is not published; a safe change publishes without a confirmation', async () => {
    await open();
    const broken = copy(stakeholder);
    broken.title.th = ' ';
    await call(app, somchai, 'POST', '/api/v1/surveys', broken);
    const refused = await call(app, somchai, 'POST', '/api/v1/surveys/stakeholder-satisfaction/publish', {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'invalid', problems: [{ path: 'title.th' }] });

    const fixed = copy(stakeholder);
    fixed.title.th = `${stakeholder.title.th} ปี 2570`;
    const stale = await call(app, malee, 'POST', '/api/v1/surveys/stakeholder-satisfaction/publish', { revision: 7 });
    expect(stale.statusCode).toBe(409);
    await call(app, somchai, 'POST', '/api/v1/surveys', { definition: fixed, revision: 1 });
    const published = await call(app, somchai, 'POST', '/api/v1/surveys/stakeholder-satisfaction/publish', {});
    expect(published.statusCode).toBe(200);
    expect(published.json().version).toBe(2);
    expect(published.json().changes).toEqual([expect.objectContaining({ severity: 'safe', code: 'text_changed' })]);
    expect((await call(app, somchai, 'POST', '/api/v1/surveys/nothing-here/publish', {})).statusCode).toBe(404);
  });

  it('a survey closed by hand: responses completed before the close still count, later ones are kept but excluded', async () => {
    await open();
    const before = aResponse({ completedAt: new Date(Date.now() - 60_000).toISOString() });
    const closed = await call(app, somchai, 'POST', '/api/v1/surveys/complaint/close');
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ id: 'complaint', state: 'closed', window: { closedAt: expect.any(String) } });
    expect(await publicEntry('complaint')).toMatchObject({
      open: false,
      window: { opensAt: null, closesAt: closed.json().window.closedAt },
    });
    expect((await entry('complaint')).state).toBe('closed');

    const after = aResponse({
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      completedAt: new Date(Date.now() + 1000).toISOString(),
      privacyAcceptedAt: new Date(Date.now() - 50_000).toISOString(),
    });
    expect((await postOne(app, before)).status).toBe('stored');
    expect((await postOne(app, after)).status).toBe('stored');
    const rows = await db.query<{ id: string; exclusion: string | null; exclusion_reason: string | null }>(
      'SELECT id, exclusion, exclusion_reason FROM responses WHERE id = ANY($1::uuid[])',
      [[before.id, after.id]],
    );
    expect(rows.find((r) => r.id === before.id)).toMatchObject({ exclusion: null, exclusion_reason: null });
    expect(rows.find((r) => r.id === after.id)).toMatchObject({
      exclusion: 'excluded',
      exclusion_reason: AFTER_CLOSE_REASON,
    });

    const reopened = await call(app, malee, 'POST', '/api/v1/surveys/complaint/open');
    expect(reopened.json()).toMatchObject({ state: 'open', window: { closedAt: null } });
    expect((await publicEntry('complaint'))?.open).toBe(true);
    expect((await audit('survey_closed')).map((e) => e.actor)).toEqual(['somchai']);
    expect((await audit('survey_opened')).map((e) => e.actor)).toEqual(['malee']);
  });

  it('a scheduled window: the survey waits, a response completed before it opens is kept as a test', async () => {
    await open();
    const opensAt = new Date(Date.now() + 86_400_000).toISOString();
    const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const set = await call(app, somchai, 'PUT', '/api/v1/surveys/complaint/window', { opensAt, closesAt });
    expect(set.json()).toMatchObject({ state: 'scheduled', window: { opensAt, closesAt, closedAt: null } });
    expect(await publicEntry('complaint')).toMatchObject({ open: false, window: { opensAt, closesAt } });
    const early = aResponse();
    expect((await postOne(app, early)).status).toBe('stored');
    const [row] = await db.query<{ exclusion: string; exclusion_reason: string }>(
      'SELECT exclusion, exclusion_reason FROM responses WHERE id = $1',
      [early.id],
    );
    expect(row).toEqual({ exclusion: 'test', exclusion_reason: BEFORE_OPEN_REASON });
    expect(await audit('survey_window_set')).toMatchObject([{ details: { opensAt, closesAt } }]);

    for (const body of [
      { opensAt: 'tomorrow', closesAt: null },
      { opensAt: closesAt, closesAt: opensAt },
    ])
      expect((await call(app, somchai, 'PUT', '/api/v1/surveys/complaint/window', body)).statusCode).toBe(400);
    expect(
      (await call(app, somchai, 'PUT', '/api/v1/surveys/nothing/window', { opensAt: null, closesAt: null })).statusCode,
    ).toBe(404);
  });

  it('a draft is deleted, and a draft of a published survey is made by POST', async () => {
    await open();
    await call(app, somchai, 'POST', '/api/v1/surveys', stakeholder);
    expect((await entry('stakeholder-satisfaction')).draft).toMatchObject({ revision: 1 });
    expect((await call(app, somchai, 'DELETE', '/api/v1/surveys/stakeholder-satisfaction/draft')).statusCode).toBe(200);
    expect((await entry('stakeholder-satisfaction')).draft).toBeNull();
    expect((await call(app, somchai, 'DELETE', '/api/v1/surveys/stakeholder-satisfaction/draft')).statusCode).toBe(404);
    expect((await call(app, somchai, 'POST', '/api/v1/surveys', { definition: { id: 'Bad Id' } })).statusCode).toBe(
      400,
    );
  });
});
