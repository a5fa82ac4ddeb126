/**
 * Words that carry no content. The lists are data (JSON beside this file) so that a reader
 * changes a word without touching code.
 */
import stopWords from './stop-words.json' with { type: 'json' };
import questionWords from './question-words.json' with { type: 'json' };
import functionWords from './function-words.json' with { type: 'json' };
import proseWords from './english-function-words.json' with { type: 'json' };

/**
 * Words that carry no content in a question or a news story: the English list of the `stopword`
 * package (copied: it ships no types) less "take", a verb with content ("take territory" is to
 * "annex" it), plus auxiliaries and modals the list leaves out, and contractions. Words that carry
 * what members ask about are left out of it too: comparisons ("more", "most", "only", "same"),
 * particles that make the verb ("out", "up", "over", "under": "phased out", "call up"), "never" and
 * "will". As search words their idf weighs them low; as stop words they could not match at all
 * (on the casual set hit@1 went from 0.500 to 0.567, pages from 0.440 to 0.480, SQuAD unchanged).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(stopWords);

/**
 * Words of a question that ask rather than say: they never count as content, although a story
 * may use some of them ("said", "according to").
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(questionWords);

/**
 * English function words, a wider list than `STOP_WORDS` (it has "one", "says", "following"):
 * capitalised at the start of a sentence they are not names ("The", "More"), and they are left
 * out of the content words that compare sentences and statements.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(functionWords);

/**
 * The function words of running English prose, the widest list ("else", "whether", "anyway"):
 * the paste classifier's stop-word density counts them, and spelling correction takes them for
 * words, which WordNet, listing only nouns, verbs, adjectives and adverbs of content, does not.
 */
export const PROSE_FUNCTION_WORDS: ReadonlySet<string> = new Set(proseWords.words);

/** True for a word that carries no content in a question. */
export function isStopWord(lower: string): boolean {
  return STOP_WORDS.has(lower);
}
