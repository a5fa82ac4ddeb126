/**
 * Answering: a question in, an `Answer` out. The question is analysed (content words, names,
 * expected answer type), the passages ranked (`src/search/passage-index.ts`), the evidence that the story
 * covers the question weighed (`src/search/coverage.ts`), and each of the best passages quoted by
 * its best sentence(s), exact words of the article, with the speaker where the words are someone's.
 */
import { createHash } from 'node:crypto';
import { assessCoverage, type Coverage } from '../search/coverage.ts';
import { PassageIndex } from '../search/passage-index.ts';
import type { RankedPassage, ScoredSentence } from '../search/rerank.ts';
import { DEFAULT_TUNABLES, type SearchTunables } from '../search/tunables.ts';
import { decodeIndexSnapshotSteps, encodeIndexSnapshot } from '../cache/passage-index.ts';
import { loadLexiconSteps, type Lexicon } from '../search/lexicon/lexicon.ts';
import { analyseQuestion, type AnalysedQuestion } from '../search/query.ts';
import { escapeRegExp } from '../text/regexp.ts';
import { foldText } from '../text/fold.ts';
import { inputProblem, INPUT_PROBLEM_MESSAGES } from '../text/language.ts';
import { splitWords } from '../text/words.ts';
import { findTopics, isTopicList, type Topic } from '../search/topics.ts';
import { asksForWords, preferSpeaker, speakerMatcher } from './speaker-questions.ts';
import { reactionQuestion } from './question-shapes.ts';
import { DEFAULT_CACHE_DIR, readSnapshot, readSnapshotBytes, snapshotKey, writeSnapshot, writeSnapshotBytes } from '../cache/snapshot.ts';
import { finish, type Steps } from '../cache/steps.ts';
import type { Answer, Article, Passage, Quote } from '../types.ts';

/** Who said what, as quoting needs it: the statements store (`StatementStore`), or a stand-in in tests. */
export interface SpeakerSource {
  /**
   * Who said the words `passage.text.slice(start, end)`, or null when they are nobody's
   * (narration) or nobody can tell.
   */
  speakerAt(passage: Passage, start: number, end: number): string | null;
  /**
   * The people the stories quote, most quoted first, for "what did X say?" and suggestions;
   * absent when attribution is not run (suggestions then guess who speaks from the names).
   */
  speakers?(): readonly string[];
}

/** Quotes carry no speaker: for ablations and tests of ranking alone. */
export const NO_SPEAKERS: SpeakerSource = { speakerAt: () => null };

/** Options for `createAnswerer`. */
export interface AnswererOptions {
  /** Who said what (default: nobody). */
  statements?: SpeakerSource;
  /**
   * Where the WordNet tables for this corpus are cached (default `.cache/` in the repository);
   * null builds them in memory every time.
   */
  cacheDir?: string | null;
  /** A ready lexicon (tests, or a caller that loaded one); skips `cacheDir`. */
  lexicon?: Lexicon;
  /** Ranking knobs; the defaults are the measured best. */
  tunables?: Partial<SearchTunables>;
  /** The corpus's content hash (`snapshotKey`), when the caller has it: saves hashing the corpus again. */
  corpusKey?: string;
  /** Abstain when the story does not cover the question (default true; false for ablations). */
  abstain?: boolean;
}

/** Options for one question. */
export interface AnswerOptions {
  /** Most quotes to return (default 5). */
  limit?: number;
  /** Only passages of this article (an id the corpus has). */
  article?: string;
  /** Passages already shown (a conversation's "more"): never quoted again. */
  exclude?: readonly { article: string; paragraph: number }[];
}

/** Answers questions about a fixed set of articles. */
export interface Answerer {
  /** Answers a question with exact quotes, best first, or says the story does not cover it. */
  ask(question: string, options?: AnswerOptions): Answer;
  /** Questions and topics the stories cover that match what a user has typed so far, best first. */
  suggest(partial: string, limit?: number): string[];
  /**
   * The evidence behind abstaining, in the article that would answer (for the evaluation and for
   * debugging); `probe` reports a missing key noun down to that rarity (fitting its threshold).
   */
  coverage(question: string, probe?: number): Coverage;
  /** The passages ranked for a question, best first (for the evaluation). */
  rank(question: string, options?: AnswerOptions): RankedPassage[];
  /** Whether the index came from a snapshot rather than being built. */
  readonly fromSnapshot: boolean;
}

/** Quotes in an answer unless asked otherwise. */
export const DEFAULT_QUOTE_LIMIT = 5;
/** Passages searched for a speaker's own words when a question asks what they said. */
const SPEAKER_POOL = 20;
/** Most suggestions offered (Discord allows 25 autocomplete choices). */
export const MAX_SUGGESTIONS = 25;
/** Discord's limit on an autocomplete choice's length. */
export const MAX_SUGGESTION_LENGTH = 100;
/** Suggestions given with an answer that abstains. */
const ABSTAIN_SUGGESTIONS = 5;
/** A paragraph this short is quoted whole rather than by sentence. */
export const SHORT_PASSAGE = 300;
/** A best sentence this short is quoted with a neighbour, so it makes sense on its own. */
const SHORT_SENTENCE = 60;
/** A neighbouring sentence joins the quote when it scores at least this share of the best one. */
const NEIGHBOUR_SHARE = 0.6;
/** Passages scoring under this share of the best one are not quoted. */
const MIN_SCORE_SHARE = 0.15;
/** Stories among the best passages tried for one that holds all of a question's evidence. */
const COVERING_ARTICLES = 3;
/** A story tried after the best passage's must have a passage scoring this share of the best one. */
const COVERING_SHARE = 0.5;

/**
 * The question with each word the index corrected put as the word it searched for, capitalised
 * when the stories write it as a name ("stoltenbreg" → "Stoltenberg"); a possessive stays.
 */
function withCorrectionsShown(text: string, corrected: AnalysedQuestion, properWords: ReadonlySet<string>): string {
  let shown = text;
  for (const word of corrected.words) {
    if (word.typed === undefined) continue;
    const meant = properWords.has(word.lower) ? word.lower.charAt(0).toUpperCase() + word.lower.slice(1) : word.lower;
    const typed = word.typed.replace(/['’]s$/u, '');
    shown = shown.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(typed)}(?![\\p{L}\\p{N}])`, 'u'), meant);
  }
  return shown;
}

/** Builds the index for a set of articles (once) and returns an answerer over them. */
export function createAnswerer(articles: readonly Article[], options: AnswererOptions = {}): Answerer {
  return finish(createAnswererSteps(articles, options));
}

/** `createAnswerer` in steps (src/cache/steps.ts): opening the index's snapshots may pause between parts. */
export function* createAnswererSteps(articles: readonly Article[], options: AnswererOptions = {}): Steps<Answerer> {
  const statements = options.statements ?? NO_SPEAKERS;
  const abstain = options.abstain ?? true;
  const { lexicon, index, fromSnapshot, corpusKey } = yield* openIndexSteps(articles, options);
  const articleById = new Map(articles.map((article) => [article.id, article]));
  let topics: PreparedTopics | undefined;
  let findSpeaker: ((question: string) => string | undefined) | undefined;
  // Topics mine the opening paragraphs of every article: seconds at 10,000 articles, so they are
  // a snapshot of their own, made by the first suggestion (or `npm run build`).
  const topicsOnce = (): PreparedTopics => {
    if (topics) return topics;
    const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
    let list = corpusKey === undefined ? undefined : readSnapshot(cacheDir, 'topics', corpusKey, isTopicList);
    if (!list) {
      list = findTopics(articles, index, statements.speakers?.());
      if (corpusKey !== undefined) writeSnapshot(cacheDir, 'topics', corpusKey, list);
    }
    topics = prepareTopics(list);
    return topics;
  };

  const checkArticle = (id: string | undefined) => {
    if (id !== undefined && !articleById.has(id)) throw new Error(`createAnswerer: no article "${id}" in the corpus`);
  };

  const rank = (question: string, askOptions: AnswerOptions = {}): RankedPassage[] => {
    checkArticle(askOptions.article);
    return index.search(analyseQuestion(question), { article: askOptions.article });
  };

  const ask = (question: string, askOptions: AnswerOptions = {}): Answer => {
    checkArticle(askOptions.article);
    const asked = question.trim();
    const limit = Math.max(0, Math.floor(askOptions.limit ?? DEFAULT_QUOTE_LIMIT));
    // "What did NATO say back?" is searched, and shown as understood, as the story puts a reply.
    const text = reactionQuestion(asked) ?? asked;
    const analysed = analyseQuestion(text);
    // Another language, or emoji only: say so, rather than suggest English questions.
    const problem = inputProblem(text);
    if (problem) return { question: asked, understood: asked, answered: false, quotes: [], suggestions: [], refusal: INPUT_PROBLEM_MESSAGES[problem] };
    // A misspelt word is shown as the word searched for, so the member sees what was answered.
    const understood = withCorrectionsShown(text, index.correct(analysed), index.properWords);
    const refuse = (): Answer => ({ question: asked, understood, answered: false, quotes: [], suggestions: suggestionsFor(topicsOnce().topics, ABSTAIN_SUGGESTIONS) });
    // Not even the corpus as a whole covers it: refuse before searching.
    if (abstain && !assessCoverage(analysed, index, lexicon.names).covered) return refuse();
    const shown = new Set((askOptions.exclude ?? []).map(({ article, paragraph }) => `${article}#${paragraph}`));
    let ranked = index.search(analysed, { article: askOptions.article }).filter(({ passage }) => !shown.has(`${passage.article}#${passage.paragraph}`));
    if (!ranked[0] || ranked[0].score <= 0) return refuse();
    if (abstain) {
      // The evidence must all be in the story that answers: a name from one story and a subject
      // from another is covered by neither. When the best passage's story lacks it, the next
      // story among the best passages that holds it all answers, alone.
      const answering = coveringArticle(ranked, (article) => assessCoverage(analysed, index.within(article), lexicon.names).covered);
      if (answering === undefined) return refuse();
      if (answering !== ranked[0].passage.article) ranked = ranked.filter(({ passage }) => passage.article === answering);
    }
    const best = ranked[0];
    if (!best || best.score <= 0) return refuse();
    // "What did X say?": X's own words first, from a wider pool than the quotes shown.
    // The speakers are ranked (and the matcher built) only when a question first asks for words.
    const speaker = asksForWords(text) ? (findSpeaker ??= speakerMatcher(statements.speakers?.() ?? []))(text) : undefined;
    const pool = ranked
      .filter((entry) => entry.score >= best.score * MIN_SCORE_SHARE)
      .slice(0, speaker ? Math.max(limit, SPEAKER_POOL) : limit)
      .map((entry) => quotePassage(entry, analysed, articleById, statements, speaker));
    const quotes = (speaker ? preferSpeaker(pool, speaker) : pool).slice(0, limit);
    return { question: asked, understood, answered: quotes.length > 0, quotes, suggestions: [] };
  };

  const suggest = (partial: string, limit = MAX_SUGGESTIONS): string[] =>
    matchTopics(topicsOnce(), partial, Math.min(MAX_SUGGESTIONS, Math.max(0, Math.floor(limit))));

  const coverage = (question: string, probe?: number): Coverage => {
    const trimmed = question.trim();
    const analysed = analyseQuestion(reactionQuestion(trimmed) ?? trimmed);
    const corpus = assessCoverage(analysed, index, lexicon.names, probe);
    const ranked = corpus.covered ? index.search(analysed) : [];
    const within = (article: string) => assessCoverage(analysed, index.within(article), lexicon.names, probe);
    const answering = coveringArticle(ranked, (article) => within(article).covered) ?? ranked[0]?.passage.article;
    return answering === undefined ? corpus : within(answering);
  };

  return { ask, suggest, coverage, rank, fromSnapshot };
}

/**
 * The first story among the best passages (those scoring at least `COVERING_SHARE` of the best,
 * at most `COVERING_ARTICLES` stories tried) that holds all the evidence for the question.
 */
function coveringArticle(ranked: readonly RankedPassage[], covers: (article: string) => boolean): string | undefined {
  const top = ranked[0]?.score ?? 0;
  const tried = new Set<string>();
  for (const { passage, score } of ranked) {
    if (score < top * COVERING_SHARE || tried.size >= COVERING_ARTICLES) break;
    if (tried.has(passage.article)) continue;
    tried.add(passage.article);
    if (covers(passage.article)) return passage.article;
  }
  return undefined;
}

/**
 * The lexicon and the passage index: from the snapshots in `cacheDir` when they match the corpus,
 * the engine's code and the tunables, else built (and saved). A lexicon passed in (tests) is used
 * as it is, and the index is then built in memory: a snapshot is keyed by the corpus, not by the lexicon.
 */
function* openIndexSteps(articles: readonly Article[], options: AnswererOptions): Steps<{ lexicon: Lexicon; index: PassageIndex; fromSnapshot: boolean; corpusKey?: string }> {
  if (options.lexicon) return { lexicon: options.lexicon, index: new PassageIndex(articles, options.lexicon, options.tunables), fromSnapshot: false };
  const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  const corpusKey = cacheDir === null ? undefined : (options.corpusKey ?? snapshotKey(articles));
  const lexicon = yield* loadLexiconSteps(() => corpusWords(articles), cacheDir, corpusKey);
  if (corpusKey === undefined) return { lexicon, index: new PassageIndex(articles, lexicon, options.tunables), fromSnapshot: false };
  const indexKey = createHash('sha256').update(corpusKey).update(JSON.stringify({ ...DEFAULT_TUNABLES, ...options.tunables })).digest('hex');
  // A damaged file fails its checksum, a file of another layout fails decoding: both are rebuilt.
  const bytes = readSnapshotBytes(cacheDir, 'index', indexKey);
  yield;
  const saved = bytes && (yield* decodeIndexSnapshotSteps(bytes));
  yield;
  if (saved) {
    try {
      return { lexicon, index: new PassageIndex(articles, lexicon, options.tunables, saved), fromSnapshot: true, corpusKey };
    } catch {
      // A sound snapshot that does not fit this corpus (another number of passages): rebuild it.
    }
  }
  const index = new PassageIndex(articles, lexicon, options.tunables);
  writeSnapshotBytes(cacheDir, 'index', indexKey, encodeIndexSnapshot(index.snapshot()));
  return { lexicon, index, fromSnapshot: false, corpusKey };
}

/** Every word of the corpus, lower case, as the lexicon is keyed. */
export function corpusWords(articles: readonly Article[]): Set<string> {
  const words = new Set<string>();
  for (const article of articles) {
    for (const word of splitWords(article.title)) words.add(word.lower);
    for (const passage of article.passages) for (const word of splitWords(passage.text)) words.add(word.lower);
  }
  return words;
}

/**
 * The quote for a ranked passage: the whole paragraph when it is short, else its best sentence
 * (preferring one that holds the kind of entity asked for), with neighbours that score nearly as
 * well or that a very short sentence needs. Always one contiguous stretch of the paragraph.
 */
function quotePassage(entry: RankedPassage, question: AnalysedQuestion, articles: ReadonlyMap<string, Article>, statements: SpeakerSource, speaker?: string): Quote {
  const { passage } = entry;
  const article = articles.get(passage.article);
  let start = 0;
  let end = passage.text.length;
  const sentences = passage.sentences;
  if (passage.text.length > SHORT_PASSAGE && sentences.length > 1) {
    // "What did X say about Y?": of a paragraph that holds X's words, X's sentence that best meets Y.
    const theirs = speaker === undefined ? undefined : sentences.map((sentence) => statements.speakerAt(passage, sentence.start, sentence.end) === speaker);
    const onlyTheirs = theirs?.some(Boolean) ? theirs : undefined;
    const value = (sentence: ScoredSentence | undefined) =>
      (sentence && (!onlyTheirs || onlyTheirs[sentence.index]) ? sentence.score * (1 + (question.answerType ? sentence.answerType : 0)) : 0);
    let bestIndex = 0;
    entry.sentences.forEach((sentence) => {
      if (value(sentence) > value(entry.sentences[bestIndex])) bestIndex = sentence.index;
    });
    const bestValue = value(entry.sentences[bestIndex]);
    let first = bestIndex;
    let last = bestIndex;
    while (first > 0 && bestValue > 0 && value(entry.sentences[first - 1]) >= bestValue * NEIGHBOUR_SHARE) first -= 1;
    while (last < sentences.length - 1 && bestValue > 0 && value(entry.sentences[last + 1]) >= bestValue * NEIGHBOUR_SHARE) last += 1;
    const length = () => (sentences[last]?.end ?? 0) - (sentences[first]?.start ?? 0);
    if (length() < SHORT_SENTENCE) {
      // "He has made a big miscalculation," Stoltenberg said: the sentence before gives it sense.
      if (first > 0) first -= 1;
      else if (last < sentences.length - 1) last += 1;
    }
    start = sentences[first]?.start ?? 0;
    end = sentences[last]?.end ?? passage.text.length;
  }
  return {
    text: passage.text.slice(start, end),
    speaker: statements.speakerAt(passage, start, end),
    article: passage.article,
    title: article?.title ?? '',
    paragraph: passage.paragraph,
    score: Math.round(entry.score * 1000) / 1000,
  };
}

/** The most prominent topics as suggestions: questions first, then names and headlines. */
function suggestionsFor(topics: readonly Topic[], limit: number): string[] {
  const questions = topics.filter((topic) => topic.kind === 'question');
  const others = topics.filter((topic) => topic.kind === 'title' || topic.kind === 'name');
  return [...questions.slice(0, 3), ...others].slice(0, limit).map((topic) => topic.text);
}

/** Folds text for matching what a user typed against a topic. */
function foldForMatch(text: string): string {
  return foldText(text).toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ').trim();
}

/** Topics with their folded text and words, worked out once: autocomplete matches them on every key. */
export interface PreparedTopics {
  topics: readonly Topic[];
  folded: readonly { text: string; words: string[] }[];
}

/** Folds every topic once for `matchTopics`. */
export function prepareTopics(topics: readonly Topic[]): PreparedTopics {
  return {
    topics,
    folded: topics.map((topic) => {
      const text = foldForMatch(topic.text);
      return { text, words: text.split(/[^\p{L}\p{N}]+/u) };
    }),
  };
}

/**
 * Topics matching a partial entry, best first: those starting with it, then those with a word
 * starting with each of its words, by prominence. An empty entry gets the most prominent topics.
 */
export function matchTopics(prepared: PreparedTopics | readonly Topic[], partial: string, limit: number): string[] {
  const { topics, folded } = 'folded' in prepared ? prepared : prepareTopics(prepared);
  const typed = foldForMatch(partial);
  const cut = (text: string) => (text.length > MAX_SUGGESTION_LENGTH ? `${text.slice(0, MAX_SUGGESTION_LENGTH - 1)}…` : text);
  if (typed === '') return topics.slice(0, limit).map((topic) => cut(topic.text));
  const typedWords = typed.split(' ').filter((word) => word !== '');
  const scored: { topic: Topic; rank: number }[] = [];
  topics.forEach((topic, at) => {
    const { text, words } = folded[at] ?? { text: '', words: [] };
    let rank: number;
    if (text.startsWith(typed)) rank = 0;
    else if (typedWords.every((typedWord) => words.some((word) => word.startsWith(typedWord)))) rank = 1;
    else if (text.includes(typed)) rank = 2;
    else return;
    scored.push({ topic, rank });
  });
  return scored
    .sort((a, b) => a.rank - b.rank || b.topic.weight - a.topic.weight)
    .slice(0, limit)
    .map(({ topic }) => cut(topic.text));
}
