/**
 * Hot reload: the bot sees added, edited and removed corpus files without a restart. A watcher
 * reports a burst of changes once; a worker thread builds the new corpus and its snapshots while
 * the old story keeps answering; the new story is then opened from those snapshots and swapped in
 * at once. A change that leaves no article to load keeps the last good corpus, and says why.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { finishInSlices, type Steps } from '../cache/steps.ts';
import { codeFile, startWorker } from '../runtime.ts';
import { Story } from '../story.ts';
import type { BuildRequest, BuildResult } from './build-worker.ts';
import { watchCorpus, type CorpusWatcher } from './watch.ts';

/** How often the event loop's delay is sampled during a reload. */
const LOOP_RESOLUTION_MS = 10;

/** The story the bot answers from now: read on every interaction, replaced whole by a reload. */
export interface LiveStory {
  readonly current: Story;
}

/** Options for `startHotReload`. */
export interface HotReloadOptions {
  corpusDir: string;
  /** Where the worker saves the snapshots the bot then opens. */
  cacheDir: string;
  maxFileBytes?: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Quiet time before a burst of changes is reloaded (default 300 ms). */
  debounceMs?: number;
  /** Told what every reload did (the benchmarks). */
  onOutcome?: (outcome: ReloadOutcome) => void;
}

/** What one reload did. */
export type ReloadOutcome =
  | {
      swapped: true;
      articles: number;
      skipped: number;
      /** Building in the worker thread, off the event loop. */
      buildMs: number;
      /** Opening the built snapshots on the event loop, in slices, answering between them. */
      openMs: number;
      /** The longest slice of that opening: the longest an answer waited on the reload. */
      longestSliceMs: number;
      /** The most CPU time one slice took: the slice's own work, without the time it waited for a core. */
      longestSliceCpuMs: number;
      /** The event loop's longest delay while the worker built, and while the story opened (monitorEventLoopDelay): what answers felt. */
      buildLoopMaxDelayMs: number;
      openLoopMaxDelayMs: number;
      totalMs: number;
    }
  | { swapped: false; reason: string };

/** A running hot reload: the live story, a way to reload now (tests), and stop. */
export interface HotReload extends LiveStory {
  /** Reloads now (a reload already running is followed by one more); resolves when it is done. */
  reload(): Promise<ReloadOutcome>;
  /** Stops watching and waits for a running reload. */
  close(): Promise<void>;
}

/** The worker file, compiled or TypeScript as the bot runs. */
const WORKER_URL = codeFile('./build-worker.ts', import.meta.url);

/** The one build worker, started on first use and again after it died. */
class BuildWorker {
  #worker: Worker | undefined;

  constructor(
    /** Told when the worker fails outside a build. */
    readonly onError?: (error: Error) => void,
  ) {}

  #start(): Worker {
    const worker = startWorker(WORKER_URL);
    // An idle worker never keeps the bot's process alive.
    worker.unref();
    // A worker that fails while idle is dropped (and reported by the next build); it never takes the bot down.
    worker.on('error', (error) => {
      this.onError?.(error);
      if (this.#worker === worker) this.#worker = undefined;
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
    });
    return worker;
  }

  /** Builds in the worker; a worker that fails or exits gives a failed result, and a fresh worker next time. */
  build(request: BuildRequest): Promise<BuildResult> {
    const worker = (this.#worker ??= this.#start());
    return new Promise((resolve) => {
      const done = (result: BuildResult) => {
        worker.off('message', done);
        worker.off('error', failed);
        worker.off('exit', exited);
        resolve(result);
      };
      const failed = (error: Error) => {
        this.#worker = undefined;
        void worker.terminate();
        done({ ok: false, message: `the build failed: ${error.message}` });
      };
      const exited = (code: number) => done({ ok: false, message: `the build stopped (exit ${code})` });
      worker.on('message', done);
      worker.once('error', failed);
      worker.once('exit', exited);
      worker.postMessage(request);
    });
  }

  /** Starts the worker ahead of the first change, so that change is live in the time of a build. */
  warm(): void {
    this.#worker ??= this.#start();
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}

/**
 * What a story makes on its first answer (the speakers ranked, the topics read, the index's
 * first look-ups), done a step at a time before it is swapped in, so the first member to ask
 * after a reload does not wait for it.
 */
function* warmUp(story: Story): Steps<void> {
  story.speakers();
  yield;
  story.suggest('', 1);
  yield;
  story.ask(story.articles[0]?.title.slice(0, 200) || 'What happened?', { limit: 1 });
}

/** Starts watching `corpusDir`, answering from `initial` until a change is built and swapped in. */
export function startHotReload(initial: Story, options: HotReloadOptions): HotReload {
  let current = initial;
  let running: Promise<ReloadOutcome> | undefined;
  let again = false;
  const { logger } = options;
  const worker = new BuildWorker((error) => logger.error({ err: error }, 'the corpus build worker failed; the next change starts a new one'));
  worker.warm();

  const reloadOnce = async (): Promise<ReloadOutcome> => {
    const started = performance.now();
    logger.info({ corpus: options.corpusDir }, 'corpus changed: building the new index in a worker thread, still answering from the old one');
    // How long answers could have waited on the event loop while the worker built, and while the
    // new story opened, for the log: the first is the machine's doing, the second the reload's.
    const buildLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    buildLoop.enable();
    const built = await worker.build({ corpusDir: options.corpusDir, cacheDir: options.cacheDir, maxFileBytes: options.maxFileBytes });
    buildLoop.disable();
    if (!built.ok) {
      logger.warn({ reason: built.message }, `corpus change not applied, still answering from the last good corpus: ${built.message}`);
      return { swapped: false, reason: built.message };
    }
    const opening = performance.now();
    let longestSlice = 0;
    let longestSliceCpu = 0;
    const onSlice = (ms: number, cpuMs: number) => {
      longestSlice = Math.max(longestSlice, ms);
      longestSliceCpu = Math.max(longestSliceCpu, cpuMs);
    };
    const openLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    openLoop.enable();
    let next: Story;
    try {
      // Opened in slices, with answers from the old story between them; then made ready to answer.
      next = await Story.open(options.corpusDir, { cacheDir: options.cacheDir, maxFileBytes: options.maxFileBytes, onSlice });
      await finishInSlices(warmUp(next), { onSlice });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ reason }, `corpus change not applied, still answering from the last good corpus: ${reason}`);
      return { swapped: false, reason };
    } finally {
      openLoop.disable();
    }
    const openMs = Math.round(performance.now() - opening);
    current = next;
    for (const { file, problem } of next.skipped) logger.warn({ file, problem }, `corpus file skipped: ${file}: ${problem}`);
    const outcome = {
      swapped: true as const,
      articles: next.articles.length,
      skipped: next.skipped.length,
      buildMs: built.ms,
      openMs,
      longestSliceMs: Math.round(longestSlice),
      longestSliceCpuMs: Math.round(longestSliceCpu),
      buildLoopMaxDelayMs: Math.round(buildLoop.max / 1e6),
      openLoopMaxDelayMs: Math.round(openLoop.max / 1e6),
      totalMs: Math.round(performance.now() - started),
    };
    logger.info(
      outcome,
      `corpus reloaded: ${outcome.articles} article(s) live in ${outcome.totalMs} ms (built in ${outcome.buildMs} ms off the event loop, opened in ${openMs} ms in slices of at most ${outcome.longestSliceMs} ms (${outcome.longestSliceCpuMs} ms of CPU); the event loop's longest delay ${outcome.buildLoopMaxDelayMs} ms while building, ${outcome.openLoopMaxDelayMs} ms while opening)`,
    );
    return outcome;
  };

  const reload = (): Promise<ReloadOutcome> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let outcome = await reloadOnce();
      options.onOutcome?.(outcome);
      // Changes that came while building are built once more, so the last change is never lost.
      while (again) {
        again = false;
        outcome = await reloadOnce();
        options.onOutcome?.(outcome);
      }
      return outcome;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const watcher: CorpusWatcher = watchCorpus(options.corpusDir, () => void reload(), {
    debounceMs: options.debounceMs,
    onError: (error) => logger.error({ err: error }, 'corpus watcher stopped; restart the bot to see corpus changes'),
  });

  return {
    get current() {
      return current;
    },
    reload,
    async close() {
      watcher.close();
      await running;
      await worker.stop();
    },
  };
}
