// @vitest-environment node
/**
 * Staff and tokens managed in the app: an administrator adds a person, who signs in with the
 * temporary password and must change it before anything else; disabling ends their sessions at
 * once; the office always keeps an enabled administrator; a password is reset with a temporary
 * password or a one-time link that works once; tokens are created (shown once), listed with their
 * last use and revoked; and an account is paused after repeated wrong passwords, in the database.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import { addUser } from '../../src/server/store/staff.js';
import { type TestDatabase, useBackends } from './backends.js';
import { call, PASSWORD, SCHOOL_X, serverWith, signIn } from './results-helpers.js';

const backends = useBackends();

const login = (app: FastifyInstance, name: string, password: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ name, password }),
  });

const cookieOf = (r: { cookies: { name: string; value: string }[] }) => ({
  cookie: `siang_session=${r.cookies.find((c) => c.name === 'siang_session')?.value}`,
});

describe.each(backends)('staff and tokens, on $name', (backend) => {
  let t: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let admin: { cookie: string };
  beforeAll(async () => {
    await backend.start();
    t = await backend.fresh();
    db = await t.open();
    app = await serverWith(db, { loginFailuresPerAccount: 3, loginPauseMinutes: 15 });
    await addUser(db, { name: 'admin', role: 'admin', password: PASSWORD });
    admin = await signIn(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('a person added by an administrator signs in with the temporary password and must change it first', async () => {
    const added = await call(app, admin, 'POST', '/api/v1/users', {
      name: 'somchai',
      role: 'supervisor',
      schools: [SCHOOL_X],
    });
    expect(added.statusCode).toBe(200);
    const temporary = added.json().temporaryPassword as string;
    expect(temporary.length).toBeGreaterThanOrEqual(10);
    expect((await call(app, admin, 'POST', '/api/v1/users', { name: 'somchai', role: 'admin' })).statusCode).toBe(409);

    const first = await login(app, 'somchai', temporary);
    expect(first.json()).toEqual({
      name: 'somchai',
      role: 'supervisor',
      schools: [SCHOOL_X],
      mustChangePassword: true,
    });
    const session = cookieOf(first);
    // Nothing else is open until the password is changed.
    const results = await call(app, session, 'GET', '/api/v1/surveys/stakeholder-satisfaction/results');
    expect([results.statusCode, results.json().error]).toEqual([403, 'password_change_required']);
    expect((await call(app, session, 'GET', '/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    // The respondents' routes stay open to the same browser (a kiosk, say).
    expect((await call(app, session, 'GET', '/api/v1/surveys')).statusCode).toBe(200);

    const short = await call(app, session, 'POST', '/api/v1/auth/password', { current: temporary, password: 'short' });
    expect([short.statusCode, short.json().error]).toEqual([400, 'weak_password']);
    const same = await call(app, session, 'POST', '/api/v1/auth/password', { current: temporary, password: temporary });
    expect([same.statusCode, same.json().error]).toEqual([400, 'same_password']);
    const wrong = await call(app, session, 'POST', '/api/v1/auth/password', {
      current: 'not-it-at-all',
      password: 'a new long password',
    });
    expect([wrong.statusCode, wrong.json().error]).toEqual([400, 'wrong_password']);
    const changed = await call(app, session, 'POST', '/api/v1/auth/password', {
      current: temporary,
      password: 'a new long password',
    });
    expect(changed.json()).toEqual({ name: 'somchai', role: 'supervisor', schools: [SCHOOL_X] });
    expect((await call(app, session, 'GET', '/api/v1/surveys/stakeholder-satisfaction/results')).statusCode).toBe(200);
    expect((await call(app, session, 'GET', '/api/v1/auth/me')).json().mustChangePassword).toBeUndefined();
    expect((await login(app, 'somchai', temporary)).statusCode).toBe(401);

    const listed = (await call(app, admin, 'GET', '/api/v1/users')).json().users as Record<string, unknown>[];
    const somchai = listed.find((u) => u.name === 'somchai');
    expect(somchai).toMatchObject({
      role: 'supervisor',
      schools: [SCHOOL_X],
      disabledAt: null,
      mustChangePassword: false,
    });
    expect(somchai?.lastSignInAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|password_hash/);
  });

  it('disabling a person ends their open session at once, and they are told why at sign-in; enabling lets them back', async () => {
    await addUser(db, { name: 'leaving', role: 'supervisor', password: PASSWORD });
    const session = await signIn(app, 'leaving');
    expect((await call(app, session, 'GET', '/api/v1/complaints')).statusCode).toBe(200);
    const off = await call(app, admin, 'PATCH', '/api/v1/users/leaving', { disabled: true });
    expect(off.json()).toMatchObject({ name: 'leaving', disabledAt: expect.any(String) });
    expect((await call(app, session, 'GET', '/api/v1/complaints')).statusCode).toBe(401);
    const refused = await login(app, 'leaving', PASSWORD);
    expect([refused.statusCode, refused.json().error]).toEqual([403, 'account_disabled']);
    expect(refused.headers['set-cookie']).toBeUndefined();
    // A wrong password still gets the plain 401: being disabled is told only to the owner.
    expect((await login(app, 'leaving', 'wrong password here')).statusCode).toBe(401);
    await call(app, admin, 'PATCH', '/api/v1/users/leaving', { disabled: false });
    expect((await login(app, 'leaving', PASSWORD)).statusCode).toBe(200);
  });

  it('an administrator cannot disable themself, nor leave the office with no enabled administrator', async () => {
    const self = await call(app, admin, 'PATCH', '/api/v1/users/admin', { disabled: true });
    expect([self.statusCode, self.json().error]).toEqual([409, 'self']);
    const demote = await call(app, admin, 'PATCH', '/api/v1/users/admin', { role: 'supervisor' });
    expect([demote.statusCode, demote.json().error]).toEqual([409, 'last_admin']);
    await addUser(db, { name: 'second-admin', role: 'admin', password: PASSWORD });
    const second = await signIn(app, 'second-admin');
    expect((await call(app, second, 'PATCH', '/api/v1/users/admin', { disabled: true })).statusCode).toBe(200);
    const last = await call(app, second, 'PATCH', '/api/v1/users/second-admin', { role: 'supervisor' });
    expect([last.statusCode, last.json().error]).toEqual([409, 'last_admin']);
    expect((await call(app, second, 'PATCH', '/api/v1/users/admin', { disabled: false })).statusCode).toBe(200);
    admin = await signIn(app, 'admin');
    expect((await call(app, admin, 'PATCH', '/api/v1/users/nobody', { disabled: true })).statusCode).toBe(404);
    const bad = await call(app, admin, 'PATCH', '/api/v1/users/second-admin', { role: 'owner' });
    expect(bad.statusCode).toBe(400);
  });

  it('a temporary-password reset ends the sessions and asks for a new password at the next sign-in', async () => {
    await addUser(db, { name: 'forgetful', role: 'supervisor', password: PASSWORD });
    const old = await signIn(app, 'forgetful');
    const r = await call(app, admin, 'POST', '/api/v1/users/forgetful/password-reset', { method: 'temporary' });
    const temporary = r.json().temporaryPassword as string;
    expect((await call(app, old, 'GET', '/api/v1/complaints')).statusCode).toBe(401);
    expect((await login(app, 'forgetful', PASSWORD)).statusCode).toBe(401);
    expect((await login(app, 'forgetful', temporary)).json().mustChangePassword).toBe(true);
    expect(
      (await call(app, admin, 'POST', '/api/v1/users/forgetful/password-reset', { method: 'mail' })).statusCode,
    ).toBe(400);
  });

  it('a one-time link sets a new password once, and not after 24 hours', async () => {
    await addUser(db, { name: 'linked', role: 'supervisor', password: PASSWORD });
    const r = await call(app, admin, 'POST', '/api/v1/users/linked/password-reset', { method: 'link' });
    const { link, expiresAt } = r.json() as { link: string; expiresAt: string };
    expect(link).toMatch(/^\/admin\/reset#token=[\w-]{43}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const token = link.split('#token=')[1];
    const reset = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/reset',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ token, password }),
      });
    expect((await reset('short')).statusCode).toBe(400);
    expect((await reset('my own new password')).statusCode).toBe(204);
    expect((await login(app, 'linked', 'my own new password')).statusCode).toBe(200);
    const again = await reset('another new password');
    expect([again.statusCode, again.json().error]).toEqual([410, 'link_invalid']);

    const late = await call(app, admin, 'POST', '/api/v1/users/linked/password-reset', { method: 'link' });
    await db.query("UPDATE password_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    const lateToken = (late.json().link as string).split('#token=')[1];
    const expired = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/reset',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ token: lateToken, password: 'too late a password' }),
    });
    expect(expired.statusCode).toBe(410);
  });

  it('a token is shown once, works, is listed with its last use, and stops working when revoked', async () => {
    const created = await call(app, admin, 'POST', '/api/v1/tokens', {
      name: 'nightly-export',
      role: 'supervisor',
      schools: [SCHOOL_X],
      expires: '90d',
    });
    expect(created.statusCode).toBe(200);
    const { token, id } = created.json() as { token: string; id: number };
    expect(created.json()).toMatchObject({ name: 'nightly-export', role: 'supervisor', schools: [SCHOOL_X] });
    expect((await call(app, { token }, 'GET', '/api/v1/surveys/stakeholder-satisfaction/results')).statusCode).toBe(
      200,
    );
    const listed = (await call(app, admin, 'GET', '/api/v1/tokens')).json().tokens as Record<string, unknown>[];
    const mine = listed.find((x) => x.id === id);
    expect(mine).toMatchObject({ lastUsedAt: expect.any(String), expiresAt: expect.any(String), revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);
    // A token cannot manage people or tokens, even an administrator's.
    const adminToken = (await call(app, admin, 'POST', '/api/v1/tokens', { name: 'ops', role: 'admin' })).json().token;
    expect((await call(app, { token: adminToken }, 'GET', '/api/v1/users')).statusCode).toBe(403);
    const revoked = await call(app, admin, 'POST', `/api/v1/tokens/${id}/revoke`);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect((await call(app, { token }, 'GET', '/api/v1/surveys/stakeholder-satisfaction/results')).statusCode).toBe(
      401,
    );
    expect((await call(app, admin, 'POST', '/api/v1/tokens/99999/revoke')).statusCode).toBe(404);
    expect((await call(app, admin, 'POST', '/api/v1/tokens', { name: 'x', role: 'supervisor' })).statusCode).toBe(400);
  });

  it('repeated wrong passwords pause the account for every address, and the pause outlives a restart', async () => {
    await addUser(db, { name: 'target', role: 'supervisor', password: PASSWORD });
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            remoteAddress: address,
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify({ name: 'Target', password: 'guess guess guess' }),
          })
        ).statusCode,
      ).toBe(401);
    const paused = await login(app, 'target', PASSWORD);
    expect([paused.statusCode, paused.json().error]).toEqual([429, 'account_paused']);
    expect(Number(paused.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // Another server process (or this one after a restart) reads the same count.
    const other = await serverWith(db, { loginFailuresPerAccount: 3, loginPauseMinutes: 15 });
    try {
      expect((await login(other, 'target', PASSWORD)).statusCode).toBe(429);
    } finally {
      await other.close();
    }
    // Other accounts go on; once the failures are older than the window, the account signs in.
    expect((await login(app, 'linked', 'my own new password')).statusCode).toBe(200);
    await db.query("UPDATE audit_log SET at = at - interval '16 minutes' WHERE target = 'Target'");
    expect((await login(app, 'target', PASSWORD)).statusCode).toBe(200);
  });

  it('a successful sign-in forgets the earlier wrong passwords', async () => {
    await addUser(db, { name: 'clumsy', role: 'supervisor', password: PASSWORD });
    for (let i = 0; i < 2; i++) expect((await login(app, 'clumsy', 'typo typo typo')).statusCode).toBe(401);
    expect((await login(app, 'clumsy', PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login(app, 'clumsy', 'typo typo typo')).statusCode).toBe(401);
    expect((await login(app, 'clumsy', PASSWORD)).statusCode).toBe(200);
  });

  it('supervisors may change their own password but not manage staff', async () => {
    await addUser(db, { name: 'sup', role: 'supervisor', password: PASSWORD });
    const sup = await signIn(app, 'sup');
    expect((await call(app, sup, 'GET', '/api/v1/users')).statusCode).toBe(403);
    expect(
      (await call(app, sup, 'POST', '/api/v1/auth/password', { current: PASSWORD, password: 'sup new password' }))
        .statusCode,
    ).toBe(200);
    // The session that changed it goes on; others end.
    expect((await call(app, sup, 'GET', '/api/v1/complaints')).statusCode).toBe(200);
  });
});
