/**
 * Members' words to the story's words, before a question is analysed: chat shorthand ("ppl",
 * "w/", "gonna") and everyday words for what stories call otherwise ("nukes", "hit back") are
 * rewritten from a data file (`member-words.json`), and amounts typed the short way ("300k",
 * "1.5m") are written out as stories write them ("300,000", "1.5 million").
 *
 * Synonyms WordNet knows are left to the expansions (`expansions.ts`); this file holds only what
 * WordNet lacks or ranks too weakly to trust.
 */
import memberWords from './member-words.json' with { type: 'json' };
import { escapeRegExp } from '../../text/regexp.ts';

/** One rewrite: a key found in a question and the story's wording that replaces it. */
export interface MemberWord {
  from: string;
  to: string;
  /** Which table of the data file it comes from. */
  kind: 'shorthand' | 'colloquial';
}

/** Every rewrite of the data file. */
export const MEMBER_WORDS: readonly MemberWord[] = [
  ...Object.entries(memberWords.shorthand).map(([from, to]) => ({ from, to, kind: 'shorthand' as const })),
  ...Object.entries(memberWords.colloquial).map(([from, to]) => ({ from, to, kind: 'colloquial' as const })),
];

const byKey = new Map(MEMBER_WORDS.map((entry) => [entry.from, entry.to]));


/**
 * A key standing as a word of its own: not inside a longer word, not the "u" of "u.s." or the
 * "r" of "r&d". Longest keys first, so "w/o" wins over "w/" and "hit back" over "hit".
 */
const KEYS = new RegExp(
  `(?<![\\p{L}\\p{N}'’/&.-])(?:${[...byKey.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}&]|[.'’-]\\p{L})`,
  'giu',
);

/** Amounts typed the short way: "300k", "1.5m", "2bn", "$40b". */
const AMOUNT = /(?<![\p{L}\p{N}.,])(\d+(?:\.\d+)?)(k|m|mn|b|bn)(?![\p{L}\p{N}])/giu;
const SCALE: Record<string, string> = { m: 'million', mn: 'million', b: 'billion', bn: 'billion' };

/** "300k" → "300,000" (thousands as stories write them); "1.5m" → "1.5 million". */
function writeAmount(number: string, unit: string): string {
  const scale = unit.toLowerCase();
  if (scale !== 'k') return `${number} ${SCALE[scale] ?? scale}`;
  const value = Math.round(Number(number) * 1000);
  return value.toLocaleString('en-US');
}

/**
 * The question in the story's words. A key typed with a capital inside the question is a name
 * ("Ammo Corp"), and so is a capitalised first word before another capitalised word ("Wat
 * Arun"): they stay. Single letters ("u", "r") count only in lower case.
 */
export function toStoryWords(question: string): string {
  const rewritten = question.replace(KEYS, (match, offset: number) => {
    // Capitalised like a name ("Ammo"); a key in capitals throughout ("WWII") is still shorthand.
    const capitalised = /^\p{Lu}/u.test(match) && (match.length === 1 || /\p{Ll}/u.test(match));
    const nameFollows = /^\s+\p{Lu}/u.test(question.slice(offset + match.length));
    if (capitalised && (match.length === 1 || nameFollows || /\S/.test(question.slice(0, offset)))) return match;
    return byKey.get(match.toLowerCase()) ?? match;
  });
  return rewritten.replace(AMOUNT, (_, number: string, unit: string) => writeAmount(number, unit));
}
