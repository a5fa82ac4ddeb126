/**
 * The same modules run two ways: compiled to JavaScript in dist/ (`npm start`,
 * `npm run start:sharded`, `npm run deploy`: Node runs them without a TypeScript loader, so the
 * bot starts in about half the time), or as TypeScript through tsx or vitest (every other script
 * and every test). Code that names one of its own files at run time (a worker's entry, the file
 * each shard runs, the command list) names it through here, so it gets the file that runs.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** True when this process runs the compiled JavaScript (this very module is a .js file then). */
export const COMPILED = import.meta.url.endsWith('.js');

/**
 * A file of the code, named as in the source (`./build-worker.ts`), as this process runs it: the
 * .ts file itself, or the .js file the compiler wrote beside this module's compiled copy.
 */
export function codeFile(relative: string, base: string | URL): URL {
  return new URL(COMPILED ? relative.replace(/\.ts$/, '.js') : relative, base);
}

/**
 * Starts a worker thread running `entry` (from {@link codeFile}). Compiled, Node runs the file as
 * it is. As TypeScript, a small script registers tsx's loader in the worker, then imports the
 * entry: Node 20 does not carry the parent's `--import` loaders into workers reliably, and
 * vitest's transform never reaches them. tsx is named by absolute address, because an eval
 * worker resolves bare names from the working directory, which need not be the repository.
 */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (COMPILED) return new Worker(entry, options);
  // The ESM build of tsx's API sits beside the CommonJS one that require.resolve finds. Looked up
  // only here: a production install has no tsx.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
