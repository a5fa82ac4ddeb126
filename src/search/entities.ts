/**
 * A light named-entity tagger for answer types: dates, numbers, and proper names classed as
 * people, places or organisations. Rules and WordNet's list of proper names, run once per
 * sentence when the index is built (compromise would take seconds for a few articles and half a
 * second just to load).
 */
import type { NameKind } from './lexicon/lexicon.ts';
import { wordTerms } from '../text/stem.ts';
import { isStopWord } from '../text/stop-words.ts';
import { splitWords, type Word } from '../text/words.ts';

/** What an entity in the story is. `name` is a proper name of unknown kind. */
export type EntityKind = 'person' | 'place' | 'organisation' | 'date' | 'period' | 'number' | 'money' | 'name';

/** An entity found in a sentence. */
export interface Entity {
  kind: EntityKind;
  /** Its index terms, to tell whether the question already names it. */
  terms: string[];
  /** Offsets in the sentence. */
  start: number;
  end: number;
}

/** What the tagger needs to know about the corpus. */
export interface EntityContext {
  /** Proper names WordNet knows (lower case, spaces between words) and their kind. */
  names: Readonly<Record<string, NameKind>>;
  /** Words the corpus writes with a capital inside a sentence more often than not. */
  properWords: ReadonlySet<string>;
}

const MONTHS = /^(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$/;
const WEEKDAYS = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
const DATE_WORDS = /^(?:today|yesterday|tomorrow|tonight|century|centuries|decade|decades|bc|bce|ad|ce|ago|millennium|spring|summer|autumn|winter|dynasty)$/;
/** Times that place an event only loosely ("in the following decades", "today"). */
const VAGUE_TIMES = /^(?:today|yesterday|tomorrow|tonight|decades|centuries)$/;
const YEAR = /^(?:1\d{3}|20\d{2})s?$/;
const NUMBER_WORDS = /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|percent|per cent)$/;
const TITLES = /^(?:president|king|queen|emperor|empress|duke|duchess|mr|mrs|ms|dr|sir|lord|lady|general|gen|secretary|pope|saint|st|prince|princess|chancellor|minister|prime|senator|governor|admiral|captain|colonel|bishop|archbishop|cardinal|count|countess|khan|sultan|tsar|czar|chief|editor|professor|prof|judge|mayor|ambassador)$/;
const ORGANISATION_CUES = /^(?:inc|corp|corporation|company|co|ltd|university|college|party|parliament|council|agency|organization|organisation|association|union|church|bank|committee|ministry|department|institute|society|league|army|navy|court|congress|senate|assembly|government|alliance|group|network|federation|commission|press|times|news|post|agency|academy|school|foundation|board|office|bureau|service|force|forces)$/;
const PLACE_CUES = /^(?:river|mountains|mountain|mount|mt|island|islands|city|sea|ocean|lake|bay|county|province|valley|street|fort|kingdom|empire|republic|state|states|coast|gulf|peninsula|strait|desert|forest|region|district|square|bridge|palace|castle|cathedral|abbey|harbour|harbor|port|canal|channel|isle|land|lands)$/;
const CONNECTORS = /^(?:of|de|du|des|la|le|von|van|der|den|al|el|bin|ibn|da|di)$/;
const CURRENCY_WORDS = /^(?:dollars?|euros?|pounds?|cents?|pence|yen|yuan|rupees?|francs?|marks?|rubles?|roubles?|pesos?|bucks?)$/;
const CURRENCY_SIGN = /[$£€¥₹₽]\s*$/;
const SPEECH_VERBS = /^(?:said|says|told|added|stated|argued|wrote|announced|declared|explained|insisted|warned)$/;

/** True for a word written with a capital letter (or an acronym). */
function capitalised(word: Word): boolean {
  return word.acronym || /^\p{Lu}/u.test(word.surface);
}

/**
 * Tags the entities of a text (a sentence, or a paragraph). `words` are the text's words as
 * `splitWords` gives them (pass them when already split); offsets index `text`.
 */
export function tagEntities(text: string, context: EntityContext, words: readonly Word[] = splitWords(text)): Entity[] {
  const sentence = text;
  const entities: Entity[] = [];
  const push = (kind: EntityKind, from: number, to: number) => {
    const span = words.slice(from, to + 1);
    const first = span[0];
    const last = span.at(-1);
    if (!first || !last) return;
    entities.push({ kind, terms: span.flatMap(wordTerms), start: first.start, end: last.end });
  };
  let i = 0;
  while (i < words.length) {
    const word = words[i];
    if (!word) break;
    const lower = word.lower;
    const numeric = /^\p{N}/u.test(lower);
    // Dates: a month with its day and year, a weekday, a year, a century, "two years ago".
    if (MONTHS.test(lower) && (capitalised(word) || lower.length > 3) && (lower !== 'may' || /^\p{N}/u.test(words[i + 1]?.lower ?? ''))) {
      let end = i;
      while (/^\p{N}/u.test(words[end + 1]?.lower ?? '') && end < i + 2) end += 1;
      push('date', i, end);
      i = end + 1;
      continue;
    }
    if (WEEKDAYS.test(lower) || YEAR.test(lower) || DATE_WORDS.test(lower) || /^\d+(?:st|nd|rd|th)$/.test(lower) && /^centur/.test(words[i + 1]?.lower ?? '')) {
      // "In the following decades", "today": a time, but vaguer than a year or a day.
      push(VAGUE_TIMES.test(lower) ? 'period' : 'date', i, i);
      i += 1;
      continue;
    }
    if (numeric || NUMBER_WORDS.test(lower)) {
      let end = i;
      while (end + 1 < words.length && (NUMBER_WORDS.test(words[end + 1]?.lower ?? '') || /^\p{N}/u.test(words[end + 1]?.lower ?? ''))) end += 1;
      const next = words[end + 1]?.lower ?? '';
      const ago = /^(?:years?|months?|weeks?|days?)$/.test(next) && words[end + 2]?.lower === 'ago';
      // "in 911", "by 1985": a bare three- or four-digit number after such a word is a year.
      const year = end === i && /^\d{3,4}$/.test(lower) && /^(?:in|by|since|until|till|from|after|before|around|circa|c|of|during)$/.test(words[i - 1]?.lower ?? '');
      // "$9.99", "$4.8 billion", "300 euros": an amount of money.
      const money = CURRENCY_SIGN.test(sentence.slice(words[i - 1]?.end ?? 0, word.start)) || CURRENCY_WORDS.test(next);
      push(ago || year ? 'date' : money ? 'money' : 'number', i, end);
      i = end + 1;
      continue;
    }
    if (!capitalised(word)) {
      i += 1;
      continue;
    }
    // A run of capitalised words, joined by connectors ("Bank of England", "Jessé de Forest").
    // A capital opening a sentence says nothing, unless the corpus capitalises the word elsewhere.
    const sentenceStart = i === 0 || /[.!?:"“]\s*$/.test(sentence.slice(words[i - 1]?.end ?? 0, word.start));
    if (!word.acronym && (isStopWord(lower) || (sentenceStart && !context.properWords.has(lower)))) {
      i += 1;
      continue;
    }
    const adjacent = (a: Word, b: Word) => /^\s+$/.test(sentence.slice(a.end, b.start));
    let end = i;
    while (end + 1 < words.length) {
      const current = words[end];
      const next = words[end + 1];
      const after = words[end + 2];
      if (!current || !next || !adjacent(current, next)) break;
      if (capitalised(next) && !MONTHS.test(next.lower) && !WEEKDAYS.test(next.lower)) end += 1;
      else if (after && CONNECTORS.test(next.surface) && capitalised(after) && adjacent(next, after)) end += 2;
      else break;
    }
    const span = words.slice(i, end + 1);
    const lowers = span.map((item) => item.lower);
    let kind: EntityKind = 'name';
    const titled = lowers.length > 1 && TITLES.test(lowers[0] ?? '');
    const known = context.names[lowers.join(' ')] ?? context.names[lowers.at(-1) ?? ''] ?? context.names[lowers[0] ?? ''];
    if (titled) kind = 'person';
    else if (known === 'person' || known === 'place' || known === 'organisation' || known === 'date') kind = known;
    else if (lowers.some((item) => ORGANISATION_CUES.test(item)) || (span.length === 1 && word.acronym)) kind = 'organisation';
    else if (lowers.some((item) => PLACE_CUES.test(item))) kind = 'place';
    else if (SPEECH_VERBS.test(words[end + 1]?.lower ?? '')) kind = 'person';
    push(kind, i, end);
    i = end + 1;
  }
  return entities;
}

/**
 * Words a corpus writes with a capital inside sentences more often than in lower case: its
 * proper names, including the ones WordNet does not know ("Stoltenberg", "Galloni").
 */
export function findProperWords(texts: Iterable<string>): Set<string> {
  const capital = new Map<string, number>();
  const small = new Map<string, number>();
  for (const text of texts) {
    const words = splitWords(text);
    words.forEach((word, index) => {
      const previous = words[index - 1];
      const sentenceStart = !previous || /[.!?:"“]\s*$/.test(text.slice(previous.end, word.start));
      if (sentenceStart) return;
      const counts = /^\p{Lu}/u.test(word.surface) ? capital : small;
      counts.set(word.lower, (counts.get(word.lower) ?? 0) + 1);
    });
  }
  return new Set([...capital].filter(([word, count]) => count > (small.get(word) ?? 0)).map(([word]) => word));
}
