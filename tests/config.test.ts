/** Configuration: temporary `.env` files under an empty environment, table-driven edge cases. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_ASK_COOLDOWN_LIMIT, DEFAULT_ASK_COOLDOWN_SECONDS, DEFAULT_RETENTION_DAYS, DEFAULT_SHUTDOWN_GRACE_SECONDS, loadConfig, missingTokenMessage } from '../src/config.ts';
import { DEFAULT_CORPUS_DIR, defaultDatabaseFile } from '../src/paths.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.secret-part-of-the-token';
let dir: string;
let envFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'storybot-config-'));
  envFile = join(dir, '.env');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function withEnvFile(text: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(envFile, text);
  return loadConfig({ env, envFile });
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('GIVEN only DISCORD_TOKEN in .env THEN everything else takes its default', () => {
    expect(withEnvFile(`DISCORD_TOKEN=${TOKEN}\n`)).toEqual({
      token: TOKEN,
      clientId: undefined,
      apiUrl: undefined,
      corpusDir: DEFAULT_CORPUS_DIR,
      cooldown: { limit: DEFAULT_ASK_COOLDOWN_LIMIT, windowMs: DEFAULT_ASK_COOLDOWN_SECONDS * 1_000 },
      logLevel: 'info',
      store: { sqliteFile: defaultDatabaseFile(), retentionDays: DEFAULT_RETENTION_DAYS },
      shutdownGraceMs: DEFAULT_SHUTDOWN_GRACE_SECONDS * 1_000,
      corpus: { maxFileBytes: 2 * 1024 * 1024, allowLoopbackFetch: false },
    });
  });

  test('GIVEN a copy of .env.example with only the token filled in THEN blank keys count as unset', () => {
    const example = readFileSync('.env.example', 'utf8').replace(/^DISCORD_TOKEN=.*$/m, `DISCORD_TOKEN=${TOKEN}`);
    const config = withEnvFile(example);
    expect(config.token).toBe(TOKEN);
    expect(config.cooldown).toEqual({ limit: 5, windowMs: 30_000 });
  });

  test('GIVEN every key set THEN each is read and converted', () => {
    const config = withEnvFile(
      [
        `DISCORD_TOKEN=${TOKEN}`,
        'DISCORD_CLIENT_ID=123456789012345678',
        'DISCORD_API_URL=http://127.0.0.1:8080/api/',
        `CORPUS_DIR=${dir}`,
        'ASK_COOLDOWN_LIMIT=3',
        'ASK_COOLDOWN_SECONDS=10',
        'DATABASE_URL=postgres://bot:pw@127.0.0.1:5432/storybot',
        'FEEDBACK_RETENTION_DAYS=30',
        'VOTE_HASH_SECRET=a-secret-of-sixteen-or-more',
        'SHUTDOWN_GRACE_SECONDS=3',
        'LOG_LEVEL=DEBUG',
        'CORPUS_MAX_FILE_BYTES=4096',
        'FETCH_ALLOW_LOOPBACK=true',
      ].join('\n'),
    );
    expect(config).toEqual({
      token: TOKEN,
      clientId: '123456789012345678',
      apiUrl: 'http://127.0.0.1:8080/api',
      corpusDir: resolve(dir),
      cooldown: { limit: 3, windowMs: 10_000 },
      logLevel: 'debug',
      store: {
        databaseUrl: 'postgres://bot:pw@127.0.0.1:5432/storybot',
        sqliteFile: defaultDatabaseFile(),
        retentionDays: 30,
        voteHashSecret: 'a-secret-of-sixteen-or-more',
      },
      shutdownGraceMs: 3_000,
      corpus: { maxFileBytes: 4096, allowLoopbackFetch: true },
    });
  });

  test('GIVEN the variable in the environment and the .env file THEN the environment wins (as dotenv does)', () => {
    expect(withEnvFile('ASK_COOLDOWN_LIMIT=9\nDISCORD_TOKEN=from-file', { ASK_COOLDOWN_LIMIT: '2', DISCORD_TOKEN: TOKEN }).cooldown.limit).toBe(2);
  });

  test('GIVEN no .env file THEN the environment alone is used', () => {
    expect(loadConfig({ env: { DISCORD_TOKEN: TOKEN }, envFile: join(dir, 'missing.env') }).token).toBe(TOKEN);
  });

  test('GIVEN loading THEN process.env is left alone', () => {
    withEnvFile('STORYBOT_TEST_MARKER=1\nDISCORD_TOKEN=x');
    expect(process.env.STORYBOT_TEST_MARKER).toBeUndefined();
  });
});

describe('loadConfig failures: one line naming the variable, never the token', () => {
  test.each([
    ['no DISCORD_TOKEN at all', ''],
    ['a blank DISCORD_TOKEN', 'DISCORD_TOKEN=\n'],
    ['a DISCORD_TOKEN of spaces', 'DISCORD_TOKEN="   "\n'],
  ])('GIVEN %s THEN the message names DISCORD_TOKEN and .env.example and points to the terminal', (_case, file) => {
    const error = errorOf(() => withEnvFile(file));
    expect(error.message).toBe(missingTokenMessage('bot'));
    expect(error.message).toContain('DISCORD_TOKEN');
    expect(error.message).toContain('.env.example');
    expect(error.message).toContain('npm run chat');
    expect(error.message).toContain('npm run ask');
    expect(error.message).not.toContain('\n');
  });

  test('GIVEN deploy without a token THEN the message is about deploy', () => {
    writeFileSync(envFile, '');
    expect(errorOf(() => loadConfig({ env: {}, envFile, purpose: 'deploy' })).message).toContain('npm run deploy');
  });

  test('GIVEN requireToken false THEN a missing token is fine (deploy --dry-run)', () => {
    expect(loadConfig({ env: {}, envFile: join(dir, 'none'), requireToken: false }).token).toBe('');
  });

  test.each([
    ['DISCORD_TOKEN=Bot abc.def', 'DISCORD_TOKEN contains spaces'],
    ['DISCORD_CLIENT_ID=abc', 'DISCORD_CLIENT_ID must be the application id'],
    ['DISCORD_API_URL=not a url', 'DISCORD_API_URL must be an http(s) URL'],
    ['DISCORD_API_URL=ftp://example.com/api', 'DISCORD_API_URL must be an http(s) URL'],
    ['DISCORD_API_URL=http://127.0.0.1:8080/api/v10', 'DISCORD_API_URL must not end with the API version'],
    ['ASK_COOLDOWN_LIMIT=0', 'ASK_COOLDOWN_LIMIT must be at least 1'],
    ['ASK_COOLDOWN_LIMIT=five', 'ASK_COOLDOWN_LIMIT must be a whole number'],
    ['ASK_COOLDOWN_SECONDS=-3', 'ASK_COOLDOWN_SECONDS must be a whole number'],
    ['ASK_COOLDOWN_SECONDS=1.5', 'ASK_COOLDOWN_SECONDS must be a whole number'],
    ['LOG_LEVEL=loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
  ])('GIVEN %s THEN it fails with %j', (line, message) => {
    const file = line.startsWith('DISCORD_TOKEN') ? line : `${line}\nDISCORD_TOKEN=${TOKEN}`;
    const error = errorOf(() => withEnvFile(file));
    expect(error.message).toContain(message);
    expect(error.message).toContain('.env.example');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('abc.def');
    expect(error.message).not.toContain('\n');
  });

  test('GIVEN two bad values THEN both are named on the one line', () => {
    const message = errorOf(() => withEnvFile(`DISCORD_TOKEN=${TOKEN}\nASK_COOLDOWN_LIMIT=x\nLOG_LEVEL=y`)).message;
    expect(message).toMatch(/ASK_COOLDOWN_LIMIT.*; LOG_LEVEL/);
  });

  test.each([
    ['DATABASE_URL=mysql://x@y/z', 'DATABASE_URL must be postgres://'],
    ['FEEDBACK_RETENTION_DAYS=0', 'FEEDBACK_RETENTION_DAYS must be at least 1'],
    ['VOTE_HASH_SECRET=short', 'VOTE_HASH_SECRET must be at least 16 characters'],
  ])('GIVEN %s THEN the error names the variable', (line, expected) => {
    expect(errorOf(() => withEnvFile(`DISCORD_TOKEN=${TOKEN}\n${line}`)).message).toContain(expected);
  });

  test('GIVEN DATABASE_URL=sqlite:FILE THEN that SQLite file is used instead of the one in data/', () => {
    const config = withEnvFile(`DISCORD_TOKEN=${TOKEN}\nDATABASE_URL=sqlite:${join(dir, 'feedback.sqlite')}`);
    expect(config.store).toEqual({ sqliteFile: join(dir, 'feedback.sqlite'), retentionDays: DEFAULT_RETENTION_DAYS });
  });
});

describe('.env.example', () => {
  test('lists every key loadConfig reads, each with a one-line comment above it', () => {
    const lines = readFileSync('.env.example', 'utf8').trimEnd().split('\n');
    const keys = lines.filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=')[0]);
    expect(keys).toEqual(['DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'DISCORD_API_URL', 'CORPUS_DIR', 'ASK_COOLDOWN_LIMIT', 'ASK_COOLDOWN_SECONDS', 'DISCORD_GLOBAL_REQUESTS_PER_SECOND', 'DATABASE_URL', 'FEEDBACK_RETENTION_DAYS', 'VOTE_HASH_SECRET', 'SHUTDOWN_GRACE_SECONDS', 'LOG_LEVEL', 'CORPUS_MAX_FILE_BYTES', 'FETCH_ALLOW_LOOPBACK']);
    for (const [index, line] of lines.entries()) {
      if (/^[A-Z_]+=/.test(line)) expect(lines[index - 1]).toMatch(/^# \S/);
    }
  });
});
