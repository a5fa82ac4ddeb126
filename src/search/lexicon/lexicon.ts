/**
 * What storybot takes from WordNet, worked out once and saved as snapshots under `.cache/`, so that
 * start-up reads a small file and answering never touches WordNet:
 * - per corpus (keyed by a hash of its words): the expansion table (question word → story
 *   terms); for each story word, broader words a question may use for it ("miscalculation"
 *   → "mistake"; "Putin" → "statesman") and every noun up its hypernym chain, for answer typing
 *   ("NATO" → "alliance", "organization"); and WordNet's multi-word nouns made of story words
 *   ("secretary general");
 * - once: the proper names WordNet knows ("Moscow", "Kazakhstan", "Messi" is not one), with
 *   their kind, so a question's names are recognised even when typed in lower case.
 */
import { createHash } from 'node:crypto';
import { aligned, readSnapshot, readSnapshotBytes, SnapshotReader, writeSnapshot, writeSnapshotBytes } from '../../cache/snapshot.ts';
import { finish, type Steps } from '../../cache/steps.ts';
import { buildExpansions, expandable, type ExpansionTable } from './expansions.ts';
import { LazyDictionary, type DictionaryWords } from './dictionary.ts';
import { WordNet, type WordNetPos } from './wordnet.ts';

/** What kind of thing a proper name names. */
export type NameKind = 'person' | 'place' | 'organisation' | 'date' | 'other';

/** Everything answering needs from WordNet for one corpus. */
export interface Lexicon {
  /** Question word → story terms it may stand for, with weights. */
  expansions: ExpansionTable;
  /** Story word (lower case) → broader words for it (hypernyms), as a question may put them. */
  broader: Record<string, string[]>;
  /** Story word (lower case) → the content words of its first sense's definition. */
  definitions: Record<string, string[]>;
  /**
   * Story word (lower case) → every noun it is a kind or an instance of, up WordNet's hypernym
   * chain of its most frequent noun sense ("Paris" → "national capital", "city", ... "location").
   * Lemmas are lower case with spaces between words. For "Which city…": the answer names a city.
   */
  ancestors: Record<string, string[]>;
  /**
   * WordNet's multi-word nouns whose every word the story uses ("secretary general", "news
   * agency"), lower case, spaces between words: a question phrase that is one of them names one thing.
   */
  compounds: string[];
  /** Proper names WordNet knows (lower case, words joined by spaces) → their kind. */
  names: Record<string, NameKind>;
  /** English dictionary words (WordNet's lemmas and their inflections), read on first use: for spelling correction. */
  dictionary: DictionaryWords;
}

/** Bump when the way a table is built changes, so stale caches are rebuilt. */
const LEXICON_VERSION = 7;
const NAMES_VERSION = 2;

/** WordNet's lexicographer files that hold proper names worth knowing, and their kind. */
const NAME_FILES: Record<number, NameKind> = {
  18: 'person', 15: 'place', 17: 'place', 14: 'organisation', 28: 'date',
  4: 'other', 6: 'other', 9: 'other', 10: 'other', 11: 'other',
};

let wordnetInstance: WordNet | undefined;

/** One WordNet per process: loading it takes about half a second, so build-heavy runs (tests) share it. */
function sharedWordNet(): WordNet {
  wordnetInstance ??= new WordNet();
  return wordnetInstance;
}

/** Stable hash of a vocabulary, so a cache is reused only for the same words. */
export function vocabularyHash(words: Iterable<string>): string {
  return createHash('sha256').update([...words].sort().join('\n')).digest('hex').slice(0, 16);
}

/**
 * Every proper noun WordNet knows, with its kind: a lemma whose most frequent noun sense WordNet
 * spells with a capital ("Moscow", "Kazakhstan"), and which is no common word in another part of
 * speech. "Army" is also the United States Army, but its first sense is a common noun: not a name.
 */
export function buildNames(wordnet: WordNet): Record<string, NameKind> {
  const names: Record<string, NameKind> = {};
  for (const synset of wordnet.nounSynsets()) {
    const kind = NAME_FILES[synset.lexFile];
    if (!kind) continue;
    for (const spelling of synset.spellings) {
      if (!/^\p{Lu}/u.test(spelling)) continue;
      const lemma = spelling.toLowerCase();
      const senses = wordnet.senses(lemma);
      if (senses.some((entry) => entry.pos !== 'noun')) continue;
      if (senses.find((entry) => entry.pos === 'noun')?.offsets[0] !== synset.offset) continue;
      names[lemma.replace(/_/g, ' ')] = kind;
    }
  }
  return names;
}

/**
 * Broader words for each story word, for when a question puts it more generally: the hypernyms
 * of its most frequent noun and verb senses ("miscalculation" is a "mistake"; "annex" is a way
 * to "seize", to "take"), and what a proper name is an instance of ("Putin" is a "statesman").
 * Multi-word lemmas are kept as separate words.
 */
export function buildBroader(
  vocabulary: Iterable<string>,
  wordnet: WordNet,
  senses = 2,
  levels: Record<'noun' | 'verb', number> = { noun: 1, verb: 2 },
): Record<string, string[]> {
  const broader: Record<string, string[]> = {};
  for (const word of new Set(vocabulary)) {
    if (!expandable(word)) continue;
    const related = new Set<string>();
    for (const pos of ['noun', 'verb'] as const satisfies readonly WordNetPos[]) {
      for (const base of wordnet.baseForms(word, pos)) {
        const offsets = wordnet.senses(base).find((entry) => entry.pos === pos)?.offsets ?? [];
        for (const offset of offsets.slice(0, senses)) {
          let level = [wordnet.synset(pos, offset)];
          for (let depth = 1; depth <= levels[pos]; depth += 1) {
            level = level.flatMap((synset) =>
              synset.pointers.filter((pointer) => pointer.symbol === '@' || pointer.symbol === '@i').map((pointer) => wordnet.synset(pointer.pos, pointer.offset)));
            for (const synset of level) {
              for (const lemma of synset.words) {
                for (const part of lemma.split('_')) if (part !== word && expandable(part)) related.add(part);
              }
            }
          }
        }
      }
    }
    if (related.size > 0) broader[word] = [...related];
  }
  return broader;
}

/**
 * The content words of each story word's first-sense definition, per part of speech ("annex":
 * "take (territory) as if by conquest"): a question may describe what the story names.
 */
export function buildDefinitions(vocabulary: Iterable<string>, wordnet: WordNet): Record<string, string[]> {
  const definitions: Record<string, string[]> = {};
  for (const word of new Set(vocabulary)) {
    if (!expandable(word)) continue;
    const related = new Set<string>();
    for (const pos of ['noun', 'verb'] as const satisfies readonly WordNetPos[]) {
      for (const base of wordnet.baseForms(word, pos)) {
        const first = wordnet.senses(base).find((entry) => entry.pos === pos)?.offsets[0];
        if (first === undefined) continue;
        const definition = wordnet.synset(pos, first).gloss.split(';')[0] ?? '';
        for (const part of definition.toLowerCase().match(/[a-z]+/g) ?? []) if (part !== word && expandable(part)) related.add(part);
      }
    }
    if (related.size > 0) definitions[word] = [...related];
  }
  return definitions;
}

/** Ancestors this general say nothing about what kind of thing a word is ("entity", "object"). */
const TOO_GENERAL = new Set(['entity', 'physical entity', 'abstraction', 'abstract entity', 'object', 'physical object', 'whole', 'unit', 'thing', 'matter', 'relation', 'attribute', 'group', 'grouping', 'measure', 'quantity', 'amount', 'causal agent', 'cause', 'causal agency', 'psychological feature']);

/**
 * What each story word is a kind or instance of: the lemmas of every hypernym (`@`) and instance
 * hypernym (`@i`) up the chain from its most frequent noun sense, for answer typing ("Which
 * country…" prefers a passage naming something that is a country). Common words take their first
 * sense only, so "bank" is a financial institution and not a slope.
 */
export function buildAncestors(vocabulary: Iterable<string>, wordnet: WordNet): Record<string, string[]> {
  const ancestors: Record<string, string[]> = {};
  for (const word of new Set(vocabulary)) {
    if (!expandable(word)) continue;
    const base = wordnet.baseForms(word, 'noun')[0];
    const first = base === undefined ? undefined : wordnet.senses(base).find((entry) => entry.pos === 'noun')?.offsets[0];
    if (first === undefined) continue;
    const found = new Set<string>();
    const seen = new Set<number>([first]);
    let level = [wordnet.synset('noun', first)];
    while (level.length > 0) {
      const next: typeof level = [];
      for (const synset of level) {
        for (const pointer of synset.pointers) {
          if ((pointer.symbol !== '@' && pointer.symbol !== '@i') || pointer.pos !== 'noun' || seen.has(pointer.offset)) continue;
          seen.add(pointer.offset);
          const parent = wordnet.synset('noun', pointer.offset);
          next.push(parent);
          for (const lemma of parent.words) {
            const spaced = lemma.replace(/_/g, ' ');
            if (!TOO_GENERAL.has(spaced)) found.add(spaced);
          }
        }
      }
      level = next;
    }
    if (found.size > 0) ancestors[word] = [...found];
  }
  return ancestors;
}

/** WordNet's multi-word nouns made only of words the story uses ("secretary general"). */
export function buildCompounds(vocabulary: ReadonlySet<string>, wordnet: WordNet): string[] {
  const compounds = new Set<string>();
  for (const synset of wordnet.nounSynsets()) {
    for (const lemma of synset.words) {
      if (!lemma.includes('_')) continue;
      const parts = lemma.split('_');
      if (parts.length <= 3 && parts.every((part) => vocabulary.has(part))) compounds.add(parts.join(' '));
    }
  }
  return [...compounds].sort();
}

/** The tables of one corpus: everything in a Lexicon but the names, which WordNet alone decides. */
type CorpusTables = Omit<Lexicon, 'names' | 'dictionary'>;

/** The tables that map a word to a list of words, in the order a lexicon snapshot holds them. */
const WORD_LISTS = ['broader', 'definitions', 'ancestors'] as const;

/**
 * The corpus tables as the parts of a binary snapshot, or undefined when a word cannot be held
 * (one with a line break). The same words recur across the tables (a story word is a key of
 * several, and "organization" is an ancestor of thousands of words): each is stored once, in one
 * UTF-8 segment of lines, and the tables are 32-bit indices into it.
 *
 * Layout, each part padded to 8 bytes: the counts (string bytes, strings, then keys and values
 * of broader, definitions, ancestors and expansions, then compounds); the strings; for each of
 * the four tables its keys, the running count of values after each key, and the values; the
 * expansions' weights; the compounds.
 */
function packCorpusTables(tables: CorpusTables): ArrayBufferView[] | undefined {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (text: string) => {
    let found = ids.get(text);
    if (found === undefined) {
      found = strings.push(text) - 1;
      ids.set(text, found);
    }
    return found;
  };
  const counts: number[] = [];
  const parts: ArrayBufferView[] = [];
  const addTable = (entries: readonly (readonly [string, readonly string[]])[]) => {
    const values: number[] = [];
    const ends = entries.map(([, list]) => {
      for (const value of list) values.push(id(value));
      return values.length;
    });
    counts.push(entries.length, values.length);
    parts.push(Uint32Array.from(entries, ([key]) => id(key)), Uint32Array.from(ends), Uint32Array.from(values));
  };
  for (const table of WORD_LISTS) addTable(Object.entries(tables[table]));
  const expansions = Object.entries(tables.expansions).map(([word, terms]) => [word, Object.entries(terms)] as const);
  addTable(expansions.map(([word, terms]) => [word, terms.map(([term]) => term)]));
  parts.push(Float64Array.from(expansions.flatMap(([, terms]) => terms.map(([, weight]) => weight))));
  counts.push(tables.compounds.length);
  parts.push(Uint32Array.from(tables.compounds, id));
  if (strings.some((text) => text.includes('\n'))) return undefined;
  const text = Buffer.from(strings.join('\n'));
  return [Uint32Array.from([text.length, strings.length, ...counts]), text, ...parts].flatMap(aligned);
}

/**
 * A read-only record over one table of a snapshot: it has the keys and answers reads as the
 * plain object did, but makes a key's value on its first read. Answering reads a few entries per
 * question, and a loaded index none at start, while making all of them is most of a lexicon's
 * load time: at 10,000 articles 157,000 expansion records, each an object of its own shape,
 * took 0.5 s to make. Writes throw (a TypeError in strict code): the lexicon is shared data.
 */
function lazyRecord<T>({ keys, indexOf }: KeyIndex, make: (index: number) => T): Record<string, T> {
  const made = new Map<number, T>();
  const value = (index: number) => {
    let found = made.get(index);
    if (found === undefined) {
      found = make(index);
      made.set(index, found);
    }
    return found;
  };
  const own = (key: string | symbol) => (typeof key === 'string' ? indexOf.get(key) : undefined);
  return new Proxy({} as Record<string, T>, {
    // Other reads ("constructor", symbols) reach the plain object underneath, as on any record.
    get: (target, key, receiver) => {
      const index = own(key);
      return index === undefined ? Reflect.get(target, key, receiver) : value(index);
    },
    has: (target, key) => own(key) !== undefined || Reflect.has(target, key),
    ownKeys: () => [...keys],
    getOwnPropertyDescriptor: (_, key) => {
      const index = own(key);
      return index === undefined ? undefined : { value: value(index), writable: false, enumerable: true, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** A table's keys, and each key's place among them. */
interface KeyIndex {
  keys: readonly string[];
  indexOf: ReadonlyMap<string, number>;
}

/** Keys indexed between pauses: a table holds up to hundreds of thousands of them. */
const KEYS_PER_STEP = 8_192;

/** The keys named by `keyIds` (places in `strings`) with their index, made a few thousand at a time. */
function* indexKeys(keyIds: Uint32Array, strings: readonly string[]): Steps<KeyIndex> {
  const keys: string[] = [];
  const indexOf = new Map<string, number>();
  for (let index = 0; index < keyIds.length; index += 1) {
    const key = strings[keyIds[index] ?? 0] ?? '';
    keys.push(key);
    indexOf.set(key, index);
    if (index % KEYS_PER_STEP === KEYS_PER_STEP - 1) yield;
  }
  return { keys, indexOf };
}

/** Whether every number of `indices` is below `length`. */
function allBelow(indices: Uint32Array, length: number): boolean {
  for (const index of indices) if (index >= length) return false;
  return true;
}

/** One table of a lexicon snapshot: its keys, and each key's values as a span of `values`. */
interface TableSpans {
  keys: KeyIndex;
  /** Where each key's values start in `values`; the last entry is where they all end. */
  starts: Uint32Array;
  values: Uint32Array;
}

/**
 * The corpus tables from a snapshot body, or undefined when it does not hold together. Their
 * values are made on first read (`lazyRecord`), so opening them costs little more than reading
 * the file.
 */
function* unpackCorpusTables(body: Buffer): Steps<CorpusTables | undefined> {
  const reader = new SnapshotReader(body);
  const counts = reader.uint32(2 + WORD_LISTS.length * 2 + 3);
  if (!counts) return undefined;
  const [textBytes = 0, stringCount = 0] = counts;
  const strings = reader.bytes(textBytes)?.toString('utf8').split('\n');
  // An own property "__proto__" cannot be made by assignment, as JSON.parse made it: such tables are rebuilt.
  if (strings?.length !== stringCount || strings.includes('__proto__')) return undefined;
  function* readTable(slot: number): Steps<TableSpans | undefined> {
    const keyIds = reader.uint32(counts?.[slot] ?? 0);
    const ends = reader.uint32(counts?.[slot] ?? 0);
    const values = reader.uint32(counts?.[slot + 1] ?? 0);
    if (!strings || !keyIds || !ends || !values || !allBelow(keyIds, stringCount) || !allBelow(values, stringCount)) return undefined;
    const starts = new Uint32Array(ends.length + 1);
    starts.set(ends, 1);
    for (let index = 0; index < ends.length; index += 1) if ((starts[index + 1] ?? 0) < (starts[index] ?? 0)) return undefined;
    if (starts[ends.length] !== values.length) return undefined;
    yield;
    return { keys: yield* indexKeys(keyIds, strings), starts, values };
  }
  const wordTables: (TableSpans | undefined)[] = [];
  for (const [index] of WORD_LISTS.entries()) {
    yield;
    wordTables.push(yield* readTable(2 + index * 2));
  }
  const [broader, definitions, ancestors] = wordTables;
  yield;
  const expansionTerms = yield* readTable(2 + WORD_LISTS.length * 2);
  const weights = reader.float64(expansionTerms?.values.length ?? 0);
  const compounds = reader.uint32(counts[2 + WORD_LISTS.length * 2 + 2] ?? 0);
  if (!broader || !definitions || !ancestors || !expansionTerms || !weights || !compounds || !allBelow(compounds, stringCount) || !reader.done) return undefined;
  const wordList = ({ keys, starts, values }: TableSpans) =>
    lazyRecord(keys, (index) => Array.from(values.subarray(starts[index], starts[index + 1]), (id) => strings[id] ?? ''));
  const expansions = lazyRecord(expansionTerms.keys, (index) => {
    const terms: Record<string, number> = {};
    for (let at = expansionTerms.starts[index] ?? 0; at < (expansionTerms.starts[index + 1] ?? 0); at += 1) {
      terms[strings[expansionTerms.values[at] ?? 0] ?? ''] = weights[at] ?? 0;
    }
    return terms;
  });
  return {
    expansions,
    broader: wordList(broader),
    definitions: wordList(definitions),
    ancestors: wordList(ancestors),
    compounds: Array.from(compounds, (id) => strings[id] ?? ''),
  };
}

function isNameTable(data: unknown): data is Lexicon['names'] {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

/**
 * The lexicon for a corpus vocabulary (lower-case words as written in the story), read from
 * `cacheDir` when a snapshot (`src/cache/snapshot.ts`) holds it for exactly these words, else built
 * from WordNet (about a second) and saved. `cacheDir: null` never touches the disk. A caller that
 * has a content key for the corpus passes it as `key` and the vocabulary as a function: a
 * snapshot is then found without listing the corpus's words. Tables read from a snapshot are
 * read-only and make each entry on its first read (`lazyRecord`).
 */
export function loadLexicon(vocabulary: ReadonlySet<string> | (() => ReadonlySet<string>), cacheDir: string | null, key?: string): Lexicon {
  return finish(loadLexiconSteps(vocabulary, cacheDir, key));
}

/** `loadLexicon` in steps (src/cache/steps.ts): reading a snapshot back may pause between its tables. */
export function* loadLexiconSteps(vocabulary: ReadonlySet<string> | (() => ReadonlySet<string>), cacheDir: string | null, key?: string): Steps<Lexicon> {
  let words = typeof vocabulary === 'function' ? undefined : vocabulary;
  const wordsOnce = () => (words ??= (vocabulary as () => ReadonlySet<string>)());
  const corpusKey = key ?? createHash('sha256').update(`lexicon v${LEXICON_VERSION}\n${vocabularyHash(wordsOnce())}`).digest('hex');
  const namesKey = `v${NAMES_VERSION}`;
  const saved = readSnapshotBytes(cacheDir, 'lexicon', corpusKey);
  yield;
  let corpus = saved && (yield* unpackCorpusTables(saved));
  yield;
  let names = readSnapshot(cacheDir, 'wordnet-names', namesKey, isNameTable);
  const dictionary = new LazyDictionary(cacheDir);
  if (corpus && names) return { ...corpus, names, dictionary };
  const wordnet = sharedWordNet();
  if (!corpus) {
    const all = wordsOnce();
    corpus = {
      expansions: buildExpansions(all, wordnet),
      broader: buildBroader(all, wordnet),
      definitions: buildDefinitions(all, wordnet),
      ancestors: buildAncestors(all, wordnet),
      compounds: buildCompounds(all, wordnet),
    };
    const parts = packCorpusTables(corpus);
    if (parts) writeSnapshotBytes(cacheDir, 'lexicon', corpusKey, parts);
  }
  if (!names) {
    names = buildNames(wordnet);
    writeSnapshot(cacheDir, 'wordnet-names', namesKey, names);
  }
  return { ...corpus, names, dictionary };
}
