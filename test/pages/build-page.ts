/**
 * Builds the test pages under test/pages (production mode, as the app is built) and serves a
 * built folder over HTTP, for screenshots and benchmarks of components outside the app.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import preact from '@preact/preset-vite';
import { build } from 'vite';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Builds `test/pages/<name>/index.html` and its code into `outDir`. */
export async function buildPage(name: string, outDir: string): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: join(ROOT, 'test/pages', name),
      base: './',
      logLevel: 'error',
      mode: 'production',
      define: { __APP_VERSION__: JSON.stringify('test') },
      resolve: { alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }] },
      plugins: [preact()],
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Serves a folder on a free local port; resolves with its address and a way to stop. */
export function serveFolder(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
