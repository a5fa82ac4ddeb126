/**
 * What storybot takes from WordNet, worked out once and cached as JSON under `.cache/`, so that
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
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExpansions, expandable, type ExpansionTable } from './expansions.ts';
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

/** Reads a JSON cache file written by `writeCache`, or undefined when it is missing or stale. */
function readCache<T>(file: string | null, version: number, key: string): T | undefined {
  if (file === null) return undefined;
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { version: number; key: string; data: T };
    return cached.version === version && cached.key === key ? cached.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a cache file atomically (write, then rename), so a concurrent reader never sees half of it. */
function writeCache(file: string | null, version: number, key: string, data: unknown): void {
  if (file === null) return;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version, key, data }));
    renameSync(temporary, file);
  } catch {
    // A read-only checkout still answers; it only rebuilds the tables on each start.
  }
}

/** Corpus lexicons kept in the cache folder: the most recently written ones. */
const KEPT_LEXICONS = 8;

/** Removes all but the most recent corpus lexicons, so switching corpora does not fill the disk. */
function pruneCache(cacheDir: string): void {
  try {
    const files = readdirSync(cacheDir)
      .filter((name) => /^lexicon-v\d+-[0-9a-f]+\.json$/.test(name))
      .map((name) => ({ name, time: statSync(join(cacheDir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of files.slice(KEPT_LEXICONS)) rmSync(join(cacheDir, name), { force: true });
  } catch {
    // Pruning is housekeeping: never a reason to fail.
  }
}

/**
 * The lexicon for a corpus vocabulary (lower-case words as written in the story), read from
 * `cacheDir` when cached for exactly these words, else built from WordNet (about a second) and
 * cached. `cacheDir: null` never touches the disk.
 */
export function loadLexicon(vocabulary: ReadonlySet<string>, cacheDir: string | null): Lexicon {
  const hash = vocabularyHash(vocabulary);
  const corpusFile = cacheDir === null ? null : join(cacheDir, `lexicon-v${LEXICON_VERSION}-${hash}.json`);
  const namesFile = cacheDir === null ? null : join(cacheDir, `wordnet-names-v${NAMES_VERSION}.json`);
  let corpus = readCache<Omit<Lexicon, 'names'>>(corpusFile, LEXICON_VERSION, hash);
  let names = readCache<Lexicon['names']>(namesFile, NAMES_VERSION, 'names');
  if (corpus && names) return { ...corpus, names };
  const wordnet = sharedWordNet();
  if (!corpus) {
    corpus = {
      expansions: buildExpansions(vocabulary, wordnet),
      broader: buildBroader(vocabulary, wordnet),
      definitions: buildDefinitions(vocabulary, wordnet),
      ancestors: buildAncestors(vocabulary, wordnet),
      compounds: buildCompounds(vocabulary, wordnet),
    };
    writeCache(corpusFile, LEXICON_VERSION, hash, corpus);
    if (cacheDir !== null) pruneCache(cacheDir);
  }
  if (!names) {
    names = buildNames(wordnet);
    writeCache(namesFile, NAMES_VERSION, 'names', names);
  }
  return { ...corpus, names };
}
