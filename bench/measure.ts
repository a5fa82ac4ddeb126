/**
 * Timing, percentiles, gold matching and table printing shared by the benchmarks. Nothing here
 * knows about storybot: engines are passed in as functions.
 */

import { cpus, loadavg } from 'node:os';

/** Per-query latency of one engine, in microseconds. */
export interface Latency {
  p50: number;
  p99: number;
  /** Number of timed queries the percentiles are taken over. */
  samples: number;
}

/** The value at quantile q (0..1) of sorted numbers, by nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** p50 and p99 of timings given in nanoseconds, in microseconds. */
export function summarise(nanoseconds: readonly number[]): Latency {
  const sorted = [...nanoseconds].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5) / 1_000, p99: quantile(sorted, 0.99) / 1_000, samples: sorted.length };
}

/** Runs one query; may return a promise (an engine whose `ask` became async still works). */
export type Query = (question: string) => unknown;

/** True for a value with a `then` method. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Options for `timeQueries`. */
export interface TimingOptions {
  /** Stop starting new questions after this long (the warm-up included). */
  budgetMs: number;
  /** Rounds over all questions at most. */
  maxRounds: number;
  /** Untimed queries first, so the JIT and caches are warm. */
  warmupQueries: number;
}

/**
 * Times each query of several engines on the same questions, interleaved question by question
 * so that a noisy moment of the machine hits every engine alike (the ratios between engines are
 * the figures that survive noise). Returns each engine's timings in nanoseconds.
 */
export async function timeQueries(engines: readonly Query[], questions: readonly string[], options: TimingOptions): Promise<number[][]> {
  const timings: number[][] = engines.map(() => []);
  if (questions.length === 0) return timings;
  const deadline = performance.now() + options.budgetMs;
  for (let index = 0; index < options.warmupQueries; index++) {
    const question = questions[index % questions.length] ?? '';
    for (const engine of engines) {
      const result = engine(question);
      if (isThenable(result)) await result;
    }
  }
  for (let round = 0; round < options.maxRounds; round++) {
    for (const question of questions) {
      if (performance.now() > deadline) return timings;
      for (const [position, engine] of engines.entries()) {
        const start = process.hrtime.bigint();
        const result = engine(question);
        if (isThenable(result)) await result;
        timings[position]?.push(Number(process.hrtime.bigint() - start));
      }
    }
  }
  return timings;
}

/** Folds case and curly quotes so that gold phrases match as the dev set says they should. */
export function foldForGold(text: string): string {
  return text.toLowerCase().replace(/[‘’‛′]/g, "'").replace(/[“”„″]/g, '"');
}

/** A table cell: text, or a number printed with the given decimals. */
export type Cell = string | number | null | undefined;

/** Formats a number for a table: fixed decimals, thousands separated, '–' when missing. */
export function formatNumber(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Prints rows as an aligned table: the first column left-aligned, the others right-aligned. */
export function formatTable(title: string, header: readonly string[], rows: readonly (readonly Cell[])[], notes: readonly string[] = []): string {
  const text = (cell: Cell) => (typeof cell === 'number' ? formatNumber(cell, Number.isInteger(cell) ? 0 : 3) : cell ?? '–');
  const cells = [header, ...rows].map((row) => row.map(text));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [title, line(cells[0] ?? []), rule, ...cells.slice(1).map(line), ...notes.map((note) => `  ${note}`), ''].join('\n');
}

/** Writes a progress line to stderr, so stdout stays the tables. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** `part / whole` for a ratio column, or null when either is missing or the whole is 0. */
export function ratio(part: number | null | undefined, whole: number | null | undefined): number | null {
  if (part === null || part === undefined || whole === null || whole === undefined || whole === 0) return null;
  if (Number.isNaN(part) || Number.isNaN(whole)) return null;
  return part / whole;
}

/**
 * A warning when other processes share the machine (1-minute load average above the number of
 * cores: the benchmark itself keeps about one busy), or undefined when it looks quiet.
 * Absolute times are then inflated; the interleaved ratios much less so.
 */
export function busyMachineWarning(): string | undefined {
  const [load = 0] = loadavg();
  const cores = cpus().length;
  if (load <= cores) return undefined;
  return `WARNING: the machine was busy (load average ${load.toFixed(1)} on ${cores} cores): absolute times are inflated; compare the ratios.`;
}
