/** Per-user cooldown: a sliding window, in one process and shared across shards over IPC. */
import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import {
  COOLDOWN_REPLY,
  COOLDOWN_REQUEST,
  type CooldownRequest,
  serveCooldowns,
  ShardCooldownClient,
  SlidingWindowCooldown,
} from '../../src/discord/cooldown.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('SlidingWindowCooldown', () => {
  test('GIVEN 5 per 30 s THEN the 6th question within the window waits until the 1st expires', () => {
    const time = clock();
    const cooldown = new SlidingWindowCooldown({ limit: 5, windowMs: 30_000 }, time.now);
    for (let index = 0; index < 5; index++) {
      expect(cooldown.takeNow('u')).toEqual({ allowed: true });
      time.advance(1_000);
    }
    // First question at t=0, now t=5 s: it expires at t=30 s, so 25 s to wait.
    expect(cooldown.takeNow('u')).toEqual({ allowed: false, retryAfterMs: 25_000, firstRefusal: true });
    time.advance(25_000);
    expect(cooldown.takeNow('u')).toEqual({ allowed: true });
  });

  test('GIVEN a member refused again within the wait THEN only the first refusal is marked first; after the wait, again', () => {
    const time = clock();
    const cooldown = new SlidingWindowCooldown({ limit: 1, windowMs: 10_000 }, time.now);
    cooldown.takeNow('a');
    const refusals = Array.from({ length: 5 }, () => {
      time.advance(1_000);
      return cooldown.takeNow('a');
    });
    expect(refusals.map((verdict) => !verdict.allowed && verdict.firstRefusal)).toEqual([true, false, false, false, false]);
    time.advance(10_000);
    expect(cooldown.takeNow('a').allowed).toBe(true);
    const next = cooldown.takeNow('a');
    expect(!next.allowed && next.firstRefusal).toBe(true);
  });

  test('GIVEN one member at the limit THEN another member is not affected', () => {
    const cooldown = new SlidingWindowCooldown({ limit: 1, windowMs: 10_000 }, clock().now);
    expect(cooldown.takeNow('a').allowed).toBe(true);
    expect(cooldown.takeNow('a').allowed).toBe(false);
    expect(cooldown.takeNow('b').allowed).toBe(true);
  });

  test('GIVEN refused questions THEN they do not extend the wait', () => {
    const time = clock();
    const cooldown = new SlidingWindowCooldown({ limit: 1, windowMs: 10_000 }, time.now);
    cooldown.takeNow('a');
    for (let index = 0; index < 5; index++) {
      time.advance(1_000);
      cooldown.takeNow('a');
    }
    // t = 5 s: still refused; at t = 10 s the first question leaves the window.
    expect(cooldown.takeNow('a').allowed).toBe(false);
    time.advance(5_000);
    expect(cooldown.takeNow('a').allowed).toBe(true);
  });

  test('GIVEN many members long ago THEN they are forgotten (memory does not grow)', () => {
    const time = clock();
    const cooldown = new SlidingWindowCooldown({ limit: 5, windowMs: 1_000 }, time.now);
    for (let index = 0; index < 1_000; index++) cooldown.takeNow(`user${index}`);
    expect(cooldown.size).toBe(1_000);
    time.advance(2_000);
    cooldown.takeNow('someone');
    expect(cooldown.size).toBe(1);
  });

  test.each([
    [{ limit: 0, windowMs: 1 }, /limit must be a whole number/],
    [{ limit: 1, windowMs: 0 }, /window must be positive/],
  ])('GIVEN settings %j THEN it refuses them, naming the value', (settings, message) => {
    expect(() => new SlidingWindowCooldown(settings)).toThrow(message);
  });
});

/** A fake manager: a shard-like emitter whose `send` delivers to the child's channel. */
function ipcPair() {
  const child = new EventEmitter();
  const shard = Object.assign(new EventEmitter(), {
    id: 0,
    send: async (message: unknown) => {
      queueMicrotask(() => child.emit('message', message));
      return shard;
    },
  });
  const manager = Object.assign(new EventEmitter(), { shards: new Map([[0, shard]]) });
  const shardUtil = { send: async (message: unknown) => void queueMicrotask(() => shard.emit('message', message)) };
  return { child, shard, manager, shardUtil };
}

describe('cooldowns across shards', () => {
  test('GIVEN two shards THEN the manager keeps one window per member across both', async () => {
    const first = ipcPair();
    const second = ipcPair();
    const window = new SlidingWindowCooldown({ limit: 2, windowMs: 60_000 });
    // One manager serving two shards: the second shard's emitter joins the same manager.
    const manager = Object.assign(new EventEmitter(), { shards: new Map([[0, first.shard], [1, second.shard]]) });
    serveCooldowns(manager as never, window);
    const local = () => new SlidingWindowCooldown({ limit: 2, windowMs: 60_000 });
    const onShard0 = new ShardCooldownClient(first.shardUtil as never, first.child, local());
    const onShard1 = new ShardCooldownClient(second.shardUtil as never, second.child, local());
    expect(await onShard0.take('member')).toEqual({ allowed: true });
    expect(await onShard1.take('member')).toEqual({ allowed: true });
    // Per-process windows would allow this third question (1 of 2 on each shard); the shared one does not.
    expect((await onShard0.take('member')).allowed).toBe(false);
  });

  test('GIVEN a shard created later THEN it is served too', async () => {
    const pair = ipcPair();
    const manager = Object.assign(new EventEmitter(), { shards: new Map() });
    serveCooldowns(manager as never, new SlidingWindowCooldown({ limit: 1, windowMs: 60_000 }));
    manager.emit('shardCreate', pair.shard);
    const client = new ShardCooldownClient(pair.shardUtil as never, pair.child, new SlidingWindowCooldown({ limit: 1, windowMs: 60_000 }));
    expect((await client.take('m')).allowed).toBe(true);
    expect((await client.take('m')).allowed).toBe(false);
  });

  test('GIVEN the manager does not answer THEN the shard falls back to its own window after the timeout', async () => {
    const silent = { send: async () => undefined };
    const client = new ShardCooldownClient(silent as never, new EventEmitter(), new SlidingWindowCooldown({ limit: 1, windowMs: 60_000 }), 20);
    expect(await client.take('m')).toEqual({ allowed: true });
    expect((await client.take('m')).allowed).toBe(false);
  });

  test('GIVEN the IPC channel is closed THEN the shard decides at once from its own window', async () => {
    const broken = { send: async () => Promise.reject(new Error('channel closed')) };
    const client = new ShardCooldownClient(broken as never, new EventEmitter(), new SlidingWindowCooldown({ limit: 1, windowMs: 60_000 }), 10_000);
    const started = Date.now();
    expect(await client.take('m')).toEqual({ allowed: true });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  test('messages are tagged so they never collide with discord.js IPC', () => {
    const request: CooldownRequest = { type: COOLDOWN_REQUEST, id: '1', user: 'u' };
    expect(request.type).toBe('storybot:cooldown');
    expect(COOLDOWN_REPLY).toBe('storybot:cooldown-result');
  });
});
