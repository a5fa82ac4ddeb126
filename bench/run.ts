/**
 * `npm run bench`: storybot side by side with peer engines, in one run.
 *
 * - The seed article (corpus/) with the dev set: hit@1, hit@3, MRR, abstentions, p50/p99.
 * - SQuAD 2.0 (eight articles in one index): hit@1, hit@3, MRR by gold paragraph, p50/p99.
 * - Start-up: spawn to first answer, and peak RSS, in fresh processes.
 * - Scale: the synthetic-corpus run (bench/scale.ts) at 1,000 articles, or `--articles
 *   1000,10000` (10,000 takes several minutes more); `--no-scale` leaves it out, `--scale-only`
 *   runs nothing else.
 *
 * Tables go to stdout, progress to stderr; `--json` prints one JSON object instead of tables.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR } from '../src/paths.ts';
import { busyMachineWarning, formatNumber, formatTable, progress, ratio, type Cell } from './measure.ts';
import { allPeers } from './peers.ts';
import { compareEngines, seedQuestions, squadQuestions, type Contender, type EngineFigures } from './quality/compare.ts';
import { defaultPaths } from './quality/data.ts';
import { formatScale, parseEngines, runScale, SCALE_DEFAULT_ARTICLES, SCALE_ENGINES, type ScaleReport } from './scale.ts';
import { compareStartup, type StartupFigures } from './startup.ts';
import { formatStoreBench, runStoreBench, type StoreBenchReport } from './store.ts';
import { openStory, storybotEngine } from './storybot.ts';
import type { Story } from '../src/story.ts';

/** Time limits of each phase: the whole default run stays well under 5 minutes on 2 cores. */
const SEED_TIMING = { budgetMs: 4_000, maxRounds: 2_000, warmupQueries: 200 };
const SQUAD_TIMING = { budgetMs: 12_000, maxRounds: 20, warmupQueries: 300 };
const QUALITY_BUDGET_MS = 60_000;
const STARTUP_RUNS = 5;
const STARTUP_TIMEOUT_MS = 60_000;

/** Everything one run measured, as `--json` prints it. */
export interface BenchReport {
  machine: { cpus: number; cpu: string; node: string; date: string; loadAverage: { start: number; end?: number } };
  /** Warnings about the run (a busy machine), also printed under the tables. */
  warnings: string[];
  seed: EngineFigures[];
  squad: EngineFigures[];
  startup: StartupFigures[];
  scale?: ScaleReport;
  /** The feedback store's write rate while answering and /gaps time (bench/store.ts). */
  store?: StoreBenchReport;
}

const BARE = 'MiniSearch (bare)';

/**
 * Builds the peers over a corpus and returns storybot first, then the peers. With `retrieval`,
 * storybot is judged by its ranked passages whether or not it answers, as `npm run eval` judges SQuAD.
 */
async function enginesFor(story: Story, retrieval = false): Promise<Contender[]> {
  const peers = allPeers();
  for (const peer of peers) await peer.build(story.articles);
  return [{ timed: storybotEngine(story), judged: storybotEngine(story, { retrieval }) }, ...peers.map((peer) => ({ timed: peer }))];
}

function qualityTable(title: string, figures: readonly EngineFigures[], withAbstain: boolean): string {
  const header = ['engine', 'hit@1', 'hit@3', 'MRR@10', ...(withAbstain ? ['abstain ok', 'refused'] : ['n']), 'p50 µs', 'p99 µs'];
  const row = (figure: EngineFigures): Cell[] => {
    const { quality, latency } = figure;
    const abstain = figure.abstains ? `${quality.abstainedCorrectly}/${quality.abstainTotal}` : `${quality.abstainedCorrectly}/${quality.abstainTotal}*`;
    return [
      figure.engine, formatNumber(quality.hit1, 3), formatNumber(quality.hit3, 3), formatNumber(quality.mrr, 3),
      ...(withAbstain ? [abstain, `${quality.refused}/${quality.questions}`] : [quality.questions]),
      formatNumber(latency.p50, 1), formatNumber(latency.p99, 1),
    ];
  };
  const storybot = figures.find((figure) => figure.engine === 'storybot');
  const bare = figures.find((figure) => figure.engine === BARE);
  const rows = figures.map(row);
  if (storybot && bare) {
    const r = (a: number | undefined, b: number | undefined) => {
      const value = ratio(a, b);
      return value === null ? '–' : `×${formatNumber(value, 2)}`;
    };
    rows.push([
      'storybot / bare', r(storybot.quality.hit1, bare.quality.hit1), r(storybot.quality.hit3, bare.quality.hit3), r(storybot.quality.mrr, bare.quality.mrr),
      ...(withAbstain
        ? [r(storybot.quality.abstainedCorrectly, bare.quality.abstainedCorrectly), r(storybot.quality.refused, bare.quality.refused)]
        : ['']),
      r(storybot.latency.p50, bare.latency.p50), r(storybot.latency.p99, bare.latency.p99),
    ]);
  }
  const samples = figures[0]?.latency.samples ?? 0;
  const notes = [
    `Passages judged by the paragraph each quote cites, distinct paragraphs ranked; latency warm, ${formatNumber(samples)} timed queries per engine, interleaved.`,
    ...(withAbstain ? ['* peers never abstain: they refuse only when no passage shares a term with the question.'] : []),
  ];
  return formatTable(title, header, rows, notes);
}

function startupTable(figures: readonly StartupFigures[]): string {
  const header = ['engine', 'opened by', 'ready ms', 'open ms', '1st answer ms', 'peak RSS MB'];
  const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / 1_048_576);
  const rows: Cell[][] = figures.map((figure) => [
    figure.engine === 'minisearch' ? BARE : figure.engine,
    figure.engine === 'minisearch' ? 'index at start' : 'Story.load, snapshots',
    formatNumber(figure.readyMs, 0), formatNumber(figure.openMs, 1), formatNumber(figure.firstAnswerMs, 2), formatNumber(mb(figure.peakRss), 1),
  ]);
  const storybot = figures.find((figure) => figure.engine === 'storybot');
  const bare = figures.find((figure) => figure.engine === 'minisearch');
  if (storybot && bare) {
    const r = (a: number | undefined, b: number | undefined) => {
      const value = ratio(a, b);
      return value === null ? '–' : `×${formatNumber(value, 2)}`;
    };
    rows.push(['storybot / bare', '', r(storybot.readyMs, bare.readyMs), r(storybot.openMs, bare.openMs), r(storybot.firstAnswerMs, bare.firstAnswerMs), r(storybot.peakRss, bare.peakRss)]);
  }
  const source = figures[0]?.rssSource ?? '';
  return formatTable('Start-up on the seed article (fresh `node --import tsx` process, median of runs)', header, rows, [
    `ready = spawn to first answer on stdout; peak RSS of the whole process from ${source}.`,
  ]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      // On by default; `--scale` is still accepted. Node 20's parseArgs has no negated options,
      // so `--no-scale` is an option of its own.
      scale: { type: 'boolean', default: true },
      'no-scale': { type: 'boolean', default: false },
      'scale-only': { type: 'boolean', default: false },
      articles: { type: 'string', default: SCALE_DEFAULT_ARTICLES },
      engines: { type: 'string', default: SCALE_ENGINES.join(',') },
      seed: { type: 'string', default: '1' },
    },
  });
  const started = performance.now();
  const report: BenchReport = {
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, date: new Date().toISOString(), loadAverage: { start: loadavg()[0] ?? 0 } },
    warnings: [],
    seed: [],
    squad: [],
    startup: [],
  };
  if (!values['scale-only']) {
    progress('seed article: building engines');
    const seedStory = openStory(DEFAULT_CORPUS_DIR);
    const seedEngines = await enginesFor(seedStory);
    const seedSet = seedQuestions(seedStory.articles);
    report.seed = await compareEngines(seedEngines, seedSet, { timing: SEED_TIMING, qualityBudgetMs: QUALITY_BUDGET_MS, onProgress: (m) => progress(`seed ${m}`) });
    if (!values.json) process.stdout.write(`${qualityTable('Seed article (corpus/, dev-eval: 24 answerable, 6 to abstain on)', report.seed, true)}\n`);

    progress('SQuAD: building engines over the eight articles');
    const squadEngines = await enginesFor(openStory(`${defaultPaths().squadDir}/corpus`), true);
    const squadSet = squadQuestions();
    report.squad = await compareEngines(squadEngines, squadSet, { timing: SQUAD_TIMING, qualityBudgetMs: QUALITY_BUDGET_MS, onProgress: (m) => progress(`SQuAD ${m}`) });
    if (!values.json) process.stdout.write(`${qualityTable(`SQuAD 2.0 dev (8 articles in one index, ${squadSet.answerable.length} answerable questions, gold paragraph)`, report.squad, false)}\n`);

    report.startup = await compareStartup(DEFAULT_CORPUS_DIR, STARTUP_RUNS, STARTUP_TIMEOUT_MS, progress);
    if (!values.json) process.stdout.write(`${startupTable(report.startup)}\n`);

    // PostgreSQL too when a server is named (bash .ci/postgres.sh start DIR prints a URL).
    report.store = await runStoreBench({ postgresUrl: process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL, onProgress: progress });
    if (!values.json) process.stdout.write(`${formatStoreBench(report.store)}\n`);
  }
  if (!values['no-scale'] || values['scale-only']) {
    const sizes = values.articles.split(',').map((size) => Number(size.trim()));
    report.scale = await runScale({ sizes, seed: Number(values.seed), engines: parseEngines(values.engines), onProgress: progress });
    if (!values.json) process.stdout.write(formatScale(report.scale));
  }
  report.machine.loadAverage.end = loadavg()[0];
  const busy = busyMachineWarning();
  if (busy) {
    report.warnings.push(busy);
    if (!values.json) process.stdout.write(`${busy}\n`);
  }
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

await main();
