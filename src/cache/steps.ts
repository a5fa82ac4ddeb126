/**
 * Loading in steps: opening a corpus's snapshots is written once, as a generator that yields
 * wherever it may pause, and run either at once (`finish`: a start-up, the terminal) or in slices
 * between which the event loop runs (`finishInSlices`: a hot reload, while the bot keeps answering
 * from the old story). Both run the same code, so both give the same story.
 *
 * A yield is cheap (a few hundred nanoseconds): loops yield once per article or table, and the
 * runner, not the loop, decides when a slice has lasted long enough to pause.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Work that yields where it may pause and returns a `T` when done. */
export type Steps<T> = Generator<void, T, void>;

/**
 * Longest stretch run before the event loop gets a turn. A question takes a few milliseconds to
 * answer; pausing every 10 ms keeps an answer waiting on a reload for about that long, while the
 * pauses themselves add little to the reload.
 */
export const DEFAULT_SLICE_MS = 10;

/** Runs `steps` to the end without pausing, and returns what they return. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Options for `finishInSlices`. */
export interface SliceOptions {
  /** Longest slice, in milliseconds (default `DEFAULT_SLICE_MS`). */
  sliceMs?: number;
  /**
   * Called with each slice's length, in milliseconds, and the CPU time the process spent in it
   * (all threads: on a busy machine the first can be many times the second, time spent waiting
   * for a core). The benchmarks report the longest.
   */
  onSlice?: (ms: number, cpuMs: number) => void;
}

/**
 * Runs `steps` in slices of about `sliceMs`, giving the event loop a turn between them (after
 * timers and I/O that are due, as `setImmediate` does). A step longer than a slice runs whole.
 */
export async function finishInSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const { onSlice } = options;
  let started = performance.now();
  let cpu = onSlice && process.cpuUsage();
  const report = (now: number) => {
    if (!onSlice || !cpu) return;
    const { user, system } = process.cpuUsage(cpu);
    onSlice(now - started, (user + system) / 1_000);
  };
  for (;;) {
    const step = steps.next();
    if (step.done) {
      report(performance.now());
      return step.value;
    }
    const now = performance.now();
    if (now - started >= sliceMs) {
      report(now);
      await nextTurn();
      started = performance.now();
      cpu = onSlice && process.cpuUsage();
    }
  }
}
