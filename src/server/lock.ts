/**
 * One process at a time on an embedded database: PGlite admits a single process, so the server
 * and any `siang` command that opens DATA_DIR directly hold DATA_DIR/siang.lock while they do.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Raised when another live process holds the lock. */
export class LockedError extends Error {
  override readonly name = 'LockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `dataDir` (a stale lock of a dead process is taken over); returns a release. */
export function lockDataDir(dataDir: string, holder: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'siang.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: { pid?: number; holder?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8')) as typeof owner;
      } catch {
        // A half-written lock: its writer died between create and write.
      }
      if (owner.pid && owner.pid !== process.pid && alive(owner.pid)) {
        throw new LockedError(`${dataDir} is in use by ${owner.holder ?? 'another process'} (pid ${owner.pid})`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new LockedError(`could not lock ${dataDir}`);
}
