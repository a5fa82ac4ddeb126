/**
 * The corpus `npm run bench:load -- --reload` runs against: the seed and synthetic articles up to
 * `--articles`, in a temporary folder, with their snapshots built once in the bot's cache folder
 * (in a worker thread, as hot reload builds, so progress can be shown meanwhile), so the bot
 * starts by opening them. And the article added while the load runs, with a question only it answers.
 */
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildRequest, BuildResult } from '../src/corpus-watch/build-worker.ts';
import { DEFAULT_CACHE_DIR } from '../src/cache/snapshot.ts';
import { DEFAULT_CORPUS_DIR } from '../src/paths.ts';
import { codeFile, startWorker } from '../src/runtime.ts';
import { formatNumber, progress } from './measure.ts';
import { writeSyntheticCorpus } from './synthetic.ts';

const SEED_FILE = join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md');
/** How often the build says it is still going. */
const PROGRESS_EVERY_MS = 5_000;

/** The article added while the load runs: about one of the seed's paragraphs, on a subject no other article has. */
export const ADDED_ARTICLE = {
  file: 'harbour-bridge-reopens.md',
  text: `---\ntitle: Harbour bridge reopens\npublisher: The Example Gazette\npublished: 2024-05-17\n---\n\nThe harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in its supports.\n\nThe city council said the final cost of the repairs was 84 million euros, about 12 million more than the budget set in 2022.\n\n"We would rather be late than unsafe," the council's chief engineer, Marta Lindqvist, said at the reopening.\n`,
  question: 'How much did the harbour bridge repairs cost?',
  answer: '84 million euros',
};

/** A corpus made for the run, and how to remove it. */
export interface ReloadCorpus {
  dir: string;
  articles: number;
  /** Writes the added article as `npm run add` does: aside, then renamed in. */
  addArticle(): void;
  remove(): void;
}

/** Writes the seed and `articles - 1` synthetic articles, and builds their snapshots in the bot's cache folder. */
export async function prepareReloadCorpus(articles: number): Promise<ReloadCorpus> {
  const base = mkdtempSync(join(tmpdir(), 'storybot-load-reload-'));
  const dir = join(base, 'corpus');
  mkdirSync(dir);
  copyFileSync(SEED_FILE, join(dir, 'seed.md'));
  const synthetic = Math.max(0, articles - 1);
  const writing = performance.now();
  writeSyntheticCorpus({ articles: synthetic, out: dir, onProgress: (written) => progress(`corpus: ${formatNumber(written + 1)}/${formatNumber(articles)} articles written`) });
  progress(`corpus: ${formatNumber(articles)} articles in ${dir} (${formatNumber((performance.now() - writing) / 1_000, 1)} s)`);
  await buildSnapshots(dir);
  return {
    dir,
    articles,
    addArticle() {
      const aside = join(base, `.${ADDED_ARTICLE.file}.tmp`);
      writeFileSync(aside, ADDED_ARTICLE.text);
      renameSync(aside, join(dir, ADDED_ARTICLE.file));
    },
    remove() {
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Builds the corpus's snapshots in a worker thread, saying every few seconds that it is still building. */
async function buildSnapshots(corpusDir: string): Promise<void> {
  const started = performance.now();
  progress(`building the index in the bot's cache folder (${DEFAULT_CACHE_DIR}), once; a minute or so at 1,000 articles on a busy machine`);
  const ticking = setInterval(() => progress(`  still building… ${formatNumber((performance.now() - started) / 1_000, 0)} s`), PROGRESS_EVERY_MS);
  const worker = startWorker(codeFile('../src/corpus-watch/build-worker.ts', import.meta.url));
  try {
    const result = await new Promise<BuildResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ corpusDir, cacheDir: DEFAULT_CACHE_DIR } satisfies BuildRequest);
    });
    if (!result.ok) throw new Error(`building the corpus failed: ${result.message}`);
    progress(`built ${formatNumber(result.articles)} articles (${formatNumber(result.passages)} paragraphs) in ${formatNumber(result.ms / 1_000, 1)} s`);
  } finally {
    clearInterval(ticking);
    await worker.terminate();
  }
}
