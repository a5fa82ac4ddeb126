/**
 * Question analysis, as classic question-answering systems do it: which words carry the
 * question's content, which of them are proper names, and what kind of thing the answer is
 * (a person, a date, a number, a place, an organisation).
 */
import { wordTerms } from '../text/stem.ts';
import { FUNCTION_WORDS, QUESTION_WORDS } from '../text/stop-words.ts';
import { splitWords, type Word } from '../text/words.ts';
import { stripChatMarkup } from '../text/chat-markup.ts';
import { toStoryWords } from './lexicon/member-words.ts';

/** The kind of thing a question asks for. */
export type AnswerType = 'person' | 'date' | 'number' | 'money' | 'place' | 'organisation';

/** One content word of a question. */
export interface QueryWord {
  /** As typed (quotes folded). */
  surface: string;
  /** Lower case, possessive dropped. */
  lower: string;
  /** Its index terms: the stem, or for a hyphenated word the joined and split stems. */
  terms: string[];
  /** Capitalised inside the question, or an acronym: probably (part of) a proper name. */
  capitalised: boolean;
  /** Index of the word in the question, counting content words only. */
  position: number;
  /**
   * Opens the question with a capital, where a capital says nothing about names (and is no
   * function word: "Will", "More" opening a question are never names).
   */
  initial: boolean;
  /** As the member typed it, when the index corrected its spelling (`PassageIndex#correct`). */
  typed?: string;
}

/** A question taken apart for searching. */
export interface AnalysedQuestion {
  /** The question as given. */
  text: string;
  /** The question as analysed: chat markup removed, members' words in the story's words. */
  understood: string;
  /** Content words in order, one per distinct stem. */
  words: QueryWord[];
  /** Runs of capitalised words ("New York", "Jens Stoltenberg"), as lower-case words. */
  names: string[][];
  /** What the answer should be, when the question word says so. */
  answerType: AnswerType | null;
  /**
   * The words that name the answer's type ("news agency" in "Which news agency interviewed…"):
   * the answer is an instance of them, so the story need not use them.
   */
  focus: string[];
  /**
   * The noun a "What kind of X…" question asks to describe ("alliance"), lower case: the answer
   * is what the story puts before it ("transatlantic military alliance"). Null otherwise.
   */
  described: string | null;
}

/** Nouns after "which"/"what" that name the answer's type ("which country", "what year"). */
const TYPE_NOUNS: ReadonlyArray<readonly [RegExp, AnswerType]> = [
  [/^(?:year|years|date|day|month|century|centuries|decade|time|period|era|age|season)$/, 'date'],
  [/^(?:country|countries|city|cities|town|towns|place|places|region|regions|state|states|nation|continent|province|area|island|islands|location|capital|river|sea|port|village|territory|county|kingdom|empire)$/, 'place'],
  [/^(?:agency|agencies|organisation|organization|organisations|organizations|company|companies|party|parties|group|groups|newspaper|paper|alliance|team|body|institution|university|church|firm|network|army|court|council|committee|government|dynasty)$/, 'organisation'],
  [/^(?:person|people|man|woman|men|women|leader|leaders|president|king|queen|emperor|ruler|general|minister|official|author|writer|editor|chief|scientist|player|son|daughter|father|mother|pope|explorer|commander|governor|member|members)$/, 'person'],
  [/^(?:price|prices|cost|costs|fee|fees|fare|fares|salary|wage|wages|fine|fines|budget|revenue|profit|profits)$/, 'money'],
  [/^(?:number|percentage|percent|amount|proportion|share|size|population|distance|length)$/, 'number'],
];

/** Words that make "how much" ask for money ("how much does it cost", "how much was the fare"). */
const MONEY_WORDS = /^(?:cost|costs|costing|pay|pays|paying|paid|price|priced|charge|charges|charging|charged|fee|fare|worth|spend|spends|spending|spent|earn|earns|earned|sell|sells|sold|buy|buys|bought|owe|owes|owed|raise|raised|fined|money|cash|dollars|euros|pounds)$/;

/** The expected answer type, and the words of the question that name it. */
export interface AnswerTypeReading {
  type: AnswerType | null;
  focus: string[];
}

/** Reads the expected answer type from the question word and the noun after it. */
export function answerTypeOf(words: readonly Word[]): AnswerType | null {
  return readAnswerType(words).type;
}

/** Reads the expected answer type and the words that name it ("which news agency" → organisation, [news, agency]). */
export function readAnswerType(words: readonly Word[]): AnswerTypeReading {
  const lower = words.map((word) => word.lower);
  const none: AnswerTypeReading = { type: null, focus: [] };
  for (let i = 0; i < lower.length; i += 1) {
    const word = lower[i];
    const next = lower[i + 1];
    if (word === 'how' && next !== undefined) {
      if (next === 'long' && lower[i + 2] === 'ago') return { type: 'date', focus: [] };
      // "How much does it cost", "how much is Verizon paying": an amount of money.
      if (next === 'much' && lower.slice(i + 2, i + 7).some((later) => MONEY_WORDS.test(later))) return { type: 'money', focus: [] };
      if (/^(?:many|much|long|far|old|big|large|high|tall|deep|often|fast|heavy|wide)$/.test(next)) return { type: 'number', focus: [] };
      continue;
    }
    if (word === 'when') return { type: 'date', focus: [] };
    if (word === 'where') return { type: 'place', focus: [] };
    if (word === 'who' || word === 'whom' || word === 'whose') return { type: 'person', focus: [] };
    if ((word === 'which' || word === 'what') && next !== undefined) {
      // "What kind of alliance is NATO?" asks for a description, not for an alliance.
      if (/^(?:kind|kinds|type|types|sort|sorts)$/.test(next) && lower[i + 2] === 'of') return none;
      // "which news agency": skip a modifier or two.
      for (let j = i + 1; j <= i + 3 && j < lower.length; j += 1) {
        const candidate = lower[j] ?? '';
        const type = TYPE_NOUNS.find(([pattern]) => pattern.test(candidate))?.[1];
        if (type) return { type, focus: lower.slice(i + 1, j + 1) };
        if (!/^(?:news|the|a|an|is|was|are|were|other|major|main|first|last|two|three)$/.test(candidate)) break;
      }
    }
  }
  return none;
}

/** Words after "what kind of" that are no noun of their own ("What kind of a deal…"). */
const ARTICLES = /^(?:a|an|the)$/;

/** The X of "What/Which kind (type, sort) of X": the noun whose modifiers answer the question. */
export function describedNoun(words: readonly Word[]): string | null {
  const lower = words.map((word) => word.lower);
  for (let i = 0; i + 3 < lower.length; i += 1) {
    if (!/^(?:what|which)$/.test(lower[i] ?? '') || !/^(?:kind|kinds|type|types|sort|sorts)$/.test(lower[i + 1] ?? '') || lower[i + 2] !== 'of') continue;
    const noun = ARTICLES.test(lower[i + 3] ?? '') ? lower[i + 4] : lower[i + 3];
    return noun ?? null;
  }
  return null;
}

/**
 * Takes a question apart: content words, proper names and the expected answer type, after chat
 * markup is removed and members' words are put in the story's words ("ppl" → "people").
 */
export function analyseQuestion(text: string): AnalysedQuestion {
  const understood = toStoryWords(stripChatMarkup(text));
  const all = splitWords(understood);
  const words: QueryWord[] = [];
  const names: string[][] = [];
  const seen = new Set<string>();
  let run: string[] = [];
  const closeRun = () => {
    if (run.length > 0) names.push(run);
    run = [];
  };
  all.forEach((word, index) => {
    const first = index === 0 || /[.!?:]\s*$/.test(understood.slice(all[index - 1]?.end ?? 0, word.start));
    const capitalised = word.acronym || (!first && /^\p{Lu}/u.test(word.surface)) || (first && /^\p{Lu}\p{Ll}*\p{Lu}/u.test(word.surface));
    const asks = QUESTION_WORDS.has(word.lower);
    const terms = asks && !word.acronym ? [] : wordTerms(word);
    if (capitalised && terms.length > 0) run.push(word.lower);
    else closeRun();
    if (terms.length === 0) return;
    const key = terms.join(' ');
    if (seen.has(key)) return;
    seen.add(key);
    // A function word ("Will Mayer stay?") opening the question is never taken for a name.
    const initial = index === 0 && /^\p{Lu}/u.test(word.surface) && !FUNCTION_WORDS.has(word.lower);
    words.push({ surface: word.surface, lower: word.lower, terms, capitalised, position: words.length, initial });
  });
  closeRun();
  const { type, focus } = readAnswerType(all);
  return { text, understood, words, names, answerType: type, focus, described: describedNoun(all) };
}
