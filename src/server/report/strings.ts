/**
 * The annual report's words, from `annualReport` in locales/<lang>/admin.json (the same file the
 * staff screens read), so that the server-written HTML and DOCX say what the app says.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../../core/survey.js';

// src/server/report and build/server/report both sit three folders below the package root.
const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'locales');

/** A translator: a key of `annualReport` and `{{name}}` values. */
export type ReportT = (key: string, values?: Record<string, string | number>) => string;

const loaded = new Map<Lang, Record<string, string>>();

/** The report's translator for a language. */
export function reportStrings(lang: Lang): ReportT {
  let strings = loaded.get(lang);
  if (!strings) {
    const file = JSON.parse(readFileSync(join(LOCALES, lang, 'admin.json'), 'utf8')) as {
      annualReport: Record<string, string>;
    };
    strings = file.annualReport;
    loaded.set(lang, strings);
  }
  const table = strings;
  return (key, values = {}) =>
    (table[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}
