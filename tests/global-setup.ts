/**
 * Brings dist/ up to date once, before any test file runs. Tests that start the bot as `npm start`
 * does (the compiled bot, after the pre-script's freshness check) then find nothing to compile:
 * after an edit, a dozen concurrent checks would each rebuild and print the build's line on the
 * stderr those tests read.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';

export default function compileOnce(): void {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/compile.mjs'), '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`scripts/compile.mjs failed (${result.status ?? result.signal}):\n${result.stderr}`);
}
