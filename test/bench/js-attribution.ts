/**
 * Attributes a built JS file's minified bytes to the sources its sourcemap names (grouped by npm
 * package, or by folder of our own code), to see which modules dominate the download.
 */
import { readFileSync } from 'node:fs';
import { gzipSize } from './lib.js';

interface SourceMap {
  sources: string[];
  mappings: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decodes one segment's base64 VLQ fields. */
function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) throw new Error(`bad VLQ character ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** The group a source path belongs to: `preact`, `@scope/pkg`, `src/app`, `locales`… */
export function groupOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? source);
  }
  const clean = source.replace(/^(\.\.\/)+/, '');
  const parts = clean.split('/');
  if (parts[0] === 'src' && parts[1]) return `src/${parts[1]}`;
  return parts[0] ?? clean;
}

/** Bytes of one group: raw minified, and gzip of its bytes alone. */
export interface GroupShare {
  group: string;
  bytes: number;
  /** gzip -9 of this group's bytes concatenated, compressed alone (the shares sum a little above the file's gzip). */
  gzipAlone: number;
  sources: { source: string; bytes: number }[];
}

/** Splits a minified file's bytes among its sources' groups. */
export function attribute(
  jsPath: string,
  mapPath = `${jsPath}.map`,
): { total: number; gzip: number; groups: GroupShare[] } {
  const code = readFileSync(jsPath, 'utf8');
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as SourceMap;
  const lines = code.split('\n');
  const perSource = new Map<string, string[]>();
  const add = (source: string, text: string) => {
    if (!text) return;
    const list = perSource.get(source) ?? [];
    list.push(text);
    perSource.set(source, list);
  };
  let sourceIndex = 0;
  const mappingLines = map.mappings.split(';');
  for (let li = 0; li < lines.length; li++) {
    const line = `${lines[li] ?? ''}${li < lines.length - 1 ? '\n' : ''}`;
    const segments = (mappingLines[li] ?? '').split(',').filter(Boolean);
    let column = 0;
    // [start column, source or undefined]
    const marks: [number, string | undefined][] = [];
    for (const segment of segments) {
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        marks.push([column, map.sources[sourceIndex]]);
      } else {
        marks.push([column, undefined]);
      }
    }
    if (!marks.length || (marks[0]?.[0] ?? 0) > 0) add('(unmapped)', line.slice(0, marks[0]?.[0] ?? line.length));
    for (let k = 0; k < marks.length; k++) {
      const [start, source] = marks[k] ?? [0, undefined];
      const end = marks[k + 1]?.[0] ?? line.length;
      add(source ?? '(unmapped)', line.slice(start, end));
    }
  }
  const groups = new Map<string, { texts: string[]; sources: { source: string; bytes: number }[] }>();
  for (const [source, texts] of perSource) {
    const group =
      source === '(unmapped)' ? '(no sourcemap: inlined JSON e.g. locales/th, bundler glue)' : groupOf(source);
    const entry = groups.get(group) ?? { texts: [], sources: [] };
    entry.texts.push(...texts);
    entry.sources.push({ source: source.replace(/^(\.\.\/)+/, ''), bytes: Buffer.byteLength(texts.join('')) });
    groups.set(group, entry);
  }
  const shares: GroupShare[] = [...groups].map(([group, { texts, sources }]) => {
    const joined = texts.join('');
    return {
      group,
      bytes: Buffer.byteLength(joined),
      gzipAlone: gzipSize(joined),
      sources: sources.sort((a, b) => b.bytes - a.bytes),
    };
  });
  shares.sort((a, b) => b.bytes - a.bytes);
  // A package imported only for types (or tree-shaken away) leaves nothing.
  const kept = shares.filter((g) => g.bytes > 0);
  return { total: Buffer.byteLength(code), gzip: gzipSize(code), groups: kept };
}
