/**
 * Office staff who may read results (tables `users`, `sessions`, `api_tokens`). A user or token
 * has a role (admin or supervisor) and may be limited to some schools (`schools`, null = all).
 */
import type { Queryable } from '../db/database.js';
import { hashPassword, MIN_PASSWORD_LENGTH, newToken, tokenHash, verifyPassword } from '../auth/secrets.js';

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
  input: { name: string; role: Role; schools?: string[] | null },
): Promise<string> {
  if (!NAME.test(input.name)) throw new Error('a token name is 2 to 64 letters, digits or . _ @ -');
  if (!ROLES.includes(input.role)) throw new Error('role must be admin or supervisor');
  const token = newToken();
  await db.query('INSERT INTO api_tokens (token_hash, name, role, schools) VALUES ($1, $2, $3, $4)', [
    tokenHash(token),
    input.name,
    input.role,
    input.schools?.length ? input.schools : null,
  ]);
  return token;
}

/** The script behind an API token, if the token is valid. */
export async function tokenPrincipal(db: Queryable, token: string): Promise<Principal | undefined> {
  const rows = await db.query<{ name: string; role: Role; schools: string[] | null }>(
    'SELECT name, role, schools FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
    [tokenHash(token)],
  );
  const t = rows[0];
  return t ? { kind: 'token', name: t.name, role: t.role, schools: t.schools } : undefined;
}
