/**
 * The worker thread that builds a changed corpus off the bot's event loop: it loads the folder as
 * start-up does, which parses every article, indexes it and saves the snapshots in the cache
 * folder. The bot then opens those snapshots, which takes a fraction of the time, and swaps the
 * new story in (src/corpus-watch/reload.ts).
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { Story } from '../story.ts';

/**
 * The build thread's niceness: on a machine with few cores the build and the answers compete for
 * the CPU, and the answers should win; the build then takes longer, which no member waits on.
 */
const BUILD_NICENESS = 10;

/**
 * Lowers this thread's priority, and only this thread's: Linux keeps a nice value per thread, and
 * `/proc/thread-self` names this one. Elsewhere, or where it is not allowed, the build runs at
 * the bot's priority.
 */
function yieldToAnswers(): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(thread) && thread !== process.pid) setPriority(thread, BUILD_NICENESS);
  } catch {
    // Not Linux, or not allowed: the build keeps the bot's priority.
  }
}

/** What the worker is given. */
export interface BuildRequest {
  corpusDir: string;
  cacheDir: string;
  maxFileBytes?: number;
}

/** What the worker answers: the build's figures, or why no article could be loaded. */
export type BuildResult =
  | { ok: true; articles: number; passages: number; skipped: { file: string; problem: string }[]; ms: number }
  | { ok: false; message: string };

/** Builds one corpus; the story is dropped afterwards, only its snapshots are kept. */
function build(request: BuildRequest): BuildResult {
  const started = performance.now();
  try {
    const story = Story.load(request.corpusDir, { cacheDir: request.cacheDir, maxFileBytes: request.maxFileBytes });
    // Autocomplete's topics are a snapshot too, made on first use: made here, not on the bot's loop.
    story.suggest('', 1);
    const passages = story.articles.reduce((total, article) => total + article.passages.length, 0);
    return { ok: true, articles: story.articles.length, passages, skipped: [...story.skipped], ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

yieldToAnswers();

// One worker serves every reload: starting one (and compiling the engine in it) takes seconds.
parentPort?.on('message', (request: BuildRequest) => parentPort?.postMessage(build(request)));
