import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED } from './runtime.ts';

/** The folder holding src/ and commands/ as they run: the repository, or its dist/ when compiled. */
export const CODE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The repository root (corpus/, .cache/), so commands work from any working directory, compiled or not. */
export const REPO_ROOT = COMPILED ? resolve(CODE_ROOT, '..') : CODE_ROOT;

/** The corpus folder used when neither `--corpus` nor `CORPUS_DIR` names one. */
export const DEFAULT_CORPUS_DIR = resolve(REPO_ROOT, 'corpus');

/**
 * The feedback store's SQLite file when DATABASE_URL names no other database: data/ in the
 * working directory (git-ignored), so a bot started elsewhere (tests, a second checkout) keeps
 * its own records.
 */
export function defaultDatabaseFile(cwd: string = process.cwd()): string {
  return resolve(cwd, 'data', 'storybot.sqlite');
}

/** The corpus folder: an explicit choice first, then `CORPUS_DIR`, then `corpus/`. */
export function resolveCorpusDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? (env.CORPUS_DIR?.trim() || undefined);
  return chosen === undefined ? DEFAULT_CORPUS_DIR : resolve(chosen);
}
