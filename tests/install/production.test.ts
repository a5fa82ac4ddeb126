/**
 * The production install a server runs: `npm ci --omit=dev && npm start` in a copy of the
 * repository, offline (the npm cache holds the packages). The install compiles the bot to dist/
 * (the `prepare` script, with esbuild, a runtime dependency); without a token `npm start` must
 * reach its one-line DISCORD_TOKEN message, so nothing it needs to start is a devDependency. With
 * the fake Discord's token the compiled bot then answers, saves a vote and reloads its corpus:
 * its worker threads run without tsx, which is not installed.
 *
 * Slow (a fresh install, native modules included): it runs when STORYBOT_INSTALL_TEST=1, as CI's
 * own step does (`.ci/run`), with its own budget, not inside every `npm test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { missingTokenMessage } from '../../src/config.ts';
import { exerciseCompiledBot, exerciseCompiledShards } from './compiled-bot.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** A fresh install compiles better-sqlite3 when no prebuilt binary is at hand: minutes on a busy box. */
const INSTALL_BUDGET_MS = 15 * 60_000;
/** Removing a copy with its node_modules takes a while on a busy disk. */
const CLEANUP_BUDGET_MS = 120_000;
let copy = tmpdir();

afterAll(() => {
  if (copy !== tmpdir()) rmSync(copy, { recursive: true, force: true });
}, CLEANUP_BUDGET_MS);

/** The environment of a server's shell: no developer settings, no token. */
function bareEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? copy, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? copy, '.npm') };
}

describe.runIf(process.env.STORYBOT_INSTALL_TEST === '1')('npm ci --omit=dev && npm start', () => {
  test(
    'GIVEN a copy of the repository installed without devDependencies THEN npm start reaches the DISCORD_TOKEN line, and the compiled bot answers, votes and reloads',
    async () => {
      copy = mkdtempSync(join(tmpdir(), 'storybot-install-'));
      // The files git tracks, as they are in the working tree (a clean clone's content).
      const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
      for (const file of tracked) {
        if (!existsSync(join(ROOT, file))) continue;
        mkdirSync(dirname(join(copy, file)), { recursive: true });
        cpSync(join(ROOT, file), join(copy, file));
      }
      const install = spawnSync('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: copy, env: bareEnv(), encoding: 'utf8' });
      expect(install.status, install.stderr).toBe(0);
      // esbuild's install script is denied in package.json (tsx works without it): no warning about it.
      expect(install.stderr).not.toMatch(/install-scripts.*esbuild|esbuild.*not yet covered/s);
      // Dev tools really are absent (tsx included), so the starts below prove the runtime needs none of them.
      for (const tool of ['vitest', 'typescript', 'tsx']) expect(existsSync(join(copy, 'node_modules', tool)), tool).toBe(false);
      // npm ci ran the root's prepare script: the compiled bot is there before anything starts it.
      expect(existsSync(join(copy, 'dist/src/bot.js'))).toBe(true);

      const start = spawnSync('npm', ['start', '--silent'], { cwd: copy, env: bareEnv(), encoding: 'utf8', timeout: 60_000 });
      expect(start.status).toBe(1);
      expect(start.stderr.trim()).toBe(`storybot: ${missingTokenMessage('bot')}`);

      const deploy = spawnSync('npm', ['run', '--silent', 'deploy', '--', '--dry-run'], { cwd: copy, env: bareEnv(), encoding: 'utf8', timeout: 60_000 });
      expect(deploy.status, deploy.stderr).toBe(0);
      expect((JSON.parse(deploy.stdout) as { name: string }[]).map((command) => command.name)).toContain('ask');

      await exerciseCompiledBot(join(copy, 'dist/src/bot.js'));
      await exerciseCompiledShards(join(copy, 'dist/src/shard.js'));
    },
    INSTALL_BUDGET_MS,
  );
});
