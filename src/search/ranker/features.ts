/**
 * What the learned ranker knows about a candidate passage: the engine's own signals (stage-1
 * BM25, the article's match, the best sentence, proximity, answer type), each also relative to
 * the best candidate's so that corpora with different word statistics compare, and evidence the
 * hand weights never saw: how many of the question's words and names the passage and its article
 * use as written, where the passage stands in its article, and its length.
 *
 * Computed for the re-ranked candidates only (a few dozen), from their profiles, which re-ranking
 * has already worked out: cheap next to re-ranking itself.
 */
import type { Passage } from '../../types.ts';
import { escapeRegExp } from '../../text/regexp.ts';
import cues from './cues.json' with { type: 'json' };
import type { RankedPassage } from '../rerank.ts';
import type { PassageProfile } from '../profile.ts';
import type { AnalysedQuestion, AnswerType } from '../query.ts';

/** The features, in the order of a feature row and of the weights file. */
export const FEATURES = [
  'engine',
  'retrieval',
  'article',
  'sentence',
  'proximity',
  'typed',
  'described',
  'retrievalLog',
  'sentenceLog',
  'proximityLog',
  'matched',
  'sentenceMatched',
  'exact',
  'names',
  'articleWords',
  'articleNames',
  'typeDate',
  'typeNumber',
  'typePerson',
  'typePlace',
  'typeOrganisation',
  'typedBest',
  'cueReason',
  'cueWords',
  'lead',
  'position',
  'length',
  'rank',
] as const;

export type FeatureName = (typeof FEATURES)[number];

const column = Object.fromEntries(FEATURES.map((name, j) => [name, j])) as Record<FeatureName, number>;

const TYPE_FEATURE: Record<AnswerType, FeatureName> = {
  date: 'typeDate',
  number: 'typeNumber',
  // An amount asked for: the number feature, so that the trained weights keep their columns.
  money: 'typeNumber',
  person: 'typePerson',
  place: 'typePlace',
  organisation: 'typeOrganisation',
};

/** A kind of question from `cues.json`: the words that ask it, and a test for a passage that answers it. */
interface Cue {
  feature: FeatureName;
  asks: ReadonlySet<string>;
  answers: RegExp;
}


/** An alternation of words and phrases as whole words (a quotation mark stands as it is). */
const anyOf = (items: readonly string[]) =>
  new RegExp(items.map((item) => (/^\p{L}/u.test(item) ? `(?<!\\p{L})${escapeRegExp(item)}(?!\\p{L})` : escapeRegExp(item))).join('|'), 'iu');

const CUES: readonly Cue[] = [
  { feature: 'cueReason', asks: new Set(cues.kinds.reason.asks), answers: anyOf(cues.kinds.reason.answers) },
  { feature: 'cueWords', asks: new Set(cues.kinds.words.asks), answers: anyOf(cues.kinds.words.answers) },
];

/** The cues a question raises, by its words (question words included, which analysis drops). */
function cuesOf(question: AnalysedQuestion): Cue[] {
  const words = new Set(question.text.toLowerCase().split(/[^\p{L}]+/u));
  return CUES.filter((cue) => [...cue.asks].some((word) => words.has(word)));
}

/** What features need from the index beyond the ranked candidates. */
export interface FeatureContext {
  /** The passage's profile (re-ranking has made it already). */
  profile(passage: Passage): PassageProfile | undefined;
  /** How many passages the article has. */
  articleSize(article: string): number;
}

/** `value / best`, 0 when there is no best. */
const relative = (value: number, best: number) => (best > 0 ? value / best : 0);

/** Per candidate: which question words (by index) it uses as written, as a bit set over words. */
function exactMatches(question: AnalysedQuestion, ranked: readonly RankedPassage[], context: FeatureContext): Uint8Array[] {
  const byTerm = new Map<string, number[]>();
  question.words.forEach((word, q) => {
    for (const term of word.terms) byTerm.set(term, [...(byTerm.get(term) ?? []), q]);
  });
  return ranked.map(({ passage }) => {
    const found = new Uint8Array(question.words.length);
    for (const word of context.profile(passage)?.words ?? []) {
      for (const term of word.terms) for (const q of byTerm.get(term) ?? []) found[q] = 1;
    }
    return found;
  });
}

/** Share of the flagged question words that `found` holds (0 when none is flagged). */
function share(found: ArrayLike<number>, flagged: readonly boolean[]): number {
  let total = 0;
  let hits = 0;
  flagged.forEach((flag, q) => {
    if (!flag) return;
    total += 1;
    if (found[q]) hits += 1;
  });
  return total === 0 ? 0 : hits / total;
}

/**
 * One feature row per candidate, in the candidates' order (the engine's ranking), columns in
 * `FEATURES` order.
 */
export function rankFeatures(question: AnalysedQuestion, ranked: readonly RankedPassage[], context: FeatureContext): Float64Array[] {
  const best = { score: 0, retrieval: 0, article: 0, sentence: 0, proximity: 0, described: 0 };
  for (const { score, signals } of ranked) {
    best.score = Math.max(best.score, score);
    best.retrieval = Math.max(best.retrieval, signals.retrieval);
    best.article = Math.max(best.article, signals.article);
    best.sentence = Math.max(best.sentence, signals.sentence);
    best.proximity = Math.max(best.proximity, signals.proximity);
    best.described = Math.max(best.described, signals.described);
  }
  const wordCount = Math.max(1, question.words.length);
  const allWords = question.words.map(() => true);
  const nameWords = new Set(question.names.flat());
  const isName = question.words.map((word) => word.capitalised || nameWords.has(word.lower));
  const exact = exactMatches(question, ranked, context);
  // The words each candidate's article uses, as far as its candidates show.
  const byArticle = new Map<string, Uint8Array>();
  ranked.forEach(({ passage }, i) => {
    const found = byArticle.get(passage.article) ?? new Uint8Array(question.words.length);
    exact[i]?.forEach((flag, q) => {
      if (flag) found[q] = 1;
    });
    byArticle.set(passage.article, found);
  });
  const raised = cuesOf(question);
  const typeColumn = question.answerType ? column[TYPE_FEATURE[question.answerType]] : -1;
  return ranked.map(({ passage, score, matched, sentences, signals }, i) => {
    const row = new Float64Array(FEATURES.length);
    const set = (name: FeatureName, value: number) => {
      row[column[name]] = Number.isFinite(value) ? value : 0;
    };
    set('engine', relative(score, best.score));
    set('retrieval', relative(signals.retrieval, best.retrieval));
    set('article', relative(signals.article, best.article));
    set('sentence', relative(signals.sentence, best.sentence));
    set('proximity', relative(signals.proximity, best.proximity));
    set('typed', relative(signals.typed, best.sentence));
    set('described', relative(signals.described, best.described));
    set('retrievalLog', Math.log1p(Math.max(0, signals.retrieval)));
    set('sentenceLog', Math.log1p(Math.max(0, signals.sentence)));
    set('proximityLog', Math.log1p(Math.max(0, signals.proximity)));
    set('matched', matched / wordCount);
    let bestSentence: (typeof sentences)[number] | undefined;
    let typedCredit = 0;
    for (const sentence of sentences) {
      if (!bestSentence || sentence.score > bestSentence.score) bestSentence = sentence;
      typedCredit = Math.max(typedCredit, sentence.answerType);
    }
    set('sentenceMatched', (bestSentence?.matched ?? 0) / wordCount);
    const found = exact[i] ?? new Uint8Array(0);
    set('exact', share(found, allWords));
    set('names', share(found, isName));
    const articleFound = byArticle.get(passage.article) ?? found;
    set('articleWords', share(articleFound, allWords));
    set('articleNames', share(articleFound, isName));
    if (typeColumn >= 0) {
      row[typeColumn] = typedCredit;
      set('typedBest', bestSentence?.answerType ?? 0);
    }
    for (const cue of raised) set(cue.feature, cue.answers.test(passage.text) ? 1 : 0);
    set('lead', passage.paragraph === 1 ? 1 : 0);
    const size = context.articleSize(passage.article);
    set('position', size > 1 ? (passage.paragraph - 1) / (size - 1) : 0);
    set('length', Math.log1p(context.profile(passage)?.words.length ?? 0));
    set('rank', 1 / (1 + i));
    return row;
  });
}
