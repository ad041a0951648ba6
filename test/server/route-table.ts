/** The server's own table of /api routes, for tests that walk every route. */
import type { FastifyInstance } from 'fastify';

/**
 * Every METHOD and path under /api/ the server answers (HEAD and OPTIONS left out), read from
 * Fastify's printed route tree: each line is a path segment indented four columns per level.
 */
export function apiRoutes(app: FastifyInstance): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([\s│]*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = [...(m[1] ?? '')].length / 4;
    const segment = m[2] as string;
    stack.length = depth;
    const parent = depth > 0 ? (stack[depth - 1] as string) : '';
    // A static segment's child continues its text (`/open` then `-answers` for /open and
    // /open-answers); only after a parameter does a segment need its own slash.
    const afterParam = /\/:[^/]*$/.test(parent);
    const path =
      depth === 0
        ? segment
        : parent.endsWith('/') || segment.startsWith('/') || !afterParam
          ? parent + segment
          : `${parent}/${segment}`;
    stack.push(path);
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim())) {
      if (method && method !== 'HEAD' && method !== 'OPTIONS' && path.startsWith('/api/'))
        found.push(`${method} ${path}`);
    }
  }
  return [...new Set(found)].sort();
}
