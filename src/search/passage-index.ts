/**
 * The index over a corpus's passages, and search in two stages.
 *
 * 1. Retrieve: every paragraph is indexed by MiniSearch (its text, and its article's title as a
 *    second field), and the index frozen into typed arrays after the build (`postings/`). A
 *    question word scores once per passage, through its best-matching form (the word itself, or
 *    a WordNet expansion weighted below it, see `lexicon/word-forms.ts`), and passages matching
 *    more of the question's words are rewarded.
 * 2. Re-rank the best candidates on finer evidence (`rerank.ts`): the best single sentence,
 *    question words found close together, and a sentence holding an entity of the kind the
 *    question asks for that the question does not already name.
 *
 * Across both: a title the story gives someone ("Jens Stoltenberg, NATO's secretary general")
 * matches the passages that use the name, weighted as telling as the name itself, and a
 * multi-word term ("secretary general") counts once when rewarding passages for matching many
 * words (`question-reading.ts`).
 */
import type { Article, Passage } from '../types.ts';
import { findAliases, type Alias } from './aliases.ts';
import type { CoverageSource } from './coverage.ts';
import { ArticleScopes } from './article-scope.ts';
import { findProperWords, type EntityContext } from './entities.ts';
import type { Lexicon } from './lexicon/lexicon.ts';
import { corpusSpelling, type SpellingCorrector } from './lexicon/spelling.ts';
import { WordForms, type Presence, type WordForm } from './lexicon/word-forms.ts';
import { ArticleScorer } from './postings/article-scorer.ts';
import { buildPostings } from './postings/build.ts';
import { CandidateTally, type Candidate } from './postings/candidate-tally.ts';
import type { CompactPostings } from './postings/compact-postings.ts';
import { TermScorer, type PassageRange } from './postings/term-scorer.ts';
import { profilePassage, type PassageProfile } from './profile.ts';
import type { AnalysedQuestion, QueryWord } from './query.ts';
import { QuestionReader, type QuestionReading } from './question-reading.ts';
import type { FeatureContext } from './ranker/features.ts';
import { learnedOrder } from './ranker/weights.ts';
import { rerankPassage, termLookups, type RankedPassage, type TitledForm } from './rerank.ts';
import { broaderFrequencies, RangeStatistics } from './statistics.ts';
import { DEFAULT_TUNABLES, type SearchTunables } from './tunables.ts';
import { stem, wordTerms } from '../text/stem.ts';
import { splitWords, type Word } from '../text/words.ts';

/** Cap on passage profiles kept in memory (a large corpus profiles only what questions touch). */
const PROFILE_CACHE_SIZE = 20_000;

/**
 * A built index as a later start takes it up: the frozen postings, and what the index derives
 * from the corpus. `src/cache/passage-index.ts` writes it to disk and reads it back.
 */
export interface IndexSnapshot {
  /** Passages indexed (a check that the snapshot fits the corpus). */
  passages: number;
  /** The inverted index; its term list is the vocabulary. */
  postings: CompactPostings;
  words: readonly string[];
  averageSentenceLength: number;
  properWords: readonly string[];
  hypernyms: readonly string[];
  broaderFrequency: readonly (readonly [string, number])[];
  /** Titles given to named people, each with the article (its place in the corpus) that gives it. */
  aliases: readonly (readonly [number, Alias])[];
  phrases: readonly string[];
}

/** Options for one search. */
export interface SearchOptions {
  /** Only passages of this article. */
  article?: string;
}

/** What the corpus yields at build time, beyond the postings. */
interface Derived {
  words: ReadonlySet<string>;
  properWords: ReadonlySet<string>;
  hypernyms: ReadonlySet<string>;
  averageSentenceLength: number;
  broaderFrequency: ReadonlyMap<string, number>;
  aliases: readonly (readonly [number, Alias])[];
  phrases?: readonly string[];
}

/** What building the postings collects on the way. */
interface Built {
  postings: CompactPostings;
  /** Every word of the corpus, lower case. */
  words: Set<string>;
  /** Passages per corpus word. */
  wordFrequency: Map<string, number>;
  averageSentenceLength: number;
}

/** The index over a corpus's passages. Build once; search many times. */
export class PassageIndex {
  /** Every index term of the corpus (stems): the postings' term list. */
  readonly vocabulary: Pick<ReadonlySet<string>, 'has'>;
  /** Every word of the corpus, lower case, as written. */
  readonly words: ReadonlySet<string>;
  /** Words the corpus writes with a capital inside sentences: its proper names. */
  readonly properWords: ReadonlySet<string>;
  readonly passages: readonly Passage[];
  readonly tunables: SearchTunables;
  /** The inverted index, frozen from MiniSearch's after the build (or read from a snapshot). */
  readonly #postings: CompactPostings;
  /** Stage 1's term scores, read from `#postings`. */
  readonly #scorer: TermScorer;
  /** Stage 1's per-passage sums, reused by every search. */
  readonly #tally: CandidateTally;
  /** Stage 1's per-article scores; undefined for a corpus of one article, or when switched off. */
  readonly #articles: ArticleScorer | undefined;
  /** Each article's passages: consecutive ids, first and one past the last. */
  readonly #articleRanges = new Map<string, PassageRange>();
  /** The same ranges by the article's place in the corpus, and each article id's place. */
  readonly #ranges: PassageRange[] = [];
  readonly #articleIndex = new Map<string, number>();
  readonly #entityContext: EntityContext & Pick<Lexicon, 'broader' | 'definitions'>;
  /** Stems of every broader word (hypernym) of a corpus word, kept for the snapshot. */
  readonly #hypernyms: ReadonlySet<string>;
  readonly #profiles = new Map<number, PassageProfile>();
  readonly #forms: WordForms;
  readonly #spelling: SpellingCorrector;
  readonly #reader: QuestionReader;
  /** Re-ranking's statistics over the corpus, and over articles searched alone. */
  readonly #statistics: RangeStatistics;
  /** What each article uses, for judging whether it covers a question. */
  readonly #scopes: ArticleScopes;

  /**
   * Indexes the articles' passages, or, given `saved` (from `snapshot()` of an index over the
   * same articles, lexicon and tunables), takes the index and what is derived from it from there.
   */
  constructor(articles: readonly Article[], lexicon: Lexicon, tunables: Partial<SearchTunables> = {}, saved?: IndexSnapshot) {
    this.tunables = { ...DEFAULT_TUNABLES, ...tunables };
    this.passages = articles.flatMap((article) => article.passages);
    const { bm25, titleBoost } = this.tunables;
    let first = 0;
    articles.forEach((article, a) => {
      const range: PassageRange = [first, first + article.passages.length];
      this.#articleRanges.set(article.id, range);
      this.#ranges.push(range);
      this.#articleIndex.set(article.id, a);
      first += article.passages.length;
    });
    if (saved && (saved.passages !== this.passages.length || saved.postings.passages !== this.passages.length)) {
      throw new Error(`PassageIndex: snapshot of ${saved.passages} passages (postings for ${saved.postings.passages}) for a corpus of ${this.passages.length}`);
    }
    const built = saved ? undefined : this.#build(articles);
    this.#postings = built ? built.postings : (saved as IndexSnapshot).postings;
    // A title boost of 0 leaves the title unsearched, as when MiniSearch searched (it reads a boost of 0 as 1).
    const fields = titleBoost > 0 ? [{ name: 'text', boost: 1 }, { name: 'title', boost: titleBoost }] : [{ name: 'text', boost: 1 }];
    this.#scorer = new TermScorer(this.#postings, fields, 'text', bm25);
    this.#tally = new CandidateTally(this.passages.length);
    this.#articles = articles.length > 1 && this.tunables.articleWeight > 0 ? this.#articleScorer(articles) : undefined;
    this.vocabulary = this.#postings;
    const derived = saved ? fromSnapshot(saved) : this.#derive(articles, lexicon, built as Built);
    this.words = derived.words;
    this.properWords = derived.properWords;
    this.#hypernyms = derived.hypernyms;
    this.#entityContext = { names: lexicon.names, properWords: this.properWords, broader: lexicon.broader, definitions: lexicon.definitions };
    const corpus = { passages: this.passages.length, averageSentenceLength: derived.averageSentenceLength, broaderFrequency: derived.broaderFrequency };
    this.#statistics = new RangeStatistics(this.passages, lexicon, corpus);
    this.#scopes = new ArticleScopes(this.#postings, this.passages, lexicon.broader);
    this.#spelling = this.#spellingCorrector(lexicon);
    this.#forms = new WordForms(this.vocabulary, lexicon, this.#spelling, this.#hypernyms, this.tunables);
    this.#reader = new QuestionReader(this.words, this.vocabulary, lexicon, this.tunables, derived.aliases, derived.phrases);
  }

  /**
   * Builds the MiniSearch index a part at a time and freezes it into compact postings (each
   * part's MiniSearch instance is garbage once frozen), collecting the corpus's words and their
   * passage counts on the way.
   */
  #build(articles: readonly Article[]): Built {
    const titles = new Map(articles.map((article) => [article.id, article.title]));
    const words = new Set<string>();
    let contentWords = 0;
    // Passages per corpus word, to estimate how many passages each broader term reaches.
    const wordFrequency = new Map<string, number>();
    // Every passage carries its article's title: analyse each title once.
    const titleTermLists = new Map<string, string[]>();
    const tokenize = (text: string, field?: string): string[] => {
      const cached = field === 'title' ? titleTermLists.get(text) : undefined;
      if (cached) return cached;
      const terms: string[] = [];
      const seen = field === 'text' ? new Set<string>() : undefined;
      for (const word of splitWords(text)) {
        words.add(word.lower);
        const wordTermList = wordTerms(word);
        if (wordTermList.length === 0) continue;
        for (const term of wordTermList) terms.push(term);
        if (!seen) continue;
        contentWords += 1;
        seen.add(word.lower);
      }
      for (const word of seen ?? []) wordFrequency.set(word, (wordFrequency.get(word) ?? 0) + 1);
      if (field === 'title') titleTermLists.set(text, terms);
      return terms;
    };
    const documents = this.passages.map((passage) => ({ text: passage.text, title: titles.get(passage.article) ?? '' }));
    // Terms come from `tokenize` ready-made; searches score from the frozen postings, not MiniSearch.
    const postings = buildPostings(documents, { fields: ['text', 'title'], tokenize, processTerm: (term) => term });
    const sentenceCount = this.passages.reduce((sum, passage) => sum + passage.sentences.length, 0);
    const averageSentenceLength = Math.max(1, contentWords / Math.max(1, sentenceCount));
    return { postings, words, wordFrequency, averageSentenceLength };
  }

  /** What the build derives from the corpus beyond the postings: proper names, broader terms, titles. */
  #derive(articles: readonly Article[], lexicon: Lexicon, built: Built): Derived {
    const properWords = findProperWords(this.passages.map((passage) => passage.text));
    const hypernyms = new Set<string>();
    for (const word of built.words) for (const broader of lexicon.broader[word] ?? []) hypernyms.add(stem(broader));
    const isPersonNoun = (lower: string) => (lexicon.ancestors[lower] ?? []).includes('person');
    const isProperName = (word: Word) => word.acronym || (/^\p{Lu}/u.test(word.surface) && properWords.has(word.lower));
    // Article by article: a title names one person within a story, and different people across stories.
    const aliases = articles.flatMap((article, a) =>
      [...findAliases(article.passages.map((passage) => passage.text), isPersonNoun, isProperName).values()].map((alias) => [a, alias] as const),
    );
    return {
      words: built.words,
      properWords,
      hypernyms,
      averageSentenceLength: built.averageSentenceLength,
      broaderFrequency: broaderFrequencies(built.wordFrequency, lexicon, this.passages.length),
      aliases,
    };
  }

  /** Question words corrected towards this corpus's dictionary words and names (`lexicon/spelling.ts`). */
  #spellingCorrector(lexicon: Lexicon): SpellingCorrector {
    return corpusSpelling({
      words: this.words,
      properWords: this.properWords,
      lexicon,
      passagesUsing: (lower) => this.#postings.postings(stem(lower), 'text')?.ids.length ?? 0,
    });
  }

  /**
   * The question with each word the corpus does not know put as the word it is probably a
   * misspelling of ("stoltenbreg" → "stoltenberg"), keeping what was typed (`typed`), so that
   * titles, multi-word terms and expansions read the word meant.
   */
  correct(question: AnalysedQuestion): AnalysedQuestion {
    return this.#spelling.correctQuestion(question, (term) => this.vocabulary.has(term));
  }

  /** What a later start needs to take this index up without building it (see the constructor). */
  snapshot(): IndexSnapshot {
    const { corpus } = this.#statistics;
    return {
      passages: this.passages.length,
      postings: this.#postings,
      words: [...this.words],
      averageSentenceLength: corpus.averageSentenceLength,
      properWords: [...this.properWords],
      hypernyms: [...this.#hypernyms],
      broaderFrequency: [...corpus.broaderFrequency],
      aliases: this.#reader.aliases(),
      phrases: [...this.#reader.phrases],
    };
  }

  /** Stems of corpus words that are a kind or instance of a type lemma (lower case, spaces between words). */
  instancesOf(type: string): ReadonlySet<string> {
    return this.#reader.instancesOf(type);
  }

  /** What `search` reads from a question beyond its words (titles, multi-word terms, the type asked for). */
  readQuestion(question: AnalysedQuestion): QuestionReading {
    return this.#reader.read(question);
  }

  /** The ways a question word can match: its own terms at full weight, then its expansions. */
  formsOf(word: QueryWord): WordForm[] {
    return this.#forms.of(word);
  }

  /** How the corpus uses a question word (see `WordForms.presence`). */
  presence(word: QueryWord): Presence {
    return this.#forms.presence(word);
  }

  /**
   * How one article uses question words (`presence` and `words` as the corpus's, but counting
   * only what that article says); the whole corpus for an id it lacks.
   */
  within(article: string): CoverageSource {
    const range = this.#articleRanges.get(article);
    if (!range) return this;
    const scope = this.#scopes.of(range);
    return {
      presence: (word) => this.#forms.presence(word, scope),
      words: { has: (lower) => this.words.has(lower) && scope.has(stem(lower)) },
    };
  }

  /**
   * How the paragraphs around one passage use question words: the passage and up to `radius`
   * paragraphs either side, within its article (the whole corpus for a passage it lacks).
   */
  around(passage: Pick<Passage, 'article' | 'paragraph'>, radius: number): CoverageSource {
    const range = this.#articleRanges.get(passage.article);
    if (!range) return this;
    const at = range[0] + passage.paragraph - 1;
    const scope = this.#scopes.of([Math.max(range[0], at - radius), Math.min(range[1], at + radius + 1)]);
    return {
      presence: (word) => this.#forms.presence(word, scope),
      words: { has: (lower) => this.words.has(lower) && scope.has(stem(lower)) },
    };
  }

  /** The passages of an article (none for an id the corpus lacks), or undefined for all. */
  #articleRange(article: string | undefined): PassageRange | undefined {
    if (article === undefined) return undefined;
    return this.#articleRanges.get(article) ?? [0, 0];
  }

  /** Per-article scoring over this corpus: each passage's article, and each article's text length. */
  #articleScorer(articles: readonly Article[]): ArticleScorer {
    const articleOf = new Int32Array(this.passages.length);
    const lengths = new Float64Array(articles.length);
    let id = 0;
    articles.forEach((article, a) => {
      for (let p = 0; p < article.passages.length; p += 1, id += 1) {
        articleOf[id] = a;
        lengths[a] = (lengths[a] ?? 0) + this.#postings.fieldLength('text', id);
      }
    });
    return new ArticleScorer(articleOf, lengths, this.tunables.bm25);
  }

  /** The passage's profile, worked out on first use. */
  profile(id: number): PassageProfile | undefined {
    const cached = this.#profiles.get(id);
    if (cached) return cached;
    const passage = this.passages[id];
    if (!passage) return undefined;
    if (this.#profiles.size >= PROFILE_CACHE_SIZE) this.#profiles.clear();
    const profile = profilePassage(passage, this.#entityContext);
    this.#profiles.set(id, profile);
    return profile;
  }

  /** What the learned ranker's features read beyond the candidates: profiles, article sizes. */
  readonly featureContext: FeatureContext = {
    profile: (passage) => {
      const range = this.#articleRanges.get(passage.article);
      const id = range ? range[0] + passage.paragraph - 1 : -1;
      return this.passages[id] === passage ? this.profile(id) : undefined;
    },
    articleSize: (article) => {
      const range = this.#articleRanges.get(article);
      return range ? range[1] - range[0] : 0;
    },
  };

  /** Ranks the passages for an analysed question, best first: the re-ranked candidates only. */
  search(typed: AnalysedQuestion, options: SearchOptions = {}): RankedPassage[] {
    const question = this.correct(typed);
    // Within one story, words are weighed by how they tell its paragraphs apart, as if it were
    // alone: its answers do not change when other stories join the corpus.
    const range = this.#articleRange(options.article);
    const idf = new Map<string, number>();
    const idfOf = (term: string): number => {
      let value = idf.get(term);
      if (value === undefined) {
        value = this.#scorer.idf(term, range);
        idf.set(term, value);
      }
      return value;
    };
    const reading = this.#reader.read(question);
    const { wordForms, titledByWord } = this.#weighForms(question, reading, idfOf);
    const { candidates, bonus } = this.#retrieve(question, reading, wordForms, titledByWord, range, idfOf);
    // Stage 2: sentences, proximity and answer type, for the candidates only.
    const lookups = termLookups(question, wordForms, idf, reading, titledByWord, this.#statistics.of(range));
    const asked = { question, wordForms, reading, lookups };
    const ranked = candidates.map(({ id, score, matched }) => {
      const passage = this.passages[id] as Passage;
      const article = this.#articleIndex.get(passage.article) ?? -1;
      const articleScore = bonus ? bonus(id) : 0;
      return rerankPassage({ passage, profile: this.profile(id) as PassageProfile, article, retrievalScore: score, articleScore, matched }, asked, this.tunables);
    });
    ranked.sort((a, b) => b.score - a.score || a.passage.paragraph - b.passage.paragraph);
    return this.tunables.learned ? learnedOrder(question, ranked, this.featureContext) : ranked;
  }

  /**
   * Each question word's forms with their weights for this question: the type word discounted,
   * instances of the type asked for added, and a title's words as telling as the name they stand for.
   */
  #weighForms(question: AnalysedQuestion, reading: QuestionReading, idfOf: (term: string) => number): { wordForms: WordForm[][]; titledByWord: TitledForm[][] } {
    const focus = new Set(question.focus);
    const wordForms = question.words.map((word, q) => {
      const forms = this.formsOf(word);
      // A corrected word counts a little less than one typed right: the correction may be wrong.
      const factor = (focus.has(word.lower) ? this.tunables.focusWeight : 1) * (word.typed === undefined ? 1 : this.tunables.fuzzyWeight);
      const weighted = factor === 1 ? forms : forms.map((form) => ({ term: form.term, weight: form.weight * factor }));
      // An instance of the type asked for is the answer: it is not discounted like the type word.
      for (const [term, weight] of reading.extra[q] ?? []) {
        const own = weighted.find((form) => form.term === term);
        if (!own) weighted.push({ term, weight });
        else if (own.weight < weight) own.weight = weight;
      }
      return weighted;
    });
    // A title's words match the name in the article that gives it. And a title is as telling as
    // the name it stands for: "secretary general" is rare in a story that calls him "Stoltenberg"
    // everywhere else, but it speaks of the same much-mentioned person.
    const titledByWord: TitledForm[][] = question.words.map(() => []);
    const nameIdfByWord = new Map<number, number>();
    for (const { article, words, name } of reading.titled) {
      const nameIdf = Math.min(...name.map(idfOf));
      if (!Number.isFinite(nameIdf)) continue;
      for (const q of words) {
        nameIdfByWord.set(q, Math.min(nameIdfByWord.get(q) ?? Infinity, nameIdf));
        for (const term of name) titledByWord[q]?.push({ article, term, weight: this.tunables.aliasWeight * Math.min(1, nameIdf / idfOf(term)) });
      }
    }
    for (const [q, nameIdf] of nameIdfByWord) {
      for (const form of wordForms[q] ?? []) {
        const own = idfOf(form.term);
        if (own > nameIdf) form.weight *= nameIdf / own;
      }
    }
    return { wordForms, titledByWord };
  }

  /**
   * Stage 1: each question word scores once per passage, through its best form; a multi-word
   * term counts once towards the number of words matched. Across articles, each passage also
   * gets its article's score for the question (`bonus`, by passage id).
   */
  #retrieve(
    question: AnalysedQuestion,
    reading: QuestionReading,
    wordForms: readonly WordForm[][],
    titledByWord: readonly TitledForm[][],
    range: PassageRange | undefined,
    idfOf: (term: string) => number,
  ): { candidates: Candidate[]; bonus: ((id: number) => number) | undefined } {
    const { coordination, rerankDepth } = this.tunables;
    const tally = this.#tally.start();
    const articles = range === undefined ? this.#articles?.start() : undefined;
    question.words.forEach((_, q) => {
      const unit = reading.unit[q] ?? q;
      for (const { term, weight } of wordForms[q] ?? []) {
        idfOf(term);
        this.#scorer.score(term, range, (id, score) => tally.offer(id, weight * score), range);
        const postings = articles && this.#postings.postings(term, 'text');
        if (postings) articles?.offer(postings, weight);
      }
      for (const { article, term, weight } of titledByWord[q] ?? []) {
        const span = overlap(this.#ranges[article], range);
        if (span) this.#scorer.score(term, span, (id, score) => tally.offer(id, weight * score), range);
      }
      tally.endWord(unit);
      articles?.endWord(unit);
    });
    let bonus: ((id: number) => number) | undefined;
    if (articles) {
      const scores = articles.finish(coordination);
      const { articleWeight } = this.tunables;
      bonus = (id) => articleWeight * (scores[articles.articleOf(id)] ?? 0);
    }
    return { candidates: tally.best(rerankDepth, coordination, bonus), bonus };
  }
}

/** What a snapshot holds of the derived data, as the constructor takes it. */
function fromSnapshot(saved: IndexSnapshot): Derived {
  return {
    words: new Set(saved.words),
    properWords: new Set(saved.properWords),
    hypernyms: new Set(saved.hypernyms),
    averageSentenceLength: saved.averageSentenceLength,
    broaderFrequency: new Map(saved.broaderFrequency),
    aliases: saved.aliases,
    phrases: saved.phrases,
  };
}

/** The passages two ranges share (all of `range` when `within` is undefined), or undefined when none. */
function overlap(range: PassageRange | undefined, within: PassageRange | undefined): PassageRange | undefined {
  if (!range) return undefined;
  const first = Math.max(range[0], within?.[0] ?? 0);
  const end = Math.min(range[1], within?.[1] ?? Infinity);
  return first < end ? [first, end] : undefined;
}
