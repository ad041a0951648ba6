#!/usr/bin/env node
// `npm start`: builds the app and the server when their sources are newer than the build, then
// runs the server (http://127.0.0.1:8080 unless PORT/HOST say otherwise).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = Math.max(
  ...['src', 'public', 'locales', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json'].map((p) =>
    newest(join(root, p)),
  ),
);
const built = Math.min(newest(join(root, 'dist', 'index.html')), newest(join(root, 'build', 'server', 'main.js')));
if (!built || built < sources) {
  console.log('Building Siang…');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
await import(join(root, 'build', 'server', 'main.js'));
