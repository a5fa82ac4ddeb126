/**
 * Hot reload, measured: how long an added article takes to be live, and how answering fares
 * while the new index is built. For each corpus (the seed alone; the seed and N synthetic
 * articles) it opens the story with hot reload, then keeps asking one question every few
 * milliseconds on the event loop while an article of the seed's size is added, and prints
 * write-to-live time, the build and open times, and the answers' latency (p50, p99, max) during
 * the rebuild, beside the same latency with no rebuild going on.
 *
 *   npx tsx bench/reload.ts [--articles 1000] [--json]
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startHotReload, type ReloadOutcome } from '../src/corpus-watch/reload.ts';
import { DEFAULT_CORPUS_DIR } from '../src/paths.ts';
import { Story } from '../src/story.ts';
import { formatTable, progress } from './measure.ts';
import { writeSyntheticCorpus } from './synthetic.ts';

const SEED_FILE = join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md');
const QUESTION = 'What did Stoltenberg say about Putin?';
/** How often a question is asked while measuring. */
const ASK_EVERY_MS = 5;
/** Baseline latency: questions asked with no rebuild, for this long. */
const QUIET_MS = 2_000;

/** One corpus size's figures. */
export interface ReloadFigures {
  articles: number;
  liveMs: number;
  buildMs: number;
  openMs: number;
  /** The longest slice of opening the new story on the event loop, and the most CPU one took. */
  longestSliceMs: number;
  longestSliceCpuMs: number;
  during: Latency;
  quiet: Latency;
  /** The event loop's longest delay during the rebuild, and with none going on (monitorEventLoopDelay). */
  stallMs: number;
  quietStallMs: number;
}

interface Latency {
  answers: number;
  p50: number;
  p99: number;
  max: number;
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { answers: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/**
 * Asks on a timer until `done` resolves. A question's latency counts from when it was due, so
 * time the event loop spent blocked (opening the new story) counts against the answer, as a
 * member would feel it.
 */
async function askWhile<T>(live: { readonly current: Story }, done: Promise<T>): Promise<{ result: T; samples: number[] }> {
  const samples: number[] = [];
  let due = performance.now();
  let finished = false;
  const ask = () => {
    if (finished) return;
    live.current.ask(QUESTION, { limit: 1 });
    samples.push(performance.now() - due);
    due = performance.now() + ASK_EVERY_MS;
    setTimeout(ask, ASK_EVERY_MS);
  };
  ask();
  const result = await done;
  finished = true;
  return { result, samples };
}

/** Measures one corpus: the seed plus `synthetic` generated articles. */
export async function measureReload(synthetic: number): Promise<ReloadFigures> {
  const base = mkdtempSync(join(tmpdir(), 'storybot-reload-'));
  try {
    const corpus = join(base, 'corpus');
    const cacheDir = join(base, 'cache');
    mkdirSync(corpus);
    copyFileSync(SEED_FILE, join(corpus, 'seed.md'));
    if (synthetic > 0) writeSyntheticCorpus({ articles: synthetic, out: corpus });
    progress(`reload: opening ${synthetic + 1} article(s)`);
    let first: ReloadOutcome | undefined;
    const onOutcome = (outcome: ReloadOutcome) => {
      first ??= outcome;
    };
    const live = startHotReload(Story.load(corpus, { cacheDir }), { corpusDir: corpus, cacheDir, logger: { info: () => undefined, warn: () => undefined, error: () => undefined }, debounceMs: 100, onOutcome });
    const quietLoop = monitorEventLoopDelay({ resolution: 5 });
    quietLoop.enable();
    const quiet = await askWhile(live, new Promise((resolve) => setTimeout(resolve, QUIET_MS)));
    quietLoop.disable();
    // An article of the seed's size under another id, written as `npm run add` writes: renamed in.
    const added = readFileSync(SEED_FILE, 'utf8').replace(/^id: .*$/m, 'id: added-article');
    const started = performance.now();
    const ready = new Promise<{ buildMs: number; openMs: number }>((resolve) => {
      const poll = setInterval(() => {
        if (live.current.articles.some((article) => article.id === 'added-article')) {
          clearInterval(poll);
          resolve({ buildMs: 0, openMs: 0 });
        }
      }, 5);
    });
    writeFileSync(join(base, '.added.tmp'), added);
    const { renameSync } = await import('node:fs');
    const duringLoop = monitorEventLoopDelay({ resolution: 5 });
    duringLoop.enable();
    renameSync(join(base, '.added.tmp'), join(corpus, 'added-article.md'));
    const during = await askWhile(live, ready);
    duringLoop.disable();
    const liveMs = performance.now() - started;
    await live.close();
    const outcome = first as ReloadOutcome | undefined;
    return {
      articles: synthetic + 1,
      liveMs,
      buildMs: outcome?.swapped ? outcome.buildMs : Number.NaN,
      openMs: outcome?.swapped ? outcome.openMs : Number.NaN,
      longestSliceMs: outcome?.swapped ? outcome.longestSliceMs : Number.NaN,
      longestSliceCpuMs: outcome?.swapped ? outcome.longestSliceCpuMs : Number.NaN,
      during: latency(during.samples),
      quiet: latency(quiet.samples),
      stallMs: duringLoop.max / 1e6,
      quietStallMs: quietLoop.max / 1e6,
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** The figures as a table. */
export function formatReload(rows: readonly ReloadFigures[]): string {
  const ms = (value: number) => (Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(1) : value.toFixed(0));
  return formatTable(
    'Hot reload: one article of the seed’s size added while a question is asked every 5 ms',
    ['articles', 'live after ms', 'build ms (worker)', 'open ms (loop)', 'longest slice ms', 'slice CPU ms', 'loop stall ms', 'answers during', 'p50 ms', 'p99 ms', 'max ms', 'quiet p99 ms', 'quiet stall ms'],
    rows.map((row) => [
      row.articles,
      ms(row.liveMs),
      ms(row.buildMs),
      ms(row.openMs),
      ms(row.longestSliceMs),
      ms(row.longestSliceCpuMs),
      ms(row.stallMs),
      row.during.answers,
      ms(row.during.p50),
      ms(row.during.p99),
      ms(row.during.max),
      ms(row.quiet.p99),
      ms(row.quietStallMs),
    ]),
    [
      'live after: from the rename into corpus/ to the first answer from the new story (debounce 100 ms included);',
      'build: in the worker thread; open: on the event loop, in slices (the longest given), answering between them;',
      'loop stall: the event loop’s longest delay (monitorEventLoopDelay); latency counts from when each question was due.',
    ],
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } } });
  const sizes = [0, ...values.articles.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0)];
  const rows: ReloadFigures[] = [];
  for (const size of sizes) rows.push(await measureReload(size));
  process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatReload(rows)}\n`);
}
