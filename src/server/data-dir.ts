/**
 * DATA_DIR holds the embedded database (complainants' contacts and password hashes reach its WAL),
 * the lock and the control socket: only the account that runs Siang may read or change it.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Files Siang creates from now on are its account's alone (0600 files, 0700 directories). */
export function restrictNewFiles(): void {
  process.umask(0o077);
}

/**
 * Creates `dataDir` (0700) or takes away group and other access from it and everything under it,
 * so a folder made by an older version (0755, files 0666) is closed too. Symbolic links are not
 * followed.
 */
export function protectDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    const wanted = mode & 0o700;
    if (mode !== wanted) chmodSync(path, wanted);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dataDir);
}
