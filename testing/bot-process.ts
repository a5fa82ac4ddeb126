/**
 * Running storybot as a server does — a child process: `node --import tsx src/bot.ts` (the
 * sources as they are), or `node dist/src/bot.js` (compiled, as `npm start` runs it) —
 * pointed at the fake Discord, and watching it from outside: its pino JSON lines on stdout, its
 * stderr, its exit, its memory. Also `runProcess` for one-shot commands (`npm run deploy`, a
 * start that must fail) and `startInProcessBot` (the same `startBot` inside the test process).
 *
 * No vitest import: the load benchmark (bench/load.ts) uses this module too.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from 'discord.js';
import type { FakeDiscordEnv } from './fake-discord/index.ts';
import { ChangeSignal, waitUntil } from './fake-discord/index.ts';

/** The repository root (testing/..). */
export const REPO_ROOT = resolve(import.meta.dirname, '..');
/** The bot's entry point as TypeScript (what `npm start` compiles and runs). */
export const BOT_ENTRY = join(REPO_ROOT, 'src/bot.ts');
/** `npm start`'s own entry point: the compiled bot (`npm run compile` writes it). */
export const COMPILED_BOT_ENTRY = join(REPO_ROOT, 'dist/src/bot.js');
/** The same bot under discord.js's ShardingManager, as TypeScript (`npm run start:sharded` runs it compiled). */
export const SHARDED_ENTRY = join(REPO_ROOT, 'src/shard.ts');
/** `npm run start:sharded`'s own entry point: the compiled manager, which runs dist/src/bot.js per shard. */
export const COMPILED_SHARDED_ENTRY = join(REPO_ROOT, 'dist/src/shard.js');
/** The terminal front door as TypeScript (`npm run deploy` runs it compiled, `dist/src/cli.js deploy`). */
export const CLI_ENTRY = join(REPO_ROOT, 'src/cli.ts');
/**
 * tsx's loader as an absolute path, so `node --import <it>` works from any working directory
 * (the children run in an empty temporary folder, away from a developer's `.env`).
 */
export const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/** How long the bot may take to log in and print "ready" (tsx compiles the sources on first start). */
export const DEFAULT_READY_TIMEOUT_MS = 20_000;
/** How long a SIGTERM may take to end the process before the test calls it a hang. */
export const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/** How long after the bot exits its output pipes may stay open (a shard it started still dying). */
const PIPES_CLOSE_GRACE_MS = 2_000;
/**
 * Test-only settings passed to every bot process: discord.js's global REST limiter raised (its
 * default of 50 requests/s stalls load runs on loopback; see the fake's README) and a cooldown
 * that one test would not normally hit (the cooldown has its own unit tests).
 */
export const TEST_BOT_ENV: Readonly<Record<string, string>> = {
  DISCORD_GLOBAL_REQUESTS_PER_SECOND: '10000',
  ASK_COOLDOWN_LIMIT: '1000',
  ASK_COOLDOWN_SECONDS: '1',
};

/** One pino line from the bot's stdout. */
export type LogLine = Record<string, unknown> & {
  /** pino level: 30 info, 40 warn, 50 error, 60 fatal. */
  level: number;
  /** The message ("ready", "interaction", "message", ...). */
  msg?: string;
};

/** pino's numeric levels. */
export const LOG_LEVEL = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** A minimal environment for a child: no inherited secrets, no vitest variables. */
export function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT', 'LANG'];
  const env: Record<string, string> = {};
  for (const key of keep) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** A fresh empty working directory (no `.env` for dotenv to pick up); removed by the caller. */
export function emptyWorkingDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'storybot-e2e-'));
}

/** Options of {@link startBotProcess}. */
export interface BotProcessOptions {
  /**
   * The entry point (default `src/bot.ts`; `src/shard.ts` as `npm run start:sharded`). A `.ts` file
   * runs through tsx's loader; a compiled `.js` file (`COMPILED_BOT_ENTRY`) with none, as `npm start`.
   */
  entry?: string;
  /** The fake's `env()` (DISCORD_TOKEN, DISCORD_CLIENT_ID, DISCORD_API_URL), or any environment. */
  env: FakeDiscordEnv | Record<string, string>;
  /** Extra variables, applied last (e.g. `{ ASK_COOLDOWN_LIMIT: '2' }`). */
  extraEnv?: Record<string, string>;
  /** pino level (default `info`: one line per interaction). */
  logLevel?: string;
  /** Wait for the "ready" line before resolving (default true). */
  waitForReady?: boolean;
  /** Timeout for "ready". */
  readyTimeoutMs?: number;
  /** Receives every stdout/stderr line as it arrives (debugging). */
  echo?: (line: string) => void;
  /** Receives every parsed log line as it arrives (the load benchmark indexes them). */
  onLog?: (line: LogLine) => void;
}

/** A running bot process. */
export interface BotProcess {
  /** The child process. */
  readonly child: ChildProcessWithoutNullStreams;
  /** Its pid. */
  readonly pid: number;
  /** Every pino line so far, parsed. */
  readonly logs: readonly LogLine[];
  /** stdout lines that were not JSON (there should be none). */
  readonly otherStdout: readonly string[];
  /** Everything written to stderr. */
  readonly stderr: string;
  /** Exit code and signal once exited, else null. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Milliseconds from spawn to the "ready" line (NaN before). */
  readonly readyAfterMs: number;
  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number, description?: string): Promise<LogLine>;
  /** The one "interaction" line of an interaction id (waits for it). */
  interactionLog(interactionId: string, timeoutMs?: number): Promise<LogLine>;
  /** Log lines at or above `level` (e.g. `LOG_LEVEL.warn`). */
  linesAtLeast(level: number): LogLine[];
  /** Resident set size now and its peak (VmHWM), in KiB, from /proc (Linux); null elsewhere. */
  memory(): { rssKiB: number; peakRssKiB: number } | null;
  /** SIGTERM, then resolves with how it exited; SIGKILLs and rejects if it takes longer than the timeout. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stopMs: number }>;
  /** SIGKILL without waiting (cleanup after a failed test). */
  kill(): void;
}

/** Starts the bot (`src/bot.ts` unless told) in an empty working directory, and waits for "ready". */
export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const cwd = emptyWorkingDirectory();
  const started = performance.now();
  const env = { ...baseEnv(), ...TEST_BOT_ENV, LOG_LEVEL: options.logLevel ?? 'info', ...options.env, ...options.extraEnv };
  const entry = options.entry ?? BOT_ENTRY;
  const loader = entry.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
  const child = spawn(process.execPath, [...loader, entry], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  const otherStdout: string[] = [];
  let stderr = '';
  let exit: BotProcess['exit'] = null;
  let readyAfterMs = Number.NaN;
  const signal = new ChangeSignal();
  const notify = (): void => signal.notify();

  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      options.echo?.(line);
      try {
        const parsed = JSON.parse(line) as LogLine;
        logs.push(parsed);
        options.onLog?.(parsed);
        if (parsed.msg === 'ready' && Number.isNaN(readyAfterMs)) readyAfterMs = performance.now() - started;
      } catch {
        otherStdout.push(line);
      }
    }
    notify();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    options.echo?.(`[stderr] ${chunk.trimEnd()}`);
    notify();
  });
  // 'exit' can come before the last lines on stdout are read: the exit counts once the pipes have
  // closed too ('close'), or a moment later if a process the bot started still holds them.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('exit', (code, exitSignal) => {
      const finish = () => {
        if (exit) return;
        exit = { code, signal: exitSignal };
        done(exit);
        notify();
      };
      const late = setTimeout(finish, PIPES_CLOSE_GRACE_MS);
      child.once('close', () => {
        clearTimeout(late);
        finish();
      });
    });
  });
  void exited.finally(() => rmSync(cwd, { recursive: true, force: true }));

  const describe = (): string =>
    `bot process ${child.pid ?? '?'} ${exit ? `exited (${JSON.stringify(exit)})` : 'running'}\n` +
    `last log lines:\n${logs.slice(-8).map((line) => `  ${JSON.stringify(line)}`).join('\n') || '  (none)'}\n` +
    `stderr:\n${stderr.trim() || '  (empty)'}`;

  const waitForLog = (predicate: (line: LogLine) => boolean, timeoutMs = 5_000, description = 'a log line'): Promise<LogLine> =>
    waitUntil(
      () => {
        const found = logs.find(predicate);
        if (found) return found;
        if (exit) throw new Error(`the bot exited while waiting for ${description}\n${describe()}`);
        return undefined;
      },
      { timeoutMs, description, signal, diagnostics: describe },
    );

  const bot: BotProcess = {
    child,
    get pid() {
      return child.pid ?? -1;
    },
    logs,
    otherStdout,
    get stderr() {
      return stderr;
    },
    get exit() {
      return exit;
    },
    get readyAfterMs() {
      return readyAfterMs;
    },
    waitForLog,
    interactionLog: (id, timeoutMs) =>
      waitForLog((line) => line.msg === 'interaction' && line['interaction'] === id, timeoutMs, `the log line of interaction ${id}`),
    linesAtLeast: (level) => logs.filter((line) => line.level >= level),
    memory() {
      try {
        const status = readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8');
        const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
        return { rssKiB: field('VmRSS'), peakRssKiB: field('VmHWM') };
      } catch {
        return null;
      }
    },
    async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS) {
      const begun = performance.now();
      if (!exit) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the bot did not exit within ${timeoutMs} ms of SIGTERM\n${describe()}`));
        }, timeoutMs);
      });
      try {
        const result = await Promise.race([exited, deadline]);
        return { ...result, stopMs: Math.round(performance.now() - begun) };
      } finally {
        clearTimeout(timer);
      }
    },
    kill() {
      if (!exit) child.kill('SIGKILL');
    },
  };

  if (options.waitForReady !== false) {
    try {
      await waitForLog((line) => line.msg === 'ready', options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, 'the "ready" log line');
    } catch (error) {
      bot.kill();
      throw error;
    }
  }
  return bot;
}

/** What a finished one-shot process printed. */
export interface ProcessResult {
  /** Exit code (null when killed). */
  code: number | null;
  /** Signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** Its stdout. */
  stdout: string;
  /** Its stderr. */
  stderr: string;
  /** Wall time, ms. */
  ms: number;
  /** True when the deadline killed it. */
  timedOut: boolean;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** Environment on top of {@link baseEnv}. */
  env?: Record<string, string>;
  /** Working directory (default: a fresh empty one). */
  cwd?: string;
  /** SIGKILL after this long (default 20 s) and report `timedOut`. */
  timeoutMs?: number;
}

/** Runs a command to its end and collects its output (bounded). */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions = {}): Promise<ProcessResult> {
  const ownCwd = options.cwd === undefined ? emptyWorkingDirectory() : undefined;
  const started = performance.now();
  const child = spawn(command, [...args], { cwd: options.cwd ?? ownCwd, env: { ...baseEnv(), ...options.env } });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 20_000);
  return new Promise((done, fail) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (ownCwd) rmSync(ownCwd, { recursive: true, force: true });
      done({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started), timedOut });
    });
  });
}

/**
 * `npm start` without waiting for "ready" (for starts that must fail): the compiled bot, with no
 * loader, until it exits. The test run brings dist/ up to date once before any file runs
 * (tests/global-setup.ts), as npm start's pre-script would. The figures (`ms`) are the bot's alone.
 */
export async function runBotToExit(env: Record<string, string>, timeoutMs = 20_000): Promise<ProcessResult> {
  return runProcess(process.execPath, [COMPILED_BOT_ENTRY], { env: { ...TEST_BOT_ENV, ...env }, timeoutMs });
}

/** `npm run --silent deploy -- ...args`, run by npm itself from the repository (the script under test). */
export function runNpmDeploy(args: readonly string[], env: Record<string, string>, timeoutMs = 30_000): Promise<ProcessResult> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return runProcess(npm, ['run', '--silent', 'deploy', '--', ...args], { cwd: REPO_ROOT, env, timeoutMs });
}

/** `tsx src/cli.ts deploy ...args` (the npm script runs the same, compiled) from an empty working directory. */
export function runCliDeploy(args: readonly string[], env: Record<string, string>, timeoutMs = 30_000): Promise<ProcessResult> {
  return runProcess(process.execPath, ['--import', TSX_LOADER, CLI_ENTRY, 'deploy', ...args], { env, timeoutMs });
}

/** A bot started inside this process with `startBot` (faster to start; no process boundary). */
export interface InProcessBot {
  /** The discord.js client. */
  readonly client: Client;
  /** Parsed log lines. */
  readonly logs: readonly LogLine[];
  /** Stops the client. */
  stop(): Promise<void>;
}

/**
 * Starts the bot in this process, as src/bot.ts does but with the REST limiter raised and a
 * cooldown from `cooldown`; resolves once the client is ready (guilds received).
 */
export async function startInProcessBot(
  env: FakeDiscordEnv,
  options: { cooldown?: { limit: number; windowMs: number }; logLevel?: 'info' | 'warn' | 'silent' } = {},
): Promise<InProcessBot> {
  const [{ default: commands }, { loadConfig }, { createLogger }, { startBot }, { Story }, { Events }] = await Promise.all([
    import('../commands/index.ts'),
    import('../src/config.ts'),
    import('../src/discord/logger.ts'),
    import('../src/discord/start.ts'),
    import('../src/story.ts'),
    import('discord.js'),
  ]);
  const config = loadConfig({ env: { ...TEST_BOT_ENV, ...env }, envFile: join(tmpdir(), 'storybot-e2e-no-such-dir', '.env') });
  const logs: LogLine[] = [];
  const logger = createLogger(options.logLevel ?? 'info', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const story = Story.load(config.corpusDir);
  const bot = await startBot({
    config: { ...config, cooldown: options.cooldown ?? config.cooldown },
    story,
    commands,
    logger,
    rest: { globalRequestsPerSecond: Number(TEST_BOT_ENV['DISCORD_GLOBAL_REQUESTS_PER_SECOND']) },
  });
  if (!bot.client.isReady()) {
    await new Promise<void>((done) => bot.client.once(Events.ClientReady, () => done()));
  }
  return { client: bot.client, logs, stop: () => bot.stop('test') };
}
