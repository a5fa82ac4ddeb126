/**
 * Trains the learned ranker and writes its weights (`src/search/ranker/weights.json`):
 * gathers every shared question set's candidates from the hand-weighted engine, prints the
 * ranker's leave-one-article-out figures beside the engine's, then fits on everything.
 *
 *   npm run train [-- --check]   (--check: train and compare with the file, writing nothing)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FEATURES } from '../src/search/ranker/features.ts';
import { WEIGHTS_FILE } from '../src/search/ranker/weights.ts';
import { resolveCorpusDir } from '../src/paths.ts';
import { EvalContext } from './quality/context.ts';
import { defaultPaths } from './quality/data.ts';
import { crossValidate, fitRanker, type CrossValidated, type FitSettings } from './ranker-cv.ts';
import { benchCorpora, gatherQueries, type RankerQuery } from './ranker-data.ts';

/**
 * Training settings: what the weights file records and `npm run train` uses. The engine's own
 * score anchors the model (see `FitSettings.anchor`): it departs from the engine's order only as
 * far as the other articles' questions argue, which held best across held-out articles.
 */
export const TRAINING: FitSettings = { train: { l2: 3 }, balance: 0.5, anchor: FEATURES.indexOf('engine') };

/** The evaluation's corpora and data at their default places. */
export const defaultContext = () => new EvalContext({ corpusDir: resolveCorpusDir(undefined), paths: defaultPaths() });

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** A one-line progress bar on a terminal, nothing elsewhere. */
function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 24;
  const filled = Math.round((done / Math.max(1, total)) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}

/** Every shared question, as feature rows with labels. */
export function gatherAll(context: EvalContext = defaultContext(), log: (line: string) => void = console.log): RankerQuery[] {
  const queries: RankerQuery[] = [];
  for (const corpus of benchCorpora(context)) {
    const started = performance.now();
    const gathered = gatherQueries(corpus, (done, total) => progress(`  ${corpus.name}`, done, total));
    queries.push(...gathered);
    log(`  ${corpus.name}: ${corpus.articles.length} articles, ${gathered.length} questions (${seconds(started)})`);
  }
  return queries;
}

const f3 = (value: number) => value.toFixed(3);

/** The cross-validated figures as a table. */
export function formatCrossValidated({ sets, folds }: CrossValidated): string {
  const width = Math.max(...sets.map(({ set }) => set.length), 3);
  const lines = [`${'set'.padEnd(width)}     n  engine @1  @3    MRR    ranker (cross-validated) @1  @3    MRR`];
  for (const { set, engine, ranker } of sets) {
    lines.push(`${set.padEnd(width)}  ${String(engine.questions).padStart(4)}  ${f3(engine.hit1)}  ${f3(engine.hit3)}  ${f3(engine.mrr)}  ${f3(ranker.hit1)}                      ${f3(ranker.hit3)}  ${f3(ranker.mrr)}`);
  }
  lines.push(`(${folds} folds: each article's questions scored by a model trained on the other articles' questions)`);
  return lines.join('\n');
}

/** The weights file's contents: features, weights, and how they were trained and how they score. */
export function weightsFile(weights: Float64Array, validated: CrossValidated, queries: readonly RankerQuery[]): object {
  const sets = Object.fromEntries(validated.sets.map(({ set, engine, ranker }) => [set, { questions: engine.questions, engineHit1: round(engine.hit1), rankerHit1: round(ranker.hit1) }]));
  return {
    about: 'Weights of the learned ranker (src/search/ranker/): a linear score over FEATURES, fitted by pairwise logistic regression. Written by npm run train; do not edit by hand.',
    features: [...FEATURES],
    weights: [...weights].map((value) => Number(value.toPrecision(8))),
    training: { ...TRAINING, anchor: TRAINING.anchor === undefined ? null : FEATURES[TRAINING.anchor], questions: queries.length, candidates: queries.reduce((sum, query) => sum + query.rows.length, 0) },
    crossValidated: sets,
  };
}

const round = (value: number) => Number(value.toFixed(4));

function main(): void {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } } });
  const started = performance.now();
  console.log('Gathering candidates from the hand-weighted engine:');
  const queries = gatherAll();
  console.log(`Cross-validating (leave one article out):`);
  const cvStarted = performance.now();
  const validated = crossValidate(queries, { ...TRAINING, onFold: (done, total) => progress('  folds', done, total) });
  console.log(formatCrossValidated(validated));
  console.log(`  (${seconds(cvStarted)})`);
  const weights = fitRanker(queries, TRAINING);
  const text = `${JSON.stringify(weightsFile(weights, validated, queries), null, 2)}\n`;
  const path = fileURLToPath(WEIGHTS_FILE);
  if (values.check) {
    const same = readFileSync(path, 'utf8') === text;
    console.log(same ? `${path} matches the training.` : `${path} differs from what training gives: run npm run train.`);
    if (!same) process.exitCode = 1;
  } else {
    writeFileSync(path, text);
    console.log(`Wrote ${path}`);
  }
  FEATURES.forEach((name, j) => console.log(`  ${name.padEnd(18)} ${(weights[j] ?? 0).toFixed(4)}`));
  console.log(`Done in ${seconds(started)}.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
