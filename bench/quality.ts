/**
 * Retrieval quality and per-query latency of several engines on the same questions: the seed
 * article's dev set (gold phrases, plus questions it does not cover) and SQuAD 2.0 (gold
 * paragraphs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';
import type { Article } from '../src/types.ts';
import { foldForGold, summarise, timeQueries, type Latency, type TimingOptions } from './measure.ts';
import type { Engine } from './peers.ts';

/** shared/ sits beside the repository (as in CI). */
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const DEV_EVAL_FILE = resolve(SHARED_DIR, 'dev-eval.json');
export const SQUAD_DIR = resolve(SHARED_DIR, 'bench', 'squad2-dev');
/** Passages asked for per question: MRR is MRR@10. */
export const RESULT_LIMIT = 10;

/** A question with the passages (`article#paragraph`) that answer it. */
export interface GoldQuestion {
  q: string;
  relevant: ReadonlySet<string>;
}

/** A question set: answerable questions with gold passages, and questions to abstain on. */
export interface QuestionSet {
  answerable: GoldQuestion[];
  abstain: string[];
}

/** The key of a passage in `GoldQuestion.relevant`. */
export const passageKey = (article: string, paragraph: number) => `${article}#${paragraph}`;

/** Reads a file of shared/, naming the folder it expects when the file is missing. */
function readShared(file: string): string {
  if (!existsSync(file)) throw new Error(`bench: ${file} not found (the benchmarks read ../shared/ beside the repository)`);
  return readFileSync(file, 'utf8');
}

interface DevEval {
  answerable: { q: string; gold: string[] }[];
  abstain: { q: string }[];
}

/**
 * The seed dev set with gold passages: the passages of `seedArticles` whose text contains a gold
 * phrase (case and curly quotes folded). Only these articles count, so when the seed article
 * sits among thousands of others, a distractor that happens to say "Feb. 24" is still a miss.
 */
export function seedQuestions(seedArticles: readonly Article[], file = DEV_EVAL_FILE): QuestionSet {
  const dev = JSON.parse(readShared(file)) as DevEval;
  const passages = seedArticles.flatMap((article) => article.passages.map((passage) => ({ key: passage.id, text: foldForGold(passage.text) })));
  const answerable = dev.answerable.map(({ q, gold }) => {
    const phrases = gold.map(foldForGold);
    const relevant = new Set(passages.filter((passage) => phrases.some((phrase) => passage.text.includes(phrase))).map((passage) => passage.key));
    if (relevant.size === 0) throw new Error(`dev-eval: no passage of the seed article contains a gold phrase of "${q}"`);
    return { q, relevant };
  });
  return { answerable, abstain: dev.abstain.map(({ q }) => q) };
}

interface SquadLine {
  q: string;
  article: string;
  paragraph: number;
  impossible: boolean;
}

/** SQuAD 2.0's answerable questions with their gold paragraph (impossible ones are left out). */
export function squadQuestions(dir = SQUAD_DIR): QuestionSet {
  const answerable: GoldQuestion[] = [];
  for (const line of readShared(resolve(dir, 'questions.jsonl')).split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as SquadLine;
    if (item.impossible) continue;
    answerable.push({ q: item.q, relevant: new Set([passageKey(item.article, item.paragraph)]) });
  }
  return { answerable, abstain: [] };
}

/** Quality of one engine on one question set. */
export interface Quality {
  /** Answerable questions evaluated (fewer than asked when the time limit ran out). */
  questions: number;
  /** Share of answerable questions whose first passage is a gold one. */
  hit1: number;
  /** ... among the first three distinct passages. */
  hit3: number;
  /** Mean reciprocal rank of the first gold passage among the first RESULT_LIMIT (0 when absent). */
  mrr: number;
  /** Answerable questions the engine said it could not answer. */
  wronglyRefused: number;
  /** Questions to abstain on that it did abstain on, out of `abstainTotal`. */
  abstainedCorrectly: number;
  abstainTotal: number;
}

/** The first rank (1-based) of a gold passage among the distinct passages, or 0. */
export function goldRank(hits: readonly { article: string; paragraph: number }[], relevant: ReadonlySet<string>): number {
  const seen = new Set<string>();
  for (const hit of hits) {
    const key = passageKey(hit.article, hit.paragraph);
    if (seen.has(key)) continue;
    seen.add(key);
    if (relevant.has(key)) return seen.size;
  }
  return 0;
}

/**
 * Asks every question once. Quotes are judged by the passage they cite (two quotes from one
 * paragraph count once), so storybot's sentence-level quotes and the peers' whole paragraphs
 * are compared on the same footing. Stops early at `deadline` (performance.now() ms).
 */
export async function evaluate(engine: Engine, set: QuestionSet, deadline = Number.POSITIVE_INFINITY): Promise<Quality> {
  let questions = 0;
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let wronglyRefused = 0;
  for (const { q, relevant } of set.answerable) {
    if (performance.now() > deadline) break;
    const outcome = await engine.search(q, RESULT_LIMIT);
    questions++;
    if (!outcome.answered) {
      wronglyRefused++;
      continue;
    }
    const rank = goldRank(outcome.hits, relevant);
    if (rank === 1) hit1++;
    if (rank >= 1 && rank <= 3) hit3++;
    if (rank >= 1) reciprocal += 1 / rank;
  }
  let abstainedCorrectly = 0;
  for (const q of set.abstain) {
    const outcome = await engine.search(q, RESULT_LIMIT);
    if (!outcome.answered) abstainedCorrectly++;
  }
  const share = (count: number) => (questions === 0 ? Number.NaN : count / questions);
  return { questions, hit1: share(hit1), hit3: share(hit3), mrr: share(reciprocal), wronglyRefused, abstainedCorrectly, abstainTotal: set.abstain.length };
}

/** Quality and latency of one engine on one question set. */
export interface EngineFigures {
  engine: string;
  abstains: boolean;
  quality: Quality;
  /** Per-query latency in microseconds, over answerable and abstain questions alike. */
  latency: Latency;
}

/** Options for `compareEngines`. */
export interface CompareOptions {
  timing: TimingOptions;
  /** Stop evaluating quality after this long per engine. */
  qualityBudgetMs: number;
  /** Called with a line of progress. */
  onProgress?: (message: string) => void;
}

/** Quality, then interleaved latency, of several engines on the same question set. */
export async function compareEngines(engines: readonly Engine[], set: QuestionSet, options: CompareOptions): Promise<EngineFigures[]> {
  const qualities: Quality[] = [];
  for (const engine of engines) {
    options.onProgress?.(`quality: ${engine.name}`);
    qualities.push(await evaluate(engine, set, performance.now() + options.qualityBudgetMs));
  }
  options.onProgress?.(`latency: ${engines.length} engines interleaved, up to ${(options.timing.budgetMs / 1000).toFixed(0)} s`);
  const questions = [...set.answerable.map(({ q }) => q), ...set.abstain];
  const timings = await timeQueries(engines.map((engine) => (question: string) => engine.search(question, RESULT_LIMIT)), questions, options.timing);
  return engines.map((engine, index) => ({
    engine: engine.name,
    abstains: engine.abstains,
    quality: qualities[index] ?? evaluateNothing(set),
    latency: summarise(timings[index] ?? []),
  }));
}

function evaluateNothing(set: QuestionSet): Quality {
  return { questions: 0, hit1: Number.NaN, hit3: Number.NaN, mrr: Number.NaN, wronglyRefused: 0, abstainedCorrectly: 0, abstainTotal: set.abstain.length };
}
