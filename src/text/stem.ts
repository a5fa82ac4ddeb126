/**
 * Stems and index terms: each word stemmed (Porter) unless it is a stop word, irregular
 * inflections joined to their base first ("gave" → "give").
 */
import { stemmer } from 'stemmer';
import irregularForms from './irregular-forms.json' with { type: 'json' };
import unstemmed from './unstemmed.json' with { type: 'json' };
import { isStopWord } from './stop-words.ts';
import { splitWords, type Word } from './words.ts';

const stemCache = new Map<string, string>();
/** Distinct words whose stems are remembered (a large corpus has a few hundred thousand). */
const STEM_CACHE_SIZE = 500_000;

/** Words whose Porter stem is another word ("news" → "new"); "species" → "speci" is fine. */
export const UNSTEMMED: ReadonlySet<string> = new Set(unstemmed);

/**
 * Irregular inflections the Porter stemmer cannot join to their base ("gave", "given" → "give";
 * "children" → "child"). Forms that are just as often another word ("left", "found", "saw",
 * "felt", "lay", "people") are left out of the list.
 */
const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map(Object.entries(irregularForms));

/** The base of an irregular inflection ("given" → "give"), else the word itself. */
export function regularise(lower: string): string {
  return IRREGULAR_FORMS.get(lower) ?? lower;
}

/** The Porter stem of a lower-case word; numbers and short words stay as they are. */
export function stem(lower: string): string {
  let stemmed = stemCache.get(lower);
  if (stemmed === undefined) {
    if (lower.length <= 2 || /\p{N}/u.test(lower)) stemmed = lower;
    else stemmed = UNSTEMMED.has(lower) ? lower : stemmer(regularise(lower).replace(/'/g, ''));
    if (stemCache.size < STEM_CACHE_SIZE) stemCache.set(lower, stemmed);
  }
  return stemmed;
}

/**
 * The index terms of one word: its stem, and for a hyphenated word the stem of the joined form
 * plus the stems of its parts. Stop words give none.
 */
export function wordTerms(word: Word): string[] {
  if (word.parts.length > 1) {
    const terms = [stem(word.parts.join(''))];
    for (const part of word.parts) if (!isStopWord(part)) terms.push(stem(part));
    return [...new Set(terms)];
  }
  if (!word.acronym && isStopWord(word.lower)) return [];
  return [stem(word.lower)];
}

/** Every index term of a text, in order (hyphenated words give several). */
export function textTerms(text: string): string[] {
  return splitWords(text).flatMap(wordTerms);
}
