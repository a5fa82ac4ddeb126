/**
 * Words out of text, the same way for the story and for a question: Unicode folded, curly
 * apostrophes straightened, possessive 's dropped, numbers kept whole ("300,000" is one number),
 * hyphenated words kept both joined and split ("ill-equipped" is "illequipped", "ill" and
 * "equipped"), and each word stemmed (Porter) unless it is a stop word.
 */
import { stemmer } from 'stemmer';

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

/** Folds the typographic variants a user may type differently from the article. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‛′`´]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑]/g, '-');
}

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

/**
 * Words that carry no content in a question or a news story: the English list of the `stopword`
 * package (copied: it ships no types) less "take", a verb with content ("take territory" is to
 * "annex" it), plus auxiliaries and modals the list leaves out, and contractions.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'about', 'after', 'all', 'also', 'am', 'an', 'and', 'another', 'any', 'are', 'as', 'at', 'be',
  'because', 'been', 'before', 'being', 'between', 'both', 'but', 'by', 'came', 'can', 'come',
  'could', 'did', 'do', 'each', 'for', 'from', 'get', 'got', 'has', 'had', 'he', 'have', 'her',
  'here', 'him', 'himself', 'his', 'how', 'if', 'in', 'into', 'is', 'it', 'like', 'make', 'many',
  'me', 'might', 'more', 'most', 'much', 'must', 'my', 'never', 'now', 'of', 'on', 'only', 'or',
  'other', 'our', 'out', 'over', 'said', 'same', 'should', 'since', 'some', 'still', 'such',
  'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this',
  'those', 'through', 'to', 'too', 'under', 'up', 'very', 'was', 'way', 'we', 'well', 'were',
  'what', 'where', 'which', 'while', 'who', 'with', 'would', 'you', 'your', 'a', 'i',
  'will', 'shall', 'may', 'does', 'doing', 'done', 'its', 'it\'s', 'us', 'yes', 'no', 'nor', 'so',
  'just', 'than', 'then', 'also', 'upon', 'onto', 'per', 'via', 'whom', 'whose', 'who\'s', 'what\'s',
  'don\'t', 'doesn\'t', 'didn\'t', 'won\'t', 'can\'t', 'isn\'t', 'aren\'t', 'wasn\'t', 'weren\'t',
  'i\'m', 'you\'re', 'they\'re', 'we\'re', 'i\'ve', 'we\'ve', 'they\'ve', 'there\'s', 'that\'s',
  'a', 'an', 'the', 'i', 'am', 'ours', 'yours', 'theirs', 'hers', 'itself', 'themselves', 'ourselves',
]);

/**
 * Words of a question that ask rather than say: they never count as content, although a story
 * may use some of them ("said", "according to").
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'whats', 'whos',
  'did', 'do', 'does', 'is', 'are', 'was', 'were', 'say', 'says', 'said', 'saying', 'tell', 'told',
  'according', 'accord', 'mention', 'mentioned', 'mentions', 'describe', 'described', 'explain',
  'please', 'kind', 'type', 'sort', 'name', 'named', 'called', 'call', 'know', 'known',
  'happen', 'happened', 'happens', 'story', 'article', 'report', 'reported', 'reports',
]);

/** True for a word that carries no content in a question. */
export function isStopWord(lower: string): boolean {
  return STOP_WORDS.has(lower);
}

const stemCache = new Map<string, string>();
/** Distinct words whose stems are remembered (a large corpus has a few hundred thousand). */
const STEM_CACHE_SIZE = 500_000;

/** Words whose Porter stem is another word ("news" → "new", "species" → "speci" is fine). */
export const UNSTEMMED: ReadonlySet<string> = new Set(['news', 'us', 'gas', 'bus', 'lens', 'physics', 'politics', 'economics', 'means']);

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

/**
 * Irregular inflections the Porter stemmer cannot join to their base ("gave", "given" → "give";
 * "children" → "child"). Forms that are just as often another word ("left", "found", "saw",
 * "felt", "lay", "people") are left alone.
 */
const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map([
  ['arisen', 'arise'], ['arose', 'arise'], ['ate', 'eat'], ['awoke', 'awake'], ['awoken', 'awake'],
  ['beaten', 'beat'], ['became', 'become'], ['began', 'begin'], ['begun', 'begin'], ['bent', 'bend'],
  ['bitten', 'bite'], ['bled', 'bleed'], ['blew', 'blow'], ['blown', 'blow'], ['borne', 'bear'],
  ['bought', 'buy'], ['bred', 'breed'], ['broke', 'break'], ['broken', 'break'], ['brought', 'bring'],
  ['built', 'build'], ['burnt', 'burn'], ['caught', 'catch'], ['chose', 'choose'], ['chosen', 'choose'],
  ['clung', 'cling'], ['crept', 'creep'], ['dealt', 'deal'], ['drank', 'drink'], ['drawn', 'draw'],
  ['dreamt', 'dream'], ['drew', 'draw'], ['driven', 'drive'], ['drove', 'drive'], ['dug', 'dig'],
  ['eaten', 'eat'], ['fallen', 'fall'], ['fled', 'flee'], ['flew', 'fly'], ['flown', 'fly'],
  ['forbade', 'forbid'], ['forbidden', 'forbid'], ['foresaw', 'foresee'], ['foreseen', 'foresee'],
  ['forgave', 'forgive'], ['forgiven', 'forgive'], ['forgot', 'forget'], ['forgotten', 'forget'],
  ['fought', 'fight'], ['froze', 'freeze'], ['frozen', 'freeze'], ['gave', 'give'], ['given', 'give'],
  ['gone', 'go'], ['gotten', 'get'], ['grew', 'grow'], ['grown', 'grow'], ['heard', 'hear'],
  ['held', 'hold'], ['hid', 'hide'], ['hidden', 'hide'], ['hung', 'hang'], ['kept', 'keep'],
  ['knelt', 'kneel'], ['knew', 'know'], ['known', 'know'], ['laid', 'lay'], ['lain', 'lie'],
  ['leant', 'lean'], ['leapt', 'leap'], ['learnt', 'learn'], ['led', 'lead'], ['lent', 'lend'],
  ['lost', 'lose'], ['meant', 'mean'], ['met', 'meet'], ['mistaken', 'mistake'], ['mistook', 'mistake'],
  ['outgrew', 'outgrow'], ['outgrown', 'outgrow'], ['overcame', 'overcome'], ['overthrew', 'overthrow'],
  ['overthrown', 'overthrow'], ['paid', 'pay'], ['proven', 'prove'], ['ran', 'run'], ['rang', 'ring'],
  ['rebuilt', 'rebuild'], ['ridden', 'ride'], ['risen', 'rise'], ['rode', 'ride'], ['rung', 'ring'],
  ['sang', 'sing'], ['sank', 'sink'], ['sat', 'sit'], ['seen', 'see'], ['sent', 'send'],
  ['shaken', 'shake'], ['shone', 'shine'], ['shook', 'shake'], ['shown', 'show'], ['shrank', 'shrink'],
  ['shrunk', 'shrink'], ['slept', 'sleep'], ['slid', 'slide'], ['sold', 'sell'], ['sought', 'seek'],
  ['spent', 'spend'], ['spoke', 'speak'], ['spoken', 'speak'], ['sprang', 'spring'], ['sprung', 'spring'],
  ['spun', 'spin'], ['stole', 'steal'], ['stolen', 'steal'], ['stood', 'stand'], ['striven', 'strive'],
  ['strove', 'strive'], ['struck', 'strike'], ['stung', 'sting'], ['sung', 'sing'], ['sunk', 'sink'],
  ['swam', 'swim'], ['swept', 'sweep'], ['swore', 'swear'], ['sworn', 'swear'], ['swum', 'swim'],
  ['swung', 'swing'], ['taken', 'take'], ['taught', 'teach'], ['thought', 'think'], ['threw', 'throw'],
  ['thrown', 'throw'], ['told', 'tell'], ['took', 'take'], ['tore', 'tear'], ['torn', 'tear'],
  ['undergone', 'undergo'], ['understood', 'understand'], ['undertaken', 'undertake'],
  ['undertook', 'undertake'], ['underwent', 'undergo'], ['upheld', 'uphold'], ['went', 'go'],
  ['wept', 'weep'], ['withdrawn', 'withdraw'], ['withdrew', 'withdraw'], ['withheld', 'withhold'],
  ['woke', 'wake'], ['woken', 'wake'], ['won', 'win'], ['wore', 'wear'], ['worn', 'wear'],
  ['wove', 'weave'], ['woven', 'weave'], ['written', 'write'], ['wrote', 'write'],
  ['men', 'man'], ['women', 'woman'], ['children', 'child'], ['feet', 'foot'], ['teeth', 'tooth'],
  ['mice', 'mouse'], ['geese', 'goose'], ['lives', 'life'], ['wives', 'wife'], ['knives', 'knife'],
  ['wolves', 'wolf'], ['halves', 'half'], ['thieves', 'thief'], ['crises', 'crisis'],
  ['criteria', 'criterion'], ['phenomena', 'phenomenon'],
]);

/** The base of an irregular inflection ("given" → "give"), else the word itself. */
export function regularise(lower: string): string {
  return IRREGULAR_FORMS.get(lower) ?? lower;
}
