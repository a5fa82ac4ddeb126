/**
 * `npm start`: the bot in one process. This is the composition root: it alone puts together the
 * config, the story, the command list (commands/) and the Discord layer (src/discord/), which
 * never imports commands/ itself. Under `npm run start:sharded` the ShardingManager runs this
 * same file once per shard.
 */
import commands from '../commands/index.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './discord/logger.ts';
import { startBot, StartupError } from './discord/start.ts';
import { CorpusError, Story } from './story.ts';

/** Prints one line for a person and exits non-zero: no stack trace, no token. */
function fail(line: string): never {
  process.stderr.write(`storybot: ${line}\n`);
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
  let story: Story;
  try {
    story = Story.load(config.corpusDir);
  } catch (error) {
    if (error instanceof CorpusError) fail(`cannot load the corpus (CORPUS_DIR): ${error.message}`);
    throw error;
  }
  let bot;
  try {
    bot = await startBot({ config, story, commands, logger });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  const running = bot;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running
        .stop(signal)
        .catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'))
        .finally(() => {
          logger.flush();
          process.exit(0);
        });
    });
  }
}

main().catch((error: unknown) => {
  fail(`unexpected error while starting: ${error instanceof Error ? error.message : String(error)}`);
});
