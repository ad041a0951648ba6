#!/usr/bin/env node
// The `siang` command (npx siang …). Builds the server first when it has not been built yet.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'build', 'server', 'cli.js');
if (!existsSync(entry)) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.server.json')],
    { cwd: root, stdio: 'inherit' },
  );
}
const { runCli } = await import(entry);
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
