/**
 * `npm run bench:load`: the real bot under load. 2,000 interactions, 100 in flight, a mix of
 * commands (ask, autocomplete, quote, source, summary, help, the "More quotes" button), sent by
 * the fake Discord (testing/fake-discord) over loopback to the bot process started as `npm start`
 * does (`node --import tsx src/bot.ts`), with discord.js's global REST limiter raised and the
 * cooldown out of the way (DISCORD_GLOBAL_REQUESTS_PER_SECOND, ASK_COOLDOWN_*).
 *
 * Checks, not only times: every interaction acknowledged exactly once (no 40060 duplicate), its
 * answer visible to the member, exactly one log line, no error; none lost. Prints round-trip
 * p50/p99/max — dispatch to the first callback ("ack") and dispatch to the bot's log line for it
 * ("done") — throughput, and the bot's RSS (at ready and peak, from /proc). Bounded: aborts after
 * `--timeout` seconds (default 120). Exit code 1 when anything was lost, duplicated or failed.
 *
 *   npm run bench:load                       table on stdout, progress on stderr
 *   npm run bench:load -- --json             one JSON object
 *   npm run bench:load -- --count 500 --concurrency 50 --baseline --in-process
 *   npm run bench:load -- --reload [--articles 1000]
 *
 * `--baseline` first runs the same load against a bare discord.js client in this process that
 * answers at once (what the fake and discord.js cost without the bot's work); `--in-process`
 * runs the bot with `startBot` inside this process instead of a child (RSS is then this process).
 *
 * `--reload` measures hot reload under the same load: a corpus of `--articles` (the seed and
 * synthetic articles, built once in the bot's cache folder, bench/reload-corpus.ts), the load
 * kept up while an article is added, and answers' latency before, during the rebuild and after,
 * the time until the new article answers, the bot's own figures for the reload (the event loop's
 * longest delay among them) and, as always, every interaction answered exactly once.
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Events, InteractionResponseType, MessageFlags } from 'discord.js';
import type { Client } from 'discord.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  option,
  startFakeDiscord,
} from '../testing/fake-discord/index.ts';
import type { AnyInteraction, FakeDiscord, InteractionBaseOptions, InteractionHandle } from '../testing/fake-discord/index.ts';
import { createTestClient, loginAndWaitReady } from '../testing/fake-discord/harness.ts';
import { startBotProcess, startInProcessBot } from '../testing/bot-process.ts';
import type { LogLine } from '../testing/bot-process.ts';
import { busyMachineWarning, formatNumber, formatTable, progress, quantile } from './measure.ts';
import { ADDED_ARTICLE, prepareReloadCorpus, type ReloadCorpus } from './reload-corpus.ts';
import { mulberry32 } from './synthetic.ts';

/** The kinds of interaction in the mix. */
type Kind = 'ask' | 'autocomplete' | 'quote' | 'source' | 'summary' | 'help' | 'button';

/** Share of each kind, in percent. */
const MIX: readonly (readonly [Kind, number])[] = [
  ['ask', 30],
  ['autocomplete', 20],
  ['quote', 10],
  ['source', 10],
  ['summary', 10],
  ['help', 10],
  ['button', 10],
];
/** Questions /ask cycles through: covered ones and one the story does not cover. */
const QUESTIONS = [
  'What did Stoltenberg say about Putin?',
  'What did Putin say about nuclear weapons?',
  'How many reservists did Putin call up?',
  'What does NATO think of the mobilisation?',
  'Will Putin win the war in Ukraine?',
  'Qwzxv plorbizzle frumious snarkwidget?',
];
/** What members type while autocomplete runs. */
const PARTIALS = ['', 'Put', 'Stolt', 'nuclear w', 'What did', 'mobil'];
/** Distinct members sending the load. */
const MEMBERS = 200;
/** Interactions sent (and checked, not timed) before the measured run. */
const WARMUP = 50;
/** Interactions sent one at a time before the load, for the unloaded round trip. */
const UNLOADED = 200;
/** How long one interaction may take before it counts as lost. */
const PER_INTERACTION_TIMEOUT_MS = 15_000;

/** Command-line options. */
interface LoadOptions {
  count: number;
  concurrency: number;
  timeoutSeconds: number;
  json: boolean;
  baseline: boolean;
  inProcess: boolean;
  /** After the fault-free run, the same load again with webhook 429s and 500s and one gateway drop. */
  faults: boolean;
  /** The corpus folder the bot answers from (CORPUS_DIR); the repository's corpus/ when undefined. */
  corpusDir?: string;
  seed: number;
  /** Instead of the load alone: the load while an article is added to a corpus of `articles` (hot reload). */
  reload: boolean;
  articles: number;
}

function parseOptions(argv: string[]): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '2000' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      baseline: { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
      faults: { type: 'boolean', default: false },
      corpus: { type: 'string' },
      reload: { type: 'boolean', default: false },
      articles: { type: 'string', default: '1000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('Usage: npm run bench:load -- [--count 2000] [--concurrency 100] [--timeout 120] [--seed 1] [--json] [--baseline] [--in-process] [--faults] [--corpus DIR] [--reload [--articles 1000]]\n');
    process.exit(0);
  }
  const whole = (name: string, text: string, min: number, max: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    return value;
  };
  return {
    count: whole('count', values.count, 1, 100_000),
    // A reload run asks whether answers keep flowing, not how many a saturated bot can queue: fewer in flight.
    concurrency: whole('concurrency', values.concurrency ?? (values.reload ? '10' : '100'), 1, 1_000),
    // A reload run also builds a large corpus, and waits for it to be rebuilt.
    timeoutSeconds: whole('timeout', values.timeout ?? (values.reload ? '900' : '120'), 5, 3_600),
    seed: whole('seed', values.seed, 0, 2 ** 31),
    json: values.json,
    baseline: values.baseline,
    inProcess: values['in-process'],
    faults: values.faults,
    corpusDir: values.corpus === undefined ? undefined : resolve(values.corpus),
    reload: values.reload,
    articles: whole('articles', values.articles, 1, 20_000),
  };
}

/** Exactly the mix's shares of `count`, shuffled by `random`. */
function schedule(count: number, random: () => number): Kind[] {
  const kinds: Kind[] = [];
  for (const [kind, share] of MIX) for (let i = 0; i < Math.round((count * share) / 100); i++) kinds.push(kind);
  while (kinds.length < count) kinds.push('ask');
  kinds.length = count;
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as Kind, kinds[i] as Kind];
  }
  return kinds;
}

/** One interaction of the run. */
interface Tracked {
  kind: Kind;
  handle: InteractionHandle;
  sentAt: number;
  ackAt?: number;
  doneAt?: number;
  log?: LogLine;
  finish: () => void;
}

/** What went wrong with one interaction, if anything. */
function problemOf(tracked: Tracked, logCount: number, expectLog: boolean): string | undefined {
  const { handle } = tracked;
  const accepted = handle.callbackRequests.filter((request) => request.status !== null && request.status >= 200 && request.status < 300).length;
  const duplicates = handle.callbackRequests.filter((request) => (request.response as { code?: number } | null)?.code === 40060).length;
  if (tracked.doneAt === undefined) return 'lost (no answer in time)';
  if (accepted !== 1) return `acknowledged ${accepted} times`;
  if (duplicates > 0) return `${duplicates} duplicate acknowledgement(s)`;
  if (expectLog && logCount !== 1) return `${logCount} log lines`;
  const outcome = tracked.log?.['outcome'];
  if (expectLog && (outcome === 'error' || outcome === 'expired')) return `outcome ${String(outcome)}`;
  switch (handle.callbackType) {
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      return handle.choices === null ? 'no choices' : undefined;
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const original = handle.original;
      const filled = (original && ((original.flags ?? 0) & MessageFlags.Loading) === 0) || handle.followUps.length > 0;
      return filled ? undefined : 'deferred reply never filled';
    }
    case InteractionResponseType.DeferredMessageUpdate:
      return handle.requests.some((request) => request.method === 'PATCH' && request.status === 200) ? undefined : 'deferred update never applied';
    default:
      return undefined;
  }
}

/** Figures of one set of latencies, in milliseconds. */
interface Spread {
  p50: number;
  p99: number;
  max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** What a run measured. */
interface RunReport {
  target: string;
  count: number;
  concurrency: number;
  seconds: number;
  throughputPerSecond: number;
  answeredOnce: number;
  lost: number;
  problems: { kind: Kind; id: string; problem: string }[];
  ackMs: Spread;
  doneMs: Spread;
  botLatencyMs?: Spread;
  byKind: Record<string, { n: number; ackMs: Spread; doneMs: Spread }>;
  rssMiB?: { atReady: number; peak: number; atEnd: number };
}

/** The pieces of a target the driver needs. */
interface Target {
  name: string;
  /** Called for every interaction the target finished (its log line); undefined when it does not log. */
  expectLog: boolean;
  memoryKiB?: () => { rssKiB: number; peakRssKiB: number } | null;
}

/** Builds the payload of one interaction. */
function payloadFor(fake: FakeDiscord, kind: Kind, index: number, random: () => number, members: InteractionBaseOptions[], context: { speakers: string[]; answer?: InteractionHandle }): AnyInteraction {
  const member = members[Math.floor(random() * members.length)] ?? {};
  const pick = <T>(items: readonly T[]): T => items[index % items.length] as T;
  switch (kind) {
    case 'ask':
      return chatInputInteraction(fake, { ...member, name: 'ask', options: [option.string('question', pick(QUESTIONS)), ...(index % 5 === 0 ? [option.boolean('private', true)] : [])] });
    case 'autocomplete':
      return index % 4 === 0
        ? autocompleteInteraction(fake, { ...member, name: 'quote', options: [option.string('speaker', pick(['', 'S', 'Pu', 'NA']), true)] })
        : autocompleteInteraction(fake, { ...member, name: 'ask', options: [option.string('question', pick(PARTIALS), true)] });
    case 'quote':
      return chatInputInteraction(fake, { ...member, name: 'quote', options: [option.string('speaker', pick(context.speakers.length > 0 ? context.speakers : ['Stoltenberg']))] });
    case 'source':
      return chatInputInteraction(fake, { ...member, name: 'source' });
    case 'summary':
      return chatInputInteraction(fake, { ...member, name: 'summary', options: index % 3 === 0 ? [option.boolean('post', true)] : [] });
    case 'help':
      return chatInputInteraction(fake, { ...member, name: 'help' });
    case 'button': {
      const message = context.answer?.original;
      const customId = message?.components?.flatMap((row) => ('components' in row ? (row.components as { custom_id?: string }[]) : [])).find((c) => c.custom_id)?.custom_id;
      if (!message || !customId) return chatInputInteraction(fake, { ...member, name: 'help' });
      // One press in five by the asker (turns the page in place); the rest by others (a private page).
      return buttonInteraction(fake, index % 5 === 0 ? { customId, message } : { ...member, where: 'guild', customId, message });
    }
  }
}

/**
 * Sends `count` interactions with `concurrency` in flight and tracks each to its acknowledgement
 * and its log line. Resolves when all are done or lost.
 */
async function drive(fake: FakeDiscord, target: Target, logsById: Map<string, LogLine[]>, kinds: readonly Kind[], concurrency: number, random: () => number, context: { speakers: string[]; answer?: InteractionHandle }, deadline: { aborted: boolean }): Promise<{ tracked: Tracked[]; seconds: number }> {
  const members: InteractionBaseOptions[] = Array.from({ length: MEMBERS }, (_, i) => {
    const user = fake.createUser(`member-${i}`);
    const where = i % 10 < 7 ? 'guild' : i % 10 < 9 ? 'botDm' : 'privateChannel';
    return { user, where, ...(where === 'guild' ? { roles: [] } : {}) };
  });
  const pending = new Map<string, Tracked>();
  const tracked: Tracked[] = [];
  const check = (): void => {
    const now = performance.now();
    for (const [id, item] of pending) {
      if (item.ackAt === undefined && item.handle.callbackType !== null) item.ackAt = now;
      const log = logsById.get(id)?.[0];
      const finished = target.expectLog ? log !== undefined : item.ackAt !== undefined;
      if (finished) {
        item.log = log;
        item.doneAt = now;
        pending.delete(id);
        item.finish();
      }
    }
  };
  const unsubscribe = fake.signal.subscribe(check);
  const poll = setInterval(check, 5);
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < kinds.length && !deadline.aborted) {
      const index = next++;
      const kind = kinds[index] as Kind;
      const payload = payloadFor(fake, kind, index, random, members, context);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(payload.id);
          resolve();
        }, PER_INTERACTION_TIMEOUT_MS);
        const item: Tracked = { kind, handle: undefined as unknown as InteractionHandle, sentAt: 0, finish: () => (clearTimeout(timer), resolve()) };
        pending.set(payload.id, item);
        tracked.push(item);
        item.sentAt = performance.now();
        item.handle = fake.sendInteraction(payload);
        check();
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, kinds.length) }, worker));
  } finally {
    unsubscribe();
    clearInterval(poll);
  }
  const last = Math.max(...tracked.map((item) => item.doneAt ?? 0));
  return { tracked, seconds: (last - started) / 1_000 };
}

/** Runs one measured load against a target and builds its report. */
async function measure(fake: FakeDiscord, target: Target, logsById: Map<string, LogLine[]>, options: Pick<LoadOptions, 'count' | 'concurrency' | 'seed'>, context: { speakers: string[]; answer?: InteractionHandle }, deadline: { aborted: boolean }): Promise<RunReport> {
  const random = mulberry32(options.seed);
  const kinds = schedule(options.count, random);
  const atReady = target.memoryKiB?.();
  let peakRss = atReady?.rssKiB ?? 0;
  const sampler = setInterval(() => {
    const memory = target.memoryKiB?.();
    if (memory) peakRss = Math.max(peakRss, memory.rssKiB);
  }, 50);
  const { tracked, seconds } = await drive(fake, target, logsById, kinds, options.concurrency, random, context, deadline).finally(() => clearInterval(sampler));
  // Let stragglers' duplicates (if any) arrive before judging "exactly once".
  await new Promise((resolve) => setTimeout(resolve, 200));
  const atEnd = target.memoryKiB?.();
  const problems: RunReport['problems'] = [];
  for (const item of tracked) {
    const problem = problemOf(item, logsById.get(item.handle.id)?.length ?? 0, target.expectLog);
    if (problem) problems.push({ kind: item.kind, id: item.handle.id, problem });
  }
  const unsent = options.count - tracked.length;
  for (let i = 0; i < unsent; i++) problems.push({ kind: 'ask', id: '-', problem: 'never sent (aborted)' });
  const done = tracked.filter((item) => item.ackAt !== undefined && item.doneAt !== undefined);
  const byKind: RunReport['byKind'] = {};
  for (const [kind] of MIX) {
    const items = done.filter((item) => item.kind === kind);
    byKind[kind] = {
      n: items.length,
      ackMs: spread(items.map((item) => (item.ackAt ?? 0) - item.sentAt)),
      doneMs: spread(items.map((item) => (item.doneAt ?? 0) - item.sentAt)),
    };
  }
  const botLatencies = done.map((item) => item.log?.['latencyMs']).filter((value): value is number => typeof value === 'number');
  return {
    target: target.name,
    count: options.count,
    concurrency: options.concurrency,
    seconds,
    throughputPerSecond: done.length / seconds,
    answeredOnce: tracked.length - problems.filter((p) => p.id !== '-').length,
    lost: tracked.filter((item) => item.doneAt === undefined).length + unsent,
    problems,
    ackMs: spread(done.map((item) => (item.ackAt ?? 0) - item.sentAt)),
    doneMs: spread(done.map((item) => (item.doneAt ?? 0) - item.sentAt)),
    byKind,
    ...(botLatencies.length > 0 ? { botLatencyMs: spread(botLatencies) } : {}),
    ...(atReady && atEnd ? { rssMiB: { atReady: atReady.rssKiB / 1024, peak: Math.max(peakRss, atEnd.peakRssKiB) / 1024, atEnd: atEnd.rssKiB / 1024 } } : {}),
  };
}

/** A bare discord.js client in this process that answers every interaction at once. */
async function startBareClient(fake: FakeDiscord): Promise<Client> {
  const client = createTestClient(fake);
  client.on(Events.InteractionCreate, (interaction) => {
    const answer = interaction.isAutocomplete() ? interaction.respond([]) : interaction.isRepliable() ? interaction.reply({ content: 'ok', allowedMentions: { parse: [] } }) : undefined;
    void answer?.catch(() => undefined);
  });
  await loginAndWaitReady(client, fake);
  return client;
}

/** Prepares the run: a speaker list from /quote autocomplete and an answer with a More quotes button; WARMUP interactions. */
async function warmUp(fake: FakeDiscord, logsById: Map<string, LogLine[]>): Promise<{ speakers: string[]; answer?: InteractionHandle }> {
  const speakersAsked = fake.sendInteraction(autocompleteInteraction(fake, { name: 'quote', options: [option.string('speaker', '', true)] }));
  const speakers = (await speakersAsked.waitForChoices(10_000)).map((choice) => String(choice.value));
  const answer = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', QUESTIONS[0] ?? '')] }));
  await answer.waitForOriginal(undefined, 10_000);
  const target: Target = { name: 'warm-up', expectLog: true };
  const random = mulberry32(12_345);
  await drive(fake, target, logsById, schedule(WARMUP, random), 10, random, { speakers, answer }, { aborted: false });
  return { speakers, answer };
}

function ms(value: number): string {
  return formatNumber(value, value < 10 ? 2 : 1);
}

function printReport(report: RunReport, unloaded: RunReport, baseline: { loaded: RunReport; unloaded: RunReport } | undefined): string {
  const row = (label: string, figures: RunReport) => [label, figures.count, ms(figures.ackMs.p50), ms(figures.ackMs.p99), ms(figures.ackMs.max), ms(figures.doneMs.p50), ms(figures.doneMs.p99), ms(figures.doneMs.max)];
  const rows = [
    row('1 in flight', unloaded),
    ['all', report.count, ms(report.ackMs.p50), ms(report.ackMs.p99), ms(report.ackMs.max), ms(report.doneMs.p50), ms(report.doneMs.p99), ms(report.doneMs.max)],
    ...Object.entries(report.byKind).map(([kind, figures]) => [kind, figures.n, ms(figures.ackMs.p50), ms(figures.ackMs.p99), ms(figures.ackMs.max), ms(figures.doneMs.p50), ms(figures.doneMs.p99), ms(figures.doneMs.max)]),
  ];
  if (baseline) {
    rows.push(['bare client, 1 in flight', baseline.unloaded.count, ms(baseline.unloaded.ackMs.p50), ms(baseline.unloaded.ackMs.p99), ms(baseline.unloaded.ackMs.max), '–', '–', '–']);
    rows.push([`bare client, ${baseline.loaded.concurrency} in flight`, baseline.loaded.count, ms(baseline.loaded.ackMs.p50), ms(baseline.loaded.ackMs.p99), ms(baseline.loaded.ackMs.max), '–', '–', '–']);
  }
  const notes = [
    `rows "all" and below: ${report.concurrency} in flight; "1 in flight": ${unloaded.count} interactions sent one at a time first (the unloaded round trip)`,
    `answered exactly once: ${formatNumber(report.answeredOnce)}/${formatNumber(report.count)} · lost: ${report.lost} · problems: ${report.problems.length}`,
    `throughput: ${formatNumber(report.throughputPerSecond, 0)} interactions/s (${formatNumber(report.seconds, 2)} s for ${formatNumber(report.count)})`,
    ...(report.rssMiB ? [`bot RSS: ${formatNumber(report.rssMiB.atReady, 0)} MiB at ready, ${formatNumber(report.rssMiB.peak, 0)} MiB peak, ${formatNumber(report.rssMiB.atEnd, 0)} MiB at the end`] : []),
    ...(report.botLatencyMs ? [`bot's own latency (its log lines): p50 ${ms(report.botLatencyMs.p50)} ms, p99 ${ms(report.botLatencyMs.p99)} ms`] : []),
    'ack = dispatch of INTERACTION_CREATE to the first accepted callback; done = to the bot\'s log line for it (answer sent)',
    ...report.problems.slice(0, 10).map((problem) => `PROBLEM ${problem.kind} ${problem.id}: ${problem.problem}`),
  ];
  const warning = busyMachineWarning();
  if (warning) notes.push(warning);
  return formatTable(
    `Load: ${formatNumber(report.count)} interactions, ${report.concurrency} in flight, ${report.target} ↔ fake Discord on loopback (${cpus().length} cores, Node ${process.version})`,
    ['kind', 'n', 'ack p50 ms', 'ack p99 ms', 'ack max', 'done p50 ms', 'done p99 ms', 'done max'],
    rows,
    notes,
  );
}

/** Share of webhook calls (edits, follow-ups) answered 429 under `--faults`. */
const FAULT_429_SHARE = 0.1;
/** Share of webhook calls answered 500 under `--faults` (discord.js retries them). */
const FAULT_500_SHARE = 0.01;
/** Retry-After of the injected 429s, in seconds. */
const FAULT_RETRY_AFTER_S = 0.2;

/**
 * A path pattern that matches every `1 / share`-th webhook request: a RegExp, as the fake expects,
 * whose `test` also counts, so the faults are spread evenly and the same in every run.
 */
class EveryNth extends RegExp {
  #seen = 0;
  readonly #every: number;
  constructor(share: number, offset: number) {
    super('^/webhooks/');
    this.#every = Math.round(1 / share);
    this.#seen = offset;
  }
  override test(path: string): boolean {
    if (!super.test(path)) return false;
    this.#seen += 1;
    return this.#seen % this.#every === 0;
  }
}

/**
 * The load again under faults: 10% of webhook calls answered 429 (retry after 0.2 s), 1% answered
 * 500, and the gateway connection dropped once, halfway through by the fault-free run's clock.
 * The driver then checks what it always checks: every interaction answered exactly once.
 */
async function measureWithFaults(fake: FakeDiscord, target: Target, logsById: Map<string, LogLine[]>, options: LoadOptions, context: { speakers: string[]; answer?: InteractionHandle }, deadline: { aborted: boolean }, faultFreeSeconds: number): Promise<RunReport & { injected: { rateLimited: number; serverErrors: number; gatewayDrops: number } }> {
  const rateLimited = fake.fault({ path: new EveryNth(FAULT_429_SHARE, 0), status: 429, retryAfter: FAULT_RETRY_AFTER_S, times: Infinity });
  const serverErrors = fake.fault({ path: new EveryNth(FAULT_500_SHARE, 50), status: 500, times: Infinity });
  let gatewayDrops = 0;
  const drop = setTimeout(() => {
    gatewayDrops += 1;
    progress('faults: dropping the gateway connection');
    fake.dropGateway();
  }, (faultFreeSeconds * 1_000) / 2);
  try {
    const report = await measure(fake, target, logsById, { ...options, seed: options.seed + 1 }, context, deadline);
    return { ...report, injected: { rateLimited: rateLimited.hits, serverErrors: serverErrors.hits, gatewayDrops } };
  } finally {
    clearTimeout(drop);
    rateLimited.remove();
    serverErrors.remove();
  }
}

/** Load kept up before the article is added (the "before" figures), and after it answers. */
const RELOAD_BEFORE_MS = 5_000;
const RELOAD_AFTER_MS = 3_000;
/** Most interactions one reload run may send: far more than the run lasts at any speed. */
const RELOAD_MAX_INTERACTIONS = 500_000;
/** How often the added article's question is asked until it is answered from the new story. */
const LIVE_POLL_MS = 100;

/** A log line of the bot about its corpus, with when it arrived. */
interface CorpusLog {
  at: number;
  line: LogLine;
}

/** What `--reload` measured. */
interface ReloadReport {
  articles: number;
  concurrency: number;
  count: number;
  answeredOnce: number;
  lost: number;
  problems: RunReport['problems'];
  /** Latency of the interactions sent in each phase. */
  phases: { phase: string; n: number; ackMs: Spread; doneMs: Spread }[];
  /** From writing the article to the bot's "corpus reloaded" log line, and to the first answer quoting it. */
  loggedAfterMs: number;
  liveAfterMs: number;
  /** The bot's own figures for the reload (its log line): build, open, longest slice, the event loop's longest delay. */
  bot: { buildMs?: number; openMs?: number; longestSliceMs?: number; longestSliceCpuMs?: number; buildLoopMaxDelayMs?: number; openLoopMaxDelayMs?: number; totalMs?: number };
}

/** Asks the added article's question until an answer quotes it; resolves with when that happened. */
async function untilLive(fake: FakeDiscord, deadline: { aborted: boolean }): Promise<number> {
  while (!deadline.aborted) {
    const asked = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', ADDED_ARTICLE.question)] }));
    const message = await asked.waitForOriginal(undefined, PER_INTERACTION_TIMEOUT_MS).catch(() => undefined);
    if (message && JSON.stringify(message).includes(ADDED_ARTICLE.answer)) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, LIVE_POLL_MS));
  }
  throw new Error('the run was aborted before the added article was answered');
}

/**
 * The load kept up while an article is added to the corpus: the bot sees the file, builds the new
 * index in a worker thread and opens it in slices while answering from the old one. Interactions
 * are grouped by when they were sent: before the change, during the rebuild (until the bot logs
 * the swap), while the new story was being opened (the last `openMs` of that), and after.
 */
async function measureDuringReload(fake: FakeDiscord, target: Target, logsById: Map<string, LogLine[]>, corpusLogs: CorpusLog[], corpus: ReloadCorpus, options: LoadOptions, context: { speakers: string[]; answer?: InteractionHandle }, deadline: { aborted: boolean }): Promise<ReloadReport> {
  const random = mulberry32(options.seed + 2);
  let finished = false;
  const sending = { get aborted() { return finished || deadline.aborted; } };
  const running = drive(fake, target, logsById, schedule(RELOAD_MAX_INTERACTIONS, random), options.concurrency, random, context, sending);
  await new Promise((resolve) => setTimeout(resolve, RELOAD_BEFORE_MS));
  const changedAt = performance.now();
  corpus.addArticle();
  progress(`reload: ${ADDED_ARTICLE.file} added to the corpus of ${formatNumber(corpus.articles)}; asking its question until it is answered`);
  const liveAt = await untilLive(fake, deadline);
  progress(`reload: the new article answers after ${formatNumber((liveAt - changedAt) / 1_000, 1)} s; ${RELOAD_AFTER_MS / 1_000} s more of load`);
  await new Promise((resolve) => setTimeout(resolve, RELOAD_AFTER_MS));
  finished = true;
  const { tracked } = await running;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const reloaded = corpusLogs.find(({ at, line }) => at >= changedAt && (line.msg ?? '').startsWith('corpus reloaded'));
  const loggedAt = reloaded?.at ?? liveAt;
  const bot = (reloaded?.line ?? {}) as ReloadReport['bot'];
  const openedFrom = loggedAt - (bot.openMs ?? 0);
  const problems: RunReport['problems'] = [];
  for (const item of tracked) {
    const problem = problemOf(item, logsById.get(item.handle.id)?.length ?? 0, target.expectLog);
    if (problem) problems.push({ kind: item.kind, id: item.handle.id, problem });
  }
  const done = tracked.filter((item) => item.ackAt !== undefined && item.doneAt !== undefined);
  const phase = (name: string, from: number, to: number) => {
    const items = done.filter((item) => item.sentAt >= from && item.sentAt < to);
    return { phase: name, n: items.length, ackMs: spread(items.map((item) => (item.ackAt ?? 0) - item.sentAt)), doneMs: spread(items.map((item) => (item.doneAt ?? 0) - item.sentAt)) };
  };
  return {
    articles: corpus.articles,
    concurrency: options.concurrency,
    count: tracked.length,
    answeredOnce: tracked.length - problems.length,
    lost: tracked.filter((item) => item.doneAt === undefined).length,
    problems,
    phases: [
      phase('before the change', 0, changedAt),
      phase('during the rebuild', changedAt, loggedAt),
      phase('  of which: opening', openedFrom, loggedAt),
      phase('after the swap', loggedAt, Infinity),
    ],
    loggedAfterMs: loggedAt - changedAt,
    liveAfterMs: liveAt - changedAt,
    bot: { buildMs: bot.buildMs, openMs: bot.openMs, longestSliceMs: bot.longestSliceMs, longestSliceCpuMs: bot.longestSliceCpuMs, buildLoopMaxDelayMs: bot.buildLoopMaxDelayMs, openLoopMaxDelayMs: bot.openLoopMaxDelayMs, totalMs: bot.totalMs },
  };
}

/** Prints a reload run's figures; 0 when every interaction was answered exactly once. */
function finishReloadRun(report: ReloadReport, options: LoadOptions, deadline: { aborted: boolean }): number {
  process.stdout.write(options.json ? `${JSON.stringify({ reload: report, aborted: deadline.aborted, machine: { cpus: cpus().length, node: process.version } }, null, 2)}\n` : printReloadReport(report));
  return report.problems.length === 0 && report.lost === 0 && !deadline.aborted ? 0 : 1;
}

function printReloadReport(report: ReloadReport): string {
  const figure = (value: number | undefined) => (value === undefined ? '–' : formatNumber(value, 0));
  const notes = [
    `the new article answered ${formatNumber(report.liveAfterMs / 1_000, 1)} s after it was written (the bot logged the swap after ${formatNumber(report.loggedAfterMs / 1_000, 1)} s)`,
    `the bot: built in ${figure(report.bot.buildMs)} ms in a worker thread, opened in ${figure(report.bot.openMs)} ms on the event loop in slices of at most ${figure(report.bot.longestSliceMs)} ms (at most ${figure(report.bot.longestSliceCpuMs)} ms of CPU)`,
    `the event loop's longest delay (monitorEventLoopDelay in the bot): ${figure(report.bot.buildLoopMaxDelayMs)} ms while the worker built, ${figure(report.bot.openLoopMaxDelayMs)} ms while the new story opened`,
    `answered exactly once: ${formatNumber(report.answeredOnce)}/${formatNumber(report.count)} · lost: ${report.lost} · problems: ${report.problems.length}`,
    'phases by when an interaction was sent; "opening": the last openMs before the swap; ack = to the first accepted callback, done = to the bot\'s log line',
    ...report.problems.slice(0, 10).map((problem) => `PROBLEM ${problem.kind} ${problem.id}: ${problem.problem}`),
  ];
  const warning = busyMachineWarning();
  if (warning) notes.push(warning);
  return formatTable(
    `Hot reload under load: an article added to ${formatNumber(report.articles)} articles, ${report.concurrency} interactions in flight (${cpus().length} cores, Node ${process.version})`,
    ['phase', 'n', 'ack p50 ms', 'ack p99 ms', 'done p50 ms', 'done p99 ms', 'done max'],
    report.phases.map((row) => [row.phase, row.n, ms(row.ackMs.p50), ms(row.ackMs.p99), ms(row.doneMs.p50), ms(row.doneMs.p99), ms(row.doneMs.max)]),
    notes,
  );
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const deadline = { aborted: false };
  const abortTimer = setTimeout(() => {
    deadline.aborted = true;
    progress(`aborting: the run exceeded ${options.timeoutSeconds} s`);
  }, options.timeoutSeconds * 1_000);
  abortTimer.unref();

  let baseline: { loaded: RunReport; unloaded: RunReport } | undefined;
  if (options.baseline) {
    progress('baseline: a bare discord.js client in this process, answering at once');
    const fake = await startFakeDiscord();
    const client = await startBareClient(fake);
    try {
      const bare: Target = { name: 'bare discord.js client', expectLog: false };
      const unloaded = await measure(fake, bare, new Map(), { ...options, count: UNLOADED, concurrency: 1 }, { speakers: [] }, deadline);
      baseline = { unloaded, loaded: await measure(fake, bare, new Map(), options, { speakers: [] }, deadline) };
    } finally {
      await client.destroy();
      await fake.close();
    }
  }

  // --reload: a corpus of --articles, built once before the bot starts; removed at the end.
  const corpus = options.reload ? await prepareReloadCorpus(options.articles) : undefined;
  const corpusDir = corpus?.dir ?? options.corpusDir;
  const fake = await startFakeDiscord();
  const logsById = new Map<string, LogLine[]>();
  const corpusLogs: CorpusLog[] = [];
  const onLog = (line: LogLine): void => {
    if ((line.msg ?? '').startsWith('corpus ')) corpusLogs.push({ at: performance.now(), line });
    const id = line['interaction'];
    if (line.msg !== 'interaction' || typeof id !== 'string') return;
    const lines = logsById.get(id);
    if (lines) lines.push(line);
    else logsById.set(id, [line]);
    fake.signal.notify();
  };
  // The bot answers from CORPUS_DIR when a corpus is given (e.g. a synthetic one of many articles).
  const botEnv = corpusDir === undefined ? fake.env() : { ...fake.env(), CORPUS_DIR: corpusDir };
  let stop: () => Promise<unknown>;
  let target: Target;
  if (options.inProcess) {
    progress('starting the bot in this process (startBot)');
    const bot = await startInProcessBot(botEnv, { cooldown: { limit: 1_000, windowMs: 1_000 } });
    let seen = 0;
    const forward = setInterval(() => {
      while (seen < bot.logs.length) onLog(bot.logs[seen++] as LogLine);
    }, 1);
    target = { name: 'startBot in this process', expectLog: true, memoryKiB: () => ({ rssKiB: process.memoryUsage.rss() / 1024, peakRssKiB: process.resourceUsage().maxRSS }) };
    stop = async () => {
      clearInterval(forward);
      await bot.stop();
    };
  } else {
    progress('starting the bot process (node --import tsx src/bot.ts)');
    // A large corpus takes a while to open on a busy machine, even from its snapshots.
    const bot = await startBotProcess({ env: botEnv, onLog, ...(corpus ? { readyTimeoutMs: 180_000 } : {}) });
    progress(`ready after ${formatNumber(bot.readyAfterMs, 0)} ms`);
    target = { name: 'bot process (npm start)', expectLog: true, memoryKiB: () => bot.memory() };
    stop = async () => {
      const exit = await bot.stop();
      if (exit.code !== 0) throw new Error(`the bot exited with ${JSON.stringify(exit)}: ${bot.stderr}`);
    };
  }

  let report: RunReport | undefined;
  let unloaded: RunReport | undefined;
  let reloaded: ReloadReport | undefined;
  let faulted: (RunReport & { injected: { rateLimited: number; serverErrors: number; gatewayDrops: number } }) | undefined;
  try {
    progress(`warm-up: ${WARMUP} interactions`);
    const context = await warmUp(fake, logsById);
    if (corpus) {
      progress(`reload: the load, ${options.concurrency} in flight, for ${RELOAD_BEFORE_MS / 1_000} s; then an article is added`);
      reloaded = await measureDuringReload(fake, target, logsById, corpusLogs, corpus, options, context, deadline);
      return finishReloadRun(reloaded, options, deadline);
    }
    progress(`unloaded: ${UNLOADED} interactions, 1 in flight`);
    unloaded = await measure(fake, target, logsById, { ...options, count: UNLOADED, concurrency: 1 }, context, deadline);
    progress(`load: ${options.count} interactions, ${options.concurrency} in flight`);
    report = await measure(fake, target, logsById, options, context, deadline);
    if (options.faults) {
      progress(`load with faults: ${options.count} interactions, ${options.concurrency} in flight, ${FAULT_429_SHARE * 100}% webhook 429, ${FAULT_500_SHARE * 100}% 500, one gateway drop`);
      faulted = await measureWithFaults(fake, target, logsById, options, context, deadline, report.seconds);
    }
  } finally {
    clearTimeout(abortTimer);
    await stop().catch((error: unknown) => progress(String(error)));
    await fake.close();
    corpus?.remove();
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ ...report, unloaded, baseline, faults: faulted, aborted: deadline.aborted, machine: { cpus: cpus().length, node: process.version } }, null, 2)}\n`);
  else {
    process.stdout.write(printReport(report, unloaded, baseline));
    if (faulted) {
      const { injected } = faulted;
      process.stdout.write(`\nThe same load with faults (${injected.rateLimited} webhook calls answered 429, ${injected.serverErrors} answered 500, ${injected.gatewayDrops} gateway drop):\n`);
      process.stdout.write(printReport(faulted, unloaded, undefined));
    }
  }
  const clean = (run: RunReport) => run.problems.length === 0 && run.lost === 0;
  return clean(report) && clean(unloaded) && (faulted === undefined || clean(faulted)) && !deadline.aborted ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
