/**
 * Speaker attribution: finds who said what in an article.
 *
 * Two kinds of statement are found. Direct ones are words in quotation marks (curly, straight,
 * single or guillemets), attributed through the speech verb next to them ("…,” Putin said),
 * before them in the same sentence (Stoltenberg said the threat was “…”), later in the sentence,
 * or through another quotation of the same paragraph or the paragraph it continues. Reported
 * ones are sentences whose speech verb has content of its own outside quotation marks
 * (Stoltenberg said that …; …, NATO has said; According to the minister, …).
 *
 * A speech verb's subject is a capitalised name (titles such as "President" stripped), a
 * pronoun (resolved to the person most recently named as speaker or subject, gender choosing
 * between the people of one sentence), or a description ("the minister", "the NATO chief",
 * "the alliance") resolved through the titles and appositions the article gave its people and
 * organisations. A subject that resolves to nobody leaves its words unattributed: a wrong
 * speaker is worse than none.
 */
import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import { stemmer } from 'stemmer';
import type { Article, Passage, Sentence, Statement } from '../types.ts';

/** A statement with its place in the paragraph: `passage.text.slice(start, end) === text`. */
export interface StatementSpan extends Statement {
  /** Offset of the first character in the paragraph text. */
  start: number;
  /** Offset just past the last character in the paragraph text. */
  end: number;
  /** Every form the article uses for the speaker ("Jens Stoltenberg", "President Putin"), for matching names. */
  names: readonly string[];
}

/** A pair of quotation marks in a paragraph, or an opening one the paragraph never closes. */
export interface QuotationSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or the paragraph length when the quotation runs on. */
  close: number;
  /** False when the quotation runs past the end of the paragraph (news style for a quote that continues). */
  closed: boolean;
}

/**
 * Quoted words shorter than this are scare quotes or names of things ("so-called “peacekeepers”"),
 * not a person's statement.
 */
export const MIN_DIRECT_WORDS = 2;
/**
 * A speech verb makes a reported statement only when the writer's own words around it carry at
 * least this many words: "Russia possesses “…,” Putin added" frames a quotation, it does not
 * report a second claim.
 */
export const MIN_REPORTED_WORDS = 3;
/** Longest apposition skipped between a subject and its verb ("Stoltenberg, speaking to …, said"). */
const MAX_APPOSITION_TOKENS = 14;
/** Longest phrase taken as a title or description of a name ("Jens Stoltenberg, NATO’s secretary general,"). */
const MAX_ROLE_TOKENS = 6;
/** How many sentences back a pronoun looks for the person it stands for. */
const MAX_PRONOUN_LOOKBACK = 4;

/** Speech verbs that report speech whatever follows them ("Putin announced he would …"). */
const STRONG_SPEECH_VERBS = new Set([
  'said', 'says', 'say', 'told', 'tells', 'stated', 'announced', 'announces', 'tweeted', 'tweets', 'wrote', 'writes',
]);
/**
 * Verbs that report speech only when followed by "that", a colon or a quotation, or when they close
 * the sentence after a comma or a quotation ("…, Putin added."): "NATO added 300 troops", "declared
 * war" and "promised them land" are not statements. Forms that are also plural nouns ("claims",
 * "notes", "reports") are left out: "the French claims" would otherwise make the French speak.
 */
const WEAK_SPEECH_VERBS = new Set([
  'added', 'adds', 'warned', 'warns', 'argued', 'argues', 'claimed', 'insisted', 'insists', 'explained',
  'explains', 'noted', 'stressed', 'stresses', 'emphasised', 'emphasized', 'emphasises', 'emphasizes',
  'suggested', 'suggests', 'acknowledged', 'acknowledges', 'admitted', 'admits', 'confirmed', 'confirms',
  'denied', 'denies', 'predicted', 'predicts', 'promised', 'vowed', 'vows', 'urged', 'urges', 'cautioned',
  'conceded', 'concedes', 'observed', 'observes', 'remarked', 'commented', 'concluded', 'replied', 'responded',
  'responds', 'asked', 'asks', 'reported', 'recalled', 'recalls', 'maintained', 'maintains', 'contended',
  'contends', 'assured', 'assures', 'countered', 'continued', 'alleged', 'alleges', 'revealed', 'reveals',
  'disclosed', 'threatened', 'threatens', 'pledged', 'pledges', 'declared', 'declares',
]);
/** Speech verbs whose first complement is the person spoken to ("told Reuters", "assured allies"). */
const ADDRESSEE_VERBS = new Set(['told', 'tells', 'assured', 'assures', 'urged', 'urges', 'warned', 'warns', 'asked', 'asks', 'promised', 'promises', 'reminded', 'reminds']);
/** Words that may stand between a subject and its speech verb ("NATO has also said"). */
const AUXILIARIES = new Set([
  'has', 'have', 'had', 'also', 'later', 'then', 'again', 'previously', 'earlier', 'reportedly', 'once',
  'repeatedly', 'publicly', 'privately', 'recently', 'further', 'simply', 'just', 'firmly', 'flatly', 'would',
  'will', 'could', 'may', 'might', 'did', 'does', 'do', 'already', 'often', 'frequently', 'separately',
  'subsequently', 'initially', 'first', 'herself', 'himself', 'itself', 'themselves',
]);
/** A speech verb after these is passive or negated ("was told", "did not say"): nobody is quoted. */
const BLOCKING_WORDS = new Set(['was', 'were', 'is', 'are', 'be', 'been', 'being', 'not', 'never', "n't", 'cannot']);
/** Pronouns that can be the subject of a speech verb, with the gender they require. */
const SUBJECT_PRONOUNS: ReadonlyMap<string, Gender | 'organisation'> = new Map([
  ['he', 'male'], ['she', 'female'], ['it', 'organisation'],
]);
/** Words that open a described subject ("the minister", "a spokesperson"). */
const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'his', 'her', 'their', 'this', 'that', 'our', 'one']);
/** Prepositions: a name after one is an object, not a subject; a clause starting with one is an adjunct. */
const PREPOSITIONS = new Set([
  'to', 'of', 'with', 'by', 'for', 'from', 'about', 'against', 'in', 'on', 'at', 'as', 'than', 'under', 'over',
  'between', 'among', 'like', 'including', 'into', 'onto', 'upon', 'during', 'after', 'before', 'since',
  'through', 'via', 'while', 'when', 'without', 'within', 'across', 'toward', 'towards', 'near', 'behind',
  'amid', 'despite', 'late', 'last', 'earlier',
]);
/** Words that can open a clause whose subject follows ("…, while Stoltenberg said …"), unlike "by" or "from". */
const CLAUSE_OPENERS = new Set(['as', 'after', 'before', 'since', 'while', 'when', 'until', 'because', 'although', 'though', 'if', 'unless', 'whereas', 'once']);
/** Lowercase words that join the parts of one name ("Bank of England", "Ursula von der Leyen"). */
const NAME_CONNECTORS = new Set(['of', 'de', 'da', 'del', 'della', 'der', 'van', 'von', 'al', 'bin', 'ibn', 'la', 'le', 'du', 'dos', 'y']);
/**
 * Words that give a person's title or office. In a capitalised run they are stripped from the
 * name ("President Putin" is Putin) and kept as the role used to resolve "the president said".
 */
const TITLE_WORDS = new Set([
  'president', 'vice', 'prime', 'minister', 'secretary', 'general', 'chancellor', 'premier', 'mr', 'mrs', 'ms',
  'miss', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'king', 'queen', 'prince', 'princess',
  'pope', 'sen', 'senator', 'rep', 'representative', 'gov', 'governor', 'mayor', 'judge', 'justice', 'chief',
  'editor', 'ambassador', 'spokesman', 'spokeswoman', 'spokesperson', 'commander', 'col', 'colonel', 'gen',
  'lt', 'lieutenant', 'maj', 'capt', 'captain', 'sgt', 'sergeant', 'adm', 'admiral', 'rev', 'reverend',
  'foreign', 'defence', 'defense', 'finance', 'interior', 'health', 'deputy', 'acting', 'former', 'state',
  'ceo', 'chairman', 'chairwoman', 'chair', 'director', 'head', 'leader', 'officer', 'envoy', 'commissioner',
  'attorney', 'detective', 'inspector', 'coach', 'manager', 'founder', 'executive', 'emperor', 'empress',
  'sultan', 'sheikh', 'archbishop', 'bishop', 'cardinal', 'mp', 'speaker', 'senior', 'junior', 'economy',
  'trade', 'justice', 'home', 'education', 'transport', 'energy', 'agriculture', 'culture', 'labour', 'labor',
]);
/** Head nouns that say what kind of body or office a description names ("the alliance", "the ministry"). */
const ROLE_HEADS = new Set([
  'alliance', 'organisation', 'organization', 'group', 'ministry', 'department', 'agency', 'company', 'firm',
  'government', 'council', 'committee', 'commission', 'union', 'party', 'bank', 'court', 'office', 'army',
  'police', 'spokesperson', 'spokesman', 'spokeswoman', 'official', 'officials', 'leader', 'chief', 'head',
  'minister', 'president', 'secretary', 'general', 'director', 'mayor', 'governor', 'ambassador', 'envoy',
  'chairman', 'chairwoman', 'executive', 'founder', 'commander', 'analyst', 'expert', 'professor', 'researcher',
  'scientist', 'doctor', 'lawyer', 'prosecutor', 'judge', 'senator', 'chancellor', 'premier', 'king', 'queen',
  'ministry', 'regulator', 'authority', 'authorities', 'coalition', 'federation', 'association', 'institute',
  'university', 'club', 'team', 'board', 'bloc', 'kremlin', 'administration', 'cabinet', 'parliament',
]);
/** Last words that make a capitalised run the name of a body, never a title plus a name. */
const ORGANISATION_HEADS = new Set([
  'assembly', 'office', 'department', 'ministry', 'service', 'services', 'corps', 'staff', 'guard', 'house',
  'senate', 'congress', 'court', 'council', 'committee', 'bureau', 'agency', 'bank', 'fund', 'command', 'party',
  'union', 'alliance', 'organisation', 'organization', 'group', 'company', 'government', 'commission',
  'association', 'institute', 'university', 'federation', 'league', 'movement', 'front', 'church', 'network',
  'parliament', 'cabinet', 'administration', 'authority', 'board', 'coalition', 'forces', 'army', 'navy', 'police',
]);
/** Heads too generic to name anyone alone: "the Russian leader" needs "Russian" to match too. */
const GENERIC_HEADS = new Set(['leader', 'chief', 'head', 'official', 'boss', 'man', 'woman', 'politician']);
/**
 * English function words. Capitalised at the start of a sentence they are not names ("The",
 * "More"); they are also left out of the content words that compare sentences and topics.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did',
  'do', 'does', 'doing', 'down', 'during', 'each', 'even', 'ever', 'every', 'few', 'for', 'from', 'further',
  'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how',
  'however', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'least', 'less', 'may', 'me',
  'might', 'more', 'most', 'much', 'must', 'my', 'myself', 'no', 'nor', 'not', 'now', 'of', 'off', 'on', 'once',
  'only', 'or', 'other', 'others', 'our', 'ours', 'ourselves', 'out', 'over', 'own', 'same', 'shall', 'she',
  'should', 'since', 'so', 'some', 'still', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them',
  'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'though', 'through', 'thus', 'to', 'too',
  'under', 'until', 'up', 'upon', 'us', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'whether',
  'which', 'while', 'who', 'whom', 'whose', 'why', 'will', 'with', 'within', 'without', 'would', 'yet', 'you',
  'your', 'yours', 'yourself', 'although', 'among', 'amid', 'despite', 'like', 'unless', 'whereas', 'toward',
  'towards', 'across', 'along', 'around', 'behind', 'beyond', 'near', 'per', 'via', 'onto', 'many', 'several',
  'another', 'either', 'neither', 'yes', 'according', 'meanwhile', 'moreover', 'furthermore', 'instead',
  'otherwise', 'therefore', 'thereby', 'indeed', 'perhaps', 'already', 'later', 'earlier', 'once', 'again',
  'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'one', 'two', 'there', 'here', 'following',
]);

type Gender = 'male' | 'female';
type EntityKind = 'person' | 'organisation' | 'place' | 'date' | 'other';

/** Someone or something the article names, with every form it is named by. */
interface Entity {
  /** Lowercased surname for people, whole name for organisations and places. */
  key: string;
  kind: EntityKind;
  /** Name forms without titles ("Jens Stoltenberg", "Stoltenberg") and how often each is used. */
  forms: Map<string, number>;
  /** Mentions as written, titles included ("President Putin"), for matching a user's query. */
  aliases: Set<string>;
  gender: Gender | null;
  /** Lowercased title and description words ("president", "secretary", "nato"). */
  roles: Set<string>;
}

/** A word of a paragraph with its offsets. */
interface Token {
  text: string;
  /** Lowercased, curly apostrophe folded, possessive stripped. */
  lower: string;
  /** The word without a possessive ending ("Putin" for "Putin’s"). */
  base: string;
  start: number;
  end: number;
  capital: boolean;
  possessive: boolean;
  /** First word of its sentence (quotation marks aside). */
  initial: boolean;
}

/** A run of capitalised words: one name, possibly with titles ("Russian President Vladimir Putin"). */
interface NameRun {
  /** Index of the first and one past the last token. */
  from: number;
  to: number;
  /** The name proper ("Vladimir Putin"), empty for a bare title ("Secretary General"). */
  name: string;
  /** Title words before the name, lowercased. */
  titles: string[];
  /** The run as written, possessive stripped. */
  written: string;
  possessive: boolean;
}

/** A speech verb and whom it is resolved to. */
interface Attribution {
  speaker: Entity;
  /** Offsets of the attribution clause (subject, apposition and verb). */
  clauseStart: number;
  clauseEnd: number;
  /** Words of the writer's own carried by the statement, before and after the clause. */
  contentBefore: number;
  contentAfter: number;
}

const WORD = /[\p{L}\p{N}]+(?:[’'\-.][\p{L}\p{N}]+)*(?:[’']s\b|(?<=s)[’'](?![\p{L}]))?/gu;
const MASK = '\uE000';

/** Folds curly apostrophes and quotation marks to straight ones, keeping every offset. */
export function foldQuotes(text: string): string {
  return text.replace(/[‘’‛′]/g, "'").replace(/[“”„″«»]/g, '"');
}

/**
 * Finds the quotation marks of a paragraph: curly “…”, straight "…", guillemets «…» and single
 * ‘…’ (a ‘ opening a word and a ’ closing one; apostrophes inside words are left alone). An
 * opening mark with no closing one runs to the end of the paragraph, as news style does for a
 * quotation that continues in the next paragraph.
 */
export function findQuotations(text: string): QuotationSpan[] {
  const spans: QuotationSpan[] = [];
  let open = -1;
  let expected = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    const before = text[i - 1] ?? ' ';
    const after = text[i + 1] ?? ' ';
    if (open < 0) {
      if (char === '“' || char === '«' || char === '"') {
        open = i;
        expected = char === '“' ? '”' : char === '«' ? '»' : '"';
      } else if (char === '‘' && /[\s([{—–-]/.test(before) && /[\p{L}\p{N}]/u.test(after)) {
        open = i;
        expected = '’';
      }
    } else if (char === expected && (expected !== '’' || (!/[\p{L}\p{N}]/u.test(after) && !/\s/.test(before)))) {
      spans.push({ open, close: i, closed: true });
      open = -1;
    }
  }
  if (open >= 0) spans.push({ open, close: text.length, closed: false });
  return spans;
}

/** The paragraph text with every quotation's inner words masked, so that only the writer's own words are read. */
function maskQuotations(text: string, quotations: readonly QuotationSpan[]): string {
  let masked = '';
  let at = 0;
  for (const { open, close } of quotations) {
    masked += text.slice(at, open + 1) + MASK.repeat(Math.max(0, close - open - 1));
    at = close;
  }
  return masked + text.slice(at);
}

function tokenise(text: string, sentences: readonly Sentence[]): Token[] {
  const tokens: Token[] = [];
  let sentenceIndex = 0;
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const start = match.index;
    const possessive = /[’']s$/.test(raw) || /s[’']$/.test(raw);
    const base = /[’']s$/.test(raw) ? raw.slice(0, -2) : /s[’']$/.test(raw) ? raw.slice(0, -1) : raw;
    while (sentenceIndex < sentences.length - 1 && (sentences[sentenceIndex]?.end ?? 0) <= start) sentenceIndex++;
    const sentence = sentences[sentenceIndex];
    const sentenceStart = sentence && sentence.start <= start ? sentence.start : 0;
    const lead = text.slice(sentenceStart, start);
    tokens.push({
      text: raw,
      lower: foldQuotes(base).toLowerCase(),
      base,
      start,
      end: start + raw.length,
      capital: /^\p{Lu}/u.test(raw),
      possessive,
      initial: !/[\p{L}\p{N}]/u.test(lead),
    });
  }
  return tokens;
}

/** The characters between two tokens (or between a token and a limit). */
function gapBetween(text: string, left: Token | undefined, right: Token | undefined, from = 0, to = text.length): string {
  return text.slice(left ? left.end : from, right ? right.start : to);
}

const isBlankGap = (gap: string): boolean => /^[ \t\n]+$/.test(gap);
/** A word that can be part of a name: capitalised and not a function word ("The", "More"), or an acronym ("US"). */
const isNameWord = (token: Token): boolean =>
  token.capital && (!STOP_WORDS.has(token.lower) || /^\p{Lu}{2,}$/u.test(token.text));

/** Finds the runs of capitalised words in a token list (masked quotation words are absent). */
function nameRuns(text: string, tokens: readonly Token[]): NameRun[] {
  const runs: NameRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    if (!first || !isNameWord(first)) {
      i++;
      continue;
    }
    let to = i + 1;
    while (to < tokens.length && !tokens[to - 1]?.possessive) {
      const next = tokens[to];
      if (!next || !isBlankGap(gapBetween(text, tokens[to - 1], next))) break;
      if (isNameWord(next)) {
        to++;
        continue;
      }
      const after = tokens[to + 1];
      if (NAME_CONNECTORS.has(next.text) && after && isNameWord(after) && isBlankGap(gapBetween(text, next, after))) {
        to += 2;
        continue;
      }
      break;
    }
    runs.push(describeRun(tokens, i, to));
    i = to;
  }
  return runs;
}

function describeRun(tokens: readonly Token[], from: number, to: number): NameRun {
  const words = tokens.slice(from, to);
  const isTitle = (token: Token): boolean => TITLE_WORDS.has(token.lower.replace(/\.$/, ''));
  // The name is what follows the last title word: "Russian President Vladimir Putin", "Mohawk
  // Chief Hendrick", "U.S. Secretary of State Antony Blinken". A run ending in a body's head word
  // ("Foreign Office", "General Assembly") is one name, and so is a run with no title ("American
  // Automobile Association").
  let titleLength = 0;
  const last = words.at(-1);
  if (last && !ROLE_HEADS.has(last.lower) && !ORGANISATION_HEADS.has(last.lower)) {
    for (let k = words.length - 2; k >= 0; k--) {
      const word = words[k];
      if (word && isTitle(word)) {
        titleLength = k + 1;
        break;
      }
    }
  }
  if (last && isTitle(last) && words.every((w) => isTitle(w) || NAME_CONNECTORS.has(w.text) || (w !== last && isDemonym(w.base)))) {
    titleLength = words.length; // "Secretary General", "Russian President": a bare title.
  }
  const nameWords = words.slice(titleLength);
  return {
    from,
    to,
    name: nameWords.map((w, index) => (index === nameWords.length - 1 ? w.base : w.text)).join(' '),
    titles: words.slice(0, titleLength).map((w) => w.lower),
    written: words.map((w, index) => (index === words.length - 1 ? w.base : w.text)).join(' '),
    possessive: last?.possessive ?? false,
  };
}

/** compromise's lexicon and tag tree, read directly: a lookup per word instead of a parse per name. */
interface CompromiseModel {
  one: { lexicon: Record<string, string | string[] | undefined>; tagSet: Record<string, { parents?: string[] } | undefined> };
  two: { orgWords: Record<string, boolean | undefined>; placeWords: Record<string, boolean | undefined> };
}
let compromise: typeof nlpType | undefined;
let compromiseModel: CompromiseModel | undefined;

/**
 * compromise, loaded on first use: a story whose statements come from a snapshot never loads it.
 * Its CommonJS build loads in about a third of the time of its ES build (280 ms against 840 ms).
 */
function nlp(text: string): ReturnType<typeof nlpType> {
  compromise ??= createRequire(import.meta.url)('compromise') as typeof nlpType;
  return compromise(text);
}

function model(): CompromiseModel {
  if (!compromiseModel) {
    nlp('');
    compromiseModel = compromise?.model() as CompromiseModel;
  }
  return compromiseModel;
}
const tagCache = new Map<string, ReadonlySet<string>>();

/** The lexicon's tags for a word or phrase (lowercase), with their parent tags ("MaleName" is a "Person"). */
function lexiconTags(phrase: string): ReadonlySet<string> {
  let tags = tagCache.get(phrase);
  if (!tags) {
    const { lexicon, tagSet } = model().one;
    const entry = Object.hasOwn(lexicon, phrase) ? lexicon[phrase] : undefined;
    const direct = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
    tags = new Set(direct.flatMap((tag) => [tag, ...(tagSet[tag]?.parents ?? [])]));
    tagCache.set(phrase, tags);
  }
  return tags;
}

/**
 * True for a capitalised word that is an ordinary noun when lowercased ("Officials", "Protesters").
 * Only asked of a sentence's first word when the article names nobody so: compromise parses it.
 */
function isCommonNoun(word: string): boolean {
  const lower = word.toLowerCase();
  if (lexiconTags(lower).size > 0) return !lexiconTags(lower).has('ProperNoun');
  return nlp(lower).has('#Plural');
}

function isDemonym(word: string): boolean {
  return lexiconTags(foldQuotes(word).toLowerCase()).has('Demonym');
}

/** What a name is, by compromise's lexicon, a title in front of it, or its shape. */
function classifyName(run: NameRun): { kind: EntityKind; gender: Gender | null } {
  const lower = foldQuotes(run.name).toLowerCase();
  const words = lower.split(' ');
  const whole = lexiconTags(lower);
  const first = words.length > 1 ? lexiconTags(words[0] ?? '') : new Set<string>();
  const lastWord = words.at(-1) ?? '';
  const last = lexiconTags(lastWord);
  const honorific = run.titles.find((title) => /^(mr|mrs|ms|miss|sir|dame|lord|lady|king|queen|prince|princess)\.?$/.test(title));
  const gender: Gender | null =
    honorific ? (/^(mrs|ms|miss|dame|lady|queen|princess)/.test(honorific) ? 'female' : 'male')
    : first.has('FemaleName') ? 'female'
    : first.has('MaleName') ? 'male'
    : null;
  const has = (tag: string): boolean => whole.has(tag) || (words.length === 1 && last.has(tag));
  if (has('Date') || has('Month') || has('WeekDay') || has('Holiday')) return { kind: 'date', gender };
  if (has('Organization') || model().two.orgWords[lastWord] || ORGANISATION_HEADS.has(lastWord) || /^\p{Lu}{2,}$/u.test(run.name)) {
    return { kind: 'organisation', gender };
  }
  if (has('Place')) return { kind: 'place', gender };
  // A first name outranks a place word: "John Park" is a person, "Central Park" a place.
  if (has('Person') || first.has('FirstName') || (words.length > 1 && last.has('LastName')) || run.titles.some((t) => TITLE_WORDS.has(t))) {
    return { kind: 'person', gender };
  }
  if (words.length > 1 && model().two.placeWords[lastWord]) return { kind: 'place', gender };
  return { kind: 'other', gender };
}

/** The key under which the mentions of one person or body are gathered. */
function entityKey(name: string, kind: EntityKind): string {
  const lower = foldQuotes(name).toLowerCase();
  const words = lower.split(' ');
  // People are gathered by surname ("Jens Stoltenberg", "Stoltenberg"); so are unknown names shaped
  // like a person's (two or three plain words), but not "Shah of Iran" or "World War Two".
  const personShaped = words.length <= 3 && words.every((word) => /^[\p{L}’'-]+$/u.test(word) && !NAME_CONNECTORS.has(word)) &&
    !lexiconTags(words.at(-1) ?? '').has('Value');
  if (kind === 'person' || (kind === 'other' && personShaped)) return words.at(-1) ?? lower;
  return lower.replace(/^the /, '');
}

/** The people and bodies an article names, gathered by key. */
class EntityRegistry {
  readonly #entities = new Map<string, Entity>();

  /** Records one mention of a name run, merging it with earlier mentions of the same entity. */
  add(run: NameRun): Entity | null {
    if (run.name === '') return null;
    const { kind, gender } = classifyName(run);
    if (kind === 'date') return null;
    const key = entityKey(run.name, kind);
    let entity = this.#entities.get(key);
    if (!entity) {
      entity = { key, kind, forms: new Map(), aliases: new Set(), gender, roles: new Set() };
      this.#entities.set(key, entity);
    }
    // A person named in full once ("Jens Stoltenberg") makes every bare "Stoltenberg" a person.
    if (entity.kind === 'other' && kind !== 'other') entity.kind = kind;
    entity.gender ??= gender;
    entity.forms.set(run.name, (entity.forms.get(run.name) ?? 0) + 1);
    entity.aliases.add(run.written);
    entity.aliases.add(run.name);
    for (const title of run.titles) entity.roles.add(title);
    return entity;
  }

  /** The entity a name refers to, if the article named it. */
  find(run: NameRun): Entity | undefined {
    if (run.name === '') return undefined;
    return this.#entities.get(entityKey(run.name, classifyName(run).kind)) ?? this.#entities.get(entityKey(run.name, 'other'));
  }

  get entities(): Entity[] {
    return [...this.#entities.values()];
  }
}

/** The name an entity goes by: the form the article uses most; the shorter (the surname) on a tie. */
function canonicalName(entity: Entity): string {
  let best = '';
  let bestCount = -1;
  for (const [form, count] of entity.forms) {
    if (count > bestCount || (count === bestCount && form.length < best.length)) {
      best = form;
      bestCount = count;
    }
  }
  return best;
}

/** One paragraph prepared for reading: quotations, masked text, tokens and name runs. */
interface ParagraphView {
  passage: Passage;
  quotations: QuotationSpan[];
  masked: string;
  tokens: Token[];
  runs: NameRun[];
}

function viewParagraph(passage: Passage): ParagraphView {
  const quotations = findQuotations(passage.text);
  const masked = maskQuotations(passage.text, quotations);
  const tokens = tokenise(masked, passage.sentences);
  return { passage, quotations, masked, tokens, runs: nameRuns(masked, tokens) };
}

/**
 * Builds the registry from every name in the article (quoted words included: "President Putin"
 * inside a quotation still says what Putin is called). A lone capitalised word opening a sentence
 * counts only when the lexicon or another mention says it is a name ("Responding to …" is not).
 */
function buildRegistry(article: Article): EntityRegistry {
  const registry = new EntityRegistry();
  const deferred: { run: NameRun; tokens: Token[] }[] = [];
  const views = article.passages.map((passage) => {
    const tokens = tokenise(passage.text, passage.sentences);
    return { passage, tokens, runs: nameRuns(passage.text, tokens) };
  });
  for (const { runs, tokens } of views) {
    for (const run of runs) {
      const first = tokens[run.from];
      if (first?.initial && run.to - run.from === 1) deferred.push({ run, tokens });
      else registry.add(run);
    }
  }
  for (const { run } of deferred) {
    const tags = lexiconTags(foldQuotes(run.name).toLowerCase());
    if (registry.find(run) || tags.has('Person') || tags.has('Place') || tags.has('Organization')) registry.add(run);
  }
  for (const view of views) collectRoles(view.passage.text, view.tokens, view.runs, registry);
  return registry;
}

/** A name in an article, resolved to the entity it names. */
export interface EntityMention {
  /** 1-based paragraph number. */
  paragraph: number;
  /** Offsets of the name in the paragraph text. */
  start: number;
  end: number;
  /** The entity's name as the article uses it most ("Stoltenberg" for "Jens Stoltenberg"). */
  name: string;
  kind: 'person' | 'organisation' | 'place';
}

/**
 * The people, organisations and places an article names, mention by mention, in article order:
 * "President Putin", "Vladimir Putin" and "Putin’s" are all mentions of "Putin". Dates, titles
 * and capitalised words that name nothing the lexicon or the article knows are left out.
 */
export function findNamedEntities(article: Article): EntityMention[] {
  const registry = buildRegistry(article);
  return article.passages.flatMap((passage) => {
    const tokens = tokenise(passage.text, passage.sentences);
    return nameRuns(passage.text, tokens).flatMap((run): EntityMention[] => {
      const entity = registry.find(run);
      const first = tokens[run.from];
      const last = tokens[run.to - 1];
      if (!entity || !first || !last) return [];
      const kind = isPerson(entity) ? 'person' : entity.kind;
      if (kind !== 'person' && kind !== 'organisation' && kind !== 'place') return [];
      return [{ paragraph: passage.paragraph, start: first.start, end: last.end, name: canonicalName(entity), kind }];
    });
  });
}

/**
 * Gives names the descriptions the article sets beside them in commas: "Jens Stoltenberg, NATO’s
 * secretary general," and "transatlantic military alliance, NATO" make "the NATO chief" and "the
 * alliance" resolvable.
 */
function collectRoles(text: string, tokens: readonly Token[], runs: readonly NameRun[], registry: EntityRegistry): void {
  runs.forEach((run, index) => {
    const entity = registry.find(run);
    if (!entity) {
      // A bare title run ("Russian President") describes the name that follows it after a comma.
      const next = runs[index + 1];
      const target = next && registry.find(next);
      const between = gapBetween(text, tokens[run.to - 1], tokens[next?.from ?? -1]);
      if (target && run.name === '' && /^,\s+$/.test(between)) {
        for (const title of run.titles) target.roles.add(title);
      }
      return;
    }
    // "the historian Fred Anderson", "the new political leader Nikita Khrushchev".
    const before = tokens[run.from - 1];
    if (before && !before.capital && isBlankGap(gapBetween(text, before, tokens[run.from])) &&
      (TITLE_WORDS.has(before.lower) || ROLE_HEADS.has(before.lower) || isPersonRole(before.lower)) && !PREPOSITIONS.has(before.lower)) {
      entity.roles.add(before.lower);
    }
    for (const phrase of [phraseAfter(text, tokens, run.to), phraseBefore(text, tokens, run.from)]) {
      if (!phrase) continue;
      const words = phrase.map((token) => token.lower);
      if (!words.some((word) => TITLE_WORDS.has(word) || ROLE_HEADS.has(word))) continue;
      for (const word of words) if (!STOP_WORDS.has(word)) entity.roles.add(word);
    }
  });
}

/** The comma-enclosed phrase right after a name ("…, NATO’s secretary general,"), if short. */
function phraseAfter(text: string, tokens: readonly Token[], index: number): Token[] | null {
  if (!/^,\s+$/.test(gapBetween(text, tokens[index - 1], tokens[index]))) return null;
  const phrase: Token[] = [];
  for (let i = index; i < tokens.length && phrase.length <= MAX_ROLE_TOKENS; i++) {
    const token = tokens[i];
    if (!token) break;
    phrase.push(token);
    const gap = gapBetween(text, token, tokens[i + 1]);
    if (/[,.;:()]/.test(gap) || i === tokens.length - 1) return phrase.length <= MAX_ROLE_TOKENS && /^[,.]/.test(gap.trim() || '.') ? phrase : null;
    if (!isBlankGap(gap)) return null;
  }
  return null;
}

/** The comma-enclosed phrase right before a name ("transatlantic military alliance, NATO"), if short. */
function phraseBefore(text: string, tokens: readonly Token[], index: number): Token[] | null {
  if (!/^,\s+$/.test(gapBetween(text, tokens[index - 1], tokens[index]))) return null;
  const phrase: Token[] = [];
  for (let i = index - 1; i >= 0 && phrase.length <= MAX_ROLE_TOKENS; i--) {
    const token = tokens[i];
    if (!token) break;
    phrase.unshift(token);
    const gap = gapBetween(text, tokens[i - 1], token);
    if (i === 0 || /[,.;:()]/.test(gap)) return phrase.length <= MAX_ROLE_TOKENS ? phrase : null;
    if (!isBlankGap(gap)) return null;
  }
  return null;
}

/** What stands in subject position of a speech verb, before it is resolved to an entity. */
type Subject =
  | { type: 'name'; run: NameRun; start: number; end: number; initial: boolean }
  | { type: 'pronoun'; word: string; start: number; end: number }
  | { type: 'description'; words: string[]; start: number; end: number };

/** A person as the reader knows them: named in full with a first name, or given a title ("an American general"). */
function isPerson(entity: Entity): boolean {
  return entity.kind === 'person' || (entity.kind === 'other' && [...entity.roles].some(isPersonRole));
}

/** A role only a person has: a title, or an agent noun ("historian", "geographer", "leader"). */
function isPersonRole(role: string): boolean {
  return TITLE_WORDS.has(role) || (/(?:ist|ian|er|or)$/.test(role) && !ROLE_HEADS.has(role) && !STOP_WORDS.has(role));
}

/**
 * Who the reader has in mind at a point of the article, for "he", "she" and "it": sentence by
 * sentence backwards, the speakers and subjects of a sentence before its other names, the first
 * named before the later ones (a light form of Hobbs's algorithm).
 */
class Discourse {
  readonly #sentences: { subjects: Entity[]; mentions: Entity[]; objects: Entity[] }[] = [];

  /** Starts the next sentence; names noted from now on belong to it. */
  nextSentence(): void {
    this.#sentences.push({ subjects: [], mentions: [], objects: [] });
  }

  noteSubject(entity: Entity): void {
    const current = this.#sentences.at(-1);
    if (current && !current.subjects.includes(entity)) current.subjects.push(entity);
  }

  /** Notes a name; `governed` when it is the object of a preposition ("by Smedley Butler"), which ranks it lower. */
  noteMention(entity: Entity, governed = false): void {
    const current = this.#sentences.at(-1);
    const list = governed ? current?.objects : current?.mentions;
    if (list && !list.includes(entity)) list.push(entity);
  }

  /**
   * The entity a pronoun in the current sentence refers to: in the nearest earlier sentence that
   * names someone of the right kind, its most salient name. Gender, guessed from first names,
   * only chooses between the people of that one sentence ("Ana Ruiz met John Park. He said …"):
   * the lexicon misreads names from other languages too often to skip a sentence on it.
   */
  resolvePronoun(word: string): Entity | null {
    const wanted = SUBJECT_PRONOUNS.get(word);
    if (!wanted) return null;
    const fits = (entity: Entity): boolean => (wanted === 'organisation' ? entity.kind === 'organisation' : isPerson(entity));
    const previous = this.#sentences.slice(0, -1).slice(-MAX_PRONOUN_LOOKBACK).reverse();
    for (const { subjects, mentions, objects } of previous) {
      const candidates = [...new Set([...[...subjects].reverse(), ...mentions, ...objects])].filter(fits);
      const first = candidates[0];
      if (!first) continue;
      if (wanted === 'organisation' || first.gender === null || first.gender === wanted) return first;
      // Names after a preposition ("the after Stalin period") are too far from subject position to win on gender.
      return candidates.find((entity) => entity.gender === wanted && !objects.includes(entity)) ?? first;
    }
    return null;
  }

  /**
   * The entity a description names: "the minister", "the NATO chief", "the alliance". The head
   * noun must be a title or office the article gave someone (or name a body, "the ministry" for the
   * Defence Ministry); a generic head ("leader") needs a matching modifier ("the Russian leader").
   */
  resolveDescription(words: readonly string[], registry: EntityRegistry): Entity | null {
    const head = words.at(-1);
    if (!head) return null;
    const modifiers = words.slice(0, -1).filter((word) => !STOP_WORDS.has(word) && !DETERMINERS.has(word));
    const matches = (entity: Entity): boolean => {
      if (entity.kind === 'date' || entity.kind === 'place') return false;
      const nameWords = new Set([...entity.forms.keys()].flatMap((form) => foldQuotes(form).toLowerCase().split(' ')));
      const described = (word: string): boolean => entity.roles.has(word) || (ROLE_HEADS.has(head) && nameWords.has(word));
      if (GENERIC_HEADS.has(head)) return isPerson(entity) && modifiers.some(described);
      return described(head) && modifiers.every(described);
    };
    const recent = this.#sentences.flatMap(({ subjects, mentions, objects }) => [...objects, ...mentions, ...subjects]);
    return recent.findLast(matches) ?? registry.entities.find(matches) ?? null;
  }
}

/** Reads the subject that ends at token `index` (a name, a pronoun or a described noun phrase). */
function subjectEndingAt(view: ParagraphView, index: number, sentenceStart: number): Subject | null {
  const token = view.tokens[index];
  if (!token || token.possessive || token.start < sentenceStart) return null;
  const pronoun = token.lower;
  if (SUBJECT_PRONOUNS.has(pronoun)) return { type: 'pronoun', word: pronoun, start: token.start, end: token.end };
  const run = view.runs.find((candidate) => candidate.to - 1 === index);
  if (run) {
    const first = view.tokens[run.from];
    if (!first || first.start < sentenceStart) return null;
    // "This idea from Lenin stresses", "Britain and Spain said": not one speaker's own clause.
    const before = view.tokens[run.from - 1];
    if (before && before.start >= sentenceStart && isBlankGap(gapBetween(view.masked, before, first)) &&
      ((PREPOSITIONS.has(before.lower) && !CLAUSE_OPENERS.has(before.lower)) || before.lower === 'and' || before.lower === 'or')) return null;
    if (run.name === '') return { type: 'description', words: run.titles, start: first.start, end: token.end };
    return { type: 'name', run, start: first.start, end: token.end, initial: first.initial };
  }
  if (token.capital || STOP_WORDS.has(token.lower) || PREPOSITIONS.has(token.lower)) return null;
  // A described subject: up to four lowercase words (or a possessive name) after a determiner.
  const words = [token.lower];
  let from = index;
  for (let i = index - 1; i >= 0 && words.length < 5; i--) {
    const previous = view.tokens[i];
    if (!previous || previous.start < sentenceStart || !isBlankGap(gapBetween(view.masked, previous, view.tokens[i + 1]))) break;
    if (DETERMINERS.has(previous.lower)) {
      from = i;
      break;
    }
    if (previous.possessive && previous.capital) {
      words.unshift(previous.lower);
      from = i;
      break;
    }
    if (STOP_WORDS.has(previous.lower) || PREPOSITIONS.has(previous.lower)) return null;
    words.unshift(previous.lower);
    from = i;
  }
  const opener = view.tokens[from];
  const before = view.tokens[from - 1];
  const openedProperly =
    opener !== undefined &&
    (DETERMINERS.has(opener.lower) || opener.possessive || !before || before.start < sentenceStart ||
      !isBlankGap(gapBetween(view.masked, before, opener)));
  if (!openedProperly || !opener) return null;
  return { type: 'description', words: words.filter((word) => !DETERMINERS.has(word)), start: opener.start, end: token.end };
}

/** Reads the subject that starts at token `index` ("said Stoltenberg", "said the minister", "she said" inverted). */
function subjectStartingAt(view: ParagraphView, index: number, sentenceEnd: number): Subject | null {
  const token = view.tokens[index];
  if (!token || token.start >= sentenceEnd) return null;
  if (SUBJECT_PRONOUNS.has(token.lower) && token.lower !== 'it') return { type: 'pronoun', word: token.lower, start: token.start, end: token.end };
  const run = view.runs.find((candidate) => candidate.from === index);
  if (run && !run.possessive) {
    const last = view.tokens[run.to - 1];
    if (!last) return null;
    if (run.name === '') return { type: 'description', words: run.titles, start: token.start, end: last.end };
    return { type: 'name', run, start: token.start, end: last.end, initial: token.initial };
  }
  if (!DETERMINERS.has(token.lower)) return null;
  const words: string[] = [];
  let end = token.end;
  for (let i = index + 1; i < view.tokens.length && words.length < 4; i++) {
    const next = view.tokens[i];
    if (!next || next.start >= sentenceEnd || !isBlankGap(gapBetween(view.masked, view.tokens[i - 1], next))) break;
    if (STOP_WORDS.has(next.lower) || PREPOSITIONS.has(next.lower)) break;
    // "the NATO chief" keeps its capitalised modifier; "the ideology Yuan" ends before the name.
    if (next.capital && words.length > 0 && !/^\p{Lu}/u.test(view.tokens[i - 1]?.text ?? '')) break;
    words.push(next.lower);
    end = next.end;
    if (next.possessive) break;
  }
  return words.length > 0 ? { type: 'description', words, start: token.start, end } : null;
}

function resolveSubject(subject: Subject, registry: EntityRegistry, discourse: Discourse): Entity | null {
  switch (subject.type) {
    case 'pronoun':
      return discourse.resolvePronoun(subject.word);
    case 'description':
      return discourse.resolveDescription(subject.words, registry);
    case 'name': {
      const known = registry.find(subject.run);
      // A capitalised word opening the sentence may be a common noun ("Officials said"): then it is a description.
      if (!known && subject.initial && !subject.run.name.includes(' ') && isCommonNoun(subject.run.name)) {
        return discourse.resolveDescription([subject.run.name.toLowerCase()], registry);
      }
      const entity = known ?? registry.add(subject.run);
      if (!entity || entity.kind === 'date') return null;
      // An unknown capitalised word that speaks is a person ("Okonkwo said").
      if (entity.kind === 'other') entity.kind = 'person';
      return entity;
    }
  }
}

/** Counts the writer's words in a range of the masked paragraph (quoted words are masked out). */
function wordsIn(view: ParagraphView, from: number, to: number): number {
  return view.tokens.filter((token) => token.start >= from && token.end <= to).length;
}

/**
 * The words after a speech verb that carry what was said: past the person told ("told Reuters"),
 * a leading "that", and an adjunct ("in a statement on Monday") unless a "that" follows it.
 * `speech` is false when the verb is followed by neither "that", a colon nor a quotation, which a
 * weak verb needs unless it closes the sentence.
 */
function complementOf(view: ParagraphView, verbIndex: number, sentenceEnd: number): { words: number; speech: boolean; closes: boolean } {
  const verb = view.tokens[verbIndex];
  const at = (i: number): Token | undefined => {
    const token = view.tokens[i];
    return token && token.start < sentenceEnd ? token : undefined;
  };
  if (!verb) return { words: 0, speech: false, closes: true };
  let index = verbIndex + 1;
  const gapAfterVerb = gapBetween(view.masked, verb, at(index), 0, sentenceEnd);
  const quotationFollows = /^[\s,:]*["“«‘]/.test(gapAfterVerb) || gapAfterVerb.includes(MASK) || /:/.test(gapAfterVerb);
  if (ADDRESSEE_VERBS.has(verb.lower) && at(index) && isBlankGap(gapAfterVerb)) {
    if (DETERMINERS.has(at(index)?.lower ?? '')) index++;
    const run = view.runs.find((candidate) => candidate.from === index);
    index = run ? run.to : index + 1;
  }
  const first = at(index);
  const rest = view.tokens.filter((token, i) => i >= index && token.start < sentenceEnd);
  // "…,” Putin added on Wednesday.": nothing but a short adjunct after the verb.
  // "to" opens an infinitive ("continued to advance"), not an adjunct.
  const closes = !first || (first.lower !== 'to' && PREPOSITIONS.has(first.lower) && rest.length <= 5 && !rest.some((token) => token.lower === 'that'));
  if (!first) return { words: 0, speech: quotationFollows, closes };
  const gap = gapBetween(view.masked, view.tokens[index - 1], first);
  if (first.lower === 'that') return { words: wordsIn(view, first.end, sentenceEnd), speech: true, closes: false };
  const that = rest.find((token) => token.lower === 'that');
  if (PREPOSITIONS.has(first.lower) || /[,;]/.test(gap)) {
    if (that && PREPOSITIONS.has(first.lower)) return { words: wordsIn(view, that.end, sentenceEnd), speech: true, closes: false };
    // "…,” he said, adding that …": a participle clause after a comma carries content too.
    if (/,/.test(gap) && /ing$/.test(first.lower)) return { words: wordsIn(view, first.start, sentenceEnd), speech: true, closes: false };
    return { words: 0, speech: quotationFollows, closes };
  }
  return { words: wordsIn(view, first.start, sentenceEnd), speech: quotationFollows, closes };
}

/** Finds the speech verbs of one sentence and resolves their subjects. */
function attributionsIn(
  view: ParagraphView,
  sentence: Sentence,
  registry: EntityRegistry,
  discourse: Discourse,
): Attribution[] {
  const found: Attribution[] = [];
  const { tokens, masked } = view;
  const quoted = masked.slice(sentence.start, sentence.end).includes(MASK);
  for (let i = 0; i < tokens.length; i++) {
    const verb = tokens[i];
    if (!verb || verb.start < sentence.start || verb.end > sentence.end) continue;
    if (verb.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      const subject = subjectStartingAt(view, i + 2, sentence.end);
      // "according to plan" names nobody; "according to Putin’s plans" is not a source.
      if (!subject || (subject.type === 'name' && subject.run.possessive)) continue;
      const speaker = resolveSubject(subject, registry, discourse);
      if (!speaker) continue;
      found.push({
        speaker,
        clauseStart: verb.start,
        clauseEnd: subject.end,
        contentBefore: wordsIn(view, sentence.start, verb.start),
        contentAfter: wordsIn(view, subject.end, sentence.end),
      });
      continue;
    }
    const strong = STRONG_SPEECH_VERBS.has(verb.lower);
    if (verb.capital || (!strong && !WEAK_SPEECH_VERBS.has(verb.lower))) continue;
    // Walk left past auxiliaries and adverbs to the subject ("NATO has also said").
    let j = i - 1;
    let blocked = false;
    while (j >= 0) {
      const token = tokens[j];
      if (!token || token.start < sentence.start || !isBlankGap(gapBetween(masked, token, tokens[j + 1]))) break;
      if (BLOCKING_WORDS.has(token.lower)) blocked = true;
      if (!AUXILIARIES.has(token.lower) && !BLOCKING_WORDS.has(token.lower)) break;
      j--;
    }
    if (blocked) continue;
    const inSentence = j >= 0 && (tokens[j]?.start ?? -1) >= sentence.start;
    const leftGap = gapBetween(masked, inSentence ? tokens[j] : undefined, tokens[j + 1], sentence.start);
    let subject: Subject | null = null;
    let inverted = false;
    if (inSentence) {
      if (isBlankGap(leftGap)) subject = subjectEndingAt(view, j, sentence.start);
      else if (/^,\s+$/.test(leftGap)) {
        // "Stoltenberg, speaking to …, said": skip the apposition back to the comma that opened it.
        for (let m = j; m >= 0 && j - m < MAX_APPOSITION_TOKENS; m--) {
          const token = tokens[m];
          if (!token || token.start < sentence.start) break;
          const gap = gapBetween(masked, tokens[m - 1], token, sentence.start);
          if (gap.includes(MASK) || /[.;:”"]/.test(gap)) break;
          if (/,/.test(gap)) {
            subject = subjectEndingAt(view, m - 1, sentence.start);
            break;
          }
        }
      }
    }
    if (!subject && (!inSentence || /[,”"»’:]/.test(leftGap) || leftGap.includes(MASK))) {
      subject = subjectStartingAt(view, i + 1, sentence.end);
      inverted = subject !== null;
    }
    if (!subject) continue;
    const clauseStart = inverted ? verb.start : subject.start;
    const clauseEnd = inverted ? subject.end : verb.end;
    const complement = inverted ? { words: 0, speech: false, closes: true } : complementOf(view, i, sentence.end);
    if (!strong && !complement.speech) {
      // A weak verb with no "that" or quotation must close a sentence that says something first.
      const opensAfterComma = /[,”"»’]\s*$/.test(masked.slice(sentence.start, clauseStart)) || quoted;
      if (!complement.closes || !opensAfterComma) continue;
    }
    const speaker = resolveSubject(subject, registry, discourse);
    if (!speaker) continue;
    found.push({
      speaker,
      clauseStart,
      clauseEnd,
      contentBefore: wordsIn(view, sentence.start, clauseStart),
      contentAfter: complement.words,
    });
  }
  return found;
}

/** Trims a quotation's inner words: surrounding spaces and the comma that hands over to "he said". */
function quotationBounds(text: string, quotation: QuotationSpan): { start: number; end: number } {
  let start = quotation.open + 1;
  let end = quotation.close;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /[\s,]/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

interface PendingQuotation {
  passage: Passage;
  quotation: QuotationSpan;
  start: number;
  end: number;
  speaker: Entity | null;
  /** Index of the paragraph in the article, for chaining quotations that run on. */
  paragraphIndex: number;
}

/** Picks a quotation's speaker from the attributions of the sentences it overlaps. */
function attributeQuotation(
  view: ParagraphView,
  quotation: QuotationSpan,
  attributions: readonly (Attribution & { sentence: Sentence })[],
): Entity | null {
  const around = attributions.filter(({ sentence }) => sentence.end > quotation.open && sentence.start <= quotation.close);
  // "…,” Putin said: the clause right after the closing mark.
  const adjacent = around.find(
    (a) => a.clauseStart > quotation.close && /^[\s,—–-]*$/.test(view.masked.slice(quotation.close + 1, a.clauseStart)),
  );
  if (adjacent) return adjacent.speaker;
  // Stoltenberg said the threat was “…”: the nearest clause before the opening mark.
  const before = around.filter((a) => a.clauseEnd <= quotation.open).at(-1);
  if (before) return before.speaker;
  // As NATO was prepared for a “long haul” …, Stoltenberg said: a clause later in the sentence.
  return around.find((a) => a.clauseStart > quotation.close)?.speaker ?? null;
}

function toStatement(article: Article, passage: Passage, start: number, end: number, speaker: Entity, kind: Statement['kind']): StatementSpan {
  return {
    text: passage.text.slice(start, end),
    speaker: canonicalName(speaker),
    kind,
    article: article.id,
    paragraph: passage.paragraph,
    start,
    end,
    names: [...new Set([canonicalName(speaker), ...speaker.aliases])],
  };
}

/**
 * Finds every statement of an article: quotations with their speakers (`direct`) and sentences
 * that report what someone said (`reported`), in article order. Quotations whose speaker the
 * article does not make clear are left out.
 */
export function findStatements(article: Article): StatementSpan[] {
  const registry = buildRegistry(article);
  const discourse = new Discourse();
  const quotations: PendingQuotation[] = [];
  const reported: StatementSpan[] = [];

  article.passages.forEach((passage, paragraphIndex) => {
    const view = viewParagraph(passage);
    const attributions: (Attribution & { sentence: Sentence })[] = [];
    for (const sentence of passage.sentences) {
      discourse.nextSentence();
      const found = attributionsIn(view, sentence, registry, discourse);
      attributions.push(...found.map((attribution) => ({ ...attribution, sentence })));
      reported.push(...reportedStatements(article, view, sentence, found));
      updateDiscourse(view, sentence, found, registry, discourse);
    }
    const pending = view.quotations.map((quotation): PendingQuotation => {
      const { start, end } = quotationBounds(passage.text, quotation);
      return { passage, quotation, start, end, speaker: attributeQuotation(view, quotation, attributions), paragraphIndex };
    });
    // “A,” she said. “B.”: a quotation with no clause of its own takes the speaker of the one
    // next to it, when nothing but that speaker's attribution stands between them.
    const writerWordsBetween = (from: number, to: number): number =>
      view.tokens.filter((token) => token.start > from && token.end < to &&
        !attributions.some((a) => token.start >= a.clauseStart && token.end <= a.clauseEnd)).length;
    pending.forEach((item, index) => {
      if (item.speaker) return;
      const previous = pending[index - 1];
      const next = pending[index + 1];
      if (previous?.speaker && writerWordsBetween(previous.quotation.close, item.quotation.open) === 0) item.speaker = previous.speaker;
      else if (next?.speaker && writerWordsBetween(item.quotation.close, next.quotation.open) === 0) item.speaker = next.speaker;
    });
    quotations.push(...pending);
  });
  chainRunOnQuotations(quotations);

  const direct = quotations.flatMap(({ passage, start, end, speaker, quotation }) =>
    speaker && isSpeech(passage.text, quotation, start, end) ? [toStatement(article, passage, start, end, speaker, 'direct')] : [],
  );
  return [...direct, ...reported].sort((a, b) => a.paragraph - b.paragraph || a.start - b.start || b.end - a.end);
}

/**
 * A quotation that runs past the end of its paragraph continues in the next paragraph's opening
 * quotation; the speaker named anywhere in that chain is the speaker of all of it.
 */
function chainRunOnQuotations(quotations: PendingQuotation[]): void {
  const chains: PendingQuotation[][] = [];
  let current: PendingQuotation[] = [];
  for (const item of quotations) {
    const previous = current.at(-1);
    const opensParagraph = /^\s*$/.test(item.passage.text.slice(0, item.quotation.open));
    if (previous && !previous.quotation.closed && item.paragraphIndex === previous.paragraphIndex + 1 && opensParagraph) {
      current.push(item);
    } else {
      if (current.length > 1) chains.push(current);
      current = [item];
    }
  }
  if (current.length > 1) chains.push(current);
  for (const chain of chains) {
    const speaker = chain.find((item) => item.speaker)?.speaker;
    if (speaker) for (const item of chain) item.speaker ??= speaker;
  }
}

/** Words that introduce a term being named rather than words being quoted ("the term “social classes”"). */
const NAMING_WORDS = /\b(?:term|terms|word|words|phrase|expression|label|slogan|title|called|so-called|named|dubbed|nicknamed|known as|styled|as)\s*$/i;

/**
 * True when quoted words are someone's speech rather than a name, a title or a term: at least
 * MIN_DIRECT_WORDS words, not all capitalised ("Old Briton", "Decision Time"), and not a short
 * phrase introduced as a term ("the term “social classes”").
 */
function isSpeech(text: string, quotation: QuotationSpan, start: number, end: number): boolean {
  const words = text.slice(start, end).match(/[\p{L}\p{N}]+(?:[’'][\p{L}]+)*/gu) ?? [];
  if (words.length < MIN_DIRECT_WORDS) return false;
  const contentWords = words.filter((word) => !STOP_WORDS.has(word.toLowerCase()));
  const titleCase = contentWords.length > 0 && contentWords.every((word) => /^[\p{Lu}\p{N}]/u.test(word));
  if (titleCase && words.length <= 6 && !/[.!?,;:]/.test(text.slice(start, end))) return false;
  return !(words.length <= 3 && NAMING_WORDS.test(text.slice(Math.max(0, quotation.open - 30), quotation.open)));
}

/**
 * The reported statements of one sentence: the sentence (or, when two people speak in it, each
 * one's part) when its speech verb carries enough of the writer's own words.
 */
function reportedStatements(article: Article, view: ParagraphView, sentence: Sentence, found: readonly Attribution[]): StatementSpan[] {
  const carrying = found.filter((a) => Math.max(a.contentBefore, a.contentAfter) >= MIN_REPORTED_WORDS);
  if (carrying.length === 0) return [];
  const speakers = new Set(carrying.map((a) => a.speaker));
  if (speakers.size === 1) {
    const first = carrying[0];
    return first ? [toStatement(article, view.passage, sentence.start, sentence.end, first.speaker, 'reported')] : [];
  }
  // "Putin said X, while Stoltenberg said Y": cut before each later speaker's clause.
  const statements: StatementSpan[] = [];
  let start = sentence.start;
  carrying.forEach((attribution, index) => {
    const next = carrying[index + 1];
    let end = sentence.end;
    if (next && next.speaker !== attribution.speaker) {
      const cut = view.masked.slice(0, next.clauseStart).search(/[,;][^,;]*$/);
      if (cut > attribution.clauseEnd && cut > start) end = cut;
    }
    if (end < sentence.end || !next || next.speaker !== attribution.speaker) {
      const text = view.passage.text.slice(start, end);
      const trimmedEnd = start + text.replace(/[\s,;]+$/, '').length;
      statements.push(toStatement(article, view.passage, start, trimmedEnd, attribution.speaker, 'reported'));
      if (next) start = next.clauseStart;
    }
  });
  return statements;
}

/**
 * After a sentence, the reader has in mind its speakers, else its grammatical subject: the first
 * name that is neither the object of a preposition nor a possessive ("Responding to Putin’s
 * threats, Jens Stoltenberg …" has Stoltenberg as subject).
 */
function updateDiscourse(view: ParagraphView, sentence: Sentence, found: readonly Attribution[], registry: EntityRegistry, discourse: Discourse): void {
  const runs = view.runs.filter((run) => {
    const first = view.tokens[run.from];
    return first && first.start >= sentence.start && first.start < sentence.end;
  });
  let subject: Entity | null = null;
  for (const run of runs) {
    const entity = registry.find(run);
    if (!entity) continue;
    const previous = view.tokens[run.from - 1];
    const governed = previous !== undefined && previous.start >= sentence.start && PREPOSITIONS.has(previous.lower) &&
      isBlankGap(gapBetween(view.masked, previous, view.tokens[run.from]));
    discourse.noteMention(entity, governed || run.possessive);
    if (!subject && !run.possessive && !governed && (isPerson(entity) || entity.kind === 'organisation')) subject = entity;
  }
  if (subject) discourse.noteSubject(subject);
  for (const attribution of found) discourse.noteSubject(attribution.speaker);
}

/**
 * Who said the words in [start, end) of a paragraph: the speaker of the statement that overlaps
 * them most (the tighter statement on a tie, so a quotation beats the sentence reporting it), or
 * null when no statement covers them.
 */
export function speakerAt(statements: readonly StatementSpan[], passage: Passage, start: number, end: number): string | null {
  let best: StatementSpan | null = null;
  let bestOverlap = 0;
  for (const statement of statements) {
    if (statement.article !== passage.article || statement.paragraph !== passage.paragraph) continue;
    const overlap = Math.min(end, statement.end) - Math.max(start, statement.start);
    const tighter = best !== null && overlap === bestOverlap && statement.end - statement.start < best.end - best.start;
    if (overlap > bestOverlap || (overlap > 0 && tighter)) {
      best = statement;
      bestOverlap = overlap;
    }
  }
  return best?.speaker ?? null;
}

/** Lowercases a name and drops titles and a leading "the", so "President Putin" matches "Putin". */
function normaliseName(name: string): string {
  const words = foldQuotes(name).toLowerCase().replace(/[’']s\b/g, '').split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  while (words.length > 1 && (TITLE_WORDS.has(words[0] ?? '') || words[0] === 'the')) words.shift();
  return words.join(' ');
}

/**
 * True when a user's name for someone ("jens stoltenberg", "Stoltenberg", "President Putin")
 * names the statement's speaker: any form the article uses, or its surname, case-insensitive.
 */
export function matchesSpeaker(statement: Pick<StatementSpan, 'speaker'> & Partial<Pick<StatementSpan, 'names'>>, query: string): boolean {
  const wanted = normaliseName(query);
  if (wanted === '') return false;
  const forms = [statement.speaker, ...(statement.names ?? [])].map(normaliseName);
  return forms.some((form) => form === wanted || form.split(' ').at(-1) === wanted || wanted.split(' ').at(-1) === form);
}

/**
 * `matchesSpeaker` over many statements at once, for `/quote` on a large corpus: every form of
 * every speaker, and its surname, is indexed once, so a query is a few lookups instead of
 * normalising every statement's names again (0.6 s over 216,000 statements at 10,000 articles).
 * The statements a query names come back in the order given.
 */
export function speakerLookup(statements: readonly StatementSpan[]): (query: string) => StatementSpan[] {
  const byForm = new Map<string, StatementSpan[]>();
  const bySurname = new Map<string, StatementSpan[]>();
  const add = (table: Map<string, StatementSpan[]>, key: string, statement: StatementSpan) => {
    const list = table.get(key);
    if (!list) table.set(key, [statement]);
    else if (list.at(-1) !== statement) list.push(statement);
  };
  // The same name normalises the same way everywhere: work each distinct one out once.
  const normalised = new Map<string, string>();
  const normal = (name: string) => {
    let form = normalised.get(name);
    if (form === undefined) {
      form = normaliseName(name);
      normalised.set(name, form);
    }
    return form;
  };
  for (const statement of statements) {
    for (const name of [statement.speaker, ...statement.names]) {
      const form = normal(name);
      add(byForm, form, statement);
      add(bySurname, form.split(' ').at(-1) ?? form, statement);
    }
  }
  return (query) => {
    const wanted = normaliseName(query);
    if (wanted === '') return [];
    // The three ways of `matchesSpeaker`: the same form, its surname, or the query's surname.
    const found = new Set([...(byForm.get(wanted) ?? []), ...(bySurname.get(wanted) ?? []), ...(byForm.get(wanted.split(' ').at(-1) ?? wanted) ?? [])]);
    return statements.filter((statement) => found.has(statement));
  };
}

/**
 * The speakers of a set of statements, most statements first (ties by name). A person called by
 * full name in one article and by surname in another is counted once, under the commoner form.
 */
export function rankSpeakers(statements: readonly Pick<Statement, 'speaker'>[]): string[] {
  const counts = new Map<string, number>();
  for (const { speaker } of statements) counts.set(speaker, (counts.get(speaker) ?? 0) + 1);
  const names = [...counts.keys()];
  const surnameOf = (name: string) => name.split(' ').at(-1) ?? name;
  // Names by surname, in first-seen order: one pass instead of a scan of every name per name.
  const bySurname = new Map<string, string[]>();
  for (const name of names) bySurname.set(surnameOf(name), [...(bySurname.get(surnameOf(name)) ?? []), name]);
  const order = new Map(names.map((name, index) => [name, index]));
  for (const name of names) {
    if (!counts.has(name)) continue;
    const surname = surnameOf(name);
    // The first other name (in first-seen order) that is this one's surname, or has this one as surname.
    const other = [surname, ...(bySurname.get(name) ?? [])]
      .filter((candidate) => candidate !== name && counts.has(candidate))
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0];
    if (!other) continue;
    const [keep, drop] = (counts.get(other) ?? 0) >= (counts.get(name) ?? 0) ? [other, name] : [name, other];
    counts.set(keep, (counts.get(keep) ?? 0) + (counts.get(drop) ?? 0));
    counts.delete(drop);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

/**
 * The content words of a text: lowercased, apostrophes folded, function words dropped, stemmed
 * ("mobilize", "mobilization" → "mobil"). Used to compare topics, statements and sentences.
 */
export function contentTerms(text: string): string[] {
  const words = foldQuotes(text).toLowerCase().match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? [];
  return words
    .map((word) => word.replace(/'s$/, ''))
    .filter((word) => !STOP_WORDS.has(word) && (word.length > 1 || /\d/.test(word)))
    .map((word) => stemmer(word));
}

/**
 * Statements about a topic, best first: those sharing at least one content word (stemmed) with
 * the topic, ranked by how many of the topic's words they carry, then by how much of the
 * statement those words are (a quotation about the topic before a long sentence that touches
 * it), then by article order.
 */
export function statementsAbout<T extends Statement>(statements: readonly T[], topic: string): T[] {
  const wanted = new Set(contentTerms(topic));
  if (wanted.size === 0) return [...statements];
  return statements
    .map((statement, index) => {
      const terms = new Set(contentTerms(statement.text));
      let score = 0;
      for (const term of wanted) if (terms.has(term)) score++;
      return { statement, index, score, density: score / Math.max(1, terms.size) };
    })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || b.density - a.density || a.index - b.index)
    .map(({ statement }) => statement);
}
