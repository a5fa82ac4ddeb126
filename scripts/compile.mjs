/**
 * Compiles what `npm start`, `npm run start:sharded` and `npm run deploy` run (src/ and
 * commands/) to JavaScript in dist/, one file per source file in the same layout
 * (dist/src/bot.js), with the data files (JSON) copied beside them. Node then runs the bot with
 * no TypeScript loader, and it starts in about half the time it takes through tsx.
 *
 * esbuild compiles: it is small, fast and a runtime dependency, so `npm ci --omit=dev` builds
 * dist/ through the `prepare` script on a server that has no TypeScript compiler. Relative
 * imports stay imports with `.ts` rewritten to `.js` (esbuild has no option for that; its
 * bundler's resolve hook does it, and first checks that the file exists and is compiled too).
 * JSON imports are inlined: Node 20 prints a warning for every JSON module it loads.
 *
 * `--if-stale` (the pre-scripts of start, start:sharded and deploy) compiles only when a source
 * file, a source folder or this script changed since the last build, so an edit is never run
 * stale. Files are written under a temporary name and renamed, and only when their bytes change:
 * a process starting while another compiles never reads half a file.
 *
 * Usage: node scripts/compile.mjs [--if-stale]
 */
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist');
/** The folders compiled, relative to the repository. */
const SOURCE_DIRS = ['src', 'commands'];
/** Written last, with the time the build began: a source changed after that is newer. */
const STAMP = join(OUT, '.compiled');
/** Files besides the sources whose change calls for a new build. */
const BUILD_INPUTS = [import.meta.filename, join(ROOT, 'tsconfig.json'), join(ROOT, 'package.json')];

/** Every file and folder under the source folders, absolute. (`entry.path`: Node before 20.12.) */
function walkSources() {
  const files = [];
  const folders = SOURCE_DIRS.map((dir) => join(ROOT, dir));
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath ?? entry.path, entry.name);
      if (entry.isDirectory()) folders.push(path);
      else if (entry.isFile()) files.push(path);
    }
  }
  return { files, folders };
}

/** True when dist/ is missing or older than a source, a source folder (a file removed) or the build's own inputs. */
function isStale({ files, folders }) {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return [...files, ...folders, ...BUILD_INPUTS].some((path) => statSync(path).mtimeMs > built);
}

/** Writes `bytes` to `path` unless it already holds them; atomically, by rename. */
function writeIfChanged(path, bytes) {
  if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) return false;
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
  return true;
}

/** True for a path inside one of the compiled folders. */
function isCompiledSource(path) {
  return SOURCE_DIRS.some((dir) => path.startsWith(join(ROOT, dir) + sep));
}

/** esbuild's bundler, used file by file: every relative import stays external, `.ts` → `.js`. */
const keepRelativeImports = {
  name: 'keep-relative-imports',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point' || args.path.endsWith('.json')) return undefined;
      const target = resolve(args.resolveDir, args.path);
      if (!args.path.endsWith('.ts') || !existsSync(target) || !isCompiledSource(target)) {
        return { errors: [{ text: `${args.path}: a relative import must name an existing .ts file under ${SOURCE_DIRS.join('/ or ')}/` }] };
      }
      return { path: args.path.replace(/\.ts$/, '.js'), external: true };
    });
  },
};

async function compile({ files }) {
  const began = Date.now();
  const { build, stop } = await import('esbuild');
  const sources = files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: sources.map((path) => relative(ROOT, path)),
    outdir: OUT,
    outbase: ROOT,
    bundle: true,
    packages: 'external',
    plugins: [keepRelativeImports],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  }).finally(() => stop());
  const kept = new Set([STAMP]);
  let written = 0;
  for (const output of result.outputFiles) {
    kept.add(output.path);
    if (writeIfChanged(output.path, output.contents)) written++;
  }
  // Data read at run time by address (new URL('./weights.json', import.meta.url)) sits beside the code.
  for (const path of files.filter((file) => !sources.includes(file))) {
    const target = join(OUT, relative(ROOT, path));
    kept.add(target);
    if (writeIfChanged(target, readFileSync(path))) written++;
  }
  // What a removed source left behind goes too.
  for (const entry of readdirSync(OUT, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !kept.has(path) && !path.endsWith('.tmp')) rmSync(path, { force: true });
  }
  writeIfChanged(STAMP, Buffer.from('compiled by scripts/compile.mjs\n'));
  utimesSync(STAMP, began / 1000, began / 1000);
  process.stderr.write(`storybot: compiled ${sources.length} files to dist/ in ${Date.now() - began} ms (${written} changed)\n`);
}

const sources = walkSources();
if (!process.argv.includes('--if-stale') || isStale(sources)) {
  await compile(sources).catch((error) => {
    // esbuild has already printed each error with its file and line.
    process.stderr.write(`storybot: could not compile to dist/: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exit(1);
  });
}
