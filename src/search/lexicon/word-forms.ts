/**
 * The ways a question word can match the corpus: its own terms, other inflections the stemmer
 * did not join to it, the lexicon's expansions the corpus uses, and, for a word the corpus never
 * uses, the corpus words it is probably a misspelling of (`spelling.ts`).
 */
import type { Lexicon } from './lexicon.ts';
import type { SpellingCorrector } from './spelling.ts';
import type { QueryWord } from '../query.ts';
import { INFLECTION_WEIGHT, SAFE_EXPANSION, type SearchTunables } from '../tunables.ts';
import { regularise, stem, UNSTEMMED } from '../../text/stem.ts';

/** One way to match a question word: an index term and how much a match through it counts. */
export interface WordForm {
  term: string;
  weight: number;
}

/** How the corpus uses a question word (see `WordForms.presence`). */
export type Presence = 'exact' | 'related' | 'near' | 'broader' | null;

/** Part of a corpus (one article): the terms it uses, and the stems of their broader words. */
export interface TermScope {
  has(term: string): boolean;
  readonly hypernyms: ReadonlySet<string>;
}

/** Regular inflections of a word, and the word it may inflect: candidates for the same word. */
export function inflectionVariants(lower: string): string[] {
  if (lower.length < 4 || !/^\p{L}+$/u.test(lower)) return [];
  const variants = new Set<string>();
  for (const ending of ['ing', 'ed', 'es', 's']) {
    if (lower.endsWith(ending) && lower.length > ending.length + 2) {
      const base = lower.slice(0, -ending.length);
      variants.add(base);
      variants.add(`${base}e`);
    }
  }
  for (const ending of ['ing', 'ed', 's']) variants.add(lower + ending);
  variants.delete(lower);
  return [...variants];
}

/** Finds a question word's forms among one corpus's terms. */
export class WordForms {
  readonly #vocabulary: Pick<ReadonlySet<string>, 'has'>;
  readonly #lexicon: Pick<Lexicon, 'expansions'>;
  readonly #spelling: SpellingCorrector;
  /** Stems of every broader word (hypernym) of a corpus word: what a question may call the story's things. */
  readonly #hypernyms: ReadonlySet<string>;
  readonly #tunables: Pick<SearchTunables, 'expand' | 'expansionScale' | 'fuzzyWeight'>;

  constructor(
    vocabulary: Pick<ReadonlySet<string>, 'has'>,
    lexicon: Pick<Lexicon, 'expansions'>,
    spelling: SpellingCorrector,
    hypernyms: ReadonlySet<string>,
    tunables: Pick<SearchTunables, 'expand' | 'expansionScale' | 'fuzzyWeight'>,
  ) {
    this.#vocabulary = vocabulary;
    this.#lexicon = lexicon;
    this.#spelling = spelling;
    this.#hypernyms = hypernyms;
    this.#tunables = tunables;
  }

  /** The ways a question word can match: its own terms at full weight, then its expansions. */
  of(word: QueryWord): WordForm[] {
    const forms = new Map<string, number>();
    for (const term of word.terms) forms.set(term, 1);
    if (this.#tunables.expand) {
      for (const [related, weight] of this.#expansionsOf(word)) {
        if ((forms.get(related) ?? 0) < weight) forms.set(related, weight);
      }
    }
    // A word the corpus never uses may be misspelled: try the corpus's near spellings.
    const { fuzzyWeight } = this.#tunables;
    if (fuzzyWeight > 0) {
      for (const near of this.#nearSpellings(word)) if ((forms.get(near) ?? 0) < fuzzyWeight) forms.set(near, fuzzyWeight);
    }
    return [...forms].map(([term, weight]) => ({ term, weight }));
  }

  /**
   * How the corpus uses a question word: `exact` (the word or an inflection), `related` (a
   * spelling variant, derived form or common synonym: an expansion weighted at least
   * `SAFE_EXPANSION`), `near` (a near spelling of a word it never uses), `broader` (a more
   * general word for one of its words: "army" for "troops"), or null. Given `within`, only what
   * that part of the corpus uses counts.
   */
  presence(word: QueryWord, within?: TermScope): Presence {
    const has = (term: string) => this.#vocabulary.has(term) && (within === undefined || within.has(term));
    if (word.terms.some(has)) return 'exact';
    for (const [term, weight] of this.#expansionsOf(word)) if (weight >= SAFE_EXPANSION && has(term)) return 'related';
    if (this.#meantIsUsed(word, has)) return 'near';
    const hypernyms = within ? within.hypernyms : this.#hypernyms;
    return word.terms.some((term) => hypernyms.has(term)) ? 'broader' : null;
  }

  /** Expansions of a question word that the corpus uses, with their weights. */
  #expansionsOf(word: QueryWord): [string, number][] {
    const found: [string, number][] = [];
    // Porter stems some inflections apart from their word ("bluffing" → "bluf", "bluff" → "bluff").
    for (const variant of UNSTEMMED.has(word.lower) ? [] : inflectionVariants(word.lower)) {
      const term = stem(variant);
      if (this.#vocabulary.has(term) && !word.terms.includes(term)) found.push([term, INFLECTION_WEIGHT]);
    }
    const keys = new Set([word.lower, regularise(word.lower), word.lower.replace(/-/g, '')]);
    for (const key of keys) {
      for (const [related, weight] of Object.entries(this.#lexicon.expansions[key] ?? {})) {
        if (this.#vocabulary.has(related)) found.push([related, weight * this.#tunables.expansionScale]);
      }
    }
    return found;
  }

  /**
   * The terms of the corpus words a question word the corpus never uses is probably a misspelling
   * of ("stoltenbreg" → "stoltenberg", "frist" → "first").
   */
  #nearSpellings(word: QueryWord): string[] {
    return [...new Set(this.#meant(word).map(stem))].filter((term) => this.#vocabulary.has(term));
  }

  /** The words a question word the corpus never uses is probably a misspelling of (`spelling.ts`). */
  #meant(word: QueryWord): string[] {
    if (word.terms.some((term) => this.#vocabulary.has(term))) return [];
    return this.#spelling.correct(word.lower, word.capitalised);
  }

  /** Whether a misspelt word's correction is a word the corpus uses, itself or through a safe expansion. */
  #meantIsUsed(word: QueryWord, has: (term: string) => boolean): boolean {
    return this.#meant(word).some((meant) => {
      const corrected: QueryWord = { ...word, lower: meant, terms: [stem(meant)] };
      if (corrected.terms.some(has)) return true;
      return this.#expansionsOf(corrected).some(([term, weight]) => weight >= SAFE_EXPANSION && has(term));
    });
  }
}
