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
  /** Wrong passwords for one account, from any address, before it is paused (429). */
  loginFailuresPerAccount: number;
  /** How long those failures count, and how long the pause lasts, in minutes. */
  loginPauseMinutes: number;
  /**
   * Behind a reverse proxy (nginx, Caddy, a TLS terminator): which proxies to believe about the
   * client's address and https (X-Forwarded-For, X-Forwarded-Proto): their addresses. `false`
   * believes none. Never "everyone": the client could then pick its own address.
   */
  trustProxy: false | string[];
  /** https: the PEM certificate (chain) and private key files; plain http without them. */
  tls: { certFile: string; keyFile: string } | undefined;
  /** Free space DATA_DIR must keep; writes to the embedded database are refused below it. */
  diskReserveBytes: number;
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(raw: string | undefined): false | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  // "true" believed every X-Forwarded-For, so a client could choose its own address (and escape
  // the rate limits); a hop count cannot be checked against the peer (Fastify refuses it).
  if (value === 'true' || /^[0-9]+$/.test(value))
    throw new Error(
      `TRUST_PROXY=${value} is not accepted: it would let any client choose its own address. Give the proxy's address instead (loopback when it runs on this machine, or like 10.0.0.1,192.168.0.0/16)`,
    );
  const addresses = value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  for (const a of addresses) {
    if (!PROXY_RANGES.includes(a) && !/^[0-9a-fA-F.:]+(\/[0-9]{1,3})?$/.test(a))
      throw new Error(
        `TRUST_PROXY must be the proxies' addresses, like loopback or 10.0.0.1,192.168.0.0/16; not "${a}"`,
      );
  }
  return addresses;
}

function tls(cert: string | undefined, key: string | undefined, root: string): ServerConfig['tls'] {
  const certFile = cert?.trim();
  const keyFile = key?.trim();
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('TLS_CERT and TLS_KEY go together: give both files, or neither');
  return { certFile: resolve(root, certFile), keyFile: resolve(root, keyFile) };
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
    loginFailuresPerAccount: integer('LOGIN_FAILURES_PER_ACCOUNT', env.LOGIN_FAILURES_PER_ACCOUNT, 10, 1, 10_000),
    loginPauseMinutes: integer('LOGIN_PAUSE_MINUTES', env.LOGIN_PAUSE_MINUTES, 15, 1, 24 * 60),
    trustProxy: trustProxy(env.TRUST_PROXY),
    tls: tls(env.TLS_CERT, env.TLS_KEY, root),
    diskReserveBytes: integer('DISK_RESERVE_MB', env.DISK_RESERVE_MB, 64, 0, 1_000_000) * 1024 * 1024,
  };
}
