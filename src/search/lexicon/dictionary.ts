/**
 * The English dictionary words: every one-word lemma WordNet knows, with its regular and
 * irregular inflections. Spelling correction reads it twice: a corpus word is a target of
 * correction only when it is a dictionary word (or a name the story capitalises), so the story's
 * own typos ("wat" for "war") are never offered; and a question word that is a dictionary word
 * is no typo, only perhaps a slip of two letters. The word list is saved once as a snapshot
 * (`src/cache/snapshot.ts`, 78,000 words), and read on the first question that needs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSnapshot, writeSnapshot } from '../../cache/snapshot.ts';
import { regularise } from '../../text/stem.ts';
import { detachedForms, WORDNET_POS, wordNetDictDir } from './wordnet.ts';

/** Bump when the way the list is built changes. */
const DICTIONARY_VERSION = 1;

/** Whether a lower-case word is an English dictionary word. */
export interface DictionaryWords {
  has(lower: string): boolean;
}

/** Every one-word lemma of WordNet's index files (lower-case letters only), sorted. */
export function buildDictionaryWords(dictDir: string = wordNetDictDir()): string[] {
  const words = new Set<string>();
  for (const pos of WORDNET_POS) {
    for (const line of readFileSync(join(dictDir, `index.${pos}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const lemma = line.slice(0, line.indexOf(' '));
      if (/^[a-z]+$/.test(lemma)) words.add(lemma);
    }
  }
  return [...words].sort();
}

/** The dictionary over a list of lemmas: a word is in it as itself, or as an inflection of one. */
export function dictionaryOf(lemmas: Iterable<string>): DictionaryWords {
  const known = new Set(lemmas);
  return {
    has(lower) {
      if (known.has(lower) || known.has(regularise(lower))) return true;
      return detachedForms(lower).some((form) => known.has(form));
    },
  };
}

const isWordList = (data: unknown): data is string[] => Array.isArray(data) && data.every((item) => typeof item === 'string');

const loaded = new Map<string | null, DictionaryWords>();

/** The dictionary, from the snapshot in `cacheDir` (built from WordNet and saved when missing); one per folder per process. */
export function loadDictionary(cacheDir: string | null): DictionaryWords {
  let dictionary = loaded.get(cacheDir);
  if (!dictionary) {
    const key = `v${DICTIONARY_VERSION}`;
    let lemmas = readSnapshot(cacheDir, 'dictionary', key, isWordList);
    if (!lemmas) {
      lemmas = buildDictionaryWords();
      writeSnapshot(cacheDir, 'dictionary', key, lemmas);
    }
    dictionary = dictionaryOf(lemmas);
    loaded.set(cacheDir, dictionary);
  }
  return dictionary;
}

/**
 * A dictionary read on first use: most questions use only words the story has, and never need
 * it. (A class with a private field: lexicons compare equal whichever folder they read it from.)
 */
export class LazyDictionary implements DictionaryWords {
  readonly #cacheDir: string | null;
  #dictionary: DictionaryWords | undefined;

  constructor(cacheDir: string | null) {
    this.#cacheDir = cacheDir;
  }

  has(lower: string): boolean {
    this.#dictionary ??= loadDictionary(this.#cacheDir);
    return this.#dictionary.has(lower);
  }
}
