/**
 * Runs a benchmark script in a fresh Node process (`node --import tsx`), so that start-up time
 * and memory are those of a whole process, measured from outside: wall time from spawn to the
 * child's first line on stdout, and peak RSS from `/usr/bin/time -v` when it is installed (the
 * Debian package `time`), else the child's own `process.resourceUsage().maxRSS`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';

const TIME = '/usr/bin/time';

/** Where a peak RSS figure came from. */
export type RssSource = '/usr/bin/time -v' | 'process.resourceUsage';

/** What a child run gave. */
export interface ChildRun<T> {
  /** The last JSON line the child printed on stdout, or undefined. */
  result: T | undefined;
  /** Milliseconds from spawn to the child's first line on stdout. */
  firstLineMs: number | undefined;
  /** Milliseconds from spawn to exit. */
  wallMs: number;
  /** Peak resident set size of the whole process, in bytes, when known. */
  peakRss: number | undefined;
  rssSource: RssSource;
  exitCode: number | null;
  /** True when the child was killed for running past its time limit. */
  timedOut: boolean;
  /** The child's stderr, less /usr/bin/time's report. */
  stderr: string;
}

/** Options for `runChild`. */
export interface ChildOptions {
  /** Extra flags for node (e.g. `--max-old-space-size=8192`). */
  nodeArgs?: readonly string[];
  /** Kill the child after this long. */
  timeoutMs: number;
  /** Each stderr line of the child, as it comes (for progress). */
  onStderrLine?: (line: string) => void;
}

/** Runs `bench/<script>` with arguments in a child Node process and measures it. */
export function runChild<T>(script: string, args: readonly string[], options: ChildOptions): Promise<ChildRun<T>> {
  const useTime = existsSync(TIME);
  const node = [...(options.nodeArgs ?? []), '--import', 'tsx', resolve(REPO_ROOT, 'bench', script), ...args];
  const started = performance.now();
  const child = useTime ? spawn(TIME, ['-v', process.execPath, ...node], { cwd: REPO_ROOT }) : spawn(process.execPath, node, { cwd: REPO_ROOT });
  let firstLineMs: number | undefined;
  let stdout = '';
  let stderr = '';
  let pending = '';
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (firstLineMs === undefined && stdout.includes('\n')) firstLineMs = performance.now() - started;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (!/^\t/.test(line) && !line.startsWith('Command ')) options.onStderrLine?.(line);
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const lines = stdout.split('\n').filter((line) => line.trim().startsWith('{'));
      let result: T | undefined;
      const last = lines.at(-1);
      if (last) result = JSON.parse(last) as T;
      const timeReport = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const ownRss = (result as { maxRssKb?: number } | undefined)?.maxRssKb;
      const peakKb = timeReport ? Number(timeReport[1]) : ownRss;
      resolvePromise({
        result,
        firstLineMs,
        wallMs,
        peakRss: peakKb === undefined ? undefined : peakKb * 1024,
        rssSource: timeReport ? '/usr/bin/time -v' : 'process.resourceUsage',
        exitCode: code,
        timedOut,
        stderr: stderr.replace(/\tCommand being timed[\s\S]*$/, '').trim(),
      });
    });
  });
}
