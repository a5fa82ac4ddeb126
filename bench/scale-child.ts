/**
 * The child process of the scale benchmark: opens one engine over one corpus, measures memory,
 * answers the fixed question set (quality and latency), prints one JSON line and exits. One
 * process per corpus size and engine, so RSS figures are that size's alone. Run by
 * `bench/scale.ts`:
 *
 *   node --max-old-space-size=8192 --expose-gc --import tsx bench/scale-child.ts \
 *     --engine storybot|minisearch|minisearch-stem --mode load|snapshot --corpus DIR --questions FILE
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../src/paths.ts';
import { summarise, timeQueries, type Latency } from './measure.ts';
import { bareMiniSearch, stemmedMiniSearch, type Engine } from './peers.ts';
import { evaluate, RESULT_LIMIT, seedQuestions, type Quality, type QuestionSet } from './quality/compare.ts';
import type { OpenMode } from './storybot.ts';
import type { SyntheticQuestion } from './synthetic.ts';

/** The question file the parent writes. */
export interface ScaleQuestions {
  synthetic: SyntheticQuestion[];
}

/** What the child reports. */
export interface ScaleChildReport {
  engine: string;
  mode: OpenMode;
  /** Milliseconds to open the engine (parse the corpus and index it, or open the snapshot). */
  openMs: number;
  /** Of `openMs`, milliseconds spent in `loadCorpus` (known for the peer only: storybot is opaque). */
  corpusMs?: number;
  firstAnswerMs: number;
  /** RSS and heap after opening, after a full GC, in bytes. */
  rssAfterOpen: number;
  heapUsedAfterOpen: number;
  /** The process's own peak RSS, in kilobytes. */
  maxRssKb: number;
  /** Seed dev questions among the whole corpus (absent in `snapshot` mode). */
  seed?: Quality;
  /** The seed questions asked within the seed article (storybot only: peers have no article option). */
  seedWithin?: Quality;
  /** Generated questions (gold: the paragraph they were generated from). */
  synthetic?: Quality;
  /** Per-query latency over seed and generated questions, microseconds. */
  latency?: Latency;
}

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'storybot' },
    mode: { type: 'string', default: 'load' },
    corpus: { type: 'string' },
    questions: { type: 'string' },
    'cache-dir': { type: 'string' },
    'budget-ms': { type: 'string', default: '15000' },
    'quality-budget-ms': { type: 'string', default: '600000' },
  },
});
if (!values.corpus) throw new Error('scale-child: --corpus DIR is required');
const mode: OpenMode = values.mode === 'snapshot' ? 'snapshot' : 'load';
const log = (message: string) => process.stderr.write(`${values.engine} (${mode}): ${message}\n`);

// The seed questions' gold passages come from the seed article alone, loaded before the big index.
const seedSet = seedQuestions(loadCorpus(DEFAULT_CORPUS_DIR));
const generated = values.questions ? (JSON.parse(readFileSync(values.questions, 'utf8')) as ScaleQuestions).synthetic : [];
const syntheticSet: QuestionSet = {
  answerable: generated.map(({ q, article, paragraph }) => ({ q, isGold: (hit) => hit.article === article && hit.paragraph === paragraph })),
  abstain: [],
};

/** Untimed queries before the timed ones, so the JIT has compiled the search path. */
const WARMUP_QUERIES = 10;

const gc = (globalThis as { gc?: () => void }).gc;
log('opening');
const opening = performance.now();
let engine: Engine;
/** storybot asking within the seed article, when the corpus holds more than it. */
let within: Engine | undefined;
let corpusMs: number | undefined;
if (values.engine === 'minisearch' || values.engine === 'minisearch-stem') {
  const articles = loadCorpus(values.corpus);
  corpusMs = performance.now() - opening;
  const peer = values.engine === 'minisearch' ? bareMiniSearch() : stemmedMiniSearch();
  await peer.build(articles);
  engine = peer;
} else {
  // Imported here, not at the top: the peers' processes must not load storybot's modules.
  const { openStory, storybotEngine } = await import('./storybot.ts');
  const story = openStory(values.corpus, values['cache-dir']);
  engine = storybotEngine(story);
  const seedArticle = loadCorpus(DEFAULT_CORPUS_DIR)[0]?.id;
  if (story.articles.length > 1 && seedArticle !== undefined) within = storybotEngine(story, { article: seedArticle });
}
const openMs = performance.now() - opening;
const firstQuestion = seedSet.answerable[0]?.q ?? 'What did NATO say?';
const answering = performance.now();
await engine.search(firstQuestion, RESULT_LIMIT);
const firstAnswerMs = performance.now() - answering;
gc?.();
const memory = process.memoryUsage();
log(`opened in ${(openMs / 1000).toFixed(1)} s, RSS ${(memory.rss / 1_048_576).toFixed(0)} MB`);

const report: ScaleChildReport = {
  engine: values.engine,
  mode,
  openMs,
  corpusMs,
  firstAnswerMs,
  rssAfterOpen: memory.rss,
  heapUsedAfterOpen: memory.heapUsed,
  maxRssKb: 0,
};
if (mode === 'load') {
  // At 10,000 articles a query can take a large fraction of a second: the quality pass is
  // timed too (after a short warm-up), and further rounds only fill the rest of the budget.
  const questions = [...seedSet.answerable.map(({ q }) => q), ...seedSet.abstain, ...generated.map(({ q }) => q)];
  for (const question of questions.slice(0, WARMUP_QUERIES)) await engine.search(question, RESULT_LIMIT);
  const timings: number[] = [];
  const timed: Engine = {
    ...engine,
    async search(question, limit) {
      const start = process.hrtime.bigint();
      const outcome = await engine.search(question, limit);
      timings.push(Number(process.hrtime.bigint() - start));
      return outcome;
    },
  };
  const budgetMs = Number(values['budget-ms']);
  const latencyStart = performance.now();
  const qualityDeadline = () => performance.now() + Number(values['quality-budget-ms']) / 2;
  log('quality: seed questions');
  report.seed = await evaluate(timed, seedSet, qualityDeadline());
  log(`quality: ${syntheticSet.answerable.length} generated questions`);
  report.synthetic = await evaluate(timed, syntheticSet, qualityDeadline());
  const remaining = budgetMs - (performance.now() - latencyStart);
  if (remaining > 0) {
    log(`latency: ${timings.length} queries timed, up to ${(remaining / 1000).toFixed(0)} s more`);
    const [more = []] = await timeQueries([(question) => engine.search(question, RESULT_LIMIT)], questions, {
      budgetMs: remaining,
      maxRounds: 50,
      warmupQueries: 0,
    });
    timings.push(...more);
  }
  report.latency = summarise(timings);
  // Untimed, and after the latency rounds so that it takes none of their budget.
  if (within) report.seedWithin = await evaluate(within, seedSet, qualityDeadline());
}
report.maxRssKb = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify(report)}\n`);
