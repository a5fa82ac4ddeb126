/**
 * Words out of text, the same way for the story and for a question: Unicode folded, curly
 * apostrophes straightened, possessive 's dropped, numbers kept whole ("300,000" is one number),
 * hyphenated words kept whole with their parts ("ill-equipped" has "ill" and "equipped").
 */
import { foldText } from './fold.ts';

/** A word as it stands in the text, with its place, before stemming. */
export interface Word {
  /** The word as written, quotes and dashes folded (`Putin’s` reads `Putin's`). */
  surface: string;
  /** Lower case, accents dropped, possessive `'s` and inner dots removed, digit-group commas dropped. */
  lower: string;
  /** Offset of the first character in the text that was split. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** The parts of a hyphenated word (`["ill", "equipped"]`), else empty. */
  parts: string[];
  /** Written in capitals in mixed-case text ("US", "WHO", "U.S."): never a stop word. */
  acronym: boolean;
}

/**
 * A word: letters or digits, joined by inner apostrophes, hyphens, dots between single letters
 * ("U.S.") and digit-group separators ("300,000", "2.5").
 */
const WORD = /\p{N}+(?:[.,]\p{N}+)*(?:-[\p{L}\p{N}]+)*|(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’][\p{L}]+)*(?:[-‐‑][\p{L}\p{N}]+(?:['’][\p{L}]+)*)*/gu;

const MONTH_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['Jan', 'january'], ['Feb', 'february'], ['Mar', 'march'], ['Apr', 'april'], ['Jun', 'june'], ['Jul', 'july'],
  ['Aug', 'august'], ['Sep', 'september'], ['Sept', 'september'], ['Oct', 'october'], ['Nov', 'november'], ['Dec', 'december'],
]);

/** A word of ASCII letters only, that is no month abbreviation. */
const PLAIN_WORD = /^(?!(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$)[A-Za-z]+$/;

/** Lower-cases a word and drops what does not change its meaning for search. */
function lowerWord(word: string): string {
  // Most words are plain letters: nothing to fold.
  if (PLAIN_WORD.test(word)) return word.toLowerCase();
  // "Feb." and "February" are one month to a reader.
  const month = MONTH_ABBREVIATIONS.get(word);
  if (month) return month;
  let lower = word.toLowerCase().replace(/’/g, "'");
  // "Temür" and "Temur", "Église" and "Eglise" are the same word to a reader typing a question.
  if (/[^ -~]/.test(lower)) lower = lower.normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFC');
  if (/^(?:\p{L}\.){2,}$/u.test(lower)) lower = lower.replace(/\./g, '');
  if (/^\p{N}/u.test(lower)) lower = lower.replace(/(?<=\p{N}),(?=\p{N}{3})/gu, '');
  return lower.replace(/'s$/, '').replace(/s'$/, 's');
}

/** Splits text into words with their offsets. The offsets index the text as given. */
export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  const folded = foldText(text);
  // NFKC can change lengths (ligatures); offsets are only meaningful when it did not.
  const source = folded.length === text.length ? folded : text;
  // In text typed all in capitals, capitals say nothing about acronyms.
  const shouting = !/\p{Ll}/u.test(source);
  for (const match of source.matchAll(WORD)) {
    const surface = match[0];
    const start = match.index;
    const lower = lowerWord(surface);
    const parts = lower.includes('-') ? lower.split('-').filter((part) => part !== '') : [];
    const acronym = !shouting && /^(?:\p{Lu}\.?){2,}$/u.test(surface);
    words.push({ surface, lower, start, end: start + surface.length, parts, acronym });
  }
  return words;
}
