/**
 * The vitest hooks for end-to-end tests against the fake Discord: a fresh fake and an
 * unhandled-rejection guard per test, everything cleaned up after it. Kept apart from
 * `./harness.ts` because it imports vitest, which benchmarks run with tsx must not.
 *
 * ```ts
 * const ctx = useFakeDiscord();                      // fresh fake + guard per test, all cleaned up
 * it('answers', async () => {
 *   const client = ctx.track(createTestClient(ctx.fake));
 *   await loginAndWaitReady(client, ctx.fake);
 *   const interaction = ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask' }));
 *   const callback = await expectAnsweredOnce(interaction);
 * });
 * ```
 */
import type { Client } from 'discord.js';
import { afterEach, beforeEach } from 'vitest';
import { failOnUnhandledRejection, sleep } from './harness.ts';
import type { UnhandledErrorGuard } from './harness.ts';
import { startFakeDiscord } from './server.ts';
import type { FakeDiscord, FakeDiscordOptions } from './server.ts';

/** The per-test context of {@link useFakeDiscord}. */
export interface FakeDiscordTestContext {
  /** The fake of the current test. */
  readonly fake: FakeDiscord;
  /** The unhandled-rejection guard of the current test. */
  readonly guard: UnhandledErrorGuard;
  /** Registers a client to destroy after the test; returns it. */
  track<T extends Client>(client: T): T;
}

/**
 * Registers vitest hooks: before each test a fresh fake and guard; after each test every tracked
 * client is destroyed, the fake closed, and the test fails on unhandled rejections or on errors
 * inside the fake.
 */
export function useFakeDiscord(options: FakeDiscordOptions | (() => FakeDiscordOptions) = {}): FakeDiscordTestContext {
  let fake: FakeDiscord | undefined;
  let guard: UnhandledErrorGuard | undefined;
  let clients: Client[] = [];
  beforeEach(async () => {
    guard = failOnUnhandledRejection();
    fake = await startFakeDiscord(typeof options === 'function' ? options() : options);
  });
  afterEach(async () => {
    const current = { fake, guard, clients };
    fake = undefined;
    guard = undefined;
    clients = [];
    try {
      await Promise.all(current.clients.map((client) => client.destroy()));
      await current.fake?.close();
      // Let discord.js settle promises that were pending when its connections went away.
      await sleep(0);
      current.guard?.assertNone();
      const internal = current.fake?.internalErrors ?? [];
      if (internal.length > 0) throw new Error(`fake discord internal errors:\n${internal.map((e) => e.stack ?? e.message).join('\n---\n')}`);
    } finally {
      current.guard?.dispose();
    }
  });
  return {
    get fake() {
      if (!fake) throw new Error('useFakeDiscord: the fake only exists inside a test');
      return fake;
    },
    get guard() {
      if (!guard) throw new Error('useFakeDiscord: the guard only exists inside a test');
      return guard;
    },
    track(client) {
      clients.push(client);
      return client;
    },
  };
}
