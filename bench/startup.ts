/**
 * Start-up: from process start to ready-to-answer, and the whole process's peak RSS, for
 * storybot (and bare MiniSearch for reference), each in a fresh `node --import tsx` process.
 */
import { runChild, type RssSource } from './child.ts';
import { quantile } from './measure.ts';
import type { StartupReport } from './startup-child.ts';

/** Start-up of one engine: medians over several fresh processes. */
export interface StartupFigures {
  engine: string;
  /** How the engine was opened (`load`: indexed at start; `snapshot`: from the snapshots a first run saved). */
  mode: string;
  runs: number;
  /** Median milliseconds from spawn to the first answer printed. */
  readyMs: number;
  /** Median milliseconds the child spent opening the engine (corpus + index, or snapshot). */
  openMs: number;
  /** Median milliseconds of the first answer. */
  firstAnswerMs: number;
  /** Largest peak RSS of the runs, in bytes. */
  peakRss: number | undefined;
  rssSource: RssSource;
}

const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);

/** One engine's start-up as it is being measured: one entry per fresh process. */
interface StartupRuns {
  engine: 'storybot' | 'minisearch';
  mode: 'load' | 'snapshot';
  ready: number[];
  open: number[];
  first: number[];
  peakRss?: number;
  rssSource: RssSource;
}

/** Starts one fresh process for an engine and adds its figures to `runs`. */
async function startOnce(runs: StartupRuns, corpus: string, timeoutMs: number): Promise<void> {
  const child = await runChild<StartupReport>('startup-child.ts', ['--engine', runs.engine, '--corpus', corpus, '--mode', runs.mode], { timeoutMs });
  if (!child.result || child.firstLineMs === undefined) {
    throw new Error(`start-up child (${runs.engine}, ${runs.mode}) failed with exit code ${child.exitCode}${child.timedOut ? ' (timed out)' : ''}: ${child.stderr.slice(-2_000)}`);
  }
  runs.ready.push(child.firstLineMs);
  runs.open.push(child.result.openMs);
  runs.first.push(child.result.firstAnswerMs);
  if (child.peakRss !== undefined) runs.peakRss = Math.max(runs.peakRss ?? 0, child.peakRss);
  runs.rssSource = child.rssSource;
}

function figuresOf(runs: StartupRuns): StartupFigures {
  return {
    engine: runs.engine, mode: runs.mode, runs: runs.ready.length,
    readyMs: median(runs.ready), openMs: median(runs.open), firstAnswerMs: median(runs.first),
    peakRss: runs.peakRss, rssSource: runs.rssSource,
  };
}

/**
 * storybot's start-up by `Story.load` from its snapshots (a first, uncounted run builds them),
 * and bare MiniSearch's. The engines take turns, run by
 * run, so that a busy moment of the machine falls on all of them alike.
 */
export async function compareStartup(corpus: string, runs: number, timeoutMs: number, onProgress: (message: string) => void): Promise<StartupFigures[]> {
  const fresh = (engine: StartupRuns['engine'], mode: StartupRuns['mode']): StartupRuns => ({ engine, mode, ready: [], open: [], first: [], rssSource: 'process.resourceUsage' });
  const engines = [fresh('storybot', 'snapshot'), fresh('minisearch', 'load')];
  onProgress('start-up: building the snapshots once');
  await startOnce(fresh('storybot', 'snapshot'), corpus, timeoutMs);
  for (let run = 1; run <= runs; run++) {
    onProgress(`start-up: run ${run} of ${runs} (${engines.map((e) => `${e.engine} ${e.mode}`).join(', ')})`);
    for (const engine of engines) await startOnce(engine, corpus, timeoutMs);
  }
  return engines.map(figuresOf);
}
