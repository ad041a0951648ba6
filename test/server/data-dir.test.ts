// @vitest-environment node
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { protectDataDir } from '../../src/server/data-dir.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('the data folder is closed to other accounts', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a new DATA_DIR (and its missing parents) is made 0700', () => {
    root = mkdtempSync(join(tmpdir(), 'siang-dd-'));
    protectDataDir(join(root, 'a', 'data'));
    expect(mode(join(root, 'a', 'data'))).toBe('700');
  });

  it('an existing one loses group and other access all the way down, without following links', () => {
    root = mkdtempSync(join(tmpdir(), 'siang-dd-'));
    const data = join(root, 'data');
    mkdirSync(join(data, 'pgdata', 'base'), { recursive: true });
    writeFileSync(join(data, 'pgdata', 'base', '1'), 'x');
    writeFileSync(join(root, 'outside'), 'x');
    chmodSync(join(root, 'outside'), 0o644);
    symlinkSync(join(root, 'outside'), join(data, 'link'));
    for (const p of [data, join(data, 'pgdata'), join(data, 'pgdata', 'base')]) chmodSync(p, 0o777);
    chmodSync(join(data, 'pgdata', 'base', '1'), 0o666);
    protectDataDir(data);
    expect([data, join(data, 'pgdata'), join(data, 'pgdata', 'base')].map(mode)).toEqual(['700', '700', '700']);
    expect(mode(join(data, 'pgdata', 'base', '1'))).toBe('600');
    expect(mode(join(root, 'outside'))).toBe('644');
  });
});
