/**
 * Spelling correction of question words against the corpus's own words, as members type them
 * ("stoltenbreg", "miscalulation", "frist"). A word the corpus never uses is corrected to the
 * corpus words nearest to it by the slips people make: a letter left out, doubled or swapped
 * with its neighbour, or a key next to the right one (Damerau's edits, "optimal string
 * alignment"). Only words worth reaching are targets: dictionary words and names the corpus
 * capitalises, so the story's own typos ("wat" for "war") are never offered. A question word that
 * is itself a dictionary word is no typo: it is only taken for a slip of two swapped letters
 * ("trail" for "trial"), for another inflection of itself ("Frenchman" for "Frenchmen"), or,
 * capitalised, for a name ("Bismark" for "Bismarck", "Basset" for "Bassett").
 *
 * The targets' radix tree (MiniSearch's `SearchableMap`) is built on the first word that needs
 * it; a correction is then a walk of the tree, a few hundred microseconds, remembered per word.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { DictionaryWords } from './dictionary.ts';
import { detachedForms } from './wordnet.ts';
import { regularise, wordTerms } from '../../text/stem.ts';
import { PROSE_FUNCTION_WORDS, isStopWord } from '../../text/stop-words.ts';
import { splitWords } from '../../text/words.ts';
import type { AnalysedQuestion } from '../query.ts';
import type { Lexicon } from './lexicon.ts';

/** Words shorter than this are not corrected: too many words are one edit from "cop". */
const MIN_LENGTH = 4;
/** From this length on, two edits are allowed ("miscalulation" is one, "stoltenbrg" two). */
const TWO_EDITS_FROM = 8;
/** Remembered corrections, per word. */
const CACHE_SIZE = 10_000;
/** Most targets returned for one word (ties). */
const MAX_TARGETS = 3;

/** Keyboard rows (QWERTY): a substitution with a key beside or above is a likelier slip. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_AT = new Map<string, readonly [number, number]>();
ROWS.forEach((row, r) => [...row].forEach((key, c) => KEY_AT.set(key, [r, c])));

/** Whether two letters are neighbours on the keyboard. */
export function adjacentKeys(a: string, b: string): boolean {
  const x = KEY_AT.get(a);
  const y = KEY_AT.get(b);
  if (!x || !y || a === b) return false;
  return Math.abs(x[0] - y[0]) <= 1 && Math.abs(x[1] - y[1]) <= 1;
}

/**
 * Damerau's edit distance (optimal string alignment: insertions, deletions, substitutions and
 * swaps of two neighbouring letters, each counting one), and how many substitutions were of keys
 * far apart on the keyboard, the least likely slip: for ranking the targets at one distance.
 */
export function slipDistance(a: string, b: string): { edits: number; farKeys: number } {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const cost = new Float64Array(rows * cols);
  const slips = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i += 1) cost[i * cols] = i;
  for (let j = 0; j < cols; j += 1) cost[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const here = i * cols + j;
      const same = a[i - 1] === b[j - 1];
      let best = (cost[here - cols - 1] ?? 0) + (same ? 0 : 1);
      let slip = (slips[here - cols - 1] ?? 0) + (!same && !adjacentKeys(a[i - 1] ?? '', b[j - 1] ?? '') ? 1 : 0);
      const deletion = (cost[here - cols] ?? 0) + 1;
      if (deletion < best) [best, slip] = [deletion, slips[here - cols] ?? 0];
      const insertion = (cost[here - 1] ?? 0) + 1;
      if (insertion < best) [best, slip] = [insertion, slips[here - 1] ?? 0];
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        const swap = (cost[here - 2 * cols - 2] ?? 0) + 1;
        if (swap < best) [best, slip] = [swap, slips[here - 2 * cols - 2] ?? 0];
      }
      cost[here] = best;
      slips[here] = slip;
    }
  }
  return { edits: cost[rows * cols - 1] ?? 0, farKeys: slips[rows * cols - 1] ?? 0 };
}

/** Whether `b` is `a` with two neighbouring letters swapped, and nothing else. */
export function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ: number[] = [];
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) differ.push(i);
  const [first, second] = differ;
  return differ.length === 2 && first !== undefined && second === first + 1 && a[first] === b[second] && a[second] === b[first];
}

/**
 * Whether two words are inflections of one noun or verb ("frenchman", "frenchmen"; "trial",
 * "trials"): not "discovered" and "discoverer", another word made from the verb.
 */
export function sameLemma(a: string, b: string): boolean {
  const forms = (word: string) => new Set([word, regularise(word), ...detachedForms(word, ['noun', 'verb'])]);
  const left = forms(a);
  for (const form of forms(b)) if (left.has(form)) return true;
  return false;
}

/** What a corrector reads of one corpus. */
export interface SpellingSource {
  /** The corpus's words (lower case, as written): never corrected. */
  uses(lower: string): boolean;
  /**
   * Words the corpus does not use but whose expansions reach it: a word, not a typo, corrected
   * only to another inflection of itself or, capitalised, to a name.
   */
  relates(lower: string): boolean;
  /** The words a question word may be corrected to (dictionary words and names the corpus capitalises, words with expansions). */
  targets(): Iterable<string>;
  /** Which targets are names. */
  isName(lower: string): boolean;
  /** How many passages use a target (0 for a word known only through its expansions): ties go to the commoner. */
  frequency(lower: string): number;
  dictionary: DictionaryWords;
}

/** Corrects question words towards one corpus's dictionary words and names. */
export class SpellingCorrector {
  readonly #source: SpellingSource;
  #tree: SearchableMap<true> | undefined;
  readonly #cache = new Map<string, string[]>();

  constructor(source: SpellingSource) {
    this.#source = source;
  }

  /**
   * The words a question word (lower case) was probably meant to be, nearest first (ties: the
   * commonest in the corpus first); none for a word the corpus uses, a short word, or a dictionary word
   * that is no slip (see above). `isName`: the question capitalises it.
   */
  correct(lower: string, isName = false): string[] {
    if (lower.length < MIN_LENGTH || !/^\p{L}+$/u.test(lower) || this.#source.uses(lower)) return [];
    const key = `${isName ? '^' : ''}${lower}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const found = this.#find(lower, isName);
    if (this.#cache.size >= CACHE_SIZE) this.#cache.clear();
    this.#cache.set(key, found);
    return found;
  }

  /**
   * The question with each word the corpus does not know (`knows`, by index term) put as the
   * word it was probably meant to be, keeping what was typed (`typed`).
   */
  correctQuestion(question: AnalysedQuestion, knows: (term: string) => boolean): AnalysedQuestion {
    let understood = question.understood;
    let changed = false;
    const renamed = new Map<string, string>();
    const words = question.words.map((word) => {
      if (word.terms.some(knows)) return word;
      const [meant] = this.correct(word.lower, word.capitalised);
      const parsed = meant === undefined ? undefined : splitWords(meant)[0];
      if (meant === undefined || !parsed) return word;
      changed = true;
      renamed.set(word.lower, meant);
      understood = understood.replace(word.surface, word.capitalised ? meant.charAt(0).toUpperCase() + meant.slice(1) : meant);
      return { ...word, surface: meant, lower: meant, terms: wordTerms(parsed), typed: word.surface };
    });
    if (!changed) return question;
    const names = question.names.map((name) => name.map((part) => renamed.get(part) ?? part));
    return { ...question, understood, words, names };
  }

  #find(lower: string, isName: boolean): string[] {
    const allowed = lower.length >= TWO_EDITS_FROM ? 2 : 1;
    // A swap is two edits to the tree's Levenshtein walk: look two edits out, then measure.
    const near = [...this.#treeOnce().fuzzyGet(lower, 2).keys()];
    const { dictionary, isName: isNameWord, frequency } = this.#source;
    const related = this.#source.relates(lower);
    const dictionaryWord = related || dictionary.has(lower);
    const found: { word: string; edits: number; cost: number; frequency: number; name: number }[] = [];
    for (const candidate of near) {
      const slip = !related && isSwap(lower, candidate);
      if (dictionaryWord && !slip && !sameLemma(lower, candidate) && !(isName && isNameWord(candidate))) continue;
      const { edits, farKeys } = slipDistance(lower, candidate);
      if (edits === 0 || edits > allowed) continue;
      // A key far from the right one, or a wrong first letter, is a rarer slip than a letter
      // left out, doubled, swapped or hit beside.
      const cost = edits + 0.5 * farKeys + (candidate[0] === lower[0] ? 0 : 0.5);
      found.push({ word: candidate, edits, cost, frequency: frequency(candidate), name: isName && isNameWord(candidate) ? 1 : 0 });
    }
    // The likeliest slip first; then a name for a capitalised word; then, as people write, the word the story uses most.
    found.sort((a, b) => a.cost - b.cost || b.name - a.name || b.frequency - a.frequency || (a.word < b.word ? -1 : 1));
    return found.slice(0, MAX_TARGETS).map((entry) => entry.word);
  }

  #treeOnce(): SearchableMap<true> {
    if (this.#tree) return this.#tree;
    const tree = new SearchableMap<true>();
    for (const word of this.#source.targets()) if (word.length >= MIN_LENGTH - 1 && /^\p{L}+$/u.test(word)) tree.set(word, true);
    this.#tree = tree;
    return tree;
  }
}

/** What a corpus offers spelling correction: its words, its names, its lexicon, and how many passages use a word. */
export interface CorpusWords {
  words: ReadonlySet<string>;
  properWords: ReadonlySet<string>;
  lexicon: Pick<Lexicon, 'dictionary' | 'expansions'>;
  passagesUsing: (lower: string) => number;
}

/**
 * A corrector towards the words a question may use (the stories' own words, and the words
 * WordNet relates to them), among those only dictionary words and the names the stories
 * capitalise: never towards a story's own typo.
 */
export function corpusSpelling({ words, properWords, lexicon, passagesUsing }: CorpusWords): SpellingCorrector {
  const { dictionary, expansions } = lexicon;
  const isTarget = (lower: string) => !isStopWord(lower) && (properWords.has(lower) || dictionary.has(lower));
  return new SpellingCorrector({
    uses: (lower) => words.has(lower),
    relates: (lower) => Object.hasOwn(expansions, lower),
    *targets() {
      for (const word of Object.keys(expansions)) if (dictionary.has(word)) yield word;
      for (const word of words) if (isTarget(word)) yield word;
    },
    isName: (lower) => properWords.has(lower),
    frequency: passagesUsing,
    // WordNet lists no function words: "else" is a word, not a slip for "ease".
    dictionary: { has: (lower) => dictionary.has(lower) || PROSE_FUNCTION_WORDS.has(lower) },
  });
}
