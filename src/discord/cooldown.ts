/**
 * Per-user cooldown on asking: at most `limit` questions in any `windowMs` (a sliding window).
 *
 * One process: `SlidingWindowCooldown` in memory. Sharded: a member's interactions can reach
 * different shard processes (one server on shard 1, another on shard 2, DMs on shard 0), so a
 * per-process window would let them ask `limit` times per shard. The ShardingManager therefore
 * keeps the one window (`serveCooldowns`) and each shard asks it over the shard IPC channel
 * (`ShardCooldownClient`), falling back to its own window if the manager does not answer in time.
 */
import type { Shard, ShardClientUtil, ShardingManager } from 'discord.js';

/**
 * The verdict for one question. A refusal says whether it is the member's first in this window
 * (`firstRefusal`): a DM flood gets one "you are asking quickly" notice, not one per message.
 */
export type CooldownResult = { allowed: true } | { allowed: false; retryAfterMs: number; firstRefusal: boolean };

/** Where cooldowns are kept: in this process or in the sharding manager. */
export interface CooldownStore {
  /** Records one question by `userId` if allowed, or says how long to wait. */
  take(userId: string): Promise<CooldownResult>;
}

/** The cooldown settings: `limit` questions per `windowMs`. */
export interface CooldownSettings {
  /** Questions allowed in one window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/** Sliding-window cooldown held in memory. */
export class SlidingWindowCooldown implements CooldownStore {
  readonly #settings: CooldownSettings;
  readonly #now: () => number;
  readonly #asked = new Map<string, number[]>();
  /** Per member, until when they have been told to wait (no second notice before then). */
  readonly #toldUntil = new Map<string, number>();
  #lastSweep: number;

  constructor(settings: CooldownSettings, now: () => number = Date.now) {
    if (!Number.isInteger(settings.limit) || settings.limit < 1) throw new RangeError(`cooldown limit must be a whole number ≥ 1, not ${settings.limit}`);
    if (!(settings.windowMs > 0)) throw new RangeError(`cooldown window must be positive, not ${settings.windowMs} ms`);
    this.#settings = settings;
    this.#now = now;
    this.#lastSweep = now();
  }

  /** Synchronous `take`, for the manager process and tests. */
  takeNow(userId: string): CooldownResult {
    const now = this.#now();
    this.#sweep(now);
    const since = now - this.#settings.windowMs;
    const times = (this.#asked.get(userId) ?? []).filter((time) => time > since);
    if (times.length >= this.#settings.limit) {
      this.#asked.set(userId, times);
      // The oldest question in the window expires first; then one more is allowed.
      const oldest = times[0] ?? now;
      const retryAfterMs = Math.max(oldest + this.#settings.windowMs - now, 1);
      const firstRefusal = (this.#toldUntil.get(userId) ?? 0) <= now;
      if (firstRefusal) this.#toldUntil.set(userId, now + retryAfterMs);
      return { allowed: false, retryAfterMs, firstRefusal };
    }
    times.push(now);
    this.#asked.set(userId, times);
    return { allowed: true };
  }

  /** Records one question by `userId` if allowed, or says how long to wait. */
  async take(userId: string): Promise<CooldownResult> {
    return this.takeNow(userId);
  }

  /** Members currently remembered (for tests: memory must not grow without bound). */
  get size(): number {
    return this.#asked.size;
  }

  /** Forgets members with no question inside the window, at most once per window. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#settings.windowMs) return;
    this.#lastSweep = now;
    const since = now - this.#settings.windowMs;
    for (const [user, times] of this.#asked) {
      if ((times.at(-1) ?? 0) <= since) this.#asked.delete(user);
    }
    for (const [user, until] of this.#toldUntil) {
      if (until <= now) this.#toldUntil.delete(user);
    }
  }
}

/** IPC message a shard sends to ask the manager for a cooldown verdict. */
export interface CooldownRequest {
  /** Tag that tells these messages from discord.js's own. */
  type: typeof COOLDOWN_REQUEST;
  /** Matches the answer to the question. */
  id: string;
  /** The member asking. */
  user: string;
}

/** IPC message the manager answers with. */
export interface CooldownReply {
  /** Tag that tells these messages from discord.js's own. */
  type: typeof COOLDOWN_REPLY;
  /** The request's id. */
  id: string;
  /** The verdict. */
  result: CooldownResult;
}

/** Tag of a shard's cooldown request. */
export const COOLDOWN_REQUEST = 'storybot:cooldown';
/** Tag of the manager's cooldown reply. */
export const COOLDOWN_REPLY = 'storybot:cooldown-result';
/** How long a shard waits for the manager before using its own window. */
export const COOLDOWN_IPC_TIMEOUT_MS = 500;

function isCooldownRequest(message: unknown): message is CooldownRequest {
  const candidate = message as Partial<CooldownRequest> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === COOLDOWN_REQUEST && typeof candidate.id === 'string' && typeof candidate.user === 'string';
}

function isCooldownReply(message: unknown): message is CooldownReply {
  const candidate = message as Partial<CooldownReply> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === COOLDOWN_REPLY && typeof candidate.id === 'string';
}

/** Answers every shard's cooldown requests from one window held in the manager process. */
export function serveCooldowns(manager: ShardingManager, window: SlidingWindowCooldown): void {
  const serve = (shard: Shard): void => {
    shard.on('message', (message: unknown) => {
      if (!isCooldownRequest(message)) return;
      const reply: CooldownReply = { type: COOLDOWN_REPLY, id: message.id, result: window.takeNow(message.user) };
      shard.send(reply).catch(() => undefined);
    });
  };
  manager.shards.forEach(serve);
  manager.on('shardCreate', serve);
}

/** Minimal IPC the shard client needs (the child process's `process` in process mode). */
export interface CooldownChannel {
  /** Subscribes to messages from the manager. */
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** A shard's view of the manager's cooldown window, with a local fallback. */
export class ShardCooldownClient implements CooldownStore {
  readonly #shard: Pick<ShardClientUtil, 'send'>;
  readonly #fallback: SlidingWindowCooldown;
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, (result: CooldownResult) => void>();
  #next = 0;

  constructor(shard: Pick<ShardClientUtil, 'send'>, channel: CooldownChannel, fallback: SlidingWindowCooldown, timeoutMs = COOLDOWN_IPC_TIMEOUT_MS) {
    this.#shard = shard;
    this.#fallback = fallback;
    this.#timeoutMs = timeoutMs;
    channel.on('message', (message) => {
      if (!isCooldownReply(message)) return;
      this.#pending.get(message.id)?.(message.result);
    });
  }

  /** Asks the manager; uses this shard's own window if it does not answer in time. */
  take(userId: string): Promise<CooldownResult> {
    const id = `${process.pid}:${this.#next++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(this.#fallback.takeNow(userId));
      }, this.#timeoutMs);
      this.#pending.set(id, (result) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve(result);
      });
      const request: CooldownRequest = { type: COOLDOWN_REQUEST, id, user: userId };
      this.#shard.send(request).catch(() => {
        // The manager is gone: settle now rather than after the timeout.
        this.#pending.get(id)?.(this.#fallback.takeNow(userId));
      });
    });
  }
}
