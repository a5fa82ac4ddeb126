/**
 * Questions about what someone said ("What did Putin say?", "What did Stoltenberg tell Reuters
 * about Putin?") want that person's own words first, not passages that merely name them. Speaker
 * attribution knows who said what; these functions let the ranking use it.
 */
import type { Quote } from '../types.ts';

/** Verbs with which a question asks for someone's words rather than about them. */
const SPEECH_QUESTION =
  /\b(?:say|says|said|saying|tell|tells|told|announce[sd]?|claim(?:s|ed)?|warn(?:s|ed)?|think|thinks|thought|believes?|argue[sd]?|states?|stated|comment(?:s|ed)?|quoted?|respond(?:s|ed)?|reply|replied|threaten(?:s|ed)?|promise[sd]?|admit(?:s|ted)?|accuse[sd]?|call(?:s|ed)? for)\b/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The speaker a question asks the words of: a person the story quotes, named in a question that
 * asks what someone said. When several are named, the first ("What did Stoltenberg say about
 * Putin?" asks Stoltenberg's words). Undefined for any other question.
 */
export function speakerAskedAbout(question: string, speakers: readonly string[]): string | undefined {
  if (!SPEECH_QUESTION.test(question)) return undefined;
  let first: { speaker: string; at: number } | undefined;
  for (const speaker of speakers) {
    const match = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(speaker)}(?![\\p{L}\\p{N}])`, 'iu').exec(question);
    if (match && (!first || match.index < first.at)) first = { speaker, at: match.index };
  }
  return first?.speaker;
}

/** The quotes with `speaker`'s own words first; each group keeps its ranked order. */
export function preferSpeaker(quotes: readonly Quote[], speaker: string): Quote[] {
  const theirs = quotes.filter((quote) => quote.speaker === speaker);
  return [...theirs, ...quotes.filter((quote) => quote.speaker !== speaker)];
}
