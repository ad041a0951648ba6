/**
 * Office staff who may read results (tables `users`, `sessions`, `api_tokens`). A user or token
 * has a role (admin or supervisor) and may be limited to some schools (`schools`, null = all).
 */
import type { Queryable } from '../db/database.js';
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
     ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, schools = EXCLUDED.schools
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
): Promise<{ token: string; principal: Principal } | undefined> {
  const rows = await db.query<{ name: string; role: Role; password_hash: string; schools: string[] | null }>(
    'SELECT name, role, password_hash, schools FROM users WHERE name = $1',
    [name],
  );
  const user = rows[0];
  // Without a user, still spend the time of a hash check, so timing does not tell who exists.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) return undefined;
  const token = newToken();
  await db.query(
    `INSERT INTO sessions (token_hash, user_name, expires_at) VALUES ($1, $2, now() + interval '${SESSION_HOURS} hours')`,
    [tokenHash(token), user.name],
  );
  await db.query('DELETE FROM sessions WHERE expires_at < now()');
  return { token, principal: { kind: 'user', name: user.name, role: user.role, schools: user.schools } };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The person behind a session token, if the session is live. */
export async function sessionPrincipal(db: Queryable, token: string): Promise<Principal | undefined> {
  const rows = await db.query<{ name: string; role: Role; schools: string[] | null }>(
    `SELECT u.name, u.role, u.schools FROM sessions s JOIN users u ON u.name = s.user_name
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash(token)],
  );
  const u = rows[0];
  return u ? { kind: 'user', name: u.name, role: u.role, schools: u.schools } : undefined;
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
