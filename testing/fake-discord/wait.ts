/**
 * Bounded waiting: every wait in the fake and the harness has a timeout and fails with a message
 * that says what it was waiting for, so a broken bot fails a test quickly instead of hanging it.
 */

/** Default timeout of the fake's `waitFor...` helpers. */
export const DEFAULT_WAIT_TIMEOUT_MS = 3_000;

/** Interval at which waits re-check their condition in addition to change notifications. */
export const WAIT_POLL_INTERVAL_MS = 10;

/** Notifies subscribers that the fake's state changed (a request finished, a frame arrived, ...). */
export class ChangeSignal {
  readonly #listeners = new Set<() => void>();

  /** Registers `listener`; returns a function that unregisters it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener (errors thrown by listeners are not propagated). */
  notify(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A failing waiter must not break the server; the waiter reports through its own promise.
      }
    }
  }
}

/** Thrown when a bounded wait runs out of time. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

/** Options of {@link waitUntil}. */
export interface WaitUntilOptions {
  /** Give up after this many milliseconds (default {@link DEFAULT_WAIT_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** What is being waited for, for the timeout message. */
  description: string;
  /** Extra diagnostic text appended to the timeout message (computed lazily, at timeout). */
  diagnostics?: () => string;
  /** Re-check on every notification of this signal (polling continues regardless). */
  signal?: ChangeSignal;
}

/**
 * Resolves with the first truthy value `check` returns; `check` runs immediately, on every change
 * notification and every {@link WAIT_POLL_INTERVAL_MS}. Rejects with a {@link WaitTimeoutError}
 * after the timeout, or with the error `check` throws.
 */
export function waitUntil<T>(check: () => T | undefined | null | false, options: WaitUntilOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const handles: {
      unsubscribe?: () => void;
      poll?: ReturnType<typeof setInterval>;
      timer?: ReturnType<typeof setTimeout>;
    } = {};
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      handles.unsubscribe?.();
      clearInterval(handles.poll);
      clearTimeout(handles.timer);
      outcome();
    };
    const evaluate = (): void => {
      if (settled) return;
      let value: T | undefined | null | false;
      try {
        value = check();
      } catch (error) {
        finish(() => reject(error instanceof Error ? error : new Error(String(error))));
        return;
      }
      if (value !== undefined && value !== null && value !== false) {
        const result = value;
        finish(() => resolve(result));
      }
    };
    evaluate();
    if (settled) return;
    handles.unsubscribe = options.signal?.subscribe(evaluate);
    handles.poll = setInterval(evaluate, WAIT_POLL_INTERVAL_MS);
    handles.timer = setTimeout(() => {
      const extra = options.diagnostics ? `\n${options.diagnostics()}` : '';
      finish(() => reject(new WaitTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${options.description}${extra}`)));
    }, timeoutMs);
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
