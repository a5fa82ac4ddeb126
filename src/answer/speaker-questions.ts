/**
 * Questions about what someone said ("What did Putin say?", "What did Stoltenberg tell Reuters
 * about Putin?") want that person's own words first, not passages that merely name them. Speaker
 * attribution knows who said what; these functions let the ranking use it.
 */
import type { Quote } from '../types.ts';

/** Verbs with which a question asks for someone's words rather than about them. */
const SPEECH_QUESTION =
  /\b(?:say|says|said|saying|tell|tells|told|announce[sd]?|claim(?:s|ed)?|warn(?:s|ed)?|think|thinks|thought|believes?|argue[sd]?|states?|stated|comment(?:s|ed)?|quoted?|respond(?:s|ed)?|response|react(?:s|ed)?|reaction|reply|replied|threaten(?:s|ed)?|promise[sd]?|admit(?:s|ted)?|accuse[sd]?|call(?:s|ed)? for)\b/i;
/** Questions for the content of words ask "what" (or "how", of a reaction); "when did X warn" asks a date. */
const WORDS_WANTED = /\b(?:what|how)\b/i;
/** Longest speaker name looked up, in words. */
const MAX_NAME_WORDS = 4;
/**
 * A speaker's own words go first only when they bear on the question nearly as well as the best
 * passage: at least this share of its score. A tie-breaker, not an override: "What did X say
 * about Y?" still wants Y, and another person of the same name must not win on the name alone.
 */
export const SPEAKER_SCORE_SHARE = 0.85;

/** True when a question asks what someone said ("what" and a speech verb), whoever it names. */
export function asksForWords(question: string): boolean {
  return WORDS_WANTED.test(question) && SPEECH_QUESTION.test(question);
}

function nameWords(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/**
 * A function giving the speaker whose words a question asks for: a person the story quotes,
 * named in a question that asks what someone said; when several are named, the first ("What did
 * Stoltenberg say about Putin?" asks Stoltenberg's words). Built once: a lookup per question word,
 * however many speakers the corpus has.
 */
export function speakerMatcher(speakers: readonly string[]): (question: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const speaker of speakers) {
    const key = nameWords(speaker).join(' ');
    if (key !== '' && !byName.has(key)) byName.set(key, speaker);
  }
  return (question) => {
    if (!asksForWords(question)) return undefined;
    const words = nameWords(question);
    for (let first = 0; first < words.length; first++) {
      for (let size = Math.min(MAX_NAME_WORDS, words.length - first); size > 0; size--) {
        const speaker = byName.get(words.slice(first, first + size).join(' '));
        if (speaker) return speaker;
      }
    }
    return undefined;
  };
}

/** The speaker a question asks the words of (see `speakerMatcher`), for one-off calls. */
export function speakerAskedAbout(question: string, speakers: readonly string[]): string | undefined {
  return speakerMatcher(speakers)(question);
}

/**
 * The quotes with `speaker`'s own words first, among those scoring at least
 * `SPEAKER_SCORE_SHARE` of the best; each group keeps its ranked order.
 */
export function preferSpeaker(quotes: readonly Quote[], speaker: string): Quote[] {
  const best = Math.max(...quotes.map((quote) => quote.score));
  const preferred = (quote: Quote) => quote.speaker === speaker && quote.score >= best * SPEAKER_SCORE_SHARE;
  return [...quotes.filter(preferred), ...quotes.filter((quote) => !preferred(quote))];
}
