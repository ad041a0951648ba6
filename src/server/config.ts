/** The server's settings, from the environment (README "Configuration"). */
import { resolve } from 'node:path';

/** Everything the server reads from its environment. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Where the embedded database and the control socket live. */
  dataDir: string;
  /** The built app (index.html, assets, sw.js). */
  staticDir: string;
}

/** Reads the configuration; a bad value stops the start with a message saying which. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: resolve(root, env.DATA_DIR ?? 'data'),
    staticDir: resolve(root, env.STATIC_DIR ?? 'dist'),
  };
}
