/**
 * Peer engines over the same paragraphs as storybot, each tuned as its documentation suggests,
 * behind one interface. They rank passages and never abstain: a peer "refuses" only when no
 * passage shares a term with the question.
 */
import { createRequire } from 'node:module';
import { create, insert, search as oramaSearch } from '@orama/orama';
import lunr from 'lunr';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { stemmer } from 'stemmer';
import type { Article } from '../src/types.ts';
import type { Hit, Outcome } from './quality/score.ts';

export type { Hit, Outcome } from './quality/score.ts';

/** A search engine under test. `search` may return a promise (Orama's API allows one). */
export interface Engine {
  /** Short name for tables. */
  name: string;
  /** Whether it can say "not covered" (storybot) or always returns its best matches (peers). */
  abstains: boolean;
  search(question: string, limit: number): Outcome | Promise<Outcome>;
}

/** A peer engine: built over the articles' paragraphs, then searched. */
export interface Peer extends Engine {
  build(articles: readonly Article[]): void | Promise<void>;
}

/** Every passage of the articles, numbered by position, so engines can use small integer ids. */
function passagesOf(articles: readonly Article[]): { hits: Hit[]; texts: string[] } {
  const hits: Hit[] = [];
  const texts: string[] = [];
  for (const article of articles) {
    for (const passage of article.passages) {
      hits.push({ article: article.id, paragraph: passage.paragraph, text: passage.text });
      texts.push(passage.text);
    }
  }
  return { hits, texts };
}

function outcome(hits: Hit[]): Outcome {
  return { answered: hits.length > 0, hits };
}

/** The English list of the `stopword` package (read through require: the package ships no types). */
function englishStopWords(): ReadonlySet<string> {
  const { eng } = createRequire(import.meta.url)('stopword') as { eng: string[] };
  return new Set(eng);
}

/** A MiniSearch peer with the given options, indexing passage text under integer ids. */
function miniSearchPeer(name: string, processTerm?: (term: string) => string | null, searchOptions: SearchOptions = {}): Peer {
  let index: MiniSearch<{ id: number; text: string }> | undefined;
  let hits: Hit[] = [];
  return {
    name,
    abstains: false,
    build(articles) {
      const passages = passagesOf(articles);
      hits = passages.hits;
      index = new MiniSearch({ fields: ['text'], storeFields: [], ...(processTerm ? { processTerm } : {}) });
      index.addAll(passages.texts.map((text, id) => ({ id, text })));
    },
    search(question, limit) {
      if (!index) throw new Error(`${name}: search before build`);
      const results = index.search(question, searchOptions);
      const top: Hit[] = [];
      for (const result of results.slice(0, limit)) {
        const hit = hits[result.id as number];
        if (hit) top.push(hit);
      }
      return outcome(top);
    },
  };
}

/** MiniSearch with its default options over `text`: what a developer gets out of the box. */
export function bareMiniSearch(): Peer {
  return miniSearchPeer('MiniSearch (bare)');
}

/**
 * MiniSearch with fuzzy matching (`fuzzy: 0.2`, an edit distance of a fifth of the term's length,
 * as its README suggests): the out-of-the-box answer to members' typos.
 */
export function fuzzyMiniSearch(): Peer {
  return miniSearchPeer('MiniSearch fuzzy', undefined, { fuzzy: 0.2 });
}

/**
 * MiniSearch with English stop words removed and Porter stemming, through `processTerm` as its
 * README shows: the obvious first tuning, and a fair baseline for storybot's engine.
 */
export function stemmedMiniSearch(): Peer {
  const stopWords = englishStopWords();
  const stems = new Map<string, string>();
  return miniSearchPeer('MiniSearch +stem+stop', (term) => {
    const lower = term.toLowerCase();
    if (stopWords.has(lower)) return null;
    let stem = stems.get(lower);
    if (stem === undefined) {
      stem = stemmer(lower);
      stems.set(lower, stem);
    }
    return stem;
  });
}

/**
 * lunr 2 with its default pipeline (trimmer, English stop words, Porter stemmer). Questions go
 * through `Index#query` with lunr's own tokenizer and trimmer instead of `Index#search`, so
 * the query syntax characters of a user's question (`:`, `^`, `~`, `+`, `-`, `*`) are plain text,
 * as lunr's guides recommend for untrusted input.
 */
export function lunrPeer(): Peer {
  let index: lunr.Index | undefined;
  let hits: Hit[] = [];
  return {
    name: 'lunr',
    abstains: false,
    build(articles) {
      const passages = passagesOf(articles);
      hits = passages.hits;
      index = lunr(function () {
        this.ref('id');
        this.field('text');
        passages.texts.forEach((text, id) => this.add({ id: String(id), text }));
      });
    },
    search(question, limit) {
      if (!index) throw new Error('lunr: search before build');
      const terms = lunr
        .tokenizer(question)
        .map((token) => lunr.trimmer(token))
        // lunr's token sets read `*` as a wildcard even inside a term.
        .map((token) => token.toString().replace(/\*/g, ''))
        .filter((term) => term !== '');
      if (terms.length === 0) return outcome([]);
      const results = index.query((query) => {
        query.term(terms, { presence: lunr.Query.presence.OPTIONAL });
      });
      const top: Hit[] = [];
      for (const result of results.slice(0, limit)) {
        const hit = hits[Number(result.ref)];
        if (hit) top.push(hit);
      }
      return outcome(top);
    },
  };
}

/**
 * Orama 3 (BM25) with its English stemmer and the `stopword` package's English stop words, as
 * Orama's tokenizer documentation describes; no typo tolerance (it is off by default).
 */
export function oramaPeer(): Peer {
  const stopWords = [...englishStopWords()];
  const db = create({
    schema: { text: 'string' } as const,
    components: { tokenizer: { stemming: true, stopWords } },
  });
  let hits: Hit[] = [];
  return {
    name: 'Orama',
    abstains: false,
    async build(articles) {
      const passages = passagesOf(articles);
      hits = passages.hits;
      for (const [id, text] of passages.texts.entries()) {
        const inserted = insert(db, { id: String(id), text });
        if (inserted instanceof Promise) await inserted;
      }
    },
    search(question, limit) {
      const toHits = (results: { hits: { id: string }[] }) =>
        outcome(results.hits.map((result) => hits[Number(result.id)]).filter((hit): hit is Hit => hit !== undefined));
      const results = oramaSearch(db, { term: question, properties: ['text'], limit });
      return results instanceof Promise ? results.then(toHits) : toHits(results);
    },
  };
}

/** The peers of the side-by-side tables, in table order. */
export function allPeers(): Peer[] {
  return [bareMiniSearch(), stemmedMiniSearch(), lunrPeer(), oramaPeer()];
}
