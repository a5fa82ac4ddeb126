/**
 * What every end-to-end test file shares: one fake Discord and one real bot process per file
 * (`useBotProcess`), "answered exactly once" with its one log line (`expectAnswered`), and the
 * checks a member would make of a reply: the quote is word for word from the article, its
 * "paragraph N" is the paragraph it stands in, nothing can ping anyone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import type { APIEmbed, APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startFakeDiscord, waitUntil } from '../../testing/fake-discord/index.ts';
import type { FakeDiscord, FakeDiscordOptions, InteractionHandle, RecordedRequest } from '../../testing/fake-discord/index.ts';
import { expectAnsweredOnce, failOnUnhandledRejection } from '../../testing/fake-discord/harness.ts';
import type { UnhandledErrorGuard } from '../../testing/fake-discord/harness.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import type { Article } from '../../src/types.ts';
import { unescapeMarkdown } from '../../src/views.ts';
import { LOG_LEVEL, startBotProcess } from '../../testing/bot-process.ts';
import type { BotProcess, BotProcessOptions, LogLine } from '../../testing/bot-process.ts';

/** Time for one interaction to be acknowledged and its reply to arrive (a loaded 2-core CI box). */
export const ANSWER_TIMEOUT_MS = 5_000;
/** Per-test timeout for e2e tests. */
export const E2E_TEST_TIMEOUT_MS = 20_000;
/** Time for a file's bot process to start (tsx compiles the sources) plus the fake. */
export const E2E_HOOK_TIMEOUT_MS = 30_000;

/** Options of {@link useBotProcess}. */
export interface UseBotProcessOptions {
  /** Options of the fake (guilds, channels, deadlines). */
  fake?: FakeDiscordOptions;
  /** Extra environment for the bot. */
  extraEnv?: BotProcessOptions['extraEnv'];
  /** Echo the bot's output (set E2E_ECHO=1 to debug). */
  echo?: boolean;
  /** The entry point (default `src/bot.ts`, as `npm start`). */
  entry?: BotProcessOptions['entry'];
}

/** The per-file context of {@link useBotProcess}. */
export interface BotContext {
  /** The fake Discord of this file. */
  readonly fake: FakeDiscord;
  /** The bot process of this file. */
  readonly bot: BotProcess;
  /** Unhandled rejections of the test process (the fake, discord.js types). */
  readonly guard: UnhandledErrorGuard;
}

/**
 * One fake and one bot process for the whole file (starting the bot costs ~3 s under tsx). After
 * each test: no unhandled rejection here and no error inside the fake. After all: the bot is
 * stopped (if a test did not already) and the fake closed.
 */
export function useBotProcess(options: UseBotProcessOptions = {}): BotContext {
  let fake: FakeDiscord | undefined;
  let bot: BotProcess | undefined;
  let guard: UnhandledErrorGuard | undefined;
  beforeAll(async () => {
    guard = failOnUnhandledRejection();
    fake = await startFakeDiscord(options.fake);
    const echo = options.echo || process.env['E2E_ECHO'] === '1' ? (line: string) => process.stderr.write(`[bot] ${line}\n`) : undefined;
    bot = await startBotProcess({ env: fake.env(), extraEnv: options.extraEnv, entry: options.entry, ...(echo ? { echo } : {}) });
  }, E2E_HOOK_TIMEOUT_MS);
  afterEach(() => {
    guard?.assertNone();
    const internal = fake?.internalErrors ?? [];
    if (internal.length > 0) throw new Error(`fake discord internal errors:\n${internal.map((e) => e.stack ?? e.message).join('\n---\n')}`);
  });
  afterAll(async () => {
    bot?.kill();
    await fake?.close();
    guard?.dispose();
  });
  return {
    get fake() {
      if (!fake) throw new Error('useBotProcess: the fake exists only inside tests');
      return fake;
    },
    get bot() {
      if (!bot) throw new Error('useBotProcess: the bot exists only inside tests');
      return bot;
    },
    get guard() {
      if (!guard) throw new Error('useBotProcess: the guard exists only inside tests');
      return guard;
    },
  };
}

/** What a member saw for one interaction, and the bot's log line of it. */
export interface Answered {
  /** The accepted callback request. */
  callback: RecordedRequest;
  /** The message the member sees (the reply, or the deferred reply once filled). */
  message: APIMessage;
  /** The bot's one "interaction" log line. */
  log: LogLine;
}

/**
 * Asserts the interaction was acknowledged exactly once, waits for the visible reply and for the
 * bot's one log line (command, latency, outcome) of it.
 */
export async function expectAnswered(context: BotContext, interaction: InteractionHandle): Promise<Answered> {
  const callback = await expectAnsweredOnce(interaction, { timeoutMs: ANSWER_TIMEOUT_MS });
  const message = await visibleReply(context.fake, interaction);
  const log = await expectOneLogLine(context.bot, interaction.id);
  return { callback, message, log };
}

/**
 * The message the member ends up seeing: the reply (or the deferred reply once filled), or — when
 * the bot removed a public "thinking…" reply to answer privately instead — its follow-up.
 */
export function visibleReply(fake: FakeDiscord, interaction: InteractionHandle, timeoutMs = ANSWER_TIMEOUT_MS): Promise<APIMessage> {
  return waitUntil(
    () => {
      const original = interaction.original;
      if (original) return ((original.flags ?? 0) & MessageFlags.Loading) === 0 ? original : undefined;
      return interaction.followUps.at(-1);
    },
    { timeoutMs, signal: fake.signal, description: `the reply to interaction ${interaction.id}`, diagnostics: () => fake.describeRecent() },
  );
}

/** Waits for the interaction's log line and asserts there is exactly one, with latency and outcome. */
export async function expectOneLogLine(bot: BotProcess, interactionId: string): Promise<LogLine> {
  const log = await bot.interactionLog(interactionId, ANSWER_TIMEOUT_MS);
  const lines = bot.logs.filter((line) => line.msg === 'interaction' && line['interaction'] === interactionId);
  expect(lines, `log lines of interaction ${interactionId}`).toHaveLength(1);
  expect(typeof log['command']).toBe('string');
  expect(typeof log['latencyMs']).toBe('number');
  expect(typeof log['outcome']).toBe('string');
  return log;
}

/** The first embed of a message (every storybot reply has one). */
export function embedOf(message: APIMessage): APIEmbed {
  const embed = message.embeds[0];
  if (!embed) throw new Error(`message ${message.id} has no embed: ${JSON.stringify(message).slice(0, 500)}`);
  return embed;
}

/** The Markdown parts of an embed (title, description, fields): where Discord renders mentions and formatting. */
export function embedMarkdown(embed: APIEmbed): string {
  return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');
}

/** Every piece of text of an embed, for "does it mention X" checks. */
export function embedText(embed: APIEmbed): string {
  return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text]
    .filter(Boolean)
    .join('\n');
}

/** Whether a message is ephemeral (flag 64). */
export function ephemeral(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/**
 * The flags the bot asked for when it acknowledged: `data.flags` of a reply (type 4) or of a
 * deferred reply (type 5). Ephemerality is decided there, so this is where flag 64 must be.
 */
export function callbackFlags(callback: RecordedRequest): number {
  const body = callback.body as { type?: number; data?: { flags?: number } } | null;
  return body?.data?.flags ?? 0;
}

/** The buttons of a message (custom id and label), row by row. */
export function buttonsOf(message: APIMessage): { customId: string; label: string }[] {
  const buttons: { customId: string; label: string }[] = [];
  for (const row of message.components ?? []) {
    if (!('components' in row)) continue;
    for (const component of row.components as readonly unknown[]) {
      const candidate = component as { custom_id?: unknown; label?: unknown };
      if (typeof candidate.custom_id === 'string') buttons.push({ customId: candidate.custom_id, label: String(candidate.label ?? '') });
    }
  }
  return buttons;
}

/** The button custom ids of a message. */
export function buttonIds(message: APIMessage): string[] {
  return buttonsOf(message).map((button) => button.customId);
}

/** A quote as shown in a reply: block-quoted words and the attribution line under them. */
export interface ShownQuote {
  /** The quoted words with Markdown escapes removed (what the member reads). */
  text: string;
  /** The speaker line's name ("— Stoltenberg"), if any. */
  speaker?: string;
  /** N of "paragraph N · title · publisher". */
  paragraph: number;
  /** The article title of the attribution. */
  title: string;
}

const ATTRIBUTION = /^paragraph (\d+) · (.+?)(?: · [^·]+)?$/;

/**
 * Reads the quotes out of Markdown text: each run of `> ` lines followed (possibly after a
 * "— speaker" line) by "paragraph N · title[ · publisher]". Text is unescaped as a member reads it.
 */
export function shownQuotes(markdown: string): ShownQuote[] {
  const lines = markdown.split('\n');
  const quotes: ShownQuote[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!lines[index]?.startsWith('> ')) continue;
    const block: string[] = [];
    while (lines[index]?.startsWith('> ')) block.push((lines[index++] ?? '').slice(2));
    let speaker: string | undefined;
    if (lines[index]?.startsWith('— ')) speaker = unescapeMarkdown((lines[index++] ?? '').slice(2));
    const match = ATTRIBUTION.exec(unescapeMarkdown(lines[index] ?? ''));
    if (!match) throw new Error(`a quote without its "paragraph N · title" line:\n${markdown}`);
    quotes.push({ text: unescapeMarkdown(block.join('\n')), ...(speaker ? { speaker } : {}), paragraph: Number(match[1]), title: match[2] ?? '' });
  }
  return quotes;
}

let corpus: Article[] | undefined;
/** The corpus as loaded from disk (the same articles the bot answers from). */
export function corpusArticles(): Article[] {
  corpus ??= loadCorpus(DEFAULT_CORPUS_DIR);
  return corpus;
}

/** The raw text of every corpus file with white space folded (independent of the loader's splitting). */
export function rawCorpusText(): string {
  rawCorpus ??= readdirSync(DEFAULT_CORPUS_DIR)
    .filter((file) => file.endsWith('.md'))
    .map((file) => readFileSync(join(DEFAULT_CORPUS_DIR, file), 'utf8'))
    .join('\n')
    .replace(/\s+/g, ' ');
  return rawCorpus;
}
let rawCorpus: string | undefined;

/**
 * Asserts what a reader would check: the quoted words are word for word in the article named by
 * the attribution, in exactly the paragraph it names (a quote cut short with "…" is checked up
 * to the cut).
 */
export function expectVerbatim(quote: ShownQuote): void {
  const article = corpusArticles().find((candidate) => candidate.title === quote.title);
  expect(article, `an article titled "${quote.title}"`).toBeDefined();
  const words = quote.text.endsWith('…') ? quote.text.slice(0, -1).trimEnd() : quote.text;
  expect(words.length).toBeGreaterThan(0);
  expect(rawCorpusText()).toContain(words.replace(/\s+/g, ' '));
  const passage = article?.passages[quote.paragraph - 1];
  expect(passage, `paragraph ${quote.paragraph} of "${quote.title}"`).toBeDefined();
  expect(passage?.text).toContain(words);
}

/** A request that carries a message payload the bot wrote (and so needs `allowed_mentions`). */
export function isBotMessagePayload(request: RecordedRequest): boolean {
  const route = request.route ?? '';
  if (route === 'POST /interactions/:id/:token/callback') {
    const type = (request.body as { type?: number } | null)?.type;
    return type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage;
  }
  return (
    route === 'POST /webhooks/:app/:token' ||
    route === 'PATCH /webhooks/:app/:token/messages/:message' ||
    route === 'POST /channels/:channel/messages' ||
    route === 'PATCH /channels/:channel/messages/:message'
  );
}

/** The message body of a bot payload (`data` of a callback, else the body). */
export function payloadBody(request: RecordedRequest): Record<string, unknown> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return request.route === 'POST /interactions/:id/:token/callback' ? ((body['data'] ?? {}) as Record<string, unknown>) : body;
}

/**
 * Asserts every message payload the bot sent so far carries `allowed_mentions` with nothing to
 * parse (so neither a quote nor a member's own words can ping @everyone, a role or a user).
 * Returns how many payloads were checked.
 */
export function expectNoMentionsAnywhere(fake: FakeDiscord): number {
  const payloads = fake.requests.filter(isBotMessagePayload);
  for (const request of payloads) {
    const allowed = payloadBody(request)['allowed_mentions'] as { parse?: unknown; users?: unknown; roles?: unknown } | undefined;
    expect(allowed, `allowed_mentions of ${request.method} ${request.route ?? request.path}`).toBeDefined();
    expect(allowed?.parse, `allowed_mentions.parse of ${request.method} ${request.route ?? request.path}`).toEqual([]);
    expect(allowed?.users ?? [], 'allowed_mentions.users').toEqual([]);
    expect(allowed?.roles ?? [], 'allowed_mentions.roles').toEqual([]);
  }
  return payloads.length;
}

/**
 * The checks that close every e2e file: SIGTERM ends the bot cleanly (exit 0, promptly), it
 * printed nothing but JSON log lines, nothing on stderr, no error lines unless expected, every
 * interaction it saw has exactly one log line, no request missed a route, and no payload could ping.
 */
export async function expectCleanShutdown(context: BotContext, options: { allowErrorLines?: (line: LogLine) => boolean } = {}): Promise<void> {
  const { fake, bot } = context;
  const exit = await bot.stop();
  expect(exit, `exit of the bot process; stderr: ${bot.stderr}`).toMatchObject({ code: 0, signal: null });
  expect(bot.logs.some((line) => line.msg === 'shutting down')).toBe(true);
  expect(bot.stderr).toBe('');
  expect(bot.otherStdout).toEqual([]);
  const unexpected = bot.linesAtLeast(LOG_LEVEL.error).filter((line) => !(options.allowErrorLines?.(line) ?? false));
  expect(unexpected, 'error log lines').toEqual([]);
  for (const interaction of fake.interactions) {
    const lines = bot.logs.filter((line) => line.msg === 'interaction' && line['interaction'] === interaction.id);
    expect(lines, `log lines of ${InteractionType[interaction.payload.type]} ${interaction.id}`).toHaveLength(1);
  }
  expect(fake.unknownRoutes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
  expectNoMentionsAnywhere(fake);
}
