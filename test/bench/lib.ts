/**
 * Shared pieces of the benchmark suites (`npm run bench`): the machine description, statistics,
 * gzip sizes, budgets and Markdown tables. Benchmarks only report: nothing here asserts a timing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_PATH } from '../e2e/browser.js';

/** What a suite module (`test/bench/<name>.bench.ts`) exports. */
export interface BenchSuite {
  run(): Promise<BenchResult>;
}

/** What a suite returns: its Markdown block (without the markers) and its raw figures. */
export interface BenchResult {
  markdown: string;
  /** Raw figures; when it has a `budgets` array of {@link Budget}, the runner prints the over-budget ones. */
  json: unknown;
}

/** One budget and whether the measured value kept to it. */
export interface Budget {
  name: string;
  value: number;
  limit: number;
  unit: string;
  pass: boolean;
  /** Shown beside the measured value (another unit, say). */
  note?: string;
  /** `min`: the value must reach the limit (a rate); by default it must stay under it. */
  direction?: 'min';
}

/** A budget check (value ≤ limit). */
export function budget(name: string, value: number, limit: number, unit: string, note?: string): Budget {
  return { name, value, limit, unit, pass: value <= limit, ...(note ? { note } : {}) };
}

/** A budget check for a figure that must reach its limit (value ≥ limit), such as a rate. */
export function budgetAtLeast(name: string, value: number, limit: number, unit: string): Budget {
  return { name, value, limit, unit, pass: value >= limit, direction: 'min' };
}

const sign = (b: Budget) => (b.direction === 'min' ? '≥' : '≤');

/** Prints a budget's line; the over-budget ones stand out. Never throws. */
export function printBudget(b: Budget): void {
  const line = `${b.name}: ${fmt(b.value)} ${b.unit} (budget ${sign(b)} ${fmt(b.limit)} ${b.unit})`;
  console.log(b.pass ? `  within budget  ${line}` : `  OVER BUDGET    ${line}`);
}

/** Budgets as a Markdown table with pass/fail. */
export function budgetTable(budgets: readonly Budget[]): string {
  return table(
    ['Budget', 'Measured', 'Limit', 'Result'],
    budgets.map((b) => [
      b.name,
      `${fmt(b.value)} ${b.unit}`,
      `${sign(b)} ${fmt(b.limit)} ${b.unit}`,
      b.pass ? 'pass' : '**FAIL (over budget)**',
    ]),
  );
}

/** The machine a figure was measured on. */
export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  chromium: string;
  os: string;
}

let machineCache: Machine | undefined;

/** nproc, CPU model (/proc/cpuinfo), node and chromium versions. */
export function machine(): Machine {
  if (machineCache) return machineCache;
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: keep os.cpus()'s answer
  }
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // keep os.cpus()'s count
  }
  let chromium = 'unknown';
  try {
    chromium =
      execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n')
        .filter((l) => /\d+\.\d+/.test(l))
        .pop()
        ?.trim() ?? chromium;
  } catch {
    // not installed where expected
  }
  let os = `${process.platform} ${process.arch}`;
  try {
    const pretty = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1];
    if (pretty) os = `${pretty} (${process.arch})`;
  } catch {
    // keep the platform
  }
  machineCache = { nproc, cpuModel, node: process.version, chromium, os };
  return machineCache;
}

/** The Markdown line describing the machine. */
export function machineLine(m: Machine = machine()): string {
  return `${m.nproc} × ${m.cpuModel} (nproc ${m.nproc}), ${m.os}, Node ${m.node}, ${m.chromium}`;
}

/** zlib gzip at level 9, in bytes. */
export function gzipSize(body: Buffer | string): number {
  return gzipSync(body, { level: 9 }).length;
}

/** The p-th percentile (0–100), nearest-rank on sorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const hi = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 ? hi : ((sorted[mid - 1] ?? hi) + hi) / 2;
}

/** A number with at most `digits` decimals, without trailing zeros. */
export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Bytes as "12.3 KB (12.0 KiB)". */
export function kb(bytes: number): string {
  return `${fmt(bytes / 1000, 1)} KB (${fmt(bytes / 1024, 1)} KiB)`;
}

/** Milliseconds as "1,234 ms". */
export function ms(n: number, digits = 0): string {
  return `${fmt(n, digits)} ms`;
}

/** A Markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
