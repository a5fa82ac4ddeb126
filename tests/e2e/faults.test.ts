/**
 * Faults, through the real bot process: Discord rate-limits the callback (429), fails one
 * interaction for good (500), drops or closes the gateway; and `npm start` with a token the
 * gateway (4004) or REST (401) rejects, or none at all. What must hold: members still get their
 * answers, one failure never stops the next interactions, and a bad token ends the process within
 * seconds with one clear line (DISCORD_TOKEN, .env.example), no stack trace, never the token.
 */
import { describe, expect, test, vi } from 'vitest';
import { chatInputInteraction, option, startFakeDiscord } from '../../testing/fake-discord/index.ts';
import type { FakeDiscord, InteractionHandle } from '../../testing/fake-discord/index.ts';
import { sleep } from '../../testing/fake-discord/harness.ts';
import { LOG_LEVEL, runBotToExit } from '../../testing/bot-process.ts';
import type { LogLine, ProcessResult } from '../../testing/bot-process.ts';
import { ANSWER_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, embedOf, expectAnswered, expectCleanShutdown, expectOneLogLine, shownQuotes, expectVerbatim, useBotProcess } from './helpers.ts';

vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
const ctx = useBotProcess();

const QUESTION = 'What did Stoltenberg say about Putin?';
const CALLBACK_ROUTE = 'POST /interactions/:id/:token/callback';

function ask(question = QUESTION) {
  return chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', question)] });
}

/** Asserts a normal, verbatim answer to /ask arrived for `interaction`. */
async function expectNormalAnswer(interaction: InteractionHandle): Promise<void> {
  const { message, log } = await expectAnswered(ctx, interaction);
  const quotes = shownQuotes(embedOf(message).description ?? '');
  expect(quotes).toHaveLength(1);
  quotes.forEach(expectVerbatim);
  expect(log['outcome']).toBe('answered');
}

/** The first log line at or after `from` matching `predicate` (waits for it). */
function logAfter(from: number, predicate: (line: LogLine) => boolean, description: string): Promise<LogLine> {
  return ctx.bot.waitForLog((line) => ctx.bot.logs.indexOf(line) >= from && predicate(line), ANSWER_TIMEOUT_MS, description);
}

describe('REST faults', () => {
  test('GIVEN a 429 with Retry-After on the interaction callback THEN discord.js waits, retries, and the member gets the answer once', async () => {
    const fault = ctx.fake.fault({ path: '/interactions/:id/:token/callback', status: 429, retryAfter: 0.2 });
    const interaction = ctx.fake.sendInteraction(ask());
    await expectNormalAnswer(interaction).finally(() => fault.remove());
    expect(fault.hits).toBe(1);
    expect(interaction.callbackRequests.map((request) => request.status)).toEqual([429, 204]);
    const [limited, accepted] = interaction.callbackRequests;
    // Retried after Retry-After (200 ms), not before.
    expect((accepted?.receivedAt ?? 0) - (limited?.respondedAt ?? 0)).toBeGreaterThanOrEqual(190);
  });

  test('GIVEN a 429 on editing the deferred reply (or the follow-up) THEN it is retried too and the answer arrives', async () => {
    const fault = ctx.fake.fault({ path: /^\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/, status: 429, retryAfter: 0.1 });
    try {
      const interaction = ctx.fake.sendInteraction(ask());
      await expectNormalAnswer(interaction);
      // Only if the bot used the webhook (a deferred reply) was there something to rate-limit.
      const webhookCalls = interaction.requests.filter((request) => request.route !== CALLBACK_ROUTE);
      if (webhookCalls.length > 0) expect(webhookCalls.map((request) => request.status)).toContain(429);
    } finally {
      fault.remove();
    }
  });

  test('GIVEN a persistent 500 on one interaction THEN it is logged as an error, and the next interactions are answered', async () => {
    const doomed = ask();
    const fault = ctx.fake.fault({ path: new RegExp(`/${doomed.token}(/|$)`), status: 500, times: Infinity });
    try {
      const failing = ctx.fake.sendInteraction(doomed);
      const log = await expectOneLogLine(ctx.bot, failing.id);
      expect(log).toMatchObject({ command: 'ask', outcome: 'error', level: LOG_LEVEL.error });
      expect(JSON.stringify(log['err'] ?? {})).toMatch(/500|Internal Server Error/);
      // discord.js retried (3 retries per call) before giving up; nothing was accepted.
      expect(failing.callbackRequests.length).toBeGreaterThanOrEqual(4);
      expect(failing.callbackRequests.every((request) => request.status === 500)).toBe(true);
      expect(failing.callbackType).toBeNull();
      // The interaction token never reaches the log.
      expect(JSON.stringify(ctx.bot.logs)).not.toContain(doomed.token);

      const next = [ctx.fake.sendInteraction(ask()), ctx.fake.sendInteraction(ask('What did NATO say?')), ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'help' }))];
      await Promise.all(next.map((interaction) => expectAnswered(ctx, interaction)));
    } finally {
      fault.remove();
    }
  });

  test('GIVEN a persistent 500 only after the acknowledgement (editing the reply) THEN logged, and the next interaction is answered', async () => {
    const doomed = ask();
    const fault = ctx.fake.fault({ path: new RegExp(`^/webhooks/\\d+/${doomed.token}`), status: 500, times: Infinity });
    try {
      const failing = ctx.fake.sendInteraction(doomed);
      const log = await expectOneLogLine(ctx.bot, failing.id);
      // Either the reply went out in the callback (nothing to break) or the edit failed and was logged.
      if (failing.callbackType === 5) {
        expect(log['outcome']).toBe('error');
        expect(failing.requests.some((request) => request.status === 500)).toBe(true);
      }
      await expectNormalAnswer(ctx.fake.sendInteraction(ask()));
    } finally {
      fault.remove();
    }
  });

  test('GIVEN a single 500 on the callback THEN discord.js retries and it is invisible to the member', async () => {
    const fault = ctx.fake.fault({ path: '/interactions/:id/:token/callback', status: 500 });
    try {
      const interaction = ctx.fake.sendInteraction(ask());
      await expectNormalAnswer(interaction);
      expect(interaction.callbackRequests.map((request) => request.status)).toEqual([500, 204]);
    } finally {
      fault.remove();
    }
  });
});

describe('gateway faults', () => {
  test('GIVEN the gateway connection drops THEN the bot resumes (no new IDENTIFY), an interaction sent meanwhile is replayed and answered, and so is the next', async () => {
    const from = ctx.bot.logs.length;
    const identifies = ctx.fake.gateway.identifyCount;
    expect(ctx.fake.dropGateway()).toBe(true);
    // Dispatched while the bot is away: queued by the fake, replayed on RESUME.
    const meanwhile = ctx.fake.sendInteraction(ask());
    await logAfter(from, (line) => line.msg === 'gateway resumed', 'the "gateway resumed" log line');
    expect(ctx.fake.gateway.identifyCount).toBe(identifies);
    expect(ctx.fake.gateway.connections.at(-1)?.path).toBe('/gateway/resume');
    await expectNormalAnswer(meanwhile);
    await expectNormalAnswer(ctx.fake.sendInteraction(ask()));
  });

  test('GIVEN the gateway closes with 4000 THEN the bot resumes and answers the next interaction', async () => {
    const from = ctx.bot.logs.length;
    const identifies = ctx.fake.gateway.identifyCount;
    expect(ctx.fake.closeGateway(4000, 'Unknown error')).toBe(true);
    await logAfter(from, (line) => line.msg === 'gateway resumed', 'the "gateway resumed" log line');
    expect(ctx.fake.gateway.connections.some((connection) => connection.closeCode === 4000)).toBe(true);
    expect(ctx.fake.gateway.identifyCount).toBe(identifies);
    await expectNormalAnswer(ctx.fake.sendInteraction(ask()));
  });
});

describe('the bot process', () => {
  test('GIVEN SIGTERM after the faults THEN it exits 0; the only error lines are the two doomed interactions', async () => {
    // Let any last retry settle before stopping.
    await sleep(100);
    await expectCleanShutdown(ctx, { allowErrorLines: (line) => line.msg === 'interaction' && line['outcome'] === 'error' });
    expect(ctx.bot.linesAtLeast(LOG_LEVEL.error).length).toBeLessThanOrEqual(2);
  });
});

// Three short-lived processes, the compiled bot as npm start runs it: run side by side (each spends ~1 s starting).
describe.concurrent('npm start with a bad token', () => {
  const SECRET = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gsecret.ThisTokenMustNeverBePrinted';
  /** "Within seconds": start-up (~1 s on 2 cores) plus the refusal, with room for a loaded CI box. */
  const EXIT_WITHIN_MS = 15_000;

  /** The one clear line: names DISCORD_TOKEN and .env.example, no stack, no token. */
  function expectOneClearLine(result: ProcessResult): string {
    expect(result.timedOut, 'the process ended by itself').toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.ms).toBeLessThan(EXIT_WITHIN_MS);
    const lines = result.stderr.trim().split('\n');
    expect(lines, `stderr: ${result.stderr}`).toHaveLength(1);
    const [line = ''] = lines;
    expect(line).toContain('DISCORD_TOKEN');
    expect(line).toContain('.env.example');
    expect(`${result.stdout}\n${result.stderr}`).not.toContain(SECRET);
    expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
    return line;
  }

  test('GIVEN a token the gateway rejects (4004), REST accepting it THEN exit non-zero within seconds with the one clear line', async () => {
    const fake: FakeDiscord = await startFakeDiscord({ checkRestAuth: false });
    try {
      const result = await runBotToExit({ ...fake.env(), DISCORD_TOKEN: SECRET }, EXIT_WITHIN_MS + 5_000);
      expectOneClearLine(result);
      expect(fake.gateway.connections.map((connection) => connection.closeCode)).toEqual([4004]);
    } finally {
      await fake.close();
    }
  });

  test('GIVEN a token REST rejects (401) THEN exit non-zero within seconds with the one clear line, and no gateway connection', async () => {
    const fake: FakeDiscord = await startFakeDiscord();
    try {
      const result = await runBotToExit({ ...fake.env(), DISCORD_TOKEN: SECRET }, EXIT_WITHIN_MS + 5_000);
      expectOneClearLine(result);
      expect(fake.requests.some((request) => request.status === 401)).toBe(true);
      expect(fake.gateway.connections).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  test('GIVEN no DISCORD_TOKEN at all THEN exit non-zero at once with the one clear line, nothing sent', async () => {
    const fake: FakeDiscord = await startFakeDiscord();
    try {
      const { DISCORD_TOKEN: _token, ...env } = fake.env();
      const line = expectOneClearLine(await runBotToExit(env, EXIT_WITHIN_MS + 5_000));
      expect(line).toMatch(/not set/);
      expect(fake.requests).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
