/**
 * compromise's lexicon, read for names: the tags of a word or phrase ("Person", "Place",
 * "Demonym"), a parse for the rare sentence-initial word the article names nobody so.
 */
import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import { foldQuotes } from '../../text/fold.ts';

/** compromise's lexicon and tag tree, read directly: a lookup per word instead of a parse per name. */
interface CompromiseModel {
  one: { lexicon: Record<string, string | string[] | undefined>; tagSet: Record<string, { parents?: string[] } | undefined> };
  two: { orgWords: Record<string, boolean | undefined>; placeWords: Record<string, boolean | undefined> };
}
let compromise: typeof nlpType | undefined;
let compromiseModel: CompromiseModel | undefined;

/**
 * compromise, loaded on first use: a story whose statements come from a snapshot never loads it.
 * Its CommonJS build loads in about a third of the time of its ES build (280 ms against 840 ms).
 */
export function nlp(text: string): ReturnType<typeof nlpType> {
  compromise ??= createRequire(import.meta.url)('compromise') as typeof nlpType;
  return compromise(text);
}

export function model(): CompromiseModel {
  if (!compromiseModel) {
    nlp('');
    compromiseModel = compromise?.model() as CompromiseModel;
  }
  return compromiseModel;
}
const tagCache = new Map<string, ReadonlySet<string>>();

/** The lexicon's tags for a word or phrase (lowercase), with their parent tags ("MaleName" is a "Person"). */
export function lexiconTags(phrase: string): ReadonlySet<string> {
  let tags = tagCache.get(phrase);
  if (!tags) {
    const { lexicon, tagSet } = model().one;
    const entry = Object.hasOwn(lexicon, phrase) ? lexicon[phrase] : undefined;
    const direct = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
    tags = new Set(direct.flatMap((tag) => [tag, ...(tagSet[tag]?.parents ?? [])]));
    tagCache.set(phrase, tags);
  }
  return tags;
}

/**
 * True for a capitalised word that is an ordinary noun when lowercased ("Officials", "Protesters").
 * Only asked of a sentence's first word when the article names nobody so: compromise parses it.
 */
export function isCommonNoun(word: string): boolean {
  const lower = word.toLowerCase();
  if (lexiconTags(lower).size > 0) return !lexiconTags(lower).has('ProperNoun');
  return nlp(lower).has('#Plural');
}

export function isDemonym(word: string): boolean {
  return lexiconTags(foldQuotes(word).toLowerCase()).has('Demonym');
}
