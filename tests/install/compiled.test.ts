/**
 * `npm start` runs the compiled bot (dist/, written by scripts/compile.mjs): it must start and do
 * what the TypeScript does, its worker threads included; `--if-stale` must rebuild after an edit,
 * so nobody runs stale code; and dist/ is never committed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMPILED_BOT_ENTRY, COMPILED_SHARDED_ENTRY, REPO_ROOT } from '../../testing/bot-process.ts';
import { tempDir } from '../temp.ts';
import { exerciseCompiledBot, exerciseCompiledShards } from './compiled-bot.ts';

/** Compiling takes well under a second alone; a busy 2-core machine, many. */
const COMPILE_BUDGET_MS = 60_000;
/** Start (the first builds the snapshots), an answer, a vote, a reload and a stop. */
const SCENARIO_BUDGET_MS = 180_000;

/** Runs the compiler of the repository at `root`. */
function compile(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'scripts/compile.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: COMPILE_BUDGET_MS });
}

/** A copy of what the compiler reads, with the repository's node_modules (esbuild) linked in. */
function repositoryCopy(): string {
  const root = tempDir('compile');
  for (const path of ['src', 'commands', 'scripts', 'tsconfig.json', 'package.json']) cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** Moves a file's modification time `seconds` ahead (an edit made after the build). */
function touchLater(path: string, seconds = 5): void {
  const later = Date.now() / 1000 + seconds;
  utimesSync(path, later, later);
}

describe('the compiled bot', () => {
  test.each<[string, () => Promise<void>]>([
    [
      'GIVEN the bot compiled to dist/ THEN it answers, saves a vote in its writer thread and reloads the corpus in its build thread, with no TypeScript loader',
      () => exerciseCompiledBot(COMPILED_BOT_ENTRY),
    ],
    [
      'GIVEN the sharded bot compiled THEN the manager runs the compiled bot as its shard, which answers and stops cleanly',
      () => exerciseCompiledShards(COMPILED_SHARDED_ENTRY),
    ],
  ])(
    '%s',
    async (_scenario, run) => {
      const compiled = compile(REPO_ROOT, '--if-stale');
      expect(compiled.status, compiled.stderr).toBe(0);
      await run();
    },
    COMPILE_BUDGET_MS + SCENARIO_BUDGET_MS,
  );

  test(
    'GIVEN a build THEN --if-stale compiles again only after a source changes, and a removed source leaves nothing behind',
    () => {
      const root = repositoryCopy();
      expect(compile(root).status).toBe(0);
      expect(existsSync(join(root, 'dist/src/bot.js'))).toBe(true);
      // Data read by address sits beside the code.
      expect(existsSync(join(root, 'dist/src/search/ranker/weights.json'))).toBe(true);

      const fresh = compile(root, '--if-stale');
      expect(fresh.status).toBe(0);
      expect(fresh.stderr).toBe('');

      writeFileSync(join(root, 'src/marker.ts'), "export const MARKER = 'edited after the build';\n");
      touchLater(join(root, 'src/marker.ts'));
      const rebuilt = compile(root, '--if-stale');
      expect(rebuilt.stderr).toMatch(/compiled \d+ files to dist\//);
      expect(readFileSync(join(root, 'dist/src/marker.js'), 'utf8')).toContain('edited after the build');

      rmSync(join(root, 'src/marker.ts'));
      touchLater(join(root, 'src'));
      expect(compile(root, '--if-stale').status).toBe(0);
      expect(existsSync(join(root, 'dist/src/marker.js'))).toBe(false);
    },
    4 * COMPILE_BUDGET_MS,
  );

  test('GIVEN a relative import of a file that does not exist THEN the build fails and names it', () => {
    const root = repositoryCopy();
    writeFileSync(join(root, 'src/broken.ts'), "export { missing } from './not-there.ts';\n");
    const result = compile(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('./not-there.ts');
  }, COMPILE_BUDGET_MS);

  test('GIVEN the sources THEN each file they name at run time is named through codeFile, so the compiled bot finds its .js', () => {
    // A worker, a child process or data named as './x.ts' exists only beside the TypeScript: the
    // compiled bot would look for dist/…/x.ts and fail, on a server only.
    const namesTypeScript = /new URL\(\s*['"`][^'"`]*\.ts['"`]|new Worker\(/;
    const offenders = ['src', 'commands']
      .flatMap((dir) => readdirSync(join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)))
      .filter((path) => path.endsWith('.ts') && path !== join('src', 'runtime.ts'))
      .filter((path) => namesTypeScript.test(readFileSync(join(REPO_ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  test('GIVEN a build THEN dist/ is ignored by git, so it is never committed', () => {
    expect(execFileSync('git', ['ls-files', 'dist'], { cwd: REPO_ROOT, encoding: 'utf8' })).toBe('');
    expect(spawnSync('git', ['check-ignore', '-q', 'dist/src/bot.js'], { cwd: REPO_ROOT }).status).toBe(0);
  });
});
