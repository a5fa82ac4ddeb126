/**
 * Near spellings: the index terms one or two edits away from a word the corpus never uses
 * ("telenet" for "telnet"). MiniSearch's fuzzy search finds them by walking its inverted index, a
 * radix tree; once that index is frozen into `CompactPostings` there is no tree left, so the same
 * walk runs over a `SearchableMap` (MiniSearch's radix tree, on its own) of the terms, built on
 * the first question that needs it: most questions use words the corpus has, and a start-up
 * should not pay for a tree it may never walk.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { CompactPostings } from './compact-postings.ts';

/** Finds the index terms of some fields within an edit distance of a word. */
export class NearSpellings {
  readonly #postings: CompactPostings;
  readonly #fields: readonly string[];
  /** Every term used in one of `#fields`, keyed by itself; built on first use. */
  #tree: SearchableMap<true> | undefined;

  /**
   * Over the terms `postings` holds in `fields`: the fields a search reads, as MiniSearch's fuzzy
   * search only reports terms found in the fields it searches.
   */
  constructor(postings: CompactPostings, fields: readonly string[]) {
    this.#postings = postings;
    this.#fields = fields;
  }

  /**
   * Index terms 1 to `distance` edits (Levenshtein) away from `term`: the terms MiniSearch's
   * `search(term, { fuzzy: distance })` reports matching, less `term` itself.
   */
  find(term: string, distance: number): string[] {
    const found: string[] = [];
    for (const [near, [, edits]] of this.#treeOnce().fuzzyGet(term, distance)) if (edits > 0) found.push(near);
    return found;
  }

  #treeOnce(): SearchableMap<true> {
    if (this.#tree) return this.#tree;
    const tree = new SearchableMap<true>();
    const offsets: Uint32Array[] = [];
    for (const name of this.#fields) {
      const columns = this.#postings.field(name);
      if (columns) offsets.push(columns.offsets);
    }
    this.#postings.terms.forEach((term, t) => {
      if (offsets.some((starts) => (starts[t + 1] ?? 0) > (starts[t] ?? 0))) tree.set(term, true);
    });
    this.#tree = tree;
    return tree;
  }
}
