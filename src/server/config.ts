/** The server's settings, from the environment (README "Configuration"). */
import { resolve } from 'node:path';

/** Everything the server reads from its environment. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Where the embedded database, the lock and the control socket live. */
  dataDir: string;
  /** PostgreSQL instead of the embedded database. */
  databaseUrl: string | undefined;
  /** The built app (index.html, assets, sw.js). */
  staticDir: string;
  /** Origins allowed to call the API from another host (CORS). */
  corsOrigins: string[];
  /** Requests per minute per client address before 429. */
  rateLimitPerMinute: number;
  /** Sign-in attempts per minute per client address. */
  loginPerMinute: number;
  /**
   * Behind a reverse proxy (nginx, a TLS terminator): which proxy to believe about the client's
   * address and https (X-Forwarded-For, X-Forwarded-Proto). `false` believes none.
   */
  trustProxy: boolean | string[];
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

function trustProxy(raw: string | undefined): boolean | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  const addresses = value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  for (const a of addresses) {
    if (!/^[0-9a-fA-F.:]+(\/[0-9]{1,3})?$/.test(a))
      throw new Error(`TRUST_PROXY must be true or the proxies' addresses, like 10.0.0.1,192.168.0.0/16; not "${a}"`);
  }
  return addresses;
}

/** Reads the configuration; a bad value stops the start with a message saying which. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): ServerConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer('PORT', env.PORT, 8080, 0, 65535),
    dataDir: resolve(root, env.DATA_DIR ?? 'data'),
    databaseUrl,
    staticDir: resolve(root, env.STATIC_DIR ?? 'dist'),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimitPerMinute: integer('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 600, 1, 10_000_000),
    loginPerMinute: integer('LOGIN_PER_MINUTE', env.LOGIN_PER_MINUTE, 10, 1, 10_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
  };
}
