/**
 * What the store keeps of a member's words: the question with Discord's mentions and markup
 * removed (so no member, role or channel is named by id), and the key that groups the same
 * question in other words — the engine's own content words and stems, so "What did NATO say
 * about Putin?" and "putin nato statement?" land together in /gaps.
 */
import { toStoryWords } from '../search/lexicon/member-words.ts';
import { normaliseLine } from '../text/fold.ts';
import { wordTerms } from '../text/stem.ts';
import { QUESTION_WORDS } from '../text/stop-words.ts';
import { splitWords } from '../text/words.ts';

/** Longest question kept, in characters (the engine refuses longer ones anyway). */
export const MAX_RECORDED_QUESTION = 1_000;
/** What a link becomes: its address may carry anything, and /gaps only needs to know one was there. */
export const LINK_PLACEHOLDER = '(link)';

const MARKUP_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Mentions of members, roles and channels, slash-command mentions, timestamps: ids, not words.
  [/<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>|<t:-?\d+(?::[a-zA-Z])?>/g, ' '],
  // Custom emoji keep their name.
  [/<a?:(\w+):\d+>/g, ' $1 '],
  [/@(?:everyone|here)\b/g, ' '],
  // Masked links keep their text.
  [/\[([^\]]*)\]\(\s*<?https?:\/\/[^)\s]*>?\s*\)/gi, '$1'],
  [/<?https?:\/\/[^\s>]+>?/gi, LINK_PLACEHOLDER],
  // Code blocks and inline code keep their contents; the fences go.
  [/```(?:\w+\n)?/g, ' '],
  // Emphasis, strike-through, spoilers, inline code.
  [/(\*\*|__|~~|\|\||\*|_|`)/g, ''],
  // Block quotes, headings, list markers and subtext at a line start.
  [/^\s*(?:(?:>>>|>|#{1,3}|-#|[-*]|\d+\.)\s+)+/gm, ''],
  [/\\([\\*_`~|>#[\]()-])/g, '$1'],
];

/** The question as asked, without mentions, links or markup, in one line. */
export function cleanQuestion(text: string): string {
  let clean = text;
  for (const [pattern, replacement] of MARKUP_RULES) clean = clean.replace(pattern, replacement);
  clean = normaliseLine(clean);
  return clean.length <= MAX_RECORDED_QUESTION ? clean : `${clean.slice(0, MAX_RECORDED_QUESTION - 1)}…`;
}

/** The content terms of a question (stems of its content words), in order and distinct. */
export function contentTerms(question: string): string[] {
  const terms = splitWords(question)
    .filter((word) => word.acronym || !QUESTION_WORDS.has(word.lower))
    .flatMap(wordTerms);
  return [...new Set(terms)];
}

/**
 * The key /gaps groups by: the content terms, sorted, so word order, question words, inflection
 * and stop words do not split a group. A question with no content word keys on its own words.
 */
export function questionKey(question: string): string {
  // In the story's words first ("nukes" → nuclear weapons, "300k" → 300,000), as the engine reads
  // them, so a member's shorthand counts with the same question in full.
  const terms = contentTerms(toStoryWords(question)).sort();
  if (terms.length > 0) return terms.join(' ');
  return normaliseLine(question).toLowerCase();
}
