/** Builds the app and the server once before the browser tests. */
import { buildAll } from '../helpers/server.js';

export default function setup(): void {
  if (process.env.SIANG_SKIP_BUILD !== '1') buildAll();
}
