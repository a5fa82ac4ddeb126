/**
 * The one scorer of the evaluation and the benchmarks: how a ranked list of passages or quotes
 * is judged against gold, whatever engine produced it.
 */
import type { Article } from '../../src/types.ts';

/** A passage or quote an engine returned: where it stands and the words it shows. */
export interface Hit {
  /** Article id. */
  article: string;
  /** 1-based paragraph. */
  paragraph: number;
  /** The words shown: a storybot quote (a sentence or the paragraph), a peer's whole paragraph. */
  text: string;
}

/** What an engine says to a question: hits best first, and whether it answered at all. */
export interface Outcome {
  answered: boolean;
  hits: Hit[];
}

/** Folds case and curly quotes, as the sets say gold phrases are compared. */
export function foldForGold(text: string): string {
  return text.toLowerCase().replace(/[‘’‛′]/g, "'").replace(/[“”„″]/g, '"');
}

/** The key of a passage: `article#paragraph`, as `Passage.id` has it. */
export const passageKey = (article: string, paragraph: number) => `${article}#${paragraph}`;

/**
 * The first rank (1-based) of a gold hit among the distinct passages, or 0. Two quotes from one
 * paragraph count once, so storybot's sentence-level quotes and a peer's whole paragraphs are
 * compared on the same footing.
 */
export function goldRank(hits: readonly Hit[], isGold: (hit: Hit) => boolean): number {
  const seen = new Set<string>();
  for (const hit of hits) {
    const key = passageKey(hit.article, hit.paragraph);
    if (seen.has(key)) continue;
    seen.add(key);
    if (isGold(hit)) return seen.size;
  }
  return 0;
}

/** Words of folded text, for comparing runs of words. */
function wordsOf(text: string): string[] {
  return foldForGold(text).match(/[\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Judges a hit by the paragraph it cites: gold when that paragraph of `articles` holds a gold phrase. */
export function goldPassages(articles: readonly Article[], gold: readonly string[]): (hit: Hit) => boolean {
  const phrases = gold.map(foldForGold);
  const keys = new Set(articles.flatMap((article) => article.passages)
    .filter((passage) => phrases.some((phrase) => foldForGold(passage.text).includes(phrase)))
    .map((passage) => passage.id));
  return (hit) => keys.has(passageKey(hit.article, hit.paragraph));
}

/** Whether two texts share a run of `length` consecutive words. */
export function sharesWordRun(a: string, b: string, length = 6): boolean {
  const runs = new Set<string>();
  const left = wordsOf(a);
  for (let start = 0; start + length <= left.length; start += 1) runs.add(left.slice(start, start + length).join(' '));
  const right = wordsOf(b);
  for (let start = 0; start + length <= right.length; start += 1) if (runs.has(right.slice(start, start + length).join(' '))) return true;
  return false;
}

/**
 * Whether shown text answers with one of the gold phrases: it contains one (folded), or shares a
 * run of six words with one (a quote cut at a sentence need not hold the whole phrase).
 */
export function showsGold(text: string, gold: readonly string[]): boolean {
  const folded = foldForGold(text);
  return gold.some((phrase) => folded.includes(foldForGold(phrase)) || sharesWordRun(text, phrase));
}

/**
 * Whether an attributed name is the expected speaker: every word of the shorter name is a word of
 * the longer ("Putin" and "Vladimir Putin", "Jens Stoltenberg" and "Stoltenberg").
 */
export function sameSpeaker(attributed: string | null | undefined, expected: string): boolean {
  if (!attributed) return false;
  const [shorter, longer] = [wordsOf(attributed), wordsOf(expected)].sort((a, b) => a.length - b.length) as [string[], string[]];
  if (shorter.length === 0) return false;
  const words = new Set(longer);
  return shorter.every((word) => words.has(word));
}

/** Retrieval figures over a set of answerable questions. */
export interface Retrieval {
  questions: number;
  /** Share with a gold hit first. */
  hit1: number;
  /** ... among the first three distinct passages. */
  hit3: number;
  /** Mean of 1/rank of the first gold hit (0 when absent). */
  mrr: number;
  /** Answerable questions the engine refused. */
  refused: number;
}

/** Adds up gold ranks (0 for none) and refusals into `Retrieval` figures. */
export function retrieval(ranks: readonly number[], refused: number): Retrieval {
  const n = ranks.length;
  const share = (count: number) => (n === 0 ? Number.NaN : count / n);
  return {
    questions: n,
    hit1: share(ranks.filter((rank) => rank === 1).length),
    hit3: share(ranks.filter((rank) => rank >= 1 && rank <= 3).length),
    mrr: share(ranks.reduce((sum, rank) => sum + (rank >= 1 ? 1 / rank : 0), 0)),
    refused,
  };
}
