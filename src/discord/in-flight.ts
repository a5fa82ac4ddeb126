/**
 * Work in flight, for shutting down without dropping answers: once closed, new work is turned
 * away (logged), and `drain` waits for what was already taken, up to a deadline.
 */
import type { Logger } from 'pino';

export class InFlight {
  #open = true;
  readonly #tasks = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Runs one piece of work while open, counted as in flight until it settles. */
  async track(work: () => Promise<void>, what: () => Record<string, unknown>): Promise<void> {
    if (!this.#open) {
      this.logger.debug(what(), 'not taken: shutting down');
      return;
    }
    const task = work();
    this.#tasks.add(task);
    try {
      await task;
    } finally {
      this.#tasks.delete(task);
    }
  }

  /** Stops taking new work; what is in flight goes on. */
  close(): void {
    this.#open = false;
  }

  /** Resolves once nothing is in flight, or after `timeoutMs`, with the number still unfinished then. */
  async drain(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    while (this.#tasks.size > 0) {
      const settled = await Promise.race([Promise.allSettled([...this.#tasks]).then(() => true), deadline.then(() => false)]);
      if (!settled) break;
    }
    clearTimeout(timer);
    return this.#tasks.size;
  }
}
