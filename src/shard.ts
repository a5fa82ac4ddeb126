/**
 * `npm run start:sharded`: runs src/bot.ts once per shard under discord.js's ShardingManager, for
 * bots in many servers. Each shard process keeps only state it can hold alone; the one piece that
 * spans shards, the per-user cooldown, is kept here in the manager and served over IPC
 * (src/discord/cooldown.ts). DMs arrive on shard 0, which runs the same code.
 */
import { fileURLToPath } from 'node:url';
import { DefaultRestOptions, DiscordAPIError, REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { ConfigError, DEFAULT_SHUTDOWN_GRACE_SECONDS, loadConfig, rejectedTokenMessage, type Config } from './config.ts';
import { serveCooldowns, SlidingWindowCooldown } from './discord/cooldown.ts';
import { createLogger, redactUrlCredentials } from './discord/logger.ts';
import { codeFile } from './runtime.ts';

/** The file each shard runs: bot.js beside this file when compiled, else bot.ts. */
const BOT_FILE = fileURLToPath(codeFile('./bot.ts', import.meta.url));
/** Time a shard may take, beyond its own shutdown grace, to close its connection and exit. */
const SHARD_EXIT_MARGIN_MS = 5_000;
/** How long one shard may take to become ready. */
const SHARD_READY_TIMEOUT_MS = 60_000;

function fail(line: string): never {
  // Addresses may carry a proxy's user and password: printed without them.
  process.stderr.write(`storybot: ${redactUrlCredentials(line)}\n`);
  process.exit(1);
}

/**
 * Discord's recommended shard count, asked through DISCORD_API_URL when set (discord.js's own
 * 'auto' always asks discord.com, bypassing a REST proxy).
 */
async function recommendedShards(config: Config): Promise<number> {
  const rest = new REST({ api: config.apiUrl ?? DefaultRestOptions.api }).setToken(config.token);
  try {
    const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return Math.max(1, gateway.shards);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) fail(rejectedTokenMessage());
    fail(`could not ask Discord at ${config.apiUrl ?? DefaultRestOptions.api} how many shards to run: ${error instanceof Error ? error.message : String(error)}. Check your connection and DISCORD_API_URL.`);
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig({ purpose: 'bot' });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel).child({ role: 'manager' });
  const totalShards = await recommendedShards(config);
  // execArgv carries tsx's loader to the shard processes when they run TypeScript (compiled: none).
  const manager = new ShardingManager(BOT_FILE, { token: config.token, totalShards, execArgv: process.execArgv, respawn: true });
  serveCooldowns(manager, new SlidingWindowCooldown(config.cooldown));
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, of: totalShards }, 'shard created');
    shard.on('death', () => logger.warn({ shard: shard.id }, 'shard process exited'));
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: stopping shards at once');
      for (const shard of manager.shards.values()) shard.process?.kill('SIGKILL');
      logger.flush();
      process.exit(1);
    }
    stopping = true;
    logger.info({ reason: signal }, 'shutting down shards');
    // Each shard drains its answers in flight on SIGTERM (src/bot.ts); wait for all of them.
    const graceMs = (config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_SECONDS * 1_000) + SHARD_EXIT_MARGIN_MS;
    const exits = [...manager.shards.values()].map((shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // kill() removes the respawn listener first, so the shard stays down, then sends SIGTERM.
      shard.kill();
      return exited;
    });
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    void Promise.race([Promise.all(exits), deadline]).then(() => {
      logger.info({ reason: signal }, 'shards stopped');
      logger.flush();
      process.exit(0);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);
  await manager.spawn({ amount: totalShards, timeout: SHARD_READY_TIMEOUT_MS });
}

main().catch((error: unknown) => fail(`sharding failed: ${error instanceof Error ? error.message : String(error)}`));
