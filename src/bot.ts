/**
 * `npm start`: the bot in one process. This is the composition root: it alone puts together the
 * config, the story, the command list (commands/) and the Discord layer (src/discord/), which
 * never imports commands/ itself. Under `npm run start:sharded` the ShardingManager runs this
 * same file once per shard.
 */
import commands from '../commands/index.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger, redactUrlCredentials } from './discord/logger.ts';
import { startBot, StartupError, type RunningBot } from './discord/start.ts';
import type { Logger } from 'pino';
import { databaseTarget } from './store/database.ts';
import { FeedbackStore } from './store/feedback-store.ts';
import { startHotReload } from './corpus-watch/reload.ts';
import { CorpusError, DEFAULT_CACHE_DIR, Story } from './story.ts';

/** Signals this close to the first are the same request delivered twice (see stopOnSignals). */
const REPEATED_SIGNAL_MS = 1_000;

/** Prints one line for a person and exits non-zero: no stack trace, no token. */
function fail(line: string): never {
  // Addresses may carry a proxy's user and password: printed without them.
  process.stderr.write(`storybot: ${redactUrlCredentials(line)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ purpose: 'bot' });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  watchProcess(logger);
  let story: Story;
  try {
    story = Story.load(config.corpusDir, { maxFileBytes: config.corpus?.maxFileBytes });
    // One bad file never takes the others down: it is named in the log, and the rest answer.
    for (const { file, problem } of story.skipped) logger.warn({ file, problem }, `corpus file skipped: ${file}: ${problem}`);
  } catch (error) {
    if (error instanceof CorpusError) fail(`cannot load the corpus (CORPUS_DIR): ${error.message}`);
    throw error;
  }
  // The feedback store opens in the background: a database that is down never stops answering.
  const feedback = config.store
    ? FeedbackStore.open({ target: databaseTarget(config.store), retentionDays: config.store.retentionDays, voteHashSecret: config.store.voteHashSecret, logger })
    : undefined;
  if (feedback) logger.info({ database: feedback.description, retentionDays: config.store?.retentionDays }, 'feedback store');
  // Corpus files added, edited or removed while the bot runs are built off the event loop and swapped in.
  const live = startHotReload(story, { corpusDir: config.corpusDir, cacheDir: DEFAULT_CACHE_DIR, maxFileBytes: config.corpus?.maxFileBytes, logger });
  let bot;
  try {
    bot = await startBot({ config, story, liveStory: live, commands, logger, feedback });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  // A stop also stops watching the corpus and waits for a reload in progress.
  const running = bot;
  stopOnSignals({ ...running, stop: async (reason) => void (await Promise.all([running.stop(reason), live.close()])) }, logger, feedback);
}

/**
 * Last-resort handlers. A rejected promise nobody awaited is logged and the bot goes on (one
 * failed answer must not stop every other member's); an uncaught exception leaves the process in
 * an unknown state, so it is logged, the log flushed, and the process exits non-zero for its
 * supervisor (systemd, pm2, the ShardingManager) to restart it.
 */
function watchProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (the bot goes on)');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: exiting for the supervisor to restart the bot');
    logger.flush();
    process.exit(1);
  });
}

/**
 * SIGTERM or SIGINT: stop taking new interactions and DMs, finish those in flight (up to the
 * shutdown grace), close the connection, write the feedback still queued and exit 0. A second signal exits at once, for a person
 * who does not want to wait. Under the ShardingManager a terminal's Ctrl-C reaches a shard twice
 * (from the terminal and forwarded by the manager) within moments, so a repeat inside
 * REPEATED_SIGNAL_MS counts as the same request.
 */
function stopOnSignals(bot: RunningBot, logger: Logger, feedback: FeedbackStore | undefined): void {
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstAt !== undefined) {
      if (performance.now() - firstAt < REPEATED_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal: exiting at once');
      logger.flush();
      process.exit(1);
    }
    firstAt = performance.now();
    bot
      .stop(signal)
      // Then what was recorded meanwhile (refusals, votes) is written before the process ends.
      .then(() => feedback?.close())
      .catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'))
      .finally(() => {
        logger.flush();
        process.exit(0);
      });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);
}

main().catch((error: unknown) => {
  fail(`unexpected error while starting: ${error instanceof Error ? error.message : String(error)}`);
});
