/**
 * Scale: storybot (and bare and stemmed MiniSearch for reference) over a synthetic news corpus of N
 * articles with the seed article among them. For each N, in a fresh process per engine: index
 * build time, snapshot load time, answer latency p50/p99,
 * RSS after load and peak, and the seed dev set's hit@1 among all N against the seed alone.
 *
 *   npm run bench                                 (N = 1,000, after the other tables)
 *   npm run bench:scale -- --articles 1000,10000
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/story.ts';
import { DEFAULT_CORPUS_DIR } from '../src/paths.ts';
import { runChild, type RssSource } from './child.ts';
import { busyMachineWarning, formatNumber, formatTable, progress, ratio, type Cell } from './measure.ts';
import type { ScaleChildReport, ScaleQuestions } from './scale-child.ts';
import { writeSyntheticCorpus, type SyntheticQuestion } from './synthetic.ts';

/** Corpus sizes when none are given; 10,000 takes a few minutes more, so it is asked for. */
export const SCALE_DEFAULT_ARTICLES = '1000';
/** Engines of the scale run: storybot, and the two MiniSearch peers for reference. */
export const SCALE_ENGINES = ['storybot', 'minisearch', 'minisearch-stem'] as const;
export type ScaleEngine = (typeof SCALE_ENGINES)[number];
const ENGINE_NAMES: Record<ScaleEngine, string> = { storybot: 'storybot', minisearch: 'MiniSearch (bare)', 'minisearch-stem': 'MiniSearch +stem+stop' };

/** Parses `--engines storybot,minisearch` into scale engines, naming a bad one. */
export function parseEngines(list: string): ScaleEngine[] {
  return list.split(',').map((name) => {
    const engine = SCALE_ENGINES.find((known) => known === name.trim());
    if (!engine) throw new Error(`bench: unknown engine "${name}"; use ${SCALE_ENGINES.join(', ')}`);
    return engine;
  });
}

/** Generated questions per size, drawn from the first 1,000 articles so they are the same at every N. */
const SYNTHETIC_QUESTIONS = 100;
const QUESTION_POOL = 1_000;
/** Node flags of each child: room for a large index, and `gc()` for a settled RSS figure. */
const CHILD_NODE_ARGS = ['--max-old-space-size=8192', '--expose-gc'];

/** One engine at one corpus size. */
export interface ScaleRow {
  /** Synthetic articles (the seed article comes on top). */
  articles: number;
  /** Passages indexed: the synthetic articles' and the seed article's. */
  passages: number;
  engine: string;
  /** Seconds to generate the corpus (same for both engines of a size). */
  generateSeconds: number;
  /** Milliseconds to build the index from the corpus (`Story.load`; loadCorpus + addAll for the peer). */
  buildMs: number;
  /** Of `buildMs`, milliseconds in loadCorpus (peer only). */
  corpusMs?: number;
  /** Milliseconds for the first snapshot open, which builds and saves it (storybot, when it has one). */
  snapshotBuildMs?: number;
  /** Milliseconds to open the saved snapshot in a fresh process (storybot, when it has one). */
  snapshotLoadMs?: number;
  /** Milliseconds from spawn to the first answer with the snapshot (the bot's start-up). */
  snapshotReadyMs?: number;
  /** Peak RSS of the snapshot-opening process, bytes. */
  snapshotPeakRss?: number;
  p50Ms?: number;
  p99Ms?: number;
  latencySamples?: number;
  /** RSS after load and a full GC, bytes. */
  rssAfterLoad: number;
  heapUsed: number;
  /** Peak RSS of the whole process (load, questions and all), bytes. */
  peakRss?: number;
  rssSource: RssSource;
  seedHit1?: number;
  /** The same questions asked within the seed article (storybot's article option). */
  seedWithinHit1?: number;
  seedHit3?: number;
  seedRefused?: number;
  syntheticHit1?: number;
  syntheticQuestions?: number;
}

/** The scale run: rows by size then engine. */
export interface ScaleReport {
  seed: number;
  rows: ScaleRow[];
}

/** Options for `runScale`. */
export interface ScaleOptions {
  /** Synthetic corpus sizes; the seed article alone (0) is always measured first. */
  sizes: readonly number[];
  seed: number;
  /** Latency phase per child. */
  latencyBudgetMs?: number;
  /** Kill a child after this long. */
  childTimeoutMs?: number;
  /** Engines to run (default: all of SCALE_ENGINES). */
  engines?: readonly ScaleEngine[];
  /** Keep the generated corpora (their folders are printed). */
  keep?: boolean;
  onProgress?: (message: string) => void;
}

/** Generated questions spread evenly over the first articles, the same for every N ≥ 1,000. */
function pickQuestions(questions: readonly SyntheticQuestion[]): SyntheticQuestion[] {
  const pool = questions.slice(0, QUESTION_POOL);
  const count = Math.min(SYNTHETIC_QUESTIONS, pool.length);
  return Array.from({ length: count }, (_, k) => pool[Math.floor(((k + 0.5) * pool.length) / count)]).filter(
    (question): question is SyntheticQuestion => question !== undefined,
  );
}

async function child(args: string[], options: ScaleOptions, label: string) {
  const run = await runChild<ScaleChildReport>('scale-child.ts', args, {
    nodeArgs: CHILD_NODE_ARGS,
    timeoutMs: options.childTimeoutMs ?? 15 * 60_000,
    onStderrLine: (line) => options.onProgress?.(`${label} ${line}`),
  });
  if (!run.result) throw new Error(`scale child ${label} failed (exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}): ${run.stderr.slice(-2_000)}`);
  return { ...run, result: run.result };
}

/** Runs the scale benchmark for each size and returns the rows. */
export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const say = options.onProgress ?? (() => {});
  const report: ScaleReport = { seed: options.seed, rows: [] };
  const budget = String(options.latencyBudgetMs ?? 15_000);
  const seedPassages = loadCorpus(DEFAULT_CORPUS_DIR).reduce((total, article) => total + article.passages.length, 0);
  for (const size of [0, ...options.sizes.filter((n) => n > 0)]) {
    const root = mkdtempSync(join(tmpdir(), `storybot-scale-${size}-`));
    try {
      const corpus = join(root, 'corpus');
      mkdirSync(corpus);
      for (const name of readdirSync(DEFAULT_CORPUS_DIR)) if (name.endsWith('.md')) copyFileSync(join(DEFAULT_CORPUS_DIR, name), join(corpus, name));
      say(`N=${size}: generating the corpus in ${corpus}`);
      const generating = performance.now();
      const generated = writeSyntheticCorpus({ articles: size, seed: options.seed, out: corpus });
      const generateSeconds = (performance.now() - generating) / 1000;
      const questionsFile = join(root, 'questions.json');
      const questions: ScaleQuestions = { synthetic: pickQuestions(generated.questions) };
      writeFileSync(questionsFile, JSON.stringify(questions));
      say(`N=${size}: ${generated.passages} synthetic paragraphs in ${generateSeconds.toFixed(1)} s`);
      const base = ['--corpus', corpus, '--questions', questionsFile, '--budget-ms', budget];
      for (const engine of options.engines ?? SCALE_ENGINES) {
        const label = `N=${size}`;
        // Build from nothing (no snapshot of any kind), then build and open the snapshots in a folder of their own.
        const loaded = await child([...base, '--engine', engine, '--cache-dir', join(root, `cache-${engine}-load`)], options, label);
        const { result } = loaded;
        const row: ScaleRow = {
          articles: size,
          passages: generated.passages + seedPassages,
          engine: ENGINE_NAMES[engine],
          generateSeconds,
          buildMs: result.openMs,
          corpusMs: result.corpusMs,
          p50Ms: result.latency ? result.latency.p50 / 1000 : undefined,
          p99Ms: result.latency ? result.latency.p99 / 1000 : undefined,
          latencySamples: result.latency?.samples,
          rssAfterLoad: result.rssAfterOpen,
          heapUsed: result.heapUsedAfterOpen,
          peakRss: loaded.peakRss,
          rssSource: loaded.rssSource,
          seedHit1: result.seed?.hit1,
          seedWithinHit1: result.seedWithin?.hit1,
          seedHit3: result.seed?.hit3,
          seedRefused: result.seed?.refused,
          syntheticHit1: result.synthetic?.hit1,
          syntheticQuestions: result.synthetic?.questions,
        };
        if (engine === 'storybot') {
          const snapshots = ['--cache-dir', join(root, `cache-${engine}-snapshot`)];
          const building = await child([...base, '--engine', engine, '--mode', 'snapshot', ...snapshots], options, `${label} (snapshot build)`);
          row.snapshotBuildMs = building.result.openMs;
          const opened = await child([...base, '--engine', engine, '--mode', 'snapshot', ...snapshots], options, `${label} (snapshot load)`);
          row.snapshotLoadMs = opened.result.openMs;
          row.snapshotReadyMs = opened.firstLineMs;
          row.snapshotPeakRss = opened.peakRss;
        }
        report.rows.push(row);
      }
    } finally {
      if (options.keep) say(`kept ${root}`);
      else rmSync(root, { recursive: true, force: true });
    }
  }
  return report;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / 1_048_576);

/** The scale table, then how each figure grows from one size to the next. */
export function formatScale(report: ScaleReport): string {
  const header = ['N articles', 'passages', 'engine', 'build s', 'snap load s', 'p50 ms', 'p99 ms', 'RSS MB', 'peak MB', 'seed hit@1', 'in article', 'synth hit@1', 'synth n'];
  const rows: Cell[][] = report.rows.map((row) => [
    formatNumber(row.articles),
    formatNumber(row.passages),
    row.engine,
    formatNumber(row.buildMs / 1000, 2),
    row.snapshotLoadMs === undefined ? '–' : formatNumber(row.snapshotLoadMs / 1000, 2),
    formatNumber(row.p50Ms, 2),
    formatNumber(row.p99Ms, 2),
    formatNumber(mb(row.rssAfterLoad), 0),
    formatNumber(mb(row.peakRss), 0),
    formatNumber(row.seedHit1, 3),
    row.seedWithinHit1 === undefined ? '–' : formatNumber(row.seedWithinHit1, 3),
    row.syntheticQuestions ? formatNumber(row.syntheticHit1, 3) : '–',
    row.syntheticQuestions ? formatNumber(row.syntheticQuestions) : '–',
  ]);
  const notes = [
    'N synthetic articles plus the seed article; each engine and N in its own process (node --max-old-space-size=8192),',
    'one after the other: not interleaved, so storybot/bare ratios here carry the machine\'s noise.',
    'build = Story.load (or loadCorpus + MiniSearch.addAll; peers never abstain); RSS after load and a full GC; peak = whole process (' + (report.rows[0]?.rssSource ?? '') + ').',
    'seed hit@1: the 24 dev questions, gold passages of the seed article only; N=0 is the seed article alone;',
    'in article: the same questions asked within the seed article (/ask article:), storybot only.',
    'snapshot: Story.load in a fresh process from the snapshots a first run saved.',
  ];
  let text = formatTable(`Scale (synthetic news corpus, seed ${report.seed})`, header, rows, notes);
  const growth: string[] = [];
  for (const engine of new Set(report.rows.map((row) => row.engine))) {
    const mine = report.rows.filter((row) => row.engine === engine && row.articles > 0);
    for (let index = 1; index < mine.length; index++) {
      const [from, to] = [mine[index - 1], mine[index]];
      if (!from || !to) continue;
      const grow = (a: number | undefined, b: number | undefined) => {
        const value = ratio(b, a);
        return value === null ? '–' : `×${formatNumber(value, 1)}`;
      };
      growth.push(
        `  ${engine}, N ${formatNumber(from.articles)} → ${formatNumber(to.articles)} (passages ${grow(from.passages, to.passages)}): ` +
          `build ${grow(from.buildMs, to.buildMs)}, p50 ${grow(from.p50Ms, to.p50Ms)}, p99 ${grow(from.p99Ms, to.p99Ms)}, ` +
          `RSS ${grow(from.rssAfterLoad, to.rssAfterLoad)}, peak ${grow(from.peakRss, to.peakRss)}` +
          (to.snapshotLoadMs !== undefined ? `, snapshot load ${grow(from.snapshotLoadMs, to.snapshotLoadMs)}` : ''),
      );
    }
  }
  const storybotRows = report.rows.filter((row) => row.engine === 'storybot' && row.articles > 0);
  for (const row of storybotRows) {
    const bare = report.rows.find((other) => other.engine === ENGINE_NAMES.minisearch && other.articles === row.articles);
    if (!bare) continue;
    const r = (a: number | undefined, b: number | undefined) => {
      const value = ratio(a, b);
      return value === null ? '–' : `×${formatNumber(value, 2)}`;
    };
    growth.push(
      `  storybot / bare at N ${formatNumber(row.articles)}: build ${r(row.buildMs, bare.buildMs)}, p50 ${r(row.p50Ms, bare.p50Ms)}, ` +
        `p99 ${r(row.p99Ms, bare.p99Ms)}, RSS ${r(row.rssAfterLoad, bare.rssAfterLoad)}, peak ${r(row.peakRss, bare.peakRss)}`,
    );
  }
  if (growth.length > 0) text += `Growth with N\n${growth.join('\n')}\n`;
  return `${text}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: SCALE_DEFAULT_ARTICLES },
      seed: { type: 'string', default: '1' },
      'latency-budget-ms': { type: 'string', default: '15000' },
      engines: { type: 'string', default: SCALE_ENGINES.join(',') },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const started = performance.now();
  const report = await runScale({
    sizes: values.articles.split(',').map((size) => Number(size.trim())),
    seed: Number(values.seed),
    latencyBudgetMs: Number(values['latency-budget-ms']),
    engines: parseEngines(values.engines),
    keep: values.keep,
    onProgress: progress,
  });
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const busy = busyMachineWarning();
  process.stdout.write(values.json ? `${JSON.stringify({ ...report, warnings: busy ? [busy] : [] }, null, 2)}\n` : `${formatScale(report)}${busy ? `${busy}\n` : ''}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
