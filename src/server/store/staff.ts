/**
 * Office staff who may read results (tables `users`, `sessions`, `api_tokens`). A user or token
 * has a role (admin or supervisor) and may be limited to some schools (`schools`, null = all).
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/database.js';
import { hashPassword, MIN_PASSWORD_LENGTH, newToken, tokenHash, verifyPassword } from '../auth/secrets.js';
import { cutoffBefore, type Period, parsePeriod } from './retention.js';

/** What a person or script may do. */
export type Role = 'admin' | 'supervisor';

/** Who is calling: a signed-in person or a script with a token. */
export interface Principal {
  kind: 'user' | 'token';
  name: string;
  role: Role;
  /** The schools this caller may see; `null` for all. */
  schools: string[] | null;
  /** A person signed in with a temporary password: they may only change it (or sign out). */
  mustChangePassword?: true;
}

/** Roles, for validation. */
export const ROLES: readonly Role[] = ['admin', 'supervisor'];

/** How long a sign-in lasts. */
export const SESSION_HOURS = 12;

const NAME = /^[\p{L}\p{N}._@-]{2,64}$/u;

/** Adds a person (or replaces their password, role and schools). */
export async function addUser(
  db: Queryable,
  input: { name: string; role: Role; password: string; schools?: string[] | null },
): Promise<{ created: boolean }> {
  if (!NAME.test(input.name)) throw new Error('a name is 2 to 64 letters, digits or . _ @ -');
  if (!ROLES.includes(input.role)) throw new Error('role must be admin or supervisor');
  if ([...input.password].length < MIN_PASSWORD_LENGTH)
    throw new Error(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  const hash = await hashPassword(input.password);
  const rows = await db.query<{ created: boolean }>(
    `INSERT INTO users (name, role, password_hash, schools) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, schools = EXCLUDED.schools,
       must_change_password = false, password_changed_at = now()
     RETURNING (xmax = 0) AS created`,
    [input.name, input.role, hash, input.schools?.length ? input.schools : null],
  );
  // Signing in again is required after a change.
  await db.query('DELETE FROM sessions WHERE user_name = $1', [input.name]);
  return { created: rows[0]?.created ?? false };
}

/** Checks a name and password; on success opens a session and returns its token. */
export async function signIn(
  db: Queryable,
  name: string,
  password: string,
): Promise<{ token: string; principal: Principal } | 'disabled' | undefined> {
  const rows = await db.query<{
    name: string;
    role: Role;
    password_hash: string;
    schools: string[] | null;
    disabled: boolean;
    must_change_password: boolean;
  }>(
    `SELECT name, role, password_hash, schools, disabled_at IS NOT NULL AS disabled, must_change_password
     FROM users WHERE name = $1`,
    [name],
  );
  const user = rows[0];
  // Without a user, still spend the time of a hash check, so timing does not tell who exists.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) return undefined;
  // Said only to whoever knows the password: a disabled account is not a secret from its owner.
  if (user.disabled) return 'disabled';
  const token = newToken();
  await db.query(
    `INSERT INTO sessions (token_hash, user_name, expires_at) VALUES ($1, $2, now() + interval '${SESSION_HOURS} hours')`,
    [tokenHash(token), user.name],
  );
  await db.query('DELETE FROM sessions WHERE expires_at < now()');
  return { token, principal: principalOf(user) };
}

function principalOf(u: {
  name: string;
  role: Role;
  schools: string[] | null;
  must_change_password: boolean;
}): Principal {
  const p: Principal = { kind: 'user', name: u.name, role: u.role, schools: u.schools };
  if (u.must_change_password) p.mustChangePassword = true;
  return p;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The person behind a session token, if the session is live. */
export async function sessionPrincipal(db: Queryable, token: string): Promise<Principal | undefined> {
  const rows = await db.query<{ name: string; role: Role; schools: string[] | null; must_change_password: boolean }>(
    `SELECT u.name, u.role, u.schools, u.must_change_password FROM sessions s JOIN users u ON u.name = s.user_name
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [tokenHash(token)],
  );
  const u = rows[0];
  return u ? principalOf(u) : undefined;
}

/** Ends a session. */
export async function signOut(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Creates an API token for scripts; the token itself is returned once and never stored. */
export async function createApiToken(
  db: Queryable,
  input: { name: string; role: Role; schools?: string[] | null; expiresAt?: Date | string | null },
): Promise<string> {
  if (!NAME.test(input.name)) throw new Error('a token name is 2 to 64 letters, digits or . _ @ -');
  if (!ROLES.includes(input.role)) throw new Error('role must be admin or supervisor');
  const expiresAt = input.expiresAt == null ? null : new Date(input.expiresAt);
  if (expiresAt && !(expiresAt.getTime() > Date.now())) throw new Error('the expiry must be in the future');
  const token = newToken();
  await db.query('INSERT INTO api_tokens (token_hash, name, role, schools, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    tokenHash(token),
    input.name,
    input.role,
    input.schools?.length ? input.schools : null,
    expiresAt?.toISOString() ?? null,
  ]);
  return token;
}

/**
 * When a token given `--expires` stops working: after a period from `now` (90d, 6m, 1y), or at
 * the end of a date (YYYY-MM-DD) in the office's time zone.
 */
export function tokenExpiry(text: string, now = new Date()): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = Date.parse(`${text}T00:00:00+07:00`);
    if (Number.isNaN(start) || new Date(start + 7 * 3_600_000).toISOString().slice(0, 10) !== text)
      throw new Error(`"${text}" is not a date`);
    return new Date(start + 86_400_000);
  }
  let period: Period;
  try {
    period = parsePeriod(text);
  } catch {
    throw new Error(`"${text}" is not an expiry: write a period such as 90d, 6m or 1y, or a date such as 2027-03-31`);
  }
  // The moment a negative period "before" now is that period after it.
  return cutoffBefore(now, { ...period, amount: -period.amount });
}

/** An API token as listed: everything but the secret. */
export interface ApiTokenInfo {
  id: number;
  name: string;
  role: Role;
  schools: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Every API token, oldest first (never the token itself: only its hash is stored). */
export async function listApiTokens(db: Queryable): Promise<ApiTokenInfo[]> {
  const rows = await db.query<{
    id: number | string;
    name: string;
    role: Role;
    schools: string[] | null;
    created_at: Date | string;
    last_used_at: Date | string | null;
    expires_at: Date | string | null;
    revoked_at: Date | string | null;
  }>('SELECT id, name, role, schools, created_at, last_used_at, expires_at, revoked_at FROM api_tokens ORDER BY id');
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    role: r.role,
    schools: r.schools,
    createdAt: iso(r.created_at) as string,
    lastUsedAt: iso(r.last_used_at),
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
  }));
}

/** Revokes a token by its id: `revoked` (now), `already` (it was) or `unknown` (no such id). */
export async function revokeApiToken(db: Queryable, id: number): Promise<'revoked' | 'already' | 'unknown'> {
  if (!Number.isSafeInteger(id) || id < 1) return 'unknown';
  const rows = await db.query<{ was: Date | string | null }>(
    `UPDATE api_tokens t SET revoked_at = coalesce(t.revoked_at, now()) FROM api_tokens old
     WHERE t.id = $1 AND old.id = t.id RETURNING old.revoked_at AS was`,
    [id],
  );
  if (!rows[0]) return 'unknown';
  return rows[0].was === null ? 'revoked' : 'already';
}

/**
 * The script behind an API token, if the token is valid (not revoked, not expired). Its last use
 * is written at most once a minute, so a busy script does not write on every request.
 */
export async function tokenPrincipal(db: Queryable, token: string): Promise<Principal | undefined> {
  const hash = tokenHash(token);
  const rows = await db.query<{ name: string; role: Role; schools: string[] | null; stale: boolean }>(
    `SELECT name, role, schools, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
     FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hash],
  );
  const t = rows[0];
  if (!t) return undefined;
  if (t.stale) await db.query('UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1', [hash]);
  return { kind: 'token', name: t.name, role: t.role, schools: t.schools };
}

/** A person as the staff screen lists them (never the password hash). */
export interface UserInfo {
  name: string;
  role: Role;
  schools: string[] | null;
  createdAt: string;
  disabledAt: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  /** Their newest successful sign-in, read from the audit log. */
  lastSignInAt: string | null;
}

/** Every person, by name, with their newest sign-in. */
export async function listUsers(db: Queryable): Promise<UserInfo[]> {
  const rows = await db.query<{
    name: string;
    role: Role;
    schools: string[] | null;
    created_at: Date | string;
    disabled_at: Date | string | null;
    must_change_password: boolean;
    password_changed_at: Date | string | null;
    last_sign_in: Date | string | null;
  }>(
    `SELECT u.name, u.role, u.schools, u.created_at, u.disabled_at, u.must_change_password, u.password_changed_at,
       (SELECT max(a.at) FROM audit_log a WHERE a.action = 'sign_in' AND a.actor = u.name) AS last_sign_in
     FROM users u ORDER BY u.name`,
  );
  return rows.map((r) => ({
    name: r.name,
    role: r.role,
    schools: r.schools,
    createdAt: iso(r.created_at) as string,
    disabledAt: iso(r.disabled_at),
    mustChangePassword: r.must_change_password,
    passwordChangedAt: iso(r.password_changed_at),
    lastSignInAt: iso(r.last_sign_in),
  }));
}

/** A refusal a route turns into a 4xx: `code` is the API's `error`. */
export class StaffError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// No 0/O, 1/l/I: a temporary password is read off a screen and typed on another device.
const READABLE = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A temporary password: 15 readable characters in three groups ("k7mq2-xt9pa-4hwzn"). */
export function temporaryPassword(): string {
  const bytes = randomBytes(15);
  const chars = [...bytes].map((b) => READABLE[b % READABLE.length]);
  return [0, 5, 10].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** Checks a new password by the rules `siang user add` applies; throws a StaffError. */
export function checkNewPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw new StaffError(400, 'weak_password', `a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 1024) throw new StaffError(400, 'bad_request', 'a password has at most 1024 characters');
}

function checkRoleAndSchools(role: unknown, schools: unknown): void {
  if (!ROLES.includes(role as Role)) throw new StaffError(400, 'bad_request', 'role must be admin or supervisor');
  if (
    schools !== null &&
    schools !== undefined &&
    !(Array.isArray(schools) && schools.length <= 500 && schools.every((s) => typeof s === 'string' && s.length <= 200))
  )
    throw new StaffError(400, 'bad_request', 'schools is a list of school names, or null for all');
}

/** Adds a person with a temporary password they must change at first sign-in; returns it. */
export async function createUser(
  db: Queryable,
  input: { name: string; role: Role; schools?: string[] | null },
): Promise<string> {
  if (!NAME.test(input.name)) throw new StaffError(400, 'bad_request', 'a name is 2 to 64 letters, digits or . _ @ -');
  checkRoleAndSchools(input.role, input.schools);
  const password = temporaryPassword();
  const rows = await db.query(
    `INSERT INTO users (name, role, password_hash, schools, must_change_password) VALUES ($1, $2, $3, $4, true)
     ON CONFLICT (name) DO NOTHING RETURNING name`,
    [input.name, input.role, await hashPassword(password), input.schools?.length ? input.schools : null],
  );
  if (!rows.length) throw new StaffError(409, 'exists', `there is already a person named ${input.name}`);
  return password;
}

/** What changed about a person, for the audit log (no values that are personal). */
export interface UserChange {
  role?: Role;
  schools?: string[] | null;
  disabled?: boolean;
}

/**
 * Changes a person's role, schools or disabled state, in one transaction that locks the admins'
 * rows, so that two admins disabling each other at once cannot leave the office with none.
 * Disabling ends the person's sessions. `by` is the admin making the change.
 */
export async function updateUser(db: Db, name: string, change: UserChange, by: string): Promise<void> {
  if (change.role !== undefined || change.schools !== undefined)
    checkRoleAndSchools(change.role ?? 'admin', change.schools);
  if (change.disabled === true && name === by) throw new StaffError(409, 'self', 'you cannot disable your own account');
  await db.transaction(async (tx) => {
    const admins = await tx.query<{ name: string }>(
      `SELECT name FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY name FOR UPDATE`,
    );
    const rows = await tx.query<{ role: Role; disabled: boolean }>(
      'SELECT role, disabled_at IS NOT NULL AS disabled FROM users WHERE name = $1 FOR UPDATE',
      [name],
    );
    const user = rows[0];
    if (!user) throw new StaffError(404, 'not_found', 'no such person');
    const staysAdmin = (change.role ?? user.role) === 'admin' && !(change.disabled ?? user.disabled);
    if (!staysAdmin && admins.length === 1 && admins[0]?.name === name)
      throw new StaffError(409, 'last_admin', 'the office must keep at least one enabled administrator');
    await tx.query(
      `UPDATE users SET role = coalesce($2, role),
         schools = CASE WHEN $3::boolean THEN $4::text[] ELSE schools END,
         disabled_at = CASE WHEN $5::boolean IS NULL THEN disabled_at WHEN $5 THEN coalesce(disabled_at, now()) ELSE NULL END
       WHERE name = $1`,
      [
        name,
        change.role ?? null,
        change.schools !== undefined,
        change.schools?.length ? change.schools : null,
        change.disabled ?? null,
      ],
    );
    if (change.disabled === true || change.role !== undefined || change.schools !== undefined)
      await tx.query('DELETE FROM sessions WHERE user_name = $1', [name]);
  });
}

/** Whether a person exists. */
export async function userExists(db: Queryable, name: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE name = $1', [name])).length > 0;
}

/** Gives a person a new temporary password (which they must change) and ends their sessions. */
export async function resetWithTemporaryPassword(db: Db, name: string): Promise<string> {
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const rows = await tx.query(
      'UPDATE users SET password_hash = $2, must_change_password = true WHERE name = $1 RETURNING name',
      [name, hash],
    );
    if (!rows.length) throw new StaffError(404, 'not_found', 'no such person');
    await tx.query('DELETE FROM sessions WHERE user_name = $1', [name]);
    await tx.query('UPDATE password_links SET used_at = now() WHERE user_name = $1 AND used_at IS NULL', [name]);
  });
  return password;
}

/** How long a one-time password link works. */
export const PASSWORD_LINK_HOURS = 24;

/**
 * A one-time link for a person to set a new password themself: the secret is returned once (only
 * its hash is kept), works for PASSWORD_LINK_HOURS, and replaces any earlier unused link.
 */
export async function createPasswordLink(
  db: Db,
  name: string,
  by: string,
): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = await db.transaction(async (tx) => {
    if (!(await userExists(tx, name))) throw new StaffError(404, 'not_found', 'no such person');
    await tx.query('UPDATE password_links SET used_at = now() WHERE user_name = $1 AND used_at IS NULL', [name]);
    const rows = await tx.query<{ expires_at: Date | string }>(
      `INSERT INTO password_links (token_hash, user_name, created_by, expires_at)
       VALUES ($1, $2, $3, now() + interval '${PASSWORD_LINK_HOURS} hours') RETURNING expires_at`,
      [tokenHash(token), name, by],
    );
    return iso(rows[0]?.expires_at ?? null) as string;
  });
  return { token, expiresAt };
}

/**
 * Sets a new password from a one-time link; the link is spent even if two requests race (the
 * UPDATE … WHERE used_at IS NULL admits one). Returns the person's name, or undefined for a link
 * that is unknown, used or expired. Ends the person's sessions.
 */
export async function resetWithLink(db: Db, token: string, password: string): Promise<string | undefined> {
  checkNewPassword(password);
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ user_name: string }>(
      `UPDATE password_links SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_name`,
      [tokenHash(token)],
    );
    const name = rows[0]?.user_name;
    if (!name) return undefined;
    await tx.query(
      'UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now() WHERE name = $1',
      [name, hash],
    );
    await tx.query('DELETE FROM sessions WHERE user_name = $1', [name]);
    return name;
  });
}

/**
 * A person changes their own password, proving the current one (by the rules of `siang user add`;
 * after a temporary password, the new one must differ from it). Their other sessions end; the
 * one that made the change (`keepSession`, a session token) goes on. False for a wrong current
 * password.
 */
export async function changeOwnPassword(
  db: Db,
  name: string,
  current: string,
  password: string,
  keepSession: string | undefined,
): Promise<boolean> {
  checkNewPassword(password);
  const rows = await db.query<{ password_hash: string; must_change_password: boolean }>(
    'SELECT password_hash, must_change_password FROM users WHERE name = $1',
    [name],
  );
  if (!(await verifyPassword(current, rows[0]?.password_hash ?? DUMMY_HASH))) return false;
  // A temporary password was seen by the administrator who made it: it cannot stay.
  if (rows[0]?.must_change_password && current === password)
    throw new StaffError(400, 'same_password', 'the new password must differ from the temporary one');
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now() WHERE name = $1',
      [name, hash],
    );
    await tx.query('DELETE FROM sessions WHERE user_name = $1 AND token_hash <> $2', [
      name,
      keepSession ? tokenHash(keepSession) : '',
    ]);
  });
  return true;
}

/** The id of a token, from the token itself (just created). */
export async function apiTokenId(db: Queryable, token: string): Promise<number> {
  const rows = await db.query<{ id: string | number }>('SELECT id FROM api_tokens WHERE token_hash = $1', [
    tokenHash(token),
  ]);
  return Number(rows[0]?.id);
}
