/**
 * The app's strings are split over several files (what the first question needs, what later
 * screens load, the officers' and the supervisors' screens). These checks keep the split honest:
 * Thai and English name the same keys, no key lives in two files, and every key the code asks
 * for by name exists in both languages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const LANGS = ['th', 'en'] as const;
/** Each file and where i18next mounts it in the `translation` namespace. */
const FILES = [
  { file: 'translation.json', mount: '' },
  { file: 'later.json', mount: '' },
  { file: 'lookup.json', mount: '' },
  { file: 'home.json', mount: '' },
  { file: 'officer.json', mount: '' },
  { file: 'admin.json', mount: 'admin.' },
  { file: 'public.json', mount: 'public.' },
] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`),
  );
}

function keysOf(lang: string, file: string, mount: string): string[] {
  const tree = JSON.parse(readFileSync(join(ROOT, 'locales', lang, file), 'utf8')) as Tree;
  return leaves(tree, mount);
}

/** A key as the code names it: plural forms collapse to their base key. */
const base = (key: string) => key.replace(PLURAL, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const code = sourceFiles(join(ROOT, 'src', 'app')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('locales', () => {
  for (const { file, mount } of FILES) {
    it(`${file}: Thai and English name the same keys`, () => {
      const [th, en] = LANGS.map((lang) => new Set(keysOf(lang, file, mount).map(base)));
      expect(
        [...(th ?? [])].filter((k) => !en?.has(k)),
        'only in Thai',
      ).toEqual([]);
      expect(
        [...(en ?? [])].filter((k) => !th?.has(k)),
        'only in English',
      ).toEqual([]);
    });
  }

  it('no key is defined in two files', () => {
    for (const lang of LANGS) {
      const seen = new Map<string, string>();
      const twice: string[] = [];
      for (const { file, mount } of FILES) {
        for (const key of keysOf(lang, file, mount)) {
          const other = seen.get(key);
          if (other) twice.push(`${lang}: ${key} in ${other} and ${file}`);
          seen.set(key, file);
        }
      }
      expect(twice).toEqual([]);
    }
  });

  it('every key the code names exists in Thai and English', () => {
    const known = new Map(
      LANGS.map((lang) => [lang, new Set(FILES.flatMap(({ file, mount }) => keysOf(lang, file, mount).map(base)))]),
    );
    const missing: string[] = [];
    let named = 0;
    for (const { path, text } of code) {
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1] ?? '';
        named++;
        for (const lang of LANGS) {
          if (!known.get(lang)?.has(key)) missing.push(`${lang}: ${key} (${path.slice(ROOT.length + 1)})`);
        }
      }
    }
    expect(named).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });

  it('every key built from a prefix has strings under that prefix', () => {
    const known = new Set(FILES.flatMap(({ file, mount }) => keysOf('th', file, mount)));
    const empty: string[] = [];
    for (const { path, text } of code) {
      for (const match of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\.\$\{/g)) {
        const prefix = `${match[1]}.`;
        if (![...known].some((k) => k.startsWith(prefix))) empty.push(`${prefix} (${path.slice(ROOT.length + 1)})`);
      }
    }
    expect(empty).toEqual([]);
  });
});

describe('the first load', () => {
  const first = new Set(LANGS.flatMap((lang) => keysOf(lang, 'translation.json', '').map(base)));
  const own = new Set(LANGS.flatMap((lang) => keysOf(lang, 'lookup.json', '').map(base)));

  it("carries none of the long list's strings: they load with its code", () => {
    const text = readFileSync(join(ROOT, 'src', 'app', 'questions', 'LookupField.tsx'), 'utf8');
    const named = [...text.matchAll(/'((?:question|errors)\.[a-zA-Z_]+)'/g)].map((m) => m[1] ?? '');
    // Its messages, named by their code (the field turns "required" into one of these).
    const keys = [...named, 'errors.pickSchool', 'errors.pickFromList'];
    expect(named.length).toBeGreaterThan(6);
    expect(keys.filter((k) => first.has(k))).toEqual([]);
    expect(keys.filter((k) => !own.has(k))).toEqual([]);
  });

  it("carries no texts that only the whole response's check gives (the review shows them, with the later strings)", () => {
    const keys = ['errors.unknown_question', 'errors.hidden_answered'];
    const later = new Set(LANGS.flatMap((lang) => keysOf(lang, 'later.json', '').map(base)));
    expect(keys.filter((k) => first.has(k))).toEqual([]);
    expect(keys.filter((k) => !later.has(k))).toEqual([]);
  });
});
