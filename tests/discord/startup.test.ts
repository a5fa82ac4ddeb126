/**
 * `npm start` and `npm run start:sharded` as a person runs them: a missing or rejected token ends
 * the process non-zero within seconds with one clear line, no stack trace, no token.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { missingTokenMessage, rejectedTokenMessage } from '../../src/config.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'MTAwMDAwMDAwMDAwMDAwMDAx.Gsecret.ThisMustNeverBeLogged';
/** "Within seconds": generous for a loaded CI machine, far below a hang. */
const DEADLINE_MS = 15_000;
/** Each test spawns a process (about 2 s under tsx). */
const TEST_TIMEOUT_MS = 30_000;

let emptyCwd: string;
let unauthorised: Server;
let apiUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  // An empty working directory: no .env to pick up.
  emptyCwd = mkdtempSync(join(tmpdir(), 'storybot-start-'));
  // A REST API that refuses every token, like Discord with a revoked one.
  unauthorised = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
  });
  await new Promise<void>((done) => unauthorised.listen(0, '127.0.0.1', done));
  apiUrl = `http://127.0.0.1:${(unauthorised.address() as AddressInfo).port}/api`;
});

afterAll(() => {
  unauthorised.close();
  rmSync(emptyCwd, { recursive: true, force: true });
});

function start(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  // The bot through tsx (`npm start` runs the same code compiled), from a folder with no .env and a bare environment.
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, script)], { cwd: emptyCwd, env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  return new Promise((done) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe.each(['src/bot.ts', 'src/shard.ts'])('%s', (script) => {
  test('GIVEN no DISCORD_TOKEN THEN one line naming it, .env.example and the terminal commands; exit 1', async () => {
    const result = await start(script, {});
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(DEADLINE_MS);
    expect(result.stderr).toBe(`storybot: ${missingTokenMessage('bot')}\n`);
    expect(result.stderr).toMatch(/DISCORD_TOKEN.*\.env\.example.*npm run chat/);
    expect(result.stdout).toBe('');
  }, TEST_TIMEOUT_MS);

  test('GIVEN a token Discord rejects THEN one line says so, never the token, no stack; exit 1', async () => {
    const result = await start(script, { DISCORD_TOKEN: SECRET, DISCORD_API_URL: apiUrl });
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(DEADLINE_MS);
    expect(result.stderr).toBe(`storybot: ${rejectedTokenMessage()}\n`);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // DISCORD_API_URL was honoured: the request reached our server, versioned by discord.js.
    expect(seen).toContain('GET /api/v10/gateway/bot');
  }, TEST_TIMEOUT_MS);

  test('GIVEN DISCORD_API_URL with a user and password, and nothing listening THEN the line names the address without them', async () => {
    const closed = apiUrl.replace(/:(\d+)\//, () => ':1/');
    const withCredentials = closed.replace('http://', 'http://admin:hunter2@');
    const result = await start(script, { DISCORD_TOKEN: SECRET, DISCORD_API_URL: withCredentials });
    expect(result.code).toBe(1);
    const printed = `${result.stdout}${result.stderr}`;
    expect(printed).toContain('127.0.0.1:1');
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain('admin');
    expect(printed).not.toContain(SECRET);
  }, TEST_TIMEOUT_MS);
});

test('GIVEN a bad setting THEN npm start names it in one line', async () => {
  const result = await start('src/bot.ts', { DISCORD_TOKEN: SECRET, ASK_COOLDOWN_LIMIT: 'lots' });
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('storybot: ASK_COOLDOWN_LIMIT must be a whole number from 1 to 1000. See .env.example for every setting.\n');
}, TEST_TIMEOUT_MS);
