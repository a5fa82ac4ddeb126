/**
 * Is a question something the engine can read at all? Another language is told so ("I can only
 * answer questions in English") rather than given English suggestions, and a question of emoji
 * or punctuation only is asked for words. The test is the stop-word one: a question's function
 * words say its language, from the stop lists of the `stopword` package (maintained, sixty
 * languages), and a script other than Latin says it at once.
 */
import { createRequire } from 'node:module';
import { stripChatMarkup } from './chat-markup.ts';
import { splitWords } from './words.ts';

/** Why a question cannot be read, or null when it can. */
export type InputProblem = 'no-words' | 'not-english';

/** What a member is told for each problem. */
export const INPUT_PROBLEM_MESSAGES: Readonly<Record<InputProblem, string>> = {
  'no-words': 'Ask me a question in words, for example "What did Stoltenberg say about the mobilization?"',
  'not-english': 'I can only answer questions in English.',
};

/** The `stopword` package's lists, by ISO 639-3 code (it ships no types). */
const lists = createRequire(import.meta.url)('stopword') as Record<string, unknown>;
const listOf = (code: string): ReadonlySet<string> => new Set(Array.isArray(lists[code]) ? (lists[code] as string[]) : []);
const ENGLISH = listOf('eng');
/** Languages written in Latin letters whose function words tell them from English. */
const OTHERS: readonly ReadonlySet<string>[] = ['spa', 'fra', 'deu', 'ita', 'por', 'nld', 'swe', 'dan', 'nob', 'pol', 'tur', 'ind', 'ron', 'ces', 'fin', 'hun'].map(
  (code) => new Set([...listOf(code)].filter((word) => !ENGLISH.has(word))),
);

/** Letters of scripts English is never written in (Cyrillic, Greek, Arabic, Hebrew, the scripts of India and East Asia…). */
const FOREIGN_LETTER = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Thai}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\p{Script=Armenian}\p{Script=Georgian}]/gu;

/** Why the question cannot be read, or null. Names in another script ("Путин") inside English are fine. */
export function inputProblem(question: string): InputProblem | null {
  const text = stripChatMarkup(question);
  const words = splitWords(text).filter((word) => /\p{L}|\p{N}/u.test(word.lower));
  if (words.length === 0) return 'no-words';
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const foreign = text.match(FOREIGN_LETTER)?.length ?? 0;
  if (foreign * 2 > letters) return 'not-english';
  const lower = words.map((word) => word.lower);
  const english = lower.filter((word) => ENGLISH.has(word)).length;
  const other = Math.max(...OTHERS.map((list) => lower.filter((word) => list.has(word)).length));
  // Two function words of another language and fewer of English: "¿Qué dijo la OTAN?".
  return other >= 2 && other > english ? 'not-english' : null;
}
